import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { asCloudTrailRecord, type CloudTrailRecord } from '../../core/cloudtrail.js';
import { countSkip, type SourceStats } from '../types.js';
import { JsonRecordScanner, type ScanSink, type ValueKind } from './scanner.js';
import type { MemberView, RecordPrefilter } from './prefilter.js';

export interface ReadOptions {
  /**
   * Byte-level prefilter (issue 7): records it judges are counted under its skip reason and never
   * decoded nor JSON.parse'd. It must only decide what the full path would (see prefilter.ts).
   */
  prefilter?: RecordPrefilter;
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

/** Per-file tallies; folded into the source's stats as the file is read. */
class FileTally implements ScanSink {
  records = 0; // values that were CloudTrail records, Insights events or prefiltered records
  nonRecords = 0; // top-level values that are not CloudTrail records (judged when the file ends)
  nonRecordWhat = '';
  invalidCount = 0;
  invalidFirst = '';
  readonly out: CloudTrailRecord[] = [];
  readonly members: readonly string[] | undefined;
  constructor(
    private readonly stats: SourceStats,
    private readonly prefilter: RecordPrefilter | undefined,
  ) {
    this.members = prefilter?.names;
  }

  skip(view: MemberView): boolean {
    const reason = this.prefilter?.judge(view);
    if (reason === undefined) return false;
    this.stats.recordsRead++;
    this.records++;
    countSkip(this.stats, reason);
    return true;
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

/**
 * Read one file (gzip or not, told by its magic bytes) and yield its CloudTrail records, counting
 * everything else into stats. Never throws for bad content: problems become stats.errors entries
 * naming the file, and the records read before a problem are kept.
 */
export async function* readLogFile(path: string, stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  const chunk = options.chunkBytes ?? 256 * 1024;
  const fail = (reason: string, recordsLost?: number) =>
    stats.errors.push(recordsLost === undefined ? { input: path, reason } : { input: path, reason, recordsLost });
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    fail(`cannot open: ${errnoReason(e)}`);
    return;
  }
  let input: Readable | undefined;
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      fail('not a regular file');
      return;
    }
    stats.unitsRead++;
    if (st.size === 0) {
      fail('empty file');
      return;
    }
    const head = Buffer.alloc(2);
    await fh.read(head, 0, 2, 0);
    const gzip = head[0] === 0x1f && head[1] === 0x8b;
    const raw = fh.createReadStream({ start: 0, highWaterMark: chunk, autoClose: false });
    input = gzip ? pipeline(raw, createGunzip({ chunkSize: chunk }), () => {}) : raw;

    const tally = new FileTally(stats, options.prefilter);
    const scanner = new JsonRecordScanner(tally, options.maxRecordBytes);
    let checked = false;
    let readError: unknown;
    try {
      for await (const buf of chunks(input)) {
        if (!checked) {
          const why = notJson(buf);
          if (why !== undefined) {
            fail(gzip ? `${why} (inside gzip)` : why);
            return;
          }
          checked = buf.some((b) => b > 0x20);
          if (scanner.offset === 0 && startsWith(buf, BOM)) {
            scanner.push(buf.subarray(BOM.length));
            continue;
          }
        }
        scanner.push(buf);
        if (tally.out.length > 0) {
          yield* tally.out;
          tally.out.length = 0;
        }
      }
    } catch (e) {
      readError = e;
    }
    yield* tally.out;
    tally.out.length = 0;

    if (tally.invalidCount > 0) fail(`${tally.invalidCount} record(s) with invalid JSON skipped (first ${tally.invalidFirst})`, tally.invalidCount);
    if (readError !== undefined) {
      const code = (readError as NodeJS.ErrnoException).code;
      const what = code === 'Z_BUF_ERROR' ? 'truncated gzip' : gzip && code?.startsWith('Z_') ? `corrupt gzip (${(readError as Error).message})` : `read error (${errnoReason(readError)})`;
      fail(`${what} after ${tally.records} records`);
    } else if (scanner.offset === 0 || !checked) {
      fail(gzip ? 'empty file (gzip holds no data)' : 'empty file (whitespace only)');
    } else if (scanner.insideValue) {
      fail(`invalid JSON: file ends inside a record (truncated?) after ${tally.records} records`);
    }
    if (tally.nonRecords > 0) {
      if (tally.records > 0) {
        stats.recordsRead += tally.nonRecords;
        countSkip(stats, 'not-a-cloudtrail-record', tally.nonRecords);
      } else fail(`not CloudTrail JSON: ${tally.nonRecordWhat}`);
    }
  } finally {
    input?.destroy();
    await fh.close();
  }
}
