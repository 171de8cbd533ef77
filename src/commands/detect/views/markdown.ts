import type { DetectReport } from '../../../core/report.js';
import { renderMarkdownTable } from '../../../output/render.js';
import { COLUMNS, row } from './columns.js';
import { activityLines, emptyVerdict, statsLines } from './stats.js';
import { markdownText } from '../../../view/markdown.js';

export function markdown(r: DetectReport): string {
  const inputs = r.coverage ? [`inputs: ${r.coverage.inputs.join(', ') || 'none'}`] : [];
  const parts = [`# sm-ir detect report`, '', ...[...inputs, ...statsLines(r)].map((l) => `- ${markdownText(l)}`), ''];
  const verdict = r.findings.length === 0 ? emptyVerdict(r) : undefined;
  if (verdict !== undefined && verdict !== 'No findings.') {
    // An empty findings table under "Findings (0)" reads as all clear: say what was (not) looked at instead.
    parts.push(`## ${verdict.slice(0, verdict.indexOf(':'))}`, '', markdownText(verdict), '');
  } else {
    parts.push(`## Findings (${r.findings.length})`, '', verdict ? `${verdict}\n` : renderMarkdownTable({ columns: COLUMNS, rows: r.findings.map(row) }));
  }
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
