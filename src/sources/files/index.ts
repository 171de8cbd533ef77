import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { emptyStats, type RecordSource, type SourceStats } from '../types.js';
import { readLogFile, readLogPlaces } from './readers.js';
import type { ReadOptions } from './scan.js';
import { checkPaths, recordNotRead, walkLogFiles, type WalkEntry } from './walk.js';
import { readWithWorkers, workerCount, workersAvailable } from './pool.js';
import { statSync } from 'node:fs';
import { PrincipalIndex } from './principals.js';
import type { ValuePlace } from './values.js';

export type { ReadOptions as FileSourceOptions } from './scan.js';
export { readLogFile, readLogBytes, readLogStream } from './readers.js';
export { isGzip } from './sniff.js';
export { prefilterSpec, type ActorPrefilterSpec, type PrefilterSpec } from './prefilter.js';
export { walkLogFiles, checkPaths, notLogFileReason, type WalkEntry } from './walk.js';

export type FileSourceStats = SourceStats;

export interface FileSource extends RecordSource {
  readonly kind: 'files';
  readonly stats: FileSourceStats;
}

/**
 * `--logs PATH...`: files and directories (recursive, sorted) of CloudTrail logs in any of the shapes
 * responders keep: S3 delivery files ({"Records":[...]}, .json or .json.gz), JSON Lines, one record,
 * an array of records, or saved `aws cloudtrail lookup-events` output. One file at a time, streamed.
 * Throws UsageError at once when a path is missing or is not a file or directory.
 */
export function createFileSource(paths: string[], options: ReadOptions = {}): FileSource {
  checkPaths(paths);
  const stats: FileSourceStats = emptyStats();
  const index = options.notePrincipals ? new PrincipalIndex() : undefined;
  return {
    kind: 'files',
    stats,
    filesHolding: (principals) => index?.filesFor(principals),
    recordsOf: (principals) => {
      const files = index?.placesFor(principals);
      return files && placesSource(files, options);
    },
    async *records(): AsyncGenerator<CloudTrailRecord> {
      const entries: WalkEntry[] = [];
      for await (const entry of walkLogFiles(paths)) entries.push(entry);
      const files = entries.flatMap((e) => (e.read ? [e.path] : []));
      stats.unitsPlanned = (stats.unitsPlanned ?? 0) + files.length;
      const workers = workersAvailable ? workerCount(files.length, totalSize(files), options.prefilter !== undefined) : 0;
      if (workers > 0) {
        yield* readWithWorkers(entries, workers, stats, options, index);
        return;
      }
      for (const entry of entries) {
        if (entry.read) yield* readLogFile(entry.path, stats, options, index);
        else recordNotRead(entry, stats);
      }
    },
  };
}

function totalSize(files: string[]): number {
  let bytes = 0;
  for (const f of files) bytes += statSync(f, { throwIfNoEntry: false })?.size ?? 0;
  return bytes;
}

/** The records at these places of these files, in order, read in the main thread (only they are decoded). */
function placesSource(files: { path: string; places: ValuePlace[] }[], options: ReadOptions): FileSource {
  const stats: FileSourceStats = emptyStats();
  return {
    kind: 'files',
    stats,
    async *records(): AsyncGenerator<CloudTrailRecord> {
      stats.unitsPlanned = files.length;
      for (const f of files) yield* readLogPlaces(f.path, f.places, stats, options);
    },
  };
}
