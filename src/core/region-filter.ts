/**
 * `--regions a,b` over log files and S3 archives: the records whose `awsRegion` is one of them, as
 * CloudTrail files them (an archive's region folders hold the records of that region). Global
 * services record their events in one region (IAM: us-east-1), so a list without it leaves them out:
 * detect says so. Plain data, so worker threads get it too.
 */
export interface RegionFilter {
  regions: string[];
}

/** Whether a record recorded in `awsRegion` is in the filter's regions (no region: not). */
export function inRegions(filter: RegionFilter, awsRegion: unknown): boolean {
  return typeof awsRegion === 'string' && filter.regions.includes(awsRegion);
}
