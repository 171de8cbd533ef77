import { z } from 'zod';
import { CONFIG_RULE_FLAGS } from './config-rule-flags.js';
import { SEVERITIES } from './severity.js';

/**
 * One schema for the whole playbook/ folder: each file is validated against its part when loaded.
 * The data is the playbook; code reads it and never repeats an event name or a policy text.
 */
const id = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'ids are kebab-case');
const url = z.string().url();
const mitre = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'a MITRE ATT&CK technique id such as T1530 or T1562.008');
const eventSource = z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/, 'an event source such as sagemaker.amazonaws.com');
const operation = z.string().regex(/^[A-Z][A-Za-z0-9]+$/, 'an API operation name in PascalCase');
const regexText = z.string().refine((p) => {
  try {
    new RegExp(p, 'i');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

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
      /** Public research the rule follows (attack write-ups, peers' rules). */
      references: z.array(url).default([]),
      /** The highest severity evidence may raise this rule's findings to (scenario-event: a name alone stays below medium). */
      maxSeverity: z.enum(SEVERITIES).optional(),
      /** false when a hardened request does not make the finding less serious (a foreign image is foreign whatever the VPC). */
      hardeningLowers: z.boolean().default(true),
      params: z.record(z.string(), z.unknown()).default({}),
    }),
  ),
});

/** A request field and the value the check wants: 'present' (set and not empty), or an exact value. */
const requestCheck = {
  id,
  label: z.string(),
  /** The playbook SCP statement (scps.json sid) that requires the same setting. */
  scp: z.string(),
  /** Dotted paths into requestParameters as CloudTrail records them (camelCase); any one may hold it. */
  paths: z.array(z.string().regex(/^[a-zA-Z0-9]+(\.[a-zA-Z0-9]+)*$/)).min(1),
  expect: z.union([z.literal('present'), z.string(), z.boolean()]),
};

/** MITRE ATT&CK: the techniques the data names, with their tactics (a finding's tactics come from here). */
export const AttackFile = z.object({
  note: z.string(),
  tactics: z.record(z.string().regex(/^TA\d{4}$/, 'an ATT&CK tactic id such as TA0004'), z.string()),
  techniques: z.record(mitre, z.object({ name: z.string(), tactics: z.array(z.string().regex(/^TA\d{4}$/)).min(1) })),
});

/** AWS-owned ECR registries of SageMaker's prebuilt images (playbook/aws-registries.json), each with its source. */
export const AwsRegistriesFile = z.object({
  note: z.string(),
  registries: z
    .array(
      z.object({
        id,
        title: z.string(),
        source: z.string(),
        /** region -> the registry's AWS account id */
        accounts: z.record(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'a region such as us-east-1'), z.string().regex(/^\d{12}$/)),
      }),
    )
    .min(1),
});

/** What sets a finding's severity besides its rule: the request and the caller (playbook/signals.json). */
export const SignalsFile = z.object({
  note: z.string(),
  request: z.object({
    /** Per create operation, the settings the playbook's SCPs require: all met lowers the findings on it. */
    hardening: z.array(z.object({ event: operation, checks: z.array(z.object(requestCheck)).min(1) })),
    /** Changes that weaken an existing resource: raise the findings on them. */
    weakening: z.array(z.object({ event: operation, ...requestCheck })),
  }),
  caller: z.object({
    /** Long-term IAM user keys start with this (temporary ones with ASIA). */
    longTermKeyPrefix: z.string().min(4),
    offensiveUserAgents: z.array(z.object({ label: z.string(), pattern: regexText })).min(1),
    offensiveUserAgentsSource: z.string(),
    /** Error codes of a denied call: one before a success raises that principal's later findings. */
    deniedErrorCodes: z.array(z.string()).min(1),
    /** Caller context raises a finding by one level, never above this. */
    maxSeverity: z.enum(SEVERITIES),
  }),
});

/** The playbook's appendix: best practices by level, with their documentation links. */
const practiceDetail = z.object({ text: z.string(), url: url.optional() });
export const BestPracticesFile = z.object({
  groups: z.array(
    z.object({
      level: z.enum(['strongly-recommended', 'encouraged']),
      title: z.string(),
      practices: z.array(practiceDetail.extend({ id, details: z.array(practiceDetail).default([]) })).min(1),
    }),
  ),
});

