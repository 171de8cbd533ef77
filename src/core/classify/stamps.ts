import type { CloudTrailRecord, UserIdentity } from '../cloudtrail.js';
import { eventKey, timeOf } from './rule.js';

/**
 * The few fields of one event that correlation rules keep until finish(): no request or
 * response bodies, and the caller's identity once per principal rather than once per event.
 */
export interface Stamp {
  t: number;
  key: string;
  eventID: string | undefined;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string | undefined;
  errorCode: string | undefined;
  sourceIPAddress: string | undefined;
  userAgent: string | undefined;
  recipientAccountId: string | undefined;
}

/** Where an event happened, as correlation rules key resources: `account/region` (a name is unique only there). */
export function placeOf(r: Pick<CloudTrailRecord, 'recipientAccountId' | 'awsRegion'>): string {
  return `${r.recipientAccountId ?? ''}/${r.awsRegion ?? ''}`;
}

export function stampOf(r: CloudTrailRecord): Stamp {
  return {
    t: timeOf(r),
    key: eventKey(r),
    eventID: r.eventID,
    eventTime: r.eventTime,
    eventSource: r.eventSource,
    eventName: r.eventName,
    awsRegion: r.awsRegion,
    errorCode: r.errorCode ?? undefined,
    sourceIPAddress: r.sourceIPAddress,
    userAgent: r.userAgent,
    recipientAccountId: r.recipientAccountId,
  };
}

/** Rebuild a body-less record from a stamp, to make a finding from it. */
export function recordOf(s: Stamp, identity: UserIdentity | undefined): CloudTrailRecord {
  const r: CloudTrailRecord = { eventTime: s.eventTime, eventSource: s.eventSource, eventName: s.eventName };
  if (identity) r.userIdentity = identity;
  if (s.eventID !== undefined) r.eventID = s.eventID;
  if (s.awsRegion !== undefined) r.awsRegion = s.awsRegion;
  if (s.errorCode !== undefined) r.errorCode = s.errorCode;
  if (s.sourceIPAddress !== undefined) r.sourceIPAddress = s.sourceIPAddress;
  if (s.userAgent !== undefined) r.userAgent = s.userAgent;
  if (s.recipientAccountId !== undefined) r.recipientAccountId = s.recipientAccountId;
  return r;
}

export const byTime = (a: Stamp, b: Stamp): number => a.t - b.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Bursts: scanning in time order, a window opened at an event that holds at least `threshold`
 * events within `windowMs` of it is one burst; scanning resumes after its last event.
 */
export function bursts(stamps: Stamp[], threshold: number, windowMs: number): Stamp[][] {
  const s = [...stamps].sort(byTime);
  const out: Stamp[][] = [];
  let i = 0;
  while (i < s.length) {
    let j = i;
    while (j + 1 < s.length && (s[j + 1] as Stamp).t - (s[i] as Stamp).t <= windowMs) j++;
    if (j - i + 1 >= threshold) {
      out.push(s.slice(i, j + 1));
      i = j + 1;
    } else {
      i++;
    }
  }
  return out;
}

/** Per-principal stamps plus one identity per principal. */
export class PrincipalStamps {
  private readonly stamps = new Map<string, Stamp[]>();
  private readonly identities = new Map<string, EarliestIdentity>();

  add(principalKey: string, r: CloudTrailRecord): void {
    let list = this.stamps.get(principalKey);
    if (!list) {
      list = [];
      this.stamps.set(principalKey, list);
      this.identities.set(principalKey, new EarliestIdentity());
    }
    const stamp = stampOf(r);
    list.push(stamp);
    this.identities.get(principalKey)?.offer(stamp, r.userIdentity);
  }

  *entries(): Generator<[string, Stamp[], UserIdentity | undefined]> {
    for (const [k, list] of this.stamps) yield [k, list, this.identities.get(k)?.identity];
  }
}

/** The identity of a principal's earliest event, so findings do not depend on the push order. */
export class EarliestIdentity {
  identity: UserIdentity | undefined;
  private first: Stamp | undefined;

  offer(stamp: Stamp, identity: UserIdentity | undefined): void {
    if (this.first === undefined || byTime(stamp, this.first) < 0) {
      this.first = stamp;
      this.identity = identity;
    }
  }
}
