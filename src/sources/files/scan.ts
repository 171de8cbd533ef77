import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { JsonRecordScanner, type ScanSink } from './scanner.js';
import type { PrefilterSpec } from './prefilter.js';
import { chunks } from './chunks.js';
import { BOM, isGzip, notJson, startsWith } from './sniff.js';
import type { ScanOutcome } from './tally.js';

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

function errnoReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return code ?? (e instanceof Error ? e.message : String(e));
}

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
