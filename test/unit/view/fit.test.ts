import { describe, expect, it } from 'vitest';
import { fitTable, shortenLeft, terminalWidth, wrapText } from '../../../src/view/fit.js';

const ARN = 'arn:aws:sts::111122223333:assumed-role/MlCi/ci-session';
const COLUMNS = [
  { header: 'severity', key: true, min: 8, max: 8 },
  { header: 'actor', key: true, min: 20, shorten: 'arn' as const },
  { header: 'note', priority: 1, min: 30 },
  { header: 'extra', priority: 0, min: 30 },
];
const ROWS = [['high', ARN, 'a long note that explains what happened '.repeat(3), 'lesser detail '.repeat(4)]];
const width = (s: string) => Math.max(...s.split('\n').map((l) => [...l].length));

describe('fitTable (issue 20)', () => {
  it('shortens an ARN from the left, keeping the end that names the actor', () => {
    expect(shortenLeft(ARN, 30)).toBe('…:assumed-role/MlCi/ci-session');
    expect(shortenLeft('short', 30)).toBe('short');
  });

  it('drops the lesser columns first and never the key ones, within the width', () => {
    const narrow = fitTable(COLUMNS, ROWS, 60);
    expect(width(narrow)).toBeLessThanOrEqual(60);
    expect(narrow).toContain('severity');
    expect(narrow).toContain('actor');
    expect(narrow).toContain('MlCi/ci-session');
    expect(narrow).not.toContain('extra');
    const wide = fitTable(COLUMNS, ROWS, 200);
    expect(wide).toContain('extra');
    expect(wide).toContain(ARN);
    expect(width(wide)).toBeLessThanOrEqual(200);
  });

  it('key columns alone wider than the terminal still fit', () => {
    const keys = [1, 2, 3, 4, 5, 6].map((i) => ({ header: `key${i}`, key: true, min: 20 }));
    expect(width(fitTable(keys, [keys.map(() => 'x'.repeat(40))], 80))).toBeLessThanOrEqual(80);
  });

  it('wraps text at spaces, indenting continuation lines and breaking a word wider than the line', () => {
    const lines = wrapText(`  lead ${'w'.repeat(50)} tail`, 20, '    ');
    expect(lines[0]).toBe('  lead');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(20);
    expect(lines.join('').replace(/ /g, '')).toBe(`lead${'w'.repeat(50)}tail`);
  });

  it('width: the TTY columns, else COLUMNS, else 120', () => {
    expect(terminalWidth({ columns: 90 }, { COLUMNS: '70' })).toBe(90);
    expect(terminalWidth({}, { COLUMNS: '70' })).toBe(70);
    expect(terminalWidth({}, {})).toBe(120);
  });
});
