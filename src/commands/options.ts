import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS } from '../output/formats.js';
import { validateEndpointUrl, validateRegion } from '../aws/clients.js';
import { profileRegion } from '../aws/profile.js';
import { UsageError } from '../errors.js';

/** Options every AWS-facing command takes, declared once. */
export function addAwsOptions(cmd: Command, { multiRegion = false } = {}): Command {
  cmd
    .option('--profile <name>', 'named AWS profile (default: the standard credential chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION, the profile, then us-east-1)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (LocalStack, tests)');
  if (multiRegion) cmd.option('--regions <list>', "comma-separated regions, or 'all' for every region enabled in the account");
  return cmd;
}

export function addOutputOption(cmd: Command, allowed: readonly string[] = OUTPUT_FORMATS, def = 'table'): Command {
  return cmd.addOption(new Option('-o, --output <format>', 'output format').choices([...allowed]).default(def));
}

export interface AwsCliOptions {
  profile?: string;
  region?: string;
  regions?: string;
  endpointUrl?: string;
}

/** The AWS side of a command, resolved once at its edge: everything below takes this, never the raw options. */
export interface AwsContext {
  /** The home region: --region, AWS_REGION/AWS_DEFAULT_REGION, the profile's region, then us-east-1 (validated). */
  region: string;
  /** --regions as given (a list or 'all'), checked against the account's regions where they are read. */
  regions?: string;
  /** Whether --region was given explicitly (some sources read only that region then). */
  regionGiven: boolean;
  /** What the client factory needs: the named profile and the endpoint URL (validated). */
  client: { profile?: string; endpointUrl?: string };
}

/**
 * Where --region names the one region to read (detect's live and --org sources, prepare's Config
 * rules), --regions names the list: both at once is a contradiction, not a choice to make silently.
 * `--regions all` names no region, so --region with it stays the home region the enabled regions are
 * discovered from (DescribeRegions). (For S3, Athena and the Athena table, --region is where the
 * bucket or engine is and --regions picks the data, so there they go together.)
 */
export function refuseRegionWithRegions(ctx: AwsContext): void {
  if (ctx.regionGiven && ctx.regions !== undefined && ctx.regions !== 'all') {
    throw new UsageError(`--region ${ctx.region} and --regions ${ctx.regions} both say which regions to read`, 'give one: --regions a,b (or all) for several, --region r for one');
  }
}

export async function resolveAwsContext(opts: AwsCliOptions, env: NodeJS.ProcessEnv = process.env): Promise<AwsContext> {
  return {
    region: await resolveRegion(opts, env),
    ...(opts.regions !== undefined ? { regions: opts.regions } : {}),
    regionGiven: Boolean(opts.region),
    client: {
      ...(opts.profile ? { profile: opts.profile } : {}),
      ...(opts.endpointUrl ? { endpointUrl: validateEndpointUrl(opts.endpointUrl) } : {}),
    },
  };
}

/**
 * The region to use when one is needed, as the AWS CLI finds it: --region, AWS_REGION (or
 * AWS_DEFAULT_REGION), the profile's `region` in the shared config file, then us-east-1. Validated,
 * naming where a bad value came from.
 */
export async function resolveRegion(opts: AwsCliOptions, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (opts.region) return validateRegion(opts.region, '--region');
  const fromEnv = env.AWS_REGION || env.AWS_DEFAULT_REGION; // an empty variable is unset
  if (fromEnv) return validateRegion(fromEnv, env.AWS_REGION ? 'AWS_REGION' : 'AWS_DEFAULT_REGION');
  const profile = opts.profile || env.AWS_PROFILE || 'default';
  const fromProfile = await profileRegion(profile, env);
  if (fromProfile) return validateRegion(fromProfile, `the region of profile '${profile}'`);
  return 'us-east-1';
}
