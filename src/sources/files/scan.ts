import { closeSync, constants, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { JsonRecordScanner, type ScanSink } from './scanner.js';
import type { PrefilterSpec } from './prefilter.js';
import { chunks } from './chunks.js';
import { BOM, isGzip, notJson, startsWith } from './sniff.js';
import type { ScanOutcome } from './tally.js';
import type { ValuePlace } from './values.js';
import { specialKind } from './walk.js';

export interface ReadOptions {
  /**
   * Byte-level prefilter (issue 7): records it judges are counted under its skip reason and never
   * decoded nor JSON.parse'd. It only decides what the full path would (see prefilter.ts).
   */
  prefilter?: PrefilterSpec;
  /** Note which principals each file holds records of (principals.ts), for a second pass over fewer files. */
  notePrincipals?: boolean;
  /** Largest record accepted (CloudTrail events are at most 256 KB). */
  maxRecordBytes?: number;
  /** Read size; also the gunzip output chunk size. */
  chunkBytes?: number;
}

/**
 * Inputs up to this size on disk are read and inflated in one call instead of streamed: CloudTrail
 * writes most files far below it, and per-file stream set-up (file stream, zlib stream, their events)
 * cost more than the inflating on archives of many small files.
 */
const WHOLE_READ_BYTES = 4 * 1024 * 1024;
/** Largest inflated size taken in one call; a bigger (or bomb) input is streamed, its memory bounded. */
const WHOLE_INFLATE_BYTES = 64 * 1024 * 1024;

const chunkBytes = (options: ReadOptions): number => options.chunkBytes ?? 256 * 1024;

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (e instanceof Error ? e.message : String(e));
}

/**
 * Open, decompress (gzip told by its magic bytes) and scan one file into `sink`, yielding after each
 * chunk so the caller can hand on what the sink collected; returns how it ended. Never throws for bad
 * content. The prefilter, if any, is the sink's. Opened without blocking and judged by the open
 * descriptor, so a FIFO or device swapped in after the walk is reported, never waited on.
 */
export async function* scanFile(path: string, sink: ScanSink, options: ReadOptions = {}, places?: ValuePlace[]): AsyncGenerator<void, ScanOutcome> {
  const chunk = chunkBytes(options);
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { read: false, reason: `cannot open: ${errnoReason(e)}`, counted: false };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      // The walk saw a regular file (or it was named): it was replaced since, and is never waited on.
      const kind = specialKind(st);
      return { read: false, reason: kind ? `now ${kind}, not a regular file (replaced after the directory walk?)` : 'not a regular file', counted: false };
    }
    if (st.size === 0) return { read: false, reason: 'empty file', counted: true };
    if (st.size <= WHOLE_READ_BYTES) {
      const body = readWhole(fd, st.size);
      if (body !== undefined) {
        closeSync(fd);
        fd = undefined;
        return yield* scanBytes(body, sink, options, places);
      }
    }
    const head = Buffer.alloc(2);
    readSync(fd, head, 0, 2, 0);
    const raw = createReadStream('', { fd, start: 0, highWaterMark: chunk, autoClose: true });
    fd = undefined; // the stream closes it
    return yield* scanStream(raw, isGzip(head), sink, options, places);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The file's bytes, read synchronously (small local files: a thread-pool round trip per call costs
 * more than the read), or undefined when it no longer has the size it was stat'ed with.
 */
function readWhole(fd: number, size: number): Buffer | undefined {
  const body = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, body, got, size - got, got);
    if (n === 0) return undefined;
    got += n;
  }
  return body;
}

/**
 * Scan an input already in memory (a small file, an S3 object). A gzip that inflates in one call
 * within WHOLE_INFLATE_BYTES is scanned from the inflated bytes; any other (truncated, corrupt, too
 * large) is streamed instead, so it is reported and its readable records kept exactly as when streamed.
 */
export async function* scanBytes(body: Buffer, sink: ScanSink, options: ReadOptions = {}, places?: ValuePlace[]): AsyncGenerator<void, ScanOutcome> {
  const chunk = chunkBytes(options);
  const gzip = isGzip(body);
  let plain: Buffer | undefined = gzip ? undefined : body;
  if (gzip) {
    try {
      plain = gunzipSync(body, { maxOutputLength: WHOLE_INFLATE_BYTES, chunkSize: inflateChunk(body) });
    } catch {
      return yield* scanStream(Readable.from(pieces(body, chunk)), true, sink, options, places);
    }
  }
  return yield* readChunks(pieces(plain as Buffer, chunk), gzip, sink, options, places);
}

