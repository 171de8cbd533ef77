import { markdownText } from '../../view/markdown.js';
import { printable } from '../../view/printable.js';
import { unsettledCalls, type AuditEntry } from '../audit.js';
import type { DetectReport } from '../report.js';
import type { Finding } from '../finding.js';
import { SEVERITIES, severityRank } from '../../playbook/severity.js';
import { credentialKind, principalLabel } from './describe.js';
import type { Checklist, EvidenceLine, QuestionStatus } from './model.js';

/** The audit log as read from the case directory; unreadable lines are reported, not dropped silently. */
export interface AuditLogRead {
  path: string;
  entries: AuditEntry[];
  unreadableLines: number[];
}

/**
 * contain logs its reads too (evidence, waits): reports show what changed, and count the rest. A
 * change is logged when sent and when settled: it is shown once, by its settled line, or by its
 * `sent` line alone when no answer was ever recorded (the run stopped while AWS had the request).
 */
export function auditChanges(audit: AuditLogRead): { changes: AuditEntry[]; reads: number } {
  const unanswered = new Set(unsettledCalls(audit.entries));
  const writes = audit.entries.filter((e) => e.readOnly !== true);
  const changes = writes.filter((e) => e.outcome !== 'sent' || unanswered.has(e));
  return { changes, reads: audit.entries.length - writes.length };
}

export interface CaseReportInput {
  checklist: Checklist;
  report: DetectReport | null;
  caseDir: string | null;
  audit: AuditLogRead | null;
}

/** Every field shown may come from an attacker (CloudTrail, a findings file passed around): all go through this. */
export const md = markdownText;

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

/**
 * An id as a code span: inside one nothing is markdown or HTML, so only what could end it is replaced:
 * a backtick, a line break, and a pipe (GFM splits table cells on it even there; `\|` stays a pipe).
 */
function codeSpan(id: string): string {
  return `\`${printable(id).replace(/`/g, "'").replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|')}\``;
}

function list(ids: string[], max = 6): string {
  const shown = ids.slice(0, max).map(codeSpan);
  return ids.length > max ? `${shown.join(', ')} and ${ids.length - max} more` : shown.join(', ');
}

/**
 * The rules and CloudTrail events a line rests on. A finding id is `<rule>:<first event id>`, so the
 * rules and events name every finding; the JSON output lists the finding ids themselves.
 */
export function citation(l: EvidenceLine): string {
  const rules = [...new Set(l.findingIds.map((id) => id.slice(0, id.indexOf(':'))))];
  const parts = [rules.length ? `rules ${list(rules, rules.length)}` : '', l.eventIds.length ? `events ${list(l.eventIds, 3)}` : ''];
  return parts.filter(Boolean).join('; ');
}

export const STATUS_LABEL: Record<QuestionStatus, string> = {
  'evidence-found': 'evidence found',
  'nothing-in-logs': 'nothing found in the logs read',
  'needs-human': 'needs a human',
};

function maxSeverity(fs: readonly Finding[]): string {
  return fs.reduce((m, f) => (severityRank(f.severity) > severityRank(m) ? f.severity : m), fs[0]?.severity ?? 'info');
}

