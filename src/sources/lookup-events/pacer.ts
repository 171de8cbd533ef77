/**
 * A token bucket of capacity one per region: grants are at least `intervalMs` apart, so no second of
 * wall time holds more than ceil(1000 / intervalMs) calls. Shared by every call to that region,
 * retries included.
 */
export class Pacer {
  private next = 0;
  constructor(private readonly intervalMs: number) {}

  /** Resolves when the caller may send one request. */
  async take(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  }
}
