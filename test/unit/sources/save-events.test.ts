import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { saveEvents, savingSource } from '../../../src/sources/save-events.js';
import { emptyStats } from '../../../src/sources/types.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sm-ir-save-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const rec = (eventTime: string, awsRegion: string, recipientAccountId = '111122223333'): CloudTrailRecord => ({
  eventVersion: '1.09',
  eventTime,
  eventSource: 'sagemaker.amazonaws.com',
  eventName: 'CreatePresignedNotebookInstanceUrl',
  awsRegion,
  eventID: `${awsRegion}-${eventTime}`,
  recipientAccountId,
  requestParameters: { notebookInstanceName: 'nb-1' },
});

async function walk(d: string): Promise<string[]> {
  const entries = await readdir(d, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)])));
  return nested.flat().sort();
}

describe('saveEvents', () => {
  it('writes gzipped {"Records": [...]} files in the AWSLogs layout, one per account, region and day', async () => {
    const records = [
      rec('2026-11-27T23:59:00Z', 'us-east-1'),
      rec('2026-11-28T00:01:00Z', 'us-east-1'),
      rec('2026-11-28T08:30:00Z', 'us-east-1'),
      rec('2026-11-28T09:00:00Z', 'eu-west-1', '444455556666'),
    ];
    const files = await saveEvents(dir, records);
    expect(files).toEqual(await walk(dir));
    const rel = files.map((f) => relative(dir, f));
    expect(rel).toHaveLength(3);
    expect(rel[0]).toMatch(/^AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2026\/11\/27\/111122223333_CloudTrail_us-east-1_20261127T2359Z_[0-9a-f]{16}\.json\.gz$/);
    expect(rel[1]).toMatch(/^AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2026\/11\/28\/111122223333_CloudTrail_us-east-1_20261128T0830Z_/);
    expect(rel[2]).toMatch(/^AWSLogs\/444455556666\/CloudTrail\/eu-west-1\/2026\/11\/28\//);
    const back = (await Promise.all(files.map(async (f) => JSON.parse(gunzipSync(await readFile(f)).toString('utf8')).Records as CloudTrailRecord[]))).flat();
    expect(back.sort((a, b) => a.eventTime.localeCompare(b.eventTime))).toEqual(records);
    // Saving the same records again gives the same files, not copies.
    expect(await saveEvents(dir, records)).toEqual(files);
    expect(await walk(dir)).toEqual(files);
  });

  it('savingSource passes records through and saves them once the source is exhausted', async () => {
    const records = [rec('2026-11-28T08:30:00Z', 'us-east-1')];
    const source = { kind: 'test', stats: emptyStats(), async *records() { yield* records; } };
    let saved: string[] = [];
    const out: CloudTrailRecord[] = [];
    for await (const r of savingSource(source, dir, (f) => (saved = f)).records()) out.push(r);
    expect(out).toEqual(records);
    expect(saved).toHaveLength(1);
    expect(await walk(dir)).toEqual(saved);
  });
});
