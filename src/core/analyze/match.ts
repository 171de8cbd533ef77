import type { Finding } from '../finding.js';
import type { FindingMatch } from '../../playbook/schema.js';

const CONFIDENCE = ['weak', 'medium', 'strong'] as const;

/** The text a `text` match reads: the reason and the rule's evidence as "key=value; ...". */
export function findingText(f: Finding): string {
  const ev = Object.entries(f.evidence).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`);
  return [f.reason, ...ev].join('; ');
}

/** True when every field the match gives holds for the finding. */
export function matches(m: FindingMatch, f: Finding): boolean {
  if (m.rules && !m.rules.includes(f.ruleId)) return false;
  if (m.scenarios && !m.scenarios.some((s) => f.scenarios.includes(s))) return false;
  if (m.eventName !== undefined && !new RegExp(m.eventName).test(f.eventName)) return false;
  if (m.eventSource !== undefined && !new RegExp(m.eventSource).test(f.eventSource)) return false;
  if (m.principalArn !== undefined && !new RegExp(m.principalArn).test(f.principal.arn ?? '')) return false;
  if (m.text !== undefined && !new RegExp(m.text, 'i').test(findingText(f))) return false;
  if (m.minConfidence && CONFIDENCE.indexOf(f.confidence) < CONFIDENCE.indexOf(m.minConfidence)) return false;
  return true;
}
