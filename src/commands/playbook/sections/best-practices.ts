import type { ChalkInstance } from 'chalk';
import type { BestPracticesData } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md } from './text.js';

type Practice = BestPracticesData['groups'][number]['practices'][number];

function human(data: BestPracticesData, style: ChalkInstance): string {
  const out = [style.bold('Best practices'), ''];
  for (const g of data.groups) {
    out.push(style.bold(g.title));
    for (const p of g.practices) {
      out.push(`  - ${p.text}${p.url ? `\n    ${style.dim(p.url)}` : ''}`);
      for (const d of p.details) out.push(`      - ${d.text}${d.url ? `\n        ${style.dim(d.url)}` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}

const link = (p: { text: string; url?: string | undefined }) => (p.url ? `[${md(p.text)}](${p.url})` : md(p.text));

function markdown(data: BestPracticesData): string {
  const out = ['## Best practices', ''];
  for (const g of data.groups) {
    out.push(`### ${g.title}`, '');
    for (const p of g.practices) {
      out.push(`- ${link(p)}`);
      for (const d of p.details) out.push(`  - ${link(d)}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export const bestPracticesSection = defineSection({
  name: 'best-practices',
  summary: "the playbook's appendix: strongly recommended and encouraged practices with their documentation links",
  file: 'bestPractices',
  items: (data): (Practice & { level: string })[] => data.groups.flatMap((g) => g.practices.map((p) => ({ level: g.level, ...p }))),
  columns: [
    { key: 'level', header: 'Level' },
    { key: 'id', header: 'Id' },
    { key: 'text', header: 'Practice' },
    { key: 'url', header: 'Link' },
  ],
  row: (p) => ({ level: p.level, id: p.id, text: p.text, url: p.url ?? null }),
  human,
  markdown,
});
