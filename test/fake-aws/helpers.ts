/** Shared bits for tests that drive real SDK clients against the fake. */
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';

// The SDK's Node 22 notice is for maintainers, not test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
export const SECRET_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';

/** SDK client config pointing at the fake with the documented example credentials. */
export function clientConfig(url: string, region: string, maxAttempts = 3) {
  return {
    region,
    endpoint: url,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
    maxAttempts,
  };
}

let seq = 0;
/** A CloudTrail management-event record as delivered by CloudTrail (eventVersion 1.09). */
export function record(overrides: Partial<CloudTrailRecord> & { eventTime: string }): CloudTrailRecord {
  seq += 1;
  const id = `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEID:alice',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/DataScientist/alice`,
      accountId: ACCOUNT,
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      sessionContext: { sessionIssuer: { type: 'Role', arn: `arn:aws:iam::${ACCOUNT}:role/DataScientist`, accountId: ACCOUNT, userName: 'DataScientist' } },
    },
    eventSource: 'sagemaker.amazonaws.com',
    eventName: 'CreatePresignedNotebookInstanceUrl',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { notebookInstanceName: 'nb-1' },
    responseElements: null,
    requestID: `req-${seq}`,
    eventID: id,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}
