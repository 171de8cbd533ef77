import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/commands/analyze/index.js';
import { InterruptedError } from '../../../src/errors.js';
import { emptyAnalysis, walkOrder } from '../../../src/core/analyze/state.js';
import { incidentFindings, report } from './builder.js';
import { fakeIo } from './io.js';

let caseDir: string;
let findings: string;
beforeEach(() => {
  caseDir = mkdtempSync(join(tmpdir(), 'sm-ir-case-'));
  findings = join(caseDir, 'findings.json');
  writeFileSync(findings, JSON.stringify(report(incidentFindings())));
});
const state = () => JSON.parse(readFileSync(join(caseDir, 'analysis.json'), 'utf8'));
const walk = async (lines: string[]) => {
  const t = fakeIo(lines);
  const code = await run({ output: 'table', case: caseDir, interactive: true }, t.io);
  return { code, ...t };
};

describe('sm-ir analyze --case DIR --interactive', () => {
  it('records answers and notes, skips on an empty answer, stops on q, and resumes there', async () => {
    const first = await walk(['Notebook nb-pivot and model package churn/3', 'confirmed with the ML team', '', 'q']);
    expect(first.code).toBe(0);
    expect(first.stdout.text()).toBe(''); // the walk talks on stderr; no report unless asked for
    expect(first.stderr.text()).toContain('Q1. Which SageMaker resources were accessed without authorization?');
    expect(first.stderr.text()).toContain('[evidence found]');
    expect(first.stderr.text()).toContain('Stopped at Q3; run again to resume.');
    expect(state()).toMatchObject({
      schema: 'sm-ir/case-analysis@1',
      findingsFile: findings,
      cursor: 'q3',
      answers: { q1: { answer: 'Notebook nb-pivot and model package churn/3', note: 'confirmed with the ML team', answeredAt: '2026-11-27T13:00:01.000Z' } },
    });
    expect(state().answers.q2).toBeUndefined();

    // Ctrl-D (end of input) after answering Q3 and Q4 stops at Q5.
    const second = await walk(['Create, Stop/Update/Start of nb-pivot', '', 'Stopped CloudTrail', 'trail main restarted at 09:10']);
    expect(second.stderr.text()).not.toContain('Q1. ');
    expect(second.stderr.text()).toMatch(/^\nQ3\. /);
    expect(Object.keys(state().answers)).toEqual(['q1', 'q3', 'q4']);
    expect(state().answers.q3.note).toBeNull();
    expect(state().cursor).toBe('q5');
  });

  it('Ctrl-C on a terminal saves what was typed and exits 130 (interrupted)', async () => {
    const t = fakeIo(null, { open: true });
    Object.assign(t.stderr, { isTTY: true, columns: 200 }); // readline in terminal mode, where Ctrl-C is a key
    t.stdin.write('nb-pivot\r');
    setTimeout(() => t.stdin.write('\u0003'), 50);
    const err = await run({ output: 'table', case: caseDir, interactive: true }, t.io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect((err as InterruptedError).exitCode).toBe(130);
    expect(state()).toMatchObject({ cursor: 'q2', answers: { q1: { answer: 'nb-pivot', note: null } } });
  });

  it('remembers the findings file the answers were given against', async () => {
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'sm-ir-f-')), 'detect.json');
    writeFileSync(elsewhere, readFileSync(findings));
    rmSync(findings);
    await run({ output: 'table', case: caseDir, findings: elsewhere, interactive: true }, fakeIo(['q']).io);
    expect(state().findingsFile).toBe(elsewhere);
    const t = fakeIo(null);
    await run({ output: 'json', case: caseDir }, t.io);
    expect(JSON.parse(t.stdout.text()).questions[7].status).toBe('evidence-found');
  });

  it('after the last question, goes back to the skipped ones', () => {
    const s = { ...emptyAnalysis(null, 't'), cursor: 'q14', answers: { q1: { answer: 'a', note: null, answeredAt: 't' } } };
    const ids = Array.from({ length: 15 }, (_, i) => `q${i + 1}`);
    expect(walkOrder(ids, s)).toEqual(['q14', 'q15', ...ids.slice(1, 13)]);
  });

  it('writes the answers into the markdown report', async () => {
    await walk(['Notebook nb-pivot', 'see ticket IR-7', 'q']);
    const t = fakeIo(null);
    await run({ output: 'markdown', case: caseDir }, t.io);
    const md = t.stdout.text();
    expect(md).toContain('**Answer** (2026-11-27T13:00:01.000Z): Notebook nb-pivot');
    expect(md).toContain('**Note:** see ticket IR-7');
    expect(md).toContain('- Answered: 1 of 15');
  });

  it('says so when every question is answered', async () => {
    const answers = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`q${i + 1}`, { answer: 'x', note: null, answeredAt: 't' }]));
    writeFileSync(join(caseDir, 'analysis.json'), JSON.stringify({ ...emptyAnalysis(findings, 't'), answers }));
    const { stderr } = await walk([]);
    expect(stderr.text()).toContain('All 15 questions are answered.');
  });
});
