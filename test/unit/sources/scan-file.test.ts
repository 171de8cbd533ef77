import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../../src/sources/files/scan.js';
import type { ScanSink } from '../../../src/sources/files/scanner.js';
import type { ValueKind } from '../../../src/sources/files/values.js';

const tmp = mkdtempSync(join(tmpdir(), 'sm-ir-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

class Collect implements ScanSink {
  values: string[] = [];
  value(_kind: ValueKind, text: string): void {
    this.values.push(text);
  }
  invalid(): void {}
}

async function scan(path: string) {
  const sink = new Collect();
  const it = scanFile(path, sink, { chunkBytes: 64 });
  for (;;) {
    const step = await it.next();
    if (step.done === true) return { outcome: step.value, values: sink.values };
  }
}

const records = (n: number) => JSON.stringify({ Records: Array.from({ length: n }, (_, k) => ({ eventName: `Op${k}`, eventTime: '2024-05-01T10:00:00Z' })) });

describe('scanFile', () => {
  it('a FIFO given as a log file (swapped in after the walk) is reported at once, never waited on', async () => {
    const fifo = join(tmp, 'swapped.json.gz');
    execFileSync('mkfifo', [fifo]);
    expect(await scan(fifo)).toEqual({ outcome: { read: false, reason: 'now a FIFO (named pipe), not a regular file (replaced after the directory walk?)', counted: false }, values: [] });
  });

  it('a small gzip read in one call gives the records, in order, that streaming it in 64-byte chunks gives', async () => {
    const body = gzipSync(records(50));
    const whole = join(tmp, 'whole.json.gz');
    writeFileSync(whole, body);
    const { outcome, values } = await scan(whole);
    expect(outcome).toMatchObject({ read: true, gzip: true });
    expect(values.map((v) => JSON.parse(v).eventName)).toEqual(Array.from({ length: 50 }, (_, k) => `Op${k}`));
  });

  it('a truncated small gzip keeps the records before the cut and says it was truncated', async () => {
    const body = gzipSync(records(2000));
    const cut = join(tmp, 'cut.json.gz');
    writeFileSync(cut, body.subarray(0, Math.floor(body.length / 2)));
    const { outcome, values } = await scan(cut);
    expect(outcome).toMatchObject({ read: true, gzip: true, problem: 'truncated gzip' });
    expect(values.length).toBeGreaterThan(100);
    expect(values.map((v) => JSON.parse(v).eventName)).toEqual(Array.from({ length: values.length }, (_, k) => `Op${k}`));
  });
});
