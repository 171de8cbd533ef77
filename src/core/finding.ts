import { z } from 'zod';
import { SEVERITIES } from '../playbook/severity.js';

/**
 * The one finding model. Every renderer (table, json, jsonl, csv, markdown) and every consumer
 * (analyze, contain --from-findings) reads this shape; its JSON Schema is generated from it.
 */
export const PrincipalSchema = z.object({
  /** The ARN the call was made as (for assumed roles, the session ARN). */
  arn: z.string().nullable(),
  /** userIdentity.type: IAMUser, AssumedRole, Root, AWSService, ... */
  type: z.string().nullable(),
  accountId: z.string().nullable(),
  accessKeyId: z.string().nullable(),
  /** For assumed roles: the role's ARN (sessionContext.sessionIssuer.arn). */
  issuerArn: z.string().nullable(),
  /** A stable key for grouping by principal: issuer ARN + session name, IAM user ARN, or the service. */
  key: z.string(),
});
export type Principal = z.infer<typeof PrincipalSchema>;

/** One piece of evidence that moved a finding's severity from its rule's level. */
export const SignalSchema = z.object({
  /** e.g. hardened, weakened, long-term-key, root-user, offensive-tool, denied-before. */
  id: z.string(),
  /** 'request': what the request asked for; 'caller': who called and how; 'baseline': what detect --baseline saw of the caller before the window. */
  kind: z.enum(['request', 'caller', 'baseline']),
  effect: z.enum(['raise', 'lower']),
  /** One line for people: which settings, which key, which tool. */
  detail: z.string(),
});
export type Signal = z.infer<typeof SignalSchema>;

export const FindingSchema = z.object({
  /** Stable id: `${ruleId}:${eventId}` (correlation rules use their first event). */
  id: z.string(),
  /** The detective rule (src/core/classify/rules/<id>/) that produced it. */
  ruleId: z.string(),
  /** Threat scenarios (playbook/scenarios.json ids) this finding is evidence of. */
  scenarios: z.array(z.string()),
  /** The rule's level for a request at SageMaker's defaults by an ordinary caller, moved by `signals`. */
  severity: z.enum(SEVERITIES),
  /** What set the severity: each raises or lowers it by one level (request and caller at most one each). Absent in reports before sm-ir 0.2. */
  signals: z.array(SignalSchema).default([]),
  /** How much the evidence says: 'weak' for an event name alone (used legitimately every day). */
  confidence: z.enum(['weak', 'medium', 'strong']),
  title: z.string(),
  /** One line: why this event was flagged. */
  reason: z.string(),
  time: z.string(),
  region: z.string().nullable(),
  account: z.string().nullable(),
  principal: PrincipalSchema,
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  eventSource: z.string(),
  eventName: z.string(),
  eventId: z.string().nullable(),
  /** Further event ids for correlation findings (in time order, first one is eventId). */
  relatedEventIds: z.array(z.string()),
  errorCode: z.string().nullable(),
  /** Resources named by the event: ARNs where the event gives them, else names. */
  resources: z.array(z.string()),
  /** MITRE ATT&CK technique ids. */
  mitre: z.array(z.string()),
  /** Their ATT&CK tactics by name (playbook/attack.json), e.g. "Privilege Escalation". Absent in reports before sm-ir 0.2. */
  tactics: z.array(z.string()).default([]),
  /** Rule-specific evidence, e.g. the matching lifecycle-script line or the instance type. */
  evidence: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])),
});
export type Finding = z.infer<typeof FindingSchema>;

/** Findings counted, not held one by one, past the limits of core/classify/finding-limit.ts (issue 14). */
export const AggregatedFindingsSchema = z.object({
  ruleId: z.string(),
  scenarios: z.array(z.string()),
  /** The principal key (as in findings' principal.key), or `*` for actors past the per-rule number of aggregates. */
  principal: z.string(),
  /** The highest severity among the findings counted here (before the caller's signals settle it). */
  maxSeverity: z.enum(SEVERITIES),
  /** Findings counted here and not listed among the report's findings. */
  count: z.number().int(),
  first: z.object({ time: z.string(), eventId: z.string().nullable() }),
  last: z.object({ time: z.string(), eventId: z.string().nullable() }),
});
export type AggregatedFindings = z.infer<typeof AggregatedFindingsSchema>;
