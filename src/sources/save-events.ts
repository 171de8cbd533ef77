/**
 * `--save-events DIR`: write records as CloudTrail delivers them to S3, so `--logs DIR` reads them
 * again (evidence, offline re-runs): DIR/AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/
 * <account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<id>.json.gz holding {"Records": [...]}, one file per
 * account, region and day.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { CloudTrailRecord } from '../core/cloudtrail.js';
import { SmIrError } from '../errors.js';
import type { RecordSource } from './types.js';

const gzipAsync = promisify(gzip);

function accountOf(r: CloudTrailRecord): string {
  return r.recipientAccountId ?? r.userIdentity?.accountId ?? 'unknown-account';
}

/** Write the records; returns the files written. Same records, same file names (content-addressed). */
export async function saveEvents(dir: string, records: Iterable<CloudTrailRecord>): Promise<string[]> {
  const groups = new Map<string, CloudTrailRecord[]>();
  for (const r of records) {
    const key = [accountOf(r), r.awsRegion ?? 'us-east-1', r.eventTime.slice(0, 10)].join('|');
    // Appended in place: copying the group for each record made a day of events quadratic.
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const files: string[] = [];
  for (const [key, recs] of groups) {
    const [account, region, day] = key.split('|') as [string, string, string];
    const [y, m, d] = day.split('-') as [string, string, string];
    const folder = join(dir, 'AWSLogs', account, 'CloudTrail', region, y, m, d);
    const body = JSON.stringify({ Records: recs });
    const id = createHash('sha256').update(body).digest('hex').slice(0, 16);
    const last = recs.map((r) => r.eventTime).sort().at(-1) as string;
    const stamp = `${last.slice(0, 4)}${last.slice(5, 7)}${last.slice(8, 10)}T${last.slice(11, 13)}${last.slice(14, 16)}Z`;
    const file = join(folder, `${account}_CloudTrail_${region}_${stamp}_${id}.json.gz`);
    try {
      await mkdir(folder, { recursive: true });
      await writeFile(file, await gzipAsync(body));
    } catch (err) {
      throw new SmIrError(`--save-events: cannot write ${file}: ${(err as Error).message}`, { cause: err });
    }
    files.push(file);
  }
  return files.sort();
}

/** A source that yields what `source` yields and, once it is exhausted, saves it all under `dir`. */
export function savingSource(source: RecordSource, dir: string, onSaved?: (files: string[]) => void): RecordSource {
  return {
    kind: source.kind,
    stats: source.stats,
    async *records() {
      const kept: CloudTrailRecord[] = [];
      for await (const r of source.records()) {
        kept.push(r);
        yield r;
      }
      onSaved?.(await saveEvents(dir, kept));
    },
  };
}
