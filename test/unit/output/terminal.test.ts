import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes } from '../../../src/view/units.js';
import { colorEnabled, notice, progressOnStderr, resetTerminalPreferences, scanProgressLine, setTerminalPreferences } from '../../../src/output/terminal.js';

afterEach(() => resetTerminalPreferences());

describe('terminal output control', () => {
  it('a scan progress line: a bar over the inputs, bytes and records with their rates', () => {
    expect(scanProgressLine({ bytes: 1_700_000_000, records: 6_100_000, units: 120, totalUnits: 284, unitName: 'files', elapsedMs: 5_000 })).toBe(
      '[########------------]  42%  120 of 284 files  1.7 GB (340 MB/s)  6.1M records (1.2M/s)',
    );
    expect(scanProgressLine({ bytes: 0, records: 0, units: 3, unitName: 'pages', elapsedMs: 0 })).toBe('read 3 pages  0 B (0 B/s)  0 records (0/s)');
    expect(formatBytes(999)).toBe('999 B');
  });

  it('--quiet silences notes and progress, --color and --no-color win over the environment', () => {
    const out = new PassThrough();
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString()));
    notice('read 3 files', out);
    setTerminalPreferences({ quiet: true });
    notice('read 4 files', out);
    expect(written).toBe('sm-ir: read 3 files\n');
    expect(progressOnStderr({ isTTY: true, write: () => true } as unknown as NodeJS.WriteStream).active).toBe(false);
    setTerminalPreferences({ color: false });
    expect(colorEnabled({ isTTY: true } as NodeJS.WriteStream, { FORCE_COLOR: '1' })).toBe(false);
    setTerminalPreferences({ color: true });
    expect(colorEnabled({ isTTY: false } as NodeJS.WriteStream, { NO_COLOR: '1' })).toBe(true);
  });
});
