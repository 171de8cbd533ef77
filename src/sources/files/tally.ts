import { asCloudTrailRecord, type CloudTrailRecord } from '../../core/cloudtrail.js';
import { countSkip, notePlaces, noteSpan, type SourceStats } from '../types.js';
import type { SkipReason } from '../../core/cloudtrail.js';
import type { ScanSink } from './scanner.js';
import type { ValueKind } from './values.js';
import { createPrefilter, type MemberView, type PrefilterSpec, type RecordPrefilter } from './prefilter.js';
import { describeObject } from './sniff.js';
import type { FilePrincipals } from './principals.js';

/**
 * Turns what the scanner slices into records and counts, for one file: parses each value, narrows
 * it to a CloudTrail record, and counts what the prefilter skipped. Runs where the records are
 * classified (the main thread), whether the file was scanned there or in a worker.
 */
export class FileTally implements ScanSink {
  records = 0; // values that were CloudTrail records, Insights events or prefiltered records
  seen = 0; // every value sliced or judged by the prefilter, records or not
  nonRecords = 0; // top-level values that are not CloudTrail records (judged when the file ends)
  nonRecordWhat = '';
  invalidCount = 0;
  invalidFirst = '';
  readonly out: CloudTrailRecord[] = [];
  readonly members: readonly string[] | undefined;
  private readonly prefilter: RecordPrefilter | undefined;

  constructor(
    private readonly stats: SourceStats,
    prefilter?: PrefilterSpec,
    /** The file's principals, noted from every record (the prefilter notes those it skips). */
    readonly principals?: FilePrincipals,
  ) {
    this.prefilter = prefilter && createPrefilter(prefilter, principals);
    this.members = this.prefilter?.names;
  }

  skip(view: MemberView): boolean {
    const reason = this.prefilter?.judge(view);
    if (reason === undefined) return false;
    this.skipped(reason, 1);
    return true;
  }

  /** The times and places of records the prefilter skipped here (a worker's come in its messages). */
  noteSpan(): void {
    if (!this.prefilter) return;
    noteSpan(this.stats, this.prefilter.span.first, this.prefilter.span.last);
    const places = this.prefilter.places?.counts;
    if (places && places.size > 0) {
      notePlaces(this.stats, places);
      places.clear();
    }
  }

  /** Records the prefilter skipped (counted here, or in a worker and sent over). */
  skipped(reason: SkipReason, n: number): void {
    this.stats.recordsRead += n;
    this.records += n;
    this.seen += n;
    countSkip(this.stats, reason, n);
  }

  value(kind: ValueKind, text: string, offset: number, bytes: number): void {
    this.seen++;
    if (kind === 'event') {
      const inner = this.parse(text, offset);
      if (inner === undefined) return;
      const ev = (inner as { CloudTrailEvent?: unknown }).CloudTrailEvent;
      if (typeof ev !== 'string') {
        this.stats.recordsRead++;
        countSkip(this.stats, 'not-a-cloudtrail-record');
        return;
      }
      text = ev;
    }
    const parsed = this.parse(text, offset);
    if (parsed === undefined) return;
    const r = asCloudTrailRecord(parsed);
    if (r === 'not-a-cloudtrail-record' && kind === 'top') {
      if (this.nonRecords++ === 0) this.nonRecordWhat = describeObject(parsed);
      return;
    }
    this.stats.recordsRead++;
    if (typeof r === 'string') {
      countSkip(this.stats, r);
      if (r !== 'not-a-cloudtrail-record') this.records++;
      return;
    }
    this.records++;
    this.principals?.addRecord(r, { offset, bytes, kind });
    this.out.push(r);
  }

  invalid(reason: string, offset: number): void {
    this.stats.recordsRead++;
    if (this.invalidCount++ === 0) this.invalidFirst = `at byte ${offset}: ${reason}`;
  }

  private parse(text: string, offset: number): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      this.invalid((e as Error).message, offset);
      return undefined;
    }
  }
}

/** How reading a file ended, for finishFile(): plain data, so a worker can send it. */
export type ScanOutcome =
  | { read: false; reason: string; counted: boolean }
  | { read: true; gzip: boolean; /** Bytes scanned (decompressed). */ bytes: number; problem?: string; empty: boolean; insideValue: boolean; wrapper: boolean };

/** Fold a scanned file's outcome and tallies into the source's stats (errors name the file). */
export function finishFile(path: string, outcome: ScanOutcome, tally: FileTally, stats: SourceStats): void {
  const fail = (reason: string, recordsLost?: number) =>
    stats.errors.push(recordsLost === undefined ? { input: path, reason } : { input: path, reason, recordsLost });
  const errorsBefore = stats.errors.length;
  tally.noteSpan();
  if (!outcome.read) {
    if (outcome.counted) stats.unitsRead++;
    fail(outcome.reason);
    return;
  }
  stats.unitsRead++;
  stats.bytesRead = (stats.bytesRead ?? 0) + outcome.bytes;
  stats.onInputDone?.();
  if (tally.invalidCount > 0) fail(`${tally.invalidCount} record(s) with invalid JSON skipped (first ${tally.invalidFirst})`, tally.invalidCount);
  if (outcome.problem !== undefined) fail(`${outcome.problem} after ${tally.records} records`);
  else if (outcome.empty) fail(outcome.gzip ? 'empty file (gzip holds no data)' : 'empty file (whitespace only)');
  else if (outcome.insideValue) fail(`invalid JSON: file ends inside a record (truncated?) after ${tally.records} records`);
  if (tally.nonRecords > 0) {
    if (tally.records > 0) {
      stats.recordsRead += tally.nonRecords;
      countSkip(stats, 'not-a-cloudtrail-record', tally.nonRecords);
    } else fail(`not CloudTrail JSON: ${tally.nonRecordWhat}`);
  }
  // JSON with no object where records go ([1, 2], arrays of arrays): nothing read, and it must say why.
  if (tally.seen === 0 && tally.invalidCount === 0 && !outcome.wrapper && stats.errors.length === errorsBefore) {
    fail('not CloudTrail JSON: not one object in it where records go (a Records array, JSON Lines, an array of records)');
  }
}
