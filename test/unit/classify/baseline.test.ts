import { describe, expect, it } from 'vitest';
import { Baseline, MAX_PAIRS, agentFamily } from '../../../src/core/classify/baseline.js';
import { baselineLearner, createClassifier } from '../../../src/core/classify/index.js';
import { at, rec } from '../../../src/core/classify/rules/fixture-kit.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { loadPlaybook } from '../../../src/playbook/load.js';

const playbook = loadPlaybook();
const url = (notebook: string, over: Partial<CloudTrailRecord> = {}) => rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: notebook }, { ...at('10:00:00'), ...over });

function withBaseline(before: CloudTrailRecord[], window: CloudTrailRecord[]) {
  const baseline = new Baseline(playbook);
  const learn = baselineLearner(playbook, baseline);
  for (const r of before) learn(r);
  const c = createClassifier(playbook, undefined, undefined, baseline);
  for (const r of window) c.push(r);
  return { findings: c.finish(), baseline };
}

describe('Baseline', () => {
  it('knows a principal\'s presigned URL targets: its usual notebook lowers, another one raises', () => {
    const before = [url('nb-mine', { eventTime: '2026-11-20T10:00:00Z' })];
    const { findings } = withBaseline(before, [url('nb-mine'), url('nb-prod-admin')]);
    const ofTarget = (t: string) => findings.find((f) => f.ruleId === 'presigned-url-access' && f.evidence.notebookInstanceName === t)!;
    expect(ofTarget('nb-mine').signals.filter((s) => s.kind === 'baseline').map((s) => s.id)).toEqual(['known-source-ip', 'known-user-agent', 'known-presigned-target']);
    expect(ofTarget('nb-mine').severity).toBe('low');
    expect(ofTarget('nb-prod-admin').signals.map((s) => s.id)).toContain('new-presigned-target');
  });

  it("an address new in the window but known from the baseline period is not new: the baseline's word replaces the window's", () => {
    const notebook = { sourceIPAddress: '10.20.4.52', userAgent: 'Boto3/1.34.2 md/Botocore#1.34.2' };
    const earlier = rec('DescribeTrainingJob', { trainingJobName: 'churn-1' }, { ...notebook, ...at('09:00:00') });
    const before = [url('nb-mine', { eventTime: '2026-11-20T10:00:00Z' })];
    const { findings } = withBaseline(before, [earlier, url('nb-mine')]);
    const f = findings.find((x) => x.ruleId === 'presigned-url-access')!;
    expect(f.signals.map((s) => s.id)).toEqual(['known-source-ip', 'known-user-agent', 'known-presigned-target']);
    const { findings: unknown } = withBaseline([], [earlier, url('nb-mine')]);
    expect(unknown.find((x) => x.ruleId === 'presigned-url-access')!.signals.map((s) => s.id)).toEqual(['source-ip-new-in-window', 'user-agent-new-in-window', 'new-principal']);
  });

  it('learns only what classification would read: an unwatched record teaches nothing', () => {
    const baseline = new Baseline(playbook);
    const learn = baselineLearner(playbook, baseline);
    learn(rec('ListBuckets', null, { eventSource: 's3.amazonaws.com' }));
    expect(baseline.summary()).toEqual({ principals: 0, pairs: 0, notLearnt: 0 });
    learn(url('nb-1'));
    expect(baseline.summary()).toEqual({ principals: 1, pairs: 3, notLearnt: 0 });
  });

  it('user agents by product, not version', () => {
    expect(agentFamily('aws-cli/2.15.0 Python/3.11.6 Linux/6.1')).toBe('aws-cli');
    expect(agentFamily('Boto3/1.34.2 md/Botocore#1.34.2')).toBe('Boto3');
    expect(agentFamily(null)).toBeUndefined();
    expect(MAX_PAIRS).toBe(1_000_000);
  });
});
