/**
 * --output asff: the findings in the AWS Security Finding Format, as Security Hub's BatchImportFindings takes
 * them: one request body per line ({"Findings": [...]}, at most 100 findings each, the API's limit), so
 *   sm-ir detect ... --output asff | while read -r batch; do aws securityhub batch-import-findings --cli-input-json "$batch"; done
 * imports them into the account's own product (arn:aws:securityhub:REGION:ACCOUNT:product/ACCOUNT/default).
 * Suppressed findings go out with workflow status SUPPRESSED. test/schemas/asff.schema.json checks it.
 */
import type { Finding } from '../../core/finding.js';
import { ipVersion } from '../../core/ip.js';
import type { Severity } from '../../playbook/severity.js';
import { arnParts, type ExchangeContext, type ExchangedFinding } from './common.js';

/** BatchImportFindings takes at most 100 findings a call. */
export const ASFF_BATCH = 100;

const LABELS: Record<Severity, string> = { info: 'INFORMATIONAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' };
const CONFIDENCE: Record<Finding['confidence'], number> = { weak: 30, medium: 60, strong: 90 };

// ASFF's finding types: TTPs has these ATT&CK tactics as categories; the effects of the rest are Effects/...
const TTP_TACTICS = new Set(['Initial Access', 'Execution', 'Persistence', 'Privilege Escalation', 'Defense Evasion', 'Credential Access', 'Discovery', 'Lateral Movement', 'Collection', 'Command and Control']);
const EFFECTS: Record<string, string> = {
  Exfiltration: 'Effects/Data Exfiltration',
  Impact: 'Effects/Resource Consumption',
};
const SCENARIO_EFFECTS: Record<string, string> = {
  'data-model-exfiltration': 'Effects/Data Exfiltration',
  'data-poisoning': 'Effects/Data Exposure',
  cryptojacking: 'Effects/Resource Consumption',
  'resource-misuse': 'Effects/Resource Consumption',
  'denial-of-service': 'Effects/Denial of Service',
};

function typesOf(f: Finding): string[] {
  const types = new Set<string>();
  for (const t of f.tactics) {
    if (TTP_TACTICS.has(t)) types.add(`TTPs/${t}`);
    else if (EFFECTS[t]) types.add(EFFECTS[t]);
  }
  for (const s of f.scenarios) if (SCENARIO_EFFECTS[s]) types.add(SCENARIO_EFFECTS[s]);
  if (types.size === 0) types.add('Unusual Behaviors/User');
  return [...types].slice(0, 50);
}

// ASFF resource types for what SageMaker and IAM findings name; anything else is Other.
const RESOURCE_TYPES: Record<string, string> = {
  'sagemaker:notebook-instance': 'AwsSageMakerNotebookInstance',
  'iam:role': 'AwsIamRole',
  'iam:user': 'AwsIamUser',
  'iam:policy': 'AwsIamPolicy',
  'cloudtrail:trail': 'AwsCloudTrailTrail',
  's3:': 'AwsS3Bucket',
};

function resourcesOf(f: Finding, account: string, region: string): Record<string, unknown>[] {
  const out = f.resources.map((r) => {
    const arn = arnParts(r);
    const type = arn ? (RESOURCE_TYPES[`${arn.service}:${arn.type}`] ?? (arn.service === 's3' && !r.includes('/') ? 'AwsS3Bucket' : 'Other')) : 'Other';
    return {
      Type: type,
      Id: r,
      Partition: arn?.partition === 'aws-cn' || arn?.partition === 'aws-us-gov' ? arn.partition : 'aws',
      Region: arn?.region || region,
    };
  });
  // Security Hub wants at least one resource: the account the call was made in.
  return out.length > 0 ? out.slice(0, 32) : [{ Type: 'AwsAccount', Id: `AWS::::Account:${account}`, Partition: 'aws', Region: region }];
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function asffFinding(x: ExchangedFinding, ctx: ExchangeContext): Record<string, unknown> {
  const f = x.finding;
  const account = f.account ?? f.principal.accountId ?? '000000000000';
  const region = f.region ?? 'us-east-1';
  const ip = ipVersion(f.sourceIp);
  const fields: Record<string, string> = {
    'sm-ir/ruleId': f.ruleId,
    'sm-ir/scenarios': f.scenarios.join(','),
    'sm-ir/eventSource': f.eventSource,
    'sm-ir/eventName': f.eventName,
    'sm-ir/principal': f.principal.arn ?? f.principal.key,
    ...(f.eventId ? { 'sm-ir/eventId': f.eventId } : {}),
    ...(f.principal.accessKeyId ? { 'sm-ir/accessKeyId': f.principal.accessKeyId } : {}),
    ...(f.signals.length > 0 ? { 'sm-ir/signals': f.signals.map((s) => `${s.effect === 'raise' ? '+' : '-'}${s.id}`).join(' ') } : {}),
    ...(f.mitre.length > 0 ? { 'sm-ir/mitre': f.mitre.join(',') } : {}),
  };
  return {
    SchemaVersion: '2018-10-08',
    Id: f.id,
    ProductArn: `arn:aws:securityhub:${region}:${account}:product/${account}/default`,
    ProductName: 'sm-ir',
    CompanyName: 'sm-ir',
    Region: region,
    GeneratorId: `sm-ir/${f.ruleId}`,
    AwsAccountId: account,
    Types: typesOf(f),
    FirstObservedAt: f.time,
    LastObservedAt: f.time,
    CreatedAt: f.time,
    UpdatedAt: ctx.generatedAt,
    Severity: { Label: LABELS[f.severity], Original: f.severity },
    Confidence: CONFIDENCE[f.confidence],
    Title: clip(f.title, 256),
    Description: clip(f.reason || f.title, 1024),
    ProductFields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, clip(v, 4096)])),
    Resources: resourcesOf(f, account, region),
    Action: {
      ActionType: 'AWS_API_CALL',
      AwsApiCallAction: {
        Api: f.eventName,
        ServiceName: f.eventSource,
        CallerType: ip ? 'remoteIp' : 'domain',
        ...(ip === 4 ? { RemoteIpDetails: { IpAddressV4: f.sourceIp } } : {}),
        ...(!ip && f.sourceIp ? { DomainDetails: { Domain: f.sourceIp } } : {}),
        FirstSeen: f.time,
        LastSeen: f.time,
      },
    },
    Workflow: { Status: x.suppressed ? 'SUPPRESSED' : 'NEW' },
    RecordState: 'ACTIVE',
    ...(x.suppressed ? { Note: { Text: clip(x.suppressed.reason, 512), UpdatedBy: 'sm-ir suppress file', UpdatedAt: ctx.generatedAt } } : {}),
  };
}

/** BatchImportFindings request bodies, one per line, 100 findings each. */
export function renderAsff(findings: ExchangedFinding[], ctx: ExchangeContext): string {
  const lines: string[] = [];
  for (let i = 0; i < findings.length; i += ASFF_BATCH) {
    lines.push(JSON.stringify({ Findings: findings.slice(i, i + ASFF_BATCH).map((x) => asffFinding(x, ctx)) }));
  }
  return lines.map((l) => `${l}\n`).join('');
}
