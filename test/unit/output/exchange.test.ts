import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asffFinding, renderAsff } from '../../../src/output/exchange/asff.js';
import { ocsfFinding } from '../../../src/output/exchange/ocsf.js';
import type { ExchangeContext } from '../../../src/output/exchange/common.js';
import type { Finding } from '../../../src/core/finding.js';
import { loadPlaybook } from '../../../src/playbook/load.js';
import { validate } from '../../e2e/json-schema.js';

const schema = (name: string) => JSON.parse(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
const OCSF = schema('ocsf-1.3.0-detection-finding.schema.json');
const ASFF = schema('asff-batch-import-findings.schema.json');
const ctx: ExchangeContext = { version: '0.1.0', generatedAt: '2026-11-28T00:00:00.000Z', attack: loadPlaybook().attack };

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: 'presigned-url-access:e1', ruleId: 'presigned-url-access', scenarios: ['credential-theft'], severity: 'medium', signals: [], confidence: 'medium',
    title: 'Presigned URL', reason: 'a presigned notebook URL made by a script', time: '2026-11-27T10:00:00Z', region: 'us-east-1', account: '111122223333',
    principal: { arn: 'arn:aws:sts::111122223333:assumed-role/MlCi/SageMaker', type: 'AssumedRole', accountId: '111122223333', accessKeyId: 'ASIAIOSFODNN7EXAMPLE', issuerArn: 'arn:aws:iam::111122223333:role/MlCi', key: 'k' },
    sourceIp: '198.51.100.77', userAgent: 'aws-cli/2.15.0', eventSource: 'sagemaker.amazonaws.com', eventName: 'CreatePresignedNotebookInstanceUrl', eventId: 'e1',
    relatedEventIds: ['e1'], errorCode: null, resources: ['arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb-1'], mitre: ['T1078.004'], tactics: [], evidence: {},
    ...over,
  };
}

describe('OCSF and ASFF mappings', () => {
  it('a suppressed finding goes out marked so: OCSF status Suppressed, ASFF workflow SUPPRESSED with the reason as its note', () => {
    const x = { finding: finding(), suppressed: { reason: 'the data team\'s notebook', expires: '2027-01-31' } };
    expect(ocsfFinding(x, ctx)).toMatchObject({ status_id: 3, status: 'Suppressed', status_detail: "the data team's notebook (until 2027-01-31)" });
    expect(asffFinding(x, ctx)).toMatchObject({ Workflow: { Status: 'SUPPRESSED' }, Note: { Text: "the data team's notebook" } });
    expect(validate(OCSF, ocsfFinding(x, ctx))).toEqual([]);
    expect(validate(ASFF, { Findings: [asffFinding(x, ctx)] })).toEqual([]);
  });

  it('a call SageMaker made names a service, not an address; a finding naming no resource names the account', () => {
    const f = finding({ sourceIp: 'sagemaker.amazonaws.com', resources: [] });
    const ocsf = ocsfFinding({ finding: f }, ctx);
    expect(ocsf.src_endpoint).toEqual({ svc_name: 'sagemaker.amazonaws.com' });
    expect(ocsf.resources).toBeUndefined();
    const asff = asffFinding({ finding: f }, ctx);
    expect(asff.Resources).toEqual([{ Type: 'AwsAccount', Id: 'AWS::::Account:111122223333', Partition: 'aws', Region: 'us-east-1' }]);
    expect((asff.Action as { AwsApiCallAction: unknown }).AwsApiCallAction).toMatchObject({ CallerType: 'domain', DomainDetails: { Domain: 'sagemaker.amazonaws.com' } });
    expect(validate(OCSF, ocsf)).toEqual([]);
    expect(validate(ASFF, { Findings: [asff] })).toEqual([]);
  });

  it('long reasons are cut to what Security Hub takes; 250 findings make three request bodies', () => {
    const long = finding({ reason: 'x'.repeat(5000), title: 'y'.repeat(400) });
    const asff = asffFinding({ finding: long }, ctx);
    expect((asff.Description as string).length).toBe(1024);
    expect((asff.Title as string).length).toBe(256);
    const lines = renderAsff(Array.from({ length: 250 }, (_, i) => ({ finding: finding({ id: `r:${i}` }) })), ctx).trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { Findings: unknown[] }).Findings.length)).toEqual([100, 100, 50]);
  });

  it('the schemas fail what the formats forbid: a wrong class, an unknown attribute, a bad severity label, an empty batch', () => {
    const ocsf = ocsfFinding({ finding: finding() }, ctx);
    expect(validate(OCSF, { ...ocsf, class_uid: 2003 })).not.toEqual([]);
    expect(validate(OCSF, { ...ocsf, finding_info: { ...(ocsf.finding_info as object), titel: 'typo' } })).toEqual(['$.finding_info: unexpected property titel']);
    expect(validate(OCSF, { ...ocsf, severity_id: 7 })).not.toEqual([]);
    const { metadata: _m, ...noMetadata } = ocsf;
    expect(validate(OCSF, noMetadata)).toEqual(['$: missing metadata']);
    const asff = asffFinding({ finding: finding() }, ctx);
    expect(validate(ASFF, { Findings: [{ ...asff, Severity: { Label: 'SEVERE' } }] })).not.toEqual([]);
    expect(validate(ASFF, { Findings: [{ ...asff, Types: ['Attacks/Credentials'] }] })).not.toEqual([]);
    expect(validate(ASFF, { Findings: [] })).not.toEqual([]);
  });
});
