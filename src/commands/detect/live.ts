/**
 * detect's live source: CloudTrail LookupEvents over the requested regions (default: every region
 * enabled in the account), with per-region progress on a TTY and the optional --save-events copy.
 */
import type { TimeWindow } from '../../core/time-window.js';
import { watchedSources } from '../../core/classify/index.js';
import type { Playbook } from '../../playbook/load.js';
import { notice, progressOnStderr } from '../../output/terminal.js';
import {
  createLookupEventsSource,
  formatProgress,
  homeRegions,
  lookupWindow,
  planLookups,
  type RegionProgress,
} from '../../sources/lookup-events/index.js';
import { savingSource } from '../../sources/save-events.js';
import type { RecordSource } from '../../sources/types.js';
import { MAX_ACTOR_LOOKUPS, actorQueries, type ActorAsked } from './actor-queries.js';
import { refuseRegionWithRegions, type AwsContext } from '../options.js';
import type { DetectOptions } from './options.js';
import { resolveRegions } from './regions.js';
import { lookupEventsRate } from '../pacing.js';

const say = (line: string): void => notice(line);

/** On a TTY: one running total, and a line per region as it finishes (pages, events, throttles). */
function regionProgress(regions: number, label = ''): (p: Readonly<RegionProgress>) => void {
  const progress = progressOnStderr();
  const latest = new Map<string, RegionProgress>();
  return (p) => {
    latest.set(p.region, p);
    if (p.state !== 'running') progress.done(`${label}${formatProgress(p)}`);
    const all = [...latest.values()];
    const done = all.filter((r) => r.state !== 'running').length;
    const sum = (k: 'pages' | 'events' | 'throttles'): number => all.reduce((n, r) => n + r[k], 0);
    progress.update(`${label}LookupEvents: ${done}/${regions} regions done, ${sum('pages')} pages, ${sum('events')} events, ${sum('throttles')} throttled`);
  };
}

export async function openLiveSource(opts: DetectOptions, ctx: AwsContext, pb: Playbook, window: TimeWindow, now = new Date()): Promise<RecordSource> {
  refuseRegionWithRegions(ctx);
  if (opts.org) return (await import('./org.js')).openOrgSource(opts, ctx, pb, window, now);
  lookupWindow(window, now); // refuse a window beyond 90 days before any AWS call
  const rate = lookupEventsRate();
  const regions = await resolveRegions(ctx, say);
  const eventSources = [...watchedSources(pb)];
  const home = homeRegions(pb.sources.sources);
  const inputs = [...new Set(planLookups(regions, eventSources, home).map((q) => q.region))];
  const source = createLookupEventsSource({
    regions,
    eventSources,
    homeRegions: home,
    window,
    now,
    aws: ctx.client,
    ...(rate ? { requestsPerSecond: rate } : {}),
    onProgress: regionProgress(inputs.length),
  });
  const dir = opts.saveEvents;
  const fetched = dir
    ? savingSource(source, dir, (files) => say(`saved ${files.length} CloudTrail log file(s) under ${dir} (read them again with --logs ${dir})`))
    : source;
  return {
    kind: source.kind,
    stats: source.stats,
    inputs,
    async *records() {
      yield* fetched.records();
      // The findings exclude these regions: say so where a person looks, whatever the output format.
      for (const p of source.progress()) if (p.state === 'failed') say(`region ${p.region} not read: ${p.error ?? 'failed'}`);
    },
  };
}

/**
 * The actors' timelines from the live source: LookupEvents by each actor's access keys (and an IAM user's name),
 * in the regions the first pass read, paced like it. Returns the source, or undefined when there is nothing to ask.
 */
export function openActorLookups(
  actors: ActorAsked[],
  regions: string[],
  ctx: AwsContext,
  window: TimeWindow,
  now: Date,
): { source: RecordSource; lookups: number; leftOut: number } | undefined {
  const wanted = actorQueries(actors);
  if (wanted.length === 0 || regions.length === 0) return undefined;
  const rate = lookupEventsRate();
  const actorsAsked = wanted.slice(0, MAX_ACTOR_LOOKUPS);
  const source = createLookupEventsSource({
    regions,
    eventSources: [],
    actors: actorsAsked,
    window,
    now,
    aws: ctx.client,
    ...(rate ? { requestsPerSecond: rate } : {}),
    onProgress: regionProgress(regions.length, "actors' timelines: "),
  });
  return { source, lookups: actorsAsked.length, leftOut: wanted.length - actorsAsked.length };
}
