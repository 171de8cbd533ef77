import type { ChalkInstance } from 'chalk';
import type { Question, QuestionsData } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md } from './text.js';

const MODE: Record<Question['mode'], string> = {
  logs: 'answered from the logs',
  'human-with-evidence': 'a person answers, with evidence from the logs',
  human: 'a person answers',
};

const withExamples = (q: Question): string => (q.examples ? `${q.text} (${q.examples})` : q.text);

function human(data: QuestionsData, style: ChalkInstance): string {
  const out = [style.bold(`Analysis questions (${data.questions.length})`), ''];
  for (const q of data.questions) {
    out.push(`${style.bold(`Q${q.number}.`)} ${withExamples(q)}`);
    out.push(style.dim(`  ${MODE[q.mode]}; evidence: ${q.evidence.extractor}`));
    for (const g of q.guidance) out.push(`  > ${g}`);
    out.push('');
  }
  out.push(style.dim(data.attribution), '');
  return out.join('\n');
}

function markdown(data: QuestionsData): string {
  const out = ['## Analysis questions', ''];
  for (const q of data.questions) {
    out.push(`### Q${q.number}. ${md(withExamples(q))}`, '');
    out.push(`Mode: ${MODE[q.mode]}. Evidence view: \`${q.evidence.extractor}\`.`, '');
    for (const g of q.guidance) out.push(`- ${md(g)}`);
    out.push('', `Not visible in the logs: ${md(q.notVisible)}`, '');
  }
  out.push(data.attribution, '');
  return `${out.join('\n')}\n`;
}

export const questionsSection = defineSection({
  name: 'questions',
  summary: "the playbook's 15 analysis questions, how sm-ir gathers evidence for each and what the responder checks",
  file: 'questions',
  items: (data) => data.questions,
  columns: [
    { key: 'id', header: 'Id' },
    { key: 'mode', header: 'Mode' },
    { key: 'extractor', header: 'Evidence' },
    { key: 'question', header: 'Question' },
  ],
  row: (q) => ({ id: q.id, mode: q.mode, extractor: q.evidence.extractor, question: withExamples(q) }),
  human,
  markdown,
});
