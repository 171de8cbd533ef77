import { type CallKey, type CallMatch, matches } from './faults.js';

export interface CallRecord extends CallKey {
  /** Arrival time, ms since the epoch (real clock). */
  at: number;
  /** "ok", "throttled" (rate limit or injected), "dropped", or the error code returned. */
  outcome: string;
  /** The x-amzn-requestid the fake answered with. */
  requestId: string;
  /** The request's members as the fake parsed them (what a test may tell calls of one operation apart by). */
  input?: Record<string, unknown>;
}

/** Every call the fake received, so tests can assert counts and pacing. */
export class Stats {
  readonly calls: CallRecord[] = [];

  record(c: CallRecord): void {
    this.calls.push(c);
  }

  select(match: CallMatch = {}, outcome?: string): CallRecord[] {
    return this.calls.filter((c) => matches(match, c) && (outcome === undefined || c.outcome === outcome));
  }

  count(match: CallMatch = {}, outcome?: string): number {
    return this.select(match, outcome).length;
  }

  throttles(match: CallMatch = {}): number {
    return this.count(match, 'throttled');
  }

  /** The largest number of matching calls (any outcome) that arrived within any 1,000 ms window. */
  maxPerSecond(match: CallMatch = {}): number {
    const times = this.select(match).map((c) => c.at).sort((a, b) => a - b);
    let best = 0;
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while ((times[hi] as number) - (times[lo] as number) >= 1000) lo++;
      best = Math.max(best, hi - lo + 1);
    }
    return best;
  }

  /**
   * How many of the matching calls a token bucket of `perSecond` (holding `burst` tokens at first) would
   * not have admitted between the first and the last arrival: 0 when the calls fit the limit. This is
   * how a per-second API limit meters, and unlike the busiest one-second window it does not change
   * when a loaded machine delays one request until just before the next.
   */
  bucketExcess(match: CallMatch, perSecond: number, burst = perSecond): number {
    const times = this.select(match).map((c) => c.at).sort((a, b) => a - b);
    if (times.length === 0) return 0;
    const span = ((times[times.length - 1] as number) - (times[0] as number)) / 1000;
    return Math.max(0, times.length - Math.floor(burst + perSecond * span));
  }

  /** maxPerSecond for each region seen among the matching calls. */
  maxPerSecondByRegion(match: CallMatch = {}): Record<string, number> {
    const regions = [...new Set(this.select(match).map((c) => c.region))];
    return Object.fromEntries(regions.map((r) => [r, this.maxPerSecond({ ...match, region: r })]));
  }

  reset(): void {
    this.calls.length = 0;
  }
}
