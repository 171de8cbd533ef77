/**
 * `posture --org`: the reports of the organization's accounts as one. An account that could not be
 * read (its role denied) is listed with why and makes the report partial, and every check says it
 * did not look there: a clean result over accounts not read is never "passed". Pure.
 */
import { severityRank } from '../../playbook/severity.js';
import { POSTURE_REPORT_SCHEMA_ID, type PostureReport } from './report.js';

export interface AccountPart {
  account: string;
  report: PostureReport | null;
  /** Why the account could not be read (report null). */
  error: string | null;
}

export function mergeAccountReports(parts: AccountPart[], generatedAt: Date): PostureReport {
  const read = parts.filter((p): p is AccountPart & { report: PostureReport } => p.report !== null);
  const failed = parts.filter((p) => p.report === null).map((p) => p.account);
  const order = new Map((read[0]?.report.checks ?? []).map((c, i) => [c.id, i]));
  const checks = (read[0]?.report.checks ?? []).map((c) => {
    const all = read.map((p) => ({ account: p.account, check: p.report.checks.find((x) => x.id === c.id) }));
    return {
      ...c,
      evaluated: all.reduce((n, a) => n + (a.check?.evaluated ?? 0), 0),
      failed: all.reduce((n, a) => n + (a.check?.failed ?? 0), 0),
      notReadIn: [...all.flatMap((a) => (a.check?.notReadIn ?? []).map((r) => `${a.account}/${r}`)), ...failed].sort(),
    };
  });
  const findings = read
    .flatMap((p) => p.report.findings)
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0) ||
        (a.account ?? '').localeCompare(b.account ?? '') ||
        a.region.localeCompare(b.region) ||
        a.resourceName.localeCompare(b.resourceName),
    );
  const resources: Record<string, number> = {};
  const byOperation: Record<string, number> = {};
  for (const p of read) {
    for (const [k, n] of Object.entries(p.report.resources)) resources[k] = (resources[k] ?? 0) + n;
    for (const [k, n] of Object.entries(p.report.calls.byOperation)) byOperation[k] = (byOperation[k] ?? 0) + n;
  }
  const sum = (f: (r: PostureReport) => number) => read.reduce((n, p) => n + f(p.report), 0);
  return {
    schema: POSTURE_REPORT_SCHEMA_ID,
    generatedAt: generatedAt.toISOString(),
    account: null,
    accounts: parts.map((p) => ({ account: p.account, state: p.report ? 'done' : 'failed', error: p.error })),
    regions: [...new Set(read.flatMap((p) => p.report.regions))].sort(),
    findings,
    checks,
    resources,
    errors: read.flatMap((p) => p.report.errors),
    calls: { total: sum((r) => r.calls.total), retries: sum((r) => r.calls.retries), throttled: sum((r) => r.calls.throttled), byOperation },
    partial: failed.length > 0 || read.some((p) => p.report.partial),
  };
}
