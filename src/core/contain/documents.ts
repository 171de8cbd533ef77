import { z } from 'zod';
import { PlanSchema } from './model.js';

/** The documents contain writes (stdout with --output json, and the case directory), one schema each. */
export const CONTAIN_PLAN_SCHEMA_ID = 'sm-ir/contain-plan@1';
export const CONTAIN_RESULT_SCHEMA_ID = 'sm-ir/contain-result@1';
export const CONTAIN_MANIFEST_SCHEMA_ID = 'sm-ir/contain-manifest@1';

/** `--dry-run --output json`, and plan.json in the case directory (which a re-run resumes). */
export const ContainPlanDocumentSchema = z.object({
  schema: z.literal(CONTAIN_PLAN_SCHEMA_ID),
  /** The case directory the plan runs in; null for a dry run. */
  caseDir: z.string().nullable(),
  plans: z.array(PlanSchema),
});

export const StepResultSchema = z.object({
  n: z.number().int(),
  target: z.string(),
  operation: z.string(),
  /** already-done: the end state held, so no change was made. */
  outcome: z.enum(['ok', 'already-done']),
  requestId: z.string().nullable(),
});
export type StepResult = z.infer<typeof StepResultSchema>;

/** The outcome of an applied run (`--output json`). */
export const ContainResultDocumentSchema = z.object({
  schema: z.literal(CONTAIN_RESULT_SCHEMA_ID),
  caseDir: z.string(),
  plans: z.array(PlanSchema),
  results: z.array(StepResultSchema),
});

const IdentitySchema = z.object({ account: z.string(), arn: z.string(), userId: z.string() });
export type CallerIdentity = z.infer<typeof IdentitySchema>;

/** manifest.json of a case directory: who captured what, and each file's SHA-256. */
export const ManifestSchema = z.object({
  schema: z.literal(CONTAIN_MANIFEST_SCHEMA_ID),
  /** The first run's caller. */
  caller: IdentitySchema,
  region: z.string(),
  /** Every run into this case, with who ran it. */
  runs: z.array(z.object({ run: z.string(), caller: IdentitySchema, actions: z.array(z.object({ action: z.string(), targets: z.array(z.string()) })) })),
  files: z.array(z.object({ file: z.string(), sha256: z.string(), bytes: z.number().int(), run: z.string() })),
  /** --preserve-artifacts: each model or job artifact copied server-side before any change. */
  artifacts: z
    .array(z.object({
      source: z.string().describe('s3://bucket/key as the model or job names it'),
      sourceVersionId: z.string().nullable().describe('the version copied (null: an unversioned bucket)'),
      destination: z.string(),
      destinationVersionId: z.string().nullable(),
      bytes: z.number().int(),
      etag: z.string().nullable(),
      checksumSHA256: z.string().nullable().describe('base64, as S3 computed it for the copy'),
      run: z.string(),
    }))
    .optional(),
});
export type Manifest = z.infer<typeof ManifestSchema>;
