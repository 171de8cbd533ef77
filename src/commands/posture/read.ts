/**
 * Reads what posture checks, through the narrow ReadCaller: every region in parallel, every listing
 * paginated, describes a few at a time (the caller paces them). A listing or a describe that fails
 * leaves a gap naming the call and the IAM permission it needs, and the rest is read; only broken
 * credentials stop the run.
 */
import { awsErrorCode, explainAwsError, isCredentialProblem } from '../../aws/errors.js';
import type { Domain, EndpointConfig, ExecutionRole, Inventory, Job, LifecycleConfig, Model, ModelPackageGroup, NotebookInstance, ReadGap, StudioMember } from '../../core/posture/inventory.js';
import type { PostureResource } from '../../playbook/posture-schema.js';
import type { PostureService, ReadCaller } from './caller.js';
import { readExecutionRoles } from './roles.js';

/** Describes in flight per region: enough to keep the pacer busy whatever the round trip. */
const CONCURRENCY = 8;
const PAGE_SIZE = 100;

type Item = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

class RegionReader {
  readonly gaps: ReadGap[] = [];
  constructor(
    private readonly caller: ReadCaller,
    readonly region: string,
  ) {}

  /** A SageMaker read of one resource that failed: a gap, the rest is read. */
  gapOf(resource: PostureResource, operation: string, err: unknown, name: string): void {
    this.gap(resource, 'sagemaker', operation, err, name);
  }

  private gap(resource: PostureResource, service: PostureService, operation: string, err: unknown, name?: string): void {
    if (isCredentialProblem(err)) throw explainAwsError(err, service, operation, `${service}:${operation}`, this.region);
    const e = err as { message?: unknown };
    this.gaps.push({
      resource,
      region: this.region,
      ...(name !== undefined ? { name } : {}),
      service,
      operation,
      permission: `${service}:${operation}`,
      code: awsErrorCode(err) ?? null,
      message: typeof e?.message === 'string' ? e.message : String(err),
    });
  }

  /** Every item of a paginated listing; undefined (and a gap) when it could not be listed in full. */
  async list(resource: PostureResource, operation: string, itemsKey: string, filter: Item = {}): Promise<Item[] | undefined> {
    const items: Item[] = [];
    let token: string | undefined;
    try {
      do {
        const out = await this.caller.call('sagemaker', this.region, operation, { ...filter, MaxResults: PAGE_SIZE, ...(token ? { NextToken: token } : {}) });
        items.push(...((out[itemsKey] as Item[] | undefined) ?? []));
        token = str(out.NextToken);
      } while (token);
    } catch (err) {
      this.gap(resource, 'sagemaker', operation, err);
      return undefined;
    }
    return items;
  }

  /** Describe each listed item; one that fails is a gap, the others are read. */
  async describeEach<T>(resource: PostureResource, operation: string, names: string[], input: (name: string) => Item, build: (out: Item, name: string) => T): Promise<T[]> {
    const results = await mapLimit(names, CONCURRENCY, async (name) => {
      try {
        return build(await this.caller.call('sagemaker', this.region, operation, input(name)), name);
      } catch (err) {
        this.gap(resource, 'sagemaker', operation, err, name);
        return undefined;
      }
    });
    return results.filter((r): r is Awaited<T> => r !== undefined);
  }
}

function notebook(region: string, out: Item, name: string): NotebookInstance {
  const imds = (out.InstanceMetadataServiceConfiguration ?? {}) as Item;
  const optional = {
    status: str(out.NotebookInstanceStatus),
    rootAccess: str(out.RootAccess),
    directInternetAccess: str(out.DirectInternetAccess),
    subnetId: str(out.SubnetId),
    kmsKeyId: str(out.KmsKeyId),
    imdsMinimum: str(imds.MinimumInstanceMetadataServiceVersion),
    platformIdentifier: str(out.PlatformIdentifier),
    lifecycleConfigName: str(out.NotebookInstanceLifecycleConfigName),
    roleArn: str(out.RoleArn),
  };
  return {
    region,
    name: str(out.NotebookInstanceName) ?? name,
    arn: str(out.NotebookInstanceArn) ?? name,
    ...(Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)) as Partial<NotebookInstance>),
  };
}

