/** detect's `--logs`: local paths, s3:// URLs or both (src/sources/logs.ts). */
import { queryFilter } from '../../core/classify/index.js';
import { prefilterSpec, type ActorPrefilterSpec } from '../../sources/files/index.js';
import type { TimeWindow } from '../../core/time-window.js';
import type { Playbook } from '../../playbook/load.js';
import { openLogsSource } from '../../sources/logs.js';
import { isS3Url } from '../../sources/s3/index.js';
import type { RegionFilter } from '../../core/region-filter.js';
import type { RecordSource } from '../../sources/types.js';
import type { AwsContext } from '../options.js';

/**
 * `prefilter`: detect's (records no rule reads are skipped), the actors' timelines pass (records of no listed
 * actor are skipped), or none (--no-prefilter). `regions`: --regions as detect filters records by it (records
 * of other regions are skipped as outside-regions).
 */
export function openLogs(
  paths: string[],
  prefilter: 'rules' | ActorPrefilterSpec | 'none',
  ctx: AwsContext,
  pb: Playbook,
  window: TimeWindow,
  regions?: RegionFilter,
): RecordSource {
  const s3 = paths.some(isS3Url);
  return openLogsSource(paths, {
    // detect's pass notes which principals each file holds: the timelines' pass re-reads only the actors' files.
    ...(prefilter === 'none' ? {} : { read: prefilter === 'rules' ? { prefilter: prefilterSpec(queryFilter(pb), window, regions), notePrincipals: true } : { prefilter } }),
    window,
    // Only those regions' folders of an S3 archive are listed.
    regions: regions ? new Set(regions.regions) : null,
    region: s3 ? ctx.region : 'us-east-1',
    aws: ctx.client,
    // Progress (objects found and read, bytes, records) is drawn by detect from the source's stats.
  });
}
