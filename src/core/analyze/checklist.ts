import type { DetectReport } from '../report.js';
import { contextFor, extractEvidence, relevantFindings } from './extract.js';
import type { ChecklistPlaybook } from './controls.js';
import type { Answer, Checklist, ChecklistItem, QuestionStatus } from './model.js';

/**
 * What the detect report read, said with every "nothing found": sources, window, records, gaps. Reports
 * made before issue 14 were not partial when a file could not be read: what it held is unread all the same.
 */
export function describeLogsRead(report: DetectReport): string {
  const sources = report.sources.map((s) => `${s.kind} ${s.inputs.join(', ')}`).join('; ') || 'no sources';
  const window = `${report.window.start ?? 'the earliest record'} to ${report.window.end}`;
  const failed = report.stats.errors.map((e) => `${e.input} (${e.reason})`);
  const gaps = report.partial
    ? `; PARTIAL read, failed: ${failed.join(', ') || 'some inputs'}`
    : failed.length > 0
      ? `; ${failed.length} input${failed.length === 1 ? '' : 's'} NOT read in full: ${failed.join(', ')}`
      : '';
  return `${sources}, ${window}, ${report.stats.recordsRead} records${gaps}${filtersNote(report.filters)}`;
}

/** detect's filters, when they kept only some findings: what they dropped reads as "nothing found" here. */
function filtersNote(f: DetectReport['filters']): string {
  if (!f) return '';
  const narrowed = [
    ...(f.minSeverity !== 'info' ? [`--min-severity ${f.minSeverity}`] : []),
    ...(f.scenarios ? [`--scenario ${f.scenarios.join(' ')}`] : []),
    ...(f.principals ? [`--principal ${f.principals.join(' ')}`] : []),
  ];
  return narrowed.length > 0 ? `; FILTERED by detect ${narrowed.join(' ')}: findings outside these filters are not in the report` : '';
}

/**
 * The playbook's questions with, when a detect report is given, each one's status and the evidence
 * that bears on it. Pure: the same report and answers give the same checklist.
 */
export function buildChecklist(pb: ChecklistPlaybook, report: DetectReport | null, answers: Record<string, Answer> = {}): Checklist {
  const data = pb.questions;
  const findings = report ? [...report.findings].sort((a, b) => a.time.localeCompare(b.time)) : [];
  const logsRead = report ? describeLogsRead(report) : null;
  const ctx = contextFor(findings, pb, report?.activity ?? []);
  const items = data.questions.map((q): ChecklistItem => {
    const base = {
      id: q.id,
      number: q.number,
      question: q.text,
      examples: q.examples ?? null,
      mode: q.mode,
      guidance: q.guidance,
      answer: answers[q.id] ?? null,
    };
    if (!report) {
      if (q.mode !== 'logs') return { ...base, status: 'needs-human', summary: 'A human must answer this.', evidence: [] };
      return { ...base, status: null, summary: 'Not assessed: give detect findings with --findings.', evidence: [] };
    }
    const relevant = relevantFindings(q, findings);
    const evidence = extractEvidence(q, relevant, ctx);
    const n = relevant.length;
    const found = `${n} finding${n === 1 ? '' : 's'} bear${n === 1 ? 's' : ''} on this`;
    const weakOnly = relevant.every((f) => f.confidence === 'weak') ? ': weak evidence only (event names used legitimately every day)' : '';
    const nothing = `Nothing relevant in the logs read (${logsRead}). This does not show it did not happen: ${q.notVisible}`;
    let status: QuestionStatus;
    let summary: string;
    if (q.mode !== 'logs') {
      status = 'needs-human';
      summary = n > 0 ? `A human must answer this; ${found}${weakOnly}.` : `A human must answer this. ${nothing}`;
    } else if (evidence.length > 0) {
      status = 'evidence-found';
      summary = `${found}${weakOnly}.`;
    } else {
      status = 'nothing-in-logs';
      summary = nothing;
    }
    return { ...base, status, summary, evidence };
  });
  return { logsRead, items, attribution: data.attribution };
}
