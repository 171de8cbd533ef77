import { afterEach, describe, expect, it } from 'vitest';
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DescribeResourcePolicyCommand,
  ListDelegatedAdministratorsCommand,
  ListPoliciesCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
  TagResourceCommand,
  UpdatePolicyCommand,
} from '@aws-sdk/client-organizations';
import { ConfigServiceClient, DescribeComplianceByConfigRuleCommand, DescribeConfigRulesCommand, DescribeConfigurationRecorderStatusCommand, PutConfigRuleCommand } from '@aws-sdk/client-config-service';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { putConfigRule, readConfigRegion } from '../../../src/commands/prepare/config.js';
import { checkOrganization } from '../../../src/commands/prepare/organizations.js';
import { applyScpSteps, scpAlreadyDone } from '../../../src/commands/prepare/scp-apply.js';
import { auditedClient } from '../../../src/aws/audited-client.js';
import { AuditLog } from '../../../src/core/audit.js';
import { CallRecorder } from '../../../src/core/change/recorder.js';
import { settledChanges } from '../../support/audit-lines.js';
import { contentHash, creationTags } from '../../../src/core/prepare/plan.js';

const sdkError = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, $metadata: { requestId: 'r-1' }, ...extra });
const orgMock = mockClient(OrganizationsClient);
const stsMock = mockClient(STSClient);
const cfgMock = mockClient(ConfigServiceClient);
afterEach(() => {
  orgMock.reset();
  stsMock.reset();
  cfgMock.reset();
});
/** A recorder writing to a fresh log, as the change engine opens it once confirmed. */
const audit = () => {
  const log = new AuditLog(join(mkdtempSync(join(tmpdir(), 'sm-ir-audit-')), 'a.jsonl'));
  const recorder = new CallRecorder('prepare', null);
  recorder.open((e) => log.append(e));
  return Object.assign(recorder, { path: log.path });
};
/** The changes in a log (reads left out), by their settled lines. */
const changes = (path: string) => settledChanges(readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; outcome: string; readOnly?: boolean; callId?: string }));

