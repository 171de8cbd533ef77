/**
 * What posture's AWS adapter reads, normalised: plain records the checks judge. Fields keep AWS's
 * values as they are (undefined when AWS leaves them out, which is itself evidence: an omitted
 * RootAccess is Enabled).
 */
import type { PostureResource } from '../../playbook/posture-schema.js';

interface Located {
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
  gaps: ReadGap[];
}

/** The resources of one kind, as the checks of that kind see them. */
export function resourcesOf(inv: Inventory, kind: PostureResource): readonly Located[] {
  switch (kind) {
    case 'notebook-instance':
      return inv.notebookInstances;
    case 'notebook-lifecycle-config':
      return inv.notebookLifecycleConfigs;
    default:
      return [];
  }
}
