/**
 * A read-only fake of the SageMaker List/Describe calls `sm-ir posture` makes, in any number of regions,
 * with AWS's pagination (MaxResults up to 100, NextToken) so an account of thousands of resources is
 * read page by page. The fake in sagemaker.ts models one region's state changes for contain; this one
 * models an inventory: each resource is stored as the Describe answer AWS gives (its wire shape), and
 * the List answer is derived from it. Unknown names answer as AWS does (ValidationException).
 */
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';

type Out = Record<string, unknown>;

export interface InventoryOptions {
  account?: string;
  /** Per-second limit per operation and region (the fake's core throttles above it). */
  rateLimit?: number;
}

const OPERATIONS = [
  'ListNotebookInstances', 'DescribeNotebookInstance', 'ListNotebookInstanceLifecycleConfigs', 'DescribeNotebookInstanceLifecycleConfig',
  'ListStudioLifecycleConfigs', 'DescribeStudioLifecycleConfig', 'ListDomains', 'DescribeDomain',
  'ListEndpoints', 'DescribeEndpoint', 'DescribeEndpointConfig', 'DescribeModel',
  'ListUserProfiles', 'DescribeUserProfile', 'ListSpaces', 'DescribeSpace',
  'ListTrainingJobs', 'DescribeTrainingJob', 'ListProcessingJobs', 'DescribeProcessingJob', 'ListTransformJobs', 'DescribeTransformJob',
  'ListModelPackageGroups', 'GetModelPackageGroupPolicy',
];

/** Each kind of job: its list answer's key, its name field and its status field. */
const JOBS = {
  training: { items: 'TrainingJobSummaries', name: 'TrainingJobName', arn: 'TrainingJobArn', status: 'TrainingJobStatus', type: 'training-job' },
  processing: { items: 'ProcessingJobSummaries', name: 'ProcessingJobName', arn: 'ProcessingJobArn', status: 'ProcessingJobStatus', type: 'processing-job' },
  transform: { items: 'TransformJobSummaries', name: 'TransformJobName', arn: 'TransformJobArn', status: 'TransformJobStatus', type: 'transform-job' },
} as const;
type JobType = keyof typeof JOBS;

