/**
 * Posture, pure: the playbook's checks (playbook/posture.json, with their code in checks/) run over what
 * the adapter read, into the one report model. No AWS here: tests build an Inventory by hand.
 */
import { PlaybookDataError } from '../../errors.js';
import type { Playbook } from '../../playbook/load.js';
import type { PostureCheckData, PostureResource } from '../../playbook/posture-schema.js';
import { severityRank, type Severity } from '../../playbook/severity.js';
import { ScriptIndicatorsSchema } from '../classify/script-analysis.js';
import { scriptKey, type CheckContext } from './checks/check.js';
import { CHECKS } from './checks/index.js';
import { countOf, type Inventory } from './inventory.js';
import { POSTURE_REPORT_SCHEMA_ID, type PostureFinding, type PostureReport } from './report.js';
import { createScriptJudge, type ScriptVerdict } from './scripts.js';

export interface CallStats {
  /** Requests sent, retries included. */
  total: number;
  retries: number;
  throttled: number;
  /** First attempts, by operation. */
  byOperation: Record<string, number>;
}

/** A check with what it inherits from its detect rule filled in. */
export interface ResolvedCheck extends PostureCheckData {
  severity: Severity;
  scenarios: string[];
}

/** The checks of the playbook, each with its code; data without code or code without data fails loudly. */
export function resolveChecks(pb: Playbook): ResolvedCheck[] {
  const ids = new Set(pb.posture.checks.map((c) => c.id));
  for (const id of Object.keys(CHECKS)) if (!ids.has(id)) throw new PlaybookDataError('posture.json', `check '${id}' has code (src/core/posture/checks) but no entry`);
  return pb.posture.checks.map((c) => {
    const code = CHECKS[c.id];
    if (!code) throw new PlaybookDataError('posture.json', `check '${c.id}' has no code in src/core/posture/checks`);
    if (code.resource !== c.resource) throw new PlaybookDataError('posture.json', `check '${c.id}' judges ${c.resource} in the data but ${code.resource} in its code`);
    const rule = c.detectRule === undefined ? undefined : pb.rules.rules.find((r) => r.id === c.detectRule);
    return { ...c, severity: (c.severity ?? rule?.severity) as Severity, scenarios: c.scenarios ?? [...(rule?.scenarios ?? [])] };
  });
}

