import type { ChalkInstance } from 'chalk';
import type { ScpsData, ScpStatementData } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md, wrapList } from './text.js';

const condition = (s: ScpStatementData): string => JSON.stringify(s.condition);
const changed = (s: ScpStatementData): boolean => s.original !== undefined && JSON.stringify(s.original) !== JSON.stringify(s.condition);
const defaults = (p: ScpsData['parameters'][number]): string =>
  [p.default?.length ? `default ${p.default.join(', ')}` : '', p.alwaysInclude?.length ? `always includes ${p.alwaysInclude.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');

function human(data: ScpsData, style: ChalkInstance): string {
  const out = [style.bold(`Service control policies (${data.statements.length} statements)`), ''];
  for (const s of data.statements) {
    out.push(`${style.bold(s.id)}  ${s.title}  (Sid ${s.sid})`);
    out.push(`  Deny sagemaker: ${wrapList(s.actions, 90, '    ')}`);
    out.push(`  when ${condition(s)}`);
    if (s.correction) out.push(style.yellow(`  corrected: ${s.correction}`));
    if (s.note) out.push(style.dim(`  note: ${s.note}`));
    out.push('');
  }
  out.push(style.bold('Parameters (sm-ir prepare scps)'));
  for (const p of data.parameters) out.push(`  ${p.flag}  ${p.description}${defaults(p) ? style.dim(` (${defaults(p)})`) : ''}`);
  out.push('', style.dim(data.attribution), '');
  return out.join('\n');
}

function markdown(data: ScpsData): string {
  const out = ['## Service control policies', ''];
  for (const s of data.statements) {
    out.push(`### ${md(s.title)} (\`${s.id}\`, Sid \`${s.sid}\`)`, '', md(s.description), '');
    out.push(`Denies ${s.actions.map((a) => `\`sagemaker:${a}\``).join(', ')} when:`, '', '```json', JSON.stringify(s.condition, null, 2), '```', '');
    if (s.correction) out.push(`**Correction:** ${md(s.correction)}`, '');
    if (changed(s)) out.push(`The original playbook's condition: \`${JSON.stringify(s.original)}\``, '');
    if (s.note) out.push(`Note: ${md(s.note)}`, '');
  }
  out.push('### Parameters', '', '| Flag | Kind | Description | Default |', '| --- | --- | --- | --- |');
  for (const p of data.parameters) out.push(`| \`${p.flag}\` | ${p.kind} | ${md(p.description)} | ${md(defaults(p))} |`);
  out.push('', data.attribution, '');
  return `${out.join('\n')}\n`;
}

export const scpsSection = defineSection({
  name: 'scps',
  summary: "the playbook's preventive SCP statements with sm-ir's corrections, and the parameters they take",
  file: 'scps',
  items: (data) => data.statements,
  columns: [
    { key: 'id', header: 'Statement' },
    { key: 'sid', header: 'Sid' },
    { key: 'actions', header: 'Denied actions' },
    { key: 'condition', header: 'Condition' },
    { key: 'correction', header: 'Correction' },
  ],
  row: (s) => ({ id: s.id, sid: s.sid, actions: s.actions.map((a) => `sagemaker:${a}`).join(' '), condition: condition(s), correction: s.correction ?? null }),
  human,
  markdown,
});
