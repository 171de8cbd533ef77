import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as orgSdk from '@aws-sdk/client-organizations';
import * as configSdk from '@aws-sdk/client-config-service';
import * as analyzerSdk from '@aws-sdk/client-accessanalyzer';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { run, type PrepareOptions } from '../../../src/commands/prepare/index.js';
import { createConfigFake } from '../../fake-aws/services/config.js';
import { createOrganizationsFake, type OrganizationsFakeOptions } from '../../fake-aws/services/organizations.js';
import { createAccessAnalyzerFake, type AccessAnalyzerFake } from '../../fake-aws/services/access-analyzer.js';
import { bridge } from './bridge.js';
import { settledChanges } from '../../support/audit-lines.js';
import { contentHash } from '../../../src/core/prepare/plan.js';

const TARGET = 'ou-exam-ple12345';
let out = '';
let err = '';
let dir = '';

beforeEach(() => {
  out = '';
  err = '';
  dir = mkdtempSync(join(tmpdir(), 'sm-ir-prepare-'));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  process.env.AWS_REGION = 'us-east-1';
});
afterEach(() => vi.restoreAllMocks());

const opts = (o: Partial<PrepareOptions> = {}): PrepareOptions => ({
  output: 'json', auditLog: join(dir, 'audit.jsonl'), allowedIp: ['203.0.113.0/24'], allowedInstanceTypes: ['ml.t3.medium'], ...o,
});

/** IAM Access Analyzer as org() sets it up: no findings unless a test stages some. */
let analyzer: AccessAnalyzerFake;

function org(o: OrganizationsFakeOptions = {}, account = '111122223333') {
  const fake = createOrganizationsFake(o);
  bridge(orgSdk.OrganizationsClient, orgSdk, fake);
  analyzer = createAccessAnalyzerFake();
  bridge(analyzerSdk.AccessAnalyzerClient, analyzerSdk, analyzer);
  mockClient(STSClient).on(GetCallerIdentityCommand).resolves({ Account: account, Arn: `arn:aws:iam::${account}:user/admin` });
  return fake;
}
const json = () => JSON.parse(out) as Record<string, unknown> & { changes: { action: string }[]; policies: { size: number; document: unknown }[] };
const writes = (f: ReturnType<typeof org>) => f.state.calls.filter((c) => /^(Create|Update|Attach|Detach|Delete|Enable)/.test(c));