function summary({ checklist, report, caseDir }: CaseReportInput): string[] {
  const out = ['## Summary', ''];
  if (caseDir) out.push(`- Case directory: ${md(caseDir)}`);
  if (!report) {
    out.push('- No detect findings were given: the checklist below is not assessed.');
  } else {
    const fs = report.findings;
    const bySev = [...SEVERITIES].reverse().map((s) => [s, fs.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
    const scenarios = new Map<string, number>();
    for (const f of fs) for (const s of f.scenarios) scenarios.set(s, (scenarios.get(s) ?? 0) + 1);
    out.push(
      `- Logs read: ${md(checklist.logsRead ?? '')}`,
      `- Detect report generated at ${md(report.generatedAt)}`,
      `- Findings: ${fs.length}${bySev.length ? ` (${bySev.map(([s, n]) => `${n} ${md(s)}`).join(', ')})` : ''} in ${new Set(fs.map((f) => f.eventId ?? f.id)).size} events by ${report.principals.length} principals`,
      `- Scenarios: ${[...scenarios].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s, n]) => `${md(s)} (${n})`).join(', ') || 'none'}`,
    );
    if (report.stats.errors.length > 0) out.push(`- **${report.stats.errors.length} input(s) could not be read in full: findings may be missing.**`);
    else if (report.partial) out.push('- **The read was partial: findings may be missing.**');
  }
  const count = (s: QuestionStatus) => checklist.items.filter((i) => i.status === s).length;
  if (report) {
    out.push(
      `- Checklist: ${count('evidence-found')} with evidence, ${count('nothing-in-logs')} with nothing found in the logs read, ${count('needs-human')} needing a human`,
    );
  }
  out.push(`- Answered: ${checklist.items.filter((i) => i.answer).length} of ${checklist.items.length}`, '');
  return out;
}

/** Append to the key's group (in place: copying the group on each append made 30,000 findings take minutes). */
function addTo<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const group = groups.get(key);
  if (group) group.push(value);
  else groups.set(key, [value]);
}

function timeline(report: DetectReport): string[] {
  const byEvent = new Map<string, Finding[]>();
  for (const f of [...report.findings].sort((a, b) => a.time.localeCompare(b.time))) addTo(byEvent, f.eventId ?? f.id, f);
  const rows = [...byEvent].map(([event, g]) => {
    const f = g[0] as Finding;
    return [
      md(f.time),
      md(f.eventName) + (f.errorCode ? ` (failed: ${md(f.errorCode)})` : ''),
      md(principalLabel(f.principal)),
      md(f.sourceIp ?? ''),
      // Each rule names what it looked at (the job, its image, its role): the event touched all of them.
      md([...new Set(g.flatMap((x) => x.resources))].join(', ')),
      md([...new Set(g.map((x) => x.ruleId))].join(', ')),
      md(maxSeverity(g)),
      list([event], 1),
    ];
  });
  return ['## Timeline of flagged events', '', ...table(['Time', 'Event', 'Principal', 'Source IP', 'Resources', 'Rules', 'Severity', 'Event id'], rows), ''];
}

/** Per scenario, one row per rule: what fired, how often, on which events and principals (the timeline has every event). */
function byScenario(report: DetectReport): string[] {
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) for (const s of f.scenarios.length ? f.scenarios : ['(no scenario)']) addTo(groups, s, f);
  const out = ['## Findings by scenario', ''];
  for (const [s, fs] of [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    out.push(`### ${md(s)} (${fs.length})`, '');
    const byRule = new Map<string, Finding[]>();
    for (const f of [...fs].sort((a, b) => a.time.localeCompare(b.time))) addTo(byRule, f.ruleId, f);
    const rows = [...byRule].map(([rule, g]) => {
      const first = g[0] as Finding;
      const last = g[g.length - 1] as Finding;
      return [
        md(first.time === last.time ? first.time : `${first.time} to ${last.time}`),
        `${md(first.title)} (${codeSpan(rule)})`,
        String(g.length),
        md([...new Set(g.map((f) => f.eventName))].join(', ')),
        md([...new Set(g.map((f) => principalLabel(f.principal)))].join(', ')),
        md(maxSeverity(g)),
        md([...new Set(g.map((f) => f.confidence))].join(', ')),
        list([...new Set(g.map((f) => f.eventId ?? f.id))], 3),
      ];
    });
    out.push(...table(['Time', 'Finding', 'Count', 'Events', 'Principals', 'Severity', 'Confidence', 'Event ids'], rows), '');
  }
  return out;
}

function byPrincipal(report: DetectReport): string[] {
  const first = new Map<string, Finding>();
  for (const f of report.findings) if (!first.has(f.principal.key)) first.set(f.principal.key, f);
  const rows = report.principals.map((p) => {
    const f = first.get(p.key);
    return [
      md(p.arn ?? p.key),
      md(f ? credentialKind(f.principal) : (p.type ?? '')),
      md(p.sourceIps.join(', ')),
      String(p.findings),
      md(p.maxSeverity),
      md(`${p.firstSeen} to ${p.lastSeen}`),
      md(p.eventNames.join(', ')),
    ];
  });
  return ['## Findings by principal', '', ...table(['Principal', 'Credentials', 'Source IPs', 'Findings', 'Max severity', 'Active', 'Events'], rows), ''];
}

function checklistSection(checklist: Checklist): string[] {
  const out = ['## Analysis checklist', ''];
  for (const i of checklist.items) {
    out.push(`### Q${i.number}. ${i.question}`, '');
    if (i.examples) out.push(`_(${i.examples})_`, '');
    out.push(`**Status:** ${i.status ? STATUS_LABEL[i.status] : 'not assessed'}. ${md(i.summary)}`, '');
    if (i.evidence.length) {
      out.push('**Evidence:**', '');
      for (const l of i.evidence) out.push(`- ${md(l.text)} (${citation(l)})`);
      out.push('');
    }
    out.push('**To check:**', '', ...i.guidance.map((g) => `- ${md(g)}`), '');
    if (i.answer) {
      out.push(`**Answer** (${md(i.answer.answeredAt)}): ${md(i.answer.answer)}`, '');
      if (i.answer.note) out.push(`**Note:** ${md(i.answer.note)}`, '');
    } else {
      out.push('**Answer:** _not answered yet_', '');
    }
  }
  return out;
}

function auditSection(audit: AuditLogRead): string[] {
  const { changes, reads } = auditChanges(audit);
  const rows = changes.map((e) => [
    md(e.time),
    md(e.command),
    md(e.region ?? ''),
    md(`${e.service}:${e.operation}`),
    md(JSON.stringify(e.parameters ?? null).slice(0, 200)),
    md(e.outcome),
    md(e.error ? `${e.error.code ?? ''} ${e.error.message}`.trim() : (e.requestId ?? '')),
  ]);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const readNote = reads ? ` ${count(reads, 'read-only call')} (evidence, state checks) in the log, not shown.` : '';
  const out = ['## Containment audit log', '', `From ${md(audit.path)}: ${count(changes.length, 'change')}.${readNote}`, ''];
  if (rows.length) out.push(...table(['Time', 'Command', 'Region', 'Call', 'Parameters', 'Outcome', 'Request id / error'], rows), '');
  if (audit.unreadableLines.length) out.push(`Unreadable lines (not shown): ${audit.unreadableLines.join(', ')}.`, '');
  return out;
}

/** The case report: summary, timeline, findings by scenario and principal, the checklist, the audit log. */
export function renderCaseReport(input: CaseReportInput): string {
  const { checklist, report, audit } = input;
  const out = ['# SageMaker incident analysis', '', ...summary(input)];
  if (report && report.findings.length) out.push(...timeline(report), ...byScenario(report), ...byPrincipal(report));
  out.push(...checklistSection(checklist));
  if (audit) out.push(...auditSection(audit));
  out.push('---', '', `_${checklist.attribution}_`, '');
  return out.join('\n');
}
