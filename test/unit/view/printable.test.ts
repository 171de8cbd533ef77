import { describe, expect, it } from 'vitest';
import { printable, printableDeep } from '../../../src/view/printable.js';

describe('printable', () => {
  it('shows control characters and bidi overrides as visible escapes, keeps tab, newline and other text', () => {
    expect(printable('evil\u001b[2J\u001b]0;pwned\u0007')).toBe('evil\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(printable('a\rb\u007fc\u009bd')).toBe('a\\u000db\\u007fc\\u009bd');
    expect(printable('invoice\u202Efdp.exe')).toBe('invoice\\u202efdp.exe');
    expect(printable('tab\tnewline\nsägemaker ✓ 日本')).toBe('tab\tnewline\nsägemaker ✓ 日本');
  });

  it('copies a JSON-like value with every string made printable, the original untouched', () => {
    const report = { findings: [{ reason: 'x\u001by', n: 3, ok: true, none: null, list: ['\u0000'] }] };
    expect(printableDeep(report)).toEqual({ findings: [{ reason: 'x\\u001by', n: 3, ok: true, none: null, list: ['\\u0000'] }] });
    expect(report.findings[0]!.reason).toBe('x\u001by');
  });
});
