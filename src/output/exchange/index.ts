/** The exchange formats of a detect report: OCSF Detection Findings and Security Hub (ASFF) import batches. */
import type { DetectReport } from '../../core/report.js';
import type { Playbook } from '../../playbook/load.js';
import { packageVersion } from '../../package-root.js';
import { renderAsff } from './asff.js';
import type { ExchangeContext, ExchangedFinding } from './common.js';
import { renderOcsf } from './ocsf.js';

export const EXCHANGE_FORMATS = ['ocsf', 'asff'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

/** The listed findings, then the suppressed ones (marked so): another tool decides what to show. */
export function exchangedFindings(report: DetectReport): ExchangedFinding[] {
  return [...report.findings.map((finding) => ({ finding })), ...report.suppressed.map((s) => ({ finding: s.finding, suppressed: { reason: s.reason, expires: s.expires } }))];
}

export function exchangeContext(report: DetectReport, playbook: Pick<Playbook, 'attack'>, version = packageVersion()): ExchangeContext {
  return { version, generatedAt: report.generatedAt, attack: playbook.attack };
}

export function renderExchange(report: DetectReport, format: ExchangeFormat, playbook: Pick<Playbook, 'attack'>): string {
  const ctx = exchangeContext(report, playbook);
  return format === 'ocsf' ? renderOcsf(exchangedFindings(report), ctx) : renderAsff(exchangedFindings(report), ctx);
}
