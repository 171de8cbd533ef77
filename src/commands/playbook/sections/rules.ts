import type { ChalkInstance } from 'chalk';
import type { Playbook } from '../../../playbook/load.js';
import type { RuleData, RulesData } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md, mitreLink } from './text.js';

/** The tunable numbers and names of a rule ("threshold=5, windowMinutes=10"); lists and objects stay in the JSON. */
function scalarParams(rule: RuleData): string {
  return Object.entries(rule.params)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

/** "T1098 Account Manipulation (Persistence, Privilege Escalation)", from the playbook's ATT&CK data. */
function technique(id: string, pb: Playbook): string {
  const t = pb.attack.techniques[id];
  return t ? `${id} ${t.name} (${t.tactics.map((tactic) => pb.attack.tactics[tactic] ?? tactic).join(', ')})` : id;
}

function human(data: RulesData, style: ChalkInstance, pb: Playbook): string {
  const out = [style.bold(`Detective rules (${data.rules.length})`), ''];
  for (const r of data.rules) {
    out.push(`${style.bold(r.id)}  ${r.title}  [${r.severity}, ${r.confidence} evidence]`);
    out.push(`  ${r.description}`);
    if (r.scenarios.length) out.push(`  scenarios: ${r.scenarios.join(', ')}`);
    if (r.mitre.length) out.push(`  MITRE ATT&CK: ${r.mitre.map((id) => technique(id, pb)).join('; ')}`);
    if (r.references.length) out.push(`  references: ${r.references.join(' ')}`);
    const params = scalarParams(r);
    if (params) out.push(style.dim(`  params: ${params}`));
    out.push('');
  }
  return out.join('\n');
}

function markdown(data: RulesData, pb: Playbook): string {
  const out = ['## Detective rules', ''];
  for (const r of data.rules) {
    out.push(`### ${md(r.title)} (\`${r.id}\`)`, '');
    out.push(`Severity: ${r.severity}. Confidence: ${r.confidence}.`, '');
    if (r.mitre.length) out.push(`MITRE ATT&CK: ${r.mitre.map((id) => `${mitreLink(id)}${md(technique(id, pb).slice(id.length))}`).join('; ')}.`, '');
    out.push(md(r.description), '');
    if (r.scenarios.length) out.push(`Scenarios: ${r.scenarios.map((s) => `\`${s}\``).join(', ')}.`, '');
    if (r.references.length) out.push(`References: ${r.references.map((u) => `<${u}>`).join(', ')}.`, '');
    if (Object.keys(r.params).length) out.push('```json', JSON.stringify(r.params, null, 2), '```', '');
  }
  return `${out.join('\n')}\n`;
}

export const rulesSection = defineSection({
  name: 'rules',
  summary: "sm-ir's detective rules: what each flags beyond an event name, its severity, confidence and parameters",
  file: 'rules',
  items: (data) => data.rules,
  columns: [
    { key: 'id', header: 'Rule' },
    { key: 'severity', header: 'Severity' },
    { key: 'confidence', header: 'Confidence' },
    { key: 'scenarios', header: 'Scenarios' },
    { key: 'mitre', header: 'MITRE ATT&CK' },
    { key: 'title', header: 'Flags' },
  ],
  row: (r) => ({ id: r.id, severity: r.severity, confidence: r.confidence, scenarios: r.scenarios.join(' '), mitre: r.mitre.join(' '), title: r.title }),
  human,
  markdown,
});