/** A condition block: operator -> condition key -> value(s). "{{param}}" entries are filled at render time. */
const conditionBlock = z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])));

/** A request context for the guardrail matrix: key -> value (array: multivalued; null: take the key out of the base request). */
const requestContext = z.record(z.string(), z.union([z.string(), z.array(z.string()), z.null()]));

/** The request contexts a statement is judged on (src/core/prepare/matrix.ts derives the VPC endpoint, AWS service and exempt cases). */
export const MATRIX_CASES = ['compliant', 'non-compliant', 'omitted', 'vpc-endpoint', 'aws-service', 'exempt-role'] as const;

/** Preventive SCP statements (one Deny each) and how sm-ir deploys them. */
export const ScpsFile = z.object({
  attribution: z.string(),
  deployment: z.object({
    namePrefix: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string(),
    tag: z.object({ key: z.string(), value: z.string() }),
    /** Tags sm-ir writes on each policy it creates: a generated id and the SHA-256 of its content (core/prepare/plan.ts isOurs). */
    ownershipTags: z.object({ policyId: z.string().min(1), contentHash: z.string().min(1) }),
    maxPolicySize: z.number().int().positive(),
    maxAttachedPerTarget: z.number().int().positive(),
  }),
  parameters: z.array(
    z.object({
      id,
      flag: z.string().regex(/^--[a-z-]+$/),
      kind: z.enum(['cidr', 'vpce', 'instance-type', 'role-arn', 'lifecycle-config-arn']),
      description: z.string(),
      /** The original's placeholder text, recorded so the docs can show what replaced it. */
      placeholder: z.string().optional(),
      default: z.array(z.string()).optional(),
      /** Values always added (Studio's "system"). */
      alwaysInclude: z.array(z.string()).optional(),
      /** Unset: the condition entries that name it are left out (the statement still renders). Set: unset skips the statement. */
      optional: z.boolean().default(false),
      /** Values the guardrail matrix uses when the user gives none (documentation and tests). */
      example: z.array(z.string()).min(1),
    }),
  ),
  statements: z.array(
    z.object({
      id,
      sid: z.string().regex(/^[A-Za-z0-9]+$/, 'a Sid is alphanumeric'),
      title: z.string(),
      /** The playbook's wording, in English (CC-BY-4.0, Amazon Web Services); sm-ir's additions say so. */
      description: z.string(),
      /** Additions beyond the playbook: rendered only when named (--only / opt-in selection). */
      optIn: z.boolean().default(false),
      /** An opt-in statement that is selected whenever the user gives this parameter (RestrictUrlToVpce with --allowed-vpce). */
      includeWhenGiven: id.optional(),
      actions: z.array(operation).min(1),
      condition: conditionBlock,
      /** The original playbook's condition, for the record (absent on sm-ir's additions). */
      original: conditionBlock.optional(),
      correction: z.string().optional(),
      /** What the admin must know before deploying (trade-offs, caveats); printed next to the statement. */
      note: z.string().optional(),
      /** The statement's own request keys for each case; the action defaults to the first. */
      matrix: z.object({
        action: operation.optional(),
        compliant: requestContext,
        nonCompliant: requestContext,
        omitted: requestContext,
        /** Cases whose decision differs from the default (deny non-compliant and omitted, allow the rest), and why. */
        exceptions: z.partialRecord(z.enum(MATRIX_CASES), z.object({ expect: z.enum(['deny', 'allow']), why: z.string() })).default({}),
      }),
    }),
  ),
});

