import { describe, expect, it } from 'vitest';
import { KALI_CLI, fromConsole } from '../../../src/core/classify/rules/fixture-kit.js';
import type { Finding } from '../../../src/core/finding.js';
import { settle } from '../../../src/core/classify/signals.js';
import { ACCOUNT, OTHER_ACCOUNT, attacker, classify, keyUser, ofRule, rec } from './helpers.js';

const CONSOLE = fromConsole;
const KALI = KALI_CLI;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20261001T000001`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`;
const OWN_IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/churn-xgb:1.2`;

/** A GPU training job; `hardened` adds every setting the playbook's SCPs require. */
function trainingJob(name: string, hardened: boolean, extra: Record<string, unknown> = {}) {
  return {
    trainingJobName: name,
    algorithmSpecification: { trainingImage: OWN_IMAGE, trainingInputMode: 'File' },
    roleArn: ROLE,
    outputDataConfig: { s3OutputPath: `s3://ml-models-${ACCOUNT}/churn/` },
    resourceConfig: { instanceType: 'ml.g5.2xlarge', instanceCount: 1, volumeSizeInGB: 50, ...(hardened ? { volumeKmsKeyId: KEY } : {}) },
    stoppingCondition: { maxRuntimeInSeconds: 3600 },
    ...(hardened
      ? { vpcConfig: { securityGroupIds: ['sg-0123456789abcdef0'], subnets: ['subnet-0123456789abcdef0'] }, enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true }
      : { enableNetworkIsolation: false }),
    ...extra,
  };
}

const severities = (fs: Finding[]) => Object.fromEntries(fs.map((f) => [f.ruleId, f.severity]));