export function createSageMakerInventory(options: InventoryOptions = {}) {
  const account = options.account ?? '111122223333';
  const arn = (region: string, type: string, name: string) => `arn:aws:sagemaker:${region}:${account}:${type}/${name.toLowerCase()}`;
  /** region -> name -> Describe answer */
  const notebooks = new Map<string, Map<string, Out>>();
  const lifecycleConfigs = new Map<string, Map<string, Out>>();
  const studioConfigs = new Map<string, Map<string, Out>>();
  const domains = new Map<string, Map<string, Out>>();
  const endpoints = new Map<string, Map<string, Out>>();
  const endpointConfigs = new Map<string, Map<string, Out>>();
  const models = new Map<string, Map<string, Out>>();
  /** Keyed DOMAIN/NAME. */
  const userProfiles = new Map<string, Map<string, Out>>();
  const spaces = new Map<string, Map<string, Out>>();
  const jobs: Record<JobType, Map<string, Map<string, Out>>> = { training: new Map(), processing: new Map(), transform: new Map() };
  /** name -> { summary, policy (a JSON string) or undefined } */
  const packageGroups = new Map<string, Map<string, { summary: Out; policy?: string }>>();
  /** Describe of a missing name: SageMaker's ValidationException ("Could not find ...") or ResourceNotFound for Studio. */
  const find = (m: Map<string, Map<string, Out>>, region: string, key: string, missing: () => FakeAwsError) => {
    const v = inRegion(m, region).get(key);
    if (!v) throw missing();
    return v;
  };
  const inRegion = (m: Map<string, Map<string, Out>>, region: string) => {
    if (!m.has(region)) m.set(region, new Map());
    return m.get(region)!;
  };

  /** One page of `items`, as AWS pages: MaxResults (1..100, default 10 here as on many SageMaker lists), NextToken opaque. */
  const page = (input: Out, items: Out[], key: string) => {
    const max = input.MaxResults === undefined ? 10 : Number(input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > 100) throw new FakeAwsError('ValidationException', `1 validation error detected: Value '${String(input.MaxResults)}' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100`);
    const start = input.NextToken === undefined ? 0 : Number(Buffer.from(String(input.NextToken), 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new FakeAwsError('ValidationException', 'Invalid pagination token');
    const next = start + max;
    return { [key]: items.slice(start, next), ...(next < items.length ? { NextToken: Buffer.from(String(next)).toString('base64') } : {}) };
  };
  const name = (input: Out, key: string) => {
    const v = input[key];
    if (typeof v !== 'string' || v === '') throw new FakeAwsError('ValidationException', `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
    return v;
  };
  const b64 = (s: string) => ({ Content: Buffer.from(s).toString('base64') });

  /** The Studio members of one domain (DomainIdEquals), as their List answer shows them. */
  const membersOf = (m: Map<string, Map<string, Out>>, region: string, input: Out, nameKey: string) =>
    [...inRegion(m, region).values()]
      .filter((x) => input.DomainIdEquals === undefined || x.DomainId === input.DomainIdEquals)
      .map((x) => ({ DomainId: x.DomainId, [nameKey]: x[nameKey], Status: x.Status, CreationTime: x.CreationTime }));
  /** A job list, filtered as AWS filters it: CreationTimeAfter (epoch seconds on the wire) and StatusEquals. */
  const jobList = (type: JobType, region: string, input: Out) => {
    const k = JOBS[type];
    const after = input.CreationTimeAfter === undefined ? undefined : Number(input.CreationTimeAfter);
    const items = [...inRegion(jobs[type], region).values()]
      .filter((j) => (after === undefined || Number(j.CreationTime) > after) && (input.StatusEquals === undefined || j[k.status] === input.StatusEquals))
      .map((j) => ({ [k.name]: j[k.name], [k.arn]: j[k.arn], [k.status]: j[k.status], CreationTime: j.CreationTime }));
    return page(input, items, k.items);
  };
  const jobDescribe = (type: JobType, region: string, input: Out) => {
    const n = name(input, JOBS[type].name);
    return find(jobs[type], region, n, () => new FakeAwsError('ValidationException', `Requested resource not found: ${n}`));
  };

  const handlers: Record<string, (req: FakeRequest) => unknown> = {
    ListUserProfiles: ({ region, input }) => page(input, membersOf(userProfiles, region, input, 'UserProfileName'), 'UserProfiles'),
    DescribeUserProfile: ({ region, input }) => find(userProfiles, region, `${name(input, 'DomainId')}/${name(input, 'UserProfileName')}`, () => new FakeAwsError('ResourceNotFound', 'User profile does not exist.')),
    ListSpaces: ({ region, input }) => page(input, membersOf(spaces, region, input, 'SpaceName'), 'Spaces'),
    DescribeSpace: ({ region, input }) => find(spaces, region, `${name(input, 'DomainId')}/${name(input, 'SpaceName')}`, () => new FakeAwsError('ResourceNotFound', 'Space does not exist.')),
    ListTrainingJobs: ({ region, input }) => jobList('training', region, input),
    DescribeTrainingJob: ({ region, input }) => jobDescribe('training', region, input),
    ListProcessingJobs: ({ region, input }) => jobList('processing', region, input),
    DescribeProcessingJob: ({ region, input }) => jobDescribe('processing', region, input),
    ListTransformJobs: ({ region, input }) => jobList('transform', region, input),
    DescribeTransformJob: ({ region, input }) => jobDescribe('transform', region, input),
    ListModelPackageGroups: ({ region, input }) => page(input, [...(packageGroups.get(region)?.values() ?? [])].map((g) => g.summary), 'ModelPackageGroupSummaryList'),
    GetModelPackageGroupPolicy: ({ region, input }) => {
      const n = name(input, 'ModelPackageGroupName');
      const g = packageGroups.get(region)?.get(n);
      if (!g) throw new FakeAwsError('ValidationException', `Model Package Group ${n} does not exist.`);
      if (g.policy === undefined) throw new FakeAwsError('ValidationException', `Cannot find resource policy for ${arn(region, 'model-package-group', n)}.`);
      return { ResourcePolicy: g.policy };
    },
    ListNotebookInstances: ({ region, input }) =>
      page(
        input,
        [...inRegion(notebooks, region).values()].map((n) => ({
          NotebookInstanceName: n.NotebookInstanceName,
          NotebookInstanceArn: n.NotebookInstanceArn,
          NotebookInstanceStatus: n.NotebookInstanceStatus,
          InstanceType: n.InstanceType,
          ...(n.NotebookInstanceLifecycleConfigName ? { NotebookInstanceLifecycleConfigName: n.NotebookInstanceLifecycleConfigName } : {}),
        })),
        'NotebookInstances',
      ),
    DescribeNotebookInstance: ({ region, input }) => {
      const n = inRegion(notebooks, region).get(name(input, 'NotebookInstanceName'));
      if (!n) throw new FakeAwsError('ValidationException', 'RecordNotFound');
      return n;
    },
    ListNotebookInstanceLifecycleConfigs: ({ region, input }) =>
      page(
        input,
        [...inRegion(lifecycleConfigs, region).values()].map((c) => ({ NotebookInstanceLifecycleConfigName: c.NotebookInstanceLifecycleConfigName, NotebookInstanceLifecycleConfigArn: c.NotebookInstanceLifecycleConfigArn })),
        'NotebookInstanceLifecycleConfigs',
      ),
    DescribeNotebookInstanceLifecycleConfig: ({ region, input }) => {
      const n = name(input, 'NotebookInstanceLifecycleConfigName');
      const c = inRegion(lifecycleConfigs, region).get(n);
      if (!c) throw new FakeAwsError('ValidationException', `Unable to describe Notebook Instance Lifecycle Config '${n}'. (Reason: RecordNotFound)`);
      return c;
    },
    ListStudioLifecycleConfigs: ({ region, input }) =>
      page(
        input,
        [...inRegion(studioConfigs, region).values()].map((c) => ({ StudioLifecycleConfigName: c.StudioLifecycleConfigName, StudioLifecycleConfigArn: c.StudioLifecycleConfigArn, StudioLifecycleConfigAppType: c.StudioLifecycleConfigAppType })),
        'StudioLifecycleConfigs',
      ),
    DescribeStudioLifecycleConfig: ({ region, input }) => find(studioConfigs, region, name(input, 'StudioLifecycleConfigName'), () => new FakeAwsError('ResourceNotFound', 'Studio lifecycle config does not exist.')),
    ListDomains: ({ region, input }) =>
      page(input, [...inRegion(domains, region).values()].map((d) => ({ DomainId: d.DomainId, DomainArn: d.DomainArn, DomainName: d.DomainName, Status: d.Status })), 'Domains'),
    DescribeDomain: ({ region, input }) => find(domains, region, name(input, 'DomainId'), () => new FakeAwsError('ResourceNotFound', `Domain ${String(input.DomainId)} does not exist.`)),
    ListEndpoints: ({ region, input }) =>
      page(input, [...inRegion(endpoints, region).values()].map((e) => ({ EndpointName: e.EndpointName, EndpointArn: e.EndpointArn, EndpointStatus: e.EndpointStatus, CreationTime: e.CreationTime })), 'Endpoints'),
    DescribeEndpoint: ({ region, input }) => {
      const n = name(input, 'EndpointName');
      return find(endpoints, region, n, () => new FakeAwsError('ValidationException', `Could not find endpoint "${arn(region, 'endpoint', n)}".`));
    },
    DescribeEndpointConfig: ({ region, input }) => {
      const n = name(input, 'EndpointConfigName');
      return find(endpointConfigs, region, n, () => new FakeAwsError('ValidationException', `Could not find endpoint configuration "${arn(region, 'endpoint-config', n)}".`));
    },
    DescribeModel: ({ region, input }) => {
      const n = name(input, 'ModelName');
      return find(models, region, n, () => new FakeAwsError('ValidationException', `Could not find model "${arn(region, 'model', n)}".`));
    },
  };

  const module: ServiceModule = {
    service: 'sagemaker',
    protocol: 'awsJson1_1',
    targetPrefix: 'SageMaker',
    handlers,
    ...(options.rateLimit ? { rateLimits: Object.fromEntries(OPERATIONS.map((o) => [o, options.rateLimit as number])) } : {}),
  };
  return {
    module,
    account,
    seed: {
      /**
       * A notebook instance as DescribeNotebookInstance returns it. The defaults are a well-configured one
       * (root access off, in a VPC, no direct internet, KMS key, IMDSv2, a supported platform); `fields`
       * overrides them, and a field set to undefined is left out, as AWS leaves out unset fields.
       */
      notebook(region: string, notebookName: string, fields: Out = {}) {
        const n: Out = {
          NotebookInstanceName: notebookName,
          NotebookInstanceArn: arn(region, 'notebook-instance', notebookName),
          NotebookInstanceStatus: 'InService',
          InstanceType: 'ml.t3.medium',
          RoleArn: `arn:aws:iam::${account}:role/SageMakerExecution`,
          RootAccess: 'Disabled',
          DirectInternetAccess: 'Disabled',
          SubnetId: 'subnet-0123456789abcdef0',
          SecurityGroups: ['sg-0123456789abcdef0'],
          KmsKeyId: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          InstanceMetadataServiceConfiguration: { MinimumInstanceMetadataServiceVersion: '2' },
          PlatformIdentifier: 'notebook-al2023-v1',
          CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000,
          ...fields,
        };
        for (const [k, v] of Object.entries(n)) if (v === undefined) delete n[k];
        inRegion(notebooks, region).set(notebookName, n);
      },
      /** A notebook lifecycle configuration; scripts are plain text, served base64 as AWS does. */
      lifecycleConfig(region: string, configName: string, scripts: { onCreate?: string[]; onStart?: string[] }) {
        inRegion(lifecycleConfigs, region).set(configName, {
          NotebookInstanceLifecycleConfigName: configName,
          NotebookInstanceLifecycleConfigArn: arn(region, 'notebook-instance-lifecycle-config', configName),
          OnCreate: (scripts.onCreate ?? []).map(b64),
          OnStart: (scripts.onStart ?? []).map(b64),
          CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000,
        });
      },
      /** A Studio lifecycle configuration (one script), served base64. */
      studioLifecycleConfig(region: string, configName: string, script: string, appType = 'JupyterLab') {
        inRegion(studioConfigs, region).set(configName, {
          StudioLifecycleConfigName: configName,
          StudioLifecycleConfigArn: arn(region, 'studio-lifecycle-config', configName),
          StudioLifecycleConfigAppType: appType,
          StudioLifecycleConfigContent: Buffer.from(script).toString('base64'),
          CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000,
        });
        return arn(region, 'studio-lifecycle-config', configName);
      },
      /** A Studio domain; by default VpcOnly with a KMS key and no lifecycle configuration. */
      domain(region: string, id: string, fields: Out = {}) {
        const d: Out = {
          DomainId: id,
          DomainArn: arn(region, 'domain', id),
          DomainName: `domain-${id}`,
          Status: 'InService',
          AuthMode: 'IAM',
          AppNetworkAccessType: 'VpcOnly',
          KmsKeyId: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          DefaultUserSettings: { ExecutionRole: `arn:aws:iam::${account}:role/SageMakerStudio` },
          ...fields,
        };
        for (const [k, v] of Object.entries(d)) if (v === undefined) delete d[k];
        inRegion(domains, region).set(id, d);
      },
      /**
       * An endpoint, its configuration and its model(s), as Describe* return them. The defaults are a
       * well-configured one (KMS key, two instances, isolated model in a VPC with the account's own image);
       * `config` and `model` override their fields.
       */
      endpoint(region: string, endpointName: string, o: { config?: Out; model?: Out; configName?: string; modelName?: string } = {}) {
        const configName = o.configName ?? `${endpointName}-config`;
        const modelName = o.modelName ?? `${endpointName}-model`;
        inRegion(endpoints, region).set(endpointName, {
          EndpointName: endpointName,
          EndpointArn: arn(region, 'endpoint', endpointName),
          EndpointConfigName: configName,
          EndpointStatus: 'InService',
          CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000,
        });
        const c: Out = {
          EndpointConfigName: configName,
          EndpointConfigArn: arn(region, 'endpoint-config', configName),
          ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: modelName, InstanceType: 'ml.m5.large', InitialInstanceCount: 2 }],
          KmsKeyId: `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
          CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000,
          ...o.config,
        };
        for (const [k, v] of Object.entries(c)) if (v === undefined) delete c[k];
        inRegion(endpointConfigs, region).set(configName, c);
        const m: Out = {
          ModelName: modelName,
          ModelArn: arn(region, 'model', modelName),
          ExecutionRoleArn: `arn:aws:iam::${account}:role/SageMakerExecution`,
          PrimaryContainer: { Image: `${account}.dkr.ecr.${region}.amazonaws.com/fraud:1.4`, ModelDataUrl: `s3://models-${account}/${modelName}/model.tar.gz` },
          EnableNetworkIsolation: true,
          VpcConfig: { SecurityGroupIds: ['sg-0123456789abcdef0'], Subnets: ['subnet-0123456789abcdef0'] },
          CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000,
          ...o.model,
        };
        for (const [k, v] of Object.entries(m)) if (v === undefined) delete m[k];
        inRegion(models, region).set(modelName, m);
      },
      /** A Studio user profile or space of a domain, with its own settings (UserSettings or SpaceSettings). */
      member(region: string, kind: 'user-profile' | 'space', domainId: string, memberName: string, settings: Out = {}) {
        const [store, nameKey, arnKey, settingsKey] = kind === 'user-profile' ? [userProfiles, 'UserProfileName', 'UserProfileArn', 'UserSettings'] : [spaces, 'SpaceName', 'SpaceArn', 'SpaceSettings'];
        inRegion(store, region).set(`${domainId}/${memberName}`, {
          DomainId: domainId, [nameKey]: memberName, [arnKey]: arn(region, kind, `${domainId}/${memberName}`), Status: 'InService',
          CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000, [settingsKey]: settings,
        });
      },
      /**
       * A job as Describe*Job returns it. The defaults are a well-configured one (VPC, KMS keys, encrypted
       * and isolated, the account's own image, created yesterday and Completed); `fields` overrides them.
       */
      job(region: string, type: JobType, jobName: string, fields: Out = {}) {
        const k = JOBS[type];
        const key = `arn:aws:kms:${region}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const image = `${account}.dkr.ecr.${region}.amazonaws.com/fraud-train:1.4`;
        const vpc = { SecurityGroupIds: ['sg-0123456789abcdef0'], Subnets: ['subnet-0123456789abcdef0'] };
        const role = `arn:aws:iam::${account}:role/SageMakerExecution`;
        const shape: Record<JobType, Out> = {
          training: { AlgorithmSpecification: { TrainingImage: image, TrainingInputMode: 'File' }, RoleArn: role, VpcConfig: vpc, ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 50, VolumeKmsKeyId: key }, OutputDataConfig: { S3OutputPath: `s3://models-${account}/out/`, KmsKeyId: key }, EnableInterContainerTrafficEncryption: true, EnableNetworkIsolation: true },
          processing: { AppSpecification: { ImageUri: image }, RoleArn: role, NetworkConfig: { VpcConfig: vpc, EnableInterContainerTrafficEncryption: true, EnableNetworkIsolation: true }, ProcessingResources: { ClusterConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30, VolumeKmsKeyId: key } }, ProcessingOutputConfig: { Outputs: [], KmsKeyId: key } },
          transform: { ModelName: 'ep-secure-model', TransformResources: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeKmsKeyId: key }, TransformOutput: { S3OutputPath: `s3://models-${account}/batch/`, KmsKeyId: key } },
        };
        const j: Out = {
          [k.name]: jobName, [k.arn]: arn(region, k.type, jobName), [k.status]: 'Completed',
          CreationTime: Date.now() / 1000 - 86_400, ...shape[type], ...fields,
        };
        for (const [f, v] of Object.entries(j)) if (v === undefined) delete j[f];
        inRegion(jobs[type], region).set(jobName, j);
      },
      /** A model package group, with its resource policy (a document) or none. */
      modelPackageGroup(region: string, groupName: string, policy?: object) {
        if (!packageGroups.has(region)) packageGroups.set(region, new Map());
        packageGroups.get(region)!.set(groupName, {
          summary: { ModelPackageGroupName: groupName, ModelPackageGroupArn: arn(region, 'model-package-group', groupName), CreationTime: Date.parse('2026-01-05T09:00:00Z') / 1000, ModelPackageGroupStatus: 'Completed' },
          ...(policy ? { policy: JSON.stringify(policy) } : {}),
        });
      },
    },
  };
}
export type SageMakerInventoryFake = ReturnType<typeof createSageMakerInventory>;
