import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/commands/analyze/index.js';
import { buildChecklist } from '../../../src/core/analyze/checklist.js';
import { renderCaseReport } from '../../../src/core/analyze/markdown.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { finding, incidentFindings, report } from './builder.js';
import { fakeIo } from './io.js';

const playbook = loadPlaybook();
const headings = (md: string) => md.split('\n').filter((l) => /^#{1,3} /.test(l));

describe('the case report (markdown)', () => {
  const r = report(incidentFindings());
  const md = renderCaseReport({ checklist: buildChecklist(playbook, r), report: r, caseDir: 'cases/ir-7', audit: null });

  it('has summary, timeline, findings by scenario and by principal, then the checklist', () => {
    const h = headings(md);
    expect(h.slice(0, 5)).toEqual(['# SageMaker incident analysis', '## Summary', '## Timeline of flagged events', '## Findings by scenario', '### credential-theft (7)']);
    const top = h.filter((l) => l.startsWith('## '));
    expect(top).toEqual(['## Summary', '## Timeline of flagged events', '## Findings by scenario', '## Findings by principal', '## Analysis checklist']);
    expect(h.filter((l) => /^### Q\d+\. /.test(l))).toHaveLength(15);
    expect(md).toContain('- Findings: 12 (2 critical, 5 high, 3 medium, 2 low) in 9 events by 2 principals');
    expect(md).toContain('- Checklist: 12 with evidence, 0 with nothing found in the logs read, 3 needing a human');
    expect(md).toContain('- Answered: 0 of 15');
    expect(md.trimEnd().endsWith('CC-BY-4.0. Evidence mapping and guidance are sm-ir\'s._')).toBe(true);
  });

  it('the timeline has one row per flagged event, in time order, with all its rules', () => {
    const section = md.split('## Timeline of flagged events')[1]!.split('\n## ')[0]!;
    const rows = section.split('\n').filter((l) => l.startsWith('| 2026'));
    expect(rows).toHaveLength(9);
    expect(rows[1]).toContain('| scenario-event, notebook-insecure-config, execution-role-passed | high |');
    expect(rows.map((l) => l.slice(2, 22))).toEqual([...rows.map((l) => l.slice(2, 22))].sort());
  });

  it('each question shows status, evidence with citations, what to check, and the answer slot', () => {
    const q8 = md.split('### Q8. ')[1]!.split('### Q9. ')[0]!;
    expect(q8).toContain('**Status:** evidence found. 1 finding bears on this.');
    expect(q8).toContain('(rules `log-tampering`; events `ev-stoplog`)');
    expect(q8).toContain('**To check:**');
    expect(q8).toContain('**Answer:** _not answered yet_');
    expect(md.split('### Q1. ')[1]).toMatch(/^Which SageMaker resources were accessed without authorization\?\n\n_\(e\.g\., notebooks, models, endpoints, data stores\)_/);
  });

  it('escapes attacker-controlled text so it cannot inject markdown or tables', () => {
    const evil = report([
      finding({ ruleId: 'scenario-event', eventName: 'CreateModel', time: '2026-11-27T08:00:00Z', resources: ['model|<img src=x>'], userAgent: '**bold** `x`' }),
    ]);
    const out = renderCaseReport({ checklist: buildChecklist(playbook, evil), report: evil, caseDir: null, audit: null });
    expect(out).toContain('model\\|\\<img src=x\\>');
    expect(out).not.toMatch(/[^\\]<img/);
  });

  it('says a question has no relevant findings', () => {
    const recon = report([finding({ ruleId: 'failed-call-burst', eventName: 'ListTrainingJobs', time: '2026-11-27T08:00:00Z' })]);
    const out = renderCaseReport({ checklist: buildChecklist(playbook, recon), report: recon, caseDir: null, audit: null });
    expect(out.split('### Q8. ')[1]).toContain('**Status:** nothing found in the logs read. Nothing relevant in the logs read (files fixtures/incident,');
  });

  it('ends with the containment audit log of the case directory, reporting unreadable lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sm-ir-md-'));
    writeFileSync(join(dir, 'findings.json'), JSON.stringify(r));
    const entry = {
      time: '2026-11-27T10:00:00.000Z',
      command: 'contain',
      region: 'us-east-1',
      service: 'sagemaker',
      operation: 'StopNotebookInstance',
      parameters: { NotebookInstanceName: 'nb-pivot' },
      outcome: 'ok',
      requestId: 'req-1',
      error: null,
    };
    const failed = { ...entry, operation: 'DeleteEndpoint', outcome: 'error', requestId: null, error: { code: 'AccessDeniedException', message: 'not allowed' } };
    const read = { ...entry, operation: 'DescribeNotebookInstance', readOnly: true };
    writeFileSync(join(dir, 'audit.jsonl'), `${JSON.stringify(entry)}\nnot json\n${JSON.stringify(failed)}\n${JSON.stringify(read)}\n`);
    const { io, stdout } = fakeIo(null);
    await run({ output: 'markdown', case: dir }, io);
    const audit = stdout.text().split('## Containment audit log')[1]!;
    expect(headings(stdout.text()).at(-1)).toBe('## Containment audit log');
    expect(audit).toContain('2 changes. 1 read-only call (evidence, state checks) in the log, not shown.');
    expect(audit).not.toContain('DescribeNotebookInstance');
    expect(audit).toContain('| 2026-11-27T10:00:00.000Z | contain | us-east-1 | sagemaker:StopNotebookInstance | {"NotebookInstanceName":"nb-pivot"} | ok | req-1 |');
    expect(audit).toContain('| error | AccessDeniedException not allowed |');
    expect(audit).toContain('Unreadable lines (not shown): 2.');
  });

  it('without a case directory has no audit section', () => {
    expect(md).not.toContain('## Containment audit log');
  });
});
