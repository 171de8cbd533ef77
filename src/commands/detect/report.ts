import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Finding } from '../../core/finding.js';
import { DETECT_REPORT_SCHEMA_ID, type DetectReport, type PrincipalSummary } from '../../core/report.js';
import { SEVERITIES, atLeast, severityRank, type Severity } from '../../playbook/severity.js';
import type { TimeWindow } from '../../core/time-window.js';
import type { SourceStats } from '../../sources/types.js';
import type { Column, OutputModel } from '../../view/model.js';
import { renderMarkdownTable } from '../../output/render.js';
import { printableDeep, printableLine } from '../../view/printable.js';
import { markdownText } from '../../view/markdown.js';
import { describeScan } from '../../sources/query/poll.js';

export interface FindingFilter {
  scenarios?: string[];
  minSeverity: Severity;
  principals?: string[];
}

export function applyFilter(findings: Finding[], f: FindingFilter): Finding[] {
  return findings.filter((x) => {
    if (!atLeast(x.severity, f.minSeverity)) return false;
    if (f.scenarios?.length && !x.scenarios.some((s) => f.scenarios!.includes(s))) return false;
    if (f.principals?.length) {
      const hay = [x.principal.key, x.principal.arn ?? '', x.principal.accessKeyId ?? '', x.principal.issuerArn ?? ''];
      if (!f.principals.some((p) => hay.some((h) => h.includes(p)))) return false;
    }
    return true;
  });
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
  stats: SourceStats;
  window: TimeWindow;
  sources: DetectReport['sources'];
  coverage: NonNullable<DetectReport['coverage']>;
  /** A region, account or query failed: the findings may be incomplete (exit 4). Bad files are not this. */
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
    stats: {
      unitsRead: input.stats.unitsRead,
      recordsRead: input.stats.recordsRead,
      recordsMatched: matched.size,
      skipped: { ...input.stats.skipped },
      errors: input.stats.errors,
      skippedFiles: input.stats.skippedFiles,
    },
    partial: input.partial,
    filters: { minSeverity: input.filters.minSeverity, scenarios: input.filters.scenarios ?? null, principals: input.filters.principals ?? null },
    findings: input.findings,
    principals: summarisePrincipals(input.findings),
  };
}

const COLUMNS: Column[] = [
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
  { key: 'eventId', header: 'event id' },
];

function row(f: Finding): Record<string, string | null> {
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
    eventId: f.eventId,
  };
}

const SEVERITY_STYLE: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bgRed.white.bold,
  high: (c) => c.red.bold,
  medium: (c) => c.yellow,
  low: (c) => c.cyan,
  info: (c) => c.gray,
};

const UNITS: Record<string, string> = {
  files: 'files',
  'lookup-events': 'LookupEvents pages',
  'org-lookup-events': 'LookupEvents pages',
  s3: 'S3 objects',
  'files+s3': 'files and S3 objects',
  athena: 'Athena result pages',
  lake: 'CloudTrail Lake result pages',
};
function unitsLabel(r: DetectReport): string {
  const where = r.sources.flatMap((s) =>
    s.kind === 'lookup-events' ? [` in ${s.inputs.length} region(s)`] : s.kind === 'org-lookup-events' ? [` in ${s.inputs.length} account(s)`] : [],
  );
  return `${r.sources.map((s) => UNITS[s.kind] ?? `${s.kind} inputs`).join(' + ')}${where.join('')}`;
}

function statsLines(r: DetectReport): string[] {
  const skipped = Object.entries(r.stats.skipped)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [
    `window: ${r.window.start ?? 'beginning'} .. ${r.window.end}; records seen: ${r.coverage?.span.first ? `${r.coverage.span.first} .. ${r.coverage.span.last}` : 'none'}`,
    `read ${r.stats.recordsRead} events from ${r.stats.unitsRead} ${unitsLabel(r)}; ${r.stats.recordsMatched} matched; skipped: ${skipped || 'none'}`,
  ];
  for (const s of r.sources) if (s.scan) lines.push(describeScan(s.scan));
  for (const e of r.stats.errors) lines.push(`input problem: ${e.input}: ${e.reason}${e.recordsLost ? ` (${e.recordsLost} records lost)` : ''}`);
  const notRead = r.stats.skippedFiles;
  if (notRead.length > 0) {
    const shown = notRead.slice(0, 3).map((f) => `${f.input} (${f.reason})`).join(', ');
    lines.push(`not read: ${notRead.length} file(s) that are not CloudTrail logs: ${shown}${notRead.length > 3 ? ', ... (all in --output json)' : ''}`);
  }
  // Names and times in these lines come from the inputs: a line break in one must not forge a line.
  return lines.map(printableLine);
}

