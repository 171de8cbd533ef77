import { createClient, type AwsOptions } from '../../aws/clients.js';
import { awsErrorCode, explainAwsError } from '../../aws/errors.js';
import { AwsCallError } from '../../errors.js';

/**
 * The organization's active accounts (Organizations ListAccounts, every page), sorted. Suspended,
 * closed and pending accounts are left out: their events cannot be looked up. `State` replaced the
 * deprecated `Status`; both are read.
 */
export async function listActiveAccounts(aws: AwsOptions, region: string): Promise<string[]> {
  const { ListAccountsCommand } = await import('../../aws/sdk/organizations.js');
  const client = await createClient('organizations', region, aws);
  const ids: string[] = [];
  let token: string | undefined;
  try {
    do {
      const out = await client.send(new ListAccountsCommand(token ? { NextToken: token } : {}));
      for (const a of out.Accounts ?? []) if (a.Id && (a.State ?? a.Status) === 'ACTIVE') ids.push(a.Id);
      token = out.NextToken;
    } while (token);
  } catch (err) {
    if (awsErrorCode(err) === 'AWSOrganizationsNotInUseException') {
      throw new AwsCallError('organizations', 'ListAccounts', 'the caller\'s account is not in an organization', {
        awsCode: 'AWSOrganizationsNotInUseException',
        hint: 'run without --org to read this account only',
        cause: err,
      });
    }
    const e = explainAwsError(err, 'organizations', 'ListAccounts', 'organizations:ListAccounts', region);
    if (e instanceof AwsCallError && e.awsCode?.startsWith('AccessDenied')) {
      throw new AwsCallError('organizations', 'ListAccounts', e.message.replace(/^organizations:ListAccounts failed: /, ''), {
        awsCode: e.awsCode,
        hint: 'run --org from the management account or a delegated administrator, with organizations:ListAccounts',
        cause: err,
      });
    }
    throw e;
  } finally {
    client.destroy();
  }
  return ids.sort();
}

/** The caller's own account (STS GetCallerIdentity). */
export async function callerAccount(aws: AwsOptions, region: string): Promise<string> {
  const { GetCallerIdentityCommand } = await import('../../aws/sdk/sts.js');
  const client = await createClient('sts', region, aws);
  try {
    const out = await client.send(new GetCallerIdentityCommand({}));
    return out.Account as string;
  } catch (err) {
    throw explainAwsError(err, 'sts', 'GetCallerIdentity', 'sts:GetCallerIdentity (always allowed)', region);
  } finally {
    client.destroy();
  }
}
