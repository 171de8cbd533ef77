import { describe, expect, it } from 'vitest';
import { proposeFromFindings } from '../../../src/core/contain/propose.js';
import type { DetectReport } from '../../../src/core/report.js';
import type { Finding } from '../../../src/core/finding.js';

const base: Finding = {
  id: 'r:1', ruleId: 'scenario-event', scenarios: [], severity: 'high', signals: [], confidence: 'medium', title: 't', reason: 'r', time: '2026-11-20T10:00:00Z',
  region: 'us-east-1', account: '111122223333',
  principal: { arn: 'arn:aws:iam::111122223333:user/mallory', type: 'IAMUser', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', issuerArn: null, key: 'k' },
  sourceIp: null, userAgent: null, eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateEndpoint', eventId: 'e', relatedEventIds: [], errorCode: null,
  resources: ['arn:aws:sagemaker:us-east-1:111122223333:endpoint/evil-ep'], mitre: [], evidence: {},
};
const report = (findings: Partial<Finding>[]): DetectReport => ({
  schema: 'sm-ir/detect-report@1', generatedAt: '', window: { start: null, end: '' }, sources: [],
  stats: { unitsRead: 0, recordsRead: 0, recordsMatched: 0, duplicates: 0, skipped: {}, errors: [], skippedFiles: [] }, partial: false,
  findings: findings.map((f, i) => ({ ...base, id: `r:${i}`, ...f })), principals: [],
});

describe('proposeFromFindings', () => {
  it('maps created resources to their containment action, in the region only, jobs stopped before deletions', () => {
    const r = proposeFromFindings(report([{}, { resources: ['arn:aws:sagemaker:eu-west-1:111122223333:endpoint/elsewhere'] }, { eventName: 'CreateProcessingJob', resources: ['proc-1'] }]), 'us-east-1');
    expect(r.proposals.map((x) => [x.action, x.target, x.options])).toEqual([
      ['stop-job', 'proc-1', { jobType: 'processing' }],
      ['delete-endpoint', 'evil-ep', {}],
    ]);
    expect(r.elsewhere).toEqual({ 'eu-west-1': 1 });
  });
  it('ignores failed events, and weak findings of principals nothing else flags', () => {
    expect(proposeFromFindings(report([{ confidence: 'weak' }, { errorCode: 'AccessDenied', eventName: 'CreateModel' }]), 'us-east-1').proposals).toEqual([]);
  });
  it("proposes a flagged principal's weak findings too: what it created is suspect", () => {
    const r = proposeFromFindings(report([{ confidence: 'weak', eventName: 'CreateEndpoint' }, { ruleId: 'large-instance-type', eventName: 'CreateTrainingJob', resources: ['arn:aws:sagemaker:us-east-1:111122223333:training-job/miner'] }]), 'us-east-1');
    expect(r.proposals.map((x) => `${x.action} ${x.target}`)).toEqual(['stop-job miner', 'delete-endpoint evil-ep']);
  });
  it('acts on the subject of the call, not on the other names it carries', () => {
    const r = proposeFromFindings(report([{ ruleId: 'notebook-lifecycle-persistence', eventName: 'StopNotebookInstance', resources: ['ds-notebook', 'evil-lcc'] }]), 'us-east-1');
    expect(r.proposals.map((x) => `${x.action} ${x.target}`)).toEqual(['detach-lifecycle-config ds-notebook']);
  });
  it('revokes the sessions of roles the principal acted as and quarantines roles it passed', () => {
    const p = proposeFromFindings(
      report([{ ruleId: 'execution-role-passed', eventName: 'CreateNotebookInstance', principal: { ...base.principal, issuerArn: 'arn:aws:iam::111122223333:role/dev/DevRole' }, resources: ['nb-1', 'arn:aws:iam::111122223333:role/Exec'] }]),
      'us-east-1',
    ).proposals;
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['revoke-sessions DevRole', 'quarantine-role Exec', 'stop-notebook nb-1']);
  });
  it('prefers disabling root access over stopping the same notebook', () => {
    const p = proposeFromFindings(report([{ eventName: 'CreatePresignedNotebookInstanceUrl', resources: ['nb-1'] }, { ruleId: 'notebook-insecure-config', eventName: 'UpdateNotebookInstance', resources: ['nb-1'] }]), 'us-east-1').proposals;
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['disable-root-access nb-1']);
  });
  it('stops a notebook the principal created rather than restarting it with root disabled', () => {
    const p = proposeFromFindings(report([{ ruleId: 'notebook-insecure-config', eventName: 'CreateNotebookInstance', resources: ['nb-1'] }]), 'us-east-1').proposals;
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['stop-notebook nb-1']);
  });
});
