import { describe, expect, it } from 'vitest';
import { createConfigFake } from '../../fake-aws/services/config.js';
import { createOrganizationsFake } from '../../fake-aws/services/organizations.js';
import { FakeAwsError, type FakeRequest } from '../../fake-aws/types.js';

const req = (operation: string, input: Record<string, unknown> = {}, extra: Partial<FakeRequest> = {}): FakeRequest => ({
  service: 'organizations', region: 'us-east-1', operation, input, accessKeyId: 'AKIAIOSFODNN7EXAMPLE', ...extra,
});
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof FakeAwsError ? e.code : String(e);
  }
  return 'no error';
};
const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sagemaker:CreateApp', Resource: '*' }] });

describe('fake Organizations', () => {
  it('creates, tags, attaches, lists, detaches and deletes SCPs', () => {
    const f = createOrganizationsFake();
    const h = f.handlers;
    const created = h.CreatePolicy!(req('CreatePolicy', { Name: 'a', Type: 'SERVICE_CONTROL_POLICY', Content: doc, Description: 'd', Tags: [{ Key: 'managed-by', Value: 'sm-ir' }] })) as { Policy: { PolicySummary: { Id: string } } };
    const id = created.Policy.PolicySummary.Id;
    expect(id).toMatch(/^p-\w{8}$/);
    expect(h.ListTagsForResource!(req('x', { ResourceId: id }))).toEqual({ Tags: [{ Key: 'managed-by', Value: 'sm-ir' }] });
    h.AttachPolicy!(req('x', { PolicyId: id, TargetId: 'ou-exam-ple12345' }));
    expect((h.ListPoliciesForTarget!(req('x', { TargetId: 'ou-exam-ple12345', Filter: 'SERVICE_CONTROL_POLICY' })) as { Policies: { Name: string }[] }).Policies.map((p) => p.Name)).toEqual(['FullAWSAccess', 'a']);
    expect(code(() => h.AttachPolicy!(req('x', { PolicyId: id, TargetId: 'ou-exam-ple12345' })))).toBe('DuplicatePolicyAttachmentException');
    expect(code(() => h.DeletePolicy!(req('x', { PolicyId: id })))).toBe('PolicyInUseException');
    h.DetachPolicy!(req('x', { PolicyId: id, TargetId: 'ou-exam-ple12345' }));
    h.DeletePolicy!(req('x', { PolicyId: id }));
    expect(code(() => h.DescribePolicy!(req('x', { PolicyId: id })))).toBe('PolicyNotFoundException');
  });

  it('enforces the quotas and names: 5 per target, at least 1, 5,120 characters, unique names', () => {
    const h = createOrganizationsFake().handlers;
    const ids = [1, 2, 3, 4, 5].map((i) => (h.CreatePolicy!(req('x', { Name: `p${i}`, Type: 'SERVICE_CONTROL_POLICY', Content: doc })) as { Policy: { PolicySummary: { Id: string } } }).Policy.PolicySummary.Id);
    for (const id of ids.slice(0, 4)) h.AttachPolicy!(req('x', { PolicyId: id, TargetId: '444455556666' }));
    const fifth = () => h.AttachPolicy!(req('x', { PolicyId: ids[4], TargetId: '444455556666' }));
    expect(code(fifth)).toBe('ConstraintViolationException');
    expect(code(() => h.DetachPolicy!(req('x', { PolicyId: 'p-FullAWSAccess', TargetId: 'ou-exam-ple12345' })))).toBe('ConstraintViolationException');
    expect(code(() => h.CreatePolicy!(req('x', { Name: 'p1', Type: 'SERVICE_CONTROL_POLICY', Content: doc })))).toBe('DuplicatePolicyException');
    expect(code(() => h.CreatePolicy!(req('x', { Name: 'big', Type: 'SERVICE_CONTROL_POLICY', Content: `{"a":"${'x'.repeat(5120)}"}` })))).toBe('ConstraintViolationException');
    expect(code(() => h.AttachPolicy!(req('x', { PolicyId: ids[4], TargetId: 'ou-nope-12345678' })))).toBe('TargetNotFoundException');
  });

  it('models the organization checks: features, policy type, management account, membership', () => {
    const f = createOrganizationsFake({ featureSet: 'CONSOLIDATED_BILLING', scpEnabled: false, accountOf: (k) => (k === 'AKIAOUTSIDER' ? '999999999999' : k === 'AKIAMEMBER' ? '444455556666' : '111122223333') });
    const h = f.handlers;
    expect((h.DescribeOrganization!(req('x')) as { Organization: { FeatureSet: string } }).Organization.FeatureSet).toBe('CONSOLIDATED_BILLING');
    expect((h.ListRoots!(req('x')) as { Roots: { PolicyTypes: unknown[] }[] }).Roots[0]!.PolicyTypes).toEqual([]);
    expect(code(() => h.DescribeOrganization!(req('x', {}, { accessKeyId: 'AKIAOUTSIDER' })))).toBe('AWSOrganizationsNotInUseException');
    expect(code(() => h.CreatePolicy!(req('x', { Name: 'a', Type: 'SERVICE_CONTROL_POLICY', Content: doc }, { accessKeyId: 'AKIAMEMBER' })))).toBe('AccessDeniedException');
    const id = (h.CreatePolicy!(req('x', { Name: 'a', Type: 'SERVICE_CONTROL_POLICY', Content: doc })) as { Policy: { PolicySummary: { Id: string } } }).Policy.PolicySummary.Id;
    expect(code(() => h.AttachPolicy!(req('x', { PolicyId: id, TargetId: 'r-examplerootid111' })))).toBe('PolicyTypeNotEnabledException');
    h.EnablePolicyType!(req('x', { RootId: 'r-examplerootid111', PolicyType: 'SERVICE_CONTROL_POLICY' }));
    expect(f.state.attachments.get('p-FullAWSAccess')?.has('r-examplerootid111')).toBe(true);
  });
});

