import { describe, expect, it } from 'vitest';
import { explainAwsError } from '../../../src/aws/errors.js';
import { AwsCallError } from '../../../src/errors.js';

const sdkError = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, $metadata: {}, ...extra });
const explain = (err: unknown) => explainAwsError(err, 'cloudtrail', 'LookupEvents', 'cloudtrail:LookupEvents', 'eu-west-1') as AwsCallError;

describe('explainAwsError', () => {
  it('no credentials from the chain: how to provide them', () => {
    const e = explain(sdkError('CredentialsProviderError', 'Could not load credentials from any providers'));
    expect(e.message).toBe('cloudtrail:LookupEvents failed: no AWS credentials found in eu-west-1');
    expect(e.hint).toContain('AWS_ACCESS_KEY_ID');
  });

  it('an expired or invalid SSO login is not "no credentials"', () => {
    for (const err of [
      sdkError('CredentialsProviderError', 'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'),
      sdkError('TokenProviderError', "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."),
    ]) {
      const e = explain(err);
      expect(e.message).toMatch(/^cloudtrail:LookupEvents failed: the SSO login has expired or is invalid in eu-west-1: /);
      expect(e.hint).toContain('aws sso login --profile');
    }
  });

  it('expired session token, AccessDenied with the action, rejected keys', () => {
    expect(explain(sdkError('ExpiredTokenException', 'The security token included in the request is expired')).message).toBe(
      'cloudtrail:LookupEvents failed: the security token has expired in eu-west-1',
    );
    const denied = explain(sdkError('AccessDeniedException', 'User: arn:aws:iam::111122223333:user/r is not authorized'));
    expect(denied.hint).toContain('cloudtrail:LookupEvents');
    expect(denied.awsCode).toBe('AccessDeniedException');
    expect(explain(sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.')).message).toContain(
      'the credentials were rejected in eu-west-1',
    );
  });
});
