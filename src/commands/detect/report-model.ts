import type { AggregatedFindings, Finding } from '../../core/finding.js';
import type { ActorActivity } from '../../core/activity.js';
import { buildIncidents } from '../../core/incidents.js';
import { DETECT_REPORT_SCHEMA_ID, type DetectReport, type PrincipalSummary } from '../../core/report.js';
import { atLeast, severityRank, type Severity } from '../../playbook/severity.js';
import type { TimeWindow } from '../../core/time-window.js';
import type { SourceStats } from '../../sources/types.js';

export interface FindingFilter {
  scenarios?: string[];
  /** --rule: only these rules' findings. */
  rules?: string[];
  minSeverity: Severity;
  principals?: string[];
  /** The suppression file read (--suppress, or .sm-ir/suppress.yaml found in the working directory). */
  suppressFile?: string;
}

/** The filters' one test: a severity, the scenarios, and the texts a --principal may be found in. */
function passes(f: FindingFilter, severity: Severity, scenarios: readonly string[], principalTexts: readonly string[], ruleId: string): boolean {
  if (!atLeast(severity, f.minSeverity)) return false;
  if (f.rules?.length && !f.rules.includes(ruleId)) return false;
  if (f.scenarios?.length && !scenarios.some((s) => f.scenarios!.includes(s))) return false;
  return !f.principals?.length || f.principals.some((p) => principalTexts.some((h) => h.includes(p)));
}

export function applyFilter(findings: Finding[], f: FindingFilter): Finding[] {
  return findings.filter((x) =>
    passes(f, x.severity, x.scenarios, [x.principal.key, x.principal.arn ?? '', x.principal.accessKeyId ?? '', x.principal.issuerArn ?? ''], x.ruleId),
  );
}

/** The same filters over aggregates: their highest severity, their scenarios, their actor's key. */
export function applyAggregateFilter(groups: AggregatedFindings[], f: FindingFilter): AggregatedFindings[] {
  return groups.filter((g) => passes(f, g.maxSeverity, g.scenarios, [g.principal], g.ruleId));
}

export function summarisePrincipals(findings: Finding[]): PrincipalSummary[] {
  const by = new Map<string, PrincipalSummary & { names: Set<string>; keys: Set<string>; ips: Set<string> }>();
  for (const f of findings) {
    let p = by.get(f.principal.key);
    if (!p) {
      p = {
        key: f.principal.key,
        arn: f.principal.arn,
        type: f.principal.type,
        accessKeyIds: [],
        sourceIps: [],
        findings: 0,
        maxSeverity: f.severity,
        eventNames: [],
        firstSeen: f.time,
        lastSeen: f.time,
        names: new Set(),
        keys: new Set(),
        ips: new Set(),
      };
      by.set(f.principal.key, p);
    }
    p.findings += 1;
    if (severityRank(f.severity) > severityRank(p.maxSeverity)) p.maxSeverity = f.severity;
    p.names.add(f.eventName);
    if (f.principal.accessKeyId) p.keys.add(f.principal.accessKeyId);
    if (f.sourceIp) p.ips.add(f.sourceIp);
    if (f.time < p.firstSeen) p.firstSeen = f.time;
    if (f.time > p.lastSeen) p.lastSeen = f.time;
  }
  return [...by.values()]
    .map(({ names, keys, ips, ...p }) => ({ ...p, eventNames: [...names].sort(), accessKeyIds: [...keys].sort(), sourceIps: [...ips].sort() }))
    .sort((a, b) => severityRank(b.maxSeverity) - severityRank(a.maxSeverity) || b.findings - a.findings || a.key.localeCompare(b.key));
}

export function buildReport(input: {
  findings: Finding[];
  aggregated?: AggregatedFindings[];
  suppressed?: DetectReport['suppressed'];
  stats: SourceStats;
  /** Events read again and classified once (count), and those classified unchecked because the seen set was full. */
  duplicates: { count: number; notChecked: number };
  activity?: ActorActivity[];
  /** The raw records of the findings' events, by event id. */
  records?: Record<string, unknown>;
  window: TimeWindow;
  sources: DetectReport['sources'];
  coverage: NonNullable<DetectReport['coverage']>;
  baseline?: DetectReport['baseline'];
  /** A region, account, query or input file was not read in full: the findings may be incomplete (exit 4). */
  partial: boolean;
  filters: FindingFilter;
  generatedAt: Date;
}): DetectReport {
  const matched = new Set<string>();
  for (const f of input.findings) for (const id of [f.eventId, ...f.relatedEventIds]) if (id) matched.add(id);
  return {
    schema: DETECT_REPORT_SCHEMA_ID,
    generatedAt: input.generatedAt.toISOString(),
    window: { start: input.window.start?.toISOString() ?? null, end: input.window.end.toISOString() },
    sources: input.sources,
    coverage: input.coverage,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    stats: {
      unitsRead: input.stats.unitsRead,
      recordsRead: input.stats.recordsRead,
      // The aggregated findings' events too (one each; an event two rules count is counted twice there).
      recordsMatched: matched.size + (input.aggregated ?? []).reduce((n, g) => n + g.count, 0),
      duplicates: input.duplicates.count,
      ...(input.duplicates.notChecked > 0 ? { duplicatesNotChecked: input.duplicates.notChecked } : {}),
      skipped: { ...input.stats.skipped },
      errors: input.stats.errors,
      skippedFiles: input.stats.skippedFiles,
    },
    partial: input.partial,
    filters: {
      minSeverity: input.filters.minSeverity,
      scenarios: input.filters.scenarios ?? null,
      principals: input.filters.principals ?? null,
      ...(input.filters.rules ? { rules: input.filters.rules } : {}),
      ...(input.filters.suppressFile ? { suppressFile: input.filters.suppressFile } : {}),
    },
    findings: input.findings,
    aggregated: input.aggregated ?? [],
    suppressed: input.suppressed ?? [],
    principals: summarisePrincipals(input.findings),
    incidents: buildIncidents(input.findings, input.aggregated ?? []),
    ...(input.activity ? { activity: input.activity } : {}),
    ...(input.records ? { records: input.records } : {}),
  };
}
