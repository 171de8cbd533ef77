/**
 * Stateful fake of the SageMaker operations sm-ir contain uses. Resources change state the way the
 * service does, with a delay (InService -> Stopping -> Stopped, Deleting -> gone), and wrong states
 * answer the service's errors: ValidationException (wrong status, e.g. deleting an endpoint still
 * Creating, and "Could not find" for endpoints, configs and models), ResourceNotFound (domains,
 * apps, profiles, spaces, jobs), ResourceInUse.
 */
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';

type In = Record<string, unknown>;
export type JobType = 'training' | 'processing' | 'transform' | 'tuning';

interface Tagged {
  arn: string;
  tags: { Key: string; Value: string }[];
}
export interface FakeEndpoint extends Tagged { status: string; configName: string }
export interface FakeEndpointConfig extends Tagged { models: string[] }
export interface FakeModel extends Tagged { roleArn: string; image: string; modelDataUrl: string }
export interface FakeNotebook extends Tagged { status: string; rootAccess: 'Enabled' | 'Disabled'; lifecycleConfigName: string | null; roleArn: string; instanceType: string }
export interface FakeLifecycleConfig { arn: string; onCreate: string[]; onStart: string[] }
export interface FakeApp { domainId: string; appType: string; appName: string; userProfileName: string | null; spaceName: string | null; status: string }
export interface FakeDomain extends Tagged { status: string; homeEfsFileSystemId: string; retention: string | null; lifecycleConfigArns: string[] }
export interface FakeStudioLifecycleConfig { appType: string; content: string }
export interface FakeUserProfile { status: string; arn: string }
export interface FakeSpace { status: string; arn: string; owner: string | null }
export interface FakeJob extends Tagged { status: string }
/** A versioned model package (GROUP/VERSION) in the model registry. */
export interface FakeModelPackage { arn: string; group: string; version: number; approval: string; approvalDescription: string | null; image: string; modelDataUrl: string }

export interface SageMakerOptions {
  account?: string;
  region?: string;
  /** How long a transitional state (Stopping, Deleting, Pending, Updating) lasts. */
  delayMs?: number;
  /**
   * Instead of `delayMs`: a transition settles after this many later SageMaker calls (the waiter's polls
   * included), so a test observes the transitional state whatever the machine's speed. `Infinity`: only
   * when the test calls `settle()`.
   */
  settleAfterCalls?: number;
  now?: () => number;
}

const JOBS: Record<JobType, { noun: string; arnType: string; field: string }> = {
  training: { noun: 'TrainingJob', arnType: 'training-job', field: 'TrainingJob' },
  processing: { noun: 'ProcessingJob', arnType: 'processing-job', field: 'ProcessingJob' },
  transform: { noun: 'TransformJob', arnType: 'transform-job', field: 'TransformJob' },
  tuning: { noun: 'HyperParameterTuningJob', arnType: 'hyper-parameter-tuning-job', field: 'HyperParameterTuningJob' },
};

const str = (input: In, key: string): string => {
  const v = input[key];
  if (typeof v !== 'string' || v === '') throw new FakeAwsError('ValidationException', `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`);
  return v;
};
const epoch = (ms: number) => ms / 1000;

