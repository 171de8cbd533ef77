import { z } from 'zod';
import { SEVERITIES } from './severity.js';
import { idSchema as id, urlSchema as url } from './schema.js';

/** The kinds of resource posture reads; each check judges one kind. */
export const POSTURE_RESOURCES = [
  'notebook-instance', 'notebook-lifecycle-config', 'studio-lifecycle-config', 'domain', 'user-profile', 'space', 'model', 'endpoint-config', 'endpoint',
  'job', 'execution-role', 'model-package-group',
] as const;

/** The calls that create or change each kind: a prepare fix must name a guardrail that denies one of them. */
export const WRITTEN_BY: Readonly<Record<(typeof POSTURE_RESOURCES)[number], readonly string[]>> = {
  'notebook-instance': ['CreateNotebookInstance', 'UpdateNotebookInstance'],
  'notebook-lifecycle-config': ['CreateNotebookInstanceLifecycleConfig', 'UpdateNotebookInstanceLifecycleConfig'],
  'studio-lifecycle-config': ['CreateStudioLifecycleConfig'],
  domain: ['CreateDomain', 'UpdateDomain'],
  'user-profile': ['CreateUserProfile', 'UpdateUserProfile'],
  space: ['CreateSpace', 'UpdateSpace'],
  model: ['CreateModel'],
  'endpoint-config': ['CreateEndpointConfig'],
  endpoint: ['CreateEndpoint', 'UpdateEndpoint'],
  job: ['CreateTrainingJob', 'CreateProcessingJob', 'CreateTransformJob'],
  'execution-role': ['CreateRole', 'PutRolePolicy', 'AttachRolePolicy', 'UpdateAssumeRolePolicy'],
  'model-package-group': ['CreateModelPackageGroup', 'PutModelPackageGroupPolicy'],
};

const regex = z.string().refine((p) => {
  try {
    new RegExp(p);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** What fixes a failed check: a containment action (now) or a preventive guardrail (from now on). */
const fix = z.discriminatedUnion('by', [
  z.object({ by: z.literal('contain'), action: id }),
  z.object({ by: z.literal('prepare'), guardrail: id }),
]);

const check = z
  .object({
    id,
    resource: z.enum(POSTURE_RESOURCES),
    title: z.string(),
    /** Severity of a failure; omitted when `detectRule` gives it (the same severity as detect). */
    severity: z.enum(SEVERITIES).optional(),
    /** Threat scenarios (scenarios.json) the weakness enables; omitted when `detectRule` gives them. */
    scenarios: z.array(id).optional(),
    /** The detective rule whose analysis and metadata the check reuses (the same indicators and severity as detect). */
    detectRule: id.optional(),
    /** The playbook's best practice (best-practices.json) the check verifies. */
    bestPractice: id.optional(),
    /** The AWS Security Hub control (AWS Foundational Security Best Practices) that checks the same, if any. */
    securityHub: z.string().regex(/^SageMaker\.\d+$/).nullable(),
    /** The Prowler check that checks the same, if any. */
    prowler: z.string().regex(/^[a-z0-9_]+$/).nullable(),
    remediation: z.string(),
    docs: url.optional(),
    fixes: z.array(fix).default([]),
  })
  .refine((c) => (c.detectRule === undefined) === (c.severity !== undefined && c.scenarios !== undefined), {
    message: 'a check gives either detectRule or both severity and scenarios',
  });

/** playbook/posture.json: what `sm-ir posture` checks and how each check maps to the playbook. */
export const PostureFile = z.object({
  attribution: z.string(),
  checks: z.array(check).min(1),
  /** The detect rule whose trust posture shares (its trustedAccounts, with AWS's registries), besides the account itself. */
  trustedAccountsRule: id,
  /** Notebook platform identifiers AWS no longer supports. */
  unsupportedPlatforms: z.array(z.string()).min(1),
  /** Secrets in lifecycle scripts: each pattern's first capture group (or the whole match) is the secret, shown masked. */
  secretPatterns: z.array(z.object({ label: z.string(), pattern: regex })).min(1),
  /** Read calls per second per region and service, below the services' throttling (SageMaker publishes no per-operation read rate). */
  pacing: z.record(z.string(), z.number().positive()),
  /** Every IAM permission posture's reads need (docs and a test compare it with the calls made). */
  permissions: z.array(z.string().regex(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/)).min(1),
});
export type PostureResource = (typeof POSTURE_RESOURCES)[number];
export type PostureData = z.infer<typeof PostureFile>;
export type PostureCheckData = PostureData['checks'][number];
