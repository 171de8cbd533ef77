import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { DETECT_REPORT_SCHEMA_ID, type DetectReport } from '../../../src/core/report.js';
import { human } from '../../../src/commands/detect/views/table.js';
import { emptyVerdict } from '../../../src/commands/detect/views/stats.js';
import { markdown } from '../../../src/commands/detect/views/markdown.js';

const report = (over: { stats?: Partial<DetectReport['stats']>; first?: string | null }): DetectReport => ({
  schema: DETECT_REPORT_SCHEMA_ID,
  generatedAt: '2026-12-04T00:00:00.000Z',
  window: { start: null, end: '2026-12-04T00:00:00.000Z' },
  sources: [{ kind: 'files', inputs: ['evidence/'] }],
  coverage: { inputs: ['evidence/'], span: { first: over.first ?? null, last: over.first ?? null } },
  stats: { unitsRead: 1, recordsRead: 0, recordsMatched: 0, duplicates: 0, skipped: {}, errors: [], skippedFiles: [], ...over.stats },
  partial: false,
  findings: [],
  aggregated: [],
  suppressed: [],
  principals: [],
  incidents: [],
});

describe('the table never says "No findings." when nothing was looked at (issue 14)', () => {
  it('nothing read: says so and names the inputs', () => {
    const r = report({});
    expect(emptyVerdict(r)).toBe('Nothing read: not one CloudTrail record in evidence/, so this is not "no findings" (see the lines below).');
    expect(human(r, new Chalk({ level: 0 }))).not.toContain('No findings.');
  });

  it('every record outside the window or --regions: says so', () => {
    const r = report({ first: '2026-11-27T00:00:00.000Z', stats: { recordsRead: 10, skipped: { 'outside-window': 6, 'outside-regions': 3, 'not-a-cloudtrail-record': 1 } } });
    expect(emptyVerdict(r)).toBe('Nothing in scope: all 9 records read are outside the window or --regions, so this is not "no findings" (see the window below).');
  });

  it('records looked at and nothing found: "No findings."', () => {
    const r = report({ first: '2026-11-27T00:00:00.000Z', stats: { recordsRead: 10, skipped: { 'outside-window': 6, 'unwatched-source': 4 } } });
    expect(emptyVerdict(r)).toBe('No findings.');
    expect(human(r, new Chalk({ level: 0 }))).toContain('No findings.');
  });

  it('markdown: never "## Findings (0)" when nothing was read or in scope; the inputs are listed', () => {
    const nothing = markdown(report({}));
    expect(nothing).not.toContain('## Findings');
    expect(nothing).toContain('## Nothing read\n\nNothing read: not one CloudTrail record in evidence/');
    expect(nothing).toContain('- inputs: evidence/');
    const outside = markdown(report({ first: '2026-11-27T00:00:00.000Z', stats: { recordsRead: 3, skipped: { 'outside-window': 3 } } }));
    expect(outside).not.toContain('## Findings');
    expect(outside).toContain('## Nothing in scope');
    const clear = markdown(report({ first: '2026-11-27T00:00:00.000Z', stats: { recordsRead: 3, skipped: { 'unwatched-source': 3 } } }));
    expect(clear).toContain('## Findings (0)\n\nNo findings.');
  });
});
