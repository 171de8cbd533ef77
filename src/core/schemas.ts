import type { z } from 'zod';
import { DETECT_REPORT_SCHEMA_ID, DetectReportSchema } from './report.js';
import { FindingSchema } from './finding.js';
import { CONFIG_RULES_SCHEMA_ID, ConfigRulesSchema, SCP_PLAN_SCHEMA_ID, ScpPlanSchema } from '../prepare/schema.js';

/** Every documented output model, by its schema id: `sm-ir schema <id>` prints its JSON Schema. */
export const OUTPUT_SCHEMAS: Record<string, { description: string; schema: z.ZodType }> = {
  [DETECT_REPORT_SCHEMA_ID]: { description: 'detect --output json', schema: DetectReportSchema },
  'sm-ir/finding@1': { description: 'one finding (detect --output jsonl: one per line)', schema: FindingSchema },
  [SCP_PLAN_SCHEMA_ID]: { description: 'prepare --output json (SCP documents, plan and changes)', schema: ScpPlanSchema },
  [CONFIG_RULES_SCHEMA_ID]: { description: 'prepare --config-rules --output json', schema: ConfigRulesSchema },
};
