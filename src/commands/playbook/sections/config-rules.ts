import type { ChalkInstance } from 'chalk';
import type { ConfigRuleData, ConfigRulesData } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md } from './text.js';

const params = (r: ConfigRuleData): string =>
  r.parameters.map((p) => `${p.name}${p.optional ? ' (optional)' : ''}${p.flag ? ` (prepare ${p.flag})` : ''}`).join(', ');

function human(data: ConfigRulesData, style: ChalkInstance): string {
  const out = [style.bold(`AWS Config managed rules (${data.rules.length})`), ''];
  for (const r of data.rules) {
    out.push(`${style.bold(r.name)}  ${r.identifier}  [${r.trigger}]${r.optIn ? '  opt-in: prepare --add-config-rules' : ''}`);
    out.push(`  ${r.description}`);
    out.push(`  resources: ${r.resourceTypes.join(', ')}${r.parameters.length ? `; parameters: ${params(r)}` : ''}`);
    out.push(style.dim(`  ${r.docs}`), '');
  }
  out.push(style.dim(data.attribution), '');
  return out.join('\n');
}

function markdown(data: ConfigRulesData): string {
  const out = ['## AWS Config managed rules', '', '| Rule | Identifier | Checks | Resources | Trigger | Parameters |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of data.rules) {
    out.push(`| [${r.name}](${r.docs}) | \`${r.identifier}\` | ${md(r.description)} | ${r.resourceTypes.join(', ')} | ${r.trigger} | ${md(params(r))} |`);
  }
  out.push('', data.attribution, '');
  return `${out.join('\n')}\n`;
}

export const configRulesSection = defineSection({
  name: 'config-rules',
  summary: 'the AWS Config managed rules the playbook names, with their identifiers, scopes and parameters',
  file: 'configRules',
  items: (data) => data.rules,
  columns: [
    { key: 'name', header: 'Rule' },
    { key: 'identifier', header: 'Identifier' },
    { key: 'resourceTypes', header: 'Resources' },
    { key: 'trigger', header: 'Trigger' },
    { key: 'parameters', header: 'Parameters' },
  ],
  row: (r) => ({ name: r.name, identifier: r.identifier, resourceTypes: r.resourceTypes.join(' '), trigger: r.trigger, parameters: params(r) }),
  human,
  markdown,
});
