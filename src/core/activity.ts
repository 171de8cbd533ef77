/**
 * Everything an actor did: once a principal has a finding at medium or above, every one of its events
 * in the window (read-only, denied and unwatched services included) is its timeline, so "what else did
 * this actor do?" is answered from the report. Memory stays bounded: at most `cap` events per actor are
 * kept (the earliest ones win, whatever order records come in), the rest only counted.
 */
import { z } from 'zod';
import type { CloudTrailRecord } from './cloudtrail.js';
import { principalKey } from './classify/principal.js';

export const ActivityEventSchema = z.object({
  time: z.string(),
  region: z.string().nullable(),
  eventSource: z.string(),
  eventName: z.string(),
  errorCode: z.string().nullable(),
  readOnly: z.boolean().nullable(),
  sourceIp: z.string().nullable(),
  userAgent: z.string().nullable(),
  eventId: z.string().nullable(),
  /** A finding cites this event. */
  flagged: z.boolean(),
});
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

export const ActorActivitySchema = z.object({
  /** The principal key, as in findings' principal.key. */
  actor: z.string(),
  /** Events of the actor in the window, all of them counted. */
  total: z.number().int(),
  denied: z.number().int(),
  /** Events counted but not kept (past the cap): the timeline is the first `events.length`. */
  omitted: z.number().int(),
  events: z.array(ActivityEventSchema),
});
export type ActorActivity = z.infer<typeof ActorActivitySchema>;

// Some record versions leave readOnly out; LookupEvents' wrapper gives it as a string.
const readOnlyOf = (r: CloudTrailRecord): boolean | null => {
  const v: unknown = r.readOnly;
  return typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : null;
};

export class ActivityCollector {
  private readonly by = new Map<string, { total: number; denied: number; events: ActivityEvent[]; ids: Set<string> }>();

  constructor(
    actors: Iterable<string>,
    private readonly flagged: ReadonlySet<string>,
    private readonly cap = 5000,
  ) {
    for (const a of actors) this.by.set(a, { total: 0, denied: 0, events: [], ids: new Set() });
  }

  get actors(): string[] {
    return [...this.by.keys()];
  }

  add(r: CloudTrailRecord): void {
    const mine = this.by.get(principalKey(r));
    if (!mine) return;
    if (r.eventID) {
      if (mine.ids.has(r.eventID)) return; // the same event delivered twice
      if (mine.ids.size < this.cap * 2) mine.ids.add(r.eventID);
    }
    mine.total++;
    if (typeof r.errorCode === 'string' && r.errorCode !== '') mine.denied++;
    const e: ActivityEvent = {
      time: r.eventTime,
      region: r.awsRegion ?? null,
      eventSource: r.eventSource,
      eventName: r.eventName,
      errorCode: r.errorCode ?? null,
      readOnly: readOnlyOf(r),
      sourceIp: r.sourceIPAddress ?? null,
      userAgent: r.userAgent ?? null,
      eventId: r.eventID ?? null,
      flagged: r.eventID ? this.flagged.has(r.eventID) : false,
    };
    mine.events.push(e);
    // Keep the earliest `cap`: sort and trim once the buffer doubles, so memory stays within 2 x cap.
    if (mine.events.length >= this.cap * 2) mine.events = sortEvents(mine.events).slice(0, this.cap);
  }

  finish(): ActorActivity[] {
    return [...this.by.entries()]
      .filter(([, a]) => a.total > 0)
      .map(([actor, a]) => {
        const events = sortEvents(a.events).slice(0, this.cap);
        return { actor, total: a.total, denied: a.denied, omitted: a.total - events.length, events };
      });
  }
}

function sortEvents(es: ActivityEvent[]): ActivityEvent[] {
  return es.sort((x, y) => Date.parse(x.time) - Date.parse(y.time) || (x.eventId ?? '').localeCompare(y.eventId ?? ''));
}
