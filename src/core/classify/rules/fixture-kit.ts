// What every rule's fixtures.ts is built from: CloudTrail records of the real shape, with AWS's documented
// example keys and this project's example accounts. Test data only: tsconfig.json leaves it and the
// fixtures out of the build, so nothing here reaches dist/ or the CLI's runtime path.
import type { CloudTrailRecord, UserIdentity } from '../../cloudtrail.js';

/** One scenario for a rule: a single record, or the sequence a correlation rule needs, classified on its own. */
export interface FixtureCase {
  name: string;
  records: CloudTrailRecord[];
}

/** Routine work on the same API as an attack case: the rule still fires, but its evidence keeps it below medium. */
export interface RoutineCase extends FixtureCase {
  /** The name of the attack case it mirrors: that one's finding must be more severe than this one's. */
  mirrors: string;
}

/** A rule's fixtures: attacks it must flag, benign look-alikes it must leave alone, and routine work it flags low. */
export interface RuleFixtures {
  attack: FixtureCase[];
  nearMiss: FixtureCase[];
  routine?: RoutineCase[];
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

/** A data scientist signed in through IAM Identity Center, in the console (what a team's routine work looks like). */
export const consoleUser: UserIdentity = {
  type: 'AssumedRole',
  principalId: 'AROAIOSFODNN7EXAMPLE:maria@example.com',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_DataScientist_0a1b2c3d4e5f6a7b/maria@example.com`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: {
    sessionIssuer: {
      type: 'Role', principalId: 'AROAIOSFODNN7EXAMPLE', accountId: ACCOUNT, userName: 'AWSReservedSSO_DataScientist_0a1b2c3d4e5f6a7b',
      arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_DataScientist_0a1b2c3d4e5f6a7b`,
    },
    attributes: { creationDate: '2026-11-27T08:00:00Z', mfaAuthenticated: 'false' },
  },
};
/** `over` for a record made from the console by consoleUser. */
export const fromConsole = { userIdentity: consoleUser, userAgent: 'AWS Internal', sourceIPAddress: '192.0.2.44' };
/** The user agent of the AWS CLI on Kali Linux (an offensive tool's signal). */
export const KALI_CLI = 'aws-cli/2.15.0 md/awscrt#0.19.18 ua/2.0 os/linux#6.6.9-amd64 md/distrib#kali.2024 md/prompt#off';

/** What the playbook's SCPs require of a job (VPC, KMS volume key, isolation, encrypted traffic), in CloudTrail's field names. */
export const HARDENED_JOB = {
  vpcConfig: { securityGroupIds: ['sg-0123456789abcdef0'], subnets: ['subnet-0123456789abcdef0'] },
  volumeKmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`,
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
