/**
 * `sm-ir detect --logs s3://...` (the built binary) against the wire-level fake S3: the fixture incident
 * uploaded in CloudTrail's delivery layout gives the same findings as the local files, only the
 * window's date prefixes are listed, bad objects are reported like bad files, and S3's errors are explained.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OTHER_ACCOUNT, record } from '../fake-aws/helpers.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createS3, type FakeS3 } from '../fake-aws/services/s3.js';
import { ROOT, runCli } from './run-cli.js';
import { incidentReport } from './incident-report.js';

const BUCKET = 'org-trail-archive';
const ORG = 'o-exampleorgid';
const INCIDENT = join(ROOT, 'fixtures/incident');
const TRAIL = `AWSLogs/${ORG}/111122223333/CloudTrail/`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** The incident's AWSLogs/111122223333/... files as an organization trail writes them: AWSLogs/o-.../111122223333/... */
function uploadIncident(s3: FakeS3): string[] {
  const keys: string[] = [];
  for (const f of filesUnder(join(INCIDENT, 'AWSLogs'))) {
    const key = relative(INCIDENT, f).split('\\').join('/').replace(/^AWSLogs\//, `AWSLogs/${ORG}/`);
    s3.putObject(BUCKET, key, readFileSync(f));
    keys.push(key);
  }
  return keys;
}

/** Logs on other days, with a finding-worthy event in each: they must be neither listed nor read. */
function uploadDecoys(s3: FakeS3): string[] {
  const days = ['2026/11/26', '2026/11/29', '2026/10/05', '2025/11/27'];
  return days.map((day) => {
    const [y, m, d] = day.split('/');
    const key = `${TRAIL}us-east-1/${day}/111122223333_CloudTrail_us-east-1_${y}${m}${d}T1200Z_decoyDecoyDecoy0.json.gz`;
    const r = record({ eventTime: `${y}-${m}-${d}T11:55:00Z`, eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' });
    s3.putObject(BUCKET, key, gzipSync(JSON.stringify({ Records: [r] })));
    return key;
  });
}

interface Report {
  findings: { eventId: string | null; ruleId: string }[];
  incidents: unknown[];
  activity?: unknown[];
  partial: boolean;
  stats: { unitsRead: number; recordsRead: number; errors: { input: string; reason: string }[] };
  sources: { kind: string; inputs: string[] }[];
}
const parse = (stdout: string): Report => JSON.parse(stdout) as Report;

let fake: FakeAws;
let s3: FakeS3;
let incidentKeys: string[];

beforeEach(async () => {
  s3 = createS3();
  fake = await startFakeAws({ modules: [s3.module] });
  s3.createBucket(BUCKET);
  incidentKeys = uploadIncident(s3);
});
afterEach(async () => {
  expect(fake.handlerBugs).toEqual([]);
  await fake.close();
});

// The actors' timelines' second read is left out (--no-activity) but where the first test checks it.
const detect = (args: string[], activity = false) => runCli(['detect', '--endpoint-url', fake.url, '--output', 'json', ...(activity ? [] : ['--no-activity']), ...args]);
const WINDOW = ['--since', '2026-11-27T09:00:00Z', '--until', '2026-11-27T12:30:00Z'];

describe('detect --logs s3://', () => {
  it('finds in the organization trail archive exactly what the local files give', async () => {
    const local = await incidentReport();
    const remote = await detect(['--logs', `s3://${BUCKET}`, '--since', 'all'], true);
    // The actors' timelines (issue 16): the archive read again, and said so.
    expect(remote.stderr).toBe(`sm-ir: activity: 3 actor(s) with a finding at medium or above: their timelines read the S3 archive again (${incidentKeys.length} objects)\n`);
    expect(remote.code).toBe(0);
    const [l, r] = [parse(local.stdout), parse(remote.stdout)];
    expect(l.findings.length).toBeGreaterThan(20);
    expect(r.findings).toEqual(l.findings);
    expect(r.incidents).toEqual(l.incidents);
    expect(r.activity).toEqual(l.activity);
    expect(r.activity?.length).toBe(3);
    expect(r.stats.recordsRead).toBe(l.stats.recordsRead);
    expect(r.stats.unitsRead).toBe(incidentKeys.length);
    expect(r.sources).toEqual([{ kind: 's3', inputs: [`s3://${BUCKET}`] }]);
    // Each object twice: the findings' pass and the timelines'. Each pass lists AWSLogs/ (once), the organization, the
    // account's regions, then per region its year folders and one year prefix.
    expect(s3.requests.filter((q) => q.operation === 'GetObject')).toHaveLength(2 * incidentKeys.length);
    const once = ['AWSLogs/', `AWSLogs/${ORG}/`, TRAIL, `${TRAIL}eu-west-1/`, `${TRAIL}eu-west-1/2026/`, `${TRAIL}us-east-1/`, `${TRAIL}us-east-1/2026/`];
    expect(s3.requests.filter((q) => q.operation === 'ListObjectsV2').map((q) => q.prefix).sort()).toEqual([...once, ...once].sort());
  });

  it('lists only the date prefixes of the window (and the day after it) and skips files delivered before it', async () => {
    const decoys = uploadDecoys(s3);
    const local = await runCli(['detect', '--logs', 'fixtures/incident', ...WINDOW, '--output', 'json']);
    const remote = await detect(['--logs', `s3://${BUCKET}/AWSLogs/`, ...WINDOW]);
    expect(remote.code).toBe(0);
    expect(parse(remote.stdout).findings).toEqual(parse(local.stdout).findings);
    expect(parse(remote.stdout).findings.length).toBeGreaterThan(10);

    const listed = s3.requests.filter((q) => q.operation === 'ListObjectsV2').map((q) => [q.prefix, q.delimiter ?? '']);
    // Discovery with the delimiter, in order, then the window's days (listed several at a time).
    expect(listed.slice(0, 3)).toEqual([
      ['AWSLogs/', '/'],
      [`AWSLogs/${ORG}/`, '/'],
      [TRAIL, '/'],
    ]);
    expect(listed.slice(3).sort()).toEqual([
      [`${TRAIL}eu-west-1/2026/11/27/`, ''],
      [`${TRAIL}eu-west-1/2026/11/28/`, ''],
      [`${TRAIL}us-east-1/2026/11/27/`, ''],
      [`${TRAIL}us-east-1/2026/11/28/`, ''],
    ]);
    const read = s3.requests.filter((q) => q.operation === 'GetObject').map((q) => q.key as string);
    expect(read.some((k) => decoys.includes(k))).toBe(false);
    // Files named as delivered before 09:00 hold no event of the window and are not downloaded.
    expect(read.length).toBeLessThan(incidentKeys.length);
    expect(read.every((k) => /_20261127T(09|1\d|2\d)\d\dZ_/.test(k))).toBe(true);
  });

  it('reads only the regions given with --regions', async () => {
    const r = await detect(['--logs', `s3://${BUCKET}`, ...WINDOW, '--regions', 'eu-west-1']);
    expect(r.code).toBe(0);
    const keys = s3.requests.map((q) => q.key ?? q.prefix ?? '');
    expect(keys.some((k) => k.includes('/us-east-1/'))).toBe(false);
    expect(keys.some((k) => k.includes('/eu-west-1/2026/11/27/'))).toBe(true);
  });

  it('counts and reports a corrupt object and an empty one like bad files, and reads the rest (partial, exit 4: issue 14)', async () => {
    const day = `${TRAIL}us-east-1/2026/11/27/`;
    s3.putObject(BUCKET, `${day}111122223333_CloudTrail_us-east-1_20261127T1000Z_corruptCorrupt00.json.gz`, readFileSync(join(ROOT, 'fixtures/bad-input/corrupt-crc.json.gz')));
    s3.putObject(BUCKET, `${day}111122223333_CloudTrail_us-east-1_20261127T1001Z_emptyEmptyEmpty0.json.gz`, Buffer.alloc(0));
    const local = await runCli(['detect', '--logs', 'fixtures/incident', ...WINDOW, '--output', 'json']);
    const r = await detect(['--logs', `s3://${BUCKET}`, ...WINDOW]);
    expect(r.code).toBe(4);
    const report = parse(r.stdout);
    expect(report.partial).toBe(true);
    expect(report.findings).toEqual(parse(local.stdout).findings);
    expect(report.stats.errors).toEqual([
      { input: `s3://${BUCKET}/${day}111122223333_CloudTrail_us-east-1_20261127T1000Z_corruptCorrupt00.json.gz`, reason: expect.stringMatching(/corrupt gzip|truncated gzip/) },
      { input: `s3://${BUCKET}/${day}111122223333_CloudTrail_us-east-1_20261127T1001Z_emptyEmptyEmpty0.json.gz`, reason: 'empty file' },
    ]);
    expect(r.stderr).toContain('2 input(s) could not be read in full');
  });

  it('mixes local paths and S3 URLs in one run', async () => {
    const local = await incidentReport();
    const mixed = await detect([
      '--logs',
      'fixtures/incident/AWSLogs/111122223333/CloudTrail/eu-west-1',
      `s3://${BUCKET}/${TRAIL}us-east-1/`,
      '--since',
      'all',
    ]);
    expect(mixed.code).toBe(0);
    const m = parse(mixed.stdout);
    expect(m.sources[0]?.kind).toBe('files+s3');
    expect(m.findings.map((f) => f.eventId).sort()).toEqual(parse(local.stdout).findings.map((f) => f.eventId).sort());
  });
});

describe('detect --logs s3:// errors', () => {
  it.each([
    // One or two cases per command here (the binary's contract); every per-flag case runs in process: test/unit/cli/usage-errors.test.ts.
    ['s3://', /no bucket name/],
  ])('%s: usage error (exit 2) before any call', async (url, message) => {
    const r = await detect(['--logs', url, '--since', '7d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fake.stats.count()).toBe(0);
  });

  it('a bucket that does not exist: exit 1, named', async () => {
    const r = await detect(['--logs', 's3://no-such-trail-bucket/AWSLogs/', '--since', '7d']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bucket no-such-trail-bucket does not exist');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a bucket the caller may not list: exit 1 naming s3:ListBucket', async () => {
    s3.createBucket('other-account-trail', { owner: OTHER_ACCOUNT });
    const r = await detect(['--logs', 's3://other-account-trail', '--since', '7d']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('access denied listing s3://other-account-trail/AWSLogs/');
    expect(r.stderr).toContain('s3:ListBucket on arn:aws:s3:::other-account-trail');
  });

  it('objects the caller may not read: exit 1 naming s3:GetObject (and kms:Decrypt)', async () => {
    fake.faults.denyAccess({ service: 's3', operation: 'GetObject' });
    const r = await detect(['--logs', `s3://${BUCKET}`, '--since', 'all']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/access denied reading s3:\/\/org-trail-archive\/AWSLogs\/o-exampleorgid\/111122223333\/CloudTrail\/eu-west-1\//);
    expect(r.stderr).toContain('s3:GetObject');
    expect(r.stderr).toContain('kms:Decrypt');
  });
});
