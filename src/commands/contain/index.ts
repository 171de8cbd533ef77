import { resolve } from 'node:path';
import { arnPartition } from '../../core/contain/names.js';
import { NotConfirmedError, UsageError } from '../../errors.js';
import { AuditLog } from '../../core/audit.js';
import { applyChange } from '../../core/change/engine.js';
import { carriedFrom, type Carried } from '../../core/contain/resume.js';
import { artifactsToPreserve, parsePreserveDestination, type ArtifactToPreserve } from '../../core/contain/artifacts.js';
import type { S3Location } from '../../core/s3-uri.js';
import { preserveArtifacts } from './artifacts.js';
import type { Interrupt } from '../../core/change/interrupt.js';
import { CallRecorder } from '../../core/change/recorder.js';
import { containSteps } from '../../core/contain/apply.js';
import { auditedCaller } from '../../core/contain/audited.js';
import { explainFailure, type AwsCaller } from '../../core/contain/caller.js';
import { Gatherer } from '../../core/contain/gather.js';
import type { Plan } from '../../core/contain/model.js';
import { buildPlan, type PlanInput } from '../../core/contain/plan.js';
import { loadPlaybookFile } from '../../playbook/load.js';
import type { ContainmentData } from '../../playbook/schema.js';
import type { OutputFormat } from '../../output/formats.js';
import { render } from '../../output/render.js';
import { chalkFor, progressOnStderr } from '../../output/terminal.js';
import { resolveAwsContext, type AwsCliOptions } from '../options.js';
import { CaseDir } from '../case-dir.js';
import { lockCase } from '../case-lock.js';
import { defaultCaseDir, earlierRunsPlans, recordArtifacts, savedPlans, writeCase } from './case.js';
import { jobsFromArgs, jobsFromFindings, type Job, type JobArgs } from './jobs.js';
import { planModel, resultModel } from './render.js';
import { sdkCaller } from './sdk-caller.js';

export interface ContainCliOptions extends AwsCliOptions, JobArgs {
  fromFindings?: string;
  yes: boolean;
  dryRun: boolean;
  case?: string;
  timeout: string;
  poll?: string;
  output: OutputFormat;
  allowSelf?: boolean;
  preserveArtifacts?: string;
}

/** What tests swap: the AWS door, the streams and the clock of the waits. */
export interface ContainDeps {
  caller?: AwsCaller;
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  stderr?: NodeJS.WriteStream;
  now?: () => Date;
  /** Registers the Ctrl-C handler; returns the "was interrupted" check and a remover. */
  onInterrupt?: () => Interrupt;
}

