import { createClient, type AwsOptions } from '../../aws/clients.js';
import { explainAwsError } from '../../aws/errors.js';
import { UsageError } from '../../errors.js';

/**
 * The account's enabled regions (for `--regions all`), from EC2 DescribeRegions: without AllRegions
 * it lists the regions enabled for the account, opt-in regions only once opted in.
 */
export async function discoverRegions(aws: AwsOptions, region: string): Promise<string[]> {
  const { DescribeRegionsCommand } = await import('@aws-sdk/client-ec2');
  const ec2 = await createClient('ec2', region, aws);
  try {
    const out = await ec2.send(new DescribeRegionsCommand({}));
    return (out.Regions ?? [])
      .filter((r) => r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName)
      .filter((n): n is string => typeof n === 'string')
      .sort();
  } catch (err) {
    throw explainAwsError(err, 'ec2', 'DescribeRegions', 'ec2:DescribeRegions', region);
  } finally {
    ec2.destroy();
  }
}

/**
 * Refuse requested regions that are not among the account's enabled regions, before any LookupEvents
 * call: a misspelt or disabled region otherwise fails late (DNS errors, "invalid token").
 */
export function checkRequestedRegions(requested: readonly string[], enabled: readonly string[]): void {
  const unknown = requested.filter((r) => !enabled.includes(r));
  if (unknown.length > 0) {
    throw new UsageError(
      `--regions: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not enabled for this account`,
      `enabled regions: ${enabled.join(', ')} (or use --regions all)`,
    );
  }
}
