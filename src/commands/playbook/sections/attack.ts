import type { ChalkInstance } from 'chalk';
import type { Playbook } from '../../../playbook/load.js';
import { defineSection } from './define.js';
import { md, mitreLink, wrapList } from './text.js';

/** One technique with its tactics and what names it: the scenarios and the rules whose findings carry it. */
interface TechniqueRow {
  id: string;
  name: string;
  tactics: string[];
  scenarios: string[];
  rules: string[];
}

function rowsOf(pb: Playbook): TechniqueRow[] {
  return Object.entries(pb.attack.techniques)
    .map(([id, t]) => ({
      id,
      name: t.name,
      tactics: t.tactics.map((ta) => pb.attack.tactics[ta] ?? ta),
      scenarios: pb.scenarios.scenarios.filter((s) => s.mitre.includes(id)).map((s) => s.id),
      rules: pb.rules.rules.filter((r) => r.mitre.includes(id)).map((r) => r.id),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Techniques grouped under each tactic, in ATT&CK's tactic order (TA ids). */
function byTactic(pb: Playbook): [string, TechniqueRow[]][] {
  const rows = rowsOf(pb);
  return Object.entries(pb.attack.tactics).map(([, tactic]) => [tactic, rows.filter((r) => r.tactics.includes(tactic))] as [string, TechniqueRow[]]);
}

function human(_data: Playbook['attack'], style: ChalkInstance, pb: Playbook): string {
  const out = [style.bold('MITRE ATT&CK coverage: tactic, technique, and the scenarios and rules that name it'), ''];
  for (const [tactic, rows] of byTactic(pb)) {
    out.push(style.bold(tactic));
    for (const r of rows) {
      out.push(`  ${r.id}  ${r.name}`);
      const named = [...r.scenarios.map((s) => `scenario ${s}`), ...r.rules.map((x) => `rule ${x}`)];
      if (named.length > 0) out.push(`    ${style.dim(wrapList(named, 92, '    '))}`);
    }
    out.push('');
  }
  return out.join('\n');
}

function markdown(data: Playbook['attack'], pb: Playbook): string {
  const out = ['## MITRE ATT&CK coverage', '', md(data.note), ''];
  for (const [tactic, rows] of byTactic(pb)) {
    out.push(`### ${tactic}`, '', '| Technique | Name | Scenarios | Rules |', '| --- | --- | --- | --- |');
    for (const r of rows) out.push(`| ${mitreLink(r.id)} | ${md(r.name)} | ${r.scenarios.map((s) => `\`${s}\``).join(', ')} | ${r.rules.map((x) => `\`${x}\``).join(', ')} |`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export const attackSection = defineSection({
  name: 'attack',
  summary: 'MITRE ATT&CK: each tactic and technique sm-ir names, with the scenarios and rules whose findings carry it',
  file: 'attack',
  items: (_data, pb) => rowsOf(pb),
  columns: [
    { key: 'id', header: 'Technique' },
    { key: 'name', header: 'Name' },
    { key: 'tactics', header: 'Tactics' },
    { key: 'scenarios', header: 'Scenarios' },
    { key: 'rules', header: 'Rules' },
  ],
  row: (r) => ({ id: r.id, name: r.name, tactics: r.tactics.join(', '), scenarios: r.scenarios.join(', '), rules: r.rules.join(', ') }),
  human,
  markdown,
});
