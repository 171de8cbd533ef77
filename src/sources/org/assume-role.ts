import { createClient, type AwsOptions, type CredentialsProvider } from '../../aws/clients.js';
import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import { AwsCallError } from '../../errors.js';

export const SESSION_NAME = 'sm-ir-detect';
// Ask for fresh credentials this long before the current ones expire (a long LookupEvents run outlives an hour).
const REFRESH_BEFORE_MS = 5 * 60_000;

/** IAM role names, optionally after a path ("incident-response/SmIrReader"). */
const ROLE_NAME = /^([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
export const isValidRoleName = (name: string): boolean => ROLE_NAME.test(name) && name.length <= 512;

export const roleArn = (account: string, roleName: string): string => `arn:aws:iam::${account}:role/${roleName}`;

/**
 * Assume the role now (so a denied role is known before any other call) and return a provider that
 * hands the SDK those credentials, assuming the role again shortly before they expire.
 */
export async function assumeRole(aws: AwsOptions, region: string, arn: string): Promise<{ credentials: CredentialsProvider; close(): void }> {
  const { AssumeRoleCommand } = await import('../../aws/sdk/sts.js');
  const sts = await createClient('sts', region, aws);
  const fetch = async () => {
    try {
      const out = await sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: SESSION_NAME }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      };
    } catch (err) {
      if (!isAccessDenied(err)) throw explainAwsError(err, 'sts', 'AssumeRole', 'sts:AssumeRole', region);
      throw new AwsCallError('sts', 'AssumeRole', `access denied assuming ${arn}`, {
        awsCode: awsErrorCode(err) as string,
        hint: `the role must exist in that account and trust the caller, and the caller needs sts:AssumeRole on ${arn}`,
        cause: err,
      });
    }
  };
  let current: Awaited<ReturnType<CredentialsProvider>>;
  try {
    current = await fetch();
  } catch (err) {
    sts.destroy();
    throw err;
  }
  return {
    credentials: async () => {
      if (current.expiration && current.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS) current = await fetch();
      return current;
    },
    close: () => sts.destroy(),
  };
}
