import type { z } from 'zod';
import { DETECT_REPORT_SCHEMA_ID, DetectReportSchema } from './report.js';
import { FindingSchema } from './finding.js';
import * as contain from './contain/documents.js';

/** Every documented output model, by its schema id: `sm-ir schema <id>` prints its JSON Schema. */
export const OUTPUT_SCHEMAS: Record<string, { description: string; schema: z.ZodType }> = {
  [DETECT_REPORT_SCHEMA_ID]: { description: 'detect --output json', schema: DetectReportSchema },
  'sm-ir/finding@1': { description: 'one finding (detect --output jsonl: one per line)', schema: FindingSchema },
  [contain.CONTAIN_PLAN_SCHEMA_ID]: { description: 'contain --dry-run --output json, and plan.json in the case directory', schema: contain.ContainPlanDocumentSchema },
  [contain.CONTAIN_RESULT_SCHEMA_ID]: { description: 'contain --output json after applying', schema: contain.ContainResultDocumentSchema },
  [contain.CONTAIN_MANIFEST_SCHEMA_ID]: { description: "manifest.json of contain's case directory", schema: contain.ManifestSchema },
};
