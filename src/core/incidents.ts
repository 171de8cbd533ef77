/**
 * One story per actor (issue 16): the findings of one principal (a role session, a user and the access key it
 * used) gathered into an incident with a score, its first and last time, the scenarios and ATT&CK tactics it
 * spans in the order the story reached them, and what it touched from where. Pure: findings in, incidents out.
 */
import { z } from 'zod';
import type { AggregatedFindings, Finding } from './finding.js';
import { groupBy } from './group-by.js';
import { SEVERITIES, severityRank, type Severity } from '../playbook/severity.js';

/** What a finding adds to its incident's score, by severity; each tactic the incident reaches adds TACTIC_WEIGHT. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { critical: 10, high: 5, medium: 2, low: 1, info: 0 };
export const TACTIC_WEIGHT = 3;
/** Of findings counted in aggregated, at most this many per aggregate add to the score. */
const MAX_AGGREGATED_SCORED = 100;
/** An incident lists at most this many resources; the rest are counted. */
const MAX_RESOURCES = 100;

export const IncidentSchema = z.object({
  /** incident-1 is the highest score. */
  id: z.string(),
  actor: z.object({
    /** The principal's grouping key; for an IAM user or the root user, with the access key it used (`<key>#<AKIA...>`). */
    key: z.string(),
    arn: z.string().nullable(),
    type: z.string().nullable(),
    accessKeyIds: z.array(z.string()),
  }),
  /** Σ SEVERITY_WEIGHT over its findings (aggregated ones at their highest severity, 100 per aggregate at most) + TACTIC_WEIGHT × its tactics. */
  score: z.number(),
  maxSeverity: z.enum(SEVERITIES),
  /** Findings listed, and those counted in the report's aggregated. */
  findings: z.number().int(),
  aggregated: z.number().int(),
  /** Findings listed per severity (only severities it has). */
  bySeverity: z.record(z.string(), z.number().int()),
  first: z.string(),
  last: z.string(),
  /** In the order the actor reached them (its first finding of each). */
  scenarios: z.array(z.string()),
  tactics: z.array(z.string()),
  rules: z.array(z.string()),
  resources: z.array(z.string()),
  resourcesOmitted: z.number().int(),
  sourceIps: z.array(z.string()),
  userAgents: z.array(z.string()),
  regions: z.array(z.string()),
  accounts: z.array(z.string()),
  /** Its findings' ids in time order. */
  findingIds: z.array(z.string()),
});
export type Incident = z.infer<typeof IncidentSchema>;

/** The actor a finding belongs to: a session by its key; a user or the root user by the access key it used too. */
export function actorKeyOf(f: Pick<Finding, 'principal'>): string {
  const p = f.principal;
  return (p.type === 'IAMUser' || p.type === 'Root') && p.accessKeyId ? `${p.key}#${p.accessKeyId}` : p.key;
}

/** The values present, each once, in first-seen order (a Set keeps insertion order). */
const distinct = (values: readonly (string | null | undefined)[]): string[] => [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];

export function buildIncidents(findings: readonly Finding[], aggregated: readonly AggregatedFindings[] = []): Incident[] {
  const incidents = [...groupBy(findings, actorKeyOf).entries()].map(([key, list]) => {
    const sorted = [...list].sort((a, b) => a.time.localeCompare(b.time) || a.id.localeCompare(b.id));
    const first = sorted[0] as Finding;
    const tactics = distinct(sorted.flatMap((f) => f.tactics));
    const resources = distinct(sorted.flatMap((f) => f.resources));
    const bySeverity: Partial<Record<Severity, number>> = {};
    let maxSeverity: Severity = 'info';
    let score = 0;
    for (const f of sorted) {
      bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
      if (severityRank(f.severity) > severityRank(maxSeverity)) maxSeverity = f.severity;
      score += SEVERITY_WEIGHT[f.severity];
    }
    // Findings counted, not listed: aggregates are per principal key, so a user's belong to each of its keys' incidents alike.
    const counted = aggregated.filter((g) => g.principal === first.principal.key);
    for (const g of counted) {
      // Capped: a flood of cheap events must not outrank a short, grave story.
      score += SEVERITY_WEIGHT[g.maxSeverity] * Math.min(g.count, MAX_AGGREGATED_SCORED);
      if (severityRank(g.maxSeverity) > severityRank(maxSeverity)) maxSeverity = g.maxSeverity;
    }
    score += TACTIC_WEIGHT * tactics.length;
    const last = sorted[sorted.length - 1] as Finding;
    return {
      id: '',
      actor: { key, arn: first.principal.arn, type: first.principal.type, accessKeyIds: distinct(sorted.map((f) => f.principal.accessKeyId)).sort() },
      score,
      maxSeverity,
      findings: sorted.length,
      aggregated: counted.reduce((n, g) => n + g.count, 0),
      bySeverity: Object.fromEntries(SEVERITIES.filter((s) => bySeverity[s]).map((s) => [s, bySeverity[s] as number])),
      first: first.time,
      last: last.time,
      scenarios: distinct(sorted.flatMap((f) => f.scenarios)),
      tactics,
      rules: distinct(sorted.map((f) => f.ruleId)),
      resources: resources.slice(0, MAX_RESOURCES),
      resourcesOmitted: Math.max(0, resources.length - MAX_RESOURCES),
      sourceIps: distinct(sorted.map((f) => f.sourceIp)),
      userAgents: distinct(sorted.map((f) => f.userAgent)),
      regions: distinct(sorted.map((f) => f.region)),
      accounts: distinct(sorted.map((f) => f.account)),
      findingIds: sorted.map((f) => f.id),
    } satisfies Incident;
  });
  return incidents
    .sort((a, b) => b.score - a.score || a.first.localeCompare(b.first) || a.actor.key.localeCompare(b.actor.key))
    .map((i, n) => ({ ...i, id: `incident-${n + 1}` }));
}
