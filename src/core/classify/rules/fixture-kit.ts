// What every rule's fixtures.ts is built from: CloudTrail records of the real shape, with AWS's documented
// example keys and this project's example accounts. Test data only: tsconfig.json leaves it and the
// fixtures out of the build, so nothing here reaches dist/ or the CLI's runtime path.
import type { CloudTrailRecord, UserIdentity } from '../../cloudtrail.js';

/** One scenario for a rule: a single record, or the sequence a correlation rule needs, classified on its own. */
export interface FixtureCase {
  name: string;
  records: CloudTrailRecord[];
}

/** A rule's fixtures: attacks it must flag, and benign look-alikes it must leave alone. */
export interface RuleFixtures {
  attack: FixtureCase[];
  nearMiss: FixtureCase[];
}

export const ACCOUNT = '111122223333';
export const OTHER_ACCOUNT = '444455556666';
const SM = 'sagemaker.amazonaws.com';

/** Identities in CloudTrail's shapes (documented example keys and accounts). */
export const attacker: UserIdentity = {
  type: 'AssumedRole',
  principalId: 'AROAIOSFODNN7EXAMPLE:mallory',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/DataScientist/mallory`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAIOSFODNN7EXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/DataScientist`, accountId: ACCOUNT, userName: 'DataScientist' },
    attributes: { creationDate: '2026-11-27T08:00:00Z', mfaAuthenticated: 'false' },
  },
};

export const keyUser: UserIdentity = {
  type: 'IAMUser',
  principalId: 'AIDAIOSFODNN7EXAMPLE',
  arn: `arn:aws:iam::${ACCOUNT}:user/intern`,
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  userName: 'intern',
};

let counter = 0;
/** A management event of CloudTrail's shape, by the attacker on SageMaker unless `over` says otherwise; eventID is unique unless given. */
export function rec(eventName: string, requestParameters: Record<string, unknown> | null, over: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  counter++;
  return {
    eventVersion: '1.09',
    userIdentity: attacker,
    eventTime: '2026-11-27T09:00:00Z',
    eventSource: SM,
    eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters,
    responseElements: null,
    requestID: `req-${counter}`,
    eventID: `evt-${String(counter).padStart(4, '0')}`,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...over,
  };
}

/** eventTime on the fixtures' day. */
export const at = (hhmmss: string) => ({ eventTime: `2026-11-27T${hhmmss}Z` });
export const b64 = (script: string) => Buffer.from(script, 'utf8').toString('base64');
