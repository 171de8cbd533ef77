import type { CloudTrailRecord } from './cloudtrail.js';
import type { DetectReport } from './report.js';

type Coverage = NonNullable<DetectReport['coverage']>;

/** At most this many region-account pairs are told apart; the rest are counted under region and account '*'. */
export const MAX_PLACES = 10_000;
const NONE = '\u0001';
const OTHER = `*\u0000*`;

const stringOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * Records read per region and account (awsRegion, recipientAccountId), bounded: a file of forged account
 * ids cannot grow it past MAX_PLACES. Plain data so a worker thread can send its counts over.
 */
export class PlaceCounts {
  readonly counts = new Map<string, number>();

  /** The last place added and its key: records come in runs of one place, and a key made once keeps its hash. */
  private last: { region: string | null; account: string | null; key: string } | undefined;

  add(region: string | null, account: string | null, n = 1): void {
    const last = this.last;
    let key: string;
    if (last !== undefined && last.region === region && last.account === account) key = last.key;
    else {
      key = `${region ?? NONE}\u0000${account ?? NONE}`;
      if (!this.counts.has(key) && this.counts.size >= MAX_PLACES) key = OTHER;
      this.last = { region, account, key };
    }
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** Counts made elsewhere (PlaceCounts.counts's entries). */
  merge(entries: Iterable<[string, number]>): void {
    for (const [key, n] of entries) {
      const [region, account] = key.split('\u0000') as [string, string];
      this.add(region === NONE ? null : region, account === NONE ? null : account, n);
    }
  }

  /** Most records first. */
  list(): NonNullable<Coverage['records']> {
    return [...this.counts]
      .map(([key, records]) => {
        const [region, account] = key.split('\u0000') as [string, string];
        return { region: region === NONE ? null : region, account: account === NONE ? null : account, records };
      })
      .sort((a, b) => b.records - a.records || (a.region ?? '').localeCompare(b.region ?? '') || (a.account ?? '').localeCompare(b.account ?? ''));
  }
}

/** What detect read, counted as it reads: the first and last eventTime and where the records come from, so a report can say what it looked at. */
export class CoverageTally {
  private first = Infinity;
  private last = -Infinity;
  readonly places = new PlaceCounts();

  add(record: Pick<CloudTrailRecord, 'eventTime' | 'awsRegion' | 'recipientAccountId'>): void {
    const t = Date.parse(record.eventTime);
    this.widen(t, t);
    this.places.add(stringOrNull(record.awsRegion), stringOrNull(record.recipientAccountId));
  }

  /** Times of records counted elsewhere (skipped unparsed by the prefilter). */
  widen(first: number, last: number): void {
    if (first < this.first) this.first = first;
    if (last > this.last) this.last = last;
  }

  /** The span seen so far, ISO strings, or nulls when no record had a time. */
  span(): Coverage['span'] {
    if (!(this.first <= this.last)) return { first: null, last: null };
    return { first: new Date(this.first).toISOString(), last: new Date(this.last).toISOString() };
  }

  finish(inputs: readonly string[]): Coverage {
    return { inputs: [...inputs], span: this.span(), records: this.places.list() };
  }
}
