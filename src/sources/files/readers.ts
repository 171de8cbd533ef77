import type { Readable } from 'node:stream';
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import type { SourceStats } from '../types.js';
import { scanBytes, scanFile, scanStream, type ReadOptions } from './scan.js';
import { FileTally, finishFile, type ScanOutcome } from './tally.js';
import { FilePrincipals, type PrincipalIndex } from './principals.js';
import type { ValuePlace } from './values.js';

/**
 * Read one file and yield its CloudTrail records, counting everything else into stats. Never throws
 * for bad content: problems become stats.errors entries naming the file, and the records read
 * before a problem are kept.
 */
export function readLogFile(path: string, stats: SourceStats, options: ReadOptions = {}, index?: PrincipalIndex): AsyncGenerator<CloudTrailRecord> {
  const tally = new FileTally(stats, options.prefilter, index && new FilePrincipals());
  return drain(path, scanFile(path, tally, options), tally, stats, index);
}

/** The records of one file at these places (a first pass's PrincipalIndex.placesFor), nothing else decoded. */
export function readLogPlaces(path: string, places: ValuePlace[], stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  const tally = new FileTally(stats);
  return drain(path, scanFile(path, tally, options, places), tally, stats);
}

/** The same reader over an input's stream (a large S3 object's body); `name` names it in stats.errors. */
export function readLogStream(name: string, raw: Readable, gzip: boolean, stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  const tally = new FileTally(stats, options.prefilter);
  return drain(name, scanStream(raw, gzip, tally, options), tally, stats);
}

/** The same reader over bytes already in memory (an S3 object); `name` names it in stats.errors. */
export function readLogBytes(name: string, body: Buffer, stats: SourceStats, options: ReadOptions = {}): AsyncGenerator<CloudTrailRecord> {
  const tally = new FileTally(stats, options.prefilter);
  const scan = async function* (): AsyncGenerator<void, ScanOutcome> {
    if (body.length === 0) return { read: false, reason: 'empty file', counted: true };
    return yield* scanBytes(body, tally, options);
  };
  return drain(name, scan(), tally, stats);
}

/** Hand on the records the tally collects after each chunk, then fold how the input ended into stats. */
async function* drain(name: string, scan: AsyncIterator<void, ScanOutcome>, tally: FileTally, stats: SourceStats, index?: PrincipalIndex): AsyncGenerator<CloudTrailRecord> {
  try {
    for (;;) {
      const step = await scan.next();
      if (tally.out.length > 0) {
        yield* tally.out;
        tally.out.length = 0;
      }
      if (step.done === true) {
        finishFile(name, step.value, tally, stats);
        if (tally.principals) index?.add(name, tally.principals.places);
        return;
      }
    }
  } finally {
    // Closes the scan (its file handle) when the consumer stops early; after the end, a no-op.
    await scan.return?.();
  }
}
