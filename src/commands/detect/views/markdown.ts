import type { DetectReport } from '../../../core/report.js';
import { renderMarkdownTable } from '../../../output/render.js';
import { COLUMNS, row } from './columns.js';
import { activityLines, statsLines } from './stats.js';
import { markdownText } from '../../../view/markdown.js';

export function markdown(r: DetectReport): string {
  const parts = [`# sm-ir detect report`, '', ...statsLines(r).map((l) => `- ${markdownText(l)}`), ''];
  parts.push(`## Findings (${r.findings.length})`, '', renderMarkdownTable({ columns: COLUMNS, rows: r.findings.map(row) }));
  parts.push(
    '## Principals',
    '',
    renderMarkdownTable({
      columns: [
        { key: 'principal', header: 'principal' },
        { key: 'type', header: 'type' },
        { key: 'findings', header: 'findings' },
        { key: 'maxSeverity', header: 'max severity' },
        { key: 'accessKeyIds', header: 'access keys' },
        { key: 'sourceIps', header: 'source IPs' },
      ],
      rows: r.principals.map((p) => ({
        principal: p.arn ?? p.key,
        type: p.type,
        findings: p.findings,
        maxSeverity: p.maxSeverity,
        accessKeyIds: p.accessKeyIds.join(' '),
        sourceIps: p.sourceIps.join(' '),
      })),
    }),
  );
  const activity = activityLines(r);
  if (activity.length > 0) parts.push('', '## Activity of the actors with a finding at medium or above', '', ...activity.map((l) => `- ${markdownText(l)}`), '');
  return parts.join('\n');
}
