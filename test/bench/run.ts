/**
 * `npm run bench [-- --size 1GB] [--records-per-file N] [--dir .bench]`: generates a reproducible
 * synthetic CloudTrail archive, then times side by side, one run each: `gzip -dc` of every file (the
 * floor), a `gzip -dc | jq` filter selecting SageMaker records (what responders do today), and
 * `sm-ir detect --logs`. Each runs under GNU time (/usr/bin/time) for wall time and peak RSS.
 * A benchmark, not a test: it prints figures and judges nothing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateArchive, type ArchiveSummary } from './generate-archive.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : def;
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(KB|MB|GB)?$/i.exec(s);
  if (!m) throw new Error(`--size: cannot read '${s}' (e.g. 200MB, 1GB)`);
  const unit = { KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? 'MB').toUpperCase() as 'KB' | 'MB' | 'GB'];
  return Number(m[1]) * unit;
}

interface Timed {
  name: string;
  wall: number;
  peakRssMb: number;
  exit: number;
}

function timed(name: string, script: string): Timed {
  const out = join(mkdtempSync(join(tmpdir(), 'smir-bench-')), 'time');
  // GNU time reports the largest resident set of the command and of the children it waited for.
  const res = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', out, 'sh', '-c', script], { stdio: ['ignore', 'ignore', 'inherit'], cwd: ROOT });
  const [wall, rss] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  return { name, wall: wall as number, peakRssMb: (rss as number) / 1024, exit: res.status ?? -1 };
}

function main(): void {
  const size = parseSize(arg('size', '1GB'));
  const perFile = Number(arg('records-per-file', '2000'));
  const dir = resolve(ROOT, arg('dir', '.bench'), `archive-${size}-${perFile}`);
  const marker = join(dir, 'summary.json');
  let summary: ArchiveSummary;
  if (existsSync(marker)) {
    summary = JSON.parse(readFileSync(marker, 'utf8')) as ArchiveSummary;
    console.log(`reusing ${dir}`);
  } else {
    rmSync(dir, { recursive: true, force: true });
    console.log(`generating about ${(size / 1e6).toFixed(0)} MB of CloudTrail JSON in ${dir} ...`);
    summary = generateArchive(dir, size, { recordsPerFile: perFile });
    writeFileSync(marker, JSON.stringify(summary));
  }
  const mb = summary.uncompressedBytes / 1e6;
  console.log(`archive: ${summary.files} files, ${summary.records} records, ${mb.toFixed(0)} MB uncompressed, ${(summary.compressedBytes / 1e6).toFixed(0)} MB gzip`);
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const files = `find '${dir}/AWSLogs' -name '*.json.gz' -print0 | sort -z`;
  const runs = [
    timed('gzip -dc (floor)', `${files} | xargs -0 gzip -dc > /dev/null`),
    timed('gzip -dc | jq (SageMaker records)', `${files} | xargs -0 gzip -dc | jq -c '.Records[] | select(.eventSource == "sagemaker.amazonaws.com")' > /dev/null`),
    timed('sm-ir detect --logs', `node dist/cli.js detect --logs '${dir}/AWSLogs' --since all --output json > /dev/null`),
  ];
  const [floor, jq, smir] = runs as [Timed, Timed, Timed];
  console.log('');
  console.log('| command | wall s | MB/s | records/s | x floor | jq / this | peak RSS MB | exit |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const t of runs) {
    console.log(
      `| ${t.name} | ${t.wall.toFixed(2)} | ${(mb / t.wall).toFixed(0)} | ${Math.round(summary.records / t.wall)} | ${(t.wall / floor.wall).toFixed(2)} | ${(jq.wall / t.wall).toFixed(2)} | ${t.peakRssMb.toFixed(0)} | ${t.exit} |`,
    );
  }
  console.log('');
  console.log(`sm-ir: ${(smir.wall / floor.wall).toFixed(2)}x the floor (target <= 1.5), ${(jq.wall / smir.wall).toFixed(1)}x faster than jq (target >= 5), peak RSS ${smir.peakRssMb.toFixed(0)} MB (target < 300)`);
}

main();
