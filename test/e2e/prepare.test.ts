/**
 * `sm-ir prepare` through the built binary against the wire-level fake: the rendered SCPs checked
 * against the playbook reference, then plan, apply, re-apply, update and remove on a root, an OU and
 * an account of a stateful organization.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as sagemaker from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it } from 'vitest';
import { ScpPlanSchema } from '../../src/core/prepare/schema.js';
import { E2E_TIMEOUT, MANAGEMENT, MEMBER, OU_ID, PARAMS, PREFIX, ROOT_ID, closeFixtures, documented, manyCidrs, startPrepareFake } from './prepare-fixture.js';

afterEach(async () => {
  expect(await closeFixtures()).toEqual([]);
});

/** Every JSON plan printed here must match its published schema (`sm-ir schema sm-ir/prepare-scp-plan@1`). */
const plan = (stdout: string) => documented(ScpPlanSchema, stdout);
type Statement = ReturnType<typeof plan>['policies'][number]['document']['Statement'][number];

/**
 * The reference (shared/reference/playbook-facts.md, section 1) with its corrections applied, written
 * out here independently of playbook/scps.json so a drift in the data fails this test.
 */
// The corrected guardrails (playbook-facts section 1): fail-closed booleans and defaults, VPC-endpoint calls
// exempt from the IP statement, UpdateNotebookInstance under the instance-type list, every Studio action
// that carries sagemaker:InstanceTypes.
const REFERENCE: Record<string, { actions: string[]; condition: Record<string, Record<string, string[]>> }> = {
  VPCDeployment: {
    actions: ['CreateHyperParameterTuningJob', 'CreateModel', 'CreateNotebookInstance', 'CreateProcessingJob', 'CreateTrainingJob'],
    condition: { Null: { 'sagemaker:VpcSecurityGroupIds': ['true'], 'sagemaker:VpcSubnets': ['true'] } },
  },
  DenyUnencryptedVolumes: {
    actions: ['CreateHyperParameterTuningJob', 'CreateTrainingJob', 'CreateEndpointConfig', 'CreateTransformJob'],
    condition: { Null: { 'sagemaker:VolumeKmsKeyArn': ['true'] } },
  },
  DenyUnencryptedTraffic: {
    actions: ['CreateTrainingJob', 'CreateHyperParameterTuningJob'],
    condition: { BoolIfExists: { 'sagemaker:InterContainerTrafficEncryption': ['false'] } },
  },
  DenyNotIsolated: {
    actions: ['CreateTrainingJob', 'CreateHyperParameterTuningJob', 'CreateModel'],
    condition: { BoolIfExists: { 'sagemaker:NetworkIsolation': ['false'] } },
  },
  RestrictUrlToIp: {
    actions: ['CreatePresignedNotebookInstanceUrl'],
    condition: {
      NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.0/24'] },
      Null: { 'aws:SourceVpce': ['true'] },
      Bool: { 'aws:ViaAWSService': ['false'] },
    },
  },
  DenyDirectInternet: { actions: ['CreateNotebookInstance'], condition: { StringNotEquals: { 'sagemaker:DirectInternetAccess': ['Disabled'] } } },
  SageMakerDenyRootAccess: { actions: ['CreateNotebookInstance'], condition: { StringNotEquals: { 'sagemaker:RootAccess': ['Disabled'] } } },
  SageMakerDenyRootAccessUpdate: { actions: ['UpdateNotebookInstance'], condition: { StringEquals: { 'sagemaker:RootAccess': ['Enabled'] } } },
  SageMakerLimitInstanceTypes: {
    actions: ['CreateNotebookInstance', 'UpdateNotebookInstance'],
    condition: { 'ForAnyValue:StringNotLike': { 'sagemaker:InstanceTypes': ['ml.t3.medium', 'ml.m5.xlarge'] } },
  },
  SageMakerAllowedInstanceTypes: {
    actions: ['CreateApp', 'CreateSpace', 'UpdateSpace', 'CreateUserProfile', 'UpdateUserProfile', 'CreateDomain', 'UpdateDomain'],
    condition: { 'ForAnyValue:StringNotLike': { 'sagemaker:InstanceTypes': ['ml.c5.large', 'ml.m5.large', 'ml.t3.medium', 'system'] } },
  },
};

