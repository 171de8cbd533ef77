/**
 * `npm run bench -- [--sizes 1GB,4GB] [--shapes archive,large,rich] [--rounds 3] [--dir .bench] [--no-peers]`
 *
 * sm-ir detect beside what a responder would otherwise run, on generated CloudTrail archives (S3
 * delivery layout, reproducible) of three shapes:
 * - archive: many files of 2,000 records (about 2.7 MB uncompressed each), 1% SageMaker calls;
 * - large:   files as large as CloudTrail writes them (50 MB of gzip, about 0.94 GB of JSON each);
 * - rich:    files of 2,000 records of which 30% are SageMaker calls (more records to parse).
 * Commands, run interleaved (one of each per round, so a burst of load hits them alike): `gzip -dc`
 * (one process), `gzip -dc` on two processes in parallel (the two-core floor), `gzip -dc | jq` with a
 * responder's filter (the watched event sources), DuckDB's read_json with the same filter, and sm-ir
 * with its default worker threads, none (SM_IR_WORKERS=0) and one; on the rich shape also
 * `--no-prefilter` (every record parsed: the parse budget). Each run under GNU time: wall time,
 * user+system CPU and peak RSS. Prints per shape and size: wall min/median, median CPU, CPU-s per
 * uncompressed GB, peak RSS, and the ratios to the floor, to one gzip, to jq and to DuckDB; then
 * start-up times. Judges nothing, and is not a test: figures go to docs/performance.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateArchive, generateLargeFile, type ArchiveSummary } from './generate-archive.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LARGE_FILE_GZIP_BYTES = 50e6;

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : def;
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(MB|GB)$/i.exec(s.trim());
  if (!m) throw new Error(`--sizes: cannot read '${s}' (e.g. 200MB, 1GB)`);
  return Number(m[1]) * (m[2]!.toUpperCase() === 'GB' ? 1e9 : 1e6);
}

type Shape = 'archive' | 'large' | 'rich';
const SHAPES: Record<Shape, (dir: string, bytes: number) => Promise<ArchiveSummary>> = {
  archive: async (dir, bytes) => generateArchive(dir, bytes, { recordsPerFile: 2000 }),
  rich: async (dir, bytes) => generateArchive(dir, bytes, { recordsPerFile: 2000, sagemakerShare: 0.3, seed: 43 }),
  large: async (dir, bytes) => {
    const total: ArchiveSummary = { files: 0, records: 0, uncompressedBytes: 0, compressedBytes: 0 };
    for (let index = 0; total.uncompressedBytes < bytes * 0.9; index++) {
      const one = await generateLargeFile(dir, LARGE_FILE_GZIP_BYTES, { index });
      total.files++;
      total.records += one.records;
      total.uncompressedBytes += one.uncompressedBytes;
      total.compressedBytes += one.compressedBytes;
    }
    return total;
  },
};

interface Command {
  name: string;
  script: string;
  env?: Record<string, string>;
}

interface Run {
  wall: number;
  cpu: number;
  rssMb: number;
  exit: number;
}

const TIME_OUT = join(mkdtempSync(join(tmpdir(), 'smir-bench-')), 'time');

/** One run of a shell command under GNU time (it counts the children it waits for: a pipeline's every stage). */
function runOnce(c: Command): Run {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', '-o', TIME_OUT, 'sh', '-c', c.script], {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: ROOT,
    env: { ...process.env, ...c.env },
  });
  const [wall, rss, user, sys] = readFileSync(TIME_OUT, 'utf8').trim().split(/\s+/).slice(-4).map(Number) as [number, number, number, number];
  return { wall, cpu: user + sys, rssMb: rss / 1024, exit: res.status ?? -1 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Result {
  name: string;
  wallMin: number;
  wallMedian: number;
  cpuMedian: number;
  rssMax: number;
  exit: number;
}

/** `rounds` rounds, each running every command once in turn. */
function interleaved(commands: Command[], rounds: number): Result[] {
  const runs = commands.map(() => [] as Run[]);
  for (let k = 0; k < rounds; k++) commands.forEach((c, i) => runs[i]!.push(runOnce(c)));
  return commands.map((c, i) => {
    const rs = runs[i]!;
    return {
      name: c.name,
      wallMin: Math.min(...rs.map((r) => r.wall)),
      wallMedian: median(rs.map((r) => r.wall)),
      cpuMedian: median(rs.map((r) => r.cpu)),
      rssMax: Math.max(...rs.map((r) => r.rssMb)),
      exit: Math.max(...rs.map((r) => r.exit)),
    };
  });
}

/** The event sources sm-ir watches (playbook/sources.json): the filter a responder gives jq and DuckDB. */
function watchedSources(): string[] {
  const data = JSON.parse(readFileSync(join(ROOT, 'playbook/sources.json'), 'utf8')) as { sources: { source: string }[] };
  return data.sources.map((s) => s.source);
}

function commandsFor(shape: Shape, dir: string, summary: ArchiveSummary, peers: boolean): Command[] {
  const files = `find '${dir}/AWSLogs' -name '*.json.gz' -print0 | sort -z`;
  // Enough files per gzip process to amortise its start, few enough that both cores stay busy to the end.
  const perProcess = Math.max(1, Math.floor(summary.files / 16));
  const sources = watchedSources();
  const jqFilter = `.Records[] | select(.eventSource | IN(${sources.map((s) => JSON.stringify(s)).join(', ')}))`;
  const smir = (extra = '') => `exec node dist/cli.js detect --logs '${dir}/AWSLogs' --since all --output json ${extra} > /dev/null`;
  return [
    { name: 'gzip -dc', script: `${files} | xargs -0 gzip -dc > /dev/null` },
    { name: 'gzip -dc x2 (floor)', script: `${files} | xargs -0 -P 2 -n ${perProcess} gzip -dc > /dev/null` },
    ...(peers
      ? [
          { name: 'gzip -dc | jq', script: `${files} | xargs -0 gzip -dc | jq -c '${jqFilter}' > /dev/null` },
          { name: 'DuckDB read_json', script: `exec node test/bench/duckdb-query.mjs '${dir}/AWSLogs/**/*.json.gz' ${sources.join(' ')} > /dev/null` },
        ]
      : []),
    { name: 'sm-ir (default)', script: smir() },
    { name: 'sm-ir SM_IR_WORKERS=0', script: smir(), env: { SM_IR_WORKERS: '0' } },
    { name: 'sm-ir SM_IR_WORKERS=1', script: smir(), env: { SM_IR_WORKERS: '1' } },
    ...(shape === 'rich' ? [{ name: 'sm-ir --no-prefilter', script: smir('--no-prefilter') }] : []),
  ];
}

function printTable(shape: Shape, summary: ArchiveSummary, results: Result[]): void {
  const gb = summary.uncompressedBytes / 1e9;
  const by = (name: string) => results.find((r) => r.name === name);
  const floor = by('gzip -dc x2 (floor)')!;
  const gzip = by('gzip -dc')!;
  const jq = by('gzip -dc | jq');
  const duck = by('DuckDB read_json');
  const ratio = (a: number | undefined, b: number) => (a === undefined ? 'n/a' : (a / b).toFixed(2));
  console.log(
    `\n**${shape}**, ${summary.files} files, ${summary.records.toLocaleString('en')} records, ${(summary.uncompressedBytes / 1e6).toFixed(0)} MB (${(summary.compressedBytes / 1e6).toFixed(0)} MB gzip)`,
  );
  console.log('\n| command | wall min s | wall median s | CPU s | CPU s/GB | peak RSS MB | x floor | x gzip | jq / it | DuckDB / it | exit |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.wallMin.toFixed(2)} | ${r.wallMedian.toFixed(2)} | ${r.cpuMedian.toFixed(2)} | ${(r.cpuMedian / gb).toFixed(2)} | ${r.rssMax.toFixed(0)} | ${ratio(r.wallMedian, floor.wallMedian)} | ${ratio(r.wallMedian, gzip.wallMedian)} | ${ratio(jq?.wallMedian, r.wallMedian)} | ${ratio(duck?.wallMedian, r.wallMedian)} | ${r.exit} |`,
    );
  }
}

