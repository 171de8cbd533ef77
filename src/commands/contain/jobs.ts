/** What to contain: from the command line (one action) or proposed from detect's findings (several). */
import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { DetectReportSchema } from '../../core/report.js';
import type { ContainOptions } from '../../core/contain/model.js';
import { parseTarget, type JobType, type TargetKind } from '../../core/contain/names.js';
import { ACTION_IDS } from '../../core/contain/plan.js';
import { proposeFromFindings } from '../../core/contain/propose.js';

/** The kind of name each action takes, checked against AWS's pattern for it. */
const KIND: Record<string, TargetKind> = {
  'delete-endpoint': 'endpoint',
  'delete-endpoint-config': 'endpoint-config',
  'delete-model': 'model',
  'delete-domain': 'domain',
  'disable-root-access': 'notebook',
  'stop-notebook': 'notebook',
  'delete-notebook': 'notebook',
  'detach-lifecycle-config': 'notebook',
  'stop-job': 'job',
  'quarantine-role': 'role',
  'revoke-sessions': 'role',
};

/** The flags jobsFromArgs reads. */
export interface JobArgs {
  action?: string;
  targets: string[];
  withConfig: boolean;
  withModels: boolean;
  deleteHomeEfs: boolean;
  restart: boolean;
  delete: boolean;
  jobType?: JobType;
}

export interface Job {
  action: string;
  targets: { name: string; account: string | null }[];
  options: ContainOptions;
}

export function jobsFromArgs(opts: JobArgs, region: string): Job[] {
  if (!opts.action) throw new UsageError('contain needs an action, or --from-findings FILE', `actions: ${ACTION_IDS.join(', ')}`);
  const kind = KIND[opts.action];
  if (!kind) throw new UsageError(`unknown action '${opts.action}'`, `actions: ${ACTION_IDS.join(', ')}`);
  if (opts.targets.length === 0) throw new UsageError(`contain ${opts.action} needs at least one ${kind} name or ARN`);
  if (opts.action === 'stop-job' && !opts.jobType) throw new UsageError('stop-job needs --job-type', 'one of: training, processing, transform, tuning');
  const k: TargetKind = kind === 'job' && opts.jobType === 'tuning' ? 'tuning-job' : kind;
  const options: ContainOptions = {
    withConfig: opts.withConfig,
    withModels: opts.withModels,
    deleteHomeEfs: opts.deleteHomeEfs,
    noRestart: !opts.restart,
    deleteLifecycleConfig: opts.delete,
    ...(opts.jobType ? { jobType: opts.jobType } : {}),
  };
  return [{ action: opts.action, targets: opts.targets.map((t) => parseTarget(k, t, region, opts.jobType)), options }];
}

export function jobsFromFindings(file: string, region: string, stderr: NodeJS.WriteStream): Job[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
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
  const { proposals, elsewhere } = proposeFromFindings(parsed.data, region);
  for (const [r, n] of Object.entries(elsewhere)) stderr.write(`sm-ir: ${n} proposal(s) for region ${r} left out: run again with --region ${r}\n`);
  const jobs = new Map<string, Job>();
  for (const p of proposals) {
    const kind = KIND[p.action];
    if (!kind) continue;
    const key = `${p.action} ${p.options.jobType ?? ''}`;
    const job = jobs.get(key) ?? { action: p.action, targets: [], options: p.options };
    try {
      job.targets.push(parseTarget(kind === 'job' && p.options.jobType === 'tuning' ? 'tuning-job' : kind, p.target, region, p.options.jobType));
    } catch {
      continue; // a name the report got from a failed or malformed event: nothing to contain
    }
    jobs.set(key, job);
  }
  return [...jobs.values()];
}
