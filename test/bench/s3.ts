/**
 * `npx tsx test/bench/s3.ts [--size 200MB] [--records-per-file 200]`: the benchmark archive (generate-archive.ts)
 * uploaded to the wire-level fake S3 (in this process, over HTTP on 127.0.0.1), then timed side by
 * side, one run each: `sm-ir detect --logs DIR` and `sm-ir detect --logs s3://...` over the same files,
 * plus a one-day window to show what prefix pruning saves. Prints wall time, objects, requests and
 * what the requests would cost on S3 Standard in us-east-1. A benchmark, not a test: it judges nothing.
 * The fake shares the machine's CPUs with sm-ir, so the S3 figures are a floor on overhead, not on AWS's latency.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAws } from '../fake-aws/server.js';
import { createS3 } from '../fake-aws/services/s3.js';
import { generateArchive, type ArchiveSummary } from './generate-archive.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// S3 Standard, us-east-1 (aws.amazon.com/s3/pricing): LIST $0.005 and GET $0.0004 per 1,000 requests.
const LIST_PER_1000 = 0.005;
const GET_PER_1000 = 0.0004;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : def;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

function run(args: string[], env: Record<string, string>): Promise<{ wall: number; code: number | null; out: string }> {
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => done({ wall: (performance.now() - t0) / 1000, code, out }));
  });
}

async function main(): Promise<void> {
  const mb = Number(arg('size', '200MB').replace(/MB$/i, ''));
  // Real trail files are small (a few hundred records, delivered every ~5 minutes per region).
  const perFile = Number(arg('records-per-file', '200'));
  const dir = resolve(ROOT, '.bench', `archive-s3-${mb}MB-${perFile}`);
  const marker = join(dir, 'summary.json');
  let summary: ArchiveSummary;
  if (existsSync(marker)) summary = JSON.parse(readFileSync(marker, 'utf8')) as ArchiveSummary;
  else {
    rmSync(dir, { recursive: true, force: true });
    summary = generateArchive(dir, mb * 1e6, { recordsPerFile: perFile });
    writeFileSync(marker, JSON.stringify(summary));
  }
  const s3 = createS3();
  const fake = await startFakeAws({ modules: [s3.module] });
  s3.createBucket('bench-trail');
  const files = filesUnder(join(dir, 'AWSLogs'));
  for (const f of files) s3.putObject('bench-trail', relative(dir, f).split('\\').join('/'), readFileSync(f));
  const days = [...new Set(files.map((f) => /\/(\d{4}\/\d{2}\/\d{2})\//.exec(f)?.[1]).filter(Boolean))].sort() as string[];
  console.log(`archive: ${files.length} objects, ${summary.records} records, ${(summary.compressedBytes / 1e6).toFixed(0)} MB gzip, days ${days.join(', ')}`);

  const env = {
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const lastDay = (days.at(-1) as string).replace(/\//g, '-');
  const cases: [string, string[]][] = [
    ['--logs DIR, --since all', ['--logs', join(dir, 'AWSLogs'), '--since', 'all']],
    ['--logs s3://, --since all', ['--logs', 's3://bench-trail/AWSLogs/', '--since', 'all', '--endpoint-url', fake.url]],
    [`--logs s3://, one day (${lastDay})`, ['--logs', 's3://bench-trail/AWSLogs/', '--since', `${lastDay}T00:00:00Z`, '--until', `${lastDay}T23:59:59Z`, '--endpoint-url', fake.url]],
  ];
  console.log('');
  console.log('| run | wall s | objects read | LIST | GET | request cost (USD) | findings |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, args] of cases) {
    s3.requests.length = 0;
    const r = await run(['detect', ...args, '--output', 'json'], env);
    const report = JSON.parse(r.out) as { stats: { unitsRead: number }; findings: unknown[] };
    const list = s3.requests.filter((q) => q.operation === 'ListObjectsV2').length;
    const get = s3.requests.filter((q) => q.operation === 'GetObject').length;
    const cost = (list * LIST_PER_1000 + get * GET_PER_1000) / 1000;
    console.log(`| ${name} | ${r.wall.toFixed(2)} | ${report.stats.unitsRead} | ${list} | ${get} | ${cost.toFixed(6)} | ${report.findings.length} |`);
  }
  await fake.close();
}

await main();
