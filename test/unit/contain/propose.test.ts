import { describe, expect, it } from 'vitest';
import { proposeFromFindings } from '../../../src/core/contain/propose.js';
import type { DetectReport } from '../../../src/core/report.js';
import type { Finding } from '../../../src/core/finding.js';

const base: Finding = {
  id: 'r:1', ruleId: 'scenario-event', scenarios: [], severity: 'high', signals: [], confidence: 'medium', title: 't', reason: 'r', time: '2026-11-20T10:00:00Z',
  region: 'us-east-1', account: '111122223333',
  principal: { arn: 'arn:aws:iam::111122223333:user/mallory', type: 'IAMUser', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', issuerArn: null, key: 'k' },
  sourceIp: null, userAgent: null, eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateEndpoint', eventId: 'e', relatedEventIds: [], errorCode: null,
  resources: ['arn:aws:sagemaker:us-east-1:111122223333:endpoint/evil-ep'], mitre: [], tactics: [], evidence: {},
};
const report = (findings: Partial<Finding>[]): DetectReport => ({
  schema: 'sm-ir/detect-report@1', generatedAt: '', window: { start: null, end: '' }, sources: [],
  stats: { unitsRead: 0, recordsRead: 0, recordsMatched: 0, duplicates: 0, skipped: {}, errors: [], skippedFiles: [] }, partial: false,
  findings: findings.map((f, i) => ({ ...base, id: `r:${i}`, ...f })), aggregated: [], suppressed: [], principals: [], incidents: [],
});

describe('proposeFromFindings', () => {
  it('maps created resources to their containment action, in the region only, jobs stopped before deletions', () => {
    const r = proposeFromFindings(report([{}, { resources: ['arn:aws:sagemaker:eu-west-1:111122223333:endpoint/elsewhere'] }, { eventName: 'CreateProcessingJob', resources: ['proc-1'] }]), 'us-east-1');
    expect(r.proposals.map((x) => [x.action, x.target, x.options])).toEqual([
      ['deactivate-access-key', 'mallory', { accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'] }],
      ['quarantine-user', 'mallory', {}],
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
    expect(r.proposals.map((x) => `${x.action} ${x.target}`)).toEqual(['deactivate-access-key mallory', 'quarantine-user mallory', 'stop-job miner', 'delete-endpoint evil-ep']);
  });
  it('acts on the subject of the call, not on the other names it carries', () => {
    const r = proposeFromFindings(report([{ ruleId: 'notebook-lifecycle-persistence', eventName: 'StopNotebookInstance', resources: ['ds-notebook', 'evil-lcc'] }]), 'us-east-1');
    expect(r.proposals.map((x) => `${x.action} ${x.target}`)).toEqual(['deactivate-access-key mallory', 'quarantine-user mallory', 'detach-lifecycle-config ds-notebook']);
  });
  it('revokes the sessions of roles the principal acted as and quarantines roles it passed', () => {
    const p = proposeFromFindings(
      report([{ ruleId: 'execution-role-passed', eventName: 'CreateNotebookInstance', principal: { ...base.principal, issuerArn: 'arn:aws:iam::111122223333:role/dev/DevRole' }, resources: ['nb-1', 'arn:aws:iam::111122223333:role/Exec'] }]),
      'us-east-1',
    ).proposals;
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['deactivate-access-key mallory', 'quarantine-user mallory', 'revoke-sessions DevRole', 'stop-notebook nb-1', 'quarantine-role Exec']);
  });
  it('prefers disabling root access over stopping the same notebook', () => {
    const p = proposeFromFindings(report([{ eventName: 'CreatePresignedNotebookInstanceUrl', resources: ['nb-1'] }, { ruleId: 'notebook-insecure-config', eventName: 'UpdateNotebookInstance', resources: ['nb-1'] }]), 'us-east-1').proposals;
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['deactivate-access-key mallory', 'quarantine-user mallory', 'disable-root-access nb-1']);
  });
  it('stops a notebook the principal created rather than restarting it with root disabled', () => {
    const p = proposeFromFindings(report([{ ruleId: 'notebook-insecure-config', eventName: 'CreateNotebookInstance', resources: ['nb-1'] }]), 'us-east-1').proposals;
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['deactivate-access-key mallory', 'quarantine-user mallory', 'stop-notebook nb-1']);
  });
  it('an IAM user with a long-term key: that key deactivated and the user quarantined, first; a session key (GetSessionToken) only quarantines', () => {
    const sessionUser = { ...base.principal, arn: 'arn:aws:iam::111122223333:user/ops/eve', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', key: 'eve' };
    const p = proposeFromFindings(report([{}, { principal: sessionUser, resources: ['arn:aws:sagemaker:us-east-1:111122223333:endpoint/ep-2'] }]), 'us-east-1').proposals;
    expect(p.map((x) => [x.action, x.target, x.options])).toEqual([
      ['deactivate-access-key', 'mallory', { accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'] }],
      ['quarantine-user', 'mallory', {}],
      ['quarantine-user', 'eve', {}],
      ['delete-endpoint', 'evil-ep', {}],
      ['delete-endpoint', 'ep-2', {}],
    ]);
  });
  it('an assumed role: its sessions revoked before anything else it did is torn down; the execution roles it passed quarantined last', () => {
    const role = { arn: 'arn:aws:sts::111122223333:assumed-role/Exec/SageMaker', type: 'AssumedRole', accountId: '111122223333', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', issuerArn: 'arn:aws:iam::111122223333:role/service-role/Exec', key: 'exec' };
    const p = proposeFromFindings(report([{ principal: role }, { principal: role, ruleId: 'execution-role-passed', eventName: 'CreateModel', resources: ['m-1', 'arn:aws:iam::111122223333:role/service-role/Exec'] }]), 'us-east-1').proposals;
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['revoke-sessions Exec', 'delete-endpoint evil-ep', 'delete-model m-1', 'quarantine-role Exec']);
  });
  it('a finding that names no resource is returned as unresolved, not dropped', () => {
    const r = proposeFromFindings(report([{ id: 'creation-burst:e9', eventName: 'CreateTrainingJob', resources: [] }]), 'us-east-1');
    expect(r.unresolved).toEqual([{ action: 'stop-job', because: 'creation-burst:e9' }]);
  });
});
