import { z } from 'zod';
import { JOB_TYPES } from './names.js';

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
  /** `artifacts`: the S3 URIs of its model data (ModelDataUrl, ModelDataSource). */
  models: Record<string, { executionRoleArn: string | null; artifacts?: string[] }>;
  /** Every notebook of the region; rootAccess is known for the described ones. */
  notebooks: Record<string, { status: string; rootAccess: string | null; lifecycleConfigName: string | null }>;
  lifecycleConfigs: Record<string, { notebooks: string[] }>;
  domains: Record<string, { status: string; apps: App[]; userProfiles: { name: string; status: string }[]; spaces: { name: string; status: string; owner?: string | null }[] }>;
  /** Keyed `${type}/${name}`. */
  jobs: Record<string, { status: string; /** A training job's output model (ModelArtifacts). */ artifacts?: string[] }>;
  roles: Record<string, { path: string; inlinePolicies: string[] }>;
  /** IAM users with their access keys (ListAccessKeys). */
  /** Model registry versions by GROUP/VERSION (as the target names them): their ARN and approval status. */
  modelPackages: Record<string, { arn: string; approval: string }>;
  users: Record<string, { inlinePolicies: string[]; keys: { id: string; status: string }[]; /** read only for --delete-login-profile */ loginProfile?: boolean }>;
}

export function emptyInventory(): Inventory {
  return { endpoints: {}, endpointConfigs: {}, models: {}, notebooks: {}, lifecycleConfigs: {}, domains: {}, jobs: {}, roles: {}, modelPackages: {}, users: {} };
}

/**
 * A read that says whether a step's end state holds: all `match` fields have one of their values
 * (null: the field is absent); `gone: true` means the resource must no longer exist.
 */
export const ProbeSchema = z.object({
  service: z.enum(['sagemaker', 'iam']),
  operation: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  match: z.record(z.string(), z.array(z.string().nullable())).optional(),
  gone: z.boolean().optional(),
  /**
   * The answer is a list (ListAccessKeys): `match` applies to its item whose `field` is `value`; no
   * such item reads as gone.
   */
  item: z.object({ list: z.string(), field: z.string(), value: z.string() }).optional(),
});
export type Probe = z.infer<typeof ProbeSchema>;

export const PlanStepSchema = z.object({
  n: z.number().int(),
  target: z.string(),
  service: z.enum(['sagemaker', 'iam']),
  operation: z.string(),
  permission: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  /** The end state in words, e.g. "Stopped" or "gone". */
  expect: z.string(),
  /** Wait for this before the call (e.g. Stopped before UpdateNotebookInstance). */
  ready: ProbeSchema.nullable(),
  /** Checked before the call (true: already done, skipped) and polled after it until true. */
  done: ProbeSchema.nullable(),
  state: z.enum(['pending', 'already-done']),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const ContainOptionsSchema = z.object({
  withConfig: z.boolean().optional(),
  withModels: z.boolean().optional(),
  deleteHomeEfs: z.boolean().optional(),
  /** true: leave a notebook stopped; false: restart it (--restart); absent: restart unless a lifecycle configuration is attached. */
  noRestart: z.boolean().optional(),
  deleteLifecycleConfig: z.boolean().optional(),
  jobType: z.enum(JOB_TYPES).optional(),
  /** deactivate-access-key: only these keys (else every Active key of the user). */
  accessKeyIds: z.array(z.string()).optional(),
  /** quarantine-user: also delete the user's console password (its login profile), after keeping it as evidence. */
  deleteLoginProfile: z.boolean().optional(),
  /** rollback-endpoint: the known-good endpoint configuration to switch to. */
  toConfig: z.string().optional(),
  /** stop-user-apps: the targets are spaces (DOMAIN/SPACE), not user profiles. */
  space: z.boolean().optional(),
});
export type ContainOptions = z.infer<typeof ContainOptionsSchema>;

const Reason = z.object({ target: z.string(), reason: z.string() });
export const PlanSchema = z.object({
  action: z.string(),
  region: z.string(),
  targets: z.array(z.string()),
  options: ContainOptionsSchema,
  createdAt: z.string(),
  steps: z.array(PlanStepSchema),
  /** Dependencies left in place, with the reason (e.g. a config another endpoint uses). */
  kept: z.array(Reason),
  /** Targets proposed from findings that could not be planned (gone, or in the wrong state), with why. */
  skipped: z.array(Reason),
});
export type Plan = z.infer<typeof PlanSchema>;
