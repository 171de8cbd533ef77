/** The fixture incident's CloudTrail records, read from its log files (to load them into the fake). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { ROOT } from './run-cli.js';

export const INCIDENT = 'fixtures/incident';

export function incidentRecords(): CloudTrailRecord[] {
  const out: CloudTrailRecord[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.json.gz')) out.push(...(JSON.parse(gunzipSync(readFileSync(p)).toString('utf8')) as { Records: CloudTrailRecord[] }).Records);
    }
  };
  walk(join(ROOT, INCIDENT, 'AWSLogs'));
  return out;
}
