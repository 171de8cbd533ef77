import { z } from 'zod';
import type { SameShape } from '../../core/same-shape.js';
import { CONFIG_RULES_SCHEMA_ID, SCP_PLAN_SCHEMA_ID, type ConfigRulesDocument, type ScpPlanDocument } from './output.js';

const tags = z.record(z.string(), z.string());

const ScpStepSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('enable-policy-type'), rootId: z.string() }),
  z.object({ action: z.literal('create'), name: z.string(), content: z.string(), description: z.string(), tags }),
  z.object({ action: z.literal('update'), policyId: z.string(), name: z.string(), content: z.string() }),
  z.object({ action: z.literal('attach'), name: z.string(), policyId: z.string().nullable(), targetId: z.string() }),
  z.object({ action: z.literal('detach'), name: z.string(), policyId: z.string(), targetId: z.string() }),
  z.object({ action: z.literal('delete'), name: z.string(), policyId: z.string() }),
]);

const PolicyDocumentSchema = z.object({
  Version: z.literal('2012-10-17'),
  Statement: z.array(
    z.object({
      Sid: z.string(),
      Effect: z.literal('Deny'),
      Action: z.array(z.string()),
      Resource: z.literal('*'),
      Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
    }),
  ),
});

const ScpPlanDocumentSchema = z.object({
  /** documents: no --target, no AWS call; plan: read-only against the target; apply/remove: the changes made. */
  mode: z.enum(['documents', 'plan', 'apply', 'remove']),
  target: z.string().nullable(),
  organization: z.object({ id: z.string(), managementAccountId: z.string(), callerAccountId: z.string(), callerRole: z.string() }).nullable(),
  parameters: z.record(z.string(), z.array(z.string()).optional()),
  statements: z.array(
    z.object({
      id: z.string(),
      sid: z.string(),
      title: z.string(),
      status: z.enum(['included', 'skipped']),
      reason: z.string().nullable(),
      policy: z.string().nullable(),
      correction: z.string().nullable(),
    }),
  ),
  policies: z.array(
    z.object({
      name: z.string(),
      /** Minified length, what the 5,120-character quota counts. */
      size: z.number().int(),
      limit: z.number().int(),
      sids: z.array(z.string()),
      valid: z.boolean(),
      problems: z.array(z.string()),
      document: PolicyDocumentSchema,
    }),
  ),
  attachedToTarget: z.array(z.object({ id: z.string(), name: z.string() })).nullable(),
  changes: z.array(z.intersection(ScpStepSchema, z.object({ description: z.string() }))),
  warnings: z.array(z.string()),
});
true satisfies SameShape<z.infer<typeof ScpPlanDocumentSchema>, ScpPlanDocument>;

/** `prepare --output json` (SCPs: documents, plan, apply or remove). */
export const ScpPlanSchema = ScpPlanDocumentSchema.extend({ schema: z.literal(SCP_PLAN_SCHEMA_ID) });

const ConfigRulesDocumentSchema = z.object({
  mode: z.enum(['report', 'apply']),
  regions: z.array(
    z.object({
      region: z.string(),
      recorderRunning: z.boolean(),
      recorderName: z.string().nullable(),
      rules: z.array(z.object({ name: z.string(), identifier: z.string(), existingName: z.string().nullable(), compliance: z.string().nullable() })),
      missing: z.array(z.string()),
    }),
  ),
  changes: z.array(
    z.object({
      region: z.string(),
      rule: z.object({
        ConfigRuleName: z.string(),
        Description: z.string(),
        Source: z.object({ Owner: z.literal('AWS'), SourceIdentifier: z.string() }),
        Scope: z.object({ ComplianceResourceTypes: z.array(z.string()) }),
        MaximumExecutionFrequency: z.literal('TwentyFour_Hours').optional(),
      }),
      description: z.string(),
    }),
  ),
  warnings: z.array(z.string()),
});
true satisfies SameShape<z.infer<typeof ConfigRulesDocumentSchema>, ConfigRulesDocument>;

/** `prepare --config-rules --output json`. */
export const ConfigRulesSchema = ConfigRulesDocumentSchema.extend({ schema: z.literal(CONFIG_RULES_SCHEMA_ID) });
