import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
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

/** The terminal view: findings grouped by severity then scenario, the principals, then the counts. */
export function human(r: DetectReport, c: ChalkInstance): string {
  const out: string[] = [];
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
        f.signals.length > 0 ? `${f.reason}\n${c.dim(`severity: ${signalsText(f)}`)}` : f.reason,
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
  const activity = activityLines(r);
  if (activity.length > 0) {
    out.push(c.bold('Activity of the actors with a finding at medium or above (every event in the window; --output json has each)'));
    out.push(...activity);
  }
  out.push(...statsLines(r).map((l) => (l.startsWith('input problem') ? c.yellow(l) : c.dim(l))));
  return `${out.join('\n')}\n`;
}
