import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SmIrError } from '../../errors.js';
import type { EvidenceItem } from '../../core/contain/gather.js';
import type { Plan } from '../../core/contain/model.js';

export const MANIFEST_SCHEMA = 'sm-ir/contain-manifest@1';
export const PLAN_SCHEMA = 'sm-ir/contain-plan@1';

export interface ManifestFile {
  file: string;
  sha256: string;
  bytes: number;
  run: string;
}
export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  caller: { account: string; arn: string; userId: string };
  region: string;
  /** Every run into this case, with who ran it (the first run's caller is also `caller`). */
  runs: { run: string; caller: { account: string; arn: string; userId: string }; actions: { action: string; targets: string[] }[] }[];
  files: ManifestFile[];
}

/** Default case directory: ./sm-ir-case-<UTC timestamp>. */
export function defaultCaseDir(now: Date): string {
  return `sm-ir-case-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}

function write(path: string, content: string): string {
  writeFileSync(path, content, { mode: 0o600 });
  return createHash('sha256').update(content).digest('hex');
}

/** A plan saved by an earlier run of the same command in this case directory: the run resumes it. */
export function savedPlans(dir: string): Plan[] | null {
  const path = join(dir, 'plan.json');
  if (!existsSync(path)) return null;
  const doc = JSON.parse(readFileSync(path, 'utf8')) as { schema?: string; plans?: Plan[] };
  return doc.schema === PLAN_SCHEMA && Array.isArray(doc.plans) ? doc.plans : null;
}

/**
 * Writes the evidence of one run (files mode 0600 in a 0700 directory) and the plan, and records
 * each file's SHA-256 in manifest.json with who captured it. Earlier runs' entries are kept.
 */
export function writeCase(
  dir: string,
  run: string,
  items: EvidenceItem[],
  plans: Plan[],
  caller: Manifest['caller'],
  region: string,
): Manifest {
  try {
    const evDir = join(dir, 'evidence', run);
    mkdirSync(evDir, { recursive: true, mode: 0o700 });
    const manifestPath = join(dir, 'manifest.json');
    const manifest: Manifest = existsSync(manifestPath)
      ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest)
      : { schema: MANIFEST_SCHEMA, caller, region, runs: [], files: [] };
    manifest.runs.push({ run, caller, actions: plans.map((p) => ({ action: p.action, targets: p.targets })) });
    for (const item of items) {
      const rel = join('evidence', run, item.file);
      manifest.files.push({ file: rel, sha256: write(join(dir, rel), item.content), bytes: Buffer.byteLength(item.content), run });
    }
    // Each run's plan is kept; plan.json is the latest, which the next run of the same command resumes.
    const planText = `${JSON.stringify({ schema: PLAN_SCHEMA, plans }, null, 2)}\n`;
    const planFile = join('evidence', run, 'plan.json');
    manifest.files.push({ file: planFile, sha256: write(join(dir, planFile), planText), bytes: Buffer.byteLength(planText), run });
    write(join(dir, 'plan.json'), planText);
    write(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (e) {
    throw new SmIrError(`could not write the evidence to ${dir}: ${e instanceof Error ? e.message : String(e)}; nothing was changed`, { cause: e });
  }
}
