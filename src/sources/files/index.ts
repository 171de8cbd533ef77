import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { emptyStats, type RecordSource, type SourceStats } from '../types.js';
import { readLogFile, type ReadOptions } from './read-file.js';
import { checkPaths, walkLogFiles } from './walk.js';

export type { ReadOptions as FileSourceOptions } from './read-file.js';
export { readLogFile, readLogBytes, readLogStream, isGzip } from './read-file.js';
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
  return {
    kind: 'files',
    stats,
    async *records(): AsyncGenerator<CloudTrailRecord> {
      for await (const entry of walkLogFiles(paths)) {
        if (entry.read) yield* readLogFile(entry.path, stats, options);
        else if (entry.error === true) stats.errors.push({ input: entry.path, reason: entry.reason });
        else stats.skippedFiles.push({ input: entry.path, reason: entry.reason });
      }
    },
  };
}
