/** detect's `--logs`: local paths, s3:// URLs or both (src/sources/logs.ts). */
import { queryFilter } from '../../core/classify/index.js';
import { prefilterSpec } from '../../sources/files/index.js';
import type { TimeWindow } from '../../core/time-window.js';
import type { Playbook } from '../../playbook/load.js';
import { progressOnStderr } from '../../output/terminal.js';
import { openLogsSource } from '../../sources/logs.js';
import { isS3Url, parseRegionFilter } from '../../sources/s3/index.js';
import type { RecordSource } from '../../sources/types.js';
import { awsOptionsFrom, resolveRegion } from '../options.js';
import type { DetectOptions } from './options.js';

export function openLogs(paths: string[], opts: DetectOptions, pb: Playbook, window: TimeWindow): RecordSource {
  const s3 = paths.some(isS3Url);
  const progress = progressOnStderr();
  return openLogsSource(paths, {
    ...(opts.prefilter ? { read: { prefilter: prefilterSpec(queryFilter(pb), window) } } : {}),
    window,
    // --regions picks the region folders of an S3 archive; local files are read whatever their region.
    regions: s3 ? parseRegionFilter(opts.regions) : null,
    region: s3 ? resolveRegion(opts) : 'us-east-1',
    aws: awsOptionsFrom(opts),
    onProgress: (p) => progress.update(`S3: ${p.prefixes} prefixes listed, ${p.read} of ${p.objects} objects read so far`),
  });
}
