import { z } from 'zod';
import type { StepResult } from '../../core/contain/apply.js';
import type { Plan } from '../../core/contain/model.js';
import type { SameShape } from '../../core/same-shape.js';
import { MANIFEST_SCHEMA, PLAN_SCHEMA, type Manifest } from './case.js';

export const RESULT_SCHEMA = 'sm-ir/contain-result@1';

const service = z.enum(['sagemaker', 'iam']);

const ProbeSchema = z.object({
  service,
  operation: z.string(),
  parameters: z.record(z.string(), z.unknown()),
  /** Every field must have one of its values (null: the field is absent). */
  match: z.record(z.string(), z.array(z.string().nullable())).optional(),
  /** The resource must no longer exist. */
  gone: z.boolean().optional(),
});

const PlanSchema = z.object({
  action: z.string(),
  region: z.string(),
  targets: z.array(z.string()),
  options: z.object({
    withConfig: z.boolean().optional(),
    withModels: z.boolean().optional(),
    
    deleteHomeEfs: z.boolean().optional(),
    noRestart: z.boolean().optional(),
    deleteLifecycleConfig: z.boolean().optional(),
    jobType: z.enum(['training', 'processing', 'transform', 'tuning']).optional(),
  }),
  createdAt: z.string(),
  steps: z.array(
    z.object({
      n: z.number().int(),
      target: z.string(),
      service,
      operation: z.string(),
      /** The IAM permission the call needs. */
      permission: z.string(),
      parameters: z.record(z.string(), z.unknown()),
      /** The end state in words, e.g. "Stopped" or "gone". */
      expect: z.string(),
      ready: ProbeSchema.nullable(),
      done: ProbeSchema.nullable(),
      state: z.enum(['pending', 'already-done']),
    }),
  ),
  /** Dependencies left in place, with the reason. */
  kept: z.array(z.object({ target: z.string(), reason: z.string() })),
});
true satisfies SameShape<z.infer<typeof PlanSchema>, Plan>;

const StepResultSchema = z.object({
  n: z.number().int(),
  target: z.string(),
  operation: z.string(),
  outcome: z.enum(['ok', 'already-done']),
  requestId: z.string().nullable(),
});
true satisfies SameShape<z.infer<typeof StepResultSchema>, StepResult>;

/** `contain <action> --output json` without --yes (and <case>/plan.json, which has no caseDir). */
export const ContainPlanSchema = z.object({
  schema: z.literal(PLAN_SCHEMA),
  /** The case directory evidence goes to; absent in the case's own plan.json. */
  caseDir: z.string().nullable().optional(),
  plans: z.array(PlanSchema),
});

/** `contain <action> --yes --output json`: what was done, step by step. */
export const ContainResultSchema = z.object({
  schema: z.literal(RESULT_SCHEMA),
  caseDir: z.string(),
  plans: z.array(PlanSchema),
  results: z.array(StepResultSchema),
});

const caller = z.object({ account: z.string(), arn: z.string(), userId: z.string() });

/** <case>/manifest.json: every evidence file with its SHA-256, and who captured it. */
export const ContainManifestSchema = z.object({
  schema: z.literal(MANIFEST_SCHEMA),
  caller,
  region: z.string(),
  runs: z.array(z.object({ run: z.string(), caller, actions: z.array(z.object({ action: z.string(), targets: z.array(z.string()) })) })),
  files: z.array(z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int(), run: z.string() })),
});
true satisfies SameShape<z.infer<typeof ContainManifestSchema>, Manifest>;
