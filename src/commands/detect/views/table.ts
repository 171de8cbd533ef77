import type { ChalkInstance } from 'chalk';
import { fitTable, shortenLeft, terminalWidth, wrapText, type FitColumn } from '../../../view/fit.js';
import type { Finding } from '../../../core/finding.js';
import { groupBy } from '../../../core/group-by.js';
import type { DetectReport } from '../../../core/report.js';
import { SEVERITIES, severityRank, type Severity } from '../../../playbook/severity.js';
import { activityLines, emptyVerdict, statsLines } from './stats.js';
import { signalsText } from './columns.js';

export const SEVERITY_STYLE: Record<Severity, (c: ChalkInstance) => ChalkInstance> = {
  critical: (c) => c.bgRed.white.bold,
  high: (c) => c.red.bold,
  medium: (c) => c.yellow,
  low: (c) => c.cyan,
  info: (c) => c.gray,
};

// The actor, time, event and severity always show; the scenario goes before the reason, which explains.
const FINDING_COLUMNS: FitColumn[] = [
  { header: 'severity', key: true, min: 8, max: 8 },
  { header: 'scenario / rule', priority: 1, min: 12, max: 30 },
  { header: 'time (UTC)', key: true, min: 10, max: 19 },
  { header: 'principal', key: true, min: 22, max: 40, shorten: 'arn' },
  { header: 'event', key: true, min: 12, max: 34 },
  { header: 'reason', priority: 2, min: 12, max: 70 },
];
/** How the findings table is laid out: one row per rule, actor and event name (default), or per finding. */
export type FindingGrouping = 'event' | 'none';

const timeText = (t: string) => t.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');
/** The distinguishing end of a resource: an ARN's last path part, a name as is. */
const shortName = (r: string) => (r.startsWith('arn:') ? r.slice(r.indexOf('/') + 1) || r : r);

/** One short paragraph per incident: who, how grave, when, from where, and the story's tactics in order. */
function incidentLines(r: DetectReport, c: ChalkInstance, width: number): string[] {
  const out: string[] = [];
  const field = (label: string, text: string) => wrapText(`  ${label.padEnd(9)} ${text}`, width, ' '.repeat(12)).map((l, i) => (i === 0 ? c.dim(l.slice(0, 12)) + l.slice(12) : l));
  for (const i of r.incidents) {
    const span = i.first.slice(0, 10) === i.last.slice(0, 10) ? `${timeText(i.first)} .. ${timeText(i.last).slice(11)}` : `${timeText(i.first)} .. ${timeText(i.last)}`;
    const count = `${i.findings} finding${i.findings === 1 ? '' : 's'}${i.aggregated > 0 ? ` (+${i.aggregated} counted)` : ''}`;
    out.push(...wrapText(`${c.bold(i.id)}  ${SEVERITY_STYLE[i.maxSeverity](c)(i.maxSeverity)}  score ${i.score}  ${count}  ${span}`, width, '  '));
    const actor = `${i.actor.arn ?? i.actor.key}${i.actor.accessKeyIds.length > 0 ? ` (${i.actor.accessKeyIds.join(', ')})` : ''}`;
    out.push(c.dim('  actor     ') + shortenLeft(actor, Math.max(8, width - 12)));
    out.push(...field('from', `${i.sourceIps.join(', ') || 'unknown'}${i.regions.length > 0 ? ` in ${i.regions.join(', ')}` : ''}`));
    if (i.tactics.length > 0) out.push(...field('tactics', i.tactics.join(' → ')));
    out.push(...field('scenarios', i.scenarios.join(', ') || '-'));
  }
  return out;
}

/** Findings in order of severity, scenario and time; with grouping, those of one rule, actor and event name as one row. */
function findingRows(r: DetectReport, c: ChalkInstance, grouping: FindingGrouping): string[][] {
  const sorted = [...r.findings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.scenarios[0] ?? '').localeCompare(b.scenarios[0] ?? '') || a.time.localeCompare(b.time),
  );
  const groups = groupBy(sorted, (f) => (grouping === 'none' ? f.id : `${f.severity}\n${f.ruleId}\n${f.principal.key}\n${f.eventName}`)).values();
  const rows: string[][] = [];
  let band = '';
  for (const g of groups) {
    const f = g[0] as Finding;
    const last = g[g.length - 1] as Finding;
    const b = `${f.severity}|${f.scenarios[0] ?? f.ruleId}`;
    const sev = b === band ? '' : SEVERITY_STYLE[f.severity](c)(f.severity);
    band = b;
    const regions = [...new Set(g.map((x) => x.region ?? ''))].join(', ');
    const resources = [...new Set(g.flatMap((x) => x.resources.slice(0, 1)))].map(shortName);
    const many = g.length > 1 ? `\n${c.dim(`${g.length} events${resources.length > 1 ? `: ${resources[0]} … ${resources[resources.length - 1]}` : ''}`)}` : '';
    rows.push([
      sev,
      `${f.scenarios.join(', ') || '-'}\n${c.dim(f.ruleId)}`,
      g.length > 1 ? `${timeText(f.time)}\n${timeText(last.time)}` : timeText(f.time),
      `${f.principal.arn ?? f.principal.key}${f.principal.accessKeyId ? `\n${c.dim(f.principal.accessKeyId)}` : ''}`,
      `${g.length > 1 ? `${g.length} × ` : ''}${f.eventName}\n${c.dim(regions)}`,
      `${f.reason}${many}${f.signals.length > 0 ? `\n${c.dim(`severity: ${signalsText(f)}`)}` : ''}`,
    ]);
  }
  return rows;
}

/** How many findings of each severity there are, highest first, only those present. */
export function severityCounts(findings: readonly { severity: Severity }[]): [Severity, number][] {
  return SEVERITIES.slice()
    .reverse()
    .map((s): [Severity, number] => [s, findings.filter((f) => f.severity === s).length])
    .filter(([, n]) => n > 0);
}

/** The terminal view: the incidents, the findings by severity then scenario (grouped), the actors' activity, then the counts. */
export function human(r: DetectReport, c: ChalkInstance, width = terminalWidth(), grouping: FindingGrouping = 'event'): string {
  const out: string[] = [];
  const bold = (h: string) => c.bold(h);
  if (r.findings.length === 0) {
    const empty = emptyVerdict(r);
    out.push(empty === 'No findings.' ? c.green(empty) : c.yellow.bold(empty));
  } else {
    const counts = severityCounts(r.findings).map(([s, n]) => SEVERITY_STYLE[s](c)(`${n} ${s}`));
    out.push(c.bold(`${r.findings.length} findings: `) + counts.join(', '));
    out.push(c.bold(`Incidents: one per actor, highest score first (${r.incidents.length})`));
    out.push(...incidentLines(r, c, width));
    out.push(c.bold(grouping === 'none' ? 'Findings' : 'Findings, one row per rule, actor and event name (--group none: one per finding)'));
    out.push(fitTable(FINDING_COLUMNS, findingRows(r, c, grouping), width, bold));
  }
  const activity = activityLines(r);
  if (activity.length > 0) {
    out.push(...wrapText('Activity of the actors with a finding at medium or above (every event in the window; --output json has each)', width).map(bold));
    out.push(...activity.flatMap((l) => wrapText(l, width, '    ')));
  }
  for (const l of statsLines(r)) out.push(...wrapText(l, width, '  ').map((w) => (l.startsWith('input problem') ? c.yellow(w) : c.dim(w))));
  return `${out.join('\n')}\n`;
}
