import type { ChalkInstance } from 'chalk';
import type { Scenario } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md, mitreLink, wrapList } from './text.js';

type ScenarioEvent = Scenario['events'][number];

const NOT_REAL = 'not a real operation';

/** "Name", or "Name [not a real operation -> Real1, Real2]" so the playbook's invented names stand out without colour too. */
function eventLabel(ev: ScenarioEvent): string {
  return ev.exists ? ev.name : `${ev.name} [${NOT_REAL} -> ${(ev.realOperations ?? []).join(', ')}]`;
}

function bySource(events: readonly ScenarioEvent[]): Map<string, ScenarioEvent[]> {
  const groups = new Map<string, ScenarioEvent[]>();
  for (const ev of events) groups.set(ev.source, [...(groups.get(ev.source) ?? []), ev]);
  return groups;
}

function human(scenarios: readonly Scenario[], style: ChalkInstance): string {
  const out = [style.bold(`Threat scenarios (${scenarios.length})`), ''];
  for (const s of scenarios) {
    out.push(`${style.bold(s.id)}  ${s.title}  [${s.severity}]  MITRE ATT&CK ${s.mitre.join(', ')}`);
    for (const d of s.description) out.push(`  - ${d}`);
    for (const [source, events] of bySource(s.events)) {
      const labels = events.map((ev) => (ev.exists ? ev.name : style.yellow(eventLabel(ev))));
      out.push(`  ${source}: ${wrapList(labels, 96 - source.length, '    ')}`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}

function markdown(scenarios: readonly Scenario[]): string {
  const out = ['## Threat scenarios', ''];
  for (const s of scenarios) {
    out.push(`### ${md(s.title)} (\`${s.id}\`)`, '');
    out.push(`Severity: ${s.severity}. MITRE ATT&CK: ${s.mitre.map(mitreLink).join(', ')}.`, '');
    for (const d of s.description) out.push(`- ${md(d)}`);
    out.push('', '| Event source | Event name | Note |', '| --- | --- | --- |');
    for (const ev of s.events) {
      const name = ev.exists ? `\`${ev.name}\`` : `~~\`${ev.name}\`~~ **${NOT_REAL}**; real: ${(ev.realOperations ?? []).map((o) => `\`${o}\``).join(', ')}`;
      out.push(`| ${ev.source} | ${name} | ${md(ev.note ?? '')} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export const scenariosSection = defineSection({
  name: 'scenarios',
  summary: "the playbook's threat scenarios with their CloudTrail event names, severity and MITRE ATT&CK techniques",
  file: 'scenarios',
  items: (data) => data.scenarios,
  columns: [
    { key: 'id', header: 'Scenario' },
    { key: 'severity', header: 'Severity' },
    { key: 'mitre', header: 'MITRE ATT&CK' },
    { key: 'events', header: 'Event names' },
  ],
  row: (s) => ({ id: s.id, severity: s.severity, mitre: s.mitre.join(' '), events: s.events.map(eventLabel).join('; ') }),
  human: (data, style) => human(data.scenarios, style),
  markdown: (data) => markdown(data.scenarios),
});
