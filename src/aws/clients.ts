/**
 * The one factory for AWS clients. Clients are created when a command runs, never at import, and
 * the SDK module is imported lazily so `sm-ir --help` never loads it. Every client gets the same
 * credential chain (env, --profile, SSO, container and instance roles), endpoint and retry policy.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { STSClient } from '@aws-sdk/client-sts';
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { S3Client } from '@aws-sdk/client-s3';
import type { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { UsageError } from '../errors.js';
import { checkProfileExists } from './profile.js';
import type { RetryStrategyLike } from './retry.js';

/** Credentials the SDK asks for before each call (e.g. an assumed role's, refreshed before they expire). */
export type CredentialsProvider = () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }>;

export interface AwsOptions {
  /** --profile: a named profile from ~/.aws/config and ~/.aws/credentials. */
  profile?: string;
  /** --endpoint-url: one endpoint for every service (LocalStack, the test fake). */
  endpointUrl?: string;
  /** Attempts per call, first one included; throttling and 5xx are retried with backoff. */
  maxAttempts?: number;
  /** Instead of the standard chain: another account's credentials (detect --org). */
  credentials?: CredentialsProvider;
  /** Replaces the standard retry mode (e.g. pacedRetryStrategy() to keep retries under a rate limit). */
  retryStrategy?: RetryStrategyLike;
}

interface ClientTypes {
  cloudtrail: CloudTrailClient;
  sagemaker: SageMakerClient;
  organizations: OrganizationsClient;
  sts: STSClient;
  ec2: EC2Client;
  config: ConfigServiceClient;
  iam: IAMClient;
  athena: AthenaClient;
  s3: S3Client;
  accessanalyzer: AccessAnalyzerClient;
}
export type ServiceName = keyof ClientTypes;

/**
 * Each client class through its own one-line module (src/aws/sdk/): the bundler (scripts/build.mjs) treats
 * everything an import() reaches as used, so importing the SDK package itself would keep all of its
 * service's operations; this way a command loads only the operations it imports.
 */
const LOADERS: { [K in ServiceName]: () => Promise<new (config: object) => ClientTypes[K]> } = {
  cloudtrail: async () => (await import('./sdk/cloudtrail.js')).CloudTrailClient,
  sagemaker: async () => (await import('./sdk/sagemaker.js')).SageMakerClient,
  organizations: async () => (await import('./sdk/organizations.js')).OrganizationsClient,
  sts: async () => (await import('./sdk/sts.js')).STSClient,
  ec2: async () => (await import('./sdk/ec2.js')).EC2Client,
  config: async () => (await import('./sdk/config.js')).ConfigServiceClient,
  iam: async () => (await import('./sdk/iam.js')).IAMClient,
  athena: async () => (await import('./sdk/athena.js')).AthenaClient,
  s3: async () => (await import('./sdk/s3.js')).S3Client,
  accessanalyzer: async () => (await import('./sdk/accessanalyzer.js')).AccessAnalyzerClient,
};

export const DEFAULT_MAX_ATTEMPTS = 8;
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function validateRegion(region: string, flag = '--region'): string {
  if (!REGION_PATTERN.test(region)) {
    throw new UsageError(`${flag}: '${region}' is not an AWS region name`, 'regions look like us-east-1 or eu-west-2');
  }
  return region;
}

export function validateEndpointUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new UsageError(`--endpoint-url: '${value}' is not a URL`, 'for example http://127.0.0.1:4566');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new UsageError(`--endpoint-url: '${value}' must be http:// or https://`);
  }
  return value;
}

// One look-up per run, however many clients are created.
const profileChecks = new Map<string, Promise<void>>();

function checkProfileOnce(options: AwsOptions): Promise<void> {
  const [profile, flag] = options.profile ? [options.profile, '--profile'] : [process.env.AWS_PROFILE, 'AWS_PROFILE'];
  if (!profile) return Promise.resolve();
  const key = `${flag}\0${profile}`;
  if (!profileChecks.has(key)) profileChecks.set(key, checkProfileExists(profile, flag));
  return profileChecks.get(key) as Promise<void>;
}

/** Create a client for one service in one region; a named profile must exist. */
export async function createClient<K extends ServiceName>(
  service: K,
  region: string,
  options: AwsOptions = {},
): Promise<ClientTypes[K]> {
  // The SDK's "releases after January 2027 need Node 22" notice is for maintainers (SDK versions are pinned), not responders; an explicit user setting wins.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ||= 'true';
  await checkProfileOnce(options);
  const Client = await LOADERS[service]();
  return new Client({
    region,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    // With a custom endpoint the SDK would put the bucket in the host name (bucket.localhost:4566),
    // which needs wildcard DNS that local endpoints (LocalStack, the test fake) do not have: path-style
    // (/bucket/key) reaches them as they are. On AWS itself virtual-hosted style stays the default.
    ...(service === 's3' && options.endpointUrl ? { forcePathStyle: true } : {}),
    // A trail's bucket may live in another region than --region: follow S3's redirect to it.
    ...(service === 's3' ? { followRegionRedirects: true } : {}),
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : { retryMode: 'standard' }),
  });
}
