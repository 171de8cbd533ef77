import { z } from 'zod';
import { SEVERITIES } from '../core/severity.js';

/**
 * One schema for the whole playbook/ folder: each file is validated against its part when loaded.
 * The data is the playbook; code reads it and never repeats an event name or a policy text.
 */
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are kebab-case');
const url = z.string().url();
const mitre = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'a MITRE ATT&CK technique id such as T1530 or T1562.008');
const eventSource = z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/, 'an event source such as sagemaker.amazonaws.com');
const operation = z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'an API operation name in PascalCase');

/** The event sources the playbook watches, with every operation the data names. */
export const SourcesFile = z.object({
  sources: z.array(
    z.object({
      source: eventSource,
      service: z.string(),
      /** Where its events are recorded: 'regional', or 'us-east-1' for global services such as IAM. */
      recordedIn: z.union([z.literal('regional'), z.literal('us-east-1')]),
      operations: z.array(operation).min(1),
    }),
  ),
  /** Sources that look like a watched one but are not (counted as unwatched, never classified). */
  lookAlikes: z.array(eventSource),
});

const scenarioEvent = z.object({
  source: eventSource,
  name: operation,
  /** false for names the original playbook lists that are not real operations. */
  exists: z.boolean().default(true),
  /** For a non-existent name: the real operations that carry the same risk. */
  realOperations: z.array(operation).optional(),
  note: z.string().optional(),
});

export const ScenariosFile = z.object({
  scenarios: z.array(
    z.object({
      id,
      title: z.string(),
      /** The playbook's description, in English (CC-BY-4.0, Amazon Web Services). */
      description: z.array(z.string()).min(1),
      severity: z.enum(SEVERITIES),
      mitre: z.array(mitre).min(1),
      events: z.array(scenarioEvent).min(1),
    }),
  ),
});

/** Detective rules. `params` are validated by the rule's own implementation, which must exist. */
export const RulesFile = z.object({
  rules: z.array(
    z.object({
      id,
      title: z.string(),
      description: z.string(),
      severity: z.enum(SEVERITIES),
      confidence: z.enum(['weak', 'medium', 'strong']),
      scenarios: z.array(id),
      mitre: z.array(mitre),
      params: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
});

export type SourcesData = z.infer<typeof SourcesFile>;
export type ScenariosData = z.infer<typeof ScenariosFile>;
export type Scenario = ScenariosData['scenarios'][number];
export type RulesData = z.infer<typeof RulesFile>;
export type RuleData = RulesData['rules'][number];
export { id as idSchema, url as urlSchema, mitre as mitreSchema, operation as operationSchema, eventSource as eventSourceSchema };

/** How analyze presents the findings that bear on a question (each has one implementation in src/core/analyze). */
export const EXTRACTORS = [
  'resources',
  'access',
  'actions-by-principal',
  'clients-by-principal',
  'findings',
  'created-modified',
  'roles',
  'practices',
  'scenarios',
] as const;

const regex = (flags: string) =>
  z.string().refine((s) => {
    try {
      new RegExp(s, flags);
      return true;
    } catch {
      return false;
    }
  }, 'a valid regular expression');

/** Which findings bear on a question: every given field must hold. */
const findingMatch = z
  .object({
    rules: z.array(id).min(1).optional(),
    scenarios: z.array(id).min(1).optional(),
    eventName: regex('').optional(),
    eventSource: regex('').optional(),
    principalArn: regex('').optional(),
    /** Case-insensitive, over the finding's reason and evidence ("key=value; ..."). */
    text: regex('i').optional(),
    minConfidence: z.enum(['weak', 'medium', 'strong']).optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).length > 0, 'a match needs at least one field');

export const QuestionsFile = z
  .object({
    attribution: z.string(),
    questions: z.array(
      z
        .object({
          id: z.string().regex(/^q\d+$/),
          number: z.number().int().min(1),
          /** The playbook's question, in English (CC-BY-4.0, Amazon Web Services), without its examples. */
          text: z.string(),
          /** The examples the original gives in parentheses. */
          examples: z.string().optional(),
          /** 'logs': answered from findings; 'human-with-evidence' / 'human': a person answers, with any evidence attached. */
          mode: z.enum(['logs', 'human-with-evidence', 'human']),
          evidence: z.object({
            extractor: z.enum(EXTRACTORS),
            match: z.array(findingMatch),
            /** Findings worth a line of their own besides the extractor's view (e.g. presigned URLs under access). */
            highlight: z.array(findingMatch).optional(),
            /** For 'practices': each best practice and the findings that show it was not followed. */
            practices: z
              .array(z.object({ match: findingMatch, practice: z.string(), controls: z.array(z.string()).min(1) }))
              .optional(),
          }),
          /** What the logs cannot show, said whenever nothing was found. */
          notVisible: z.string(),
          /** What the responder checks, and where, when the logs do not answer. */
          guidance: z.array(z.string()).min(1),
        })
        .superRefine((q, ctx) => {
          if (q.id !== `q${q.number}`) ctx.addIssue({ code: 'custom', message: `id ${q.id} does not match number ${q.number}` });
          const hasPractices = (q.evidence.practices?.length ?? 0) > 0;
          if ((q.evidence.extractor === 'practices') !== hasPractices) {
            ctx.addIssue({ code: 'custom', path: ['evidence'], message: "practices are given exactly when the extractor is 'practices'" });
          }
          if (!hasPractices && q.evidence.match.length === 0) {
            ctx.addIssue({ code: 'custom', path: ['evidence', 'match'], message: 'names no findings' });
          }
        }),
    ),
  })
  .superRefine((f, ctx) => {
    f.questions.forEach((q, i) => {
      if (q.number !== i + 1) ctx.addIssue({ code: 'custom', path: ['questions', i], message: `question ${q.number} is out of order` });
    });
  });

export type QuestionsData = z.infer<typeof QuestionsFile>;
export type Question = QuestionsData['questions'][number];
export type FindingMatch = z.infer<typeof findingMatch>;
export type Extractor = (typeof EXTRACTORS)[number];
