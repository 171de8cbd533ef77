/**
 * The actors' timelines (issue 16): a second pass for every event of the actors with a finding at medium or
 * above, from each kind of source (log files and S3 read again, LookupEvents by access key, one more query).
 */
import { ActivityCollector, type ActorActivity } from '../../core/activity.js';
import { principalKeyNeedles } from '../../core/classify/principal.js';
import type { Finding } from '../../core/finding.js';
import { inRegions, type RegionFilter } from '../../core/region-filter.js';
import { inWindow, type TimeWindow } from '../../core/time-window.js';
import type { Playbook } from '../../playbook/load.js';
import { atLeast } from '../../playbook/severity.js';
import { describeScan } from '../../sources/query/poll.js';
import type { RecordSource } from '../../sources/types.js';
import type { AwsContext } from '../options.js';
import type { DetectOptions } from './options.js';
import { MAX_ACTOR_LOOKUPS, type ActorAsked } from './actor-queries.js';

/** Whose timelines a second pass collects: the actors with a finding at medium or above (undefined: none). */
function timelinesOf(findings: Finding[]): { serious: Finding[]; actors: Set<string>; collector: ActivityCollector } | undefined {
  const serious = findings.filter((f) => atLeast(f.severity, 'medium'));
  const actors = new Set(serious.map((f) => f.principal.key));
  if (actors.size === 0) return undefined;
  const flagged = new Set(findings.flatMap((f) => [f.eventId, ...f.relatedEventIds]).filter((id): id is string => typeof id === 'string'));
  return { serious, actors, collector: new ActivityCollector(actors, flagged) };
}

/**
 * The second pass over local log files: every event of the actors with a finding at medium or above. The first
 * pass cannot keep them: the prefilter drops records no rule reads before they are parsed, and which
 * actors matter is known only at its end. This pass reads only the files the first noted as holding an actor's
 * records (all of them when it did not note, as with --no-prefilter), with its own prefilter (the actors' names,
 * so the timeline is the same with it on or off), only when there is such an actor, and keeps a bounded timeline per actor.
 */
export async function actorActivity(
  first: RecordSource,
  findings: Finding[],
  opts: DetectOptions,
  aws: AwsContext,
  pb: Playbook,
  window: TimeWindow,
  regions: RegionFilter | undefined,
  notes: string[],
): Promise<ActorActivity[] | undefined> {
  const who = timelinesOf(findings);
  if (!who || !opts.logs) return undefined;
  const { actors, collector } = who;
  // Where the first pass noted each principal's records, only those are read again. Else the files holding one
  // are scanned, skipping at the byte level the records of no such actor (records are parsed only when their
  // userIdentity may be an actor's); --no-prefilter parses every one, as checks compare.
  let again = first.recordsOf?.(actors);
  if (again === undefined) {
    const needles = principalKeyNeedles(actors);
    const files = first.filesHolding?.(actors) ?? opts.logs;
    if (files.length === 0) return collector.finish();
    again = (await import('./logs.js')).openLogs(files, opts.prefilter && needles ? { actorNeedles: needles } : 'none', aws, pb, window, regions);
  }
  for await (const record of again.records()) {
    if (inWindow(window, record.eventTime) && (!regions || inRegions(regions, record.awsRegion))) collector.add(record);
  }
  if (again.kind !== 'files') {
    notes.push(`activity: ${collector.actors.length} actor(s) with a finding at medium or above: their timelines read the S3 archive again (${again.stats.unitsRead} objects)`);
  }
  // Inputs the first pass could not read are reported already; only new failures (S3 answering differently) are news.
  const before = new Set(first.stats.errors.map((e) => e.input));
  const fresh = again.stats.errors.filter((e) => !before.has(e.input));
  if (fresh.length > 0) notes.push(`activity: ${fresh.length} input(s) could not be read again in full; the timelines may miss events from them`);
  return collector.finish();
}

/** What LookupEvents can ask for one actor: the access keys of its serious findings, and an IAM user's name. */
function askedOf(serious: Finding[], key: string): ActorAsked {
  const mine = serious.filter((f) => f.principal.key === key);
  const user = mine.find((f) => f.principal.type === 'IAMUser')?.principal.arn;
  const userName = user ? user.slice(user.lastIndexOf('/') + 1) : undefined;
  return { accessKeyIds: [...new Set(mine.flatMap((f) => (f.principal.accessKeyId ? [f.principal.accessKeyId] : [])))], ...(userName ? { userName } : {}) };
}

/**
 * The actors' timelines from LookupEvents: their access keys' and user names' events, in the regions read;
 * with --org, in each actor's own account (an access key id and a user name are only unique within one).
 */
export async function liveActivity(first: RecordSource, findings: Finding[], opts: DetectOptions, aws: AwsContext, window: TimeWindow, now: Date, notes: string[]): Promise<ActorActivity[] | undefined> {
  const who = timelinesOf(findings);
  if (!who) return undefined;
  const { serious, actors, collector } = who;
  const live = await import('./live.js');
  let lookups: Awaited<ReturnType<typeof import('./org.js').openOrgActorLookups>>;
  let where: string;
  if (opts.org) {
    const byAccount = new Map<string, ActorAsked[]>();
    for (const key of actors) {
      const account = serious.find((f) => f.principal.key === key)?.account;
      if (account) byAccount.set(account, [...(byAccount.get(account) ?? []), askedOf(serious, key)]);
    }
    lookups = await (await import('./org.js')).openOrgActorLookups(byAccount, opts, aws, window, now, MAX_ACTOR_LOOKUPS);
    where = `${byAccount.size} account(s)`;
  } else {
    lookups = live.openActorLookups([...actors].map((key) => askedOf(serious, key)), [...(first.inputs ?? [])], aws, window, now);
    where = `${(first.inputs ?? []).length} region(s)`;
  }
  if (!lookups) return collector.finish();
  for await (const record of lookups.source.records()) if (inWindow(window, record.eventTime)) collector.add(record);
  const calls = lookups.source.stats.unitsRead;
  notes.push(
    `activity: ${actors.size} actor(s) with a finding at medium or above: ${lookups.lookups} access key(s) and user name(s) looked up in ${where}, ${calls} LookupEvents call(s)` +
      (lookups.leftOut > 0 ? `; ${lookups.leftOut} more not looked up (at most ${lookups.lookups})` : ''),
  );
  for (const e of lookups.source.stats.errors) notes.push(`activity: ${e.input}: ${e.reason}; the timelines may miss its events`);
  return collector.finish();
}

/** The actors' timelines from Athena or CloudTrail Lake: one more query, for every event of the actors' ARNs. */
export async function queryActivity(opts: DetectOptions, findings: Finding[], aws: AwsContext, pb: Playbook, window: TimeWindow, notes: string[]): Promise<ActorActivity[] | undefined> {
  const who = timelinesOf(findings);
  if (!who) return undefined;
  const { serious, actors, collector } = who;
  const arns = [...new Set(serious.flatMap((f) => (f.principal.arn ? [f.principal.arn] : [])))];
  if (arns.length === 0) return collector.finish();
  const source = (await import('./query.js')).openQuerySource(opts, aws, pb, window, { arns, accessKeyIds: [] });
  for await (const record of source.records()) if (inWindow(window, record.eventTime)) collector.add(record);
  const scan = source.scan?.();
  notes.push(`activity: ${actors.size} actor(s) with a finding at medium or above: one more ${opts.source} query for their events${scan ? ` (${describeScan(scan)})` : ''}`);
  return collector.finish();
}