/**
 * Output buffer size for inflating `gzip` in one call: its trailer's size (ISIZE, the inflated length
 * mod 2^32) plus one, so zlib writes into one buffer, never concatenates pieces (a copy of the whole
 * output: 20% of the inflate's CPU on CloudTrail's files). Only a hint: a wrong or hostile trailer
 * costs a copy, never a wrong result, and the size stays within WHOLE_INFLATE_BYTES.
 */
function inflateChunk(gzip: Buffer): number {
  const isize = gzip.length >= 18 ? gzip.readUInt32LE(gzip.length - 4) : 0;
  return Math.min(Math.max(isize + 1, 64 * 1024), WHOLE_INFLATE_BYTES);
}

function* pieces(body: Buffer, chunk: number): Generator<Buffer> {
  for (let at = 0; at < body.length; at += chunk) yield body.subarray(at, at + chunk);
}

/**
 * Decompress (when the caller saw gzip's magic bytes) and scan one input's bytes into `sink`: a
 * file's stream, or an S3 object's body. Yields after each chunk; returns how it ended.
 */
export async function* scanStream(raw: Readable, gzip: boolean, sink: ScanSink, options: ReadOptions = {}, places?: ValuePlace[]): AsyncGenerator<void, ScanOutcome> {
  const chunk = chunkBytes(options);
  const input: Readable = gzip ? pipeline(raw, createGunzip({ chunkSize: chunk }), () => {}) : raw;
  try {
    return yield* readChunks(chunks(input), gzip, sink, options, places);
  } finally {
    input.destroy();
    raw.destroy();
  }
}

/** Scan decoded chunks, or with `places` take only the values there. */
function readChunks(input: AsyncIterable<Buffer> | Iterable<Buffer>, gzip: boolean, sink: ScanSink, options: ReadOptions, places: ValuePlace[] | undefined): AsyncGenerator<void, ScanOutcome> {
  return places ? takePlaces(input, gzip, sink, places) : scanChunks(input, gzip, sink, options);
}

/**
 * Hand `sink` the values at `places` (sorted by offset: where the first pass found them, in the same
 * decompressed text, a leading BOM not counted), decoding nothing else and scanning nothing: the actors'
 * timelines of a large file cost its inflating, not a second scan. Yields after each chunk. Data that ends
 * before the last place (the file changed since) is a problem, as a read error is.
 */
async function* takePlaces(input: AsyncIterable<Buffer> | Iterable<Buffer>, gzip: boolean, sink: ScanSink, places: ValuePlace[]): AsyncGenerator<void, ScanOutcome> {
  let base = 0;
  let next = 0;
  let parts: Buffer[] = [];
  let problem: string | undefined;
  let first = true;
  try {
    for await (let buf of input) {
      if (first) {
        first = false;
        if (startsWith(buf, BOM)) buf = buf.subarray(BOM.length);
      }
      const end = base + buf.length;
      for (let p = places[next]; p !== undefined && p.offset < end; p = places[next]) {
        const from = Math.max(p.offset - base, 0);
        const to = Math.min(p.offset + p.bytes - base, buf.length);
        parts.push(buf.subarray(from, to));
        if (p.offset + p.bytes > end) break; // the rest is in the next chunk
        const text = (parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts)).toString('utf8');
        parts = [];
        sink.value(p.kind, text, p.offset, p.bytes);
        next++;
      }
      base = end;
      yield;
      if (next === places.length) break;
    }
  } catch (e) {
    problem = readProblem(e, gzip);
  }
  if (problem === undefined && next < places.length) problem = 'ended before the records read there the first time (changed since?)';
  return { read: true, gzip, bytes: base, ...(problem ? { problem } : {}), empty: false, insideValue: false, wrapper: true };
}

/** A read error as the input's problem. */
function readProblem(e: unknown, gzip: boolean): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'Z_BUF_ERROR' ? 'truncated gzip' : gzip && code?.startsWith('Z_') ? `corrupt gzip (${(e as Error).message})` : `read error (${errnoReason(e)})`;
}

/** Scan decoded chunks into `sink`, yielding after each; a read error ends the input as a problem. */
async function* scanChunks(input: AsyncIterable<Buffer> | Iterable<Buffer>, gzip: boolean, sink: ScanSink, options: ReadOptions): AsyncGenerator<void, ScanOutcome> {
  const scanner = new JsonRecordScanner(sink, options.maxRecordBytes);
  let checked = false;
  let problem: string | undefined;
  try {
    for await (const buf of input) {
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
    problem = readProblem(e, gzip);
  }
  return { read: true, gzip, bytes: scanner.offset, ...(problem ? { problem } : {}), empty: scanner.offset === 0 || !checked, insideValue: scanner.insideValue, wrapper: scanner.sawWrapper };
}
