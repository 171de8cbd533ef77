import type { CloudTrailRecord, SkipReason } from '../core/cloudtrail.js';

/** Counts every source keeps, so a report says what was read, skipped (and why) and what failed. */
export interface SourceStats {
  /** Files (or pages, objects, query result pages) read. */
  unitsRead: number;
  /** Records seen, classified or not. */
  recordsRead: number;
  /** Bytes of the inputs scanned (decompressed), and the inputs to read when known: for progress, not the report. */
  bytesRead?: number;
  unitsPlanned?: number;
  /** Called as each input is done (progress: small files are read synchronously, so no timer fires meanwhile). */
  onInputDone?: () => void;
  /** Records not classified, per reason. */
  skipped: Partial<Record<SkipReason, number>>;
  /** Inputs that could not be read in whole or in part; the rest was processed. */
  errors: { input: string; reason: string; recordsLost?: number }[];
  /** Inputs deliberately not read (a directory's non-log files, digests, duplicates), so nothing is dropped silently. */
  skippedFiles: { input: string; reason: string }[];
  /**
   * First and last eventTime (epoch ms) of records the byte-level prefilter skipped unparsed; detect
   * widens it with the records it parses, for the report's span. Absent while none was seen.
   */
  span?: { first: number; last: number };
  /** Records the prefilter skipped unparsed, per region and account (PlaceCounts' entries); detect counts the parsed ones. */
  skippedPlaces?: Map<string, number>;
}

/** Fold counts of skipped records per place (PlaceCounts.counts's entries) into the stats. */
export function notePlaces(stats: SourceStats, entries: Iterable<[string, number]>): void {
  stats.skippedPlaces ??= new Map();
  for (const [key, n] of entries) stats.skippedPlaces.set(key, (stats.skippedPlaces.get(key) ?? 0) + n);
}

export function noteSpan(stats: SourceStats, first: number, last: number = first): void {
  if (!(first <= last)) return; // an empty span (Infinity, -Infinity) or NaN
  if (!stats.span) stats.span = { first, last };
  else {
    if (first < stats.span.first) stats.span.first = first;
    if (last > stats.span.last) stats.span.last = last;
  }
}

export function emptyStats(): SourceStats {
  return { unitsRead: 0, recordsRead: 0, skipped: {}, errors: [], skippedFiles: [] };
}

export function countSkip(stats: SourceStats, reason: SkipReason, n = 1): void {
  stats.skipped[reason] = (stats.skipped[reason] ?? 0) + n;
}

/** What a query engine (Athena, CloudTrail Lake) read and billed for, for the report and stderr. */
export interface QueryScan {
  engine: 'athena' | 'lake';
  queryId: string;
  bytesScanned: number;
  /** At $5 per TB scanned (Athena: 10 MB minimum per query). */
  costUsd: number;
  /** From submission to the last result page. */
  elapsedMs: number;
}

/**
 * Every source (files, LookupEvents, S3, Athena, Lake) yields CloudTrail records to the one
 * classifier; the same events give the same findings whatever the source.
 */
export interface RecordSource {
  /** For messages: "files", "lookup-events", "athena", ... */
  readonly kind: string;
  readonly stats: SourceStats;
  /** What was read, for the report: paths, regions ("us-east-1"), tables, buckets. */
  readonly inputs?: readonly string[];
  records(): AsyncIterable<CloudTrailRecord>;
  /** Query sources: what the query scanned, once records() has finished. */
  scan?(): QueryScan | undefined;
  /**
   * Whether the findings may be incomplete (exit 4): something that should have been read was not
   * (a listing or a download failed). Without it, any stats.errors entry of a non-file source counts.
   */
  isPartial?(): boolean;
  /**
   * Local files read with principals noted (ReadOptions.notePrincipals): the files, in reading order, that
   * hold a record of one of these principals; undefined when not known (then every file may).
   */
  filesHolding?(principals: Iterable<string>): string[] | undefined;
  /**
   * The same, read again: only the records of these principals, taken from where the first read found
   * them (no file scanned again); undefined when that is not known (then read filesHolding's files).
   */
  recordsOf?(principals: Iterable<string>): RecordSource | undefined;
}
