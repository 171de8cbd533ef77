/**
 * detect's query sources: --source athena (the trail's S3 archive through Athena) and --source lake
 * (a CloudTrail Lake event data store). Flags are checked before any AWS call; the engine's progress
 * and, at the end, what it scanned and cost go to stderr.
 */
import { queryFilter } from '../../core/classify/index.js';
import type { TimeWindow } from '../../core/time-window.js';
import { UsageError } from '../../errors.js';
import type { Playbook } from '../../playbook/load.js';
import { progressOnStderr } from '../../output/terminal.js';
import { createAthenaSource } from '../../sources/athena/index.js';
import { createLakeSource, parseEventDataStore } from '../../sources/lake/index.js';
import { validateName, type ActorScope, type QueryScope } from '../../sources/query/sql.js';
import { homeRegions } from '../../sources/lookup-events/plan.js';
import { validateRegion } from '../../aws/clients.js';
import type { RecordSource } from '../../sources/types.js';
import type { AwsContext } from '../options.js';
import type { DetectOptions } from './options.js';
import { validateOutputLocation, validateWorkgroup } from '../athena-options.js';

export const QUERY_SOURCES = ['athena', 'lake'] as const;

const ACCOUNT = /^\d{12}$/;

/**
 * --accounts and --regions narrow a query to those accounts' and regions' events. Regions always
 * include the home region of global services (IAM is recorded in us-east-1), as the live source does.
 */
export function queryScope(opts: Pick<DetectOptions, 'accounts' | 'regions'>, pb: Pick<Playbook, 'sources'>): QueryScope {
  const list = (v: string | undefined): string[] => [...new Set((v ?? '').split(',').map((x) => x.trim()).filter((x) => x !== ''))];
  const accounts = list(opts.accounts);
  for (const a of accounts) if (!ACCOUNT.test(a)) throw new UsageError(`--accounts: '${a}' is not a 12-digit account id`);
  const requested = opts.regions?.trim() === 'all' ? [] : list(opts.regions).map((r) => validateRegion(r, '--regions'));
  const regions = requested.length > 0 ? [...new Set([...requested, ...Object.values(homeRegions(pb.sources.sources))])] : [];
  return { ...(accounts.length ? { accounts } : {}), ...(regions.length ? { regions } : {}) };
}

/** A bounded window: an unbounded scan of an organization's archive is a bill, not a query. */
function boundedWindow(window: TimeWindow, kind: string): { start: Date; end: Date } {
  if (window.start === null) {
    throw new UsageError(`--source ${kind} needs a start: --since all would scan the whole archive`, 'give --since 30d or an ISO-8601 time such as 2026-11-01');
  }
  return { start: window.start, end: window.end };
}

/** `actors`: every record of these principals instead of the records rules read (the actors' timelines). */
export function openQuerySource(opts: DetectOptions, ctx: AwsContext, pb: Playbook, window: TimeWindow, actors?: ActorScope): RecordSource {
  const kind = opts.source as (typeof QUERY_SOURCES)[number] | undefined;
  if (kind !== 'athena' && kind !== 'lake') {
    throw new UsageError(`${opts.athenaTable ? '--athena-table' : '--event-data-store'} goes with --source ${opts.athenaTable ? 'athena' : 'lake'}`);
  }
  if (opts.logs) throw new UsageError(`--logs and --source ${kind} are two different sources: give one`);
  if (opts.saveEvents) throw new UsageError('--save-events goes with the live source');
  const bounded = boundedWindow(window, kind);
  const progress = progressOnStderr();
  const onState = (state: string, id: string): void => progress.update(`${kind} query ${id}: ${state}`);
  const common = { aws: ctx.client, window: bounded, filter: queryFilter(pb), scope: queryScope(opts, pb), onState, ...(actors ? { actors } : {}) };
  if (kind === 'athena') {
    if (opts.eventDataStore) throw new UsageError('--event-data-store goes with --source lake');
    if (!opts.athenaTable) throw new UsageError('--source athena needs --athena-table', 'the CloudTrail table; create one with --athena-create-table');
    return createAthenaSource({
      ...common,
      region: ctx.region,
      table: validateName(opts.athenaTable, '--athena-table'),
      database: validateName(opts.athenaDatabase, '--athena-database'),
      ...(opts.athenaWorkgroup ? { workgroup: validateWorkgroup(opts.athenaWorkgroup) } : {}),
      ...(opts.athenaOutput ? { outputLocation: validateOutputLocation(opts.athenaOutput) } : {}),
    });
  }
  if (!opts.eventDataStore) throw new UsageError('--source lake needs --event-data-store ID|ARN');
  if (opts.athenaTable || opts.athenaOutput || opts.athenaWorkgroup) throw new UsageError('the --athena-* flags go with --source athena');
  const store = parseEventDataStore(opts.eventDataStore);
  return createLakeSource({ ...common, store, input: opts.eventDataStore, region: store.region ?? ctx.region });
}
