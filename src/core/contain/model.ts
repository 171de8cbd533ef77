import type { JobType } from './names.js';

/**
 * What the planner knows about the account: a snapshot read before planning (and kept as evidence).
 * A resource missing from a map does not exist.
 */
export interface App {
  appType: string;
  appName: string;
  status: string;
  userProfileName: string | null;
  spaceName: string | null;
}
export interface Inventory {
  /** Every endpoint of the region (ListEndpoints), with the config each uses: protects shared configs. */
  endpoints: Record<string, { status: string; configName: string }>;
  endpointConfigs: Record<string, { models: string[] }>;
  models: Record<string, { executionRoleArn: string | null }>;
  /** Every notebook of the region; rootAccess is known for the described ones. */
  notebooks: Record<string, { status: string; rootAccess: string | null; lifecycleConfigName: string | null }>;
  lifecycleConfigs: Record<string, { notebooks: string[] }>;
  domains: Record<string, { status: string; apps: App[]; userProfiles: { name: string; status: string }[]; spaces: { name: string; status: string }[] }>;
  /** Keyed `${type}/${name}`. */
  jobs: Record<string, { status: string }>;
  roles: Record<string, { path: string; inlinePolicies: string[] }>;
}

export function emptyInventory(): Inventory {
  return { endpoints: {}, endpointConfigs: {}, models: {}, notebooks: {}, lifecycleConfigs: {}, domains: {}, jobs: {}, roles: {} };
}

/**
 * A read that says whether a step's end state holds: all `match` fields have one of their values
 * (null: the field is absent); `gone: true` means the resource must no longer exist.
 */
export interface Probe {
  service: 'sagemaker' | 'iam';
  operation: string;
  parameters: Record<string, unknown>;
  match?: Record<string, (string | null)[]>;
  gone?: boolean;
}

export interface PlanStep {
  n: number;
  target: string;
  service: 'sagemaker' | 'iam';
  operation: string;
  permission: string;
  parameters: Record<string, unknown>;
  /** The end state in words, e.g. "Stopped" or "gone". */
  expect: string;
  /** Wait for this before the call (e.g. Stopped before UpdateNotebookInstance). */
  ready: Probe | null;
  /** Checked before the call (true: already done, skipped) and polled after it until true. */
  done: Probe | null;
  state: 'pending' | 'already-done';
}

export interface ContainOptions {
  withConfig?: boolean;
  withModels?: boolean;
  deleteHomeEfs?: boolean;
  noRestart?: boolean;
  deleteLifecycleConfig?: boolean;
  jobType?: JobType;
}

export interface Plan {
  action: string;
  region: string;
  targets: string[];
  options: ContainOptions;
  createdAt: string;
  steps: PlanStep[];
  /** Dependencies left in place, with the reason (e.g. a config another endpoint uses). */
  kept: { target: string; reason: string }[];
  /** Targets proposed from findings that could not be planned (gone, or in the wrong state), with why. */
  skipped: { target: string; reason: string }[];
}
