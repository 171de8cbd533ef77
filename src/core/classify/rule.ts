import type { z } from 'zod';
import type { CloudTrailRecord } from '../cloudtrail.js';
import type { Finding, Signal } from '../finding.js';
import type { Severity } from '../../playbook/severity.js';
import type { Playbook } from '../../playbook/load.js';
import type { RuleData } from '../../playbook/schema.js';
import { principalOf } from './principal.js';

export type Emit = (finding: Finding) => void;

/**
 * Which records a rule can act on, so a query engine (Athena, CloudTrail Lake) returns only those.
 * Declared next to the logic it describes; a rule without it is taken to read every watched record.
 */
export interface RecordInterest {
  /** Per event source, the event names the rule reads ('*': every name of that source). */
  events?: { source: string; names: readonly string[] | '*' }[];
  /** Records with these error codes, whatever their source and name. */
  errorCodes?: readonly string[];
}

/** A rule's running state over one classification: sees every watched record, then finish(). */
export interface RuleInstance {
  /** What the rule reads: the classifier routes it exactly these records (its only filter), and the prefilter and query sources fetch them. Undeclared: every watched record. */
  reads?: RecordInterest;
  onRecord(record: CloudTrailRecord, emit: Emit): void;
  /** Correlation rules emit here, once every record has been seen (records arrive in no order). */
  finish?(emit: Emit): void;
}

export interface RuleContext<P> {
  meta: RuleData;
  params: P;
  playbook: Playbook;
}

/** One detective rule: its id (its folder name, as in its meta.ts), the schema of its params, its logic. */
export interface RuleModule<P> {
  id: string;
  paramsSchema: z.ZodType<P>;
  create(ctx: RuleContext<P>): RuleInstance;
}

/** A rule with its params type erased, so the registry can hold rules of different params. */
export interface RegisteredRule {
  id: string;
  /** Validates params (returns the zod issues) and builds the rule's state. */
  build(meta: RuleData, playbook: Playbook): { ok: true; instance: RuleInstance } | { ok: false; issues: string[] };
}

export function defineRule<P>(rule: RuleModule<P>): RegisteredRule {
  return {
    id: rule.id,
    build(meta, playbook) {
      const parsed = rule.paramsSchema.safeParse(meta.params);
      if (!parsed.success) {
        return { ok: false, issues: parsed.error.issues.map((i) => `${['params', ...i.path].join('.')}: ${i.message}`) };
      }
      return { ok: true, instance: rule.create({ meta, params: parsed.data, playbook }) };
    },
  };
}

export type Evidence = Finding['evidence'];

export interface FindingParts {
  reason: string;
  evidence: Evidence;
  severity?: Severity;
  /** Rule-specific signals (the classifier adds the request's and the caller's). */
  signals?: Signal[];
  scenarios?: string[];
  mitre?: string[];
  resources?: string[];
  relatedEventIds?: string[];
}

/** The event account: the account whose trail recorded it, else the caller's. */
export function eventAccount(r: CloudTrailRecord): string | null {
  return r.recipientAccountId ?? r.userIdentity?.accountId ?? null;
}

export function eventKey(r: CloudTrailRecord): string {
  return r.eventID ?? r.requestID ?? `${r.eventSource}/${r.eventName}/${r.eventTime}`;
}

/** A finding for one record (correlation rules pass their first record and the related ids). */
export function makeFinding(r: CloudTrailRecord, meta: RuleData, parts: FindingParts): Finding {
  const eventId = r.eventID ?? null;
  return {
    id: `${meta.id}:${eventKey(r)}`,
    ruleId: meta.id,
    scenarios: parts.scenarios ?? [...meta.scenarios],
    severity: parts.severity ?? meta.severity,
    signals: [...(parts.signals ?? [])],
    confidence: meta.confidence,
    title: meta.title,
    reason: parts.reason,
    time: r.eventTime,
    region: r.awsRegion ?? null,
    account: eventAccount(r),
    principal: principalOf(r),
    sourceIp: r.sourceIPAddress ?? null,
    userAgent: r.userAgent ?? null,
    eventSource: r.eventSource,
    eventName: r.eventName,
    eventId,
    relatedEventIds: parts.relatedEventIds ?? (eventId ? [eventId] : []),
    errorCode: r.errorCode ?? null,
    resources: parts.resources ?? resourcesOf(r),
    mitre: parts.mitre ?? [...meta.mitre],
    tactics: [], // the classifier fills them from the playbook's ATT&CK data
    evidence: parts.evidence,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The resources an event names: ARNs from `resources`, ARNs the response returns
 * (notebookInstanceArn, trainingJobArn, ...), else names from the request (notebookInstanceName, ...).
 */
export function resourcesOf(r: CloudTrailRecord): string[] {
  const out = new Set<string>();
  for (const res of r.resources ?? []) if (res.ARN) out.add(res.ARN);
  if (isObject(r.responseElements)) {
    for (const [k, v] of Object.entries(r.responseElements)) {
      if (/Arn$/.test(k) && typeof v === 'string' && v.startsWith('arn:')) out.add(v);
    }
  }
  if (out.size === 0 && isObject(r.requestParameters)) {
    for (const [k, v] of Object.entries(r.requestParameters)) {
      if ((k === 'name' || /Name$/.test(k)) && typeof v === 'string' && v !== '') out.add(v);
    }
  }
  return [...out];
}

export function requestParam(r: CloudTrailRecord, key: string): unknown {
  return isObject(r.requestParameters) ? r.requestParameters[key] : undefined;
}

export function requestString(r: CloudTrailRecord, key: string): string | undefined {
  const v = requestParam(r, key);
  return typeof v === 'string' ? v : undefined;
}

export { isObject };

/** The value at a dotted path (`dataCaptureConfig.destinationS3Uri`) of a request as CloudTrail records it. */
export function valueAt(value: unknown, path: string): unknown {
  let v = value;
  for (const k of path.split('.')) v = isObject(v) ? v[k] : undefined;
  return v;
}

export const succeeded = (r: CloudTrailRecord): boolean => r.errorCode === undefined || r.errorCode === null || r.errorCode === '';

export function timeOf(r: CloudTrailRecord): number {
  return Date.parse(r.eventTime);
}