function load(): string {
  return `load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
}

function benchStartup(): void {
  const n = 10;
  const best = (c: Command) => {
    const rs = Array.from({ length: n }, () => runOnce(c));
    return `${(Math.min(...rs.map((r) => r.wall)) * 1000).toFixed(0)} ms`;
  };
  const node = best({ name: 'node', script: 'exec node -e 0' });
  const version = best({ name: 'version', script: 'exec node dist/cli.js --version > /dev/null' });
  const help = best({ name: 'help', script: 'exec node dist/cli.js --help > /dev/null' });
  console.log(`\nstart-up (best of ${n}): node -e 0 ${node}, sm-ir --version ${version}, sm-ir --help ${help}`);
}

async function cached(dir: string, make: () => Promise<ArchiveSummary>): Promise<ArchiveSummary> {
  const marker = join(dir, 'summary.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as ArchiveSummary;
  rmSync(dir, { recursive: true, force: true });
  console.error(`generating ${dir} ...`);
  const summary = await make();
  writeFileSync(marker, JSON.stringify(summary));
  return summary;
}

async function main(): Promise<void> {
  const sizes = arg('sizes', '1GB').split(',').map(parseSize);
  const shapes = arg('shapes', 'archive,large,rich').split(',') as Shape[];
  for (const s of shapes) if (!(s in SHAPES)) throw new Error(`--shapes: unknown shape '${s}' (archive, large, rich)`);
  const rounds = Math.max(1, Number(arg('rounds', '3')));
  const peers = !process.argv.includes('--no-peers');
  const base = resolve(ROOT, arg('dir', '.bench'));
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  console.log(`${new Date().toISOString()}, ${availableParallelism()} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${rounds} interleaved rounds`);
  for (const bytes of sizes) {
    for (const shape of shapes) {
      const dir = join(base, `${shape}-${bytes / 1e6}MB`);
      const summary = await cached(dir, () => SHAPES[shape](dir, bytes));
      const before = load();
      const results = interleaved(commandsFor(shape, dir, summary, peers), rounds);
      printTable(shape, summary, results);
      console.log(`\n${before} before, ${load()} after`);
    }
  }
  benchStartup();
}

await main();
