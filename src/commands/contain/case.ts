import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SmIrError, UsageError } from '../../errors.js';
import type { CaseDir } from '../case-dir.js';
import { checkDeclaredCalls } from '../../core/contain/declared.js';
import type { ContainmentData } from '../../playbook/schema.js';
import type { EvidenceItem } from '../../core/contain/gather.js';
import type { Plan } from '../../core/contain/model.js';
import {
  CONTAIN_MANIFEST_SCHEMA_ID,
  CONTAIN_PLAN_SCHEMA_ID,
  ContainPlanDocumentSchema,
  ManifestSchema,
  type CallerIdentity,
  type Manifest,
} from '../../core/contain/documents.js';

/** Default case directory: ./sm-ir-case-<UTC timestamp>. */
export function defaultCaseDir(now: Date): string {
  return `sm-ir-case-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A JSON file of the case directory, checked against its schema; a damaged one is an error that names it. */
function readCaseFile<T>(dir: CaseDir, rel: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T {
  const path = dir.file(rel);
  let raw: unknown;
  const text = dir.read(rel).toString('utf8');
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SmIrError(`${path} is not readable JSON: ${e instanceof Error ? e.message : String(e)}`, { hint: 'use another --case directory, or restore the file' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new SmIrError(`${path} is not a file sm-ir wrote (it does not match its schema)`, { hint: 'use another --case directory, or restore the file' });
  return parsed.data;
}

/**
 * The plan saved by an earlier run in this case directory, whose facts a run of the same command
 * carries over (core/contain/resume.ts; the plan itself is always derived again). It is read only if
 * it is the plan sm-ir recorded (its SHA-256 is the manifest's latest plan entry), matches its schema
 * and calls only what its actions declare; anything else is refused, named, before any AWS call.
 */
export function savedPlans(dir: CaseDir | null, data: ContainmentData): Plan[] | null {
  if (dir === null || !dir.exists('plan.json')) return null;
  const path = dir.file('plan.json');
  const plans = readCaseFile(dir, 'plan.json', ContainPlanDocumentSchema).plans;
  const manifestPath = dir.file('manifest.json');
  const hint = 'the case directory was altered: use another --case directory';
  if (!dir.exists('manifest.json')) throw new UsageError(`${path} has no manifest.json beside it: sm-ir did not write it`, hint);
  const manifest = readCaseFile(dir, 'manifest.json', ManifestSchema);
  const recorded = manifest.files.filter((f) => /^evidence\/[^/]+\/plan\.json$/.test(f.file)).at(-1);
  if (!recorded || recorded.sha256 !== sha256(dir.read('plan.json'))) {
    throw new UsageError(`${path} is not the plan sm-ir recorded (its SHA-256 differs from ${manifestPath})`, hint);
  }
  checkDeclaredCalls(plans, data, path);
  return plans;
}

/** Every plan the runs of this case directory applied (each run keeps its own in evidence/), oldest first. */
export function earlierRunsPlans(dir: CaseDir | null): Plan[] {
  if (dir === null || !dir.exists('manifest.json')) return [];
  const { files } = readCaseFile(dir, 'manifest.json', ManifestSchema);
  return files.filter((f) => /(^|[\\/])plan\.json$/.test(f.file)).flatMap((f) => readCaseFile(dir, f.file, ContainPlanDocumentSchema).plans);
}

/**
 * Writes the evidence of one run (new files, mode 0600, in a new 0700 folder) and the plan, and
 * records each file's SHA-256 in manifest.json with who captured it. Earlier runs' entries are kept.
 * plan.json and manifest.json are replaced whole (a new file renamed over the old one).
 */
export function writeCase(dir: CaseDir, run: string, items: EvidenceItem[], plans: Plan[], caller: CallerIdentity, region: string): Manifest {
  const manifest: Manifest = dir.exists('manifest.json')
    ? readCaseFile(dir, 'manifest.json', ManifestSchema)
    : { schema: CONTAIN_MANIFEST_SCHEMA_ID, caller, region, runs: [], files: [] };
  try {
    dir.dir('evidence');
    dir.dir(join('evidence', run), true);
    manifest.runs.push({ run, caller, actions: plans.map((p) => ({ action: p.action, targets: p.targets })) });
    for (const item of distinctFiles(items)) {
      const rel = join('evidence', run, item.file);
      manifest.files.push({ file: rel, sha256: dir.writeNew(rel, item.content), bytes: Buffer.byteLength(item.content), run });
    }
    // Each run's plan is kept; plan.json is the latest, which the next run of the same command resumes.
    const planText = `${JSON.stringify({ schema: CONTAIN_PLAN_SCHEMA_ID, caseDir: dir.path, plans }, null, 2)}\n`;
    const planFile = join('evidence', run, 'plan.json');
    manifest.files.push({ file: planFile, sha256: dir.writeNew(planFile, planText), bytes: Buffer.byteLength(planText), run });
    dir.replace('plan.json', planText);
    dir.replace('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (e) {
    if (e instanceof SmIrError) throw new SmIrError(`${e.message}; nothing was changed`, { exitCode: e.exitCode, ...(e.hint ? { hint: e.hint } : {}), cause: e });
    throw new SmIrError(`could not write the evidence to ${dir.path}: ${e instanceof Error ? e.message : String(e)}; nothing was changed`, { cause: e });
  }
}

/** Adds the artifacts copied for this run to the manifest (replaced whole, as writeCase does). */
export function recordArtifacts(dir: CaseDir, manifest: Manifest, copied: NonNullable<Manifest['artifacts']>): void {
  manifest.artifacts = [...(manifest.artifacts ?? []), ...copied];
  dir.replace('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Each evidence file once: the same file read twice (a lifecycle script shared by two notebooks) is
 * kept once; a second read that differs (changed between the reads) is kept too, under a numbered name.
 */
function distinctFiles(items: EvidenceItem[]): EvidenceItem[] {
  const kept = new Map<string, EvidenceItem>();
  for (const item of items) {
    const first = kept.get(item.file);
    if (first === undefined) kept.set(item.file, item);
    else if (first.content !== item.content) {
      const dot = item.file.lastIndexOf('.');
      let k = 2;
      const named = (n: number) => `${item.file.slice(0, dot)}.read${n}${item.file.slice(dot)}`;
      while (kept.has(named(k))) k++;
      kept.set(named(k), { ...item, file: named(k) });
    }
  }
  return [...kept.values()];
}
