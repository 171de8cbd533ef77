import { Option, type Command } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/formats.js';
import { validateEndpointUrl, validateRegion } from '../aws/clients.js';

/** Options every AWS-facing command takes, declared once. */
export function addAwsOptions(cmd: Command, { multiRegion = false } = {}): Command {
  cmd
    .option('--profile <name>', 'named AWS profile (default: the standard credential chain)')
    .option('--region <region>', 'AWS region (default: AWS_REGION, the profile, then us-east-1)')
    .option('--endpoint-url <url>', 'send every AWS call to this endpoint (LocalStack, tests)');
  if (multiRegion) cmd.option('--regions <list>', "comma-separated regions, or 'all' for every region enabled in the account");
  return cmd;
}

export function addOutputOption(cmd: Command, allowed: readonly OutputFormat[] = OUTPUT_FORMATS, def: OutputFormat = 'table'): Command {
  return cmd.addOption(new Option('-o, --output <format>', 'output format').choices([...allowed]).default(def));
}

export interface AwsCliOptions {
  profile?: string;
  region?: string;
  regions?: string;
  endpointUrl?: string;
}

/** The region to use when one is needed: flag, environment, then us-east-1. Validated. */
export function resolveRegion(opts: AwsCliOptions, env: NodeJS.ProcessEnv = process.env): string {
  const r = opts.region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'; // an empty variable is unset
  return validateRegion(r, opts.region ? '--region' : 'AWS_REGION');
}

export function awsOptionsFrom(opts: AwsCliOptions): { profile?: string; endpointUrl?: string } {
  return {
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpointUrl ? { endpointUrl: validateEndpointUrl(opts.endpointUrl) } : {}),
  };
}
