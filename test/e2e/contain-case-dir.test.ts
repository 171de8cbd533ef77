/**
 * The case directory is sm-ir's alone (issue 15), through the built binary against the fake: a link
 * planted anywhere in it is refused before any AWS call and nothing is written through it; one run at
 * a time holds the case (a lock), and a lock left by a dead run is taken over and said so.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, contain, startWorld, type ContainWorld } from './contain-fake.js';
import type { CliResult } from './run-cli.js';

vi.setConfig({ testTimeout: 60_000 });

let w: ContainWorld;
/** Outside the case: what planted links point at. Must stay exactly as it was. */
let victim: { dir: string; file: string; fileMode: number };

beforeEach(async () => {
  w = await startWorld();
  w.sm.seed.notebook('nb1');
  const dir = mkdtempSync(join(tmpdir(), 'sm-ir-e2e-victim-'));
  const file = join(dir, 'victim.txt');
  writeFileSync(file, 'precious\n', { mode: 0o644 });
  mkdirSync(join(dir, 'victim-dir'));
  victim = { dir, file, fileMode: statSync(file).mode };
});
afterEach(async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
});

function expectVictimUntouched(): void {
  expect(readFileSync(victim.file, 'utf8')).toBe('precious\n');
  expect(statSync(victim.file).mode).toBe(victim.fileMode);
  expect(readdirSync(join(victim.dir, 'victim-dir'))).toEqual([]);
  expect(readdirSync(victim.dir).sort()).toEqual(['victim-dir', 'victim.txt']);
}

const stop = (extra: string[] = []) => contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir, ...extra]);

