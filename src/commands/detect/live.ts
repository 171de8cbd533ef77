/**
 * detect's live source: CloudTrail LookupEvents over the requested regions (default: every region
 * enabled in the account), with per-region progress on a TTY and the optional --save-events copy.
 */
import { validateRegion } from '../../aws/clients.js';
import { UsageError } from '../../errors.js';
import type { TimeWindow } from '../../core/time-window.js';
import { watchedSources } from '../../core/classify/index.js';
import type { Playbook } from '../../playbook/load.js';
import { progressOnStderr } from '../../output/terminal.js';
import {
  checkRequestedRegions,
  createLookupEventsSource,
  discoverRegions,
  lookupWindow,
  type RegionProgress,
} from '../../sources/lookup-events/index.js';
import { savingSource } from '../../sources/save-events.js';
import type { RecordSource } from '../../sources/types.js';
import { awsOptionsFrom, resolveRegion } from '../options.js';
import type { DetectOptions } from './index.js';

/**
 * `--regions all` (or neither --regions nor --region): the account's enabled regions. `--regions a,b`:
 * those, checked against the enabled ones so a typo fails before any LookupEvents call. `--region r`
 * alone: r only (IAM events are still read in us-east-1, where they are recorded).
 */
export async function resolveRegions(opts: DetectOptions): Promise<string[]> {
  const home = resolveRegion(opts);
  const aws = awsOptionsFrom(opts);
  const requested = opts.regions?.trim();
  if (requested === undefined && opts.region) return [home];
  if (requested === undefined || requested === 'all') return discoverRegions(aws, home);
  const list = [...new Set(requested.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
  if (list.length === 0) throw new UsageError("--regions: give a comma-separated list of regions, or 'all'");
  for (const r of list) validateRegion(r, '--regions');
  checkRequestedRegions(list, await discoverRegions(aws, home));
  return list;
}

export async function openLiveSource(opts: DetectOptions, pb: Playbook, window: TimeWindow, now = new Date()): Promise<RecordSource> {
  if (opts.org) return (await import('./org.js')).openOrgSource(opts, pb, window, now);
  lookupWindow(window, now); // refuse a window beyond 90 days before any AWS call
  const regions = await resolveRegions(opts);
  const progress = progressOnStderr();
  const latest = new Map<string, RegionProgress>();
  const source = createLookupEventsSource({
    regions,
    eventSources: [...watchedSources(pb)],
    window,
    now,
    aws: awsOptionsFrom(opts),
    onProgress: (p) => {
      latest.set(p.region, p);
      const all = [...latest.values()];
      const done = all.filter((r) => r.state !== 'running').length;
      const sum = (k: 'pages' | 'events' | 'throttles'): number => all.reduce((n, r) => n + r[k], 0);
      progress.update(
        `LookupEvents: ${done}/${regions.length} regions done, ${sum('pages')} pages, ${sum('events')} events, ${sum('throttles')} throttled` +
          (p.state === 'running' ? `  (${p.region})` : ''),
      );
    },
  });
  const inputs = [...new Set(source.queries.map((q) => q.region))];
  if (!opts.saveEvents) return { kind: source.kind, stats: source.stats, inputs, records: () => source.records() };
  const dir = opts.saveEvents;
  const saving = savingSource(source, dir, (files) => {
    process.stderr.write(`sm-ir: saved ${files.length} CloudTrail log file(s) under ${dir} (read them again with --logs ${dir})\n`);
  });
  return { ...saving, inputs, records: () => saving.records() };
}
