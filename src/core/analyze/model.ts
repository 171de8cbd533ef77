import type { Question } from '../../playbook/schema.js';

export const ANALYSIS_SCHEMA_ID = 'sm-ir/analysis@1';

/**
 * evidence-found: findings bear on the question. nothing-in-logs: the logs read showed nothing
 * relevant (which is not a "no"). needs-human: logs cannot answer it; any evidence is attached.
 */
export type QuestionStatus = 'evidence-found' | 'nothing-in-logs' | 'needs-human';
export type Confidence = 'weak' | 'medium' | 'strong';

/** One line of evidence, always citing the findings and CloudTrail events it comes from. */
export interface EvidenceLine {
  text: string;
  findingIds: string[];
  eventIds: string[];
  /** The strongest confidence among the cited findings. */
  confidence: Confidence;
}

export interface Answer {
  answer: string;
  note: string | null;
  answeredAt: string;
}

export interface ChecklistItem {
  id: string;
  number: number;
  question: string;
  examples: string | null;
  mode: Question['mode'];
  /** null when no findings were given (the bare checklist). */
  status: QuestionStatus | null;
  summary: string;
  evidence: EvidenceLine[];
  guidance: string[];
  answer: Answer | null;
}

export interface Checklist {
  /** What was read, for the report and for every "nothing in the logs" statement; null without findings. */
  logsRead: string | null;
  items: ChecklistItem[];
  attribution: string;
}
