import type { z } from 'zod';
import { DETECT_REPORT_SCHEMA_ID, DetectReportSchema } from './report.js';
import { FindingSchema } from './finding.js';
import { ATHENA_TABLE_PLAN_SCHEMA_ID, AthenaTablePlanSchema } from './athena-table-plan.js';

/** Every documented output model, by its schema id: `sm-ir schema <id>` prints its JSON Schema. */
export const OUTPUT_SCHEMAS: Record<string, { description: string; schema: z.ZodType }> = {
  [DETECT_REPORT_SCHEMA_ID]: { description: 'detect --output json', schema: DetectReportSchema },
  'sm-ir/finding@1': { description: 'one finding (detect --output jsonl: one per line)', schema: FindingSchema },
  [ATHENA_TABLE_PLAN_SCHEMA_ID]: { description: 'detect --athena-create-table --output json (the plan)', schema: AthenaTablePlanSchema },
};