describe('Organizations adapter', () => {
  const org = () => new OrganizationsClient({ region: 'us-east-1' });
  /** applyScpSteps with its client audited into `recorder`, as prepare runs it. */
  const own = { namePrefix: 'sm-ir-sagemaker-guardrails', tag: { key: 'managed-by', value: 'sm-ir' }, ownershipTags: { policyId: 'sm-ir:policy-id', contentHash: 'sm-ir:content-sha256' } };
  const apply = (steps: Parameters<typeof applyScpSteps>[1], recorder = audit()) => applyScpSteps(auditedClient(org(), 'organizations', null, recorder, scpAlreadyDone), steps, own, recorder);
  const sts = () => new STSClient({ region: 'us-east-1' });

  it('says when the account is not in an organization', async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(sdkError('AWSOrganizationsNotInUseException', 'not in use'));
    await expect(checkOrganization(org(), sts())).rejects.toThrow(/not a member of an organization/);
  });

  it('names the missing IAM action on AccessDenied', async () => {
    orgMock.on(DescribeOrganizationCommand).rejects(sdkError('AccessDeniedException', 'denied'));
    await expect(checkOrganization(org(), sts())).rejects.toMatchObject({ hint: expect.stringContaining('organizations:DescribeOrganization') });
  });

  it('refuses a member account that is not a delegated administrator (even when it may not list them)', async () => {
    orgMock.on(DescribeOrganizationCommand).resolves({ Organization: { Id: 'o-abc', FeatureSet: 'ALL', MasterAccountId: '111122223333' } });
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: '444455556666' });
    orgMock.on(ListDelegatedAdministratorsCommand).rejects(sdkError('AccessDeniedException', 'denied'));
    orgMock.on(DescribeResourcePolicyCommand).rejects(sdkError('AccessDeniedException', 'denied'));
    await expect(checkOrganization(org(), sts())).rejects.toThrow(/444455556666 is neither the management account \(111122223333\)/);
    orgMock.on(DescribeResourcePolicyCommand).rejects(sdkError('ResourcePolicyNotFoundException', 'none'));
    await expect(checkOrganization(org(), sts())).rejects.toThrow(/is neither the management account/);
  });

  it('explains DuplicatePolicyException (a same-named policy that is not sm-ir\'s) and ConstraintViolationException, and audits the failure', async () => {
    orgMock.on(CreatePolicyCommand).rejects(sdkError('DuplicatePolicyException', 'A policy with the same name already exists.'));
    orgMock.on(ListPoliciesCommand).resolves({ Policies: [{ Id: 'p-theirs111', Name: 'sm-ir-sagemaker-guardrails-1' }] });
    orgMock.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'owner', Value: 'security-team' }] });
    orgMock.on(DescribePolicyCommand).resolves({ Policy: { Content: '{}' } });
    const log = audit();
    const create = { action: 'create' as const, name: 'sm-ir-sagemaker-guardrails-1', content: '{}', policyDescription: 'd', tags: { 'managed-by': 'sm-ir' } };
    await expect(apply([create], log)).rejects.toThrow(/a policy named sm-ir-sagemaker-guardrails-1 already exists/);
    expect(JSON.parse(readFileSync(log.path, 'utf8').split('\n')[0]!)).toMatchObject({ operation: 'CreatePolicy', outcome: 'sent' });
    expect(changes(log.path)[0]).toMatchObject({ operation: 'CreatePolicy', outcome: 'error', error: { code: 'DuplicatePolicyException' } });
    expect(changes(log.path)).toHaveLength(1);

    orgMock.on(AttachPolicyCommand).rejects(sdkError('ConstraintViolationException', 'limit', { Reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED' }));
    await expect(apply([{ action: 'attach', name: 'x', policyId: 'p-12345678', targetId: 'r-abcd' }])).rejects.toMatchObject({
      message: expect.stringContaining('MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'),
      hint: expect.stringContaining('already carries 5 SCPs'),
    });
  });

  it('adopts sm-ir\'s own same-named policy when CreatePolicy meets it, updating its content and hash, then attaches it', async () => {
    const content = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    const racer = creationTags(own, '{"old":true}', '00000000-0000-4000-8000-000000000001');
    orgMock.on(CreatePolicyCommand).rejects(sdkError('DuplicatePolicyException', 'A policy with the same name already exists.'));
    orgMock.on(ListPoliciesCommand).resolves({ Policies: [{ Id: 'p-racer111', Name: 'sm-ir-sagemaker-guardrails-1' }] });
    orgMock.on(ListTagsForResourceCommand).resolves({ Tags: Object.entries(racer).map(([Key, Value]) => ({ Key, Value })) });
    orgMock.on(DescribePolicyCommand).resolves({ Policy: { Content: '{"old":true}' } });
    orgMock.on(UpdatePolicyCommand).resolves({});
    orgMock.on(TagResourceCommand).resolves({});
    orgMock.on(AttachPolicyCommand).rejects(sdkError('DuplicatePolicyAttachmentException', 'already attached'));
    const log = audit();
    const tags = creationTags(own, content, '00000000-0000-4000-8000-000000000002');
    const notes = await apply([
      { action: 'create', name: 'sm-ir-sagemaker-guardrails-1', content, policyDescription: 'd', tags },
      { action: 'attach', name: 'sm-ir-sagemaker-guardrails-1', policyId: null, targetId: 'r-abcd' },
    ], log);
    expect(notes).toEqual([expect.stringContaining('adopted it and updated its content')]);
    expect(orgMock.commandCalls(UpdatePolicyCommand)[0]!.args[0].input).toEqual({ PolicyId: 'p-racer111', Content: content });
    expect(orgMock.commandCalls(TagResourceCommand)[0]!.args[0].input).toEqual({ ResourceId: 'p-racer111', Tags: [{ Key: 'sm-ir:content-sha256', Value: contentHash(content) }] });
    expect(orgMock.commandCalls(AttachPolicyCommand)[0]!.args[0].input).toEqual({ PolicyId: 'p-racer111', TargetId: 'r-abcd' });
    const lines = changes(log.path);
    expect(lines.map((l) => `${l.operation}:${l.outcome}`)).toEqual(['CreatePolicy:error', 'UpdatePolicy:ok', 'TagResource:ok', 'AttachPolicy:already-done']);
  });

  it('does not adopt a same-named policy carrying only the managed-by tag', async () => {
    orgMock.on(CreatePolicyCommand).rejects(sdkError('DuplicatePolicyException', 'A policy with the same name already exists.'));
    orgMock.on(ListPoliciesCommand).resolves({ Policies: [{ Id: 'p-lookalike', Name: 'sm-ir-sagemaker-guardrails-1' }] });
    orgMock.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'managed-by', Value: 'sm-ir' }] });
    orgMock.on(DescribePolicyCommand).resolves({ Policy: { Content: '{}' } });
    const tags = creationTags(own, '{}', '00000000-0000-4000-8000-000000000003');
    await expect(apply([{ action: 'create', name: 'sm-ir-sagemaker-guardrails-1', content: '{}', policyDescription: 'd', tags }])).rejects.toThrow(/already exists/);
    expect(orgMock.commandCalls(UpdatePolicyCommand)).toHaveLength(0);
  });

  it('says how far it got when a call fails midway', async () => {
    orgMock.on(CreatePolicyCommand).resolves({ Policy: { PolicySummary: { Id: 'p-abcdefgh' } } });
    orgMock.on(AttachPolicyCommand).rejects(sdkError('TooManyRequestsException', 'slow down'));
    await expect(apply([
      { action: 'create', name: 'n', content: '{}', policyDescription: 'd', tags: {} },
      { action: 'attach', name: 'n', policyId: null, targetId: 'r-abcd' },
    ])).rejects.toThrow(/after 1 of 2 change\(s\); fix the cause and re-run/);
  });

  it('attaches a policy it just created by the id CreatePolicy returned', async () => {
    orgMock.on(CreatePolicyCommand).resolves({ Policy: { PolicySummary: { Id: 'p-abcdefgh' } } });
    orgMock.on(AttachPolicyCommand).resolves({});
    await apply([
      { action: 'create', name: 'n', content: '{}', policyDescription: 'd', tags: {} },
      { action: 'attach', name: 'n', policyId: null, targetId: 'r-abcd' },
    ]);
    expect(orgMock.commandCalls(AttachPolicyCommand)[0]!.args[0].input).toEqual({ PolicyId: 'p-abcdefgh', TargetId: 'r-abcd' });
  });
});

