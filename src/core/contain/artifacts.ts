/**
 * --preserve-artifacts: which S3 objects to copy before a change, and where. A model's data or a
 * job's output is what an attacker poisons or replaces; once the endpoint or model is gone nothing
 * points at it, so the versions in use now are copied server-side to the responder's bucket first.
 * Pure: the adapter (commands/contain/artifacts.ts) makes the copies.
 */
import { UsageError } from '../../errors.js';
import { parseS3Uri, type S3Location } from '../s3-uri.js';
import type { Inventory, Plan } from './model.js';

/** --preserve-artifacts s3://BUCKET[/PREFIX]: the destination, checked before any AWS call. */
export function parsePreserveDestination(uri: string): S3Location {
  const loc = parseS3Uri(uri);
  if (!loc || loc.key.includes('//')) throw new UsageError(`--preserve-artifacts: '${uri}' is not an S3 location`, 'give s3://BUCKET or s3://BUCKET/PREFIX (a bucket of yours, versioned, that the responder can write to)');
  return { bucket: loc.bucket, key: loc.key === '' || loc.key.endsWith('/') ? loc.key : `${loc.key}/` };
}

export interface ArtifactToPreserve {
  source: string;
  /** Why: "model/fraud-v2 (served by endpoint/fraud)". */
  because: string;
}

/**
 * The artifacts of what the plans touch: the models a DeleteModel step names, the models an endpoint
 * being deleted or rolled back serves, the output of a job being stopped. Each S3 URI once.
 */
export function artifactsToPreserve(plans: Plan[], inv: Inventory): ArtifactToPreserve[] {
  const out = new Map<string, string>();
  const model = (name: string, why: string) => {
    for (const a of inv.models[name]?.artifacts ?? []) if (!out.has(a)) out.set(a, why);
  };
  for (const step of plans.flatMap((p) => p.steps)) {
    const [kind = '', name = ''] = [step.target.slice(0, step.target.indexOf('/')), step.target.slice(step.target.indexOf('/') + 1)];
    if (kind === 'model') model(name, `model/${name}`);
    if (kind === 'endpoint') {
      const config = inv.endpoints[name]?.configName;
      for (const m of (config && inv.endpointConfigs[config]?.models) || []) model(m, `model/${m} (served by endpoint/${name})`);
    }
    if (kind.endsWith('-job')) {
      const type = kind.slice(0, -'-job'.length);
      for (const a of inv.jobs[`${type}/${name}`]?.artifacts ?? []) if (!out.has(a)) out.set(a, `${kind}/${name}`);
    }
  }
  return [...out].map(([source, because]) => ({ source, because }));
}

/** Where a copy goes: DEST/PREFIX/<run>/<source bucket>/<source key>, so copies of runs never collide. */
export function copyDestination(dest: S3Location, run: string, source: S3Location): S3Location {
  return { bucket: dest.bucket, key: `${dest.key}${run}/${source.bucket}/${source.key}` };
}
