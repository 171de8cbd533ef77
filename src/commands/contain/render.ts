import type { ChalkInstance } from 'chalk';
import type { OutputModel } from '../../view/model.js';
import { renderFlatTable } from '../../output/render.js';
import { printableLine } from '../../view/printable.js';
import { CONTAIN_PLAN_SCHEMA_ID, CONTAIN_RESULT_SCHEMA_ID, type StepResult } from '../../core/contain/documents.js';
import type { Plan } from '../../core/contain/model.js';

const COLUMNS = [
  { key: 'n', header: '#' },
  { key: 'action', header: 'Action' },
  { key: 'target', header: 'Target' },
  { key: 'operation', header: 'API call' },
  { key: 'permission', header: 'IAM permission' },
  { key: 'expect', header: 'End state' },
  { key: 'state', header: 'State' },
];

export function planModel(plans: Plan[], caseDir: string | null): OutputModel {
  const steps = plans.flatMap((p) => p.steps.map((s) => ({ ...s, action: p.action })));
  const rows = steps.map((s, i) => ({ n: i + 1, action: s.action, target: s.target, operation: s.operation, permission: s.permission, expect: s.expect, state: s.state }));
  const kept = plans.flatMap((p) => p.kept);
  return {
    schema: CONTAIN_PLAN_SCHEMA_ID,
    document: { caseDir, plans },
    items: steps,
    columns: COLUMNS,
    rows,
    human: (style: ChalkInstance) => {
      const todo = rows.filter((r) => r.state === 'pending').length;
      const head = style.bold(`Plan: ${rows.length} step(s), ${todo} to apply, ${rows.length - todo} already done${plans[0] ? ` (region ${plans[0].region})` : ''}`);
      // A skipped proposal may carry a string from the findings as the attacker wrote it.
      const keptLines = kept.map((k) => printableLine(`  kept: ${k.target}: ${k.reason}`));
      const skippedLines = plans.flatMap((p) => p.skipped.map((k) => printableLine(`  skipped: ${p.action} ${k.target}: ${k.reason}`)));
      return [head, renderFlatTable({ columns: COLUMNS, rows }, style).trimEnd(), ...keptLines, ...skippedLines, ''].join('\n');
    },
  };
}

export function resultModel(plans: Plan[], results: StepResult[], caseDir: string): OutputModel {
  const rows = results.map((r) => ({ n: r.n, target: r.target, operation: r.operation, outcome: r.outcome, requestId: r.requestId }));
  const columns = [
    { key: 'n', header: '#' },
    { key: 'target', header: 'Target' },
    { key: 'operation', header: 'API call' },
    { key: 'outcome', header: 'Outcome' },
    { key: 'requestId', header: 'Request id' },
  ];
  return {
    schema: CONTAIN_RESULT_SCHEMA_ID,
    document: { caseDir, plans, results },
    items: results,
    columns,
    rows,
    human: (style) => `${renderFlatTable({ columns, rows }, style)}Evidence, plan and audit log: ${caseDir}\n`,
  };
}
