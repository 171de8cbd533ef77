/** What LookupEvents is asked for the actors' timelines (live and --org). */
import type { LookupQuery } from '../../sources/lookup-events/plan.js';

/** At most this many access keys and user names are looked up for the actors' timelines (each one query per region). */
export const MAX_ACTOR_LOOKUPS = 20;

/** One actor of a timeline as LookupEvents can ask for it: its access keys, and an IAM user's name. */
export interface ActorAsked {
  accessKeyIds: string[];
  userName?: string;
}

export type ActorQuery = NonNullable<LookupQuery['attribute']>;

/** The distinct LookupEvents attributes that find these actors' events, in order. */
export function actorQueries(actors: ActorAsked[]): ActorQuery[] {
  const all = actors.flatMap((a) => [
    ...a.accessKeyIds.map((k) => ({ key: 'AccessKeyId' as const, value: k })),
    ...(a.userName ? [{ key: 'Username' as const, value: a.userName }] : []),
  ]);
  return [...new Map(all.map((q) => [`${q.key}=${q.value}`, q])).values()];
}

