import { z } from 'zod';

/** analyze --output json: the checklist, one documented model (`sm-ir schema sm-ir/analysis@1`). */
export const ANALYSIS_SCHEMA_ID = 'sm-ir/analysis@1';

/**
 * evidence-found: findings bear on the question. nothing-in-logs: the logs read showed nothing
 * relevant (which is not a "no"). needs-human: logs cannot answer it; any evidence is attached.
 */
export const QuestionStatusSchema = z.enum(['evidence-found', 'nothing-in-logs', 'needs-human']);
export type QuestionStatus = z.infer<typeof QuestionStatusSchema>;
export type Confidence = 'weak' | 'medium' | 'strong';

/** One line of evidence, always citing the findings and CloudTrail events it comes from. */
export const EvidenceLineSchema = z.object({
  text: z.string(),
  findingIds: z.array(z.string()),
  eventIds: z.array(z.string()),
  /** The strongest confidence among the cited findings. */
  confidence: z.enum(['weak', 'medium', 'strong']),
});
export type EvidenceLine = z.infer<typeof EvidenceLineSchema>;

/** A responder's answer, as recorded in the case directory. */
export const AnswerSchema = z.object({ answer: z.string(), note: z.string().nullable(), answeredAt: z.string() });
export type Answer = z.infer<typeof AnswerSchema>;

export const ChecklistItemSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  question: z.string(),
  examples: z.string().nullable(),
  /** As playbook/questions.json gives it: 'logs', or a person answers ('human-with-evidence', 'human'). */
  mode: z.enum(['logs', 'human-with-evidence', 'human']),
  /** null when no findings were given (the bare checklist). */
  status: QuestionStatusSchema.nullable(),
  summary: z.string(),
  evidence: z.array(EvidenceLineSchema),
  guidance: z.array(z.string()),
  answer: AnswerSchema.nullable(),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

/** One change of contain's audit log (<case>/audit.jsonl), as analyze reports it. */
const AuditChangeSchema = z.object({
  time: z.string(),
  command: z.string(),
  region: z.string().nullable(),
  service: z.string(),
  operation: z.string(),
  parameters: z.unknown(),
  /** sent: the request went out and no answer was recorded (the run stopped while AWS had it). */
  outcome: z.enum(['sent', 'ok', 'already-done', 'error']),
  /** Pairs a change's `sent` line with its settled one in the audit log. */
  callId: z.string().optional(),
  requestId: z.string().nullable(),
  error: z.object({ code: z.string().nullable(), message: z.string() }).nullable(),
  readOnly: z.boolean().optional(),
});

export const AnalysisSchema = z.object({
  schema: z.literal(ANALYSIS_SCHEMA_ID),
  /** What was read, for the report and for every "nothing in the logs" statement; null without findings. */
  logsRead: z.string().nullable(),
  /** --case: the case directory; null without one. */
  caseDir: z.string().nullable(),
  /** The case's containment audit log: the changes contain made (reads counted, not listed); null without one. */
  containment: z
    .object({ auditLog: z.string(), changes: z.array(AuditChangeSchema), readOnlyCalls: z.number().int(), unreadableLines: z.array(z.number().int()) })
    .nullable(),
  questions: z.array(ChecklistItemSchema),
  attribution: z.string(),
});

export interface Checklist {
  logsRead: string | null;
  items: ChecklistItem[];
  attribution: string;
}
