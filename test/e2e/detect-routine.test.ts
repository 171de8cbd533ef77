/**
 * Issue 16's bar: a team's ordinary day (fixtures/routine: hardened creates by console users, a pipeline's jobs,
 * CI deploying on AWS's images, a reviewer's approval, AWS Config's reads) gives nothing at medium or above, so
 * --fail-on medium stays quiet; what it does report says why it is low.
 */
import { describe, expect, it } from 'vitest';
import type { DetectReport } from '../../src/core/report.js';
import { atLeast } from '../../src/playbook/severity.js';
import { runCli } from './run-cli.js';

describe('detect over a team\'s routine day', () => {
  it('reports nothing at medium or above, and --fail-on medium exits 0', async () => {
    const r = await runCli(['detect', '--logs', 'fixtures/routine', '--output', 'json', '--fail-on', 'medium']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as DetectReport;
    expect(report.stats.recordsRead).toBeGreaterThan(20);
    expect(report.findings.filter((f) => atLeast(f.severity, 'medium')).map((f) => `${f.severity} ${f.ruleId}: ${f.reason}`)).toEqual([]);
    // Creates made with the playbook's hardening say so; AWS's own images are not another account's.
    expect(report.findings.filter((f) => f.ruleId === 'execution-role-passed').every((f) => f.signals.some((s) => s.id === 'hardened'))).toBe(true);
    expect(report.findings.some((f) => f.ruleId === 'cross-account-artifact')).toBe(false);
    expect(report.findings.filter((f) => f.ruleId === 'presigned-url-access').every((f) => f.severity === 'low' && f.reason.endsWith('in the console'))).toBe(true);
    expect(report.incidents.every((i) => !atLeast(i.maxSeverity, 'medium'))).toBe(true);
  });

  it('while the sample incident\'s attacker is still found: each of its nine scenarios at medium or above', async () => {
    const r = await runCli(['detect', '--logs', 'fixtures/incident', '--output', 'json', '--fail-on', 'medium']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as DetectReport;
    const serious = new Set(report.findings.filter((f) => atLeast(f.severity, 'medium')).flatMap((f) => f.scenarios));
    expect([...serious].sort()).toEqual(
      ['configuration-changes', 'credential-theft', 'cryptojacking', 'data-model-exfiltration', 'data-poisoning', 'denial-of-service', 'log-tampering', 'malware-deployment', 'resource-misuse'],
    );
  });
});
