/**
 * --suppress FILE (issue 16): known-good activity, written down with a reason and a last day, leaves the views and
 * --fail-on but stays in the JSON report under `suppressed`; an expired entry suppresses nothing and says so; a bad
 * file is one line, exit 2, before anything is read.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DetectReport } from '../../src/core/report.js';
import { ROOT, runCli } from './run-cli.js';

const INCIDENT = ['detect', '--logs', 'fixtures/incident'];
const DEPLOYER = 'arn:aws:iam::111122223333:user/ml-ci-deployer';
const dir = mkdtempSync(join(tmpdir(), 'sm-ir-suppress-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
let all: DetectReport;
beforeAll(async () => {
  all = JSON.parse((await runCli([...INCIDENT, '--output', 'json'])).stdout) as DetectReport;
});

describe('detect --suppress', () => {
  it("moves what an entry matches to suppressed, with the entry's reason; the rest is unchanged", async () => {
    const yaml = file(
      'suppress.yaml',
      [
        'schema: sm-ir/suppress@1',
        'suppress:',
        '  - rule: scenario-event',
        `    actor: "arn:aws:iam::*:user/ml-ci-*"`,
        '    reason: the CI deployer lists and describes as part of every pipeline run (TICKET-123)',
        '    expires: "2099-12-31"',
        '',
      ].join('\n'),
    );
    const r = await runCli([...INCIDENT, '--output', 'json', '--suppress', yaml]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DetectReport;
    const matches = (f: DetectReport['findings'][number]) => f.ruleId === 'scenario-event' && f.principal.arn === DEPLOYER;
    expect(report.suppressed.map((s) => s.finding)).toEqual(all.findings.filter(matches));
    expect(report.suppressed.length).toBeGreaterThan(0);
    expect(new Set(report.suppressed.map((s) => `${s.entry} ${s.expires} ${s.reason}`))).toEqual(new Set(['0 2099-12-31 the CI deployer lists and describes as part of every pipeline run (TICKET-123)']));
    expect(report.findings).toEqual(all.findings.filter((f) => !matches(f)));
    const table = await runCli([...INCIDENT, '--suppress', yaml], { env: { COLUMNS: '300' } });
    expect(table.stdout).toContain(`suppressed: ${report.suppressed.length} findings by --suppress (the CI deployer lists and describes`);
  });

  it('--fail-on ignores suppressed findings; an expired entry suppresses nothing and says so', async () => {
    const json = file(
      'suppress.json',
      JSON.stringify({
        suppress: [
          { actor: '*', reason: 'everything, for the test', expires: '2099-01-01' },
          { rule: 'log-tampering', reason: 'old exception', expires: '2020-01-31' },
        ],
      }),
    );
    const r = await runCli([...INCIDENT, '--output', 'json', '--suppress', json, '--fail-on', 'low']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DetectReport;
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toHaveLength(all.findings.length);
    expect(r.stderr).toContain('--suppress entry 1 expired on 2020-01-31 and suppressed nothing (old exception): renew it or remove it');
    const expiredOnly = file('expired.json', JSON.stringify({ suppress: [{ rule: 'log-tampering', reason: 'old', expires: '2020-01-31' }] }));
    const e = await runCli([...INCIDENT, '--output', 'json', '--suppress', expiredOnly, '--fail-on', 'high']);
    expect(e.code).toBe(3);
    expect((JSON.parse(e.stdout) as DetectReport).findings).toEqual(all.findings);
  });

  it.each([
    ['not JSON', 'bad.json', '{"suppress": [', 'not JSON'],
    ['no reason', 'noreason.json', JSON.stringify({ suppress: [{ rule: 'x', expires: '2099-01-01' }] }), 'suppress.0.reason'],
    ['matches everything', 'all.json', JSON.stringify({ suppress: [{ reason: 'r', expires: '2099-01-01' }] }), 'an entry needs at least one of rule, actor, resource, eventName'],
    ['bad date', 'date.json', JSON.stringify({ suppress: [{ rule: 'x', reason: 'r', expires: 'next year' }] }), 'suppress.0.expires: a date, YYYY-MM-DD'],
    ['unknown key', 'key.json', JSON.stringify({ suppress: [{ rule: 'x', reason: 'r', expires: '2099-01-01', until: 'x' }] }), 'suppress.0'],
  ])('%s: exit 2, one line, nothing read', async (_what, name, text, message) => {
    const r = await runCli([...INCIDENT, '--suppress', file(name, text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('reads .sm-ir/suppress.yaml from the working directory without --suppress, says so, and --no-suppress leaves it out', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    mkdirSync(join(cwd, '.sm-ir'));
    writeFileSync(join(cwd, '.sm-ir', 'suppress.yaml'), 'suppress:\n  - rule: scenario-event\n    reason: name-only matches reviewed in TICKET-7\n    expires: "2099-12-31"\n');
    const logs = ['detect', '--logs', join(ROOT, 'fixtures/incident'), '--output', 'json'];
    const r = await runCli(logs, { cwd });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DetectReport;
    expect(report.suppressed.map((s) => s.finding)).toEqual(all.findings.filter((f) => f.ruleId === 'scenario-event'));
    expect(report.filters?.suppressFile).toBe('.sm-ir/suppress.yaml');
    expect(r.stderr).toContain('suppressions from .sm-ir/suppress.yaml (1 entry), found in the working directory: --no-suppress reads without them');
    const without = await runCli([...logs, '--no-suppress'], { cwd });
    const plain = JSON.parse(without.stdout) as DetectReport;
    expect(plain.findings).toEqual(all.findings);
    expect(plain.suppressed).toEqual([]);
    expect(plain.filters?.suppressFile).toBeUndefined();
    expect(without.stderr).not.toContain('suppressions from');
    // A bad file found there is refused as --suppress's would be, naming it.
    writeFileSync(join(cwd, '.sm-ir', 'suppress.yaml'), 'suppress: [\n');
    const bad = await runCli(logs, { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.sm-ir/suppress.yaml: not YAML');
  });
});
