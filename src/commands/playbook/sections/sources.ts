import type { ChalkInstance } from 'chalk';
import type { SourcesData } from '../../../playbook/schema.js';
import { defineSection } from './define.js';
import { md, wrapList } from './text.js';

function recorded(where: SourcesData['sources'][number]['recordedIn']): string {
  return where === 'regional' ? 'in the region of the call' : `in ${where} (global service)`;
}

function human(data: SourcesData, style: ChalkInstance): string {
  const out = [style.bold(`Watched event sources (${data.sources.length})`), ''];
  for (const s of data.sources) {
    out.push(`${style.bold(s.source)}  ${s.service}, recorded ${recorded(s.recordedIn)}, ${s.operations.length} operations`);
    out.push(`  ${wrapList(s.operations, 100, '  ')}`, '');
  }
  out.push(`Look-alike sources (read, never classified): ${data.lookAlikes.join(', ') || 'none'}`, '');
  return out.join('\n');
}

function markdown(data: SourcesData): string {
  const out = ['## Watched event sources', '', '| Event source | Service | Recorded | Operations |', '| --- | --- | --- | --- |'];
  for (const s of data.sources) {
    out.push(`| ${s.source} | ${md(s.service)} | ${recorded(s.recordedIn)} | ${s.operations.map((o) => `\`${o}\``).join(', ')} |`);
  }
  out.push('', `Look-alike sources (read, never classified): ${data.lookAlikes.map((l) => `\`${l}\``).join(', ') || 'none'}`, '');
  return `${out.join('\n')}\n`;
}

export const sourcesSection = defineSection({
  name: 'sources',
  summary: 'the CloudTrail event sources sm-ir watches and every operation the playbook data names',
  file: 'sources',
  items: (data) => data.sources,
  columns: [
    { key: 'source', header: 'Event source' },
    { key: 'service', header: 'Service' },
    { key: 'recordedIn', header: 'Recorded in' },
    { key: 'operations', header: 'Operations' },
  ],
  row: (s) => ({ source: s.source, service: s.service, recordedIn: s.recordedIn, operations: s.operations.join(' ') }),
  human,
  markdown,
});
