import { open } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { asCloudTrailRecord, type CloudTrailRecord } from '../../core/cloudtrail.js';
import { countSkip, noteSpan, type SourceStats } from '../types.js';
import type { SkipReason } from '../../core/cloudtrail.js';
import { JsonRecordScanner, type ScanSink, type ValueKind } from './scanner.js';
import { createPrefilter, type MemberView, type PrefilterSpec, type RecordPrefilter } from './prefilter.js';

export interface ReadOptions {
  /**
   * Byte-level prefilter (issue 7): records it judges are counted under its skip reason and never
   * decoded nor JSON.parse'd. It only decides what the full path would (see prefilter.ts).
   */
  prefilter?: PrefilterSpec;
  /** Largest record accepted (CloudTrail events are at most 256 KB). */
  maxRecordBytes?: number;
  /** Read size; also the gunzip output chunk size. */
  chunkBytes?: number;
}

const MAGIC: [number[], string][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive: unzip it first'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed: only gzip is read'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed: only gzip is read'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed: only gzip is read'],
  [[0xff, 0xfe], 'UTF-16 text: save it as UTF-8'],
  [[0xfe, 0xff], 'UTF-16 text: save it as UTF-8'],
];

const BOM = [0xef, 0xbb, 0xbf]; // UTF-8 byte order mark (Windows editors, PowerShell 7)

function startsWith(buf: Buffer, magic: number[]): boolean {
  return buf.length >= magic.length && magic.every((b, k) => buf[k] === b);
}

/** Why the first bytes are not JSON, or undefined when they may be. */
function notJson(head: Buffer): string | undefined {
  for (const [magic, what] of MAGIC) if (startsWith(head, magic)) return `not JSON: ${what}`;
  let k = startsWith(head, BOM) ? BOM.length : 0;
  while (k < head.length && (head[k] === 0x20 || head[k] === 0x0a || head[k] === 0x0d || head[k] === 0x09)) k++;
  if (k === head.length) return undefined; // only whitespace so far
  const c = head[k];
  if (c === 0x7b || c === 0x5b) return undefined;
  const printable = head.subarray(k, k + 16).every((b) => (b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09);
  return printable ? `not JSON (starts with ${JSON.stringify(head.toString('latin1', k, k + 12))})` : 'not JSON (binary data)';
}

function describeObject(v: unknown): string {
  if (typeof v !== 'object' || v === null) return `a JSON ${v === null ? 'null' : typeof v}`;
  if (Array.isArray(v)) return 'a JSON array';
  const keys = Object.keys(v);
  if (keys.includes('digestStartTime') || keys.includes('digestPublicKeyFingerprint')) return 'a CloudTrail digest file (integrity hashes, no events)';
  const shown = keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', ...' : '');
  return `an object with keys ${shown || '(none)'} (no Records, Events or eventName)`;
}

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * The chunks of a stream, then its error if any. Unlike the stream's own async iterator, chunks
 * decoded before an error (a truncated or corrupt gzip) are all delivered before the error is thrown.
 */
async function* chunks(stream: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let done = false;
  let error: unknown;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  stream.on('data', (b: Buffer) => {
    queue.push(b);
    if (queue.length >= 4) stream.pause(); // bounded read-ahead
    notify();
  });
  stream.on('end', () => {
    done = true;
    notify();
  });
  stream.on('error', (e) => {
    error ??= e;
    done = true;
    notify();
  });
  for (;;) {
    const b = queue.shift();
    if (b !== undefined) {
      if (queue.length === 0 && !done) stream.resume();
      yield b;
    } else if (done) {
      if (error !== undefined) throw error;
      return;
    } else await new Promise<void>((resolve) => (wake = resolve));
  }
}

/**
 * Turns what the scanner slices into records and counts, for one file: parses each value, narrows
 * it to a CloudTrail record, and counts what the prefilter skipped. Runs where the records are
 * classified (the main thread), whether the file was scanned there or in a worker.
 */
export class FileTally implements ScanSink {
  records = 0; // values that were CloudTrail records, Insights events or prefiltered records
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
  ) {
    this.prefilter = prefilter && createPrefilter(prefilter);
    this.members = this.prefilter?.names;
  }

  skip(view: MemberView): boolean {
    const reason = this.prefilter?.judge(view);
    if (reason === undefined) return false;
    this.skipped(reason, 1);
    return true;
  }

  /** The times of records the prefilter judged here (a worker's come in its messages). */
  noteSpan(): void {
    if (this.prefilter) noteSpan(this.stats, this.prefilter.span.first, this.prefilter.span.last);
  }

  /** Records the prefilter skipped (counted here, or in a worker and sent over). */
  skipped(reason: SkipReason, n: number): void {
    this.stats.recordsRead += n;
    this.records += n;
    countSkip(this.stats, reason, n);
  }

  value(kind: ValueKind, text: string, offset: number): void {
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
  | { read: true; gzip: boolean; problem?: string; empty: boolean; insideValue: boolean };

export const isGzip = (head: Uint8Array): boolean => head[0] === 0x1f && head[1] === 0x8b;

/**
 * Open, decompress (gzip told by its magic bytes) and scan one file into `sink`, yielding after each
 * chunk so the caller can hand on what the sink collected; returns how it ended. Never throws for bad
 * content. The prefilter, if any, is the sink's.
 */
export async function* scanFile(path: string, sink: ScanSink, options: ReadOptions = {}): AsyncGenerator<void, ScanOutcome> {
  const chunk = options.chunkBytes ?? 256 * 1024;
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    return { read: false, reason: `cannot open: ${errnoReason(e)}`, counted: false };
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) return { read: false, reason: 'not a regular file', counted: false };
    if (st.size === 0) return { read: false, reason: 'empty file', counted: true };
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    return yield* scanStream(fh.createReadStream({ start: 0, highWaterMark: chunk, autoClose: false }), isGzip(head), sink, options);
  } finally {
    await fh.close();
  }
}

