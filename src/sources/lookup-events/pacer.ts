/**
 * Grants at least `intervalMs` apart, measured from when the previous grant really happened: after a
 * stall (CPU starvation, GC) the waiters go out one interval apart, never in a burst, so no second of
 * wall time holds more than ceil(1000 / intervalMs) calls. Shared by every call to one region, retries
 * included.
 */
export class Pacer {
  private last = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();
  constructor(private readonly intervalMs: number) {}

  /** Resolves when the caller may send one request; callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      const wait = this.last + this.intervalMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.last = Date.now();
    });
    this.queue = turn;
    return turn;
  }
}
