import { z } from 'zod';

/** prepare athena-table --output json: what would be created, where, and with which permissions. */
export const ATHENA_TABLE_PLAN_SCHEMA_ID = 'sm-ir/athena-table-plan@1';

export const AthenaTablePlanSchema = z.object({
  schema: z.literal(ATHENA_TABLE_PLAN_SCHEMA_ID),
  /** "create table", or "none: the table exists" on a re-run. */
  action: z.string(),
  region: z.string(),
  workgroup: z.string(),
  /** database.table */
  table: z.string(),
  /** The trail prefix the table reads: s3://BUCKET/[prefix/]AWSLogs/ACCOUNT|o-ORG/ */
  location: z.string(),
  regions: z.array(z.string()),
  accounts: z.array(z.string()).optional(),
  iamPermissions: z.array(z.string()),
  /** The CREATE EXTERNAL TABLE statement run in Athena. */
  statement: z.string(),
});
export type AthenaTablePlan = z.infer<typeof AthenaTablePlanSchema>;
