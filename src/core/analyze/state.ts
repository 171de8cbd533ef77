import { z } from 'zod';
import { AnswerSchema } from './model.js';

/** The case directory's record of an interactive analysis: <case>/analysis.json. */
export const CASE_ANALYSIS_SCHEMA_ID = 'sm-ir/case-analysis@1';


export const CaseAnalysisSchema = z.object({
  schema: z.literal(CASE_ANALYSIS_SCHEMA_ID),
  /** The detect report the answers were given against. */
  findingsFile: z.string().nullable(),
  /** The question the walk stopped at; the next walk starts there. */
  cursor: z.string().nullable(),
  answers: z.record(z.string(), AnswerSchema),
  updatedAt: z.string(),
});
export type CaseAnalysis = z.infer<typeof CaseAnalysisSchema>;

export function emptyAnalysis(findingsFile: string | null, now: string): CaseAnalysis {
  return { schema: CASE_ANALYSIS_SCHEMA_ID, findingsFile, cursor: null, answers: {}, updatedAt: now };
}

/** The unanswered questions in walk order: from where the last walk stopped to the end, then the skipped ones before it. */
export function walkOrder(ids: readonly string[], state: CaseAnalysis): string[] {
  const at = state.cursor === null ? 0 : Math.max(0, ids.indexOf(state.cursor));
  return [...ids.slice(at), ...ids.slice(0, at)].filter((id) => !(id in state.answers));
}
