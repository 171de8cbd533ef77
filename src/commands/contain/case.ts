import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SmIrError, UsageError } from '../../errors.js';
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

function write(path: string, content: string): string {
  writeFileSync(path, content, { mode: 0o600 });
  return sha256(content);
}

/** A JSON file of the case directory, checked against its schema; a damaged one is an error that names it. */
function readCaseFile<T>(path: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new SmIrError(`${path} is not readable JSON: ${e instanceof Error ? e.message : String(e)}`, { hint: 'use another --case directory, or restore the file' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new SmIrError(`${path} is not a file sm-ir wrote (it does not match its schema)`, { hint: 'use another --case directory, or restore the file' });
  return parsed.data;
}

/**
 * The plan saved by an earlier run in this case directory, which a run of the same command resumes.
 * It steers AWS calls, so it is trusted only if it is the plan sm-ir recorded (its SHA-256 is the
 * manifest's latest plan entry), matches its schema and calls only what its actions declare.
 */
export function savedPlans(dir: string, data: ContainmentData): Plan[] | null {
  const path = join(dir, 'plan.json');
  if (!existsSync(path)) return null;
  const plans = readCaseFile(path, ContainPlanDocumentSchema).plans;
  const manifestPath = join(dir, 'manifest.json');
  const hint = 'the case directory was altered: use another --case directory';
  if (!existsSync(manifestPath)) throw new UsageError(`${path} has no manifest.json beside it: sm-ir did not write it`, hint);
  const manifest = readCaseFile(manifestPath, ManifestSchema);
  const recorded = manifest.files.filter((f) => /^evidence\/[^/]+\/plan\.json$/.test(f.file)).at(-1);
  if (!recorded || recorded.sha256 !== sha256(readFileSync(path))) {
    throw new UsageError(`${path} is not the plan sm-ir recorded (its SHA-256 differs from ${manifestPath})`, hint);
  }
  checkDeclaredCalls(plans, data, path);
  return plans;
}

/** Every plan the runs of this case directory applied (each run keeps its own in evidence/), oldest first. */
export function earlierRunsPlans(dir: string): Plan[] {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return [];
  const { files } = readCaseFile(manifestPath, ManifestSchema);
  return files.filter((f) => /(^|[\\/])plan\.json$/.test(f.file)).flatMap((f) => readCaseFile(join(dir, f.file), ContainPlanDocumentSchema).plans);
}

/**
 * Writes the evidence of one run (files mode 0600 in a 0700 directory) and the plan, and records
 * each file's SHA-256 in manifest.json with who captured it. Earlier runs' entries are kept.
 */
export function writeCase(dir: string, run: string, items: EvidenceItem[], plans: Plan[], caller: CallerIdentity, region: string): Manifest {
  const manifestPath = join(dir, 'manifest.json');
  const manifest: Manifest = existsSync(manifestPath)
    ? readCaseFile(manifestPath, ManifestSchema)
    : { schema: CONTAIN_MANIFEST_SCHEMA_ID, caller, region, runs: [], files: [] };
  try {
    const evDir = join(dir, 'evidence', run);
    mkdirSync(evDir, { recursive: true, mode: 0o700 });
    manifest.runs.push({ run, caller, actions: plans.map((p) => ({ action: p.action, targets: p.targets })) });
    for (const item of items) {
      const rel = join('evidence', run, item.file);
      manifest.files.push({ file: rel, sha256: write(join(dir, rel), item.content), bytes: Buffer.byteLength(item.content), run });
    }
    // Each run's plan is kept; plan.json is the latest, which the next run of the same command resumes.
    const planText = `${JSON.stringify({ schema: CONTAIN_PLAN_SCHEMA_ID, caseDir: dir, plans }, null, 2)}\n`;
    const planFile = join('evidence', run, 'plan.json');
    manifest.files.push({ file: planFile, sha256: write(join(dir, planFile), planText), bytes: Buffer.byteLength(planText), run });
    write(join(dir, 'plan.json'), planText);
    write(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (e) {
    throw new SmIrError(`could not write the evidence to ${dir}: ${e instanceof Error ? e.message : String(e)}; nothing was changed`, { cause: e });
  }
}
