import { validateRegion } from '../../aws/clients.js';
import { UsageError } from '../../errors.js';
import { checkRegions, discoverRegions } from '../../sources/lookup-events/index.js';
import type { AwsContext } from '../options.js';

/**
 * `--regions all` (or neither --regions nor --region): the account's enabled regions. `--regions a,b`
 * or `--region r` alone: those, checked against the enabled ones so a typo fails before any
 * LookupEvents call. IAM events are read in us-east-1, where they are recorded, whatever the regions.
 */
export async function resolveRegions(ctx: AwsContext, note: (line: string) => void = () => {}): Promise<string[]> {
  const home = ctx.region;
  const aws = ctx.client;
  const requested = ctx.regions?.trim();
  if (requested === undefined && ctx.regionGiven) {
    await checkRegions([home], aws, '--region', note);
    return [home];
  }
  if (requested === undefined || requested === 'all') return discoverRegions(aws, home);
  const list = [...new Set(requested.split(',').map((r) => r.trim()).filter((r) => r !== ''))];
  if (list.length === 0) throw new UsageError("--regions: give a comma-separated list of regions, or 'all'");
  for (const r of list) validateRegion(r, '--regions');
  await checkRegions(list, aws, '--regions', note);
  return list;
}
