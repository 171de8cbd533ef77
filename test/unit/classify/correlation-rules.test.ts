import { describe, expect, it } from 'vitest';
import { ACCOUNT, classify, ofRule } from './helpers.js';
// Records shared with each rule's fixtures (rules/<id>/fixtures.ts), whose near-misses rule-fixtures.test.ts checks.
import { persistence } from '../../../src/core/classify/rules/notebook-lifecycle-persistence/fixtures.js';
import { burstJobs } from '../../../src/core/classify/rules/creation-burst/fixtures.js';
import { deniedAcrossWatched, deniedOnLookAlike, deniedProbesElsewhere } from '../../../src/core/classify/rules/failed-call-burst/fixtures.js';
import { detachFromExecutionRole, policyThenPassed, trustedThenAttached } from '../../../src/core/classify/rules/sagemaker-role-iam-change/fixtures.js';

describe('notebook-lifecycle-persistence', () => {
  it('correlates Stop -> Update(LifecycleConfigName) -> Start by one principal, pushed in any order', () => {
    const { stop: s, update: u, start: st } = persistence;
    const [f, ...rest] = ofRule(classify([st, s, u]), 'notebook-lifecycle-persistence');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({
      id: `notebook-lifecycle-persistence:${s.eventID}`,
      eventName: 'StopNotebookInstance',
      time: '2026-11-27T10:00:00Z',
      severity: 'high',
      relatedEventIds: [s.eventID, u.eventID, st.eventID],
      resources: ['nb-1', 'evil-lcc'],
      principal: { key: `arn:aws:iam::${ACCOUNT}:role/DataScientist/mallory` },
    });
    expect(f?.reason).toBe('notebook nb-1 stopped, given lifecycle config evil-lcc and started again within 7 min');
    expect(f?.evidence.sequence).toEqual([
      '2026-11-27T10:00:00Z StopNotebookInstance',
      '2026-11-27T10:06:30Z UpdateNotebookInstance',
      '2026-11-27T10:07:10Z StartNotebookInstance',
    ]);
  });
});

describe('creation-burst', () => {
  it('flags 5 creations by one principal within 10 minutes, once', () => {
    const jobs = burstJobs;
    const found = ofRule(classify([...jobs].reverse()), 'creation-burst');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      id: `creation-burst:${jobs[0]?.eventID}`,
      severity: 'high',
      relatedEventIds: jobs.slice(0, 5).map((j) => j.eventID),
      evidence: { count: 5, eventNames: ['CreateTrainingJob'], firstTime: '2026-11-27T12:00:00Z', lastTime: '2026-11-27T12:09:59Z' },
    });
    expect(found[0]?.reason).toBe('5 creations (CreateTrainingJob) within 10 min (threshold 5 in 10 min)');
  });
});

describe('failed-call-burst', () => {
  it('flags 5 AccessDenied-style errors by one principal within 10 minutes across watched services', () => {
    const [f, ...rest] = ofRule(classify(deniedAcrossWatched), 'failed-call-burst');
    expect(rest).toEqual([]);
    expect(f?.evidence).toEqual({
      count: 5,
      errorCodes: ['AccessDenied', 'AccessDeniedException'],
      operations: ['sagemaker:ListNotebookInstances', 'sagemaker:DescribeTrainingJob', 'sagemaker:CreatePresignedNotebookInstanceUrl', 'cloudtrail:StopLogging', 'iam:AttachRolePolicy'],
      firstTime: '2026-11-27T13:00:00Z',
      lastTime: '2026-11-27T13:03:00Z',
    });
    expect(f?.reason).toBe('5 failed calls (AccessDenied, AccessDeniedException) on 5 operations within 3 min');
    expect(f?.errorCode).toBe('AccessDenied');
  });

  it('counts denied calls on every service, since reconnaissance probes them all (look-alike sources excepted)', () => {
    const probes = deniedProbesElsewhere;
    const [f, ...rest] = ofRule(classify(probes), 'failed-call-burst');
    expect(rest).toEqual([]);
    expect(f?.evidence.operations).toEqual(['s3:ListBuckets', 'ec2:DescribeInstances', 'secretsmanager:ListSecrets', 'kms:ListKeys', 'iam:ListRoles']);
    // Nothing but the burst comes from the unwatched records.
    expect(classify(probes.slice(0, 4))).toEqual([]);
    expect(classify(deniedOnLookAlike)).toEqual([]);
  });
});

describe('sagemaker-role-iam-change', () => {
  it('flags CreateRole whose (URL-encoded) trust policy names sagemaker.amazonaws.com, then policy changes to that role', () => {
    const { create, attach } = trustedThenAttached;
    const found = ofRule(classify([attach, create]), 'sagemaker-role-iam-change');
    expect(found.map((f) => f.reason)).toEqual([
      'CreateRole: role ml-runner trusts sagemaker.amazonaws.com',
      'AttachRolePolicy arn:aws:iam::aws:policy/AdministratorAccess on role ml-runner, a SageMaker role: its trust policy names sagemaker.amazonaws.com',
    ]);
    expect(found[1]?.evidence).toEqual({ roleName: 'ml-runner', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', knownBy: 'its trust policy names sagemaker.amazonaws.com' });
  });

  it('knows a role passed to SageMaker even when the policy change comes first in the files', () => {
    const { put, passed } = policyThenPassed;
    const [f] = ofRule(classify([put, passed]), 'sagemaker-role-iam-change');
    expect(f?.reason).toBe('PutRolePolicy inline on role TrainerRole, a SageMaker role: passed to SageMaker in CreateTrainingJob');
  });

  it('knows AmazonSageMaker-ExecutionRole* by name', () => {
    expect(ofRule(classify([detachFromExecutionRole]), 'sagemaker-role-iam-change')[0]?.evidence.knownBy).toBe('its name matches /^AmazonSageMaker-ExecutionRole/');
  });
});
