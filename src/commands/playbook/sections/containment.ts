import type { ChalkInstance } from 'chalk';
import type { ContainmentAction, ContainmentData } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md, wrapList } from './text.js';

const permissions = (calls: ContainmentAction['calls']): string[] => [...new Set(calls.map((c) => c.permission))];

function human(data: ContainmentData, style: ChalkInstance): string {
  const out = [style.bold(`Containment and eradication steps (${data.actions.length})`), ''];
  for (const a of data.actions) {
    out.push(`${style.bold(a.id)}  ${a.title}  [${a.resource}, ${a.reversible ? 'reversible' : 'not reversible'}]`);
    out.push(`  ${a.description}`);
    for (const c of a.calls) out.push(`  - ${c.permission}: ${c.purpose}`);
    out.push(`  evidence first: ${wrapList(permissions(a.evidence), 90, '    ')}`);
    out.push(`  from states: ${a.originStates.join(', ')}; ends: ${a.endState}`);
    for (const d of a.docs) out.push(style.dim(`  ${d}`));
    out.push('');
  }
  out.push(style.bold('Inline policies attached by sm-ir contain'));
  for (const [key, p] of Object.entries(data.policies)) out.push(`  ${key}: ${p.name}  ${JSON.stringify(p.document)}`);
  out.push('', style.dim(data.attribution), '');
  return out.join('\n');
}

function markdown(data: ContainmentData): string {
  const out = ['## Containment and eradication steps', ''];
  for (const a of data.actions) {
    out.push(`### ${md(a.title)} (\`${a.id}\`)`, '', md(a.description), '');
    out.push(`Resource: ${a.resource}. Starts from: ${a.originStates.join(', ')}. Ends: ${a.endState}. ${a.reversible ? 'Reversible.' : 'Not reversible.'}`, '');
    out.push('| API call | IAM permission | Purpose |', '| --- | --- | --- |');
    for (const c of a.calls) out.push(`| \`${c.operation}\` | \`${c.permission}\` | ${md(c.purpose)} |`);
    out.push('', `Evidence captured first with: ${permissions(a.evidence).map((p) => `\`${p}\``).join(', ')}.`, '');
    for (const d of a.docs) out.push(`- <${d}>`);
    out.push('');
  }
  out.push('### Inline policies', '');
  for (const [key, p] of Object.entries(data.policies)) out.push(`\`${p.name}\` (${key}):`, '', '```json', JSON.stringify(p.document, null, 2), '```', '');
  out.push(data.attribution, '');
  return `${out.join('\n')}\n`;
}

export const containmentSection = defineSection({
  name: 'containment',
  summary: 'the containment steps sm-ir contain takes: API calls, IAM permissions, evidence read first, documentation',
  file: 'containment',
  items: (data) => data.actions,
  columns: [
    { key: 'id', header: 'Step' },
    { key: 'resource', header: 'Resource' },
    { key: 'permissions', header: 'IAM permissions' },
    { key: 'endState', header: 'End state' },
    { key: 'reversible', header: 'Reversible' },
    { key: 'docs', header: 'Documentation' },
  ],
  row: (a) => ({ id: a.id, resource: a.resource, permissions: permissions(a.calls).join(' '), endState: a.endState, reversible: a.reversible, docs: a.docs[0] ?? null }),
  human,
  markdown,
});
