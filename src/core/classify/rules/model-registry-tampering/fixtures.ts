// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, OTHER_ACCOUNT, at, consoleUser, rec, type RuleFixtures } from '../fixture-kit.js';

const ARN = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/fraud-detector/4`;
const policy = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: ['sagemaker:DescribeModelPackage', 'sagemaker:CreateModelPackage'], Resource: '*' }] });
const create = (status: string, over = {}) =>
  rec('CreateModelPackage', { modelPackageGroupName: 'fraud-detector', modelApprovalStatus: status, inferenceSpecification: { containers: [{ image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/fraud:4.0` }] } }, { responseElements: { modelPackageArn: ARN }, ...at('10:00:00'), ...over });
const approve = (over = {}) => rec('UpdateModelPackage', { modelPackageArn: ARN, modelApprovalStatus: 'Approved' }, { ...at('10:05:00'), ...over });

export default {
  attack: [
    { name: 'a group policy granting another account', records: [rec('PutModelPackageGroupPolicy', { modelPackageGroupName: 'fraud-detector', resourcePolicy: policy({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }) })] },
    { name: 'a group policy granting anyone', records: [rec('PutModelPackageGroupPolicy', { modelPackageGroupName: 'fraud-detector', resourcePolicy: policy('*') })] },
    { name: 'a version registered already Approved', records: [create('Approved')] },
    { name: 'a version approved by the principal that registered it', records: [create('PendingManualApproval'), approve()] },
    { name: 'the same, the approval read first (trail files are not in time order)', records: [approve(), create('PendingManualApproval')] },
  ],
  nearMiss: [
    { name: 'a group policy for the account itself', records: [rec('PutModelPackageGroupPolicy', { modelPackageGroupName: 'fraud-detector', resourcePolicy: policy({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) })] },
    { name: 'a version registered pending review, approved by a reviewer in the console', records: [create('PendingManualApproval'), approve({ userIdentity: consoleUser, userAgent: 'AWS Internal', sourceIPAddress: '192.0.2.44' })] },
    { name: 'a denied registration already Approved', records: [create('Approved', { errorCode: 'AccessDeniedException', responseElements: null })] },
  ],
} satisfies RuleFixtures;