const SAGEMAKER_OPERATIONS = new Set(Object.keys(sagemaker).filter((k) => /^[A-Z]\w+Command$/.test(k)).map((k) => k.slice(0, -'Command'.length)));
const asLists = (c: Statement['Condition']) =>
  Object.fromEntries(Object.entries(c).map(([op, keys]) => [op, Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]))]));

describe('sm-ir prepare: the rendered SCPs', { timeout: E2E_TIMEOUT }, () => {
  it('are valid IAM JSON with the exact actions and condition keys of the reference, each within 5,120 characters minified; no AWS call', async () => {
    const f = await startPrepareFake();
    const r = await f.run([...PARAMS, '--output', 'json']);
    expect(r.stderr).not.toMatch(/skipped/);
    expect(r.code).toBe(0);
    const doc = plan(r.stdout);
    expect(doc.schema).toBe('sm-ir/prepare-scp-plan@1');
    expect(doc.mode).toBe('documents');
    const statements = doc.policies.flatMap((p) => p.document.Statement);
    expect(statements.map((s) => s.Sid).sort()).toEqual(Object.keys(REFERENCE).sort());
    for (const p of doc.policies) {
      const minified = JSON.stringify(p.document);
      expect(p.size).toBe(minified.length);
      expect(p.size).toBeLessThanOrEqual(5120);
      expect(p.valid).toBe(true);
      expect(Object.keys(p.document)).toEqual(['Version', 'Statement']);
      expect(p.document.Version).toBe('2012-10-17');
      // No placeholder, no deprecated key, no set operator on the single-valued aws:SourceIp.
      expect(minified).not.toMatch(/\[[A-Z_]+\]|\{\{|"sagemaker:VolumeKmsKey"|ForAllValues/);
    }
    for (const s of statements) {
      expect(Object.keys(s).sort()).toEqual(['Action', 'Condition', 'Effect', 'Resource', 'Sid']);
      expect(s.Effect).toBe('Deny');
      expect(s.Resource).toBe('*');
      const ref = REFERENCE[s.Sid]!;
      expect(s.Action).toEqual(ref.actions.map((a) => `sagemaker:${a}`));
      for (const a of s.Action) expect(SAGEMAKER_OPERATIONS.has(a.slice('sagemaker:'.length))).toBe(true);
      expect(asLists(s.Condition)).toEqual(ref.condition);
    }
    expect(f.fake.stats.calls).toEqual([]);
    expect(r.stderr).toContain('SCPs never restrict the management account');
  });

  it('prints the same plan as a table: statements, policies with their size, and no change without --target', async () => {
    const f = await startPrepareFake();
    const r = await f.run(PARAMS);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('SCP statements');
    for (const sid of Object.keys(REFERENCE)) expect(r.stdout).toContain(sid);
    expect(r.stdout).toMatch(new RegExp(`${PREFIX}-1: \\d+/5120 characters, 10 statements, valid`));
    expect(r.stdout).toContain('sagemaker:VolumeKmsKeyArn');
    expect(r.stdout).toContain('No --target: documents only (no AWS call was made).');
    const md = await f.run([...PARAMS, '--output', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(new RegExp(`## Policies\\n\\n### ${PREFIX}-1 \\(\\d+/5120 characters, valid\\)\\n\\n\`\`\`json\\n\\{`));
    expect(f.fake.stats.calls).toEqual([]);
  });

  it('skips a statement whose placeholder is not filled, with a message naming the flag; the rest still deploy', async () => {
    const f = await startPrepareFake();
    const r = await f.run(['--output', 'json', '--target', ROOT_ID, '--apply-scps', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('skipped RestrictUrlToIp: needs --allowed-ip');
    expect(r.stderr).toContain('skipped SageMakerLimitInstanceTypes: needs --allowed-instance-types');
    const doc = plan(r.stdout);
    expect(doc.statements.filter((s) => s.status === 'skipped').map((s) => s.sid)).toEqual(['RestrictUrlToIp', 'SageMakerLimitInstanceTypes']);
    const deployed = Object.values(f.ours());
    expect(deployed).toHaveLength(1);
    expect(deployed[0]!.content).not.toMatch(/RestrictUrlToIp|SageMakerLimitInstanceTypes|\[ENTER|\{\{/);
    expect((JSON.parse(deployed[0]!.content) as { Statement: unknown[] }).Statement).toHaveLength(8);
  });

  it('reads the parameters from --config, flags winning, and gives the same documents as the flags', async () => {
    const f = await startPrepareFake();
    const file = join(mkdtempSync(join(tmpdir(), 'sm-ir-e2e-config-')), 'params.json');
    writeFileSync(file, JSON.stringify({ 'allowed-ip': ['192.0.2.0/24'], 'allowed-instance-types': ['ml.t3.medium', 'ml.m5.xlarge'], except: ['deny-not-isolated'] }));
    const fromFile = plan((await f.run(['--config', file, '--allowed-ip', '203.0.113.0/24', '198.51.100.0/24', '--output', 'json'])).stdout);
    const fromFlags = plan((await f.run([...PARAMS, '--except', 'DenyNotIsolated', '--output', 'json'])).stdout);
    expect(fromFile.policies).toEqual(fromFlags.policies);
    expect(fromFile.statements.map((x) => x.sid)).not.toContain('DenyNotIsolated');
    writeFileSync(file, JSON.stringify({ 'allowed-ips': ['192.0.2.0/24'] }));
    const bad = await f.run(['--config', file, '--target', ROOT_ID]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--config ${file}`);
    expect(f.fake.stats.calls).toEqual([]);
  });

  it('packs into several policies when the parameters make one too long, each within the limit', async () => {
    const f = await startPrepareFake();
    const r = await f.run(['--allowed-ip', ...manyCidrs(200), '--allowed-instance-types', 'ml.t3.medium', '--output', 'json']);
    expect(r.code).toBe(0);
    const doc = plan(r.stdout);
    expect(doc.policies.map((p) => p.name)).toEqual([`${PREFIX}-1`, `${PREFIX}-2`]);
    for (const p of doc.policies) expect(JSON.stringify(p.document).length).toBeLessThanOrEqual(5120);
    expect(doc.policies.flatMap((p) => p.sids).sort()).toEqual(Object.keys(REFERENCE).sort());
  });

  it('refuses a statement that cannot fit even alone, before any AWS call (exit 2)', async () => {
    const f = await startPrepareFake();
    const r = await f.run(['--allowed-ip', ...manyCidrs(400), '--target', ROOT_ID]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/RestrictUrlToIp alone is \d+ characters minified, over the 5120 limit/);
    expect(f.fake.stats.calls).toEqual([]);
  });
});

describe('sm-ir prepare --apply-scps', { timeout: E2E_TIMEOUT }, () => {
  it('plans with --target alone: reads, shows what it would do, changes nothing', async () => {
    const f = await startPrepareFake();
    const r = await f.run([...PARAMS, '--target', ROOT_ID, '--output', 'json']);
    expect(r.code).toBe(0);
    const doc = plan(r.stdout);
    expect(doc.mode).toBe('plan');
    expect(doc.changes.map((c) => c.action)).toEqual(['create', 'attach']);
    expect(doc.attachedToTarget).toEqual([{ id: 'p-FullAWSAccess', name: 'FullAWSAccess' }]);
    expect(f.writes()).toEqual([]);
    expect(f.fake.stats.count({ operation: 'DescribeOrganization' })).toBe(1);
  });

  it('creates and attaches on the root; a re-run changes nothing; new content is an UpdatePolicy; --remove takes only sm-ir\'s', async () => {
    const f = await startPrepareFake();
    const customer = f.seedPolicy('customer-deny-ec2', [ROOT_ID, OU_ID]);
    const lookalike = f.seedPolicy(`${PREFIX}-9`, [OU_ID]);

    const first = await f.run([...PARAMS, '--target', ROOT_ID, '--apply-scps', '--yes']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`1. create policy ${PREFIX}-1`);
    expect(first.stdout).toContain(`2. attach ${PREFIX}-1 to ${ROOT_ID}`);
    expect(first.stderr).toContain('applied 2 change(s)');
    expect(f.writes()).toEqual(['CreatePolicy', 'AttachPolicy']);
    const ours = f.ours()[`${PREFIX}-1`]!;
    expect(ours.targets).toEqual([ROOT_ID]);
    expect(f.attached(ROOT_ID)).toEqual(['FullAWSAccess', 'customer-deny-ec2', `${PREFIX}-1`].sort());
    // sm-ir's tags: managed-by, the id it generated and the SHA-256 of the content it wrote.
    expect(f.org.state.policies.get(ours.id)!.tags).toEqual({ 'managed-by': 'sm-ir', 'sm-ir:policy-id': expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f-]{27}$/), 'sm-ir:content-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) });

    f.fake.stats.reset();
    const again = await f.run([...PARAMS, '--target', ROOT_ID, '--apply-scps', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No change: the target already carries these policies.');
    expect(again.stderr).toContain('nothing to change');
    expect(f.writes()).toEqual([]);

    f.fake.stats.reset();
    const changed = await f.run(['--allowed-ip', '192.0.2.0/24', '--allowed-instance-types', 'ml.t3.medium', '--target', ROOT_ID, '--apply-scps', '--yes', '--output', 'json']);
    expect(changed.code).toBe(0);
    expect(plan(changed.stdout).changes.map((c) => c.action)).toEqual(['update']);
    expect(f.writes()).toEqual(['UpdatePolicy', 'TagResource']);
    expect(f.ours()[`${PREFIX}-1`]!.content).toContain('"aws:SourceIp":["192.0.2.0/24"]');
    expect(f.ours()[`${PREFIX}-1`]!.id).toBe(ours.id);

    f.fake.stats.reset();
    const removed = await f.run(['--remove', '--yes', '--output', 'json']);
    expect(removed.code).toBe(0);
    expect(plan(removed.stdout).changes.map((c) => `${c.action} ${'name' in c ? c.name : ''}`)).toEqual([`detach ${PREFIX}-1`, `delete ${PREFIX}-1`]);
    expect(f.writes()).toEqual(['DetachPolicy', 'DeletePolicy']);
    expect(f.ours()).toEqual({});
    // The customer's policies, including one that merely looks like sm-ir's, are untouched.
    expect(f.org.state.policies.has(customer)).toBe(true);
    expect(f.org.state.policies.has(lookalike)).toBe(true);
    expect(f.attached(ROOT_ID)).toEqual(['FullAWSAccess', 'customer-deny-ec2']);
    expect(f.attached(OU_ID)).toEqual(['FullAWSAccess', 'customer-deny-ec2', `${PREFIX}-9`].sort());

    f.fake.stats.reset();
    const nothing = await f.run(['--remove', '--yes']);
    expect(nothing.code).toBe(0);
    expect(nothing.stderr).toContain('nothing to change');
    expect(f.writes()).toEqual([]);

    const audit = f.audit();
    expect(audit.map((a) => `${a.operation}:${a.outcome}`)).toEqual(['CreatePolicy:ok', 'AttachPolicy:ok', 'UpdatePolicy:ok', 'TagResource:ok', 'DetachPolicy:ok', 'DeletePolicy:ok']);
    // The reads that built each applied plan are in the log too, marked readOnly, each with the request id the fake answered.
    const reads = f.auditAll().filter((a) => a.readOnly === true);
    expect(new Set(reads.map((a) => a.operation))).toEqual(new Set(['DescribeOrganization', 'GetCallerIdentity', 'ListRoots', 'ListPolicies', 'ListTagsForResource', 'DescribePolicy', 'ListTargetsForPolicy', 'ListPoliciesForTarget', 'ValidatePolicy']));
    // Every answered call has its request id; a change's sent line, written before the request, has none yet.
    for (const a of f.auditAll().filter((x) => x.outcome !== 'sent')) expect(a.requestId, a.operation).toMatch(/\S/);
    for (const a of f.auditAll().filter((x) => x.outcome === 'sent')) expect(a.requestId, a.operation).toBeNull();
  });

  it('--remove --target detaches from that target only; the policy goes once it guards nothing', async () => {
    const f = await startPrepareFake();
    for (const t of [ROOT_ID, OU_ID]) expect((await f.run([...PARAMS, '--target', t, '--apply-scps', '--yes'])).code).toBe(0);
    expect(f.ours()[`${PREFIX}-1`]!.targets).toEqual([OU_ID, ROOT_ID].sort());
    f.fake.stats.reset();
    expect((await f.run(['--remove', '--target', OU_ID, '--yes'])).code).toBe(0);
    expect(f.writes()).toEqual(['DetachPolicy']);
    expect(f.ours()[`${PREFIX}-1`]!.targets).toEqual([ROOT_ID]);
    f.fake.stats.reset();
    expect((await f.run(['--remove', '--target', ROOT_ID, '--yes'])).code).toBe(0);
    expect(f.writes()).toEqual(['DetachPolicy', 'DeletePolicy']);
    expect(f.ours()).toEqual({});
  });

  it('repacks (1 policy to 2 and back) with every statement in force on the target after every call', async () => {
    const f = await startPrepareFake();
    const enforced = () =>
      [...f.org.state.policies.values()]
        .filter((p) => !p.awsManaged && f.org.state.attachments.get(p.id)?.has(ROOT_ID))
        .flatMap((p) => (JSON.parse(p.content) as { Statement: { Sid: string }[] }).Statement.map((x) => x.Sid));
    const gaps: string[] = [];
    for (const op of ['CreatePolicy', 'UpdatePolicy', 'AttachPolicy', 'DetachPolicy', 'DeletePolicy']) {
      const real = f.org.handlers[op]!;
      f.org.handlers[op] = (req) => {
        const out = real(req);
        const missing = Object.keys(REFERENCE).filter((sid) => !enforced().includes(sid));
        if (f.ours()[`${PREFIX}-1`]?.targets.length && missing.length) gaps.push(`${op}: ${missing.join(',')}`);
        return out;
      };
    }
    const wide = ['--allowed-ip', ...manyCidrs(200), '--allowed-instance-types', 'ml.t3.medium', 'ml.m5.xlarge', '--target', ROOT_ID, '--apply-scps', '--yes'];
    expect((await f.run([...PARAMS, '--target', ROOT_ID, '--apply-scps', '--yes'])).code).toBe(0);
    f.fake.stats.reset();
    expect((await f.run(wide)).code).toBe(0);
    expect(f.writes()).toEqual(['CreatePolicy', 'AttachPolicy', 'UpdatePolicy', 'TagResource']);
    expect(Object.keys(f.ours()).sort()).toEqual([`${PREFIX}-1`, `${PREFIX}-2`]);
    f.fake.stats.reset();
    expect((await f.run([...PARAMS, '--target', ROOT_ID, '--apply-scps', '--yes'])).code).toBe(0);
    expect(f.writes()).toEqual(['UpdatePolicy', 'TagResource', 'DetachPolicy', 'DeletePolicy']);
    expect(Object.keys(f.ours())).toEqual([`${PREFIX}-1`]);
    expect(gaps).toEqual([]);
  });

  it.each([
    ['an OU', OU_ID],
    ['a member account', MEMBER],
  ])('attaches to %s; a re-run changes nothing', async (_what, target) => {
    const f = await startPrepareFake();
    const r = await f.run([...PARAMS, '--target', target, '--apply-scps', '--yes']);
    expect(r.code).toBe(0);
    expect(f.ours()[`${PREFIX}-1`]!.targets).toEqual([target]);
    expect(f.attached(target)).toContain(`${PREFIX}-1`);
    expect(f.attached(ROOT_ID)).toEqual(['FullAWSAccess']);
    f.fake.stats.reset();
    expect((await f.run([...PARAMS, '--target', target, '--apply-scps', '--yes'])).code).toBe(0);
    expect(f.writes()).toEqual([]);
  });

  it('warns that SCPs never restrict the management account, and says so when it is the target', async () => {
    const f = await startPrepareFake();
    const r = await f.run([...PARAMS, '--target', MANAGEMENT]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('SCPs never restrict the management account');
    expect(r.stderr).toContain(`${MANAGEMENT} is the management account: SCPs attached to it have no effect`);
  });
});
