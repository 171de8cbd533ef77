/** Waiting for an asynchronous query (Athena, CloudTrail Lake): poll its state with backoff; say what it scanned. */
import { watchInterrupt } from '../../core/change/interrupt.js';
import { InterruptedError } from '../../errors.js';
import type { QueryScan } from '../types.js';
import { formatBytes } from '../../view/units.js';

export interface PollOptions {
  /** First wait, doubled (up to maxDelayMs) while the query is still queued or running. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Give up after this long (the engines' own limits are 30 min for Athena DML, 1 h for Lake). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Checked before every poll: Ctrl-C was pressed. */
  interrupted?: () => boolean;
}

export const DEFAULT_POLL: Required<Omit<PollOptions, 'sleep' | 'interrupted'>> = { initialDelayMs: 250, maxDelayMs: 5_000, timeoutMs: 3_600_000 };

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Call `check` until it returns a final answer (anything but undefined). Delays grow 250 ms, 500 ms,
 * 1 s ... 5 s: a short query answers in a second, a long one costs a call every 5 s.
 */
export async function pollUntil<T>(check: () => Promise<T | undefined>, options: PollOptions = {}, onTimeout: () => Error): Promise<T> {
  const o = { ...DEFAULT_POLL, ...options };
  const sleep = options.sleep ?? realSleep;
  const started = Date.now();
  let delay = o.initialDelayMs;
  for (;;) {
    if (options.interrupted?.()) throw new InterruptedError('interrupted while the query ran; it was asked to stop');
    const answer = await check();
    if (answer !== undefined) return answer;
    if (Date.now() - started + delay > o.timeoutMs) throw onTimeout();
    await sleep(delay);
    delay = Math.min(o.maxDelayMs, delay * 2);
  }
}

/**
 * Run `work` (start, poll) with Ctrl-C caught: a query left running goes on scanning and billing, so
 * on Ctrl-C the poll stops, `stop` asks the engine to cancel it, and an InterruptedError (exit 130)
 * reaches the entry point. The same Ctrl-C handling as the change engine's (a second Ctrl-C ends at once).
 */
export async function stopOnInterrupt<T>(work: (interrupted: () => boolean) => Promise<T>, stop: () => Promise<unknown>): Promise<T> {
  const interrupt = watchInterrupt();
  try {
    return await work(interrupt.interrupted);
  } finally {
    interrupt.dispose();
    if (interrupt.interrupted()) await stop().catch(() => undefined);
  }
}

/** Athena and CloudTrail Lake both bill $5 per TB scanned (Lake: $0.005 per GB). */
export const USD_PER_TB_SCANNED = 5;

/** The query's price; Athena bills at least 10 MB per query (`minimumBytes`). */
export function scanCostUsd(bytes: number, minimumBytes = 0): number {
  return (Math.max(bytes, minimumBytes) / 1e12) * USD_PER_TB_SCANNED;
}

/** "Athena query 1a2b... scanned 1.2 GB ($0.0060 at $5/TB) in 8.4 s" */
export function describeScan(s: QueryScan): string {
  const engine = s.engine === 'athena' ? 'Athena' : 'CloudTrail Lake';
  return `${engine} query ${s.queryId} scanned ${formatBytes(s.bytesScanned)} ($${s.costUsd.toFixed(4)} at $5/TB) in ${(s.elapsedMs / 1000).toFixed(1)} s`;
}
