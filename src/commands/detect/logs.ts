/** detect's `--logs`: local paths, s3:// URLs or both (src/sources/logs.ts). */
import { queryFilter } from '../../core/classify/index.js';
import { prefilterSpec } from '../../sources/files/index.js';
import type { TimeWindow } from '../../core/time-window.js';
import type { Playbook } from '../../playbook/load.js';
import { progressOnStderr } from '../../output/terminal.js';
import { openLogsSource } from '../../sources/logs.js';
import { isS3Url, parseRegionFilter } from '../../sources/s3/index.js';
import type { RecordSource } from '../../sources/types.js';
import type { AwsContext } from '../options.js';

export function openLogs(paths: string[], opts: { prefilter: boolean }, ctx: AwsContext, pb: Playbook, window: TimeWindow): RecordSource {
  const s3 = paths.some(isS3Url);
  const progress = progressOnStderr();
  return openLogsSource(paths, {
    ...(opts.prefilter ? { read: { prefilter: prefilterSpec(queryFilter(pb), window) } } : {}),
    window,
    // --regions picks the region folders of an S3 archive; local files are read whatever their region.
    regions: s3 ? parseRegionFilter(ctx.regions) : null,
    region: s3 ? ctx.region : 'us-east-1',
    aws: ctx.client,
    onProgress: (p) => progress.update(`S3: ${p.prefixes} prefixes listed, ${p.read} of ${p.objects} objects read so far`),
  });
}
