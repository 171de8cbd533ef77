// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { HARDENED_JOB, KALI_CLI, fromConsole, rec, type RuleFixtures } from '../fixture-kit.js';

export const gpuEndpointConfig = rec('CreateEndpointConfig', {
  endpointConfigName: 'ec-1',
  productionVariants: [
    { variantName: 'a', modelName: 'm', initialInstanceCount: 1, instanceType: 'ml.m5.large' },
    { variantName: 'b', modelName: 'm', initialInstanceCount: 4, instanceType: 'ml.g5.2xlarge' },
  ],
});
export const gpuTuningJob = rec('CreateHyperParameterTuningJob', {
  hyperParameterTuningJobName: 'hpo-1',
  trainingJobDefinition: { resourceConfig: { instanceType: 'ml.p4d.24xlarge', instanceCount: 2 } },
});
export const veryLargeCpu = rec('CreateProcessingJob', { processingJobName: 'p', processingResources: { clusterConfig: { instanceType: 'ml.c5.18xlarge', instanceCount: 1 } } });
export const smallNotebook = rec('CreateNotebookInstance', { notebookInstanceName: 'n', instanceType: 'ml.t3.medium', rootAccess: 'Disabled', directInternetAccess: 'Disabled' });
export const midSizeTraining = rec('CreateTrainingJob', { trainingJobName: 't', resourceConfig: { instanceType: 'ml.m5.4xlarge' } });

const gpuTraining = (name: string, hardened: boolean) => ({
  trainingJobName: name,
  resourceConfig: { instanceType: 'ml.g5.2xlarge', instanceCount: 1, volumeSizeInGB: 50, ...(hardened ? { volumeKmsKeyId: HARDENED_JOB.volumeKmsKeyId } : {}) },
  ...(hardened ? { vpcConfig: HARDENED_JOB.vpcConfig, enableNetworkIsolation: true, enableInterContainerTrafficEncryption: true } : {}),
});

export default {
  attack: [
    { name: 'a GPU training job at the defaults from an offensive tool', records: [rec('CreateTrainingJob', gpuTraining('bench-01', false), { userAgent: KALI_CLI })] },
    { name: 'a GPU variant in an endpoint configuration', records: [gpuEndpointConfig] },
    { name: 'a GPU type in a tuning job definition', records: [gpuTuningJob] },
    { name: 'a very large CPU size', records: [veryLargeCpu] },
  ],
  nearMiss: [
    { name: 'a small notebook', records: [smallNotebook] },
    { name: 'a mid-size CPU training job', records: [midSizeTraining] },
    {
      name: 'a denied GPU training job (nothing was launched)',
      records: [rec('CreateTrainingJob', { trainingJobName: 'g', resourceConfig: { instanceType: 'ml.p3.16xlarge', instanceCount: 8 } }, { errorCode: 'ResourceLimitExceeded' })],
    },
  ],
  routine: [
    {
      name: 'a GPU training job created hardened from the console',
      mirrors: 'a GPU training job at the defaults from an offensive tool',
      records: [rec('CreateTrainingJob', gpuTraining('churn-xgb-001', true), fromConsole)],
    },
  ],
} satisfies RuleFixtures;
