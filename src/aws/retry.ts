/**
 * A retry strategy for the SDK (its RetryStrategyV2 interface) that retries throttling, 5xx and
 * network errors with capped exponential backoff and full jitter, and lets the caller pace each retry
 * (e.g. through a per-region rate limiter), so retries never push a region over an API's rate.
 */

/** What the SDK's retry middleware hands the strategy after a failed attempt. */
export interface RetryErrorInfo {
  errorType: 'THROTTLING' | 'TRANSIENT' | 'SERVER_ERROR' | 'CLIENT_ERROR';
  error?: unknown;
}

interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

export interface RetryStrategyLike {
  mode: string;
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(token: RetryToken, info: RetryErrorInfo): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
}

export interface PacedRetryOptions {
  /** Attempts per call, the first one included. */
  maxAttempts: number;
  /** Awaited before every retry (after the backoff); the first attempt is the caller's to pace. */
  beforeRetry?: (info: RetryErrorInfo) => Promise<void>;
  /** Told about every failed attempt that will be retried. */
  onRetry?: (info: RetryErrorInfo) => void;
  random?: () => number;
}

// The SDK's standard-mode figures: 100 ms base, 500 ms for throttling, 20 s cap.
const BASE_MS = 100;
const THROTTLING_BASE_MS = 500;
const MAX_DELAY_MS = 20_000;

const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });

export function pacedRetryStrategy(options: PacedRetryOptions): RetryStrategyLike {
  const random = options.random ?? Math.random;
  return {
    mode: 'standard',
    acquireInitialRetryToken: async () => token(0),
    async refreshRetryTokenForRetry(previous, info) {
      const attempt = previous.getRetryCount() + 1;
      if (attempt >= options.maxAttempts || info.errorType === 'CLIENT_ERROR') {
        throw info.error instanceof Error ? info.error : new Error('no retry');
      }
      options.onRetry?.(info);
      const base = info.errorType === 'THROTTLING' ? THROTTLING_BASE_MS : BASE_MS;
      const delay = random() * Math.min(MAX_DELAY_MS, base * 2 ** previous.getRetryCount());
      await new Promise((resolve) => setTimeout(resolve, delay));
      await options.beforeRetry?.(info);
      // The delay has been waited here, so the SDK must not wait again.
      return token(attempt);
    },
    recordSuccess: () => undefined,
  };
}
