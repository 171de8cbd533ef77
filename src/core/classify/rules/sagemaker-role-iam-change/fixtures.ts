// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, OTHER_ACCOUNT, at, attacker, rec, type RuleFixtures } from '../fixture-kit.js';

const iam = { eventSource: 'iam.amazonaws.com', awsRegion: 'us-east-1' };
const trust = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** A role created to trust SageMaker (trust policy URL-encoded, as CloudTrail may record it), then given AdministratorAccess. */
export const trustedThenAttached = {
  create: rec('CreateRole', { roleName: 'ml-runner', assumeRolePolicyDocument: encodeURIComponent(trust('sagemaker.amazonaws.com')) }, { ...iam, ...at('08:00:00') }),
  attach: rec('AttachRolePolicy', { roleName: 'ml-runner', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, { ...iam, ...at('08:01:00') }),
};
/** An inline policy put on a role that a later event passes to SageMaker. */
export const policyThenPassed = {
  put: rec('PutRolePolicy', { roleName: 'TrainerRole', policyName: 'inline', policyDocument: '{}' }, { ...iam, ...at('08:00:00') }),
  passed: rec('CreateTrainingJob', { trainingJobName: 'tj', roleArn: `arn:aws:iam::${ACCOUNT}:role/ml/TrainerRole` }, at('09:00:00')),
};
export const detachFromExecutionRole = rec(
  'DetachRolePolicy',
  { roleName: 'AmazonSageMaker-ExecutionRole-20261127T000001', policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
  iam,
);

export default {
  attack: [
    { name: 'a role created to trust SageMaker, then given a policy', records: [trustedThenAttached.attach, trustedThenAttached.create] },
    { name: 'a policy put on a role passed to SageMaker, the pass later in the files', records: [policyThenPassed.put, policyThenPassed.passed] },
    { name: 'a policy detached from a role named AmazonSageMaker-ExecutionRole*', records: [detachFromExecutionRole] },
  ],
  nearMiss: [
    {
      name: "a Lambda role created and given a policy; a same-named role of another account; a SageMaker role's name passed, not changed",
      records: [
        rec('CreateRole', { roleName: 'lambda-runner', assumeRolePolicyDocument: trust('lambda.amazonaws.com') }, iam),
        rec('AttachRolePolicy', { roleName: 'lambda-runner', policyArn: 'arn:aws:iam::aws:policy/AWSLambdaExecute' }, iam),
        rec('PutRolePolicy', { roleName: 'TrainerRole', policyName: 'p' }, { ...iam, recipientAccountId: OTHER_ACCOUNT, userIdentity: { ...attacker, accountId: OTHER_ACCOUNT } }),
        rec('CreateTrainingJob', { trainingJobName: 'tj', roleArn: `arn:aws:iam::${ACCOUNT}:role/TrainerRole` }),
      ],
    },
  ],
} satisfies RuleFixtures;
