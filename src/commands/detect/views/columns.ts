import type { Finding } from '../../../core/finding.js';
import type { Column } from '../../../view/model.js';

/** The flat columns of a finding: the csv/jsonl rows and the markdown findings table. */
export const COLUMNS: Column[] = [
  { key: 'time', header: 'time' },
  { key: 'severity', header: 'severity' },
  { key: 'confidence', header: 'confidence' },
  { key: 'ruleId', header: 'rule' },
  { key: 'scenarios', header: 'scenarios' },
  { key: 'principal', header: 'principal' },
  { key: 'accessKeyId', header: 'access key' },
  { key: 'sourceIp', header: 'source ip' },
  { key: 'region', header: 'region' },
  { key: 'account', header: 'account' },
  { key: 'event', header: 'event' },
  { key: 'resources', header: 'resources' },
  { key: 'reason', header: 'reason' },
  { key: 'signals', header: 'signals' },
  { key: 'eventId', header: 'event id' },
];

/** What moved the severity, shortest form: '+long-term-key -hardened'. */
export function signalsText(f: Finding): string {
  return f.signals.map((s) => `${s.effect === 'raise' ? '+' : '-'}${s.id}`).join(' ');
}

export function row(f: Finding): Record<string, string | null> {
  return {
    time: f.time,
    severity: f.severity,
    confidence: f.confidence,
    ruleId: f.ruleId,
    scenarios: f.scenarios.join(' '),
    principal: f.principal.arn ?? f.principal.key,
    accessKeyId: f.principal.accessKeyId,
    sourceIp: f.sourceIp,
    region: f.region,
    account: f.account,
    event: `${f.eventSource.replace('.amazonaws.com', '')}:${f.eventName}`,
    resources: f.resources.join(' '),
    reason: f.reason,
    signals: signalsText(f),
    eventId: f.eventId,
  };
}
