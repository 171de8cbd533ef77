// Records for this rule: attacks it flags, benign look-alikes it leaves alone (test/unit/classify/rule-fixtures.test.ts).
import { ACCOUNT, OTHER_ACCOUNT, rec, type RuleFixtures } from '../fixture-kit.js';

export const foreignImage = `${OTHER_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/miner:latest`;
export const foreignKey = `arn:aws:kms:us-east-1:${OTHER_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const foreignAccessPoint = `arn:aws:s3:us-east-1:${OTHER_ACCOUNT}:accesspoint/exfil`;

export const trainingJobWithForeignImageAndKey = rec('CreateTrainingJob', {
  trainingJobName: 'tj-x',
  algorithmSpecification: { trainingImage: foreignImage, trainingInputMode: 'File' },
  outputDataConfig: { s3OutputPath: 's3://some-bucket/out', kmsKeyId: foreignKey },
});
export const transformToForeignAccessPoint = rec('CreateTransformJob', { transformJobName: 't', transformOutput: { s3OutputPath: `s3://${foreignAccessPoint}/out/` } });
/** A model serving a foreign image, able to reach the internet (no EnableNetworkIsolation). */
export const foreignModelNotIsolated = rec('CreateModel', {
  modelName: 'fraud-v9',
  primaryContainer: { image: foreignImage, modelDataUrl: `s3://ml-models-${ACCOUNT}/fraud/v9/model.tar.gz` },
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AmazonSageMaker-ExecutionRole-20261127T000001`,
});
/** The same model with network isolation on: foreign code still, but it cannot send anything out. */
export const foreignModelIsolated = rec('CreateModel', { ...(foreignModelNotIsolated.requestParameters as object), modelName: 'fraud-v9-isolated', enableNetworkIsolation: true });

/** Own-account image, an AWS prebuilt (Deep Learning Containers) image, a plain bucket name (reveals no account). */
export const ownAndAwsArtifacts = rec('CreateModel', {
  modelName: 'm',
  primaryContainer: { image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/mine:1`, modelDataUrl: 's3://other-team-bucket/model.tar.gz' },
  containers: [{ image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-gpu-py310' }],
});

/** AWS's registries of built-in algorithms and framework containers (playbook/aws-registries.json), in two regions. */
export const builtinAlgorithmJob = rec('CreateTrainingJob', {
  trainingJobName: 'linear-learner-1',
  algorithmSpecification: { trainingImage: '811284229777.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1', trainingInputMode: 'File' },
});
export const frameworkImageModel = rec('CreateModel', {
  modelName: 'xgb',
  primaryContainer: { image: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1', modelDataUrl: 's3://models/xgb.tar.gz' },
}, { awsRegion: 'eu-west-1' });

export default {
  attack: [
    { name: 'an ECR image and a KMS key of another account', records: [trainingJobWithForeignImageAndKey] },
    { name: 'output to an S3 access point of another account', records: [transformToForeignAccessPoint] },
    { name: 'a model with a foreign image and no network isolation', records: [foreignModelNotIsolated] },
  ],
  nearMiss: [
    { name: 'own-account image, AWS prebuilt image, plain bucket name', records: [ownAndAwsArtifacts] },
    { name: 'a built-in algorithm image from AWS\'s registry (linear-learner, us-east-1)', records: [builtinAlgorithmJob] },
    { name: 'a SageMaker framework image from AWS\'s registry (sagemaker-xgboost, eu-west-1)', records: [frameworkImageModel] },
    {
      name: 'a denied training job naming a foreign image (nothing ran)',
      records: [rec('CreateTrainingJob', { trainingJobName: 'tj-y', algorithmSpecification: { trainingImage: foreignImage } }, { errorCode: 'AccessDeniedException' })],
    },
  ],
} satisfies RuleFixtures;
