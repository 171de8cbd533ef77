import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { z } from 'zod';
import { PlaybookDataError } from '../errors.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { checkQuestions } from './check-questions.js';
import { checkPosture } from './check-posture.js';
import { PostureFile } from './posture-schema.js';
import { RULE_METADATA } from '../core/classify/rules/metadata.js';
import { AttackFile, AwsRegistriesFile, BestPracticesFile, ConfigRulesFile, ContainmentFile, QuestionsFile, RulesFile, ScenariosFile, ScpsFile, SignalsFile, SourcesFile } from './schema.js';

export const PLAYBOOK_DIR = fileURLToPath(new URL('playbook/', PACKAGE_ROOT));

/**
 * The detective rules' data, gathered from their folders (src/core/classify/rules/<id>/meta.ts, next to each
 * rule's code) in the shape RulesFile validates. A folder whose name is not its metadata's id fails here.
 */
function ruleMetadata(): unknown {
  const rules = Object.entries(RULE_METADATA).map(([folder, meta]) => {
    const id = (meta as { id?: unknown }).id;
    if (id !== folder) throw new PlaybookDataError(`rules/${folder}/meta.ts`, `id '${String(id)}' differs from its folder name '${folder}'`);
    return meta;
  });
  return { rules };
}

/** The registry of playbook files: one entry per file, each with its part of the schema (rules come from their folders). */
const FILES = {
  sources: { file: 'sources.json', schema: SourcesFile },
  scenarios: { file: 'scenarios.json', schema: ScenariosFile },
  rules: { file: 'rules/<id>/meta.ts', schema: RulesFile, read: ruleMetadata },
  bestPractices: { file: 'best-practices.json', schema: BestPracticesFile },
  scps: { file: 'scps.json', schema: ScpsFile },
  configRules: { file: 'config-rules.json', schema: ConfigRulesFile },
  containment: { file: 'containment.json', schema: ContainmentFile },
  questions: { file: 'questions.json', schema: QuestionsFile },
  posture: { file: 'posture.json', schema: PostureFile },
  signals: { file: 'signals.json', schema: SignalsFile },
  awsRegistries: { file: 'aws-registries.json', schema: AwsRegistriesFile },
  attack: { file: 'attack.json', schema: AttackFile },
} as const;

type Files = typeof FILES;
export type Playbook = { [K in keyof Files]: z.infer<Files[K]['schema']> };

/** The schema one playbook file is validated against (also the schema of `sm-ir playbook <section> --output json`). */
export function playbookFileSchema<K extends keyof Files>(key: K): Files[K]['schema'] {
  return FILES[key].schema;
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  return `${path}: ${issue.message}`;
}

/**
 * Each schema checks its file once a run: zod's compiled fast path (built with `new Function` on first
 * use) costs more to build than it saves, so it is skipped (30 of 65 ms on every command's start).
 */
const ONCE = { jitless: true } as const;

/** Read and validate one playbook file; errors name the file and the field. */
export function loadPlaybookFile<K extends keyof Files>(key: K, dir = PLAYBOOK_DIR): Playbook[K] {
  const entry: { file: string; schema: z.ZodType; read?: () => unknown } = FILES[key];
  const { file, schema } = entry;
  if (entry.read) {
    const parsed = schema.safeParse(entry.read(), ONCE);
    if (!parsed.success) throw new PlaybookDataError(file, parsed.error.issues.map(formatIssue).join('; '));
    return parsed.data as Playbook[K];
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (e) {
    throw new PlaybookDataError(file, e instanceof Error ? e.message : String(e));
  }
  const parsed = schema.safeParse(raw, ONCE);
  if (!parsed.success) throw new PlaybookDataError(file, parsed.error.issues.map(formatIssue).join('; '));
  return parsed.data as Playbook[K];
}

/** Cross-file checks: ids unique, every event name belongs to a known source, references resolve. */
export function crossCheck(pb: Playbook): void {
  const unique = (file: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const i of ids) {
      if (seen.has(i)) throw new PlaybookDataError(file, `duplicate id '${i}'`);
      seen.add(i);
    }
  };
  unique('scenarios.json', pb.scenarios.scenarios.map((s) => s.id));
  unique('rules/<id>/meta.ts', pb.rules.rules.map((r) => r.id));
  unique('sources.json', pb.sources.sources.map((s) => s.source));
  unique('best-practices.json', pb.bestPractices.groups.flatMap((g) => g.practices.map((p) => p.id)));

  const ops = new Map(pb.sources.sources.map((s) => [s.source, new Set(s.operations)]));
  for (const sc of pb.scenarios.scenarios) {
    for (const ev of sc.events) {
      const known = ops.get(ev.source);
      if (!known) throw new PlaybookDataError('scenarios.json', `${sc.id}: unknown event source ${ev.source}`);
      if (ev.exists && !known.has(ev.name)) {
        throw new PlaybookDataError('scenarios.json', `${sc.id}: ${ev.name} is not an operation of ${ev.source} in sources.json`);
      }
      if (!ev.exists && !ev.realOperations?.length) {
        throw new PlaybookDataError('scenarios.json', `${sc.id}: ${ev.name} is marked non-existent but names no real operations`);
      }
      for (const real of ev.realOperations ?? []) {
        if (!known.has(real)) throw new PlaybookDataError('scenarios.json', `${sc.id}: ${real} is not an operation of ${ev.source}`);
      }
    }
  }
  const sids = new Set(pb.scps.statements.map((s) => s.sid));
  const { hardening, weakening } = pb.signals.request;
  for (const c of [...hardening.flatMap((h) => h.checks), ...weakening]) {
    if (!sids.has(c.scp)) throw new PlaybookDataError('signals.json', `${c.id}: unknown SCP statement '${c.scp}'`);
  }
  for (const e of [...hardening, ...weakening]) {
    if (!ops.get('sagemaker.amazonaws.com')?.has(e.event)) throw new PlaybookDataError('signals.json', `${e.event} is not a SageMaker operation in sources.json`);
  }
  for (const [technique, t] of Object.entries(pb.attack.techniques)) {
    for (const tactic of t.tactics) if (!pb.attack.tactics[tactic]) throw new PlaybookDataError('attack.json', `${technique}: unknown tactic ${tactic}`);
  }
  const named = [...pb.scenarios.scenarios.map((s) => ({ file: 'scenarios.json', mitre: s.mitre })), ...pb.rules.rules.map((r) => ({ file: `rules/${r.id}/meta.ts`, mitre: r.mitre }))];
  for (const { file, mitre } of named) {
    for (const technique of mitre) if (!pb.attack.techniques[technique]) throw new PlaybookDataError(file, `ATT&CK technique ${technique} is not in attack.json (add it with its tactics)`);
  }
  const scenarioIds = new Set(pb.scenarios.scenarios.map((s) => s.id));
  for (const r of pb.rules.rules) {
    for (const s of r.scenarios) {
      if (!scenarioIds.has(s)) throw new PlaybookDataError(`rules/${r.id}/meta.ts`, `unknown scenario '${s}'`);
    }
  }
}

let cached: Playbook | undefined;

/** The whole playbook, validated once per process. */
export function loadPlaybook(dir = PLAYBOOK_DIR): Playbook {
  if (cached && dir === PLAYBOOK_DIR) return cached;
  const pb = Object.fromEntries(Object.keys(FILES).map((k) => [k, loadPlaybookFile(k as keyof Files, dir)])) as Playbook;
  crossCheck(pb);
  checkQuestions(pb);
  checkPosture(pb);
  if (dir === PLAYBOOK_DIR) cached = pb;
  return pb;
}