describe('sm-ir prepare (SCPs)', () => {
  it('without --target prints the documents only: valid, within quota, no AWS call', async () => {
    const f = org();
    expect(await run(opts())).toBe(0);
    const doc = json();
    expect(doc.schema).toBe('sm-ir/prepare-scp-plan@1');
    expect(doc.mode).toBe('documents');
    expect(doc.policies).toHaveLength(1);
    expect(doc.policies[0]!.size).toBeLessThanOrEqual(5120);
    expect(JSON.stringify(doc.policies[0]!.document)).toContain('"aws:SourceIp":["203.0.113.0/24"]');
    expect(f.state.calls).toEqual([]);
    expect(err).toContain('SCPs never restrict the management account');
  });

  it('applies, re-applies with no change, and removes; every change is in the audit log', async () => {
    const f = org();
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true }))).toBe(0);
    expect(json().changes.map((c) => c.action)).toEqual(['create', 'attach']);
    const ours = [...f.state.policies.values()].find((p) => p.name === 'sm-ir-sagemaker-guardrails-1');
    expect(ours?.tags).toEqual({ 'managed-by': 'sm-ir', 'sm-ir:policy-id': expect.stringMatching(/^[0-9a-f-]{36}$/), 'sm-ir:content-sha256': contentHash(ours!.content) });
    expect(f.state.attachments.get(ours!.id)).toEqual(new Set([TARGET]));

    out = '';
    f.state.calls.length = 0;
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true }))).toBe(0);
    expect(json().changes).toEqual([]);
    expect(writes(f)).toEqual([]);
    expect(err).toContain('nothing to change');

    out = '';
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true, allowedIp: ['198.51.100.0/24'] }))).toBe(0);
    expect(json().changes.map((c) => c.action)).toEqual(['update']);

    out = '';
    expect(await run(opts({ remove: true, yes: true }))).toBe(0);
    expect(json().changes.map((c) => c.action)).toEqual(['detach', 'delete']);
    expect([...f.state.policies.values()].map((p) => p.name)).toEqual(['FullAWSAccess']);

    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; outcome: string; readOnly?: boolean; callId?: string });
    const changes = settledChanges(audit);
    expect(changes.map((a) => `${a.operation}:${a.outcome}`)).toEqual(['CreatePolicy:ok', 'AttachPolicy:ok', 'UpdatePolicy:ok', 'TagResource:ok', 'DetachPolicy:ok', 'DeletePolicy:ok']);
    expect(audit.filter((a) => a.readOnly === true).map((a) => a.operation)).toContain('DescribeOrganization');
  });

  it('plans with --target alone (read-only)', async () => {
    const f = org();
    expect(await run(opts({ target: TARGET }))).toBe(0);
    expect(json().mode).toBe('plan');
    expect(json().changes.map((c) => c.action)).toEqual(['create', 'attach']);
    expect(writes(f)).toEqual([]);
  });

  it('refuses before any change when the target would exceed 5 SCPs, listing what is attached', async () => {
    const f = org();
    const h = f.handlers;
    for (let i = 1; i <= 4; i++) {
      const p = h.CreatePolicy!({ service: 'organizations', region: 'us-east-1', operation: 'CreatePolicy', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', input: { Name: `Corp${i}`, Type: 'SERVICE_CONTROL_POLICY', Content: '{"Version":"2012-10-17","Statement":[]}' } }) as { Policy: { PolicySummary: { Id: string } } };
      h.AttachPolicy!({ service: 'organizations', region: 'us-east-1', operation: 'AttachPolicy', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', input: { PolicyId: p.Policy.PolicySummary.Id, TargetId: TARGET } });
    }
    f.state.calls.length = 0;
    await expect(run(opts({ target: TARGET, applyScps: true, yes: true }))).rejects.toThrow(/would carry 6 SCPs.*FullAWSAccess.*Corp4/);
    expect(writes(f)).toEqual([]);
  });

  it('refuses without all features, outside the management account, and when the policy type is off', async () => {
    org({ featureSet: 'CONSOLIDATED_BILLING' });
    await expect(run(opts({ target: TARGET, applyScps: true, yes: true }))).rejects.toThrow(/feature set CONSOLIDATED_BILLING/);
    vi.restoreAllMocks();
    org({}, '444455556666');
    await expect(run(opts({ target: TARGET }))).rejects.toThrow(/neither the management account/);
    vi.restoreAllMocks();
    const off = org({ scpEnabled: false });
    await expect(run(opts({ target: TARGET, applyScps: true, yes: true }))).rejects.toThrow(/not enabled on root/);
    expect(writes(off)).toEqual([]);
  });

  it('enables the policy type with --enable-policy-type, as part of the plan', async () => {
    const f = org({ scpEnabled: false });
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true, enablePolicyType: true }))).toBe(0);
    expect(writes(f)).toEqual(['EnablePolicyType', 'CreatePolicy', 'AttachPolicy']);
  });

  it('re-enabling the policy type reuses sm-ir policies that outlived it instead of duplicating them', async () => {
    const f = org();
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true }))).toBe(0);
    // Disabling the type detaches every SCP but keeps the policies.
    f.state.scpEnabled = false;
    f.state.attachments.clear();
    f.state.calls.length = 0;
    out = '';
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true, enablePolicyType: true }))).toBe(0);
    expect(writes(f)).toEqual(['EnablePolicyType', 'AttachPolicy']);
  });

  it('accepts a delegated administrator', async () => {
    org({ delegatedAdministrators: ['444455556666'], accountOf: () => '444455556666' }, '444455556666');
    expect(await run(opts({ target: TARGET }))).toBe(0);
    expect(json().organization).toMatchObject({ callerRole: 'delegated-administrator' });
  });

  it('refuses to change AWS without confirmation when there is no TTY', async () => {
    const f = org();
    await expect(run(opts({ target: TARGET, applyScps: true }))).rejects.toThrow(/without confirmation/);
    expect(writes(f)).toEqual([]);
  });

  it('explains DuplicatePolicyException from a racing creator', async () => {
    const f = org();
    expect(await run(opts({ target: TARGET }))).toBe(0);
    f.handlers.CreatePolicy!({ service: 'organizations', region: 'us-east-1', operation: 'CreatePolicy', accessKeyId: 'AKIAIOSFODNN7EXAMPLE', input: { Name: 'sm-ir-sagemaker-guardrails-1', Type: 'SERVICE_CONTROL_POLICY', Content: '{}' } });
    // The plan now refuses up front: the same-named policy is not sm-ir's.
    await expect(run(opts({ target: TARGET, applyScps: true, yes: true }))).rejects.toThrow(/sm-ir-sagemaker-guardrails-1 \(p-\w+\): it is not tagged managed-by=sm-ir/);
  });

  it('rejects bad flags before any AWS call', async () => {
    const f = org();
    await expect(run(opts({ target: 'ou-bad' }))).rejects.toThrow(/not a root, OU or account id/);
    await expect(run(opts({ applyScps: true }))).rejects.toThrow(/--apply-scps needs --target/);
    await expect(run(opts({ allowedIp: ['203.0.113.1'] }))).rejects.toThrow(/not a CIDR/);
    await expect(run(opts({ only: ['nope'] }))).rejects.toThrow(/unknown statement 'nope'/);
    await expect(run(opts({ allowedInstanceTypes: ['m5.large'] }))).rejects.toThrow(/not a SageMaker instance type/);
    // aws:SourceIp never carries a private address; a match-all range or type needs --allow-broad.
    await expect(run(opts({ target: TARGET, allowedIp: ['10.0.0.0/8'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('10.0.0.0/8 is a private range') });
    await expect(run(opts({ target: TARGET, allowedIp: ['0.0.0.0/0'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('allows every address') });
    await expect(run(opts({ target: TARGET, allowedInstanceTypes: ['ml.*.*'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('matches every instance type') });
    expect(f.state.calls).toEqual([]);
  });

  it('--explain gives each statement its matrix, every cell as intended; new flags are checked before any AWS call', async () => {
    const f = org();
    expect(await run(opts({ explain: true, exemptRole: ['arn:aws:iam::111122223333:role/BreakGlass'], allowedVpce: ['vpce-0a1b2c3d4e5f67890'], guardrails: ['require-imdsv2'] }))).toBe(0);
    const d = json() as unknown as { matrix: { sid: string; case: string; decision: string; expected: string }[]; reference: { version: string } };
    expect(d.reference.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Set(d.matrix.map((m) => m.sid))).toEqual(new Set([
      'VPCDeployment', 'DenyUnencryptedVolumes', 'DenyUnencryptedTraffic', 'DenyNotIsolated', 'RestrictUrlToIp', 'RestrictUrlToVpce', 'DenyDirectInternet',
      'SageMakerDenyRootAccess', 'SageMakerDenyRootAccessUpdate', 'SageMakerLimitInstanceTypes', 'SageMakerAllowedInstanceTypes', 'RequireImdsV2',
    ]));
    expect(d.matrix.filter((m) => m.decision !== m.expected)).toEqual([]);
    expect(d.matrix.find((m) => m.sid === 'RestrictUrlToIp' && m.case === 'vpc-endpoint')!.decision).toBe('allow');
    await expect(run(opts({ exemptRole: ['BreakGlass'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('is not an IAM role ARN') });
    await expect(run(opts({ allowedVpce: ['vpc-123'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('is not a VPC endpoint id') });
    await expect(run(opts({ guardrails: ['vpc-deployment'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('not an opt-in guardrail') });
    await expect(run(opts({ allowedIp: ['10.0.0.0/8'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('private range') });
    expect(await run(opts({ allowedIp: ['0.0.0.0/0'], allowBroad: true }))).toBe(0);
    expect(f.state.calls).toEqual([]);
  });

  it('reads parameters from --config; flags win', async () => {
    org();
    const cfg = join(dir, 'prepare.json');
    writeFileSync(cfg, JSON.stringify({ 'allowed-ip': ['192.0.2.0/24'], except: ['vpc-deployment'] }));
    expect(await run({ output: 'json', auditLog: join(dir, 'a.jsonl'), config: cfg })).toBe(0);
    const d = json() as unknown as { statements: { sid: string; status: string }[]; policies: { document: unknown }[] };
    expect(d.statements.map((s) => s.sid)).not.toContain('VPCDeployment');
    expect(JSON.stringify(d.policies[0]!.document)).toContain('192.0.2.0/24');
    writeFileSync(cfg, JSON.stringify({ allowedIp: ['x'] }));
    await expect(run({ output: 'json', auditLog: join(dir, 'a.jsonl'), config: cfg })).rejects.toThrow(/--config/);
  });
});

describe('sm-ir prepare --apply-scps: IAM Access Analyzer ValidatePolicy before any CreatePolicy/UpdatePolicy', () => {
  type Validation = { policies: string[]; stopped: boolean; findings: { id: string; verdict: string; locations: string[] }[] };
  const validation = () => (json() as unknown as { validation: Validation | null }).validation;
  const hasSid = (sid: string) => (d: { Statement?: { Sid?: string }[] }) => d.Statement?.some((s) => s.Sid === sid) ?? false;

  it('checks exactly the content it is about to send, as an SCP, and goes on when nothing is found', async () => {
    const f = org();
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true }))).toBe(0);
    expect(analyzer.requests).toHaveLength(1);
    expect(analyzer.requests[0]!.policyType).toBe('SERVICE_CONTROL_POLICY');
    expect(analyzer.requests[0]!.policyDocument).toBe(f.state.policies.get([...f.state.policies.values()].find((p) => p.name === 'sm-ir-sagemaker-guardrails-1')!.id)!.content);
    expect(validation()).toEqual({ policies: ['sm-ir-sagemaker-guardrails-1'], findings: [], stopped: false });
    // ValidatePolicy comes before the first change, and is logged as a read.
    const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; readOnly?: boolean });
    const ops = audit.map((a) => a.operation);
    expect(ops.indexOf('ValidatePolicy')).toBeLessThan(ops.indexOf('CreatePolicy'));
    expect(audit.find((a) => a.operation === 'ValidatePolicy')?.readOnly).toBe(true);
  });

  it('an ERROR finding stops it before any change (exit 1), naming the policy, the statement and the finding; no flag passes it', async () => {
    const f = org();
    f.state.calls.length = 0;
    analyzer.stage({ findingType: 'ERROR', issueCode: 'INVALID_SERVICE_CONDITION_KEY', findingDetails: 'The condition key is not valid.', path: ['Statement', 0, 'Condition'] }, hasSid('VPCDeployment'));
    for (const accept of [undefined, ['all'], ['sm-ir-sagemaker-guardrails-1/INVALID_SERVICE_CONDITION_KEY'], ['INVALID_SERVICE_CONDITION_KEY']]) {
      out = '';
      const attempt = run(opts({ target: TARGET, applyScps: true, yes: true, ...(accept ? { acceptFindings: accept } : {}) }));
      await expect(attempt).rejects.toMatchObject({
        exitCode: 1,
        message: expect.stringMatching(/1 ERROR finding.*nothing was changed: sm-ir-sagemaker-guardrails-1: ERROR INVALID_SERVICE_CONDITION_KEY at Statement\[0\] \(Sid VPCDeployment\)\.Condition/),
        hint: expect.stringContaining('cannot be accepted'),
      });
      expect(validation()).toMatchObject({ stopped: true, findings: [{ id: 'sm-ir-sagemaker-guardrails-1/INVALID_SERVICE_CONDITION_KEY', verdict: 'stops' }] });
    }
    expect(writes(f)).toEqual([]);
    expect(existsSync(join(dir, 'audit.jsonl'))).toBe(false);
  });

  it('a SECURITY_WARNING stops it unless --accept-findings names it; WARNING and SUGGESTION are shown and never stop it', async () => {
    const f = org();
    analyzer.stage({ findingType: 'SECURITY_WARNING', issueCode: 'MISSING_PAIRED_CONDITION_KEYS', path: ['Statement', 4] }, hasSid('RestrictUrlToIp'));
    analyzer.stage({ findingType: 'SUGGESTION', issueCode: 'EMPTY_OBJECT_CONDITION' });
    await expect(run(opts({ target: TARGET, applyScps: true, yes: true }))).rejects.toMatchObject({
      exitCode: 1,
      hint: expect.stringContaining('--accept-findings sm-ir-sagemaker-guardrails-1/MISSING_PAIRED_CONDITION_KEYS'),
    });
    expect(writes(f)).toEqual([]);
    out = '';
    err = '';
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true, acceptFindings: ['sm-ir-sagemaker-guardrails-1/MISSING_PAIRED_CONDITION_KEYS', 'NOT_THERE'] }))).toBe(0);
    expect(validation()?.findings.map((x) => `${x.id}:${x.verdict}`)).toEqual([
      'sm-ir-sagemaker-guardrails-1/MISSING_PAIRED_CONDITION_KEYS:accepted',
      'sm-ir-sagemaker-guardrails-1/EMPTY_OBJECT_CONDITION:shown',
    ]);
    expect(err).toContain('accepted: sm-ir-sagemaker-guardrails-1: SECURITY_WARNING MISSING_PAIRED_CONDITION_KEYS');
    expect(err).toContain('note: sm-ir-sagemaker-guardrails-1: SUGGESTION EMPTY_OBJECT_CONDITION');
    expect(err).toContain('--accept-findings NOT_THERE matches no finding');
    expect(writes(f)).toEqual(['CreatePolicy', 'AttachPolicy']);
  });

  it('validates an UpdatePolicy too; a plan without create or update, --remove and the read-only plan call no ValidatePolicy', async () => {
    org();
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true }))).toBe(0);
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true }))).toBe(0);
    expect(await run(opts({ target: TARGET }))).toBe(0);
    expect(analyzer.requests).toHaveLength(1);
    out = '';
    expect(await run(opts({ target: TARGET, applyScps: true, yes: true, allowedIp: ['198.51.100.0/24'] }))).toBe(0);
    expect(json().changes.map((c) => c.action)).toEqual(['update']);
    expect(analyzer.requests).toHaveLength(2);
    expect(analyzer.requests[1]!.policyDocument).toContain('198.51.100.0/24');
    expect(await run(opts({ remove: true, yes: true }))).toBe(0);
    expect(analyzer.requests).toHaveLength(2);
  });

  it('refuses --accept-findings without --apply-scps, and a malformed id, before any AWS call', async () => {
    const f = org();
    await expect(run(opts({ target: TARGET, acceptFindings: ['all'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--apply-scps only') });
    await expect(run(opts({ target: TARGET, applyScps: true, acceptFindings: ['not an id'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("'not an id' is not a finding id") });
    await expect(run(opts({ target: TARGET, applyScps: true, acceptFindings: ['all', 'X'] }))).rejects.toMatchObject({ exitCode: 2 });
    expect(f.state.calls).toEqual([]);
    expect(analyzer.requests).toEqual([]);
  });
});

describe('sm-ir prepare --config-rules', () => {
  // --regions is checked against the account's enabled regions (EC2 DescribeRegions).
  beforeEach(() => {
    mockClient(EC2Client).on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }, { RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
  });

  it('reports per region and creates only the missing rules with --apply-config-rules', async () => {
    const fake = createConfigFake({
      regions: { 'us-east-1': { rules: [{ name: 'my-root-check', identifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_ROOT_ACCESS_CHECK', compliance: 'NON_COMPLIANT' }] } },
    });
    bridge(configSdk.ConfigServiceClient, configSdk, fake);
    expect(await run(opts({ configRules: true, regions: 'us-east-1' }))).toBe(0);
    const rep = JSON.parse(out) as { schema: string; regions: { recorderRunning: boolean; missing: string[]; rules: { name: string; existingName: string | null; compliance: string | null }[] }[] };
    expect(rep.schema).toBe('sm-ir/prepare-config-rules@1');
    expect(rep.regions[0]!.recorderRunning).toBe(true);
    expect(rep.regions[0]!.rules.find((r) => r.name === 'sagemaker-notebook-instance-root-access-check')).toMatchObject({ existingName: 'my-root-check', compliance: 'NON_COMPLIANT' });
    expect(rep.regions[0]!.missing).toHaveLength(5);

    out = '';
    expect(await run(opts({ configRules: true, applyConfigRules: true, regions: 'us-east-1', yes: true }))).toBe(0);
    const rules = fake.state.regions.get('us-east-1')!.rules;
    expect(rules.size).toBe(6);
    expect(rules.get('sagemaker-endpoint-config-prod-instance-count')).toMatchObject({
      Source: { Owner: 'AWS', SourceIdentifier: 'SAGEMAKER_ENDPOINT_CONFIG_PROD_INSTANCE_COUNT' },
      Scope: { ComplianceResourceTypes: ['AWS::SageMaker::EndpointConfig'] },
    });

    out = '';
    expect(await run(opts({ configRules: true, applyConfigRules: true, regions: 'us-east-1', yes: true }))).toBe(0);
    expect((JSON.parse(out) as { changes: unknown[] }).changes).toEqual([]);
  });

  it('--add-config-rules covers opt-in rules too; the platform-version rule gets its required parameter from --notebook-platform-versions', async () => {
    const fake = createConfigFake({ regions: { 'us-east-1': {} } });
    bridge(configSdk.ConfigServiceClient, configSdk, fake);
    const platform = 'sagemaker-notebook-instance-platform-version';
    expect(await run(opts({ configRules: true, applyConfigRules: true, yes: true, regions: 'us-east-1', addConfigRules: ['sagemaker-model-in-vpc', platform], notebookPlatformVersions: ['notebook-al2-v2,notebook-al2-v3'] }))).toBe(0);
    const rules = fake.state.regions.get('us-east-1')!.rules;
    expect(rules.size).toBe(8);
    expect(rules.get(platform)).toMatchObject({
      Source: { Owner: 'AWS', SourceIdentifier: 'SAGEMAKER_NOTEBOOK_INSTANCE_PLATFORM_VERSION' },
      InputParameters: '{"supportedPlatformIdentifierVersions":"notebook-al2-v2,notebook-al2-v3"}',
      MaximumExecutionFrequency: 'TwentyFour_Hours',
    });
    expect(rules.get('sagemaker-model-in-vpc')).not.toHaveProperty('InputParameters');
    // The playbook's own rules take no parameter sm-ir fills: none is sent.
    expect(rules.get('sagemaker-notebook-instance-kms-key-configured')).not.toHaveProperty('InputParameters');
    out = '';
    expect(await run(opts({ configRules: true, regions: 'us-east-1', addConfigRules: ['all'], notebookPlatformVersions: ['notebook-al2-v3'] }))).toBe(0);
    expect((JSON.parse(out) as { regions: { rules: unknown[]; missing: string[] }[] }).regions[0]!.rules).toHaveLength(18);
  });

  it('refuses before any AWS call: the platform rule without its parameter, a bad value, an unknown or non-opt-in name, a parameter flag for a rule not covered', async () => {
    const fake = createConfigFake({ regions: { 'us-east-1': {} } });
    const mock = bridge(configSdk.ConfigServiceClient, configSdk, fake);
    const platform = 'sagemaker-notebook-instance-platform-version';
    await expect(run(opts({ configRules: true, addConfigRules: [platform] }))).rejects.toMatchObject({
      exitCode: 2, message: expect.stringContaining(`${platform} needs --notebook-platform-versions (its parameter supportedPlatformIdentifierVersions`), hint: expect.stringContaining('--notebook-platform-versions notebook-al2-v3'),
    });
    await expect(run(opts({ configRules: true, addConfigRules: ['all'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('needs --notebook-platform-versions') });
    await expect(run(opts({ configRules: true, addConfigRules: [platform], notebookPlatformVersions: ['al2'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("'al2' does not look like") });
    await expect(run(opts({ configRules: true, addConfigRules: ['nope'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("'nope' is not an opt-in Config rule") });
    await expect(run(opts({ configRules: true, addConfigRules: ['sagemaker-notebook-instance-root-access-check'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('always included') });
    await expect(run(opts({ configRules: true, notebookPlatformVersions: ['notebook-al2-v3'] }))).rejects.toMatchObject({ exitCode: 2, hint: `add it: --add-config-rules ${platform}` });
    await expect(run(opts({ notebookPlatformVersions: ['notebook-al2-v3'] }))).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('fills a Config rule') });
    expect(mock.calls()).toEqual([]);
  });

  it('warns when a region has no recorder, and creates no rule there', async () => {
    const fake = createConfigFake();
    bridge(configSdk.ConfigServiceClient, configSdk, fake);
    expect(await run(opts({ configRules: true, applyConfigRules: true, yes: true }))).toBe(0);
    expect(err).toMatch(/us-east-1: no configuration recorder.*no rule is created/);
    expect((JSON.parse(out) as { changes: unknown[] }).changes).toEqual([]);
    expect(fake.state.regions.get('us-east-1')!.rules.size).toBe(0);
  });

  it('refuses a region the account has not enabled, before any Config call', async () => {
    const fake = createConfigFake();
    bridge(configSdk.ConfigServiceClient, configSdk, fake);
    await expect(run(opts({ configRules: true, regions: 'us-east-1,me-south-1' }))).rejects.toThrow(/--regions: me-south-1 is not a region enabled for this account/);
    expect(fake.state.regions.size).toBe(0);
  });

  it('warns when the recorder is stopped', async () => {
    bridge(configSdk.ConfigServiceClient, configSdk, createConfigFake({ regions: { 'us-east-1': { recorder: { name: 'default', recording: false } } } }));
    expect(await run(opts({ configRules: true }))).toBe(0);
    expect(err).toMatch(/us-east-1: the configuration recorder is not running/);
  });
});
