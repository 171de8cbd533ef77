/**
 * The byte-level prefilter (issue 7): decides, from a record's top-level members as the scanner saw
 * them in the raw bytes, that the record would be skipped anyway, so it is never decoded nor
 * JSON.parse'd. It only ever decides a skip that the full path (asCloudTrailRecord, then detect's
 * window and watched-source checks) would decide too, and counts it under the same reason; whenever
 * in doubt it says "parse it". test/perf/equivalence.test.ts checks findings and counts match.
 */
import type { SkipReason } from '../../core/cloudtrail.js';
import type { QueryFilter } from '../../core/classify/interest.js';
import type { TimeWindow } from '../../core/time-window.js';
import type { RegionFilter } from '../../core/region-filter.js';
import type { FilePrincipals } from './principals.js';
import type { ValuePlace } from './values.js';
import { PlaceCounts } from '../../core/coverage.js';

/** What a record's top-level member holds, as far as raw bytes tell. */
export const MemberType = {
  Absent: 0,
  /** A string of ASCII without escapes: its bytes are its value. */
  PlainString: 1,
  /** A string with escapes or non-ASCII bytes: a string, but its value is not read from bytes. */
  OtherString: 2,
  Object: 3,
  /** An array, number, true, false or null. */
  Other: 4,
} as const;
export type MemberType = (typeof MemberType)[keyof typeof MemberType];

/** The scanner's view of one record's top-level members, valid only during RecordPrefilter.judge. */
export interface MemberView {
  type(k: number): MemberType;
  /** The value of a PlainString member. */
  string(k: number): string;
  /** Whether a PlainString member's bytes are these (no string made). */
  equals(k: number, bytes: Uint8Array): boolean;
  /** Whether an Object member's raw bytes (between its braces, escapes unread) contain these. */
  includes(k: number, bytes: Uint8Array): boolean;
  /** A string or Object member's raw bytes, between its quotes or braces: a view, valid only during judge. */
  bytes(k: number): Buffer;
  /** Where the record is in the decompressed text. */
  readonly place: ValuePlace;
}

export interface RecordPrefilter {
  /** Top-level member names the scanner reports, by index (written without escapes in the file). */
  readonly names: readonly string[];
  /** The skip reason the full path would give this record, or undefined to parse it. */
  judge(view: MemberView): SkipReason | undefined;
  /** First and last eventTime (epoch ms) of the records it skipped, so the report's span covers them too. */
  readonly span: TimeSpan;
  /** Detect's pass: the records it skipped per region and account, for the report's coverage (taken and cleared by the reader). */
  readonly places?: PlaceCounts;
}

/** First and last eventTime seen, epoch ms (Infinity, -Infinity while nothing was seen). */
export interface TimeSpan {
  first: number;
  last: number;
}

export function emptySpan(): TimeSpan {
  return { first: Infinity, last: -Infinity };
}

export function widenSpan(span: TimeSpan, first: number, last: number = first): void {
  if (first < span.first) span.first = first;
  if (last > span.last) span.last = last;
}

const NAMES = ['eventTime', 'eventSource', 'eventName', 'userIdentity', 'eventCategory', 'insightDetails', 'errorCode', 'awsRegion', 'recipientAccountId'] as const;
const [TIME, SOURCE, NAME, IDENTITY, CATEGORY, INSIGHT, ERROR, REGION, ACCOUNT] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/**
 * What the prefilter needs, as plain data so worker threads get it too: detect's window (epoch ms,
 * start null for "all") and what the rules read (QueryFilter: per watched source every event name or
 * some, and the error codes of failed calls read from any source).
 */
export interface RulesPrefilterSpec {
  interest: QueryFilter;
  window: { start: number | null; end: number };
  /** --regions with --logs: records of other regions are skipped after the window's. */
  regions?: RegionFilter;
}

/**
 * detect's second pass (the actors' timelines): skip records whose userIdentity cannot belong to any
 * of the actors. `actorNeedles` are texts every such record's userIdentity holds literally (see
 * principalKeyNeedles in core/classify/principal.ts); plain data, so worker threads get it too.
 */
export interface ActorPrefilterSpec {
  actorNeedles: string[];
}

/** What a prefilter needs: the rules' interest (detect's pass) or the actors (the timelines' pass). */
export type PrefilterSpec = RulesPrefilterSpec | ActorPrefilterSpec;

export function prefilterSpec(interest: QueryFilter, window: TimeWindow, regions?: RegionFilter): RulesPrefilterSpec {
  return { interest, window: { start: window.start?.getTime() ?? null, end: window.end.getTime() }, ...(regions ? { regions } : {}) };
}

/**
 * The prefilter for one pass: detect's rules, or the actors' timelines. With `principals`, detect's
 * notes the principal of each record it skips (the parsed ones are noted where they are parsed).
 */
export function createPrefilter(spec: PrefilterSpec, principals?: FilePrincipals): RecordPrefilter {
  if ('actorNeedles' in spec) return actorPrefilter(spec);
  const rules = rulesPrefilter(spec);
  const places = new PlaceCounts();
  const region = new LastString(REGION);
  const account = new LastString(ACCOUNT);
  return {
    ...rules,
    places,
    judge(v) {
      const reason = rules.judge(v);
      if (reason !== undefined) {
        places.add(region.of(v), account.of(v));
        // A skipped record's userIdentity is an object or absent (see rulesPrefilter).
        principals?.addRawIdentity(v.type(IDENTITY) === MemberType.Object ? v.bytes(IDENTITY) : undefined, v.place);
      }
      return reason;
    },
  };
}

