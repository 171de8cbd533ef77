import { afterEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from '../../../src/sources/lookup-events/pacer.js';

afterEach(() => vi.useRealTimers());

describe('Pacer', () => {
  it('spaces grants from when the previous one really happened: no burst after the event loop stalls', async () => {
    const pacer = new Pacer(100);
    const granted: number[] = [];
    const all = Array.from({ length: 5 }, () => pacer.take().then(() => granted.push(Date.now())));
    await all[0];
    // A real stall (CPU starvation, a long GC): the next three grants fall due while nothing runs.
    const until = Date.now() + 350;
    while (Date.now() < until) {
      /* busy */
    }
    await Promise.all(all);
    const gaps = granted.slice(1).map((t, i) => t - (granted[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(99); // timers may round down by a millisecond
  });

  it('grants at once when the interval has passed, in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'], now: 10_000 });
    const pacer = new Pacer(500);
    const order: string[] = [];
    const a = pacer.take().then(() => order.push(`a@${Date.now()}`));
    const b = pacer.take().then(() => order.push(`b@${Date.now()}`));
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([a, b]);
    expect(order).toEqual(['a@10000', 'b@10500']);
  });
});