function notebookLifecycleConfig(region: string, out: Item, name: string): LifecycleConfig {
  const scripts = (hook: string) => ((out[hook] as Item[] | undefined) ?? []).map((s) => ({ hook, content: str(s.Content) ?? '' }));
  return {
    region,
    name: str(out.NotebookInstanceLifecycleConfigName) ?? name,
    arn: str(out.NotebookInstanceLifecycleConfigArn) ?? name,
    scripts: [...scripts('OnCreate'), ...scripts('OnStart')],
  };
}

function studioLifecycleConfig(region: string, out: Item, name: string): LifecycleConfig {
  return {
    region,
    name: str(out.StudioLifecycleConfigName) ?? name,
    arn: str(out.StudioLifecycleConfigArn) ?? name,
    scripts: [{ hook: str(out.StudioLifecycleConfigAppType) ?? 'Studio', content: str(out.StudioLifecycleConfigContent) ?? '' }],
  };
}

/** Every LifecycleConfigArn(s) anywhere in a domain's default user and space settings (one per app type). */
function lifecycleArns(settings: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(settings)) for (const v of settings) lifecycleArns(v, into);
  else if (typeof settings === 'object' && settings !== null) {
    for (const [k, v] of Object.entries(settings)) {
      if (k === 'LifecycleConfigArn' && typeof v === 'string') into.add(v);
      else if (k === 'LifecycleConfigArns' && Array.isArray(v)) {
        for (const a of v) if (typeof a === 'string') into.add(a);
      } else lifecycleArns(v, into);
    }
  }
  return into;
}

function domain(region: string, out: Item, id: string): Domain {
  return {
    region,
    name: str(out.DomainId) ?? id,
    arn: str(out.DomainArn) ?? id,
    ...(str(out.AppNetworkAccessType) ? { appNetworkAccessType: str(out.AppNetworkAccessType) } : {}),
    ...(str(out.KmsKeyId) ? { kmsKeyId: str(out.KmsKeyId) } : {}),
    lifecycleConfigArns: [...lifecycleArns([out.DefaultUserSettings, out.DefaultSpaceSettings])],
    roleArns: [(out.DefaultUserSettings as Item | undefined)?.ExecutionRole, (out.DefaultSpaceSettings as Item | undefined)?.ExecutionRole].map(str).filter((a): a is string => a !== undefined),
  };
}

function endpointConfig(region: string, out: Item, name: string, endpoints: string[]): EndpointConfig {
  const capture = out.DataCaptureConfig as Item | undefined;
  return {
    region,
    name,
    arn: str(out.EndpointConfigArn) ?? name,
    ...(str(out.KmsKeyId) ? { kmsKeyId: str(out.KmsKeyId) } : {}),
    variants: ((out.ProductionVariants as Item[] | undefined) ?? []).map((v) => ({
      name: str(v.VariantName) ?? '',
      ...(str(v.ModelName) ? { modelName: str(v.ModelName) } : {}),
      ...(typeof v.InitialInstanceCount === 'number' ? { initialInstanceCount: v.InitialInstanceCount } : {}),
      serverless: v.ServerlessConfig !== undefined,
    })),
    ...(capture
      ? { dataCapture: { enabled: capture.EnableCapture !== false, ...(str(capture.DestinationS3Uri) ? { destination: str(capture.DestinationS3Uri) } : {}), ...(str(capture.KmsKeyId) ? { kmsKeyId: str(capture.KmsKeyId) } : {}) } }
      : {}),
    endpoints,
  };
}

function model(region: string, out: Item, name: string, endpoints: string[]): Model {
  const containers = [out.PrimaryContainer, ...((out.Containers as unknown[] | undefined) ?? [])] as (Item | undefined)[];
  return {
    region,
    name,
    arn: str(out.ModelArn) ?? name,
    ...(typeof out.EnableNetworkIsolation === 'boolean' ? { networkIsolation: out.EnableNetworkIsolation } : {}),
    inVpc: out.VpcConfig !== undefined,
    images: containers.map((c) => str(c?.Image)).filter((i): i is string => i !== undefined),
    ...(str(out.ExecutionRoleArn) ? { executionRoleArn: str(out.ExecutionRoleArn) } : {}),
    endpoints,
  };
}

