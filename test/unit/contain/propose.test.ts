import { describe, expect, it } from 'vitest';
import { proposeFromFindings } from '../../../src/core/contain/propose.js';
import type { DetectReport } from '../../../src/core/report.js';
import type { Finding } from '../../../src/core/finding.js';

const base: Finding = {
  id: 'r:1', ruleId: 'scenario-event', scenarios: [], severity: 'high', confidence: 'medium', title: 't', reason: 'r', time: '2026-11-20T10:00:00Z',
  region: 'us-east-1', account: '111122223333',
  principal: { arn: 'arn:aws:iam::111122223333:user/mallory', type: 'IAMUser', accountId: '111122223333', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', issuerArn: null, key: 'k' },
  sourceIp: null, userAgent: null, eventSource: 'sagemaker.amazonaws.com', eventName: 'CreateEndpoint', eventId: 'e', relatedEventIds: [], errorCode: null,
  resources: ['arn:aws:sagemaker:us-east-1:111122223333:endpoint/evil-ep'], mitre: [], evidence: {},
};
const report = (findings: Partial<Finding>[]): DetectReport => ({
  schema: 'sm-ir/detect-report@1', generatedAt: '', window: { start: null, end: '' }, sources: [],
  stats: { unitsRead: 0, recordsRead: 0, recordsMatched: 0, skipped: {}, errors: [] }, partial: false,
  findings: findings.map((f, i) => ({ ...base, id: `r:${i}`, ...f })), principals: [],
});

describe('proposeFromFindings', () => {
  it('maps created resources to their containment action, in the region only', () => {
    const p = proposeFromFindings(report([{}, { resources: ['arn:aws:sagemaker:eu-west-1:111122223333:endpoint/elsewhere'] }, { eventName: 'CreateProcessingJob', resources: ['proc-1'] }]), 'us-east-1');
    expect(p.map((x) => [x.action, x.target, x.options])).toEqual([
      ['delete-endpoint', 'evil-ep', {}],
      ['stop-job', 'proc-1', { jobType: 'processing' }],
    ]);
  });
  it('ignores weak and failed events', () => {
    expect(proposeFromFindings(report([{ confidence: 'weak' }, { errorCode: 'AccessDenied' }]), 'us-east-1')).toEqual([]);
  });
  it('revokes the sessions of roles the principal acted as and quarantines roles it passed', () => {
    const p = proposeFromFindings(
      report([{ ruleId: 'execution-role-passed', eventName: 'CreateNotebookInstance', principal: { ...base.principal, issuerArn: 'arn:aws:iam::111122223333:role/dev/DevRole' }, resources: ['nb-1', 'arn:aws:iam::111122223333:role/Exec'] }]),
      'us-east-1',
    );
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['revoke-sessions DevRole', 'stop-notebook nb-1', 'quarantine-role Exec']);
  });
  it('prefers disabling root access over stopping the same notebook', () => {
    const p = proposeFromFindings(report([{ eventName: 'CreateNotebookInstance', resources: ['nb-1'] }, { ruleId: 'notebook-insecure-config', eventName: 'UpdateNotebookInstance', resources: ['nb-1'] }]), 'us-east-1');
    expect(p.map((x) => `${x.action} ${x.target}`)).toEqual(['disable-root-access nb-1']);
  });
});
