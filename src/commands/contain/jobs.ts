/** What to contain: from the command line (one action) or proposed from detect's findings (several). */
import { readUserFile, REPORT_MAX_BYTES } from '../user-files.js';
import { UsageError } from '../../errors.js';
import { DetectReportSchema } from '../../core/report.js';
import type { ContainOptions } from '../../core/contain/model.js';
import { parseAccessKeyId, parseTarget, type JobType, type ParsedTarget, type TargetKind } from '../../core/contain/names.js';
import { ACTION_IDS } from '../../core/contain/plan.js';
import { proposeFromFindings, type Proposal } from '../../core/contain/propose.js';
import { printableLine } from '../../view/printable.js';

/** The kind of name each action takes, checked against AWS's pattern for it. */
const KIND: Record<string, TargetKind> = {
  'delete-endpoint': 'endpoint',
  'delete-endpoint-config': 'endpoint-config',
  'delete-model': 'model',
  'rollback-endpoint': 'endpoint',
  'reject-model-package': 'model-package',
  'delete-domain': 'domain',
  'stop-user-apps': 'user-profile',
  'delete-user-profile': 'user-profile',
  'disable-root-access': 'notebook',
  'stop-notebook': 'notebook',
  'delete-notebook': 'notebook',
  'detach-lifecycle-config': 'notebook',
  'stop-job': 'job',
  'quarantine-role': 'role',
  'revoke-sessions': 'role',
  'deactivate-access-key': 'user',
  'quarantine-user': 'user',
};

/** The flags jobsFromArgs reads. */
export interface JobArgs {
  action?: string;
  targets: string[];
  withConfig: boolean;
  withModels: boolean;
  deleteHomeEfs: boolean;
  /** --restart / --no-restart; neither: the action's safe default. */
  restart?: boolean;
  delete: boolean;
  jobType?: JobType;
  accessKeyId?: string[];
  deleteLoginProfile?: boolean;
  space?: boolean;
  toConfig?: string;
}

export interface Job {
  action: string;
  targets: ParsedTarget[];
  options: ContainOptions;
  /** Proposals from findings that name no valid target, with why: listed in the plan, never dropped. */
  unparsed: { target: string; reason: string }[];
}

export function jobsFromArgs(opts: JobArgs, region: string): Job[] {
  if (!opts.action) throw new UsageError('contain needs an action, or --from-findings FILE', `actions: ${ACTION_IDS.join(', ')}`);
  const kind = KIND[opts.action];
  if (!kind) throw new UsageError(`unknown action '${opts.action}'`, `actions: ${ACTION_IDS.join(', ')}`);
  if (opts.targets.length === 0) throw new UsageError(`contain ${opts.action} needs at least one ${kind} name or ARN`);
  if (opts.action === 'stop-job' && !opts.jobType) throw new UsageError('stop-job needs --job-type', 'one of: training, processing, transform, tuning');
  const keyIds = opts.accessKeyId ?? [];
  if (keyIds.length > 0 && opts.action !== 'deactivate-access-key') throw new UsageError(`--access-key-id is for deactivate-access-key, not ${opts.action}`);
  if (opts.deleteLoginProfile && opts.action !== 'quarantine-user') throw new UsageError(`--delete-login-profile is for quarantine-user, not ${opts.action}`);
  if (opts.space && opts.action !== 'stop-user-apps') throw new UsageError(`--space is for stop-user-apps, not ${opts.action}`);
  if (opts.toConfig !== undefined && opts.action !== 'rollback-endpoint') throw new UsageError(`--to-config is for rollback-endpoint, not ${opts.action}`);
  if (opts.action === 'rollback-endpoint' && opts.toConfig === undefined) throw new UsageError('rollback-endpoint needs --to-config CONFIG', 'the known-good endpoint configuration to serve from');
  const k: TargetKind = kind === 'job' && opts.jobType === 'tuning' ? 'tuning-job' : opts.space ? 'space' : kind;
  const options: ContainOptions = {
    withConfig: opts.withConfig,
    withModels: opts.withModels,
    deleteHomeEfs: opts.deleteHomeEfs,
    ...(opts.restart === undefined ? {} : { noRestart: !opts.restart }),
    deleteLifecycleConfig: opts.delete,
    ...(opts.jobType ? { jobType: opts.jobType } : {}),
    ...(keyIds.length > 0 ? { accessKeyIds: [...new Set(keyIds.map(parseAccessKeyId))] } : {}),
    ...(opts.deleteLoginProfile ? { deleteLoginProfile: true } : {}),
    ...(opts.space ? { space: true } : {}),
    ...(opts.toConfig !== undefined ? { toConfig: parseTarget('endpoint-config', opts.toConfig, region).name } : {}),
  };
  return [{ action: opts.action, targets: opts.targets.map((t) => parseTarget(k, t, region, opts.jobType)), options, unparsed: [] }];
}

