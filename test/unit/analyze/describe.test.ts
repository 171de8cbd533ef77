import { describe, expect, it } from 'vitest';
import { canonicalizer, clientOf, credentialKind, resourcesOf, targetsOf } from '../../../src/core/analyze/describe.js';
import { ACCOUNT, attacker, finding } from './builder.js';

describe('how access was gained, as far as the event shows', () => {
  const p = (over: Partial<typeof attacker>) => ({ ...attacker, ...over });
  it('tells long-term keys, temporary IAM user credentials, roles, SSO, federation and root apart', () => {
    expect(credentialKind(attacker)).toBe('IAM user, long-term access key AKIAIOSFODNN7EXAMPLE');
    expect(credentialKind(p({ accessKeyId: 'ASIAIOSFODNN7EXAMPLE' }))).toBe(
      'IAM user with temporary credentials ASIAIOSFODNN7EXAMPLE (console sign-in or GetSessionToken)',
    );
    expect(
      credentialKind(p({ type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Deploy/ci-42`, issuerArn: `arn:aws:iam::${ACCOUNT}:role/Deploy`, accessKeyId: 'ASIAX' })),
    ).toBe(`assumed role arn:aws:iam::${ACCOUNT}:role/Deploy (session ci-42, temporary credentials ASIAX)`);
    const sso = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123456789abcdef`;
    expect(credentialKind(p({ type: 'AssumedRole', arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice`, issuerArn: sso }))).toMatch(
      /^IAM Identity Center session/,
    );
    expect(credentialKind(p({ type: 'FederatedUser' }))).toMatch(/^federated user \(GetFederationToken\)/);
    expect(credentialKind(p({ type: 'Root', accessKeyId: null }))).toBe('root user (no access key recorded)');
  });

  it('reads the client from the user agent', () => {
    expect(clientOf('aws-cli/2.15.0 Python/3.11.6')).toBe('AWS CLI');
    expect(clientOf('Boto3/1.34.0 Python/3.10 Botocore/1.34.0 AWS-SageMaker-Python-SDK/2.200')).toBe('SageMaker Python SDK');
    expect(clientOf('console.sagemaker.amazonaws.com')).toBe('AWS Management Console');
    expect(clientOf('Mozilla/5.0 (X11; Linux x86_64)')).toBe('web browser (console)');
    expect(clientOf(null)).toBe('no user agent');
  });
});

describe('resources a finding names', () => {
  it('types names from ARNs, URIs and the evidence key that holds them', () => {
    const f = finding({
      ruleId: 'notebook-lifecycle-persistence',
      eventName: 'StopNotebookInstance',
      time: 't',
      resources: ['nb-1'],
      evidence: { notebookInstanceName: 'nb-1', lifecycleConfigName: 'lc-1', sequence: ['a', 'b'] },
    });
    expect(resourcesOf(f)).toEqual([
      { type: 'sagemaker notebook-instance', name: 'nb-1' },
      { type: 'sagemaker lifecycle-config', name: 'lc-1' },
    ]);
  });

  it('merges a plain name into the one ARN that ends with it, and leaves ambiguous names alone', () => {
    const arn = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/nb-1`;
    const canon = canonicalizer([
      { type: 'sagemaker notebook-instance', name: arn },
      { type: 'sagemaker endpoint', name: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/shared` },
      { type: 'sagemaker model', name: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/shared` },
    ]);
    expect(canon({ type: 'sagemaker notebook-instance', name: 'nb-1' }).name).toBe(arn);
    expect(canon({ type: 'sagemaker endpoint', name: 'shared' }).name).toBe('shared');
  });
});

describe('what an event acted on', () => {
  const ref = (type: string, name: string) => ({ type, name });
  const role = ref('iam role', 'ExecRole');
  const policy = ref('iam policy', 'arn:aws:iam::aws:policy/AdministratorAccess');
  const cfg = ref('sagemaker endpoint-config', `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint-config/cfg`);
  const key = ref('kms key', 'arn:aws:kms:us-east-1:444455556666:key/k');
  const image = ref('ecr image', '444455556666.dkr.ecr.us-east-1.amazonaws.com/img:1');
  const trail = ref('cloudtrail trail', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`);
  it('is the resource named by the event noun, the longest that fits', () => {
    expect(targetsOf({ eventName: 'AttachRolePolicy', evidence: {} }, [role, policy])).toEqual([role]);
    expect(targetsOf({ eventName: 'CreateEndpointConfig', evidence: {} }, [key, cfg])).toEqual([cfg]);
    const lc = ref('sagemaker notebook-instance-lifecycle-config', 'lc');
    const nb = ref('sagemaker notebook-instance', 'nb');
    expect(targetsOf({ eventName: 'UpdateNotebookInstanceLifecycleConfig', evidence: {} }, [nb, lc])).toEqual([lc]);
    expect(targetsOf({ eventName: 'UpdateNotebookInstance', evidence: {} }, [nb, lc])).toEqual([nb]);
  });
  it("else the rule's target, else nothing: an image or key the call only uses is not what it changed", () => {
    expect(targetsOf({ eventName: 'PutEventSelectors', evidence: { target: 'main' } }, [trail])).toEqual([trail]);
    expect(targetsOf({ eventName: 'CreateModel', evidence: {} }, [image])).toEqual([]);
  });
});
