import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { reportModel } from '../../../src/commands/detect/views/index.js';
import { buildChecklist } from '../../../src/core/analyze/checklist.js';
import { renderCaseReport } from '../../../src/core/analyze/markdown.js';
import type { AuditEntry } from '../../../src/core/audit.js';
import type { Finding } from '../../../src/core/finding.js';
import { render } from '../../../src/output/render.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { finding, report } from '../analyze/builder.js';

/** Every trick issue 15 found reaching a report: terminal escapes, bidi, a forged row and heading, raw HTML, links. */
const HOSTILE = 'a\u001b[2J\u0007\u202e\u061c\n| inj | row |\n# forged\n<script>alert(1)</script>`[x](javascript:alert(1))![](http://x)&lt;';
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const playbook = loadPlaybook();

/** A finding with the value in every string field a CloudTrail record or a findings file can set. */
function hostileFinding(v: string): Finding {
  const principal = { arn: v, type: v, accountId: v, accessKeyId: v, issuerArn: v, key: v };
  return finding({
    ruleId: 'scenario-event', eventName: v, time: v, eventId: v, scenarios: [v], title: v, reason: v, region: v, account: v,
    principal, sourceIp: v, userAgent: v, eventSource: v, errorCode: v, resources: [v, v],
    id: `scenario-event:${v}`,
  });
}
function hostileReport(v: string) {
  return report([hostileFinding(v)], {
    generatedAt: v,
    window: { start: v, end: v },
    stats: { unitsRead: 1, recordsRead: 1, recordsMatched: 1, skipped: {}, errors: [{ input: v, reason: v }], skippedFiles: [{ input: v, reason: v }] },
  } as never);
}
const auditEntry = (v: string): AuditEntry => ({
  time: v, command: v, region: v, service: v, operation: v, parameters: { v }, outcome: 'error', requestId: v, error: { code: v, message: v },
});
const plain = new Chalk({ level: 0 });
function views(v: string): Record<string, string> {
  const r = hostileReport(v);
  const model = reportModel(r);
  const audit = { path: v, entries: [auditEntry(v)], unreadableLines: [] };
  return {
    'detect table': render(model, 'table', plain),
    'detect csv': render(model, 'csv', plain),
    'detect markdown': render(model, 'markdown', plain),
    'analyze markdown': renderCaseReport({ checklist: buildChecklist(playbook, r), report: r, caseDir: v, audit }),
  };
}

/** The markdown outside code spans (inside one nothing is interpreted), with escaped characters removed. */
const markup = (md: string) => md.replace(/\\\\/g, '').replace(/\\`/g, '').replace(/`[^`\n]*`/g, '').replace(/\\./g, '');
const pipes = (line: string) => line.replace(/\\\|/g, '').split('|').length;

describe('a hostile value in every field of every human view', () => {
  const hostile = views(HOSTILE);
  const benign = views('x');

  it.each(Object.keys(hostile))('%s: shows no raw control or bidi character', (name) => {
    expect(hostile[name]).not.toMatch(RAW_CONTROL);
    expect(hostile[name]).toContain('\\u001b');
    expect(hostile[name]).toContain('\\u061c');
  });

  it.each(['detect table', 'detect csv'])('%s: a line break in a field forges no line', (name) => {
    // The hostile value holds three line breaks in every field: each would add lines to every row.
    // Shown, it is exactly the value whose line breaks were the visible text \u000a all along.
    expect(hostile[name]).toBe(views(HOSTILE.replaceAll('\n', '\\u000a'))[name]);
    // The table wraps the escaped text in its cells; no line of it starts the forged row or heading.
    if (name === 'detect csv') expect(hostile[name]).toContain('\\u000a| inj | row |\\u000a# forged');
    expect(hostile[name]).toContain('\\u000a');
    expect(hostile[name]).not.toMatch(/^(\| inj|# forged)/m);
  });

  it.each(['detect markdown', 'analyze markdown'])('%s: forges no line, heading, row, tag or link', (name) => {
    const h = hostile[name]!.split('\n');
    const b = benign[name]!.split('\n');
    // Same shape as with a harmless value: same lines, headings, list items and cells per row.
    expect(h).toHaveLength(b.length);
    expect(h.map((l) => l.match(/^(#+ |- |\| |$)/)?.[0] ?? '')).toEqual(b.map((l) => l.match(/^(#+ |- |\| |$)/)?.[0] ?? ''));
    expect(h.map(pipes)).toEqual(b.map(pipes));
    const m = markup(hostile[name]!);
    expect(m).not.toMatch(/<[a-z/!]/i);
    expect(m).not.toMatch(/\]\(|!\[|&[#a-z]/i);
    expect(m).not.toContain('`');
  });
});