describe('Config adapter', () => {
  const client = () => new ConfigServiceClient({ region: 'eu-west-1' });

  it('reads the recorder, every rule page and compliance in batches of 25', async () => {
    cfgMock.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
    const names = Array.from({ length: 30 }, (_, i) => `rule-${i}`);
    cfgMock.on(DescribeConfigRulesCommand, { NextToken: undefined }).resolves({
      ConfigRules: names.slice(0, 20).map((n) => ({ ConfigRuleName: n, Source: { Owner: 'AWS', SourceIdentifier: 'X' } })), NextToken: 't2',
    });
    cfgMock.on(DescribeConfigRulesCommand, { NextToken: 't2' }).resolves({ ConfigRules: names.slice(20).map((n) => ({ ConfigRuleName: n, Source: { Owner: 'AWS', SourceIdentifier: 'X' } })) });
    cfgMock.on(DescribeComplianceByConfigRuleCommand).callsFake((input: { ConfigRuleNames: string[] }) => ({
      ComplianceByConfigRules: input.ConfigRuleNames.map((n) => ({ ConfigRuleName: n, Compliance: { ComplianceType: 'COMPLIANT' } })),
    }));
    const st = await readConfigRegion(client(), 'eu-west-1');
    expect(st.recorder).toEqual({ name: 'default', recording: false, lastStatus: null });
    expect(st.rules).toHaveLength(30);
    expect(Object.keys(st.compliance)).toHaveLength(30);
    expect(cfgMock.commandCalls(DescribeComplianceByConfigRuleCommand).map((c) => c.args[0].input.ConfigRuleNames?.length)).toEqual([25, 5]);
  });

  it('names config:PutConfigRule when denied', async () => {
    cfgMock.on(PutConfigRuleCommand).rejects(sdkError('AccessDeniedException', 'denied'));
    const step = { region: 'eu-west-1', rule: { ConfigRuleName: 'n', Description: 'd', Source: { Owner: 'AWS' as const, SourceIdentifier: 'X' }, Scope: { ComplianceResourceTypes: ['AWS::SageMaker::NotebookInstance'] } } };
    await expect(putConfigRule(client(), step)).rejects.toMatchObject({ hint: expect.stringContaining('config:PutConfigRule') });
  });
});
