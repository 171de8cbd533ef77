import type { ChalkInstance } from 'chalk';
import type { OutputModel } from '../../view/model.js';
import { printable } from '../../view/printable.js';
import { auditChanges, citation, renderCaseReport, STATUS_LABEL, type CaseReportInput } from './markdown.js';
import { ANALYSIS_SCHEMA_ID, type QuestionStatus } from './model.js';

/** Lines of evidence shown per question on the terminal; the JSON and markdown carry all of them. */
const TERMINAL_EVIDENCE = 8;

function statusStyle(style: ChalkInstance, s: QuestionStatus | null): string {
  if (s === null) return style.dim('[not assessed]');
  const label = `[${STATUS_LABEL[s]}]`;
  return s === 'evidence-found' ? style.red(label) : s === 'needs-human' ? style.yellow(label) : style.green(label);
}


/** The checklist as one output model: table (grouped per question), json, and markdown (the case report). */
export function checklistOutput(input: CaseReportInput): OutputModel {
  const { checklist, audit } = input;
  const split = audit ? auditChanges(audit) : null;
  return {
    schema: ANALYSIS_SCHEMA_ID,
    document: {
      logsRead: checklist.logsRead,
      caseDir: input.caseDir,
      containment: audit && split ? { auditLog: audit.path, changes: split.changes, readOnlyCalls: split.reads, unreadableLines: audit.unreadableLines } : null,
      questions: checklist.items,
      attribution: checklist.attribution,
    },
    items: checklist.items,
    columns: [
      { key: 'id', header: 'Id' },
      { key: 'status', header: 'Status' },
      { key: 'question', header: 'Question' },
      { key: 'summary', header: 'Summary' },
      { key: 'evidence', header: 'Evidence lines' },
      { key: 'answer', header: 'Answer' },
    ],
    rows: checklist.items.map((i) => ({
      id: i.id,
      status: i.status,
      question: i.question,
      summary: i.summary,
      evidence: i.evidence.length,
      answer: i.answer?.answer ?? null,
    })),
    human: (style) => {
      const out: string[] = [];
      if (checklist.logsRead) out.push(style.dim(`Logs read: ${checklist.logsRead}`), '');
      for (const i of checklist.items) {
        out.push(`${style.bold(`Q${i.number}.`)} ${i.question}${i.examples ? style.dim(` (${i.examples})`) : ''}`);
        out.push(`  ${statusStyle(style, i.status)} ${printable(i.summary)}`);
        for (const l of i.evidence.slice(0, TERMINAL_EVIDENCE)) out.push(`  - ${printable(l.text)}`, style.dim(`    ${printable(citation(l).replace(/`/g, ''))}`));
        if (i.evidence.length > TERMINAL_EVIDENCE) {
          out.push(style.dim(`  ... ${i.evidence.length - TERMINAL_EVIDENCE} more (see --output markdown or json)`));
        }
        if (i.status !== 'evidence-found') for (const g of i.guidance) out.push(style.dim(`  > ${g}`));
        if (i.answer) out.push(`  Answer: ${printable(i.answer.answer)}${i.answer.note ? ` (note: ${printable(i.answer.note)})` : ''}`);
        out.push('');
      }
      out.push(style.dim(checklist.attribution));
      return `${out.join('\n')}\n`;
    },
    markdown: () => renderCaseReport(input),
  };
}
