/**
 * `--logs PATH|s3://bucket/prefix ...`: local files and directories, S3 archives, or both. Local paths
 * and URLs are all checked before anything is read; with both, the files are read first, then S3,
 * counted in one set of stats.
 */
import type { AwsOptions } from '../aws/clients.js';
import type { CloudTrailRecord } from '../core/cloudtrail.js';
import type { TimeWindow } from '../core/time-window.js';
import { createFileSource, type FileSourceOptions } from './files/index.js';
import { checkLogsArgument, createS3Source, isS3Url, type S3Progress } from './s3/index.js';
import type { RecordSource } from './types.js';

export interface LogsSourceOptions {
  read?: FileSourceOptions;
  /** For S3 URLs only: */
  window: TimeWindow;
  regions: Set<string> | null;
  region: string;
  aws?: AwsOptions;
  now?: Date;
  onProgress?: (p: Readonly<S3Progress>) => void;
}

export function openLogsSource(paths: string[], options: LogsSourceOptions): RecordSource {
  for (const p of paths) checkLogsArgument(p);
  const urls = paths.filter(isS3Url);
  const local = paths.filter((p) => !isS3Url(p));
  if (urls.length === 0) return createFileSource(local, options.read);
  const files = local.length > 0 ? createFileSource(local, options.read) : undefined;
  const s3 = createS3Source({ ...options, urls, ...(files ? { stats: files.stats } : {}) });
  if (!files) return s3;
  return {
    kind: 'files+s3',
    stats: files.stats,
    inputs: paths,
    isPartial: () => s3.isPartial(),
    async *records(): AsyncGenerator<CloudTrailRecord> {
      yield* files.records();
      yield* s3.records();
    },
  };
}