/** Endpoints, then the configurations they use, then those configurations' models: each described once. */
async function readInference(r: RegionReader, region: string) {
  const listed = await r.list('endpoint', 'ListEndpoints', 'Endpoints');
  const endpoints = await r.describeEach(
    'endpoint',
    'DescribeEndpoint',
    (listed ?? []).map((i) => str(i.EndpointName)).filter((n): n is string => n !== undefined),
    (name) => ({ EndpointName: name }),
    (out, name) => ({ name, config: str(out.EndpointConfigName) }),
  );
  const usersOf = (pairs: { user: string; used?: string }[]) => {
    const m = new Map<string, string[]>();
    for (const { user, used } of pairs) if (used) m.set(used, [...(m.get(used) ?? []), user]);
    return m;
  };
  const configUsers = usersOf(endpoints.map((e) => ({ user: e.name, used: e.config })));
  const endpointConfigs = await r.describeEach('endpoint-config', 'DescribeEndpointConfig', [...configUsers.keys()], (name) => ({ EndpointConfigName: name }), (out, name) =>
    endpointConfig(region, out, name, configUsers.get(name) ?? []),
  );
  const modelUsers = new Map<string, string[]>();
  for (const c of endpointConfigs) {
    for (const v of c.variants) if (v.modelName) modelUsers.set(v.modelName, [...new Set([...(modelUsers.get(v.modelName) ?? []), ...c.endpoints])]);
  }
  const models = await r.describeEach('model', 'DescribeModel', [...modelUsers.keys()], (name) => ({ ModelName: name }), (out, name) => model(region, out, name, modelUsers.get(name) ?? []));
  return { endpointConfigs, models };
}

/** A user profile's or space's own settings: its execution role and the lifecycle configurations its apps run. */
function studioMember(region: string, out: Item, domainId: string, name: string, arnKey: string, settingsKey: string): StudioMember {
  const settings = out[settingsKey] as Item | undefined;
  return {
    region,
    name: `${domainId}/${name}`,
    arn: str(out[arnKey]) ?? name,
    domainId,
    ...(str(settings?.ExecutionRole) ? { executionRole: str(settings?.ExecutionRole) } : {}),
    lifecycleConfigArns: [...lifecycleArns(settings)],
  };
}

/** Every user profile and space of the domains read, with their own settings. */
async function readStudioMembers(r: RegionReader, region: string, domainIds: string[]) {
  const userProfiles: StudioMember[] = [];
  const spaces: StudioMember[] = [];
  for (const id of domainIds) {
    const profiles = await r.list('user-profile', 'ListUserProfiles', 'UserProfiles', { DomainIdEquals: id });
    userProfiles.push(...(await r.describeEach('user-profile', 'DescribeUserProfile', (profiles ?? []).map((p) => str(p.UserProfileName)).filter((n): n is string => n !== undefined),
      (name) => ({ DomainId: id, UserProfileName: name }), (out, name) => studioMember(region, out, id, name, 'UserProfileArn', 'UserSettings'))));
    const listed = await r.list('space', 'ListSpaces', 'Spaces', { DomainIdEquals: id });
    spaces.push(...(await r.describeEach('space', 'DescribeSpace', (listed ?? []).map((p) => str(p.SpaceName)).filter((n): n is string => n !== undefined),
      (name) => ({ DomainId: id, SpaceName: name }), (out, name) => studioMember(region, out, id, name, 'SpaceArn', 'SpaceSettings'))));
  }
  return { userProfiles, spaces };
}

/** How each kind of job is listed and described, and where its settings are in the answer. */
const JOB_KINDS = {
  training: { list: 'ListTrainingJobs', items: 'TrainingJobSummaries', nameKey: 'TrainingJobName', describe: 'DescribeTrainingJob', arnKey: 'TrainingJobArn', statusKey: 'TrainingJobStatus' },
  processing: { list: 'ListProcessingJobs', items: 'ProcessingJobSummaries', nameKey: 'ProcessingJobName', describe: 'DescribeProcessingJob', arnKey: 'ProcessingJobArn', statusKey: 'ProcessingJobStatus' },
  transform: { list: 'ListTransformJobs', items: 'TransformJobSummaries', nameKey: 'TransformJobName', describe: 'DescribeTransformJob', arnKey: 'TransformJobArn', statusKey: 'TransformJobStatus' },
} as const;

