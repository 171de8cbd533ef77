import { AwsCallError, SmIrError } from '../errors.js';

interface SdkLikeError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'AccessDeniedForDependencyException',
]);
const BAD_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'IncompleteSignature', 'InvalidAccessKeyId']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);

export function awsErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as SdkLikeError;
  return e.Code ?? e.name;
}

export function isAccessDenied(err: unknown): boolean {
  const code = awsErrorCode(err);
  return code !== undefined && ACCESS_DENIED.has(code);
}

/** The credentials themselves failed (none, rejected, expired): no other call can succeed, so a run stops. */
export function isCredentialProblem(err: unknown): boolean {
  const name = (err as SdkLikeError | null)?.name;
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') return true;
  const code = awsErrorCode(err);
  return code !== undefined && (BAD_CREDENTIALS.has(code) || EXPIRED.has(code));
}

/**
 * Turn an SDK error into an AwsCallError a person can act on: AccessDenied names the IAM action that
 * was missing, credential problems say how to provide credentials. `iamAction` is what the call
 * needs, e.g. "cloudtrail:LookupEvents".
 */
export function explainAwsError(err: unknown, service: string, operation: string, iamAction: string, region?: string): SmIrError {
  if (err instanceof SmIrError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkLikeError;
  const code = awsErrorCode(err);
  const message = e.message ?? String(err);
  const requestId = e.$metadata?.requestId;
  const where = region ? ` in ${region}` : '';
  const base = { ...(code ? { awsCode: code } : {}), ...(requestId ? { requestId } : {}), cause: err };
  const fromChain = e.name === 'CredentialsProviderError' || e.name === 'TokenProviderError';
  if (fromChain && /SSO session|token is expired/i.test(message)) {
    // The chain found an SSO profile but its login is stale: "no credentials" would send the user the wrong way.
    return new AwsCallError(service, operation, `the SSO login has expired or is invalid${where}: ${message}`, {
      ...base,
      hint: 'run `aws sso login --profile <profile>` and run again',
    });
  }
  if (fromChain || /Could not load credentials|credential.*not.*found/i.test(message)) {
    return new AwsCallError(service, operation, `no AWS credentials found${where}`, {
      ...base,
      hint: 'set AWS_PROFILE or pass --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    });
  }
  if (code && ACCESS_DENIED.has(code)) {
    return new AwsCallError(service, operation, `access denied${where}: ${message}`, {
      ...base,
      hint: `the caller needs the IAM permission ${iamAction} (check identity policies, permission boundaries and SCPs)`,
    });
  }
  if (code && EXPIRED.has(code)) {
    return new AwsCallError(service, operation, `the security token has expired${where}`, {
      ...base,
      hint: 'refresh the credentials (for SSO: `aws sso login --profile ...`) and run again',
    });
  }
  if (code && BAD_CREDENTIALS.has(code)) {
    return new AwsCallError(service, operation, `the credentials were rejected${where}: ${message}`, {
      ...base,
      hint: 'check the access key and secret, or the profile in use (--profile / AWS_PROFILE)',
    });
  }
  if (code === 'OptInRequired' || /not (enabled|subscribed)|opt-?in/i.test(message)) {
    return new AwsCallError(service, operation, `the region is not enabled for this account${where}`, {
      ...base,
      hint: 'enable the region in the account settings, or leave it out of --regions',
    });
  }
  return new AwsCallError(service, operation, `${code ?? 'error'}${where}: ${message}`, base);
}
