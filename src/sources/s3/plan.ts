/**
 * Pure planning for `--logs s3://...`: read the URL, place its prefix in CloudTrail's S3 layout
 * ([key prefix/]AWSLogs/[o-orgid/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/file), and turn the time
 * window into the fewest date prefixes that hold its events, so only those are listed.
 */
import { BUCKET_NAME } from '../../core/s3-uri.js';
import { validateRegion } from '../../aws/clients.js';
import type { TimeWindow } from '../../core/time-window.js';
import { UsageError } from '../../errors.js';

export interface S3Location {
  bucket: string;
  /** '' (the whole bucket) or a prefix ending in '/'. */
  prefix: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
export const ORG_ID = /^o-[a-z0-9]{10,32}$/;
export const ACCOUNT_ID = /^\d{12}$/;

export const isS3Url = (s: string): boolean => s.startsWith('s3://');

/** Refuse URLs sm-ir would mistake for local paths (https://, S3://) before anything is read. */
export function checkLogsArgument(s: string): void {
  if (!isS3Url(s) && SCHEME.test(s)) {
    throw new UsageError(`--logs ${s}: only local paths and s3://bucket/prefix URLs are read`, 'for example s3://my-trail-bucket/AWSLogs/o-exampleorgid/');
  }
}

export function parseS3Url(url: string): S3Location {
  const rest = url.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const hint = 'write s3://BUCKET or s3://BUCKET/PREFIX/, e.g. s3://my-trail-bucket/AWSLogs/o-exampleorgid/';
  if (bucket === '') throw new UsageError(`--logs ${url}: no bucket name`, hint);
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw new UsageError(`--logs ${url}: '${bucket}' is not a valid S3 bucket name`, 'bucket names are 3-63 lowercase letters, digits, dots and hyphens');
  }
  let prefix = slash < 0 ? '' : rest.slice(slash + 1);
  if (prefix.startsWith('/') || prefix.includes('//')) throw new UsageError(`--logs ${url}: empty folder name in the prefix ('//')`, hint);
  if (prefix !== '' && !prefix.endsWith('/')) prefix += '/';
  return { bucket, prefix };
}

/** A day as milliseconds at 00:00 UTC. */
export type Day = number;
const DAY_MS = 86_400_000;
export const dayOf = (d: Date): Day => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());

/** Where a prefix sits in the layout, and so what is listed next. */
export type LayoutPoint =
  /** Above AWSLogs/ (the bucket, or the trail's own key prefix): AWSLogs/ is looked for under it. */
  | { level: 'root'; base: string }
  /** .../AWSLogs/: organization ids and account ids below. */
  | { level: 'logs'; base: string }
  /** .../AWSLogs/o-xxxx/: account ids below. */
  | { level: 'org'; base: string }
  /** .../ACCOUNT/CloudTrail/: region names below. */
  | { level: 'trail'; base: string }
  /** .../CloudTrail/REGION/[YYYY/[MM/[DD/]]]: date folders, bounded by the days the prefix names. */
  | { level: 'region'; base: string; region: string; from: Day | null; to: Day | null }
  /** Not CloudTrail's layout (a copy, a digest folder, a deeper path): every object under it is read. */
  | { level: 'other'; base: string };

function dateBounds(parts: string[]): { from: Day; to: Day } | undefined {
  const [y, m, d] = parts.map(Number);
  if (parts.length > 3 || parts.some((p) => !/^\d+$/.test(p)) || y === undefined || (parts[0] as string).length !== 4) return undefined;
  if (m === undefined) return { from: Date.UTC(y, 0, 1), to: Date.UTC(y, 11, 31) };
  if (m < 1 || m > 12) return undefined;
  if (d === undefined) return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 0) };
  const day = Date.UTC(y, m - 1, d);
  return new Date(day).getUTCDate() === d ? { from: day, to: day } : undefined;
}

export function locate(prefix: string): LayoutPoint {
  const parts = prefix.split('/').filter((p) => p !== '');
  const at = parts.lastIndexOf('AWSLogs');
  if (at < 0) return { level: 'root', base: prefix };
  const below = parts.slice(at + 1);
  const upTo = (n: number) => `${parts.slice(0, at + 1 + n).join('/')}/`;
  const orgShift = below[0] !== undefined && ORG_ID.test(below[0]) ? 1 : 0;
  const account = below[orgShift];
  if (account === undefined) return { level: orgShift ? 'org' : 'logs', base: prefix };
  if (!ACCOUNT_ID.test(account)) return { level: 'other', base: prefix };
  const service = below[orgShift + 1];
  if (service === undefined) return { level: 'trail', base: `${upTo(orgShift + 1)}CloudTrail/` };
  if (service !== 'CloudTrail') return { level: 'other', base: prefix };
  const region = below[orgShift + 2];
  if (region === undefined) return { level: 'trail', base: prefix };
  const dates = below.slice(orgShift + 3);
  const bounds = dates.length === 0 ? { from: null, to: null } : dateBounds(dates);
  if (!bounds) return { level: 'other', base: prefix };
  return { level: 'region', base: upTo(orgShift + 3), region, ...bounds };
}

