/**
 * The documents `sm-ir prepare --output json` prints, as zod schemas: `sm-ir schema <id>` publishes
 * them, and the command's output types are inferred from them so the two cannot drift apart.
 */
import { z } from 'zod';

export const SCP_PLAN_SCHEMA_ID = 'sm-ir/prepare-scp-plan@1';
export const CONFIG_RULES_SCHEMA_ID = 'sm-ir/prepare-config-rules@1';

const StatementSchema = z.object({
  Sid: z.string(),
  Effect: z.literal('Deny'),
  Action: z.array(z.string()),
  Resource: z.literal('*'),
  Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))),
});

/** One change, with `description`: what it does, in words. */
const ScpChangeSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('enable-policy-type'), rootId: z.string(), description: z.string() }),
  z.object({
    action: z.literal('create'), name: z.string(), content: z.string().describe('the policy document, minified JSON'),
    policyDescription: z.string(), tags: z.record(z.string(), z.string()), description: z.string(),
  }),
  z.object({
    action: z.literal('update'), policyId: z.string(), name: z.string(), content: z.string(),
    tags: z.record(z.string(), z.string()).describe('set after the content: its new SHA-256'), description: z.string(),
  }),
  z.object({
    action: z.literal('tag'), policyId: z.string(), name: z.string(),
    tags: z.record(z.string(), z.string()).describe('the content hash an interrupted update did not set'), description: z.string(),
  }),
  z.object({
    action: z.literal('attach'), name: z.string(),
    policyId: z.string().nullable().describe('null: the policy is created by an earlier change of this plan'),
    targetId: z.string(), description: z.string(),
  }),
  z.object({ action: z.literal('detach'), name: z.string(), policyId: z.string(), targetId: z.string(), description: z.string() }),
  z.object({ action: z.literal('delete'), name: z.string(), policyId: z.string(), description: z.string() }),
]);

export const ScpPlanSchema = z.object({
  schema: z.literal(SCP_PLAN_SCHEMA_ID),
  /** documents: no --target (no AWS call); plan: --target alone (read-only); apply/remove: changes made after confirmation. */
  mode: z.enum(['documents', 'plan', 'apply', 'remove']),
  target: z.string().nullable(),
  organization: z
    .object({ id: z.string(), managementAccountId: z.string(), callerAccountId: z.string(), callerRole: z.enum(['management', 'delegated-administrator']) })
    .nullable(),
  /** Parameter values by id (allowed-ip, allowed-instance-types, allowed-studio-instance-types); absent when not given. */
  parameters: z.record(z.string(), z.array(z.string()).optional()),
  statements: z.array(
    z.object({
      id: z.string(),
      sid: z.string(),
      title: z.string(),
      status: z.enum(['included', 'skipped']),
      reason: z.string().nullable().describe('why a statement was skipped (the flag that fills it)'),
      policy: z.string().nullable(),
      correction: z.string().nullable().describe("how the deployed statement differs from the playbook's original"),
      note: z.string().nullable().describe('what to know before deploying it: trade-offs and caveats'),
    }),
  ),
  reference: z
    .object({ source: z.string(), version: z.string(), updatedAt: z.string() })
    .describe("the service authorization reference data the documents were checked against (package, version, the date AWS's data was taken)"),
  matrix: z
    .array(
      z.object({
        id: z.string(),
        sid: z.string(),
        case: z.enum(['compliant', 'non-compliant', 'omitted', 'vpc-endpoint', 'aws-service', 'exempt-role']),
        action: z.string(),
        request: z.record(z.string(), z.union([z.string(), z.array(z.string())])).describe('the request context evaluated'),
        decision: z.enum(['deny', 'allow']).describe("what the statement does to the request, by IAM's condition semantics"),
        expected: z.enum(['deny', 'allow']),
        why: z.string().nullable().describe('why the intended decision differs from the default for this case'),
      }),
    )
    .nullable()
    .describe('--explain: what each statement denies and lets through; null without --explain'),
  policies: z.array(
    z.object({
      name: z.string(),
      size: z.number().int().describe('characters of the minified document, what the quota counts'),
      limit: z.number().int(),
      sids: z.array(z.string()),
      valid: z.boolean(),
      problems: z.array(z.string()),
      document: z.object({ Version: z.literal('2012-10-17'), Statement: z.array(StatementSchema) }),
    }),
  ),
  attachedToTarget: z.array(z.object({ id: z.string(), name: z.string() })).nullable(),
  leftAlone: z
    .array(z.object({ id: z.string(), name: z.string(), why: z.string() }))
    .nullable()
    .describe('policies named like sm-ir\'s or carrying its tag that sm-ir did not create, or that were changed outside it: never changed; null when the organization was not read'),
  changes: z.array(ScpChangeSchema),
  validation: z
    .object({
      policies: z.array(z.string()).describe('the policies checked: those the plan creates or updates'),
      findings: z.array(
        z.object({
          id: z.string().describe('<policy>/<issueCode>, what --accept-findings takes'),
          policy: z.string(),
          findingType: z.string().describe('ERROR, SECURITY_WARNING, WARNING or SUGGESTION'),
          issueCode: z.string(),
          details: z.string(),
          learnMoreLink: z.string().nullable(),
          locations: z.array(z.string()).describe('where in the document, e.g. Statement[1] (Sid DenyX).Condition'),
          verdict: z.enum(['stops', 'accepted', 'shown']).describe('stops: an ERROR, or a SECURITY_WARNING not accepted; accepted: a SECURITY_WARNING named by --accept-findings; shown: WARNING, SUGGESTION'),
        }),
      ),
      stopped: z.boolean().describe('true: a finding stopped the deployment before any change'),
    })
    .nullable()
    .describe('--apply-scps: what IAM Access Analyzer ValidatePolicy (SERVICE_CONTROL_POLICY) found in each policy before it is created or updated; null when no policy is created or updated'),
  warnings: z.array(z.string()),
});
export type ScpPlanDocument = Omit<z.infer<typeof ScpPlanSchema>, 'schema'>;

const ConfigRuleSchema = z.object({
  ConfigRuleName: z.string(),
  Description: z.string(),
  Source: z.object({ Owner: z.literal('AWS'), SourceIdentifier: z.string() }),
  Scope: z.object({ ComplianceResourceTypes: z.array(z.string()) }),
  InputParameters: z.string().optional().describe("the managed rule's parameters, a JSON object of strings (e.g. supportedPlatformIdentifierVersions)"),
  MaximumExecutionFrequency: z.literal('TwentyFour_Hours').optional(),
});

export const ConfigRulesSchema = z.object({
  schema: z.literal(CONFIG_RULES_SCHEMA_ID),
  mode: z.enum(['report', 'apply']),
  regions: z.array(
    z.object({
      region: z.string(),
      recorderRunning: z.boolean(),
      recorderName: z.string().nullable().describe('null: no configuration recorder in the region'),
      rules: z.array(
        z.object({
          name: z.string(),
          identifier: z.string(),
          existingName: z.string().nullable().describe('the name the managed rule exists under, or null when missing'),
          compliance: z.string().nullable(),
        }),
      ),
      missing: z.array(z.string()),
    }),
  ),
  changes: z.array(z.object({ region: z.string(), rule: ConfigRuleSchema, description: z.string() })),
  warnings: z.array(z.string()),
});
export type ConfigRulesDocument = Omit<z.infer<typeof ConfigRulesSchema>, 'schema'>;
