/**
 * detect --baseline (issue 16 item 6): the period before --since says what is usual for each principal. A CI role
 * that passes the same execution role from the same runner every night is lowered; the same role passing another
 * role from another address is raised. Through the binary, with the prefilter on and off.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import type { DetectReport } from '../../src/core/report.js';
import { runCli } from './run-cli.js';

const ACCOUNT = '111122223333';
const CI = {
  type: 'AssumedRole',
  principalId: 'AROAIOSFODNN7EXAMPLE:GitHubActions',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-deploy/GitHubActions`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAIOSFODNN7EXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/github-actions-deploy`, accountId: ACCOUNT, userName: 'github-actions-deploy' },
    attributes: { creationDate: '2026-11-20T00:00:00Z', mfaAuthenticated: 'false' },
  },
};
const RUNNER = { sourceIPAddress: '192.0.2.211', userAgent: 'aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.5.0-1025-azure md/prompt#off' };
let n = 0;
const job = (time: string, name: string, role: string, over: Partial<CloudTrailRecord> = {}): CloudTrailRecord => ({
  eventVersion: '1.11', userIdentity: CI, eventTime: time, eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateTrainingJob', awsRegion: 'us-east-1',
  ...RUNNER,
  requestParameters: { trainingJobName: name, roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/${role}`, algorithmSpecification: { trainingImage: `683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1`, trainingInputMode: 'File' } },
  responseElements: null, requestID: `req-${++n}`, eventID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, readOnly: false, eventType: 'AwsApiCall',
  managementEvent: true, recipientAccountId: ACCOUNT, eventCategory: 'Management', ...over,
});

const dir = mkdtempSync(join(tmpdir(), 'sm-ir-baseline-'));
const WINDOW = ['--since', '2026-11-27T00:00:00Z', '--until', '2026-11-28T00:00:00Z'];
const detect = async (args: string[]) => {
  const r = await runCli(['detect', '--logs', dir, ...WINDOW, '--output', 'json', ...args]);
  return { ...r, report: r.code === 0 ? (JSON.parse(r.stdout) as DetectReport) : undefined };
};
const passed = (report: DetectReport | undefined, name: string) => report?.findings.find((f) => f.ruleId === 'execution-role-passed' && f.resources.some((x) => x.includes(name)));

beforeAll(() => {
  // A week of the nightly job, then the window: the nightly job again, and an odd one.
  const week = [20, 21, 22, 23, 24, 25, 26].map((d) => job(`2026-11-${d}T02:00:00Z`, `nightly-${d}`, 'TeamExec'));
  writeFileSync(join(dir, 'week.json'), JSON.stringify({ Records: week }));
  writeFileSync(join(dir, 'day.json'), JSON.stringify({ Records: [job('2026-11-27T02:00:00Z', 'nightly-27', 'TeamExec'), job('2026-11-27T03:10:00Z', 'odd-1', 'AdminExec', { sourceIPAddress: '198.51.100.77' })] }));
});

describe('detect --baseline', () => {
  it('lowers what the baseline period knew of the principal and raises what it did not, and says what it read', async () => {
    const plain = await detect([]);
    expect(passed(plain.report, 'nightly-27')?.severity).toBe('medium');
    // Without a baseline the odd job's host is still new within the window: the runner's calls came first.
    expect(passed(plain.report, 'odd-1')?.severity).toBe('high');
    expect(passed(plain.report, 'odd-1')?.signals.map((s) => s.id)).toEqual(['source-ip-new-in-window']);
    expect(plain.report?.baseline).toBeUndefined();

    const r = await detect(['--baseline', '7d']);
    expect(r.code, r.stderr).toBe(0);
    const nightly = passed(r.report, 'nightly-27')!;
    const odd = passed(r.report, 'odd-1')!;
    expect(nightly.severity).toBe('low');
    expect(nightly.signals.map((s) => `${s.effect} ${s.id}`)).toEqual(['lower known-source-ip', 'lower known-user-agent', 'lower known-role-passed']);
    expect(odd.severity).toBe('high');
    expect(odd.signals.filter((s) => s.kind === 'baseline').map((s) => `${s.effect} ${s.id}`)).toEqual(['raise new-source-ip', 'lower known-user-agent', 'raise new-role-passed']);
    expect(r.report?.baseline).toMatchObject({
      window: { start: '2026-11-20T00:00:00.000Z', end: '2026-11-26T23:59:59.999Z' },
      kind: 'files',
      recordsLearnt: 7,
      principals: 1,
      pairs: 3,
      notLearnt: 0,
      errors: 0,
    });
    expect(r.stderr).toContain('sm-ir: baseline 2026-11-20T00:00:00.000Z .. 2026-11-26T23:59:59.999Z: 9 records from 2 inputs, 1 principals and 3 pairs learnt');
    // The same with every record parsed.
    const all = await detect(['--baseline', '7d', '--no-prefilter']);
    expect(all.report?.findings).toEqual(r.report?.findings);
  });

  it('a principal the baseline period never saw is raised', async () => {
    const r = await detect(['--baseline', '12h']);
    expect(r.report?.baseline?.principals).toBe(0);
    expect(passed(r.report, 'nightly-27')?.signals.map((s) => s.id)).toContain('new-principal');
    expect(passed(r.report, 'nightly-27')?.severity).toBe('high');
  });

  it.each([
    [['--since', 'all', '--baseline', '7d'], '--since all has no start'],
    [[...WINDOW, '--baseline', 'soon'], "--baseline: expected a duration in hours, days or weeks (24h, 14d, 2w), got 'soon'"],
    [[...WINDOW, '--baseline', '0d'], '--baseline: expected a duration'],
  ])('%j: exit 2 before anything is read', async (args, message) => {
    const r = await runCli(['detect', '--logs', dir, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
