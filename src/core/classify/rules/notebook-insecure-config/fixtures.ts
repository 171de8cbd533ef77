// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, rec, type RuleFixtures } from '../fixture-kit.js';

const createNotebook = (extra: Record<string, unknown>, over = {}) =>
  rec('CreateNotebookInstance', {
    notebookInstanceName: 'nb-1',
    instanceType: 'ml.t3.medium',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20261127T000001`,
    ...extra,
  }, { responseElements: { notebookInstanceArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/nb-1` }, ...over });

const IN_VPC = { subnetId: 'subnet-0a1b2c3d4e5f6a7b8', securityGroupIds: ['sg-0a1b2c3d4e5f6a7b8'] };

/** SageMaker enables both settings when the request omits them. */
export const createOmittingBoth = createNotebook({});
export const createRootEnabled = createNotebook({ rootAccess: 'Enabled', directInternetAccess: 'Disabled', ...IN_VPC });
export const updateEnablingRoot = rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', rootAccess: 'Enabled' });
export const createBothDisabled = createNotebook({ rootAccess: 'Disabled', directInternetAccess: 'Disabled', ...IN_VPC });
/** Hardened in every other way, but outside any VPC. */
export const createOutsideVpc = createNotebook({ rootAccess: 'Disabled', directInternetAccess: 'Enabled' });
export const updateAllowingImdsV1 = rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: '1' } });
/** An update keeps what the notebook has: unset means unchanged, not Enabled. */
export const updateLeavingUnset = rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', instanceType: 'ml.t3.large' });

export default {
  attack: [
    { name: 'a create that omits both settings (Enabled by default)', records: [createOmittingBoth] },
    { name: 'a create with RootAccess Enabled explicitly', records: [createRootEnabled] },
    { name: 'an update that enables root access', records: [updateEnablingRoot] },
    { name: 'a create without a subnet (no VPC)', records: [createOutsideVpc] },
    { name: 'an update that allows IMDSv1', records: [updateAllowingImdsV1] },
  ],
  nearMiss: [
    { name: 'a create in a VPC with both settings Disabled', records: [createBothDisabled] },
    {
      name: 'a create in a VPC that requires IMDSv2',
      records: [createNotebook({ rootAccess: 'Disabled', directInternetAccess: 'Disabled', ...IN_VPC, instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: '2' } })],
    },
    { name: 'an update that requires IMDSv2', records: [rec('UpdateNotebookInstance', { notebookInstanceName: 'nb-1', instanceMetadataServiceConfiguration: { minimumInstanceMetadataServiceVersion: '2' } })] },
    { name: 'an update that leaves both settings unset', records: [updateLeavingUnset] },
    { name: 'a denied create that omits both settings', records: [createNotebook({}, { errorCode: 'AccessDeniedException', responseElements: null })] },
  ],
} satisfies RuleFixtures;