export function jobsFromFindings(file: string, region: string, stderr: NodeJS.WriteStream): Job[] {
  const text = readUserFile(file, '--from-findings', REPORT_MAX_BYTES, 'produce it with: sm-ir detect ... --output json > findings.json');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--from-findings: cannot read ${file} as JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = DetectReportSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new UsageError(
      `--from-findings: ${file} is not a detect report (${first ? `${first.path.join('.') || 'top level'}: ${first.message}` : 'invalid'})`,
      'produce it with: sm-ir detect ... --output json > findings.json',
    );
  }
  const { proposals, unresolved, elsewhere } = proposeFromFindings(parsed.data, region);
  for (const [r, n] of Object.entries(elsewhere)) stderr.write(`sm-ir: ${n} proposal(s) for region ${r} left out: run again with --region ${r}\n`);
  const jobs = new Map<string, Job>();
  // Each user's keys are their own job: --access-key-id names keys of that user only.
  const jobOf = (p: Pick<Proposal, 'action' | 'target' | 'options'>): Job => {
    const key = `${p.action} ${p.options.jobType ?? ''} ${p.options.accessKeyIds ? p.target : ''}`;
    const job = jobs.get(key) ?? { action: p.action, targets: [], options: p.options, unparsed: [] };
    jobs.set(key, job);
    return job;
  };
  const parsedProposals = proposals.map((p) => {
    const kind = KIND[p.action] as TargetKind;
    try {
      return { p, target: parseTarget(kind === 'job' && p.options.jobType === 'tuning' ? 'tuning-job' : kind, p.target, region, p.options.jobType), error: null };
    } catch (e) {
      return { p, target: null, error: `not a ${kind} name or ARN (${e instanceof Error ? e.message : String(e)})` };
    }
  });
  // Finding ids are `${ruleId}:${eventId}`: an event whose resource another finding already names for
  // the same action is covered (a cross-account finding names the foreign image, another the model).
  const event = (findingId: string) => findingId.slice(findingId.indexOf(':') + 1);
  const covered = new Set(parsedProposals.filter((x) => x.target).flatMap((x) => x.p.because.map((b) => `${x.p.action} ${event(b)}`)));
  const uncovered = (action: string, because: string[]) => because.filter((b) => !covered.has(`${action} ${event(b)}`));
  const leftOut = (job: Job, target: string, reason: string, because: string[]) => {
    job.unparsed.push({ target, reason: `${reason}; proposed by ${because.join(', ')}` });
    stderr.write(`sm-ir: proposal left out: ${job.action} ${printableLine(target)}: ${printableLine(reason)} (${because.join(', ')})\n`);
  };
  for (const { p, target, error } of parsedProposals) {
    if (target) jobOf(p).targets.push(target);
    else if (uncovered(p.action, p.because).length > 0) leftOut(jobOf(p), p.target, error ?? '', uncovered(p.action, p.because));
  }
  for (const u of unresolved) {
    if (uncovered(u.action, [u.because]).length === 0) continue;
    const job = [...jobs.values()].find((j) => j.action === u.action) ?? jobOf({ action: u.action, target: '', options: {} });
    leftOut(job, '(none)', 'the finding names no resource', [u.because]);
  }
  return [...jobs.values()];
}