/** A positive number from a flag, or a usage error naming it. */
function positive(flag: string, value: string, unit: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: '${value}' is not a positive number of ${unit}`);
  return n;
}

export async function run(opts: ContainCliOptions, deps: ContainDeps = {}): Promise<number> {
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  const stdin = deps.stdin ?? process.stdin;
  const now = deps.now ?? (() => new Date());
  const aws = await resolveAwsContext(opts);
  const region = aws.region;
  const timeoutMs = positive('--timeout', opts.timeout, 'minutes') * 60_000;
  const pollMs = positive('--poll', opts.poll ?? '5', 'seconds') * 1000;
  if (opts.fromFindings && opts.action) throw new UsageError('give either an action with targets or --from-findings, not both');
  // --from-findings never deletes a password on its own say: that is the responder's call, per user.
  if (opts.fromFindings && opts.deleteLoginProfile) throw new UsageError('--delete-login-profile is for quarantine-user USER, not --from-findings', 'run sm-ir contain quarantine-user USER --delete-login-profile for the user whose password to delete');
  if (opts.fromFindings && opts.space) throw new UsageError('--space is for stop-user-apps DOMAIN/SPACE, not --from-findings');
  const preserveTo = opts.preserveArtifacts === undefined ? null : parsePreserveDestination(opts.preserveArtifacts);
  if (preserveTo && opts.action && !PRESERVES.includes(opts.action)) throw new UsageError(`--preserve-artifacts is for ${PRESERVES.join(', ')} (and --from-findings), not ${opts.action}`, 'those are the actions that remove what points at model data or job output');
  if (opts.fromFindings && opts.toConfig !== undefined) throw new UsageError('--to-config is for rollback-endpoint NAME, not --from-findings', 'findings cannot say which configuration is known-good: run sm-ir contain rollback-endpoint NAME --to-config CONFIG');

  // 1. Everything that can be checked without AWS is checked first, the means to confirm included:
  // without --yes and without a TTY there is no one to ask, so not even a read is made.
  const jobs = opts.fromFindings ? jobsFromFindings(opts.fromFindings, region, stderr) : jobsFromArgs(opts, region);
  if (!opts.dryRun && !opts.yes && !stdin.isTTY) {
    throw new NotConfirmedError('refusing to change AWS without confirmation: no TTY to ask on and no --yes; nothing was read or changed');
  }
  const data = loadPlaybookFile('containment');
  const command = opts.fromFindings ? 'contain --from-findings' : `contain ${opts.action}`;
  // The case is checked (no link, nothing planted) and locked before any call; a dry run creates nothing.
  const casePath = resolve(opts.case ?? defaultCaseDir(now()));
  const caseDir = opts.dryRun ? CaseDir.inspect(casePath) : CaseDir.open(casePath);
  const lock = opts.dryRun || caseDir === null ? null : lockCase(caseDir, command, (line) => stderr.write(line), now);
  try {
    // Under the lock: a run holding the case may be between its evidence folder and its manifest.
    refuseForeignCase(caseDir);
    return await containIn(caseDir, casePath, { opts, deps, data, jobs, command, region, aws, timeoutMs, pollMs, stdout, stderr, stdin, now, preserveTo });
  } finally {
    lock?.release();
    caseDir?.removeIfUnused();
  }
}

/**
 * A case sm-ir made has its manifest before anything else of contain's (the evidence and manifest are
 * written before the audit log opens): an audit log or evidence without one was put there by someone
 * else. A folder holding only other things (analyze's analysis.json) is fine.
 */
function refuseForeignCase(dir: CaseDir | null): void {
  if (dir === null || dir.exists('manifest.json')) return;
  const found = ['audit.jsonl', 'evidence'].filter((f) => dir.exists(f));
  if (found.length) {
    throw new UsageError(`${dir.path} holds ${found.join(' and ')} but no manifest.json: it is not a case directory sm-ir made; nothing was read or changed`, 'use another --case directory');
  }
}

interface ContainRun {
  opts: ContainCliOptions;
  deps: ContainDeps;
  data: ContainmentData;
  jobs: Job[];
  command: string;
  region: string;
  aws: Awaited<ReturnType<typeof resolveAwsContext>>;
  timeoutMs: number;
  pollMs: number;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  now: () => Date;
  /** --preserve-artifacts: where model data and job output are copied before any change. */
  preserveTo: S3Location | null;
}

/** Read, plan, confirm, keep the evidence, apply: the case directory is checked and this run's alone (null on a dry run without one). */
async function containIn(caseDir: CaseDir | null, casePath: string, r: ContainRun): Promise<number> {
  const { opts, deps, data, jobs, command, region, aws, timeoutMs, pollMs, stdout, stderr, stdin, now, preserveTo } = r;
  // A saved plan is checked before any call: a planted one must not steer even a read.
  const saved = savedPlans(caseDir, data);
  const recorder = new CallRecorder(command, region, now);
  const caller = auditedCaller(deps.caller ?? sdkCaller(region, aws.client), recorder);

  let identity: { account: string; arn: string; userId: string };
  try {
    const id = (await caller.call('sts', 'GetCallerIdentity', {})).output;
    identity = { account: String(id.Account ?? ''), arn: String(id.Arn ?? ''), userId: String(id.UserId ?? '') };
  } catch (e) {
    throw explainFailure(e, 'sts:GetCallerIdentity', region);
  }
  const callerPartition = arnPartition(identity.arn);
  for (const t of jobs.flatMap((j) => j.targets)) {
    if (t.partition && callerPartition && t.partition !== callerPartition) {
      throw new UsageError(`${t.name} is in partition ${t.partition}, but the credentials are for partition ${callerPartition}`, 'use credentials (--profile) of the partition that holds it');
    }
    if (t.account && t.account !== identity.account) {
      throw new UsageError(`${t.name} is in account ${t.account}, but the credentials are for account ${identity.account}`, 'use credentials (--profile) of the account that owns it');
    }
  }
  if (!opts.allowSelf) refuseSelf(jobs, identity.arn);

  // 2. Read the state (kept as evidence), then plan. The plan is always derived here, never read: a
  // saved plan of the same command (a run interrupted since) carries only what the state no longer
  // shows (its revoke time, the notebooks it stopped, a lifecycle configuration it detached).
  const asked = jobsKey(jobs.map((j) => ({ ...j, region, targets: j.targets.map((t) => t.name) })));
  const carried = saved !== null && jobsKey(saved) === asked ? carriedFrom(saved, now(), caseDir?.file('plan.json') ?? 'plan.json') : null;
  const gatherer = new Gatherer(caller, region, identity.account);
  for (const j of jobs) await gatherer.forAction(j.action, j.targets.map((t) => t.name), j.options, carried);
  const plans = planAll(jobs, { region, account: identity.account, deletedEarlier: deletedBy(earlierRunsPlans(caseDir)), carried }, gatherer, data, carried?.createdAt ?? now().toISOString(), opts.fromFindings !== undefined);
  const style = chalkFor(stdout);
  const empty = plans.every((p) => p.steps.length === 0);
  const run = now().toISOString().replace(/[:.]/g, '-');
  const toPreserve = preserveTo ? artifactsToPreserve(plans, gatherer.inventory) : [];
  if (preserveTo && !empty) stderr.write(`${preserveLines(toPreserve, preserveTo, run)}\n`);
  if (opts.dryRun || empty) {
    stdout.write(render(planModel(plans, null), opts.output, style));
    if (empty) stderr.write('sm-ir: nothing to contain\n');
    return 0;
  }
  stderr.write(render(planModel(plans, casePath), 'table', chalkFor(stderr)));
  if (carried) stderr.write(`${resumedLine(casePath, carried)}\n`);

  // 3. Confirm, 4. keep the evidence, 5. apply with the audit log: the change engine.
  if (caseDir === null) throw new Error('contain: a run that changes AWS has its case directory open');
  const kept = caseDir;
  const pending = plans.flatMap((p) => p.steps).filter((s) => s.state === 'pending').length;
  const progress = progressOnStderr(stderr);
  let applying = false;
  let log: AuditLog | null = null;
  try {
    const results = await applyChange({
      ...containSteps(plans, {
        caller,
        audit: recorder,
        region,
        pollMs,
        timeoutMs,
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        progress: (line) => progress.update(line),
      }),
      question: `Apply ${pending} change(s) in ${region} (account ${identity.account})?`,
      yes: opts.yes,
      input: stdin,
      output: stderr,
      recorder,
      keepEvidence: async () => {
        const manifest = writeCase(kept, run, gatherer.evidence, plans, identity, region);
        // The artifacts in use now, copied before the first change (a failed copy stops the run here).
        if (preserveTo && toPreserve.length) recordArtifacts(kept, manifest, await preserveArtifacts(caller, toPreserve, preserveTo, run, region));
      },
      openAudit: () => {
        applying = true;
        const opened = new AuditLog(kept.file('audit.jsonl'));
        log = opened;
        // A change an earlier run sent and never heard back about (killed): settled before this run's own lines.
        opened.settleUnanswered(now);
        return (e) => opened.append(e);
      },
      ...(deps.onInterrupt ? { onInterrupt: deps.onInterrupt } : {}),
      progress: (line) => progress.update(line),
    });
    progress.done();
    stdout.write(render(resultModel(plans, results, casePath), opts.output, style));
    return 0;
  } catch (e) {
    progress.done();
    if (applying) stderr.write(`Evidence and audit log: ${casePath}\n`);
    throw e;
  } finally {
    (log as AuditLog | null)?.close();
  }
}

/**
 * One plan per job, in order; an endpoint deleted by an earlier plan no longer protects its config and
 * models, and a notebook detached from its lifecycle configuration by an earlier plan may restart.
 */
function planAll(jobs: Job[], where: Pick<PlanInput, 'region' | 'account' | 'deletedEarlier'> & { carried: Carried | null }, gatherer: Gatherer, data: ContainmentData, now: string, bestEffort: boolean): Plan[] {
  const { carried, ...at } = where;
  const endpointsDeletedBefore: string[] = [];
  const lifecycleDetachedBefore: string[] = [];
  return jobs.map((j) => {
    const targets = j.targets.map((t) => t.name);
    const plan = buildPlan({
      action: j.action, ...at, targets, options: j.options, inventory: gatherer.inventory, data, now, bestEffort,
      ...(carried ? { stoppedEarlier: carried.stoppedEarlier, detachedLifecycleConfigs: carried.detachedLifecycleConfigs, deletedEndpoints: carried.deletedEndpoints } : {}),
      endpointsDeletedBefore: [...endpointsDeletedBefore], lifecycleDetachedBefore: [...lifecycleDetachedBefore],
    });
    if (j.action === 'delete-endpoint') endpointsDeletedBefore.push(...targets);
    if (j.action === 'detach-lifecycle-config') lifecycleDetachedBefore.push(...targets);
    return { ...plan, skipped: [...j.unparsed, ...plan.skipped] };
  });
}

/** The IAM actions that would lock out the principal running contain, and what they target. */
const SELF: Record<string, 'role' | 'user'> = { 'quarantine-role': 'role', 'revoke-sessions': 'role', 'deactivate-access-key': 'user', 'quarantine-user': 'user' };

/**
 * Containing the credentials contain runs with would cut it off halfway (and lock the responder
 * out): refused unless --allow-self. The caller is a user (…:user/path/NAME) or a role session
 * (…:assumed-role/NAME/session); role and user names are unique in an account.
 */
function refuseSelf(jobs: Job[], callerArn: string): void {
  const m = /^arn:aws[a-z-]*:(?:iam::\d{12}:user\/(?:.*\/)?([^/]+)|sts::\d{12}:assumed-role\/([^/]+)\/.+)$/.exec(callerArn);
  const self = m?.[1] ? { kind: 'user', name: m[1] } : m?.[2] ? { kind: 'role', name: m[2] } : null;
  if (!self) return;
  for (const j of jobs) {
    if (SELF[j.action] === self.kind && j.targets.some((t) => t.name === self.name)) {
      throw new UsageError(
        `refusing to ${j.action} ${self.kind} ${self.name}: it is the ${self.kind} sm-ir is running as (${callerArn}); nothing was changed`,
        'run contain with other credentials (--profile), or pass --allow-self if locking yourself out is intended',
      );
    }
  }
}

/** The actions that remove what points at model data or job output. */
const PRESERVES = ['delete-endpoint', 'delete-model', 'stop-job', 'rollback-endpoint'];

/** The copies --preserve-artifacts will make, shown with the plan, before any change. */
function preserveLines(list: ArtifactToPreserve[], dest: S3Location, run: string): string {
  if (list.length === 0) return 'sm-ir: --preserve-artifacts: the plan touches no model data or job output in S3; nothing to copy';
  const at = `s3://${dest.bucket}/${dest.key}${run}/`;
  return [`Before any change, ${list.length} artifact(s) are copied (server-side, version pinned, SHA-256) to ${at}:`, ...list.map((a) => `  ${a.source}  (${a.because})`)].join('\n');
}

