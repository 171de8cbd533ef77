import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/commands/analyze/index.js';
import { SmIrError, UsageError } from '../../../src/errors.js';
import { incidentFindings, report } from './builder.js';
import { fakeIo } from './io.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sm-ir-analyze-'));
});
const file = (name: string, content: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};

describe('sm-ir analyze', () => {
  it('prints the bare checklist without findings', async () => {
    const { io, stdout } = fakeIo(null);
    expect(await run({ output: 'table' }, io)).toBe(0);
    const out = stdout.text();
    expect(out).toContain('Q1. Which SageMaker resources were accessed without authorization? (e.g., notebooks, models, endpoints, data stores)');
    expect(out).toContain('Q15. What specific SageMaker security best practices');
    expect(out.match(/\[not assessed\]/g)).toHaveLength(12);
  });

  it('attaches evidence from a detect report, as JSON with its schema id', async () => {
    const { io, stdout } = fakeIo(null);
    await run({ output: 'json', findings: file('f.json', report(incidentFindings())) }, io);
    const doc = JSON.parse(stdout.text());
    expect(doc.schema).toBe('sm-ir/analysis@1');
    expect(doc.questions).toHaveLength(15);
    expect(doc.questions[7]).toMatchObject({ id: 'q8', status: 'evidence-found' });
    expect(doc.questions[7].evidence[0].findingIds).toEqual(['log-tampering:ev-stoplog']);
  });

  it('reads <case>/findings.json when --findings is not given, and writes --out', async () => {
    const caseDir = join(dir, 'case');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(caseDir);
    writeFileSync(join(caseDir, 'findings.json'), JSON.stringify(report(incidentFindings())));
    const { io, stdout, stderr } = fakeIo(null);
    await run({ output: 'markdown', case: caseDir, out: join(dir, 'report.md') }, io);
    expect(stdout.text()).toBe('');
    expect(stderr.text()).toContain('Wrote ');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toContain('**Status:** evidence found');
  });

  describe('a wrong findings file is a clear error', () => {
    const fails = async (content: unknown) => {
      const { io } = fakeIo(null);
      const err = await run({ output: 'table', findings: file('bad.json', content) }, io).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SmIrError);
      expect((err as SmIrError).exitCode).toBe(2);
      return err as SmIrError;
    };
    it('missing', async () => {
      const { io } = fakeIo(null);
      await expect(run({ output: 'table', findings: join(dir, 'nope.json') }, io)).rejects.toThrow(/--findings .*nope\.json: no such file/);
    });
    it('not JSON', async () => {
      const e = await fails('{"schema": "sm-ir/detect-report@1", ');
      expect(e.message).toMatch(/not a JSON document/);
      expect(e.hint).toContain('--output json');
    });
    it('JSON lines or an array', async () => {
      expect((await fails(incidentFindings())).message).toMatch(/a JSON array, not a detect report/);
    });
    it('another document or an older version', async () => {
      expect((await fails({ schema: 'sm-ir/contain-plan@1' })).message).toMatch(/a 'sm-ir\/contain-plan@1' document; analyze reads 'sm-ir\/detect-report@1'/);
      const old = await fails({ ...report([]), schema: 'sm-ir/detect-report@0' });
      expect(old.hint).toBe('re-run detect with this version of sm-ir');
      expect((await fails({ Records: [] })).message).toMatch(/no schema field/);
    });
    it('a report whose findings do not fit the model names the field', async () => {
      const r = report(incidentFindings());
      (r.findings[0] as unknown as Record<string, unknown>).severity = 'urgent';
      expect((await fails(r)).message).toMatch(/not a valid detect report: findings\.0\.severity/);
    });
  });

  it('refuses --interactive without a TTY or without a case (exit 2)', async () => {
    const noTty = fakeIo(['x'], { tty: false });
    const e1 = await run({ output: 'table', case: dir, interactive: true }, noTty.io).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(UsageError);
    expect((e1 as UsageError).exitCode).toBe(2);
    expect((e1 as UsageError).message).toMatch(/not a TTY/);
    await expect(run({ output: 'table', interactive: true }, fakeIo(['x']).io)).rejects.toThrow(/--interactive needs --case/);
  });

  it('a broken analysis.json is an error that says how to start afresh', async () => {
    writeFileSync(join(dir, 'analysis.json'), JSON.stringify({ schema: 'sm-ir/case-analysis@1', answers: 3 }));
    await expect(run({ output: 'table', case: dir }, fakeIo(null).io)).rejects.toThrow(/case analysis .*analysis\.json: not a 'sm-ir\/case-analysis@1' document/);
  });
});