function job(region: string, type: Job['type'], out: Item, name: string): Job {
  const k = JOB_KINDS[type];
  const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  const at = (path: string[]): unknown => path.reduce<unknown>((o, key) => (o as Item | undefined)?.[key], out);
  const fields =
    type === 'training'
      ? { inVpc: out.VpcConfig !== undefined, volumeKmsKeyId: str(at(['ResourceConfig', 'VolumeKmsKeyId'])), outputKmsKeyId: str(at(['OutputDataConfig', 'KmsKeyId'])),
          interContainerEncryption: bool(out.EnableInterContainerTrafficEncryption), networkIsolation: bool(out.EnableNetworkIsolation), images: [str(at(['AlgorithmSpecification', 'TrainingImage']))], roleArn: str(out.RoleArn) }
      : type === 'processing'
        ? { inVpc: at(['NetworkConfig', 'VpcConfig']) !== undefined, volumeKmsKeyId: str(at(['ProcessingResources', 'ClusterConfig', 'VolumeKmsKeyId'])), outputKmsKeyId: str(at(['ProcessingOutputConfig', 'KmsKeyId'])),
            interContainerEncryption: bool(at(['NetworkConfig', 'EnableInterContainerTrafficEncryption'])), networkIsolation: bool(at(['NetworkConfig', 'EnableNetworkIsolation'])), images: [str(at(['AppSpecification', 'ImageUri']))], roleArn: str(out.RoleArn) }
        : { volumeKmsKeyId: str(at(['TransformResources', 'VolumeKmsKeyId'])), outputKmsKeyId: str(at(['TransformOutput', 'KmsKeyId'])), images: [] as (string | undefined)[] };
  const { images, ...rest } = fields;
  return {
    region,
    name,
    arn: str(out[k.arnKey]) ?? name,
    type,
    ...(str(out[k.statusKey]) ? { status: str(out[k.statusKey]) } : {}),
    ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<Job>),
    images: images.filter((i): i is string => i !== undefined),
  };
}

/** Jobs created since `since`, and older ones still running (a miner started long ago), each described once. */
async function readJobs(r: RegionReader, region: string, since: Date): Promise<Job[]> {
  const all: Job[] = [];
  for (const type of ['training', 'processing', 'transform'] as const) {
    const k = JOB_KINDS[type];
    const [recent, running] = await Promise.all([
      r.list('job', k.list, k.items, { CreationTimeAfter: since }),
      r.list('job', k.list, k.items, { StatusEquals: 'InProgress' }),
    ]);
    const names = [...new Set([...(recent ?? []), ...(running ?? [])].map((i) => str(i[k.nameKey])).filter((n): n is string => n !== undefined))];
    all.push(...(await r.describeEach('job', k.describe, names, (name) => ({ [k.nameKey]: name }), (out, name) => job(region, type, out, name))));
  }
  return all;
}

/** Model package groups and their resource policies (a group without one answers an error that says so). */
async function readModelPackageGroups(r: RegionReader, region: string, caller: ReadCaller): Promise<ModelPackageGroup[]> {
  const listed = await r.list('model-package-group', 'ListModelPackageGroups', 'ModelPackageGroupSummaryList');
  return mapLimit(listed ?? [], CONCURRENCY, async (g) => {
    const name = str(g.ModelPackageGroupName) ?? '';
    let policy: unknown = null;
    try {
      policy = str((await caller.call('sagemaker', region, 'GetModelPackageGroupPolicy', { ModelPackageGroupName: name })).ResourcePolicy) ?? null;
    } catch (err) {
      // No policy: SageMaker answers ValidationException ("... does not have a resource policy").
      if (!/ValidationException|ResourceNotFound/.test(awsErrorCode(err) ?? '')) r.gapOf('model-package-group', 'GetModelPackageGroupPolicy', err, name);
    }
    return { region, name, arn: str(g.ModelPackageGroupArn) ?? name, policy };
  });
}