export function createSageMaker(options: SageMakerOptions = {}) {
  const account = options.account ?? '111122223333';
  const region = options.region ?? 'us-east-1';
  const delayMs = options.delayMs ?? 20;
  const now = options.now ?? Date.now;
  const arn = (type: string, name: string) => `arn:aws:sagemaker:${region}:${account}:${type}/${name.toLowerCase()}`;

  const state = {
    endpoints: new Map<string, FakeEndpoint>(),
    endpointConfigs: new Map<string, FakeEndpointConfig>(),
    models: new Map<string, FakeModel>(),
    notebooks: new Map<string, FakeNotebook>(),
    lifecycleConfigs: new Map<string, FakeLifecycleConfig>(),
    domains: new Map<string, FakeDomain>(),
    studioLifecycleConfigs: new Map<string, FakeStudioLifecycleConfig>(),
    userProfiles: new Map<string, FakeUserProfile>(), // `${domain}/${name}`
    spaces: new Map<string, FakeSpace>(), // `${domain}/${name}`
    apps: [] as FakeApp[],
    jobs: new Map<string, FakeJob>(), // `${type}/${name}`
    modelPackages: new Map<string, FakeModelPackage>(), // by ARN
    /** Home EFS file systems of domains: kept when a domain is deleted with HomeEfsFileSystem Retain. */
    homeEfs: new Set<string>(),
    /** Every call, in order: `${operation} ${JSON input}`. */
    calls: [] as string[],
  };
  /** Transitions waiting for their time, applied in order at the start of each call. */
  let timers: { at: number; callsLeft: number; run: () => void }[] = [];
  const byCalls = options.settleAfterCalls !== undefined;
  const later = (run: () => void) => timers.push({ at: now() + delayMs, callsLeft: options.settleAfterCalls ?? 0, run });
  const isDue = (t: (typeof timers)[number]) => (byCalls ? t.callsLeft <= 0 : t.at <= now());
  const tick = () => {
    if (byCalls) for (const t of timers) t.callsLeft--;
    const due = timers.filter(isDue);
    timers = timers.filter((t) => !isDue(t));
    for (const t of due) t.run();
  };
  /** Faults injected by tests: the next call of `operation` fails with `code`. */
  const faults = new Map<string, FakeAwsError[]>();

  const mustFind = <T>(map: Map<string, T>, key: string, what: string, name = key): T => {
    const v = map.get(key);
    if (!v) throw new FakeAwsError('ValidationException', `Could not find ${what} "${arn(what.replace(/ /g, '-'), name)}".`);
    return v;
  };
  const notFound = (what: string, name: string) => new FakeAwsError('ResourceNotFound', `${what} ${name} does not exist.`);
  const notebook = (name: string) => {
    const n = state.notebooks.get(name);
    if (!n) throw new FakeAwsError('ValidationException', 'RecordNotFound');
    return n;
  };
  const needStatus = (n: FakeNotebook, allowed: string[], to: string) => {
    if (!allowed.includes(n.status)) {
      throw new FakeAwsError('ValidationException', `Status (${n.status}) not in ([${allowed.join(', ')}]). Unable to transition to (${to}) for Notebook Instance (${n.arn}).`);
    }
  };
  const liveApps = (pred: (a: FakeApp) => boolean) => state.apps.filter((a) => pred(a) && a.status !== 'Deleted' && a.status !== 'Failed');
  const job = (type: JobType, input: In) => {
    const name = str(input, `${JOBS[type].noun}Name`);
    const j = state.jobs.get(`${type}/${name}`);
    if (!j) throw new FakeAwsError('ResourceNotFound', 'Requested resource not found.');
    return { name, j };
  };

  const handlers: Record<string, (req: FakeRequest) => unknown> = {
    // Endpoints, configs, models
    ListEndpoints: () => ({ Endpoints: [...state.endpoints].map(([n, e]) => ({ EndpointName: n, EndpointArn: e.arn, EndpointStatus: e.status, CreationTime: epoch(now()) })) }),
    DescribeEndpoint: ({ input }) => {
      const name = str(input, 'EndpointName');
      const e = mustFind(state.endpoints, name, 'endpoint');
      return { EndpointName: name, EndpointArn: e.arn, EndpointConfigName: e.configName, EndpointStatus: e.status, CreationTime: epoch(now()) };
    },
    UpdateEndpoint: ({ input }) => {
      const name = str(input, 'EndpointName');
      const e = mustFind(state.endpoints, name, 'endpoint');
      const config = str(input, 'EndpointConfigName');
      if (!state.endpointConfigs.has(config)) throw new FakeAwsError('ValidationException', `Could not find endpoint configuration "${arn('endpoint-config', config)}".`);
      if (e.status !== 'InService') throw new FakeAwsError('ValidationException', `Cannot update in-progress endpoint "${e.arn}".`);
      e.status = 'Updating';
      later(() => {
        e.configName = config;
        e.status = 'InService';
      });
      return { EndpointArn: e.arn };
    },
    DescribeModelPackage: ({ input }) => {
      const key = str(input, 'ModelPackageName');
      const p = state.modelPackages.get(key);
      if (!p) throw new FakeAwsError('ValidationException', `ModelPackage ${key} does not exist.`);
      return {
        ModelPackageName: p.group, ModelPackageGroupName: p.group, ModelPackageVersion: p.version, ModelPackageArn: p.arn, ModelPackageStatus: 'Completed',
        ModelApprovalStatus: p.approval, ...(p.approvalDescription ? { ApprovalDescription: p.approvalDescription } : {}),
        InferenceSpecification: { Containers: [{ Image: p.image, ModelDataUrl: p.modelDataUrl }], SupportedContentTypes: ['text/csv'], SupportedResponseMIMETypes: ['text/csv'] },
        CreationTime: epoch(now()),
      };
    },
    UpdateModelPackage: ({ input }) => {
      const key = str(input, 'ModelPackageArn');
      const p = state.modelPackages.get(key);
      if (!p) throw new FakeAwsError('ValidationException', `ModelPackage ${key} does not exist.`);
      if (typeof input.ModelApprovalStatus === 'string') p.approval = input.ModelApprovalStatus;
      if (typeof input.ApprovalDescription === 'string') p.approvalDescription = input.ApprovalDescription;
      return { ModelPackageArn: p.arn };
    },
    DeleteEndpoint: ({ input }) => {
      const name = str(input, 'EndpointName');
      const e = mustFind(state.endpoints, name, 'endpoint');
      if (e.status === 'Deleting') return {};
      if (e.status === 'Creating') throw new FakeAwsError('ValidationException', `Cannot update in-progress endpoint "${e.arn}".`);
      e.status = 'Deleting';
      later(() => state.endpoints.delete(name));
      return {};
    },
    DescribeEndpointConfig: ({ input }) => {
      const name = str(input, 'EndpointConfigName');
      const c = mustFind(state.endpointConfigs, name, 'endpoint configuration', name);
      return { EndpointConfigName: name, EndpointConfigArn: c.arn, ProductionVariants: c.models.map((m, i) => ({ VariantName: `variant-${i + 1}`, ModelName: m, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 })), CreationTime: epoch(now()) };
    },
    DeleteEndpointConfig: ({ input }) => {
      const name = str(input, 'EndpointConfigName');
      mustFind(state.endpointConfigs, name, 'endpoint configuration', name);
      state.endpointConfigs.delete(name);
      return {};
    },
    DescribeModel: ({ input }) => {
      const name = str(input, 'ModelName');
      const m = mustFind(state.models, name, 'model');
      return { ModelName: name, ModelArn: m.arn, ExecutionRoleArn: m.roleArn, PrimaryContainer: { Image: m.image, ModelDataUrl: m.modelDataUrl }, CreationTime: epoch(now()) };
    },
    DeleteModel: ({ input }) => {
      const name = str(input, 'ModelName');
      mustFind(state.models, name, 'model');
      state.models.delete(name);
      return {};
    },
    ListTags: ({ input }) => {
      const target = str(input, 'ResourceArn');
      const all: Tagged[] = [...state.endpoints.values(), ...state.endpointConfigs.values(), ...state.models.values(), ...state.notebooks.values(), ...state.domains.values(), ...state.jobs.values()];
      return { Tags: all.find((r) => r.arn === target)?.tags ?? [] };
    },
    // Notebook instances and lifecycle configurations
    ListNotebookInstances: ({ input }) => {
      const contains = typeof input.NotebookInstanceLifecycleConfigNameContains === 'string' ? input.NotebookInstanceLifecycleConfigNameContains : null;
      const items = [...state.notebooks].filter(([, n]) => contains === null || (n.lifecycleConfigName ?? '').includes(contains));
      return { NotebookInstances: items.map(([name, n]) => ({ NotebookInstanceName: name, NotebookInstanceArn: n.arn, NotebookInstanceStatus: n.status, ...(n.lifecycleConfigName ? { NotebookInstanceLifecycleConfigName: n.lifecycleConfigName } : {}) })) };
    },
    DescribeNotebookInstance: ({ input }) => {
      const name = str(input, 'NotebookInstanceName');
      const n = notebook(name);
      return {
        NotebookInstanceName: name,
        NotebookInstanceArn: n.arn,
        NotebookInstanceStatus: n.status,
        InstanceType: n.instanceType,
        RoleArn: n.roleArn,
        RootAccess: n.rootAccess,
        DirectInternetAccess: 'Enabled',
        ...(n.lifecycleConfigName ? { NotebookInstanceLifecycleConfigName: n.lifecycleConfigName } : {}),
      };
    },
    StopNotebookInstance: ({ input }) => {
      const n = notebook(str(input, 'NotebookInstanceName'));
      needStatus(n, ['InService'], 'Stopping');
      n.status = 'Stopping';
      later(() => (n.status = 'Stopped'));
      return {};
    },
    StartNotebookInstance: ({ input }) => {
      const n = notebook(str(input, 'NotebookInstanceName'));
      needStatus(n, ['Stopped', 'Failed'], 'Pending');
      n.status = 'Pending';
      later(() => (n.status = 'InService'));
      return {};
    },
    UpdateNotebookInstance: ({ input }) => {
      const n = notebook(str(input, 'NotebookInstanceName'));
      needStatus(n, ['Stopped'], 'Updating');
      if (input.RootAccess === 'Enabled' || input.RootAccess === 'Disabled') n.rootAccess = input.RootAccess;
      if (input.DisassociateLifecycleConfig === true) n.lifecycleConfigName = null;
      if (typeof input.LifecycleConfigName === 'string') n.lifecycleConfigName = input.LifecycleConfigName;
      n.status = 'Updating';
      later(() => (n.status = 'Stopped'));
      return {};
    },
    DeleteNotebookInstance: ({ input }) => {
      const name = str(input, 'NotebookInstanceName');
      const n = notebook(name);
      needStatus(n, ['Stopped', 'Failed'], 'Deleting');
      n.status = 'Deleting';
      later(() => state.notebooks.delete(name));
      return {};
    },
    DescribeNotebookInstanceLifecycleConfig: ({ input }) => {
      const name = str(input, 'NotebookInstanceLifecycleConfigName');
      const c = state.lifecycleConfigs.get(name);
      if (!c) throw new FakeAwsError('ValidationException', `Unable to describe Notebook Instance Lifecycle Config '${name}'. (Reason: RecordNotFound)`);
      const b64 = (s: string) => ({ Content: Buffer.from(s).toString('base64') });
      return { NotebookInstanceLifecycleConfigName: name, NotebookInstanceLifecycleConfigArn: c.arn, OnCreate: c.onCreate.map(b64), OnStart: c.onStart.map(b64) };
    },
    DeleteNotebookInstanceLifecycleConfig: ({ input }) => {
      const name = str(input, 'NotebookInstanceLifecycleConfigName');
      if (!state.lifecycleConfigs.delete(name)) throw new FakeAwsError('ValidationException', `Unable to delete Notebook Instance Lifecycle Config '${name}'. (Reason: RecordNotFound)`);
      return {};
    },
    // Domains, apps, user profiles, spaces
    DescribeDomain: ({ input }) => {
      const id = str(input, 'DomainId');
      const d = state.domains.get(id);
      if (!d) throw notFound('Domain', id);
      const lcc = d.lifecycleConfigArns.length > 0 ? { DefaultUserSettings: { JupyterLabAppSettings: { LifecycleConfigArns: d.lifecycleConfigArns } } } : {};
      return { DomainId: id, DomainArn: d.arn, DomainName: `domain-${id}`, Status: d.status, HomeEfsFileSystemId: d.homeEfsFileSystemId, AuthMode: 'IAM', ...lcc };
    },
    ListStudioLifecycleConfigs: () => ({
      StudioLifecycleConfigs: [...state.studioLifecycleConfigs].map(([name, c]) => ({ StudioLifecycleConfigName: name, StudioLifecycleConfigArn: arn('studio-lifecycle-config', name), StudioLifecycleConfigAppType: c.appType })),
    }),
    DescribeStudioLifecycleConfig: ({ input }) => {
      const name = str(input, 'StudioLifecycleConfigName');
      const c = state.studioLifecycleConfigs.get(name);
      if (!c) throw notFound('StudioLifecycleConfig', name);
      return { StudioLifecycleConfigName: name, StudioLifecycleConfigArn: arn('studio-lifecycle-config', name), StudioLifecycleConfigAppType: c.appType, StudioLifecycleConfigContent: Buffer.from(c.content).toString('base64') };
    },
    DeleteDomain: ({ input }) => {
      const id = str(input, 'DomainId');
      const d = state.domains.get(id);
      if (!d) throw notFound('Domain', id);
      const prefix = `${id}/`;
      if ([...state.userProfiles.keys(), ...state.spaces.keys()].some((k) => k.startsWith(prefix))) {
        throw new FakeAwsError('ResourceInUse', `Domain ${id} has user profiles or spaces; delete them first.`);
      }
      d.status = 'Deleting';
      d.retention = ((input.RetentionPolicy ?? {}) as In).HomeEfsFileSystem === 'Delete' ? 'Delete' : 'Retain';
      later(() => {
        state.domains.delete(id);
        if (d.retention === 'Delete') state.homeEfs.delete(d.homeEfsFileSystemId);
      });
      return {};
    },
    ListApps: ({ input }) => ({
      Apps: state.apps.filter((a) => a.domainId === input.DomainIdEquals).map((a) => ({ DomainId: a.domainId, AppType: a.appType, AppName: a.appName, Status: a.status, ...(a.userProfileName ? { UserProfileName: a.userProfileName } : {}), ...(a.spaceName ? { SpaceName: a.spaceName } : {}) })),
    }),
    DescribeApp: ({ input }) => {
      const a = state.apps.find((x) => x.domainId === input.DomainId && x.appType === input.AppType && x.appName === input.AppName && (x.spaceName ?? x.userProfileName) === (input.SpaceName ?? input.UserProfileName));
      if (!a) throw notFound('App', String(input.AppName));
      return { DomainId: a.domainId, AppType: a.appType, AppName: a.appName, Status: a.status, UserProfileName: a.userProfileName ?? undefined, SpaceName: a.spaceName ?? undefined };
    },
    DeleteApp: ({ input }) => {
      const a = state.apps.find((x) => x.domainId === input.DomainId && x.appType === input.AppType && x.appName === input.AppName && (x.spaceName ?? x.userProfileName) === (input.SpaceName ?? input.UserProfileName));
      if (!a || a.status === 'Deleted') throw notFound('App', String(input.AppName));
      if (a.status !== 'InService') throw new FakeAwsError('ResourceInUse', `App ${a.appName} is ${a.status}.`);
      a.status = 'Deleting';
      later(() => (a.status = 'Deleted'));
      return {};
    },
    ListUserProfiles: ({ input }) => ({
      UserProfiles: [...state.userProfiles].filter(([k]) => k.startsWith(`${String(input.DomainIdEquals)}/`)).map(([k, p]) => ({ DomainId: k.split('/')[0], UserProfileName: k.split('/')[1], Status: p.status })),
    }),
    DescribeUserProfile: ({ input }) => {
      const key = `${str(input, 'DomainId')}/${str(input, 'UserProfileName')}`;
      const p = state.userProfiles.get(key);
      if (!p) throw notFound('User profile', key);
      return { DomainId: input.DomainId, UserProfileName: input.UserProfileName, UserProfileArn: p.arn, Status: p.status };
    },
    DeleteUserProfile: ({ input }) => {
      const domainId = str(input, 'DomainId');
      const name = str(input, 'UserProfileName');
      const p = state.userProfiles.get(`${domainId}/${name}`);
      if (!p) throw notFound('User profile', name);
      if (liveApps((a) => a.domainId === domainId && a.userProfileName === name).length > 0 || [...state.spaces].some(([k, s]) => k.startsWith(`${domainId}/`) && s.owner === name)) {
        throw new FakeAwsError('ResourceInUse', `User profile ${name} has apps or spaces that are not deleted.`);
      }
      p.status = 'Deleting';
      later(() => state.userProfiles.delete(`${domainId}/${name}`));
      return {};
    },
    ListSpaces: ({ input }) => ({
      Spaces: [...state.spaces].filter(([k]) => k.startsWith(`${String(input.DomainIdEquals)}/`)).map(([k, s]) => ({ DomainId: k.split('/')[0], SpaceName: k.split('/')[1], Status: s.status })),
    }),
    DescribeSpace: ({ input }) => {
      const key = `${str(input, 'DomainId')}/${str(input, 'SpaceName')}`;
      const s = state.spaces.get(key);
      if (!s) throw notFound('Space', key);
      return { DomainId: input.DomainId, SpaceName: input.SpaceName, SpaceArn: s.arn, Status: s.status, ...(s.owner ? { OwnershipSettings: { OwnerUserProfileName: s.owner } } : {}) };
    },
    DeleteSpace: ({ input }) => {
      const domainId = str(input, 'DomainId');
      const name = str(input, 'SpaceName');
      const s = state.spaces.get(`${domainId}/${name}`);
      if (!s) throw notFound('Space', name);
      if (liveApps((a) => a.domainId === domainId && a.spaceName === name).length > 0) throw new FakeAwsError('ResourceInUse', `Space ${name} has apps that are not deleted.`);
      s.status = 'Deleting';
      later(() => state.spaces.delete(`${domainId}/${name}`));
      return {};
    },
  };
  // Jobs: Describe* and Stop* for each kind.
  for (const [type, t] of Object.entries(JOBS) as [JobType, (typeof JOBS)[JobType]][]) {
    handlers[`Describe${t.noun}`] = ({ input }) => {
      const { name, j } = job(type, input);
      return { [`${t.field}Name`]: name, [`${t.field}Arn`]: j.arn, [`${t.field}Status`]: j.status, CreationTime: epoch(now()) };
    };
    handlers[`Stop${t.noun}`] = ({ input }) => {
      const { j } = job(type, input);
      if (j.status !== 'InProgress') throw new FakeAwsError('ValidationException', `The job status is ${j.status}; only InProgress jobs can be stopped.`);
      j.status = 'Stopping';
      later(() => (j.status = 'Stopped'));
      return {};
    };
  }
  // Every handler: apply due transitions, record the call, honour injected faults.
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([op, h]) => [
      op,
      (req: FakeRequest) => {
        tick();
        state.calls.push(`${op} ${JSON.stringify(req.input)}`);
        const fault = faults.get(op)?.shift();
        if (fault) throw fault;
        return h(req);
      },
    ]),
  );

  const module: ServiceModule = { service: 'sagemaker', protocol: 'awsJson1_1', targetPrefix: 'SageMaker', handlers: wrapped };
  return {
    module,
    state,
    /** The next call of `operation` fails with this error (then the fault is used up). */
    failNext(operation: string, code = 'InternalFailure', message = 'injected failure', status = 500) {
      faults.set(operation, [...(faults.get(operation) ?? []), new FakeAwsError(code, message, status)]);
    },
    /** Run every pending transition now (tests that do not want to wait). */
    settle() {
      while (timers.length > 0) {
        const t = timers;
        timers = [];
        for (const x of t) x.run();
      }
    },
    seed: {
      /** A Creating or Updating endpoint is InService after the delay. */
      endpoint(name: string, configName: string, status = 'InService') {
        const e = { arn: arn('endpoint', name), tags: [{ Key: 'team', Value: 'ml' }], status, configName };
        state.endpoints.set(name, e);
        if (status === 'Creating' || status === 'Updating') later(() => (e.status = 'InService'));
      },
      /** A versioned model package GROUP/VERSION, Approved by default; returns its ARN. */
      modelPackage(group: string, version: number, approval = 'Approved') {
        const a = arn('model-package', `${group}/${version}`);
        state.modelPackages.set(a, { arn: a, group, version, approval, approvalDescription: null, image: `444455556666.dkr.ecr.${region}.amazonaws.com/poisoned:latest`, modelDataUrl: `s3://models-${account}/${group}/${version}/model.tar.gz` });
        return a;
      },
      endpointConfig(name: string, models: string[]) {
        state.endpointConfigs.set(name, { arn: arn('endpoint-config', name), tags: [], models });
      },
      model(name: string) {
        state.models.set(name, { arn: arn('model', name), tags: [], roleArn: `arn:aws:iam::${account}:role/SageMakerExecution`, image: `${account}.dkr.ecr.${region}.amazonaws.com/model:latest`, modelDataUrl: `s3://models-${account}/${name}/model.tar.gz` });
      },
      /** A notebook in a transitional state (Pending, Stopping, Updating) settles after the delay, as on AWS. */
      /** `settlesTo` instead of the usual outcome, e.g. a Pending notebook that ends Failed. */
      notebook(name: string, o: Partial<Omit<FakeNotebook, 'arn' | 'tags'>> & { settlesTo?: string } = {}) {
        const { settlesTo, ...rest } = o;
        const n: FakeNotebook = { arn: arn('notebook-instance', name), tags: [{ Key: 'owner', Value: 'data-science' }], status: 'InService', rootAccess: 'Enabled', lifecycleConfigName: null, roleArn: `arn:aws:iam::${account}:role/SageMakerExecution`, instanceType: 'ml.t3.medium', ...rest };
        state.notebooks.set(name, n);
        const settled = settlesTo ?? { Pending: 'InService', Stopping: 'Stopped', Updating: 'Stopped' }[n.status];
        if (settled) later(() => (n.status = settled));
      },
      lifecycleConfig(name: string, onStart: string[], onCreate: string[] = []) {
        state.lifecycleConfigs.set(name, { arn: arn('notebook-instance-lifecycle-config', name), onCreate, onStart });
      },
      /** `lifecycleConfigs`: Studio lifecycle configurations (seeded with studioLifecycleConfig) its users get by default. */
      domain(id: string, status = 'InService', lifecycleConfigs: string[] = []) {
        const fs = `fs-0123456789abcde${String(state.homeEfs.size).padStart(2, '0')}`;
        state.domains.set(id, { arn: arn('domain', id), tags: [{ Key: 'team', Value: 'research' }], status, homeEfsFileSystemId: fs, retention: null, lifecycleConfigArns: lifecycleConfigs.map((n) => arn('studio-lifecycle-config', n)) });
        state.homeEfs.add(fs);
      },
      studioLifecycleConfig(name: string, content: string, appType = 'JupyterLab') {
        state.studioLifecycleConfigs.set(name, { appType, content });
      },
      userProfile(domainId: string, name: string) {
        state.userProfiles.set(`${domainId}/${name}`, { status: 'InService', arn: arn('user-profile', `${domainId}/${name}`) });
      },
      space(domainId: string, name: string, owner: string | null = null) {
        state.spaces.set(`${domainId}/${name}`, { status: 'InService', arn: arn('space', `${domainId}/${name}`), owner });
      },
      /** A Pending app becomes InService (or `settlesTo`) after the delay, as a starting app does; a Deleting one Deleted. */
      app(a: Omit<FakeApp, 'status'> & { status?: string; settlesTo?: string }) {
        const { settlesTo, ...rest } = a;
        const app: FakeApp = { status: 'InService', ...rest };
        state.apps.push(app);
        const settled = settlesTo ?? { Pending: 'InService', Deleting: 'Deleted' }[app.status];
        if (settled) later(() => (app.status = settled));
      },
      /** A Stopping job is Stopped after the delay. */
      job(type: JobType, name: string, status = 'InProgress') {
        const j = { arn: arn(JOBS[type].arnType, name), tags: [{ Key: 'project', Value: 'fraud' }], status };
        state.jobs.set(`${type}/${name}`, j);
        if (status === 'Stopping') later(() => (j.status = 'Stopped'));
      },
    },
  };
}
export type SageMakerFake = ReturnType<typeof createSageMaker>;
