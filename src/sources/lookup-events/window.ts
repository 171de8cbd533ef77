import type { TimeWindow } from '../../core/time-window.js';
import { UsageError } from '../../errors.js';

/** LookupEvents serves the last 90 days of management events, no more. */
export const LOOKUP_RETENTION_DAYS = 90;
const RETENTION_MS = LOOKUP_RETENTION_DAYS * 86_400_000;
// `--since 90d` is computed a moment before this check runs: allow for that moment.
const SLACK_MS = 60_000;

/** The window as LookupEvents StartTime/EndTime, or a UsageError when it reaches past 90 days. */
export function lookupWindow(window: TimeWindow, now = new Date()): { start: Date; end: Date } {
  const oldest = now.getTime() - RETENTION_MS;
  if (window.start === null || window.start.getTime() < oldest - SLACK_MS) {
    const from = window.start === null ? 'all time' : window.start.toISOString();
    throw new UsageError(
      `LookupEvents holds only the last ${LOOKUP_RETENTION_DAYS} days of events; the window starts at ${from}`,
      `use --since ${LOOKUP_RETENTION_DAYS}d or less, or read the trail's files in S3 with --logs for older events`,
    );
  }
  return { start: window.start, end: window.end };
}