/** The lifecycle rule's indicators, validated as the rule validates them. */
function indicatorData(pb: Playbook) {
  const ruleId = pb.posture.checks.find((c) => c.resource === 'notebook-lifecycle-config' && c.detectRule)?.detectRule;
  const rule = pb.rules.rules.find((r) => r.id === ruleId);
  const parsed = ScriptIndicatorsSchema.safeParse(rule?.params);
  if (!parsed.success) throw new PlaybookDataError('posture.json', `the script checks' detectRule '${ruleId}' has no indicators: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

/** What detect's cross-account rule trusts (its trustedAccounts and AWS's registries, playbook/aws-registries.json), and the account read. */
function trustedAccounts(pb: Playbook, inv: Inventory): Set<string> {
  const params = pb.rules.rules.find((r) => r.id === pb.posture.trustedAccountsRule)?.params as { trustedAccounts?: unknown } | undefined;
  const listed = Array.isArray(params?.trustedAccounts) ? params.trustedAccounts.filter((a): a is string => typeof a === 'string') : [];
  const aws = pb.awsRegistries.registries.flatMap((r) => Object.values(r.accounts));
  return new Set([...listed, ...aws, ...(inv.account ? [inv.account] : [])]);
}

function fixCommands(pb: Playbook, check: ResolvedCheck, resource: { region: string; name: string }, inv: Inventory): PostureFinding['fixes'] {
  return check.fixes.flatMap((f): PostureFinding['fixes'] => {
    if (f.by === 'prepare') {
      const optIn = pb.scps.statements.find((s) => s.id === f.guardrail)?.optIn === true;
      return [{ by: 'prepare' as const, id: f.guardrail, command: `sm-ir prepare --target <root|OU|account>${optIn ? ` --guardrails ${f.guardrail}` : ''}` }];
    }
    // A lifecycle configuration is contained through the notebooks that run it.
    const targets =
      check.resource === 'notebook-lifecycle-config'
        ? inv.notebookInstances.filter((nb) => nb.region === resource.region && nb.lifecycleConfigName === resource.name).map((nb) => nb.name)
        : [resource.name];
    // IAM roles are global: no --region.
    const where = resource.region === 'global' ? '' : ` --region ${resource.region}`;
    return targets.map((t) => ({ by: 'contain' as const, id: f.action, command: `sm-ir contain ${f.action} ${t}${where}` }));
  });
}

export function evaluatePosture(pb: Playbook, inv: Inventory, calls: CallStats, generatedAt: Date, iamPermissionsManagement: readonly string[]): PostureReport {
  const checks = resolveChecks(pb);
  const judge = createScriptJudge(indicatorData(pb), pb.posture.secretPatterns);
  const notebookScripts = new Map<string, ScriptVerdict>(inv.notebookLifecycleConfigs.map((lc) => [scriptKey(lc.region, lc.name), judge(lc.scripts)]));
  const studioScripts = new Map<string, ScriptVerdict>(inv.studioLifecycleConfigs.map((lc) => [lc.arn, judge(lc.scripts)]));
  const ctx: CheckContext = { inventory: inv, unsupportedPlatforms: pb.posture.unsupportedPlatforms, notebookScripts, studioScripts, trustedAccounts: trustedAccounts(pb, inv), iamPermissionsManagement };
  const findings: PostureFinding[] = [];
  const summary: PostureReport['checks'] = [];
  // A kind not listed in a region; for the kinds a check also reads, any resource of them not read there.
  const notRead = (kind: PostureResource, also: readonly PostureResource[]) =>
    [...new Set(inv.gaps.filter((g) => (g.resource === kind && g.name === undefined) || also.includes(g.resource)).map((g) => g.region))].sort();
  for (const check of checks) {
    const code = CHECKS[check.id]!;
    const judged = code.judge(inv, ctx);
    let failed = 0;
    for (const { resource: r, verdict } of judged) {
      if (!verdict) continue;
      failed++;
      findings.push({
        id: `${check.id}:${r.arn}`,
        checkId: check.id,
        title: check.title,
        severity: check.severity,
        scenarios: check.scenarios,
        resourceType: check.resource,
        resourceArn: r.arn,
        resourceName: r.name,
        account: inv.account,
        region: r.region,
        reason: verdict.reason,
        evidence: verdict.evidence,
        securityHub: check.securityHub,
        prowler: check.prowler,
        bestPractice: check.bestPractice ?? null,
        remediation: check.remediation,
        docs: check.docs ?? null,
        fixes: fixCommands(pb, check, r, inv),
      });
    }
    summary.push({
      id: check.id,
      title: check.title,
      severity: check.severity,
      resourceType: check.resource,
      securityHub: check.securityHub,
      prowler: check.prowler,
      evaluated: judged.length,
      failed,
      notReadIn: notRead(check.resource, code.alsoReads ?? []),
    });
  }
  const order = new Map(checks.map((c, i) => [c.id, i]));
  findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      (order.get(a.checkId) ?? 0) - (order.get(b.checkId) ?? 0) ||
      a.region.localeCompare(b.region) ||
      a.resourceName.localeCompare(b.resourceName),
  );
  const kinds = [...new Set(checks.map((c) => c.resource))];
  return {
    schema: POSTURE_REPORT_SCHEMA_ID,
    generatedAt: generatedAt.toISOString(),
    account: inv.account,
    accounts: null,
    regions: inv.regions,
    findings,
    checks: summary,
    resources: Object.fromEntries(kinds.map((k) => [k, countOf(inv, k)])),
    errors: inv.gaps.map((g) => ({
      resourceType: g.resource,
      account: inv.account,
      region: g.region,
      resourceName: g.name ?? null,
      operation: g.operation,
      permission: g.permission,
      code: g.code,
      message: g.message,
    })),
    calls,
    partial: inv.gaps.length > 0,
  };
}
