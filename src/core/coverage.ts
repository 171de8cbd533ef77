import type { DetectReport } from './report.js';

type Coverage = NonNullable<DetectReport['coverage']>;

/** What detect read, counted as it reads: the first and last eventTime, so a report can say what it looked at. */
export class CoverageTally {
  private first = Infinity;
  private last = -Infinity;

  add(eventTime: string): void {
    const t = Date.parse(eventTime);
    this.widen(t, t);
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
    return { inputs: [...inputs], span: this.span() };
  }
}
