import { z } from 'zod';
import type { SameShape } from '../same-shape.js';
import { ANALYSIS_SCHEMA_ID, type ChecklistItem } from './model.js';
import { AnswerSchema } from './state.js';

const confidence = z.enum(['weak', 'medium', 'strong']);

const EvidenceLineSchema = z.object({
  text: z.string(),
  findingIds: z.array(z.string()),
  eventIds: z.array(z.string()),
  confidence,
});

export const ChecklistItemSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  question: z.string(),
  examples: z.string().nullable(),
  mode: z.enum(['logs', 'human-with-evidence', 'human']),
  /** null when no findings were given (the bare checklist). */
  status: z.enum(['evidence-found', 'nothing-in-logs', 'needs-human']).nullable(),
  summary: z.string(),
  evidence: z.array(EvidenceLineSchema),
  guidance: z.array(z.string()),
  answer: AnswerSchema.nullable(),
});
true satisfies SameShape<z.infer<typeof ChecklistItemSchema>, ChecklistItem>;

/** `analyze --output json`: the checklist with its evidence and any answers. */
export const AnalysisSchema = z.object({
  schema: z.literal(ANALYSIS_SCHEMA_ID),
  /** What was read, null without findings (the bare checklist). */
  logsRead: z.string().nullable(),
  questions: z.array(ChecklistItemSchema),
  attribution: z.string(),
});
