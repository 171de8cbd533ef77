import { z } from 'zod';
import { SEVERITIES } from '../../playbook/severity.js';
import { POSTURE_RESOURCES } from '../../playbook/posture-schema.js';

/** The one posture model: `posture --output json` is the report, `--output jsonl` one finding a line. */
export const POSTURE_REPORT_SCHEMA_ID = 'sm-ir/posture-report@1';
export const POSTURE_FINDING_SCHEMA_ID = 'sm-ir/posture-finding@1';

export const PostureFindingSchema = z.object({
  /** Stable id: `${checkId}:${resource ARN}`. */
  id: z.string(),
  /** The check (playbook/posture.json) that failed. */
  checkId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  /** Threat scenarios (playbook/scenarios.json) the weakness enables. */
  scenarios: z.array(z.string()),
  resourceType: z.enum(POSTURE_RESOURCES),
  resourceArn: z.string(),
  resourceName: z.string(),
  /** The account the resource is in (null when the caller's could not be read). */
  account: z.string().nullable(),
  region: z.string(),
  /** One line: what is wrong with this resource. */
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  securityHub: z.string().nullable(),
  prowler: z.string().nullable(),
  bestPractice: z.string().nullable(),
  remediation: z.string(),
  docs: z.string().nullable(),
  /** sm-ir commands that fix it now (contain) or prevent it from now on (prepare). */
  fixes: z.array(z.object({ by: z.enum(['contain', 'prepare']), id: z.string(), command: z.string() })),
});
export type PostureFinding = z.infer<typeof PostureFindingSchema>;

export const PostureReportSchema = z.object({
  schema: z.literal(POSTURE_REPORT_SCHEMA_ID),
  generatedAt: z.string(),
  /** The account read; null with --org (see accounts). */
  account: z.string().nullable(),
  /** --org: every active account of the organization, read or not, and why not; null for one account. */
  accounts: z.array(z.object({ account: z.string(), state: z.enum(['done', 'failed']), error: z.string().nullable() })).nullable(),
  regions: z.array(z.string()),
  /** Failed checks, most severe first. */
  findings: z.array(PostureFindingSchema),
  /** Every check: how many resources it judged and failed, and where it could not look. */
  checks: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      severity: z.enum(SEVERITIES),
      resourceType: z.enum(POSTURE_RESOURCES),
      securityHub: z.string().nullable(),
      prowler: z.string().nullable(),
      evaluated: z.number().int(),
      failed: z.number().int(),
      /** Regions where its resources could not be listed (ACCOUNT/REGION with --org, ACCOUNT alone for an account not read): 0 failures there mean "not read", never "passed". */
      notReadIn: z.array(z.string()),
    }),
  ),
  /** Resources read, by type. */
  resources: z.record(z.string(), z.number().int()),
  /** What could not be read: the call, the region, and the IAM permission it needs. */
  errors: z.array(
    z.object({
      resourceType: z.enum(POSTURE_RESOURCES),
      account: z.string().nullable(),
      region: z.string(),
      resourceName: z.string().nullable(),
      operation: z.string(),
      permission: z.string(),
      code: z.string().nullable(),
      message: z.string(),
    }),
  ),
  /** AWS requests sent (retries included), the retries, how many attempts were throttled, and first attempts by operation. */
  calls: z.object({ total: z.number().int(), retries: z.number().int(), throttled: z.number().int(), byOperation: z.record(z.string(), z.number().int()) }),
  /** A region or a kind of resource could not be read: exit 4. */
  partial: z.boolean(),
});
export type PostureReport = z.infer<typeof PostureReportSchema>;
