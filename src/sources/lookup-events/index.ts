/**
 * The live source: CloudTrail LookupEvents in each region, at the API's limits. One query per region
 * and watched event source, StartTime/EndTime always set, NextToken followed to the end, each region
 * paced under LookupEvents' 2 requests/s (retries included), regions in parallel. A region that fails
 * is reported in stats.errors while the others complete; when every region fails the error is thrown.
 */
import type { CloudTrailClient, Event } from '@aws-sdk/client-cloudtrail';
import { createClient, DEFAULT_MAX_ATTEMPTS, type AwsOptions } from '../../aws/clients.js';
import { awsErrorCode, explainAwsError } from '../../aws/errors.js';
import { pacedRetryStrategy } from '../../aws/retry.js';
import { asCloudTrailRecord, type CloudTrailRecord, type SkipReason } from '../../core/cloudtrail.js';
import type { TimeWindow } from '../../core/time-window.js';
import { countSkip, emptyStats, type RecordSource, type SourceStats } from '../types.js';
import { Pacer } from './pacer.js';
import { planLookups, type LookupQuery } from './plan.js';
import { lookupWindow } from './window.js';

export { checkRegions, checkRequestedRegions, discoverRegions } from './regions.js';
export { homeRegions, planLookups } from './plan.js';
export { lookupWindow, LOOKUP_RETENTION_DAYS } from './window.js';

/** LookupEvents allows 2 requests per second per account and region; stay clearly under it. */
export const DEFAULT_REQUESTS_PER_SECOND = 1.6;
const PAGE_SIZE = 50;
const IAM_ACTION = 'cloudtrail:LookupEvents';

export interface RegionProgress {
  region: string;
  pages: number;
  events: number;
  throttles: number;
  /** Retried attempts of any kind (throttling, 5xx, dropped connections). */
  retries: number;
  state: 'running' | 'done' | 'failed';
  error?: string;
}

export interface LookupEventsSourceOptions {
  regions: string[];
  /** Event sources to fetch, from the playbook data (e.g. sagemaker.amazonaws.com, iam.amazonaws.com). */
  eventSources: string[];
  /** Sources recorded in one region only, e.g. IAM in us-east-1 (homeRegions() of the playbook's sources). */
  homeRegions?: Readonly<Record<string, string>>;
  window: TimeWindow;
  aws?: AwsOptions;
  /** The clock the 90-day limit is checked against. */
  now?: Date;
  /** Calls per second per region, retries included. */
  requestsPerSecond?: number;
  onProgress?: (progress: Readonly<RegionProgress>) => void;
  /** Fetch these access keys' and user names' events in every region instead of the event sources' (actors' timelines). */
  actors?: NonNullable<LookupQuery['attribute']>[];
}

export interface LookupEventsSource extends RecordSource {
  /** The planned (region, event source) queries. */
  readonly queries: readonly LookupQuery[];
  progress(): RegionProgress[];
}

/** One line per region for the TTY progress display, e.g. "eu-west-1  7 pages  350 events  2 throttled". */
export function formatProgress(p: Readonly<RegionProgress>): string {
  const state = p.state === 'running' ? '' : p.state === 'done' ? '  done' : `  FAILED: ${p.error ?? 'see report'}`;
  return `${p.region.padEnd(15)} ${String(p.pages).padStart(4)} pages ${String(p.events).padStart(7)} events ${String(p.throttles).padStart(3)} throttled${state}`;
}

// AWS answers a region the account has not enabled as if the credentials were unknown.
const REJECTED_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure']);

function parseEvent(e: Event): CloudTrailRecord | SkipReason {
  if (!e.CloudTrailEvent) return 'not-a-cloudtrail-record';
  try {
    return asCloudTrailRecord(JSON.parse(e.CloudTrailEvent));
  } catch {
    return 'not-a-cloudtrail-record';
  }
}

const byTime = (a: CloudTrailRecord, b: CloudTrailRecord): number =>
  Date.parse(a.eventTime) - Date.parse(b.eventTime) || (a.eventID ?? '').localeCompare(b.eventID ?? '');

/**
 * Create the source. Throws UsageError at once when the window reaches past 90 days (before any call).
 * Records are yielded oldest first once every region has finished.
 */
