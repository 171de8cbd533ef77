import { UsageError } from '../errors.js';

/** A closed time window [start, end]; start null means unbounded ("all"). */
export interface TimeWindow {
  start: Date | null;
  end: Date;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^(\d+)([smhdw])$/;
// ISO-8601 date or date-time; a date-time without an offset is read as UTC, as CloudTrail writes times.
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parse a --since/--until value: `30m`, `24h`, `7d`, `2w` (before `now`), an ISO-8601 time, or `all`. */
export function parseTimeSpec(value: string, flag: string, now: Date): Date | null {
  const v = value.trim();
  if (v === 'all' && flag === '--since') return null;
  if (v === 'now') return now;
  const rel = RELATIVE.exec(v);
  if (rel) {
    const amount = Number(rel[1]);
    if (amount <= 0) throw new UsageError(`${flag}: '${value}' must be a positive duration`);
    return new Date(now.getTime() - amount * (UNIT_MS[rel[2] as string] as number));
  }
  if (ISO.test(v)) {
    const hasZone = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(v);
    const d = new Date(v.includes('T') && !hasZone ? `${v}Z` : v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new UsageError(
    `${flag}: cannot read '${value}' as a time`,
    `use a duration before now (30m, 24h, 7d, 2w), an ISO-8601 time (2026-11-27T08:00:00Z)${flag === '--since' ? ', or all' : ', or now'}`,
  );
}

export function parseWindow(since: string, until: string | undefined, now = new Date()): TimeWindow {
  const start = parseTimeSpec(since, '--since', now);
  const end = until === undefined ? now : (parseTimeSpec(until, '--until', now) as Date);
  if (start && start.getTime() > end.getTime()) {
    throw new UsageError(`--since (${start.toISOString()}) is after --until (${end.toISOString()})`);
  }
  return { start, end };
}

export function inWindow(w: TimeWindow, isoTime: string): boolean {
  const t = Date.parse(isoTime);
  return (w.start === null || t >= w.start.getTime()) && t <= w.end.getTime();
}
