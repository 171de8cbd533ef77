import { describe, expect, it } from 'vitest';
import { ACCOUNT, attacker, classify, keyUser, ofRule, rec } from './helpers.js';

const at = (hhmmss: string) => ({ eventTime: `2026-11-27T${hhmmss}Z` });

describe('notebook-lifecycle-persistence', () => {
  const stop = (t: string, extra = {}) => rec('StopNotebookInstance', { notebookInstanceName: 'nb-1' }, { ...at(t), ...extra });
  const update = (t: string, extra = {}) => rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', lifecycleConfigName: 'evil-lcc' }, { ...at(t), ...extra });
  const start = (t: string, extra = {}) => rec('StartNotebookInstance', { notebookInstanceName: 'nb-1' }, { ...at(t), ...extra });

  it('correlates Stop -> Update(LifecycleConfigName) -> Start by one principal, pushed in any order', () => {
    const s = stop('10:00:00');
    const u = update('10:06:30');
    const st = start('10:07:10');
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

  it('needs one principal, a lifecycle config in the update, and the window', () => {
    const other = { userIdentity: keyUser };
    const plainUpdate = rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', instanceType: 'ml.t3.large' }, at('10:05:00'));
    expect(ofRule(classify([stop('10:00:00'), update('10:05:00', other), start('10:10:00')]), 'notebook-lifecycle-persistence')).toEqual([]);
    expect(ofRule(classify([stop('10:00:00'), plainUpdate, start('10:10:00')]), 'notebook-lifecycle-persistence')).toEqual([]);
    expect(ofRule(classify([stop('10:00:00'), update('10:05:00'), start('11:30:00')]), 'notebook-lifecycle-persistence')).toEqual([]);
    expect(ofRule(classify([update('09:55:00'), stop('10:00:00'), start('10:10:00')]), 'notebook-lifecycle-persistence')).toEqual([]);
  });
});

describe('creation-burst', () => {
  const job = (i: number, t: string, extra = {}) => rec('CreateTrainingJob', { trainingJobName: `job-${i}` }, { ...at(t), ...extra });

  it('flags 5 creations by one principal within 10 minutes, once', () => {
    const jobs = [job(1, '12:00:00'), job(2, '12:01:00'), job(3, '12:03:00'), job(4, '12:06:00'), job(5, '12:09:59'), job(6, '12:12:00')];
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

  it('does not flag 4 creations, spread-out creations, or creations by different principals', () => {
    const four = [1, 2, 3, 4].map((i) => job(i, `12:0${i}:00`));
    const spread = [1, 2, 3, 4, 5].map((i) => job(i, `1${i}:00:00`));
    const mixed = [1, 2, 3, 4, 5].map((i) => job(i, `12:0${i}:00`, i % 2 ? { userIdentity: keyUser } : {}));
    for (const set of [four, spread, mixed]) expect(ofRule(classify(set), 'creation-burst')).toEqual([]);
  });
});

describe('failed-call-burst', () => {
  const denied = (name: string, t: string, extra = {}) =>
    rec(name, {}, { ...at(t), errorCode: 'AccessDenied', errorMessage: `User is not authorized to perform: sagemaker:${name}`, ...extra });

  it('flags 5 AccessDenied-style errors by one principal within 10 minutes across watched services', () => {
    const calls = [
      denied('ListNotebookInstances', '13:00:00'),
      denied('DescribeTrainingJob', '13:00:20'),
      denied('CreatePresignedNotebookInstanceUrl', '13:01:00'),
      denied('StopLogging', '13:02:00', { eventSource: 'cloudtrail.amazonaws.com' }),
      denied('AttachRolePolicy', '13:03:00', { eventSource: 'iam.amazonaws.com', errorCode: 'AccessDeniedException' }),
    ];
    const [f, ...rest] = ofRule(classify(calls), 'failed-call-burst');
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
    const probes = ['s3:ListBuckets', 'ec2:DescribeInstances', 'secretsmanager:ListSecrets', 'kms:ListKeys', 'iam:ListRoles'].map((op, i) => {
      const [svc, name] = op.split(':') as [string, string];
      return denied(name, `13:0${i}:00`, { eventSource: `${svc}.amazonaws.com` });
    });
    const [f, ...rest] = ofRule(classify(probes), 'failed-call-burst');
    expect(rest).toEqual([]);
    expect(f?.evidence.operations).toEqual(['s3:ListBuckets', 'ec2:DescribeInstances', 'secretsmanager:ListSecrets', 'kms:ListKeys', 'iam:ListRoles']);
    // Nothing but the burst comes from the unwatched records.
    expect(classify(probes.slice(0, 4))).toEqual([]);
    const lookAlike = [1, 2, 3, 4, 5].map((i) => denied('CreateEndpoint', `13:0${i}:00`, { eventSource: 'metrics-sagemaker.amazonaws.com' }));
    expect(classify(lookAlike)).toEqual([]);
  });

  it('does not flag a single failed call or validation errors', () => {
    const single = [denied('ListNotebookInstances', '13:00:00')];
    const validation = [1, 2, 3, 4, 5].map((i) => denied('CreateTrainingJob', `13:0${i}:00`, { errorCode: 'ValidationException' }));
    for (const set of [single, validation]) expect(ofRule(classify(set), 'failed-call-burst')).toEqual([]);
  });
});

describe('sagemaker-role-iam-change', () => {
  const iam = { eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1' };
  const trust = (service: string) =>
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

  it('flags CreateRole whose (URL-encoded) trust policy names sagemaker.amazonaws.com, then policy changes to that role', () => {
    const create = rec('CreateRole', { roleName: 'ml-runner', assumeRolePolicyDocument: encodeURIComponent(trust('sagemaker.amazonaws.com')) }, { ...iam, ...at('08:00:00') });
    const attach = rec('AttachRolePolicy', { roleName: 'ml-runner', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, { ...iam, ...at('08:01:00') });
    const found = ofRule(classify([attach, create]), 'sagemaker-role-iam-change');
    expect(found.map((f) => f.reason)).toEqual([
      'CreateRole: role ml-runner trusts sagemaker.amazonaws.com',
      'AttachRolePolicy arn:aws:iam::aws:policy/AdministratorAccess on role ml-runner, a SageMaker role: its trust policy names sagemaker.amazonaws.com',
    ]);
    expect(found[1]?.evidence).toEqual({ roleName: 'ml-runner', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', knownBy: 'its trust policy names sagemaker.amazonaws.com' });
  });

  it('knows a role passed to SageMaker even when the policy change comes first in the files', () => {
    const put = rec('PutRolePolicy', { roleName: 'TrainerRole', policyName: 'inline', policyDocument: '{}' }, { ...iam, ...at('08:00:00') });
    const passed = rec('CreateTrainingJob', { trainingJobName: 'tj', roleArn: `arn:aws:iam::${ACCOUNT}:role/ml/TrainerRole` }, at('09:00:00'));
    const [f] = ofRule(classify([put, passed]), 'sagemaker-role-iam-change');
    expect(f?.reason).toBe('PutRolePolicy inline on role TrainerRole, a SageMaker role: passed to SageMaker in CreateTrainingJob');
  });

  it('knows AmazonSageMaker-ExecutionRole* by name', () => {
    const detach = rec('DetachRolePolicy', { roleName: 'AmazonSageMaker-ExecutionRole-20261127T000001', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }, iam);
    expect(ofRule(classify([detach]), 'sagemaker-role-iam-change')[0]?.evidence.knownBy).toBe('its name matches /^AmazonSageMaker-ExecutionRole/');
  });

  it('does not flag roles unrelated to SageMaker', () => {
    const create = rec('CreateRole', { roleName: 'lambda-runner', assumeRolePolicyDocument: trust('lambda.amazonaws.com') }, iam);
    const attach = rec('AttachRolePolicy', { roleName: 'lambda-runner', policyArn: 'arn:aws:iam::aws:policy/AWSLambdaExecute' }, iam);
    const otherAccount = rec('PutRolePolicy', { roleName: 'TrainerRole', policyName: 'p' }, { ...iam, recipientAccountId: '444455556666', userIdentity: { ...attacker, accountId: '444455556666' } });
    const passed = rec('CreateTrainingJob', { trainingJobName: 'tj', roleArn: `arn:aws:iam::${ACCOUNT}:role/TrainerRole` });
    expect(ofRule(classify([create, attach, otherAccount, passed]), 'sagemaker-role-iam-change')).toEqual([]);
  });
});
