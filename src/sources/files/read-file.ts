import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { asCloudTrailRecord, type CloudTrailRecord } from '../../core/cloudtrail.js';
import { countSkip, type SourceStats } from '../types.js';
import { JsonRecordScanner, type ValueKind } from './scanner.js';

export interface ReadOptions {
  /**
   * Prefilter (issue 7): gets a record's JSON text as it is in the file (for lookup-events output,
   * the CloudTrailEvent string) and returns false when the record cannot produce a finding; it is
   * then counted as 'unwatched-source' and never JSON.parse'd. Must never reject a record that could match.
   */
  candidate?: (rawRecordText: string) => boolean;
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
class FileTally {
  records = 0; // values that were CloudTrail records, Insights events or prefiltered records
  nonRecords = 0; // top-level values that are not CloudTrail records (judged when the file ends)
  nonRecordWhat = '';
  invalid = 0;
  invalidFirst = '';
  readonly out: CloudTrailRecord[] = [];
  constructor(
    private readonly stats: SourceStats,
    private readonly candidate: ((t: string) => boolean) | undefined,
  ) {}

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
    if (this.candidate !== undefined && !this.candidate(text)) {
      this.stats.recordsRead++;
      this.records++;
      countSkip(this.stats, 'unwatched-source');
      return;
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

  invalidValue(reason: string, offset: number): void {
    this.stats.recordsRead++;
    if (this.invalid++ === 0) this.invalidFirst = `at byte ${offset}: ${reason}`;
  }

  private parse(text: string, offset: number): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch (e) {
      this.invalidValue((e as Error).message, offset);
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
  const fail = (reason: string) => stats.errors.push({ input: path, reason });
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    fail(`cannot open: ${errnoReason(e)}`);
    return;
  }
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
    const raw = fh.createReadStream({ start: 0, highWaterMark: chunk, autoClose: false });
    yield* readLogStream(path, raw, isGzip(head), stats, options);
  } finally {
    await fh.close();
  }
}

export const isGzip = (head: Uint8Array): boolean => head[0] === 0x1f && head[1] === 0x8b;

/**
 * The same reader over bytes already in memory (an S3 object): `input` names it in stats.errors.
 * The caller counts it in stats.unitsRead.
 */
export async function* readLogBytes(input: string, body: Buffer, stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  if (body.length === 0) {
    stats.errors.push({ input, reason: 'empty file' });
    return;
  }
  const chunk = options.chunkBytes ?? 256 * 1024;
  const pieces = function* (): Generator<Buffer> {
    for (let at = 0; at < body.length; at += chunk) yield body.subarray(at, at + chunk);
  };
  yield* readLogStream(input, Readable.from(pieces()), isGzip(body), stats, options);
}

/**
 * Decompress (when gzip, told by the caller from the first bytes) and scan one input's bytes; see
 * readLogFile for what is counted and reported. `name` names the input in stats.errors.
 */
export async function* readLogStream(
  name: string,
  raw: Readable,
  gzip: boolean,
  stats: SourceStats,
  options: ReadOptions,
): AsyncGenerator<CloudTrailRecord> {
  const chunk = options.chunkBytes ?? 256 * 1024;
  const fail = (reason: string, recordsLost?: number) =>
    stats.errors.push(recordsLost === undefined ? { input: name, reason } : { input: name, reason, recordsLost });
  const input: Readable = gzip ? pipeline(raw, createGunzip({ chunkSize: chunk }), () => {}) : raw;
  try {
    const tally = new FileTally(stats, options.candidate);
    const scanner = new JsonRecordScanner(
      { value: (k, t, o) => tally.value(k, t, o), invalid: (r, o) => tally.invalidValue(r, o) },
      options.maxRecordBytes,
    );
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

    if (tally.invalid > 0) fail(`${tally.invalid} record(s) with invalid JSON skipped (first ${tally.invalidFirst})`, tally.invalid);
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
    input.destroy();
    raw.destroy();
  }
}
