import type { ChalkInstance } from 'chalk';
import type { OutputModel } from '../../view/model.js';
import { renderFlatTable, renderMarkdownTable } from '../../output/render.js';
import { describeStep, type ScpStep } from '../../core/prepare/plan.js';
import { findingLine } from '../../core/prepare/findings.js';
import { CONFIG_RULES_SCHEMA_ID, SCP_PLAN_SCHEMA_ID, type ConfigRulesDocument, type ScpPlanDocument } from '../../core/prepare/schema.js';

export type { ConfigRulesDocument, ScpPlanDocument };

export function withDescriptions(steps: ScpStep[]): ScpPlanDocument['changes'] {
  return steps.map((s) => ({ ...s, description: describeStep(s) }));
}

function changesText(doc: ScpPlanDocument): string {
  if (doc.mode === 'documents') return 'No --target: documents only (no AWS call was made).';
  if (doc.changes.length === 0) return 'No change: the target already carries these policies.';
  return doc.changes.map((c, i) => `${i + 1}. ${c.description}`).join('\n');
}

const MATRIX_COLUMNS = [
  { key: 'sid', header: 'Statement' },
  { key: 'case', header: 'Case' },
  { key: 'request', header: 'Request (condition keys)' },
  { key: 'decision', header: 'Decision' },
];

/** --apply-scps: what IAM Access Analyzer found, one line per finding with its verdict. */
function validationLines(doc: ScpPlanDocument): string[] {
  const v = doc.validation;
  if (!v) return [];
  const head = `ValidatePolicy (SERVICE_CONTROL_POLICY) on ${v.policies.join(', ')}: ${v.findings.length ? `${v.findings.length} finding(s)` : 'no findings'}${v.stopped ? '; the deployment stops' : ''}`;
  const verdict = { stops: 'STOPS', accepted: 'accepted', shown: 'shown' } as const;
  return [head, ...v.findings.map((f) => `- [${verdict[f.verdict]}] ${findingLine(f)}${f.learnMoreLink ? ` (${f.learnMoreLink})` : ''}`)];
}