/**
 * The days whose folders can hold the window's events. A folder is the day a file was delivered,
 * and a file holds events from before its delivery: an event at the end of a day may be in the next
 * day's folder, so one day past the window's end is read too (not past today).
 */
export function windowDays(window: TimeWindow, now: Date): WindowDays {
  const end = dayOf(window.end);
  const last = Math.max(end, Math.min(end + DAY_MS, dayOf(now)));
  return { first: window.start ? dayOf(window.start) : null, last, openEnd: last >= dayOf(now) };
}

export interface WindowDays {
  first: Day | null;
  last: Day;
  /** The window reaches today: no folder exists after `last`, so a prefix may reach past it. */
  openEnd: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Cover the days first..last (inclusive) with the fewest date prefixes: a whole year as "YYYY/", a
 * whole month as "YYYY/MM/", the remaining days as "YYYY/MM/DD/". In date order.
 */
export function datePrefixes(first: Day, last: Day): string[] {
  const out: string[] = [];
  let d = first;
  while (d <= last) {
    const t = new Date(d);
    const y = t.getUTCFullYear();
    const m = t.getUTCMonth();
    const yearEnd = Date.UTC(y, 11, 31);
    const monthEnd = Date.UTC(y, m + 1, 0);
    if (m === 0 && t.getUTCDate() === 1 && yearEnd <= last) {
      out.push(`${y}/`);
      d = yearEnd + DAY_MS;
    } else if (t.getUTCDate() === 1 && monthEnd <= last) {
      out.push(`${y}/${pad(m + 1)}/`);
      d = monthEnd + DAY_MS;
    } else {
      out.push(`${y}/${pad(m + 1)}/${pad(t.getUTCDate())}/`);
      d += DAY_MS;
    }
  }
  return out;
}

/**
 * The date prefixes (under a region's folder) to list, or [] when the window misses the prefix's days.
 * When the window reaches today, the current month or year may be listed as one prefix instead of
 * its days, whichever takes fewer listings (--since all: one per year).
 */
export function regionDatePrefixes(point: { from: Day | null; to: Day | null }, days: WindowDays & { first: Day }): string[] {
  const first = Math.max(days.first, point.from ?? days.first);
  const last = Math.min(days.last, point.to ?? days.last);
  if (first > last) return [];
  const exact = datePrefixes(first, last);
  if (!days.openEnd) return exact;
  const yearEnd = Date.UTC(new Date(last).getUTCFullYear(), 11, 31);
  const wide = datePrefixes(first, Math.min(yearEnd, point.to ?? yearEnd));
  return wide.length < exact.length ? wide : exact;
}

/** The first year folder's 1 January: where an unbounded window (--since all) starts in a region. */
export function firstYearDay(yearFolders: string[]): Day | null {
  const years = yearFolders.map((f) => f.replace(/\/$/, '')).filter((y) => /^\d{4}$/.test(y)).map(Number);
  return years.length === 0 ? null : Date.UTC(Math.min(...years), 0, 1);
}

const STAMP = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_[^/]*$/;

/**
 * A file named with a delivery time (…_20261127T1356Z_…) before the window's start holds no event of
 * the window: "a log file delivered at a specific time can contain records written at any point
 * before that time" (CloudTrail's file name format). The name has minutes only, hence the minute of slack.
 */
export function deliveredBefore(key: string, start: Date | null): boolean {
  const m = STAMP.exec(key);
  if (!m || start === null) return false;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi) + 60_000 <= start.getTime();
}

/** `--regions a,b` for the S3 source: the region folders to read ('all' or absent: every one). */
export function parseRegionFilter(value: string | undefined): Set<string> | null {
  const v = value?.trim();
  if (v === undefined || v === 'all') return null;
  const list = [...new Set(v.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
  if (list.length === 0) throw new UsageError("--regions: give a comma-separated list of regions, or 'all'");
  for (const r of list) validateRegion(r, '--regions');
  return new Set(list);
}