describe('severity from evidence: the same API, near miss and attack told apart', () => {
  it('a hardened GPU training job by a console user: info and low only', () => {
    const fs = classify([rec('CreateTrainingJob', trainingJob('churn-xgb-001', true), CONSOLE)]);
    expect(severities(fs)).toEqual({ 'scenario-event': 'info', 'execution-role-passed': 'low', 'large-instance-type': 'low' });
    for (const f of fs) expect(f.signals.map((s) => s.id)).toEqual(['hardened']);
    expect(fs[0]?.signals[0]?.detail).toBe('created hardened: in a VPC, KMS-encrypted volume, network isolation, inter-container traffic encryption');
  });

  it('the same job at the defaults from a leaked long-term key: low for the name, high for the role and the GPU', () => {
    const fs = classify([rec('CreateTrainingJob', trainingJob('bench-01', false), { userIdentity: keyUser })]);
    expect(severities(fs)).toEqual({ 'scenario-event': 'low', 'execution-role-passed': 'high', 'large-instance-type': 'high' });
    for (const f of fs) expect(f.signals.map((s) => `${s.effect} ${s.id}`)).toEqual(['raise long-term-key']);
  });

  it('a job with some but not all settings keeps the rule level: nothing lowers it', () => {
    const partial = trainingJob('churn-xgb-002', false, { vpcConfig: { securityGroupIds: ['sg-0123456789abcdef0'], subnets: ['subnet-0123456789abcdef0'] } });
    const fs = classify([rec('CreateTrainingJob', partial, CONSOLE)]);
    expect(severities(fs)).toEqual({ 'scenario-event': 'info', 'execution-role-passed': 'medium', 'large-instance-type': 'medium' });
  });

  it("another account's KMS key is not the account's hardening", () => {
    const foreignKey = `arn:aws:kms:us-east-1:${OTHER_ACCOUNT}:key/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d`;
    const job = trainingJob('x', true);
    job.resourceConfig = { ...job.resourceConfig, volumeKmsKeyId: foreignKey };
    const fs = classify([rec('CreateTrainingJob', job, CONSOLE)]);
    expect(ofRule(fs, 'execution-role-passed')[0]?.signals).toEqual([]);
    expect(ofRule(fs, 'cross-account-artifact')[0]?.severity).toBe('high');
  });

  it('a hardened request does not lower cross-account-artifact below medium: a foreign image is foreign code in any VPC', () => {
    const job = trainingJob('x', true, { algorithmSpecification: { trainingImage: `${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/bench:latest`, trainingInputMode: 'File' } });
    const [f] = ofRule(classify([rec('CreateTrainingJob', job, CONSOLE)]), 'cross-account-artifact');
    // Network isolation (part of the hardening) keeps the container from sending data out: medium, not lower.
    expect(f).toMatchObject({ severity: 'medium', signals: [] });
  });

  it('a hardened notebook by the console is low; one at the defaults by an offensive tool is high', () => {
    const hardened = rec('CreateNotebookInstance', {
      notebookInstanceName: 'ds-sandbox', instanceType: 'ml.t3.medium', roleArn: ROLE, subnetId: 'subnet-0123456789abcdef0',
      securityGroupIds: ['sg-0123456789abcdef0'], kmsKeyId: KEY, rootAccess: 'Disabled', directInternetAccess: 'Disabled',
    }, CONSOLE);
    const attack = rec('CreateNotebookInstance', { notebookInstanceName: 'runner', instanceType: 'ml.t3.medium', roleArn: ROLE }, { userAgent: KALI });
    expect(severities(classify([hardened]))).toEqual({ 'scenario-event': 'info', 'execution-role-passed': 'low' });
    expect(severities(classify([attack]))).toEqual({ 'scenario-event': 'low', 'notebook-insecure-config': 'high', 'execution-role-passed': 'high' });
    expect(ofRule(classify([attack]), 'execution-role-passed')[0]?.signals).toEqual([
      { id: 'offensive-tool', kind: 'caller', effect: 'raise', detail: 'user agent of Kali Linux' },
    ]);
  });

  it('weakening an existing notebook raises: root access enabled by an update', () => {
    const [f] = ofRule(classify([rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', rootAccess: 'Enabled' }, CONSOLE)]), 'notebook-insecure-config');
    expect(f).toMatchObject({ severity: 'high', signals: [{ id: 'weakened', kind: 'request', effect: 'raise', detail: 'root access enabled on an existing notebook' }] });
  });

  it('denied calls by the same principal before a success raise it, whatever order records come in', () => {
    const denied = rec('ListUsers', null, { eventSource: 'iam.amazonaws.com', errorCode: 'AccessDenied', eventTime: '2026-11-27T08:59:00Z' });
    const presign = rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1' }, { eventTime: '2026-11-27T09:00:00Z' });
    for (const order of [[denied, presign], [presign, denied]]) {
      const [f] = ofRule(classify(order), 'presigned-url-access');
      expect(f?.severity).toBe('high');
      expect(f?.signals).toEqual([
        { id: 'denied-before', kind: 'caller', effect: 'raise', detail: 'denied calls by this principal since 2026-11-27T08:59:00Z (first: ListUsers)' },
      ]);
    }
    // A denial after the success, or by someone else, says nothing about it.
    const later = { ...denied, eventID: 'later', eventTime: '2026-11-27T09:30:00Z' };
    const other = { ...denied, eventID: 'other', userIdentity: keyUser };
    expect(ofRule(classify([presign, later, other]), 'presigned-url-access')[0]?.severity).toBe('medium');
  });

  it('a source IP and user agent the principal takes up after calling from others earlier in the window raise it (a stolen session)', () => {
    const notebook = { sourceIPAddress: '10.20.4.52', userAgent: 'Boto3/1.34.2 md/Botocore#1.34.2 exec-env/SageMaker' };
    const own = rec('DescribeTrainingJob', { trainingJobName: 'churn-1' }, { ...notebook, eventTime: '2026-11-27T09:30:00Z' });
    const stolen = rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1' }, { eventTime: '2026-11-27T10:00:00Z' });
    for (const order of [[own, stolen], [stolen, own]]) {
      const [f] = ofRule(classify(order), 'presigned-url-access');
      expect(f?.severity).toBe('high');
      expect(f?.signals.map((s) => s.id)).toEqual(['source-ip-new-in-window', 'user-agent-new-in-window']);
      expect(f?.signals[0]?.detail).toBe('source IP 203.0.113.10 first used by this principal at 2026-11-27T10:00:00.000Z, after its calls from others since 2026-11-27T09:30:00.000Z');
    }
  });

  it('near misses: the same address and agent all day, a first call, a service address, or the new host used before', () => {
    const presign = (time: string, extra: Record<string, unknown> = {}) => rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1' }, { eventTime: time, ...extra });
    const same = rec('DescribeTrainingJob', { trainingJobName: 'churn-1' }, { eventTime: '2026-11-27T09:30:00Z' });
    expect(ofRule(classify([same, presign('2026-11-27T10:00:00Z')]), 'presigned-url-access')[0]?.signals).toEqual([]);
    expect(ofRule(classify([presign('2026-11-27T10:00:00Z')]), 'presigned-url-access')[0]?.signals).toEqual([]);
    // SageMaker calling on the session's behalf names itself, not a host: it is no earlier address.
    const service = rec('DescribeTrainingJob', { trainingJobName: 'churn-1' }, { eventTime: '2026-11-27T09:30:00Z', sourceIPAddress: 'sagemaker.amazonaws.com', userAgent: 'sagemaker.amazonaws.com' });
    expect(ofRule(classify([service, presign('2026-11-27T10:00:00Z')]), 'presigned-url-access')[0]?.signals).toEqual([]);
    // The caller's first call came from the address it uses now: not new, whatever came between.
    const other = rec('DescribeTrainingJob', { trainingJobName: 'churn-1' }, { eventTime: '2026-11-27T09:45:00Z', sourceIPAddress: '10.20.4.52' });
    expect(ofRule(classify([presign('2026-11-27T09:00:00Z'), other, presign('2026-11-27T10:00:00Z', { eventID: 'p2' })]), 'presigned-url-access').map((f) => f.signals)).toEqual([[], []]);
  });

  it('a principal working from a fleet (more than 32 addresses in the window) is not judged by address', () => {
    const fleet = Array.from({ length: 33 }, (_, i) => rec('DescribeTrainingJob', { trainingJobName: `j-${i}` }, { eventTime: `2026-11-27T09:${String(i).padStart(2, '0')}:00Z`, sourceIPAddress: `10.0.0.${i + 1}` }));
    const later = rec('CreatePresignedNotebookInstanceUrl', { notebookInstanceName: 'nb-1' }, { eventTime: '2026-11-27T10:00:00Z', userAgent: 'aws-cli/2.15.0' });
    const ids = ofRule(classify([...fleet, later]), 'presigned-url-access')[0]?.signals.map((x) => x.id);
    expect(ids).not.toContain('source-ip-new-in-window');
    // The same with 31 earlier addresses: the 32nd, new, is judged.
    const few = ofRule(classify([...fleet.slice(0, 31), later]), 'presigned-url-access')[0]?.signals.map((x) => x.id);
    expect(few).toContain('source-ip-new-in-window');
  });

  it('caller context raises one level at most and never above high; only the request makes critical', () => {
    const attackerKey = { ...keyUser, type: 'IAMUser' };
    const denied = rec('ListUsers', null, { eventSource: 'iam.amazonaws.com', errorCode: 'AccessDenied', userIdentity: attackerKey, eventTime: '2026-11-27T08:00:00Z' });
    const job = rec('CreateTrainingJob', trainingJob('x', false, {
      algorithmSpecification: { trainingImage: `${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/bench:latest`, trainingInputMode: 'File' },
    }), { userIdentity: attackerKey, userAgent: KALI });
    const fs = classify([denied, job]);
    const cross = ofRule(fs, 'cross-account-artifact')[0];
    expect(cross?.severity).toBe('high');
    expect(cross?.signals.map((s) => s.id)).toEqual(['long-term-key', 'offensive-tool', 'denied-before']);
    expect(ofRule(fs, 'scenario-event')[0]?.severity).toBe('low');
    expect(ofRule(fs, 'execution-role-passed')[0]?.severity).toBe('high');
  });

  it('settle: one level per kind, the rule ceiling, the caller ceiling', () => {
    const raise = (kind: 'request' | 'caller', id = 'x') => ({ id, kind, effect: 'raise' as const, detail: '' });
    const lower = { id: 'hardened', kind: 'request' as const, effect: 'lower' as const, detail: '' };
    expect(settle('medium', [], {}, 'high')).toBe('medium');
    expect(settle('medium', [raise('caller'), raise('caller', 'y')], {}, 'high')).toBe('high');
    expect(settle('high', [raise('caller')], {}, 'high')).toBe('high');
    expect(settle('critical', [lower], {}, 'high')).toBe('high');
    expect(settle('high', [raise('request'), raise('caller')], {}, 'high')).toBe('critical');
    expect(settle('medium', [lower, raise('caller')], {}, 'high')).toBe('medium');
    expect(settle('info', [raise('request'), raise('caller')], { maxSeverity: 'low' }, 'high')).toBe('low');
    expect(settle('info', [lower], {}, 'high')).toBe('info');
  });

  it('settle: the baseline moves one level either way, a raise never past the caller ceiling', () => {
    const seen = (effect: 'raise' | 'lower', id = 'x') => ({ id, kind: 'baseline' as const, effect, detail: '' });
    expect(settle('medium', [seen('lower', 'known-source-ip'), seen('lower', 'known-role-passed')], {}, 'high')).toBe('low');
    expect(settle('medium', [seen('raise', 'new-source-ip'), seen('lower', 'known-user-agent'), seen('raise', 'new-role-passed')], {}, 'high')).toBe('high');
    expect(settle('medium', [seen('raise'), seen('lower', 'y')], {}, 'high')).toBe('medium');
    expect(settle('high', [seen('raise')], {}, 'high')).toBe('high');
    expect(settle('medium', [{ id: 'k', kind: 'caller', effect: 'raise', detail: '' }, seen('raise')], {}, 'high')).toBe('high');
    expect(settle('info', [seen('raise')], { maxSeverity: 'low' }, 'high')).toBe('low');
  });

  it('attacker and near miss alike keep their scenario-event below medium', () => {
    const fs = classify([rec('CreateEndpoint', { endpointName: 'e', endpointConfigName: 'c' }, { userIdentity: { ...attacker }, userAgent: KALI })]);
    expect(ofRule(fs, 'scenario-event')[0]?.severity).toBe('low');
  });
});
