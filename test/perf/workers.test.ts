import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { workerCount } from '../../src/sources/files/pool.js';
import { runCli } from '../e2e/run-cli.js';
import { cli } from './module-log.js';

describe('worker threads over files', () => {
  it('uses none for small inputs or one file, one per core for many large files, never more than the files', () => {
    expect(workerCount(300, 1024 * 1024, true, {})).toBe(0);
    expect(workerCount(300, 1e9, true, {})).toBe(Math.min(availableParallelism(), 300));
    expect(workerCount(1, 1e9, true, {})).toBe(0); // one file: zlib's own thread already overlaps with the scan
    expect(workerCount(1, 1e9, true, { SM_IR_WORKERS: '1' })).toBe(1);
  });

  it('uses none without a prefilter (every record is parsed in the main thread), unless SM_IR_WORKERS says so', () => {
    expect(workerCount(300, 1e9, false, {})).toBe(0);
    expect(workerCount(300, 1e9, false, { SM_IR_WORKERS: '2' })).toBe(2);
  });

  it('follows SM_IR_WORKERS, 0 meaning none', () => {
    expect(workerCount(300, 1e9, true, { SM_IR_WORKERS: '0' })).toBe(0);
    expect(workerCount(300, 10, true, { SM_IR_WORKERS: '3' })).toBe(3);
    expect(workerCount(2, 10, true, { SM_IR_WORKERS: '3' })).toBe(2);
    for (const bad of ['two', '-1', '1.5', '65']) expect(() => workerCount(3, 10, true, { SM_IR_WORKERS: bad })).toThrow(UsageError);
  });

  it('a bad SM_IR_WORKERS is a usage error, not a stack trace', async () => {
    const res = await runCli(['detect', '--logs', 'fixtures/incident', '--since', 'all'], { env: { SM_IR_WORKERS: 'lots' } });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("SM_IR_WORKERS: expected a number of worker threads from 0 to 64, got 'lots'");
    expect(res.stderr).not.toContain('    at ');
  });
});

describe('worker threads in the built binary', () => {
  const worker = (modules: string[]) => modules.filter((m) => m.endsWith('/dist/sources/files/worker.js'));
  it('start with SM_IR_WORKERS=2 and not with 0', () => {
    const args = ['detect', '--logs', 'fixtures/incident', '--since', 'all', '--output', 'json'];
    const on = cli(args, { SM_IR_WORKERS: '2' });
    const off = cli(args, { SM_IR_WORKERS: '0' });
    expect(on.status).toBe(0);
    expect(off.status).toBe(0);
    expect(worker(on.modules).length).toBeGreaterThanOrEqual(1);
    expect(worker(off.modules)).toEqual([]);
    expect(JSON.parse(on.stdout).findings).toEqual(JSON.parse(off.stdout).findings);
  });
});
