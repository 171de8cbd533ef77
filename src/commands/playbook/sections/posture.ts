import type { ChalkInstance } from 'chalk';
import type { PostureCheckData, PostureData } from '../../../playbook/posture-schema.js';
import { defineSection } from './define.js';
import { md } from './text.js';

const fixes = (c: PostureCheckData): string => c.fixes.map((f) => (f.by === 'contain' ? `contain ${f.action}` : `prepare ${f.guardrail}`)).join(', ');
// Script checks take severity and scenarios from their detect rule (shown as "rule <id>").
const severity = (c: PostureCheckData): string => c.severity ?? `as rule ${c.detectRule}`;

function human(data: PostureData, style: ChalkInstance): string {
  const out = [style.bold(`Posture checks (${data.checks.length})`), ''];
  for (const c of data.checks) {
    out.push(`${style.bold(c.id)}  ${severity(c)}  [${c.resource}]  ${c.title}`);
    out.push(`  security hub: ${c.securityHub ?? '-'}; prowler: ${c.prowler ?? '-'}${c.fixes.length ? `; fixed by: ${fixes(c)}` : ''}`);
    out.push(`  ${c.remediation}`, '');
  }
  out.push(style.bold('IAM permissions posture needs'), ...data.permissions.map((p) => `  ${p}`), '');
  out.push(style.dim(data.attribution), '');
  return out.join('\n');
}

function markdown(data: PostureData): string {
  const out = ['## Posture checks', '', '| Check | Resource | Severity | Security Hub | Prowler | Fixed by | Remediation |', '| --- | --- | --- | --- | --- | --- | --- |'];
  for (const c of data.checks) {
    out.push(`| \`${c.id}\` | ${c.resource} | ${md(severity(c))} | ${c.securityHub ?? '—'} | ${c.prowler ? `\`${c.prowler}\`` : '—'} | ${md(fixes(c)) || '—'} | ${md(c.remediation)} |`);
  }
  out.push('', '### IAM permissions', '', ...data.permissions.map((p) => `- \`${p}\``), '', data.attribution, '');
  return `${out.join('\n')}\n`;
}

export const postureSection = defineSection({
  name: 'posture',
  summary: "what sm-ir posture checks, each check's Security Hub control and Prowler check, and the read permissions it needs",
  file: 'posture',
  items: (data) => data.checks,
  columns: [
    { key: 'id', header: 'Check' },
    { key: 'resource', header: 'Resource' },
    { key: 'severity', header: 'Severity' },
    { key: 'securityHub', header: 'Security Hub' },
    { key: 'prowler', header: 'Prowler' },
    { key: 'fixes', header: 'Fixed by' },
  ],
  row: (c) => ({ id: c.id, resource: c.resource, severity: severity(c), securityHub: c.securityHub, prowler: c.prowler, fixes: fixes(c) }),
  human,
  markdown,
});
