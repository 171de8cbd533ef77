/**
 * `npm run bench -- [--size 1GB] [--records-per-file N] [--repeat N] [--large-file 50MB] [--dir .bench]`
 *
 * Generates a reproducible synthetic CloudTrail archive (S3 delivery layout), then times side by side,
 * each under GNU time (/usr/bin/time) for wall time and peak RSS, the best of --repeat runs:
 * `gzip -dc` of every file (the floor), `gzip -dc | jq` selecting SageMaker records (what responders
 * do today), `sm-ir detect --logs` with the default worker threads and with none (SM_IR_WORKERS=0),
 * and `--no-prefilter`. With --large-file, the same for one big compressed file (CloudTrail writes
 * up to 50 MB). Then `sm-ir --version` against `node -e 0`. Prints figures and the ratios the issue
 * sets as targets; judges nothing, and is not a test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateArchive, generateLargeFile, type ArchiveSummary } from './generate-archive.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : def;
}

function parseSize(flag: string, s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(s);
  if (!m) throw new Error(`--${flag}: cannot read '${s}' (e.g. 200MB, 1GB)`);
  const unit = { KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? 'MB').toUpperCase() as 'KB' | 'MB' | 'GB'];
  return Number(m[1]) * unit;
}

interface Timed {
  name: string;
  wall: number;
  /** User + system CPU seconds of the best run: less sensitive than wall time to other jobs on the machine. */
  cpu: number;
  peakRssMb: number;
  exit: number;
}

/** Best wall time and largest peak RSS of `repeat` runs of a shell command (GNU time follows the children it waits for). */
function timed(name: string, script: string, repeat: number, env: Record<string, string> = {}): Timed {
  const out = join(mkdtempSync(join(tmpdir(), 'smir-bench-')), 'time');
  let best: Timed | undefined;
  for (let k = 0; k < repeat; k++) {
    const res = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', out, 'sh', '-c', script], {
      stdio: ['ignore', 'ignore', 'inherit'],
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    const [wall, rss, user, sys] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-4).map(Number) as [number, number, number, number];
    const t = { name, wall, cpu: user + sys, peakRssMb: rss / 1024, exit: res.status ?? -1 };
    const faster = best === undefined || t.wall < best.wall ? t : best;
    best = { ...faster, peakRssMb: Math.max(best?.peakRssMb ?? 0, t.peakRssMb), exit: Math.max(best?.exit ?? 0, t.exit) };
  }
  return best as Timed;
}

