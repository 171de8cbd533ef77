/**
 * posture's views: the report is the JSON document, its findings the jsonl items and the csv rows;
 * the terminal and markdown views add the per-check summary and what could not be read. Resource names,
 * tags and script lines are the account's (an attacker may have chosen them): people's views show them printable.
 */
import type { ChalkInstance } from 'chalk';
import { fitTable, terminalWidth, type FitColumn } from '../../view/fit.js';
import type { PostureFinding, PostureReport } from '../../core/posture/report.js';
import { SEVERITIES } from '../../playbook/severity.js';
import { renderMarkdownTable } from '../../output/render.js';
import type { Column, OutputModel } from '../../view/model.js';
import { printableDeep } from '../../view/printable.js';
import { markdownText } from '../../view/markdown.js';
import { SEVERITY_STYLE } from '../detect/views/table.js';

const COLUMNS: Column[] = [
  { key: 'severity', header: 'severity' },
  { key: 'checkId', header: 'check' },
  { key: 'resourceType', header: 'resource type' },
  { key: 'account', header: 'account' },
  { key: 'region', header: 'region' },
  { key: 'resourceName', header: 'resource' },
  { key: 'reason', header: 'reason' },
  { key: 'securityHub', header: 'security hub' },
  { key: 'prowler', header: 'prowler' },
  { key: 'fix', header: 'fix' },
  { key: 'resourceArn', header: 'arn' },
];

function row(f: PostureFinding): Record<string, string | null> {
  return {
    severity: f.severity,
    checkId: f.checkId,
    resourceType: f.resourceType,
    account: f.account,
    region: f.region,
    resourceName: f.resourceName,
    reason: f.reason,
    securityHub: f.securityHub,
    prowler: f.prowler,
    fix: f.fixes.map((x) => x.command).join('; ') || null,
    resourceArn: f.resourceArn,
  };
}

function countsLine(r: PostureReport): string {
  const counts = SEVERITIES.slice()
    .reverse()
    .map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return `${r.findings.length} failed checks${counts.length ? `: ${counts.join(', ')}` : ''}`;
}

function resourcesLine(r: PostureReport): string {
  const read = Object.entries(r.resources).map(([k, n]) => `${n} ${k}`).join(', ');
  const who = r.accounts ? `${r.accounts.filter((a) => a.state === 'done').length} of ${r.accounts.length} accounts of the organization` : `account ${r.account ?? 'unknown'}`;
  return `${who}, regions ${r.regions.join(', ')}: read ${read}; ${r.calls.total} AWS calls (${r.calls.throttled} throttled and retried)`;
}

function errorLines(r: PostureReport): string[] {
  const accounts = (r.accounts ?? []).filter((a) => a.state === 'failed').map((a) => `account ${a.account} not read: ${a.error ?? 'unknown error'}`);
  return [...accounts, ...r.errors.map(
    (e) => `not read in ${r.accounts && e.account ? `${e.account}/` : ''}${e.region}: ${e.resourceType}${e.resourceName ? ` ${e.resourceName}` : 's'} (${e.operation}: ${e.code ?? 'error'}; needs ${e.permission})`,
  )];
}

// Severity, check and resource always show; the fix command before the reason, which the check's id says in short.
const FINDING_COLUMNS: FitColumn[] = [
  { header: 'severity', key: true, min: 8, max: 8 },
  { header: 'check', key: true, min: 16, max: 30 },
  { header: 'resource', key: true, min: 16, max: 40 },
  { header: 'reason', priority: 1, min: 16, max: 60 },
  { header: 'fix', priority: 2, min: 20, max: 60 },
];
const CHECK_COLUMNS: FitColumn[] = [
  { header: 'check', key: true, min: 16, max: 40 },
  { header: 'severity', key: true, min: 8, max: 8 },
  { header: 'failed / judged', key: true, min: 10, max: 40 },
  { header: 'security hub', priority: 1, min: 12, max: 24 },
  { header: 'prowler', priority: 0, min: 12, max: 50 },
];

function human(r: PostureReport, c: ChalkInstance, width = terminalWidth()): string {
  const bold = (h: string) => c.bold(h);
  const out: string[] = [c.dim(resourcesLine(r))];
  if (r.findings.length === 0) out.push(r.partial ? c.yellow('No failed check among what could be read (see below).') : c.green('No failed check.'));
  else {
    out.push(c.bold(countsLine(r)));
    const rows = r.findings.map((f) => [
        SEVERITY_STYLE[f.severity](c)(f.severity),
        `${f.checkId}${f.securityHub || f.prowler ? `\n${c.dim([f.securityHub, f.prowler].filter(Boolean).join('\n'))}` : ''}`,
        `${f.resourceName}\n${c.dim(`${f.resourceType}, ${r.accounts && f.account ? `${f.account}/` : ''}${f.region}`)}`,
        f.reason,
        f.fixes.map((x) => x.command).join('\n') || c.dim(f.remediation),
      ]);
    out.push(fitTable(FINDING_COLUMNS, rows, width, bold));
  }
  const checks = r.checks.map((k) => [k.id, k.severity, `${k.failed} / ${k.evaluated}${k.notReadIn.length ? ` (not read in ${k.notReadIn.join(', ')})` : ''}`, k.securityHub ?? '', k.prowler ?? '']);
  out.push(c.bold('Checks'), fitTable(CHECK_COLUMNS, checks, width, bold));
  out.push(...errorLines(r).map((l) => c.yellow(l)));
  return `${out.join('\n')}\n`;
}

function markdown(r: PostureReport): string {
  const parts = [`# sm-ir posture`, '', markdownText(resourcesLine(r)), '', markdownText(countsLine(r)), ''];
  if (r.findings.length > 0) parts.push(renderMarkdownTable({ columns: COLUMNS, rows: r.findings.map(row) }));
  parts.push('## Checks', '');
  parts.push(
    renderMarkdownTable({
      columns: [
        { key: 'id', header: 'check' },
        { key: 'severity', header: 'severity' },
        { key: 'result', header: 'failed / judged' },
        { key: 'securityHub', header: 'security hub' },
        { key: 'prowler', header: 'prowler' },
      ],
      rows: r.checks.map((k) => ({ id: k.id, severity: k.severity, result: `${k.failed} / ${k.evaluated}${k.notReadIn.length ? ` (not read in ${k.notReadIn.join(', ')})` : ''}`, securityHub: k.securityHub, prowler: k.prowler })),
    }),
  );
  const errors = errorLines(r);
  if (errors.length > 0) parts.push('## Not read', '', ...errors.map((l) => `- ${markdownText(l)}`), '');
  return `${parts.join('\n')}\n`;
}

export function postureModel(r: PostureReport): OutputModel {
  const { schema: _schema, ...document } = r;
  let shown: PostureReport | undefined;
  const view = (): PostureReport => (shown ??= printableDeep(r));
  return {
    schema: r.schema,
    document,
    items: r.findings,
    columns: COLUMNS,
    get rows() {
      return view().findings.map(row);
    },
    human: (c) => human(view(), c),
    markdown: () => markdown(view()),
  };
}