/**
 * Decompress (when the caller saw gzip's magic bytes) and scan one input's bytes into `sink`: a
 * file's stream, or an S3 object's body. Yields after each chunk; returns how it ended.
 */
export async function* scanStream(raw: Readable, gzip: boolean, sink: ScanSink, options: ReadOptions = {}): AsyncGenerator<void, ScanOutcome> {
  const chunk = options.chunkBytes ?? 256 * 1024;
  const input: Readable = gzip ? pipeline(raw, createGunzip({ chunkSize: chunk }), () => {}) : raw;
  try {
    const scanner = new JsonRecordScanner(sink, options.maxRecordBytes);
    let checked = false;
    let problem: string | undefined;
    try {
      for await (const buf of chunks(input)) {
        if (!checked) {
          const why = notJson(buf);
          if (why !== undefined) return { read: false, reason: gzip ? `${why} (inside gzip)` : why, counted: true };
          checked = buf.some((b) => b > 0x20);
          if (scanner.offset === 0 && startsWith(buf, BOM)) {
            scanner.push(buf.subarray(BOM.length));
            yield;
            continue;
          }
        }
        scanner.push(buf);
        yield;
      }
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problem = code === 'Z_BUF_ERROR' ? 'truncated gzip' : gzip && code?.startsWith('Z_') ? `corrupt gzip (${(e as Error).message})` : `read error (${errnoReason(e)})`;
    }
    return { read: true, gzip, ...(problem ? { problem } : {}), empty: scanner.offset === 0 || !checked, insideValue: scanner.insideValue };
  } finally {
    input.destroy();
    raw.destroy();
  }
}

/** Fold a scanned file's outcome and tallies into the source's stats (errors name the file). */
export function finishFile(path: string, outcome: ScanOutcome, tally: FileTally, stats: SourceStats): void {
  const fail = (reason: string, recordsLost?: number) =>
    stats.errors.push(recordsLost === undefined ? { input: path, reason } : { input: path, reason, recordsLost });
  tally.noteSpan();
  if (!outcome.read) {
    if (outcome.counted) stats.unitsRead++;
    fail(outcome.reason);
    return;
  }
  stats.unitsRead++;
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
}

/**
 * Read one file and yield its CloudTrail records, counting everything else into stats. Never throws
 * for bad content: problems become stats.errors entries naming the file, and the records read
 * before a problem are kept.
 */
export function readLogFile(path: string, stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  const tally = new FileTally(stats, options.prefilter);
  return drain(path, scanFile(path, tally, options), tally, stats);
}

/** The same reader over an input's stream (a large S3 object's body); `name` names it in stats.errors. */
export function readLogStream(name: string, raw: Readable, gzip: boolean, stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  const tally = new FileTally(stats, options.prefilter);
  return drain(name, scanStream(raw, gzip, tally, options), tally, stats);
}

/** The same reader over bytes already in memory (an S3 object); `name` names it in stats.errors. */
export function readLogBytes(name: string, body: Buffer, stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  const chunk = options.chunkBytes ?? 256 * 1024;
  const pieces = function* (): Generator<Buffer> {
    for (let at = 0; at < body.length; at += chunk) yield body.subarray(at, at + chunk);
  };
  const tally = new FileTally(stats, options.prefilter);
  const scan = async function* (): AsyncGenerator<void, ScanOutcome> {
    if (body.length === 0) return { read: false, reason: 'empty file', counted: true };
    return yield* scanStream(Readable.from(pieces()), isGzip(body), tally, options);
  };
  return drain(name, scan(), tally, stats);
}

/** Hand on the records the tally collects after each chunk, then fold how the input ended into stats. */
async function* drain(name: string, scan: AsyncGenerator<void, ScanOutcome>, tally: FileTally, stats: SourceStats): AsyncGenerator<CloudTrailRecord> {
  try {
    for (;;) {
      const step = await scan.next();
      if (tally.out.length > 0) {
        yield* tally.out;
        tally.out.length = 0;
      }
      if (step.done === true) {
        finishFile(name, step.value, tally, stats);
        return;
      }
    }
  } finally {
    await scan.return(undefined as never);
  }
}