describe('fake Config', () => {
  it('reports recorders, rules and compliance per region and creates rules', () => {
    const f = createConfigFake({
      regions: {
        'us-east-1': { rules: [{ name: 'sagemaker-notebook-instance-root-access-check', identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK', compliance: 'NON_COMPLIANT' }] },
        'eu-west-1': { recorder: null },
      },
    });
    const h = f.handlers;
    const r = (operation: string, input: Record<string, unknown> = {}, region = 'us-east-1') => req(operation, input, { service: 'config', region });
    expect(h.DescribeConfigurationRecorderStatus!(r('x'))).toEqual({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'SUCCESS' }] });
    expect(h.DescribeConfigurationRecorderStatus!(r('x', {}, 'eu-west-1'))).toEqual({ ConfigurationRecordersStatus: [] });
    expect(h.DescribeComplianceByConfigRule!(r('x'))).toEqual({ ComplianceByConfigRules: [{ ConfigRuleName: 'sagemaker-notebook-instance-root-access-check', Compliance: { ComplianceType: 'NON_COMPLIANT' } }] });
    expect(code(() => h.DescribeConfigRules!(r('x', { ConfigRuleNames: ['nope'] })))).toBe('NoSuchConfigRuleException');
    const rule = { ConfigRuleName: 'n', Source: { Owner: 'AWS', SourceIdentifier: 'SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS' } };
    expect(code(() => h.PutConfigRule!(r('x', { ConfigRule: rule }, 'eu-west-1')))).toBe('NoAvailableConfigurationRecorderException');
    h.PutConfigRule!(r('x', { ConfigRule: rule }));
    expect((h.DescribeConfigRules!(r('x')) as { ConfigRules: unknown[] }).ConfigRules).toHaveLength(2);
  });
});