describe('a link anywhere in the case is refused before any AWS call; nothing is written through it', () => {
  it.each([
    ['audit.jsonl linked to a file elsewhere', 'audit.jsonl', () => victim.file],
    ['evidence linked to a directory elsewhere', 'evidence', () => join(victim.dir, 'victim-dir')],
    ['a dangling plan.json', 'plan.json', () => join(victim.dir, 'planted-plan.json')],
    ['a dangling manifest.json', 'manifest.json', () => join(victim.dir, 'planted-manifest.json')],
    ['a dangling lock', 'lock', () => join(victim.dir, 'planted-lock')],
  ])('%s', async (_what, name, target) => {
    mkdirSync(w.caseDir, { mode: 0o700 });
    symlinkSync(target(), join(w.caseDir, name));
    const r = await stop();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`sm-ir: ${join(w.caseDir, name)} is a symbolic link`);
    expect(r.stderr).toContain('hint:');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(w.fake.stats.calls).toEqual([]);
    expect(w.sm.state.notebooks.get('nb1')?.status).toBe('InService');
    expectVictimUntouched();
  });

  it('all of them at once, and a link deep in an earlier run\'s evidence', async () => {
    mkdirSync(join(w.caseDir, 'evidence', 'r1'), { recursive: true, mode: 0o700 });
    symlinkSync(victim.file, join(w.caseDir, 'evidence', 'r1', '001-DescribeNotebookInstance-nb1.json'));
    const r1 = await stop();
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('001-DescribeNotebookInstance-nb1.json is a symbolic link');
    symlinkSync(victim.file, join(w.caseDir, 'audit.jsonl'));
    symlinkSync(join(victim.dir, 'planted-plan.json'), join(w.caseDir, 'plan.json'));
    symlinkSync(join(victim.dir, 'planted-manifest.json'), join(w.caseDir, 'manifest.json'));
    const r2 = await stop();
    expect(r2.code).toBe(2);
    expect(w.fake.stats.calls).toEqual([]);
    expectVictimUntouched();
  });

  it('the case directory itself a link is refused, even on a dry run', async () => {
    symlinkSync(join(victim.dir, 'victim-dir'), w.caseDir);
    for (const extra of [[], ['--dry-run']]) {
      const r = await stop(extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--case ${w.caseDir} is a symbolic link`);
    }
    expect(w.fake.stats.calls).toEqual([]);
    expectVictimUntouched();
  });

  it('a case directory others can write in, or a special file in it, is refused', async () => {
    mkdirSync(w.caseDir);
    chmodSync(w.caseDir, 0o777);
    const r = await stop();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is writable by other users (mode 777)');
    chmodSync(w.caseDir, 0o700);
    spawnSync('mkfifo', [join(w.caseDir, 'audit.jsonl')]);
    const fifo = await stop();
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toContain('audit.jsonl is not a regular file');
    expect(w.fake.stats.calls).toEqual([]);
  });

  it('a fresh case is made 0700 with files 0600 and no link, and a second run writes into it the same way', async () => {
    expect((await stop()).code).toBe(0);
    expect((await stop()).code).toBe(0);
    expect(statSync(w.caseDir).mode & 0o777).toBe(0o700);
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => {
        const p = join(dir, n);
        const st = lstatSync(p);
        expect(st.isSymbolicLink()).toBe(false);
        if (st.isDirectory()) {
          expect(st.mode & 0o777).toBe(0o700);
          return walk(p);
        }
        expect([p, st.mode & 0o777]).toEqual([p, 0o600]);
        return [p];
      });
    const files = walk(w.caseDir).map((p) => p.slice(w.caseDir.length + 1));
    // No lock, no temporary file left behind.
    expect(files.filter((f) => !f.startsWith('evidence/')).sort()).toEqual(['audit.jsonl', 'manifest.json', 'plan.json']);
  });
});

describe('one run at a time per case', () => {
  it('six runs started together on one case: one runs, the five others are refused naming it', async () => {
    // The notebook stays Stopping until the test settles it, so whichever run takes the lock holds it
    // until every other run has answered: no assertion depends on which starts first or how fast.
    await w.fake.close();
    w = await startWorld({ afterCalls: Infinity });
    w.sm.seed.notebook('nb1');
    const runs = Array.from({ length: 6 }, () => stop());
    const refused: CliResult[] = [];
    const ended = new Set<number>();
    await new Promise<void>((resolve) => {
      runs.forEach((p, i) =>
        void p.then((r) => {
          ended.add(i);
          refused.push(r);
          if (ended.size === 5) resolve();
        }),
      );
    });
    for (const r of refused) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/is in use by sm-ir run pid \d+ on .+, started .+ \(contain stop-notebook\); nothing was read or changed/);
      expect(r.stderr).toContain('hint: wait for it to finish, then run again');
    }
    // Settled once the holder has asked for the stop (a transition started later would wait for ever).
    while (!w.fake.stats.calls.some((c) => c.operation === 'StopNotebookInstance')) await new Promise((r) => setTimeout(r, 20));
    w.sm.settle();
    const holder = await runs.find((_, i) => !ended.has(i))!;
    expect(holder.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(w.caseDir, 'manifest.json'), 'utf8')) as { runs: unknown[] };
    expect(manifest.runs).toHaveLength(1);
    expect(readdirSync(join(w.caseDir, 'evidence'))).toHaveLength(1);
    expect(w.fake.stats.calls.filter((c) => c.operation === 'StopNotebookInstance')).toHaveLength(1);
    expect(existsSync(join(w.caseDir, 'lock'))).toBe(false);
  });

  it('a lock left by a run that no longer runs on this host is taken over, and said so', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    mkdirSync(w.caseDir, { mode: 0o700 });
    writeFileSync(join(w.caseDir, 'lock'), JSON.stringify({ pid: dead, host: hostname(), started: '2026-12-01T00:00:00.000Z', command: 'contain stop-notebook', nonce: 'n1' }));
    const r = await stop();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`sm-ir: took over the lock of ${w.caseDir} left by sm-ir run pid ${dead}, started 2026-12-01T00:00:00.000Z (contain stop-notebook), which is no longer running`);
    expect(existsSync(join(w.caseDir, 'lock'))).toBe(false);
    expect(auditLog(w.caseDir).some((e) => e.operation === 'StopNotebookInstance')).toBe(true);
  });

  it.each([
    ['a running process of this host', () => ({ pid: process.pid, host: hostname() }), 'wait for it to finish, then run again'],
    ['another host (it cannot be checked)', () => ({ pid: 1, host: 'other-host.example' }), 'if that run has ended, delete'],
  ])('a lock held by %s is never broken', async (_what, holder, hint) => {
    mkdirSync(w.caseDir, { mode: 0o700 });
    const lock = JSON.stringify({ ...holder(), started: '2026-12-01T00:00:00.000Z', command: 'contain stop-notebook', nonce: 'n1' });
    writeFileSync(join(w.caseDir, 'lock'), lock);
    const r = await stop();
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`is in use by sm-ir run pid ${holder().pid} on ${holder().host}`);
    expect(r.stderr).toContain(hint);
    expect(w.fake.stats.calls).toEqual([]);
    expect(readFileSync(join(w.caseDir, 'lock'), 'utf8')).toBe(lock);
  });
});

describe('kill -9 mid-transition, then the same command again', () => {
  it('disable-root-access killed while the notebook is Stopping: the re-run takes over the lock, waits for Stopped (already-done) and finishes', async () => {
    await w.fake.close();
    w = await startWorld({ afterCalls: Infinity });
    w.sm.seed.notebook('nb1');
    const args = ['disable-root-access', 'nb1', '--yes', '--case', w.caseDir, '--output', 'json'];
    let child: ChildProcess | undefined;
    const first = contain(w, args, { onSpawn: (c) => (child = c) });
    while (!w.fake.stats.calls.some((c) => c.operation === 'StopNotebookInstance')) await new Promise((r) => setTimeout(r, 20));
    child!.kill('SIGKILL');
    expect((await first).code).toBe(null);
    expect(w.sm.state.notebooks.get('nb1')?.status).toBe('Stopping');

    const before = w.fake.stats.calls.length;
    const describesSince = () => w.fake.stats.calls.slice(before).filter((c) => c.operation === 'DescribeNotebookInstance').length;
    let done = false;
    const again = contain(w, args).finally(() => (done = true));
    // Settled only once the re-run has polled the Stopping notebook a few times (it waits, it does not call Stop again).
    while (!done && describesSince() < 5) await new Promise((r) => setTimeout(r, 20));
    const settler = setInterval(() => w.sm.settle(), 20);
    const r = await again.finally(() => clearInterval(settler));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('took over the lock');
    const results = (JSON.parse(r.stdout) as { results: { operation: string; outcome: string }[] }).results.map((x) => `${x.operation}:${x.outcome}`);
    expect(results).toEqual(['StopNotebookInstance:already-done', 'UpdateNotebookInstance:ok', 'StartNotebookInstance:ok']);
    expect(w.fake.stats.calls.filter((c) => c.operation === 'StopNotebookInstance')).toHaveLength(1);
    expect(w.sm.state.notebooks.get('nb1')).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });
  });
});
