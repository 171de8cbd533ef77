import type { z } from 'zod';
import { DETECT_REPORT_SCHEMA_ID, DetectReportSchema } from '../../core/report.js';
import { FindingSchema } from '../../core/finding.js';
import { ANALYSIS_SCHEMA_ID, AnalysisSchema } from '../../core/analyze/model.js';
import { CASE_ANALYSIS_SCHEMA_ID, CaseAnalysisSchema } from '../../core/analyze/state.js';
import { CONFIG_RULES_SCHEMA_ID, ConfigRulesSchema, SCP_PLAN_SCHEMA_ID, ScpPlanSchema } from '../../core/prepare/schema.js';
import * as contain from '../../core/contain/documents.js';
import { playbookSchemas } from '../playbook/schema.js';
import { POSTURE_FINDING_SCHEMA_ID, POSTURE_REPORT_SCHEMA_ID, PostureFindingSchema, PostureReportSchema } from '../../core/posture/report.js';
import { ATHENA_TABLE_PLAN_SCHEMA_ID, AthenaTablePlanSchema } from '../../core/athena-table-plan.js';

/**
 * Every documented output model, by its schema id: `sm-ir schema <id>` prints its JSON Schema. Each
 * zod schema sits beside the code of its model; test/e2e/schemas.test.ts checks every command's
 * JSON output against the JSON Schema printed here.
 */
export const OUTPUT_SCHEMAS: Record<string, { description: string; schema: z.ZodType }> = {
  [DETECT_REPORT_SCHEMA_ID]: { description: 'detect --output json', schema: DetectReportSchema },
  'sm-ir/finding@1': { description: 'one finding (detect --output jsonl: one per line)', schema: FindingSchema },
  [ANALYSIS_SCHEMA_ID]: { description: 'analyze --output json', schema: AnalysisSchema },
  [CASE_ANALYSIS_SCHEMA_ID]: { description: "<case>/analysis.json: an interactive analysis's answers", schema: CaseAnalysisSchema },
  [SCP_PLAN_SCHEMA_ID]: { description: 'prepare --output json (SCP documents, plan and changes)', schema: ScpPlanSchema },
  [CONFIG_RULES_SCHEMA_ID]: { description: 'prepare --config-rules --output json', schema: ConfigRulesSchema },
  [contain.CONTAIN_PLAN_SCHEMA_ID]: { description: 'contain --dry-run --output json, and plan.json in the case directory', schema: contain.ContainPlanDocumentSchema },
  [contain.CONTAIN_RESULT_SCHEMA_ID]: { description: 'contain --output json after applying', schema: contain.ContainResultDocumentSchema },
  [contain.CONTAIN_MANIFEST_SCHEMA_ID]: { description: "manifest.json of contain's case directory", schema: contain.ManifestSchema },
  [ATHENA_TABLE_PLAN_SCHEMA_ID]: { description: 'prepare athena-table --output json (the plan)', schema: AthenaTablePlanSchema },
  [POSTURE_REPORT_SCHEMA_ID]: { description: 'posture --output json', schema: PostureReportSchema },
  [POSTURE_FINDING_SCHEMA_ID]: { description: 'one failed check (posture --output jsonl: one per line)', schema: PostureFindingSchema },
  ...playbookSchemas(),
};
