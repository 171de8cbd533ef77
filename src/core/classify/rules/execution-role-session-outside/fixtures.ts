// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import type { UserIdentity } from '../../../cloudtrail.js';
import { ACCOUNT, at, KALI_CLI, rec, type RuleFixtures } from '../fixture-kit.js';

const ROLE = 'AmazonSageMaker-ExecutionRole-20261101T000000';
/** The session SageMaker opens for a notebook instance's execution role, as CloudTrail records its use. */
export const sageMakerSession: UserIdentity = {
  type: 'AssumedRole',
  principalId: 'AROAIOSFODNN7EXAMPLE:SageMaker',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/SageMaker`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAIOSFODNN7EXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/service-role/${ROLE}`, accountId: ACCOUNT, userName: ROLE },
    attributes: { creationDate: '2026-11-27T08:00:00Z', mfaAuthenticated: 'false' },
  },
};
const IAM = 'iam.amazonaws.com';
const STS = 'sts.amazonaws.com';
/** boto3 under the SageMaker Python SDK on a notebook instance (the SDK appends its own and the instance's marks). */
const NOTEBOOK_SDK = 'Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#5.10.224 md/arch#x86_64 lang/python#3.10.14 AWS-SageMaker-Python-SDK/2.232.0 AWS-SageMaker-Notebook-Instance/2.0';
const outside = { userIdentity: sageMakerSession, sourceIPAddress: '198.51.100.77', userAgent: KALI_CLI };

export const stolenCreateRole = rec('CreateRole', { roleName: 'backup-admin', assumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}' }, { ...outside, eventSource: IAM });
export const stolenWhoAmI = rec('GetCallerIdentity', null, { ...outside, eventSource: STS, readOnly: true, userAgent: 'aws-cli/2.15.0 Python/3.11.6 Darwin/23.1.0 exe/x86_64 prompt/off command/sts.get-caller-identity' });

/** A session of `role` that SageMaker did not open: someone assumed the role themselves. */
const sessionOf = (role: string, session: string): UserIdentity => ({
  type: 'AssumedRole',
  principalId: `AROAI44QH8DHBEXAMPLE:${session}`,
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
  accountId: ACCOUNT,
  accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
  sessionContext: {
    sessionIssuer: { type: 'Role', principalId: 'AROAI44QH8DHBEXAMPLE', arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role },
    attributes: { creationDate: '2026-11-27T09:00:00Z', mfaAuthenticated: 'false' },
  },
});
const trustOf = (service: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const createRoleTrusting = (role: string, service: string) => rec('CreateRole', { roleName: role, assumeRolePolicyDocument: trustOf(service) }, { ...at('09:00:00'), eventSource: IAM });
const keyFor = (role: string) =>
  rec('CreateAccessKey', { userName: 'svc-backup' }, { ...at('09:30:00'), eventSource: IAM, userIdentity: sessionOf(role, 'ops'), sourceIPAddress: '198.51.100.77', userAgent: KALI_CLI });
const passedTo = (role: string) =>
  rec('CreateTrainingJob', { trainingJobName: 'tune-1', roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/${role}` }, { ...at('08:00:00') });

export default {
  attack: [
    { name: 'the SageMaker session creating a role from a Kali host', records: [stolenCreateRole] },
    { name: 'the SageMaker session asking who it is from a laptop', records: [stolenWhoAmI] },
    { name: 'a role created trusting SageMaker, whose session creates a key from a Kali host', records: [keyFor('ml-runner'), createRoleTrusting('ml-runner', 'sagemaker.amazonaws.com')] },
    { name: 'a role passed to a training job, assumed by hand and creating a key from a Kali host', records: [keyFor('ModelTrainer'), passedTo('ModelTrainer')] },
    {
      name: 'the SageMaker session attaching a policy from inside the notebook',
      records: [rec('AttachRolePolicy', { roleName: ROLE, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }, { userIdentity: sageMakerSession, eventSource: IAM, sourceIPAddress: '10.0.12.34', userAgent: NOTEBOOK_SDK })],
    },
  ],
  nearMiss: [
    {
      name: 'the same role reading itself from the notebook, through the SageMaker SDK',
      records: [rec('GetRole', { roleName: ROLE }, { userIdentity: sageMakerSession, eventSource: IAM, readOnly: true, sourceIPAddress: '10.0.12.34', userAgent: NOTEBOOK_SDK })],
    },
    {
      name: 'SageMaker itself acting with the role',
      records: [rec('GetCallerIdentity', null, { userIdentity: { ...sageMakerSession, invokedBy: 'sagemaker.amazonaws.com' }, eventSource: STS, readOnly: true, sourceIPAddress: 'sagemaker.amazonaws.com', userAgent: 'sagemaker.amazonaws.com' })],
    },
    { name: 'a role created trusting EC2, whose session creates a key from a Kali host', records: [keyFor('web-runner'), createRoleTrusting('web-runner', 'ec2.amazonaws.com')] },
    { name: 'a person\'s session creating a role from the CLI', records: [rec('CreateRole', { roleName: 'x' }, { eventSource: IAM })] },
    { name: 'a denied call by the stolen session', records: [rec('CreateUser', { userName: 'x' }, { ...outside, eventSource: IAM, errorCode: 'AccessDenied', errorMessage: 'not authorized' })] },
  ],
} satisfies RuleFixtures;