function load(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${availableParallelism()} cores`;
}

function table(summary: ArchiveSummary, runs: Timed[], floor: Timed, jq: Timed | undefined): void {
  const mb = summary.uncompressedBytes / 1e6;
  console.log('');
  console.log('| command | wall s | cpu s | MB/s | records/s | x gzip -dc | x faster than jq | peak RSS MB | exit |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const t of runs) {
    const vsJq = jq ? (jq.wall / t.wall).toFixed(1) : 'n/a';
    console.log(
      `| ${t.name} | ${t.wall.toFixed(2)} | ${t.cpu.toFixed(2)} | ${(mb / t.wall).toFixed(0)} | ${Math.round(summary.records / t.wall)} | ${(t.wall / floor.wall).toFixed(2)} | ${vsJq} | ${t.peakRssMb.toFixed(0)} | ${t.exit} |`,
    );
  }
}

function verdict(smir: Timed, floor: Timed, jq: Timed | undefined): void {
  const parts = [
    `${(smir.wall / floor.wall).toFixed(2)}x gzip -dc (target <= 1.5)`,
    ...(jq ? [`${(jq.wall / smir.wall).toFixed(1)}x faster than jq (target >= 5)`] : []),
    `peak RSS ${smir.peakRssMb.toFixed(0)} MB (target < 300)`,
  ];
  console.log(`\nsm-ir detect: ${parts.join(', ')}`);
}

const detect = (path: string, extra = '') => `exec node dist/cli.js detect --logs '${path}' --since all --output json ${extra} > /dev/null`;

function benchArchive(dir: string, summary: ArchiveSummary, repeat: number): void {
  console.log(`\narchive: ${summary.files} files, ${summary.records} records, ${(summary.uncompressedBytes / 1e6).toFixed(0)} MB uncompressed, ${(summary.compressedBytes / 1e6).toFixed(0)} MB gzip`);
  console.log(`before: ${load()}`);
  const files = `find '${dir}/AWSLogs' -name '*.json.gz' -print0 | sort -z`;
  const floor = timed('gzip -dc (floor)', `${files} | xargs -0 gzip -dc > /dev/null`, repeat);
  const jq = timed('gzip -dc + jq (SageMaker records)', `${files} | xargs -0 gzip -dc | jq -c '.Records[] | select(.eventSource == "sagemaker.amazonaws.com")' > /dev/null`, repeat);
  const smir = timed(`sm-ir detect (default: up to ${availableParallelism()} workers)`, detect(`${dir}/AWSLogs`), repeat);
  const single = timed('sm-ir detect (SM_IR_WORKERS=0)', detect(`${dir}/AWSLogs`), repeat, { SM_IR_WORKERS: '0' });
  const noPrefilter = timed('sm-ir detect --no-prefilter', detect(`${dir}/AWSLogs`, '--no-prefilter'), repeat);
  table(summary, [floor, jq, smir, single, noPrefilter], floor, jq);
  verdict(smir, floor, jq);
  console.log(`after: ${load()}`);
}

function benchLargeFile(summary: ArchiveSummary & { path: string }, repeat: number): void {
  console.log(`\none large file: ${summary.records} records, ${(summary.uncompressedBytes / 1e6).toFixed(0)} MB uncompressed, ${(summary.compressedBytes / 1e6).toFixed(0)} MB gzip`);
  console.log(`before: ${load()}`);
  const floor = timed('gzip -dc (floor)', `gzip -dc '${summary.path}' > /dev/null`, repeat);
  // jq would hold the whole document in memory (several GB): not run on this one.
  const smir = timed('sm-ir detect (default: main thread)', detect(summary.path), repeat);
  const worker = timed('sm-ir detect (SM_IR_WORKERS=1)', detect(summary.path), repeat, { SM_IR_WORKERS: '1' });
  table(summary, [floor, smir, worker], floor, undefined);
  verdict(smir, floor, undefined);
  console.log(`after: ${load()}`);
}

function benchStartup(repeat: number): void {
  const n = Math.max(repeat, 10);
  const node = timed('node -e 0', 'exec node -e 0', n);
  const version = timed('sm-ir --version', 'exec node dist/cli.js --version > /dev/null', n);
  const help = timed('sm-ir --help', 'exec node dist/cli.js --help > /dev/null', n);
  const ms = (t: Timed) => `${(t.wall * 1000).toFixed(0)} ms (cpu ${(t.cpu * 1000).toFixed(0)} ms)`;
  console.log(`\nstart-up (best of ${n}): node -e 0 ${ms(node)}, sm-ir --version ${ms(version)}: ${(version.wall / node.wall).toFixed(2)}x (target <= 2), --help ${ms(help)}`);
}

async function cached<T extends ArchiveSummary>(dir: string, make: () => T | Promise<T>): Promise<T> {
  const marker = join(dir, 'summary.json');
  if (existsSync(marker)) {
    console.log(`reusing ${dir}`);
    return JSON.parse(readFileSync(marker, 'utf8')) as T;
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(`generating ${dir} ...`);
  const summary = await make();
  writeFileSync(marker, JSON.stringify(summary));
  return summary;
}

async function main(): Promise<void> {
  const size = parseSize('size', arg('size', '1GB'));
  const perFile = Number(arg('records-per-file', '2000'));
  const repeat = Math.max(1, Number(arg('repeat', '1')));
  const large = process.argv.includes('--large-file') ? parseSize('large-file', arg('large-file', '50MB')) : undefined;
  const base = resolve(ROOT, arg('dir', '.bench'));
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });

  const dir = join(base, `archive-${size}-${perFile}`);
  const summary = await cached(dir, () => generateArchive(dir, size, { recordsPerFile: perFile }));
  benchArchive(dir, summary, repeat);
  if (large !== undefined) {
    const ldir = join(base, `large-${large}`);
    benchLargeFile(await cached(ldir, () => generateLargeFile(ldir, large)), repeat);
  }
  benchStartup(repeat);
}

await main();
