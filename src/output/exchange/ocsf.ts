/**
 * --output ocsf: each finding as an OCSF 1.3.0 Detection Finding (class 2004, category Findings), one JSON
 * object per line, as Security Lake, Prowler and SIEMs ingest them. The rule is the analytic, the CloudTrail
 * call the evidence (its API, actor and source address), the resources named by the event the resources.
 * Suppressed findings go out with status Suppressed. test/schemas/ocsf-1.3.0-detection-finding.schema.json checks it.
 */
import type { Finding } from '../../core/finding.js';
import { ipVersion } from '../../core/ip.js';
import type { Severity } from '../../playbook/severity.js';
import { arnParts, attacksOf, type ExchangeContext, type ExchangedFinding } from './common.js';

export const OCSF_VERSION = '1.3.0';

const SEVERITY_IDS: Record<Severity, [number, string]> = {
  info: [1, 'Informational'],
  low: [2, 'Low'],
  medium: [3, 'Medium'],
  high: [4, 'High'],
  critical: [5, 'Critical'],
};
const CONFIDENCE_IDS: Record<Finding['confidence'], [number, string]> = { weak: [1, 'Low'], medium: [2, 'Medium'], strong: [3, 'High'] };
// OCSF user type_id: 1 User, 2 Admin, 3 System, 99 Other (an assumed role or a service is Other, named in `type`).
const USER_TYPE_IDS: Record<string, number> = { IAMUser: 1, Root: 2, AWSService: 3 };

const ms = (iso: string) => Date.parse(iso);

function actorOf(f: Finding): Record<string, unknown> {
  const p = f.principal;
  const account = p.accountId ? { account: { uid: p.accountId, type_id: 10, type: 'AWS Account' } } : {};
  const user = {
    uid: p.arn ?? p.key,
    name: (p.arn ?? p.key).split('/').pop() as string,
    type_id: USER_TYPE_IDS[p.type ?? ''] ?? 99,
    type: p.type ?? 'Other',
    ...(p.accessKeyId ? { credential_uid: p.accessKeyId } : {}),
    ...account,
  };
  const session = p.issuerArn ? { session: { issuer: p.issuerArn, ...(p.accessKeyId ? { credential_uid: p.accessKeyId } : {}) } } : {};
  return { user, ...session };
}

function endpointOf(f: Finding): Record<string, unknown> | undefined {
  if (!f.sourceIp) return undefined;
  // CloudTrail names the service for calls a service made on the caller's behalf (sagemaker.amazonaws.com).
  return ipVersion(f.sourceIp) ? { ip: f.sourceIp } : { svc_name: f.sourceIp };
}

function resourcesOf(f: Finding): Record<string, unknown>[] {
  return f.resources.map((r) => {
    const arn = arnParts(r);
    if (!arn) return { name: r, type: 'Unknown' };
    return {
      uid: r,
      name: arn.name,
      type: `${arn.service}:${arn.type}`,
      cloud_partition: arn.partition,
      ...(arn.region ? { region: arn.region } : {}),
      ...(arn.account && arn.account !== 'aws' ? { owner: { account: { uid: arn.account, type_id: 10, type: 'AWS Account' } } } : {}),
    };
  });
}

export function ocsfFinding(x: ExchangedFinding, ctx: ExchangeContext): Record<string, unknown> {
  const f = x.finding;
  const [severityId, severity] = SEVERITY_IDS[f.severity];
  const [confidenceId, confidence] = CONFIDENCE_IDS[f.confidence];
  const src = endpointOf(f);
  const time = ms(f.time);
  const attacks = attacksOf(f, ctx.attack).map((a) => ({
    tactic: a.tactic,
    technique: a.technique,
    ...(a.subTechnique ? { sub_technique: a.subTechnique } : {}),
  }));
  return {
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2004,
    class_name: 'Detection Finding',
    type_uid: 200401,
    type_name: 'Detection Finding: Create',
    severity_id: severityId,
    severity,
    confidence_id: confidenceId,
    confidence,
    status_id: x.suppressed ? 3 : 1,
    status: x.suppressed ? 'Suppressed' : 'New',
    ...(x.suppressed ? { status_detail: `${x.suppressed.reason} (until ${x.suppressed.expires})` } : {}),
    time: ms(ctx.generatedAt),
    start_time: time,
    end_time: time,
    message: f.reason,
    is_alert: severityId >= 3,
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'sm-ir', vendor_name: 'sm-ir', version: ctx.version },
      uid: f.id,
      event_code: f.eventName,
      profiles: ['cloud'],
      log_name: 'CloudTrail',
    },
    finding_info: {
      uid: f.id,
      title: f.title,
      desc: f.reason,
      types: f.scenarios,
      analytic: { uid: f.ruleId, name: f.ruleId, type_id: 1, type: 'Rule' },
      ...(attacks.length > 0 ? { attacks } : {}),
      first_seen_time: time,
      last_seen_time: time,
      data_sources: ['AWS CloudTrail'],
      ...(f.relatedEventIds.length > 0 ? { related_events: f.relatedEventIds.map((uid) => ({ uid, product_uid: 'aws-cloudtrail' })) } : {}),
    },
    ...(f.resources.length > 0 ? { resources: resourcesOf(f) } : {}),
    actor: actorOf(f),
    ...(src ? { src_endpoint: src } : {}),
    cloud: { provider: 'AWS', ...(f.region ? { region: f.region } : {}), ...(f.account ? { account: { uid: f.account, type_id: 10, type: 'AWS Account' } } : {}) },
    evidences: [
      {
        api: {
          operation: f.eventName,
          service: { name: f.eventSource },
          ...(f.eventId ? { request: { uid: f.eventId } } : {}),
          ...(f.errorCode ? { response: { error: f.errorCode } } : {}),
        },
        actor: actorOf(f),
        ...(src ? { src_endpoint: src } : {}),
        data: f.evidence,
      },
    ],
    unmapped: { signals: f.signals, user_agent: f.userAgent, scenarios: f.scenarios },
  };
}

/** One line per finding: the listed ones, then the suppressed ones. */
export function renderOcsf(findings: ExchangedFinding[], ctx: ExchangeContext): string {
  return findings.map((x) => `${JSON.stringify(ocsfFinding(x, ctx))}\n`).join('');
}
