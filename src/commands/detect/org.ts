/**
 * detect's `--org --role-name NAME`: LookupEvents in every active account of the organization.
 * The caller's own account (normally the management account, where member roles such as
 * OrganizationAccountAccessRole do not exist) is read with the caller's credentials; every other
 * account through the role, assumed with session name sm-ir-detect.
 */
import { watchedSources } from '../../core/classify/index.js';
import type { TimeWindow } from '../../core/time-window.js';
import { UsageError } from '../../errors.js';
import { notice, progressOnStderr } from '../../output/terminal.js';
import type { Playbook } from '../../playbook/load.js';
import { lookupWindow } from '../../sources/lookup-events/index.js';
import { callerAccount, createOrgLookupSource, isValidRoleName, listActiveAccounts } from '../../sources/org/index.js';
import { savingSource } from '../../sources/save-events.js';
import type { RecordSource } from '../../sources/types.js';
import type { AwsContext } from '../options.js';
import type { DetectOptions } from './options.js';
import { resolveRegions } from './regions.js';
import { lookupEventsRate } from '../pacing.js';
import { actorQueries, type ActorAsked, type ActorQuery } from './actor-queries.js';

/** The --org flags, checked before any AWS call (commander refuses --org with --logs: command.ts). */
export function checkOrgOptions(opts: Pick<DetectOptions, 'org' | 'roleName'>): void {
  if (opts.roleName !== undefined && !opts.org) throw new UsageError('--role-name goes with --org');
  if (!opts.org) return;
  if (opts.roleName === undefined) throw new UsageError('--org needs --role-name: the role to assume in each member account', 'for example --role-name OrganizationAccountAccessRole');
  if (!isValidRoleName(opts.roleName)) throw new UsageError(`--role-name: '${opts.roleName}' is not an IAM role name`, 'letters, digits and +=,.@_- (up to 64), optionally after a path: incident-response/SmIrReader');
}

/** The first pass's regions for every account: an explicit list, the home region alone, or undefined (each account's enabled regions). */
async function orgRegions(ctx: AwsContext): Promise<string[] | undefined> {
  if (ctx.regions !== undefined && ctx.regions.trim() !== 'all') return resolveRegions(ctx);
  return ctx.regionGiven && ctx.regions === undefined ? [ctx.region] : undefined;
}

/**
 * The actors' timelines across the organization: in each account that holds an actor, LookupEvents by its
 * access keys and user names (the caller's own account with its credentials, the others through the role),
 * in the regions the first pass read. At most `max` attributes in all; the rest are counted.
 */
export async function openOrgActorLookups(
  byAccount: Map<string, ActorAsked[]>,
  opts: DetectOptions,
  ctx: AwsContext,
  window: TimeWindow,
  now: Date,
  max: number,
): Promise<{ source: RecordSource; lookups: number; leftOut: number } | undefined> {
  const actors: Record<string, ActorQuery[]> = {};
  let lookups = 0;
  let leftOut = 0;
  for (const [account, asked] of [...byAccount].sort(([a], [b]) => a.localeCompare(b))) {
    const wanted = actorQueries(asked);
    const kept = wanted.slice(0, Math.max(0, max - lookups));
    lookups += kept.length;
    leftOut += wanted.length - kept.length;
    if (kept.length > 0) actors[account] = kept;
  }
  if (lookups === 0) return undefined;
  const rate = lookupEventsRate();
  const [regions, caller] = await Promise.all([orgRegions(ctx), callerAccount(ctx.client, ctx.region)]);
  const source = createOrgLookupSource({
    accounts: Object.keys(actors),
    callerAccount: caller,
    roleName: opts.roleName as string,
    ...(regions ? { regions } : {}),
    home: ctx.region,
    eventSources: [],
    window,
    now,
    aws: ctx.client,
    actors,
    ...(rate ? { requestsPerSecond: rate } : {}),
  });
  return { source, lookups, leftOut };
}

export async function openOrgSource(opts: DetectOptions, ctx: AwsContext, pb: Playbook, window: TimeWindow, now = new Date()): Promise<RecordSource> {
  checkOrgOptions(opts);
  lookupWindow(window, now); // refuse a window beyond 90 days before any AWS call
  const rate = lookupEventsRate();
  const home = ctx.region;
  const aws = ctx.client;
  // An explicit list applies to every account; otherwise each account's own enabled regions.
  const regions = await orgRegions(ctx);
  const [caller, accounts] = await Promise.all([callerAccount(aws, home), listActiveAccounts(aws, home)]);
  const progress = progressOnStderr();
  let finished = 0;
  const source = createOrgLookupSource({
    accounts,
    callerAccount: caller,
    roleName: opts.roleName as string,
    ...(regions ? { regions } : {}),
    home,
    eventSources: [...watchedSources(pb)],
    window,
    now,
    aws,
    ...(rate ? { requestsPerSecond: rate } : {}),
    onAccount: (o) => {
      finished += 1;
      if (o.state === 'failed') notice(`account ${o.account} not read: ${o.error ?? 'see the report'}`);
      progress.update(`LookupEvents: ${finished}/${accounts.length} accounts done`);
    },
  });
  if (!opts.saveEvents) return source;
  const dir = opts.saveEvents;
  const saving = savingSource(source, dir, (files) => {
    notice(`saved ${files.length} CloudTrail log file(s) under ${dir} (read them again with --logs ${dir})`);
  });
  return { ...saving, inputs: source.inputs ?? [] };
}