/**
 * stringMember() of one member, remembering the last plain value's bytes: the records of a file come
 * from one region and account, and comparing bytes costs less than making their string every time.
 */
class LastString {
  private bytes: Buffer | undefined;
  private value: string | null = null;
  constructor(private readonly k: number) {}
  of(v: MemberView): string | null {
    if (v.type(this.k) !== MemberType.PlainString) return stringMember(v, this.k);
    if (this.bytes !== undefined && v.equals(this.k, this.bytes)) return this.value;
    this.bytes = Buffer.from(v.bytes(this.k));
    return (this.value = v.string(this.k));
  }
}

/** A string member's value as JSON.parse gives it (escapes decoded), or null when absent or not a string. */
function stringMember(v: MemberView, k: number): string | null {
  const type = v.type(k);
  if (type === MemberType.PlainString) return v.string(k);
  if (type !== MemberType.OtherString) return null;
  try {
    return JSON.parse(`"${Buffer.from(v.string(k), 'latin1').toString('utf8')}"`) as string;
  } catch {
    return null;
  }
}

/**
 * Skip records outside `window`, then (with --regions) outside its regions, then records no rule reads (an unwatched source, or a watched one's
 * event name no rule reads), unless a failed call a rule counts: the same checks in the same order
 * as detect applies to parsed records, and only for records that asCloudTrailRecord would accept
 * (eventTime a date, eventSource and eventName strings, userIdentity an object if present, not an
 * Insights event). Known limit: JSON syntax is checked only at the record's top level, so a skipped
 * record corrupted deeper inside counts as skipped, not as invalid JSON.
 */
function rulesPrefilter(spec: RulesPrefilterSpec): RecordPrefilter {
  const bytes = (s: string) => Buffer.from(s, 'latin1');
  const sources = spec.interest.sources.map((s) => ({ source: bytes(s.source), names: s.names === '*' ? null : s.names.map(bytes) }));
  const errorCodes = spec.interest.errorCodes.map(bytes);
  const insight = Buffer.from('Insight', 'latin1');
  const start = spec.window.start ?? -Infinity;
  const end = spec.window.end;
  const regions = spec.regions?.regions.map(bytes);
  const span = emptySpan();
  return {
    names: NAMES,
    span,
    judge(v) {
      if (v.type(INSIGHT) !== MemberType.Absent) return undefined;
      const category = v.type(CATEGORY);
      if (category === MemberType.OtherString || (category === MemberType.PlainString && v.equals(CATEGORY, insight))) return undefined;
      const identity = v.type(IDENTITY);
      if (identity !== MemberType.Absent && identity !== MemberType.Object) return undefined;
      const name = v.type(NAME);
      if (name !== MemberType.PlainString && name !== MemberType.OtherString) return undefined;
      if (v.type(TIME) !== MemberType.PlainString || v.type(SOURCE) !== MemberType.PlainString) return undefined;
      const t = Date.parse(v.string(TIME));
      if (Number.isNaN(t)) return undefined;
      // Widened for records kept too (they are parsed and widen it again): harmless, and one check less.
      widenSpan(span, t);
      if (t < start || t > end) return 'outside-window'; // inWindow(), on the one Date.parse
      if (regions) {
        // inRegions(): a region with escapes or of another type is parsed; none at all is outside.
        const region = v.type(REGION);
        if (region !== MemberType.Absent && region !== MemberType.PlainString) return undefined;
        if (region === MemberType.Absent || !regions.some((r) => v.equals(REGION, r))) return 'outside-regions';
      }
      const source = sources.find((s) => v.equals(SOURCE, s.source));
      if (source && (source.names === null || name === MemberType.OtherString || source.names.some((n) => v.equals(NAME, n)))) return undefined;
      const error = v.type(ERROR);
      if (error === MemberType.OtherString || (error === MemberType.PlainString && errorCodes.some((c) => v.equals(ERROR, c)))) return undefined;
      return source ? 'not-read-by-rules' : 'unwatched-source';
    },
  };
}

const BACKSLASH = Buffer.from('\\', 'latin1');

/**
 * Skips a record only when its userIdentity is an object whose raw bytes hold no escape (so its text
 * is its bytes) and none of the needles: such a record's principal key (core/classify/principal.ts)
 * cannot be one of the actors'. Anything else is parsed and checked by the actor's key itself.
 */
function actorPrefilter(spec: ActorPrefilterSpec): RecordPrefilter {
  const needles = spec.actorNeedles.map((n) => Buffer.from(n, 'utf8'));
  return {
    names: NAMES,
    span: emptySpan(),
    judge(v) {
      if (v.type(IDENTITY) !== MemberType.Object || v.includes(IDENTITY, BACKSLASH)) return undefined;
      return needles.some((n) => v.includes(IDENTITY, n)) ? undefined : 'not-read-by-rules';
    },
  };
}