async function readRegion(caller: ReadCaller, region: string, since: Date) {
  const r = new RegionReader(caller, region);
  const [notebookInstances, notebookLifecycleConfigs, studioLifecycleConfigs, domains, inference, jobs, modelPackageGroups] = await Promise.all([
    r.list('notebook-instance', 'ListNotebookInstances', 'NotebookInstances').then((items) =>
      r.describeEach(
        'notebook-instance',
        'DescribeNotebookInstance',
        (items ?? []).map((i) => str(i.NotebookInstanceName)).filter((n): n is string => n !== undefined),
        (name) => ({ NotebookInstanceName: name }),
        (out, name) => notebook(region, out, name),
      ),
    ),
    r.list('notebook-lifecycle-config', 'ListNotebookInstanceLifecycleConfigs', 'NotebookInstanceLifecycleConfigs').then((items) =>
      r.describeEach(
        'notebook-lifecycle-config',
        'DescribeNotebookInstanceLifecycleConfig',
        (items ?? []).map((i) => str(i.NotebookInstanceLifecycleConfigName)).filter((n): n is string => n !== undefined),
        (name) => ({ NotebookInstanceLifecycleConfigName: name }),
        (out, name) => notebookLifecycleConfig(region, out, name),
      ),
    ),
    r.list('studio-lifecycle-config', 'ListStudioLifecycleConfigs', 'StudioLifecycleConfigs').then((items) =>
      r.describeEach(
        'studio-lifecycle-config',
        'DescribeStudioLifecycleConfig',
        (items ?? []).map((i) => str(i.StudioLifecycleConfigName)).filter((n): n is string => n !== undefined),
        (name) => ({ StudioLifecycleConfigName: name }),
        (out, name) => studioLifecycleConfig(region, out, name),
      ),
    ),
    r.list('domain', 'ListDomains', 'Domains').then((items) =>
      r.describeEach(
        'domain',
        'DescribeDomain',
        (items ?? []).map((i) => str(i.DomainId)).filter((n): n is string => n !== undefined),
        (id) => ({ DomainId: id }),
        (out, id) => domain(region, out, id),
      ),
    ),
    readInference(r, region),
    readJobs(r, region, since),
    readModelPackageGroups(r, region, caller),
  ]);
  const members = await readStudioMembers(r, region, domains.map((d) => d.name));
  return { notebookInstances, notebookLifecycleConfigs, studioLifecycleConfigs, domains, ...inference, ...members, jobs, modelPackageGroups, gaps: r.gaps };
}

/** Jobs older than this are read only while still running. */
const RECENT_JOB_DAYS = 30;

export async function readInventory(caller: ReadCaller, regions: readonly string[], home: string, now = new Date()): Promise<Inventory> {
  let account: string | null = null;
  try {
    account = str((await caller.call('sts', home, 'GetCallerIdentity')).Account) ?? null;
  } catch (err) {
    throw explainAwsError(err, 'sts', 'GetCallerIdentity', 'sts:GetCallerIdentity', home);
  }
  const since = new Date(now.getTime() - RECENT_JOB_DAYS * 86_400_000);
  const perRegion = await Promise.all(regions.map((region) => readRegion(caller, region, since)));
  const read = {
    notebookInstances: perRegion.flatMap((r) => r.notebookInstances),
    domains: perRegion.flatMap((r) => r.domains),
    models: perRegion.flatMap((r) => r.models),
    userProfiles: perRegion.flatMap((r) => r.userProfiles),
    spaces: perRegion.flatMap((r) => r.spaces),
    jobs: perRegion.flatMap((r) => r.jobs),
  };
  const roles = await readExecutionRoles(caller, home, account, read);
  return {
    account,
    regions: [...regions],
    notebookInstances: perRegion.flatMap((r) => r.notebookInstances),
    notebookLifecycleConfigs: perRegion.flatMap((r) => r.notebookLifecycleConfigs),
    studioLifecycleConfigs: perRegion.flatMap((r) => r.studioLifecycleConfigs),
    domains: perRegion.flatMap((r) => r.domains),
    endpointConfigs: perRegion.flatMap((r) => r.endpointConfigs),
    models: perRegion.flatMap((r) => r.models),
    userProfiles: read.userProfiles,
    spaces: read.spaces,
    jobs: read.jobs,
    executionRoles: roles.roles,
    modelPackageGroups: perRegion.flatMap((r) => r.modelPackageGroups),
    gaps: [...perRegion.flatMap((r) => r.gaps), ...roles.gaps],
  };
}