/** --explain's rows: what each statement does to each kind of request; a cell off its intent says so. */
function matrixRows(doc: ScpPlanDocument): Record<string, string>[] {
  return (doc.matrix ?? []).map((m) => ({
    sid: m.sid,
    case: m.case,
    request: [m.action, ...Object.entries(m.request).map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : v}`)].join(' '),
    decision: `${m.decision === 'deny' ? 'DENIED' : 'allowed'}${m.decision === m.expected ? '' : ` (meant: ${m.expected})`}${m.why ? `: ${m.why}` : ''}`,
  }));
}

export function scpPlanModel(doc: ScpPlanDocument): OutputModel {
  const rows = doc.statements.map((s) => ({ id: s.id, sid: s.sid, status: s.status, policy: s.policy, reason: s.reason ?? s.correction }));
  const columns = [
    { key: 'id', header: 'Statement' },
    { key: 'sid', header: 'Sid' },
    { key: 'status', header: 'Status' },
    { key: 'policy', header: 'Policy' },
    { key: 'reason', header: 'Reason / correction' },
  ];
  const policiesText = (style: ChalkInstance | null) =>
    doc.policies
      .map((p) => {
        const head = `${p.name}: ${p.size}/${p.limit} characters, ${p.sids.length} statements, ${p.valid ? 'valid' : 'INVALID'}`;
        const problems = p.problems.map((x) => `  - ${x}`).join('\n');
        return [style ? style.bold(head) : head, problems, JSON.stringify(p.document, null, 2)].filter(Boolean).join('\n');
      })
      .join('\n\n');
  const notes = doc.statements.filter((s) => s.status === 'included' && s.note).map((s) => `${s.sid}: ${s.note}`);
  const checkedAgainst = `Checked against the service authorization reference of ${doc.reference.updatedAt.slice(0, 10)} (${doc.reference.source} ${doc.reference.version}).`;
  const attached = doc.attachedToTarget ? `Attached to ${doc.target} now: ${doc.attachedToTarget.map((a) => a.name).join(', ') || 'none'}` : '';
  return {
    schema: SCP_PLAN_SCHEMA_ID,
    document: doc,
    items: doc.changes,
    columns,
    rows,
    human: (style) => {
      const table = renderFlatTable({ columns, rows }, style).trimEnd();
      return [
        style.bold('SCP statements'),
        table,
        checkedAgainst,
        '',
        ...(notes.length ? [style.bold('Before you deploy'), ...notes.map((n) => `- ${n}`), ''] : []),
        ...(doc.matrix ? [style.bold('What each statement denies (IAM condition semantics)'), renderFlatTable({ columns: MATRIX_COLUMNS, rows: matrixRows(doc) }, style).trimEnd(), ''] : []),
        style.bold('Policies'),
        policiesText(style) || 'none (every statement was skipped)',
        '',
        style.bold(doc.target ? `Changes on ${doc.target}` : 'Changes'),
        ...(attached ? [attached] : []),
        changesText(doc),
        ...(doc.leftAlone?.length ? ['', style.bold('Left alone (not sm-ir\'s)'), ...doc.leftAlone.map((p) => `- ${p.name} (${p.id}): ${p.why}`)] : []),
        '',
        ...(doc.validation ? [style.bold('IAM Access Analyzer'), ...validationLines(doc), ''] : []),
      ].join('\n');
    },
    markdown: () =>
      [
        '## SCP statements',
        '',
        renderMarkdownTable({ columns, rows }),
        checkedAgainst,
        '',
        ...(notes.length ? ['## Before you deploy', '', ...notes.map((n) => `- ${n}`), ''] : []),
        ...(doc.matrix ? ['## What each statement denies', '', renderMarkdownTable({ columns: MATRIX_COLUMNS, rows: matrixRows(doc) })] : []),
        '## Policies',
        '',
        ...doc.policies.map((p) => `### ${p.name} (${p.size}/${p.limit} characters, ${p.valid ? 'valid' : 'invalid'})\n\n${p.problems.map((x) => `- ${x}\n`).join('')}${p.problems.length ? '\n' : ''}\`\`\`json\n${JSON.stringify(p.document, null, 2)}\n\`\`\`\n`),
        '## Changes',
        '',
        ...(attached ? [attached, ''] : []),
        changesText(doc),
        '',
        ...(doc.validation ? ['## IAM Access Analyzer', '', ...validationLines(doc), ''] : []),
      ].join('\n'),
  };
}

/** Why there is nothing to do: every rule exists, or this is a report, or the missing ones are where no recorder is. */
function configNoChangeText(doc: ConfigRulesDocument): string {
  const missing = doc.regions.reduce((n, r) => n + r.missing.length, 0);
  if (missing === 0) return 'No change: every rule exists.';
  const creatable = doc.regions.filter((r) => r.recorderName !== null).reduce((n, r) => n + r.missing.length, 0);
  if (doc.mode === 'report') {
    return `${missing} rule(s) missing${creatable ? `; --apply-config-rules creates the ${creatable} in regions with a configuration recorder` : ''}${creatable < missing ? `; ${missing - creatable} wait for a recorder` : ''}.`;
  }
  return `No change: the ${missing} missing rule(s) are in regions without a configuration recorder.`;
}

export function configRulesModel(doc: ConfigRulesDocument): OutputModel {
  const rows = doc.regions.flatMap((r) =>
    r.rules.map((x) => ({
      region: r.region,
      recorder: r.recorderName === null ? 'NONE' : r.recorderRunning ? 'recording' : 'STOPPED',
      rule: x.name,
      exists: x.existingName === null ? 'missing' : x.existingName === x.name ? 'yes' : `as ${x.existingName}`,
      compliance: x.compliance,
    })),
  );
  const columns = [
    { key: 'region', header: 'Region' },
    { key: 'recorder', header: 'Recorder' },
    { key: 'rule', header: 'Managed rule' },
    { key: 'exists', header: 'Exists' },
    { key: 'compliance', header: 'Compliance' },
  ];
  const changes = doc.changes.length ? doc.changes.map((c, i) => `${i + 1}. ${c.description}`).join('\n') : configNoChangeText(doc);
  return {
    schema: CONFIG_RULES_SCHEMA_ID,
    document: doc,
    items: rows,
    columns,
    rows,
    human: (style) => [style.bold('AWS Config managed rules'), renderFlatTable({ columns, rows }, style).trimEnd(), '', style.bold('Changes'), changes, ''].join('\n'),
    markdown: () => ['## AWS Config managed rules', '', renderMarkdownTable({ columns, rows }), '## Changes', '', changes, ''].join('\n'),
  };
}