export function createLookupEventsSource(options: LookupEventsSourceOptions): LookupEventsSource {
  const { start, end } = lookupWindow(options.window, options.now);
  const queries = options.actors
    ? options.regions.flatMap((region) => (options.actors ?? []).map((attribute) => ({ region, eventSource: '*', attribute })))
    : planLookups(options.regions, options.eventSources, options.homeRegions);
  const regions = [...new Set(queries.map((q) => q.region))];
  const intervalMs = Math.ceil(1000 / (options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND));
  const stats: SourceStats = emptyStats();
  const progress = new Map<string, RegionProgress>(
    regions.map((region) => [region, { region, pages: 0, events: 0, throttles: 0, retries: 0, state: 'running' }]),
  );
  const report = (p: RegionProgress): void => options.onProgress?.({ ...p });

  async function fetchRegion(region: string, seen: Map<string, CloudTrailRecord>): Promise<unknown> {
    const { LookupEventsCommand } = await import('../../aws/sdk/cloudtrail.js');
    const p = progress.get(region) as RegionProgress;
    const pacer = new Pacer(intervalMs);
    const client: CloudTrailClient = await createClient('cloudtrail', region, {
      ...options.aws,
      retryStrategy: pacedRetryStrategy({
        maxAttempts: options.aws?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        beforeRetry: () => pacer.take(),
        onRetry: (info) => {
          p.retries += 1;
          if (info.errorType === 'THROTTLING') p.throttles += 1;
          report(p);
        },
      }),
    });
    let failure: unknown;
    const fetchQuery = async (q: LookupQuery): Promise<void> => {
      let nextToken: string | undefined;
      do {
        await pacer.take();
        // Another source of this region failed meanwhile (denied, not enabled): so would this call.
        if (failure !== undefined) return;
        const out = await client.send(
          new LookupEventsCommand({
            LookupAttributes: [q.attribute ? { AttributeKey: q.attribute.key, AttributeValue: q.attribute.value } : { AttributeKey: 'EventSource', AttributeValue: q.eventSource }],
            StartTime: start,
            EndTime: end,
            MaxResults: PAGE_SIZE,
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        p.pages += 1;
        stats.unitsRead += 1;
        for (const e of out.Events ?? []) {
          const r = parseEvent(e);
          if (typeof r === 'string') {
            countSkip(stats, r);
            continue;
          }
          const id = r.eventID ?? e.EventId ?? `${r.eventTime}/${r.eventSource}/${r.eventName}/${r.requestID ?? ''}`;
          if (seen.has(id)) continue;
          seen.set(id, r);
          p.events += 1;
          stats.recordsRead += 1;
        }
        report(p);
        nextToken = out.NextToken;
      } while (nextToken);
    };
    await Promise.all(
      queries
        .filter((q) => q.region === region)
        .map((q) =>
          fetchQuery(q).catch((err: unknown) => {
            failure ??= err;
          }),
        ),
    );
    client.destroy();
    p.state = failure === undefined ? 'done' : 'failed';
    if (failure !== undefined) p.error = explainAwsError(failure, 'cloudtrail', 'LookupEvents', IAM_ACTION, region).message;
    report(p);
    return failure;
  }

  async function fetchAll(): Promise<CloudTrailRecord[]> {
    const seen = new Map<string, CloudTrailRecord>();
    const failures = await Promise.all(regions.map((r) => fetchRegion(r, seen)));
    const failed = regions.map((region, i) => ({ region, err: failures[i] })).filter((f) => f.err !== undefined);
    if (failed.length > 0 && failed.length === regions.length) {
      const { region, err } = failed[0] as { region: string; err: unknown };
      throw explainAwsError(err, 'cloudtrail', 'LookupEvents', IAM_ACTION, region);
    }
    for (const { region, err } of failed) {
      const e = explainAwsError(err, 'cloudtrail', 'LookupEvents', IAM_ACTION, region);
      const code = awsErrorCode(err);
      // Other regions accepted the same credentials, so the region itself is not enabled.
      const reason =
        code !== undefined && REJECTED_CREDENTIALS.has(code)
          ? `${region} is not enabled for this account (AWS does not accept the credentials there); enable it or leave it out of --regions`
          : `${e.message}${e.hint ? ` (${e.hint})` : ''}`;
      (progress.get(region) as RegionProgress).error = reason;
      stats.errors.push({ input: `lookup-events ${region}`, reason });
    }
    return [...seen.values()].sort(byTime);
  }

  return {
    kind: 'lookup-events',
    stats,
    queries,
    progress: () => [...progress.values()].map((p) => ({ ...p })),
    async *records() {
      yield* await fetchAll();
    },
  };
}
