// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, HARDENED_JOB, fromConsole, keyUser, rec, type RuleFixtures } from '../fixture-kit.js';

export const role = `arn:aws:iam::${ACCOUNT}:role/AdminRole`;
export const trainingJobPassingRole = rec('CreateTrainingJob', {
  trainingJobName: 'tj-1',
  roleArn: role,
  resourceConfig: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 30 },
});
export const processingJobByKeyUser = rec('CreateProcessingJob', { processingJobName: 'pj-1', roleArn: role }, { userIdentity: keyUser });

export default {
  attack: [
    { name: 'a training job passed a role (temporary credentials)', records: [trainingJobPassingRole] },
    { name: 'a processing job passed a role with a long-term access key', records: [processingJobByKeyUser] },
    {
      name: 'a tuning job passed a role inside its training job definition',
      records: [rec('CreateHyperParameterTuningJob', { hyperParameterTuningJobName: 'hpo-1', trainingJobDefinition: { roleArn: role } })],
    },
    { name: 'a model passed an execution role (executionRoleArn)', records: [rec('CreateModel', { modelName: 'm', executionRoleArn: role })] },
    { name: 'a pipeline passed a role', records: [rec('CreatePipeline', { pipelineName: 'p', roleArn: role })] },
    { name: 'a HyperPod cluster passed a role to an instance group', records: [rec('CreateCluster', { clusterName: 'c', instanceGroups: [{ instanceGroupName: 'g', executionRole: role }] })] },
    {
      name: 'a Studio user profile had its execution role swapped',
      records: [rec('UpdateUserProfile', { domainId: 'd-abc123', userProfileName: 'maria', userSettings: { executionRole: role } }, { userIdentity: keyUser })],
    },
  ],
  nearMiss: [
    {
      name: 'UpdateDomain that changes only the default instance type (no role in the request)',
      records: [rec('UpdateDomain', { domainId: 'd-abc123', defaultUserSettings: { jupyterLabAppSettings: { defaultResourceSpec: { instanceType: 'ml.t3.medium' } } } })],
    },
    { name: 'DescribeModel names the model, not a role passed', records: [rec('DescribeModel', { modelName: 'm' })] },
    {
      name: 'a failed CreateNotebookInstance (no role was passed)',
      records: [rec('CreateNotebookInstance', { notebookInstanceName: 'n', roleArn: role, rootAccess: 'Disabled', directInternetAccess: 'Disabled' }, { errorCode: 'ValidationException' })],
    },
  ],
  routine: [
    {
      name: 'a processing job created hardened (VPC, KMS, isolation) from the console',
      mirrors: 'a processing job passed a role with a long-term access key',
      records: [
        rec('CreateProcessingJob', {
          processingJobName: 'features-20261127',
          roleArn: role,
          processingResources: { clusterConfig: { instanceType: 'ml.m5.xlarge', instanceCount: 1, volumeSizeInGB: 30, volumeKmsKeyId: HARDENED_JOB.volumeKmsKeyId } },
          networkConfig: { vpcConfig: HARDENED_JOB.vpcConfig, enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true },
        }, fromConsole),
      ],
    },
  ],
} satisfies RuleFixtures;
