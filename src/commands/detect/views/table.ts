import type { ChalkInstance } from 'chalk';
import { fitTable, terminalWidth, wrapText, type FitColumn } from '../../../view/fit.js';
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
const PRINCIPAL_COLUMNS: FitColumn[] = [
  { header: 'principal', key: true, min: 18, max: 100, shorten: 'arn' },
  { header: 'type', priority: 1, min: 6, max: 16 },
  { header: 'findings', key: true, min: 8, max: 8 },
  { header: 'max severity', key: true, min: 8, max: 12 },
  { header: 'access keys', priority: 3, min: 20, max: 20 },
  { header: 'source IPs', priority: 2, min: 15, max: 39 },
  { header: 'first .. last seen', priority: 0, min: 20, max: 24 },
];

/** The terminal view: findings grouped by severity then scenario, the principals, then the counts. */
export function human(r: DetectReport, c: ChalkInstance, width = terminalWidth()): string {
  const out: string[] = [];
  const bold = (h: string) => c.bold(h);
  if (r.findings.length === 0) {
    const empty = emptyVerdict(r);
    out.push(empty === 'No findings.' ? c.green(empty) : c.yellow.bold(empty));
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
    const rows: string[][] = [];
    let group = '';
    for (const f of sorted) {
      const g = `${f.severity}|${f.scenarios[0] ?? f.ruleId}`;
      const sev = g === group ? '' : SEVERITY_STYLE[f.severity](c)(f.severity);
      group = g;
      rows.push([
        sev,
        `${f.scenarios.join(', ') || '-'}\n${c.dim(f.ruleId)}`,
        f.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
        `${f.principal.arn ?? f.principal.key}${f.principal.accessKeyId ? `\n${c.dim(f.principal.accessKeyId)}` : ''}`,
        `${f.eventName}\n${c.dim(f.region ?? '')}`,
        f.signals.length > 0 ? `${f.reason}\n${c.dim(`severity: ${signalsText(f)}`)}` : f.reason,
      ]);
    }
    out.push(fitTable(FINDING_COLUMNS, rows, width, bold));
    const principalRows = r.principals.map((p) => [
      p.arn ?? p.key,
      p.type ?? '',
      String(p.findings),
      SEVERITY_STYLE[p.maxSeverity](c)(p.maxSeverity),
      p.accessKeyIds.join('\n'),
      p.sourceIps.join('\n'),
      `${p.firstSeen}\n${p.lastSeen}`,
    ]);
    out.push(c.bold('Principals'));
    out.push(fitTable(PRINCIPAL_COLUMNS, principalRows, width, bold));
  }
  const activity = activityLines(r);
  if (activity.length > 0) {
    out.push(...wrapText('Activity of the actors with a finding at medium or above (every event in the window; --output json has each)', width).map(bold));
    out.push(...activity.flatMap((l) => wrapText(l, width, '    ')));
  }
  for (const l of statsLines(r)) out.push(...wrapText(l, width, '  ').map((w) => (l.startsWith('input problem') ? c.yellow(w) : c.dim(w))));
  return `${out.join('\n')}\n`;
}
