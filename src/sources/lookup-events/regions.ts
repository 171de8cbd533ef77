import { createClient, type AwsOptions } from '../../aws/clients.js';
import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import { UsageError } from '../../errors.js';

/** Every account of the commercial partition has us-east-1 enabled (IAM records its events there). */
const ALWAYS_ENABLED = 'us-east-1';
// What AWS answers for a region that does not exist or is not enabled: no DNS name, or the
// credentials "rejected" there while they work elsewhere.
const REGION_UNREACHABLE = new Set(['ENOTFOUND', 'EAI_AGAIN', 'UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure']);
// One cheap call: a misspelt region's DNS failure should not be retried for seconds.
const DESCRIBE_ATTEMPTS = 3;

function unreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return REGION_UNREACHABLE.has(typeof code === 'string' ? code : (awsErrorCode(err) ?? ''));
}

async function describeRegions(aws: AwsOptions, region: string): Promise<string[]> {
  const { DescribeRegionsCommand } = await import('../../aws/sdk/ec2.js');
  const ec2 = await createClient('ec2', region, { ...aws, maxAttempts: DESCRIBE_ATTEMPTS });
  try {
    const out = await ec2.send(new DescribeRegionsCommand({}));
    return (out.Regions ?? [])
      .filter((r) => r.OptInStatus !== 'not-opted-in')
      .map((r) => r.RegionName)
      .filter((n): n is string => typeof n === 'string')
      .sort();
  } finally {
    ec2.destroy();
  }
}

/**
 * The account's enabled regions (for `--regions all`, and to check requested ones), from EC2
 * DescribeRegions: without AllRegions it lists the regions enabled for the account, opt-in regions
 * only once opted in. Asked in `region`; when that region cannot answer (misspelt, not enabled), asked
 * again in us-east-1 so the caller can say which regions do exist.
 */
export async function discoverRegions(aws: AwsOptions, region: string): Promise<string[]> {
  let asked = region;
  try {
    return await describeRegions(aws, region);
  } catch (err) {
    if (region !== ALWAYS_ENABLED && unreachable(err)) {
      asked = ALWAYS_ENABLED;
      try {
        return await describeRegions(aws, ALWAYS_ENABLED);
      } catch (again) {
        throw explainAwsError(again, 'ec2', 'DescribeRegions', 'ec2:DescribeRegions', asked);
      }
    }
    throw explainAwsError(err, 'ec2', 'DescribeRegions', 'ec2:DescribeRegions', asked);
  }
}

/**
 * Check explicitly requested regions against the enabled ones, before any LookupEvents call: a
 * misspelt or disabled region otherwise fails late (DNS errors, "invalid token"). Without
 * ec2:DescribeRegions the check is skipped (`onUnchecked` says so): the regions were named, not discovered.
 */
export async function checkRegions(
  requested: readonly string[],
  aws: AwsOptions,
  flag: string,
  onUnchecked?: (reason: string) => void,
): Promise<void> {
  let enabled: string[];
  try {
    enabled = await discoverRegions(aws, requested[0] ?? ALWAYS_ENABLED);
  } catch (err) {
    if (!isAccessDenied((err as { cause?: unknown }).cause)) throw err;
    onUnchecked?.(`${flag} not checked against the account's enabled regions (ec2:DescribeRegions is denied)`);
    return;
  }
  checkRequestedRegions(requested, enabled, flag);
}

export function checkRequestedRegions(requested: readonly string[], enabled: readonly string[], flag = '--regions'): void {
  const unknown = requested.filter((r) => !enabled.includes(r));
  if (unknown.length > 0) {
    throw new UsageError(
      `${flag}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a region' : 'are not regions'} enabled for this account (misspelt, or an opt-in region not enabled)`,
      `enabled regions: ${enabled.join(', ')}${flag === '--regions' ? ' (or use --regions all)' : ''}`,
    );
  }
}