/** The AWS Config managed rules the playbook names. */
export const ConfigRulesFile = z.object({
  attribution: z.string(),
  rules: z.array(
    z.object({
      name: id,
      identifier: z.string().regex(/^[A-Z0-9_]+$/),
      /** Added to AWS Config after the playbook: reported and created only when named. */
      optIn: z.boolean().default(false),
      description: z.string(),
      resourceTypes: z.array(z.string().regex(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/)).min(1),
      trigger: z.enum(['periodic', 'configuration-changes']),
      parameters: z.array(
        z
          .object({
            name: z.string(),
            type: z.string(),
            optional: z.boolean(),
            description: z.string(),
            /**
             * The `sm-ir prepare` flag that fills it (its values joined with commas); a required parameter must have one.
             * One of the flags prepare declares (config-rule-flags.ts): checked when the file is loaded, never at run time.
             */
            flag: z.enum(CONFIG_RULE_FLAGS).optional(),
            /** What each value must look like (checked before any AWS call), and an example for the hint. */
            pattern: z.string().optional(),
            example: z.string().optional(),
          })
          .refine((p) => p.optional || p.flag, { message: 'a required parameter needs the flag that fills it' }),
      ),
      docs: url,
    }),
  ),
});

export type ScpsData = z.infer<typeof ScpsFile>;
export type ScpStatementData = ScpsData['statements'][number];
export type ConfigRulesData = z.infer<typeof ConfigRulesFile>;
export type ConfigRuleData = ConfigRulesData['rules'][number];

const apiCall = z.object({
  service: z.enum(['sagemaker', 'iam']),
  operation,
  /** The IAM permission the call needs, e.g. sagemaker:DeleteEndpoint. */
  permission: z.string().regex(/^(sagemaker|iam):[A-Z][A-Za-z0-9]+$/, 'an IAM action such as sagemaker:DeleteEndpoint'),
  purpose: z.string(),
});
const policyDocument = z.object({ Version: z.literal('2012-10-17'), Statement: z.array(z.record(z.string(), z.unknown())).min(1) });

/** Containment and eradication actions (sm-ir contain), with the policies they attach. */
export const ContainmentFile = z.object({
  attribution: z.string(),
  actions: z.array(
    z.object({
      id,
      title: z.string(),
      description: z.string(),
      resource: z.enum(['endpoint', 'endpoint-config', 'model', 'model-package', 'domain', 'user-profile', 'notebook', 'job', 'role', 'user']),
      docs: z.array(url).min(1),
      /** The changing calls, in the order they may run. */
      calls: z.array(apiCall).min(1),
      /** The read calls whose answers are kept as evidence before any change. */
      evidence: z.array(apiCall).min(1),
      /** Resource states the action may start from (Cloud Custodian's valid_origin_states). */
      originStates: z.array(z.string()).min(1),
      endState: z.string(),
      reversible: z.boolean(),
    }),
  ),
  /** Inline policies; "${now}" in a document is replaced by the time of the change. */
  policies: z.object({
    quarantine: z.object({ name: z.string(), document: policyDocument }),
    revokeSessions: z.object({ name: z.string(), document: policyDocument }),
  }),
});

export type SourcesData = z.infer<typeof SourcesFile>;
export type ScenariosData = z.infer<typeof ScenariosFile>;
export type Scenario = ScenariosData['scenarios'][number];
export type RulesData = z.infer<typeof RulesFile>;
export type AttackData = z.infer<typeof AttackFile>;
export type SignalsData = z.infer<typeof SignalsFile>;
export type RuleData = RulesData['rules'][number];
export type BestPracticesData = z.infer<typeof BestPracticesFile>;
export type ContainmentData = z.infer<typeof ContainmentFile>;
export type ContainmentAction = ContainmentData['actions'][number];
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

/**
 * A practice the findings show was not followed, and what enforces it: ids of the playbook's best
 * practices (best-practices.json), SCP statements (scps.json) and Config rules (config-rules.json),
 * resolved when the checklist is built; `controls` holds only what the playbook data does not.
 */
const practice = z
  .object({
    match: findingMatch,
    practice: z.string(),
    bestPractices: z.array(id).min(1).optional(),
    scps: z.array(id).min(1).optional(),
    configRules: z.array(id).min(1).optional(),
    controls: z.array(z.string()).min(1).optional(),
  })
  .strict()
  .refine((p) => p.bestPractices || p.scps || p.configRules || p.controls, 'names no control');

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
            practices: z.array(practice).optional(),
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
export type Practice = z.infer<typeof practice>;
export type Extractor = (typeof EXTRACTORS)[number];
