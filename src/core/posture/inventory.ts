/**
 * What posture's AWS adapter reads, normalised: plain records the checks judge. Fields keep AWS's
 * values as they are (undefined when AWS leaves them out, which is itself evidence: an omitted
 * RootAccess is Enabled).
 */
import type { PostureResource } from '../../playbook/posture-schema.js';

export interface Located {
  region: string;
  name: string;
  arn: string;
}

export interface NotebookInstance extends Located {
  status?: string;
  rootAccess?: string;
  directInternetAccess?: string;
  subnetId?: string;
  kmsKeyId?: string;
  /** InstanceMetadataServiceConfiguration.MinimumInstanceMetadataServiceVersion: '1' or '2'. */
  imdsMinimum?: string;
  platformIdentifier?: string;
  lifecycleConfigName?: string;
  roleArn?: string;
}

/** One script of a lifecycle configuration, base64 as AWS returns it. */
export interface LifecycleScript {
  /** OnCreate, OnStart (notebooks) or the Studio app type. */
  hook: string;
  content: string;
}

export interface LifecycleConfig extends Located {
  scripts: LifecycleScript[];
}

export interface Domain extends Located {
  /** PublicInternetOnly (the default) or VpcOnly. */
  appNetworkAccessType?: string;
  kmsKeyId?: string;
  /** The Studio lifecycle configurations its default user and space settings run (ARNs). */
  lifecycleConfigArns: string[];
  /** The default execution roles of its users and spaces. */
  roleArns: string[];
}

export interface EndpointConfig extends Located {
  kmsKeyId?: string;
  variants: { name: string; modelName?: string; initialInstanceCount?: number; serverless: boolean }[];
  dataCapture?: { enabled: boolean; destination?: string; kmsKeyId?: string };
  /** The endpoints (names) that use it. */
  endpoints: string[];
}

export interface Model extends Located {
  networkIsolation?: boolean;
  inVpc: boolean;
  /** Every container's image URI. */
  images: string[];
  executionRoleArn?: string;
  /** The endpoints (names) that serve it. */
  endpoints: string[];
}

/** A Studio user profile or space: its own execution role and lifecycle configurations (name: DOMAIN/NAME). */
export interface StudioMember extends Located {
  domainId: string;
  executionRole?: string;
  lifecycleConfigArns: string[];
}

/** A training, processing or transform job (recent, or still running); fields AWS left out stay undefined. */
export interface Job extends Located {
  type: 'training' | 'processing' | 'transform';
  status?: string;
  /** Training and processing: a VpcConfig (transform jobs run in their model's network). */
  inVpc?: boolean;
  volumeKmsKeyId?: string;
  outputKmsKeyId?: string;
  interContainerEncryption?: boolean;
  networkIsolation?: boolean;
  /** The image it runs (training, processing; a transform job runs its model's). */
  images: string[];
  roleArn?: string;
}

/** A policy document as IAM returns it (URL-decoded JSON), and where it comes from. */
export interface RolePolicy {
  /** `inline NAME` or the managed policy's ARN. */
  source: string;
  document: unknown;
}

/** An IAM role some SageMaker resource runs as: its trust policy and the policies that grant it. */
export interface ExecutionRole extends Located {
  /** What runs as it: "notebook-instance us-east-1/nb1". */
  usedBy: string[];
  trust: unknown;
  policies: RolePolicy[];
}

export interface ModelPackageGroup extends Located {
  /** Its resource policy (GetModelPackageGroupPolicy), or null when it has none. */
  policy: unknown;
}

/** A resource kind that could not be listed (or one resource not described) in a region, and why. */
export interface ReadGap {
  resource: PostureResource;
  region: string;
  /** The one resource not described; absent when the whole kind was not listed in the region. */
  name?: string;
  service: string;
  operation: string;
  /** The IAM permission the call needs. */
  permission: string;
  code: string | null;
  message: string;
}

export interface Inventory {
  /** The account read (STS GetCallerIdentity). */
  account: string | null;
  regions: string[];
  notebookInstances: NotebookInstance[];
  notebookLifecycleConfigs: LifecycleConfig[];
  /** Studio lifecycle configurations: one script each, its hook the app type (JupyterLab, CodeEditor, ...). */
  studioLifecycleConfigs: LifecycleConfig[];
  domains: Domain[];
  /** The configurations and models behind the account's endpoints (what serves traffic). */
  endpointConfigs: EndpointConfig[];
  models: Model[];
  userProfiles: StudioMember[];
  spaces: StudioMember[];
  jobs: Job[];
  /** The account's roles that SageMaker resources run as (read once, region "global"). */
  executionRoles: ExecutionRole[];
  modelPackageGroups: ModelPackageGroup[];
  gaps: ReadGap[];
}

/** The type of each kind of resource the checks judge. */
export interface ResourceTypes {
  'notebook-instance': NotebookInstance;
  'notebook-lifecycle-config': LifecycleConfig;
  'studio-lifecycle-config': LifecycleConfig;
  domain: Domain;
  'endpoint-config': EndpointConfig;
  model: Model;
  'user-profile': StudioMember;
  space: StudioMember;
  job: Job;
  'execution-role': ExecutionRole;
  'model-package-group': ModelPackageGroup;
}
export type CheckedResource = keyof ResourceTypes;

const BY_KIND: { [K in CheckedResource]: (inv: Inventory) => readonly ResourceTypes[K][] } = {
  'notebook-instance': (inv) => inv.notebookInstances,
  'notebook-lifecycle-config': (inv) => inv.notebookLifecycleConfigs,
  'studio-lifecycle-config': (inv) => inv.studioLifecycleConfigs,
  domain: (inv) => inv.domains,
  'endpoint-config': (inv) => inv.endpointConfigs,
  model: (inv) => inv.models,
  'user-profile': (inv) => inv.userProfiles,
  space: (inv) => inv.spaces,
  job: (inv) => inv.jobs,
  'execution-role': (inv) => inv.executionRoles,
  'model-package-group': (inv) => inv.modelPackageGroups,
};

/** The resources of one kind, as the checks of that kind see them. */
export function resourcesOf<K extends CheckedResource>(inv: Inventory, kind: K): readonly ResourceTypes[K][] {
  return BY_KIND[kind](inv);
}

/** How many resources of a kind were read (none for a kind no check judges). */
export function countOf(inv: Inventory, kind: PostureResource): number {
  return kind in BY_KIND ? BY_KIND[kind as CheckedResource](inv).length : 0;
}