/** What a resumed run says it took over from the saved plan. */
function resumedLine(casePath: string, c: Carried): string {
  const facts = [`planning time ${c.createdAt}`];
  if (c.stoppedEarlier.length) facts.push(`stopped for the update: ${c.stoppedEarlier.join(', ')}`);
  const detached = Object.entries(c.detachedLifecycleConfigs).map(([nb, lcc]) => `${lcc} (from ${nb})`);
  if (detached.length) facts.push(`lifecycle configuration detached: ${detached.join(', ')}`);
  const deleted = Object.entries(c.deletedEndpoints).filter(([, d]) => d.config !== null || d.models.length > 0).map(([ep, d]) => `${ep} (${[d.config, ...d.models].filter(Boolean).join(', ')})`);
  if (deleted.length) facts.push(`endpoints deleted with: ${deleted.join(', ')}`);
  return `Resuming the run saved in ${casePath}: plan derived from the current state; carried over: ${facts.join('; ')}`;
}

/** The targets the plans of earlier runs in this case directory delete: sm-ir removed them itself. */
function deletedBy(earlier: Plan[]): string[] {
  return earlier.flatMap((p) => p.steps).filter((s) => s.operation.startsWith('Delete')).map((s) => s.target);
}

/** What a run was asked to do: the same key means the same command, so its saved plan is resumed. */
function jobsKey(plans: Pick<Plan, 'action' | 'region' | 'targets' | 'options'>[]): string {
  return JSON.stringify(plans.map((p) => [p.action, p.region, [...p.targets].sort(), p.options]));
}