/** The terminal view: findings grouped by severity then scenario, the principals, then the counts. */
function human(r: DetectReport, c: ChalkInstance): string {
  const out: string[] = [];
  if (r.findings.length === 0) {
    out.push(c.green('No findings.'));
  } else {
    const counts = SEVERITIES.slice()
      .reverse()
      .map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => SEVERITY_STYLE[s](c)(`${n} ${s}`));
    out.push(c.bold(`${r.findings.length} findings: `) + counts.join(', '));
    const sorted = [...r.findings].sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        (a.scenarios[0] ?? '').localeCompare(b.scenarios[0] ?? '') ||
        a.time.localeCompare(b.time),
    );
    const table = new Table({
      head: ['severity', 'scenario / rule', 'time (UTC)', 'principal', 'event', 'reason'].map((h) => c.bold(h)),
      style: { head: [], border: [] },
      colWidths: [10, 30, 21, 34, 34, 50],
      wordWrap: true,
    });
    let group = '';
    for (const f of sorted) {
      const g = `${f.severity}|${f.scenarios[0] ?? f.ruleId}`;
      const sev = g === group ? '' : SEVERITY_STYLE[f.severity](c)(f.severity);
      group = g;
      table.push([
        sev,
        `${f.scenarios.join(', ') || '-'}\n${c.dim(f.ruleId)}`,
        f.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
        `${f.principal.arn ?? f.principal.key}${f.principal.accessKeyId ? `\n${c.dim(f.principal.accessKeyId)}` : ''}`,
        `${f.eventName}\n${c.dim(f.region ?? '')}`,
        f.reason,
      ]);
    }
    out.push(table.toString());
    const principals = new Table({
      head: ['principal', 'type', 'findings', 'max severity', 'access keys', 'source IPs', 'first .. last seen'].map((h) => c.bold(h)),
      style: { head: [], border: [] },
      wordWrap: true,
    });
    for (const p of r.principals) {
      principals.push([
        p.arn ?? p.key,
        p.type ?? '',
        String(p.findings),
        SEVERITY_STYLE[p.maxSeverity](c)(p.maxSeverity),
        p.accessKeyIds.join('\n'),
        p.sourceIps.join('\n'),
        `${p.firstSeen}\n${p.lastSeen}`,
      ]);
    }
    out.push(c.bold('Principals'));
    out.push(principals.toString());
  }
  out.push(...statsLines(r).map((l) => (l.startsWith('input problem') ? c.yellow(l) : c.dim(l))));
  return `${out.join('\n')}\n`;
}

function markdown(r: DetectReport): string {
  const parts = [`# sm-ir detect report`, '', ...statsLines(r).map((l) => `- ${markdownText(l)}`), ''];
  parts.push(`## Findings (${r.findings.length})`, '', renderMarkdownTable({ columns: COLUMNS, rows: r.findings.map(row) }));
  parts.push(
    '## Principals',
    '',
    renderMarkdownTable({
      columns: [
        { key: 'principal', header: 'principal' },
        { key: 'type', header: 'type' },
        { key: 'findings', header: 'findings' },
        { key: 'maxSeverity', header: 'max severity' },
        { key: 'accessKeyIds', header: 'access keys' },
        { key: 'sourceIps', header: 'source IPs' },
      ],
      rows: r.principals.map((p) => ({
        principal: p.arn ?? p.key,
        type: p.type,
        findings: p.findings,
        maxSeverity: p.maxSeverity,
        accessKeyIds: p.accessKeyIds.join(' '),
        sourceIps: p.sourceIps.join(' '),
      })),
    }),
  );
  return parts.join('\n');
}

export function reportModel(r: DetectReport): OutputModel {
  const { schema: _schema, ...document } = r;
  // The views for people show CloudTrail's attacker-controlled strings made printable (made once, and
  // only for those views); JSON keeps them exact.
  let shown: DetectReport | undefined;
  const view = (): DetectReport => (shown ??= printableDeep(r));
  return {
    schema: r.schema,
    document,
    items: r.findings,
    columns: COLUMNS,
    get rows() {
      return view().findings.map(row);
    },
    human: (c) => human(view(), c),
    markdown: () => markdown(view()),
  };
}
