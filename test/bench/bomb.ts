/**
 * `npx tsx test/bench/bomb.ts [--size 1GB] [--findings 10000] [--dir DIR]`
 *
 * Issue 14's hostile-volume figures, measured through the built binary under GNU time (wall, CPU,
 * peak RSS), never asserted by a test:
 * - a matching-record bomb: one .json.gz of --size uncompressed bytes where every record is a
 *   StopLogging call (each one a log-tampering finding), read by `detect --output json` and
 *   `--output table` (all but --list-findings of them aggregated);
 * - --findings N such records rendered by `detect --output table` against `--output json`, every one
 *   listed (--list-findings all; the table's cost is the difference), then analyze over that report
 *   as JSON and as the markdown case report;
 * Run `npm run build` first. Prints figures; judges nothing.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const arg = (name: string, def: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : def;
};
const bytes = (s: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(s);
  if (!m) throw new Error(`cannot read size '${s}' (e.g. 200MB, 1GB)`);
  return Number(m[1]) * { KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? 'MB').toUpperCase() as 'KB' | 'MB' | 'GB'];
};

/** One StopLogging record (log-tampering flags every one), distinct by its eventID and time. */
function record(i: number): string {
  const t = new Date(Date.UTC(2026, 10, 27) + (i % 86_400_000)).toISOString().replace(/\.\d+Z$/, 'Z');
  return JSON.stringify({
    eventVersion: '1.09',
    userIdentity: { type: 'IAMUser', principalId: 'AIDAIOSFODNN7EXAMPLE', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'mallory' },
    eventTime: t,
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
    responseElements: null,
    requestID: `bomb-req-${i}`,
    eventID: `bomb-${String(i).padStart(10, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  });
}

/** Writes {"Records":[...]} gzip'd until `limit` uncompressed bytes or `count` records; returns the record count. */
async function writeBomb(path: string, limit: number, count = Infinity): Promise<number> {
  const gz = createGzip({ level: 1 });
  const done = once(gz.pipe(createWriteStream(path)), 'finish');
  let written = 0;
  let n = 0;
  const push = async (s: string) => {
    written += s.length;
    if (!gz.write(s)) await once(gz, 'drain');
  };
  await push('{"Records":[');
  while (written < limit && n < count) await push(`${n === 0 ? '' : ','}${record(n++)}`);
  await push(']}');
  gz.end();
  await done;
  return n;
}

function timed(args: string[]): { wall: number; cpu: number; peakRssMb: number; exit: number; stdoutBytes: number } {
  const out = join(mkdtempSync(join(tmpdir(), 'smir-bomb-')), 'time');
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', out, 'node', 'dist/cli.js', ...args], { cwd: ROOT, maxBuffer: 4e9, stdio: ['ignore', 'pipe', 'ignore'] });
  const [wall, rss, user, sys] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-4).map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, peakRssMb: Math.round(rss / 1024), exit: res.status ?? -1, stdoutBytes: res.stdout?.length ?? 0 };
}

const dir = arg('dir', mkdtempSync(join(tmpdir(), 'smir-bomb-')));
const size = bytes(arg('size', '1GB'));
const findings = Number(arg('findings', '10000'));

const few = join(dir, 'findings.json.gz');
const n = await writeBomb(few, Infinity, findings);
for (const output of ['json', 'table']) {
  // Every finding listed (one rule, one actor: by default all but 100 would be aggregated).
  const t = timed(['detect', '--logs', few, '--since', 'all', '--output', output, '--list-findings', 'all']);
  console.log(`${n} findings, --output ${output}: ${t.wall} s wall, ${t.cpu.toFixed(2)} CPU-s, peak ${t.peakRssMb} MB, exit ${t.exit}, ${t.stdoutBytes} bytes out`);
}
// analyze's case report over all of them (a report file, as a responder passes it on).
const report = join(dir, 'findings-report.json');
spawnSync('node', ['dist/cli.js', 'detect', '--logs', few, '--since', 'all', '--output', 'json', '--list-findings', 'all'], { cwd: ROOT, stdio: ['ignore', openSync(report, 'w'), 'ignore'] });
for (const output of ['json', 'markdown']) {
  const t = timed(['analyze', '--findings', report, '--output', output]);
  console.log(`analyze of ${n} findings, --output ${output}: ${t.wall} s wall, ${t.cpu.toFixed(2)} CPU-s, peak ${t.peakRssMb} MB, exit ${t.exit}`);
}
const bomb = join(dir, 'bomb.json.gz');
const records = await writeBomb(bomb, size);
for (const output of ['json', 'table']) {
  const t = timed(['detect', '--logs', bomb, '--since', 'all', '--output', output]);
  console.log(`bomb: ${(size / 1e9).toFixed(2)} GB, ${records} matching records, --output ${output}: ${t.wall} s wall, ${t.cpu.toFixed(2)} CPU-s, peak ${t.peakRssMb} MB, exit ${t.exit}`);
}
