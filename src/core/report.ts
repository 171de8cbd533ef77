import { z } from 'zod';
import { AggregatedFindingsSchema, FindingSchema } from './finding.js';
import { SEVERITIES } from '../playbook/severity.js';
import { ActorActivitySchema } from './activity.js';
import { IncidentSchema } from './incidents.js';

/** detect's output document (`--output json`); analyze and contain --from-findings read it back. */
export const DETECT_REPORT_SCHEMA_ID = 'sm-ir/detect-report@1';

/** Query sources (athena, lake): what the engine scanned and billed, and the time it took. */
const QueryScanSchema = z.object({ engine: z.enum(['athena', 'lake']), queryId: z.string(), bytesScanned: z.number(), costUsd: z.number(), elapsedMs: z.number() });

export const PrincipalSummarySchema = z.object({
  key: z.string(),
  arn: z.string().nullable(),
  type: z.string().nullable(),
  accessKeyIds: z.array(z.string()),
  sourceIps: z.array(z.string()),
  findings: z.number().int(),
  maxSeverity: z.enum(SEVERITIES),
  eventNames: z.array(z.string()),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type PrincipalSummary = z.infer<typeof PrincipalSummarySchema>;

export const DetectReportSchema = z.object({
  schema: z.literal(DETECT_REPORT_SCHEMA_ID),
  generatedAt: z.string(),
  window: z.object({ start: z.string().nullable(), end: z.string() }),
  sources: z.array(
    z.object({
      kind: z.string(),
      inputs: z.array(z.string()),
      scan: QueryScanSchema.optional(),
    }),
  ),
  stats: z.object({
    unitsRead: z.number().int(),
    recordsRead: z.number().int(),
    /** Records that produced at least one finding: the listed findings' events, plus the aggregated counts. */
    recordsMatched: z.number().int(),
    /**
     * Records of an event already read (same eventID, recipientAccountId and eventTime: the same archive
     * twice, an organization trail beside an account trail), not classified again. Counted among the
     * records some rule reads; others are counted under their skip reason however often they are read.
     * 0 in reports of sm-ir before it.
     */
    duplicates: z.number().int().default(0),
    /** Present when more distinct events were read than sm-ir remembers (2,097,152): the later ones were classified without a duplicate check. */
    duplicatesNotChecked: z.number().int().optional(),
    skipped: z.record(z.string(), z.number().int()),
    errors: z.array(z.object({ input: z.string(), reason: z.string(), recordsLost: z.number().int().optional() })),
    /** Inputs deliberately not read (non-log files, CloudTrail digests, duplicates), listed so nothing is dropped silently. */
    skippedFiles: z.array(z.object({ input: z.string(), reason: z.string() })).default([]),
  }),
  /**
   * What was actually read, so "no findings" can be told from "nothing looked at": the inputs and the
   * first and last eventTime of the records seen (null when none). Absent in reports of sm-ir before it.
   */
  coverage: z
    .object({
      inputs: z.array(z.string()),
      span: z.object({ first: z.string().nullable(), last: z.string().nullable() }),
      /**
       * Records read per region (awsRegion) and account (recipientAccountId), most first, so a responder sees which
       * accounts and regions the answer covers. Past 10,000 pairs the rest are counted under region and account '*'.
       * Absent in reports before sm-ir 0.2.
       */
      records: z.array(z.object({ region: z.string().nullable(), account: z.string().nullable(), records: z.number().int() })).optional(),
    })
    .optional(),
  /**
   * detect --baseline: the period read before the window, what it cost and what was learnt of the principals
   * (their source IPs, user agent products and roles passed to SageMaker). Absent without --baseline.
   */
  baseline: z
    .object({
      window: z.object({ start: z.string().nullable(), end: z.string() }),
      kind: z.string(),
      unitsRead: z.number().int(),
      recordsRead: z.number().int(),
      /** Records of the baseline period that some rule reads: what was learnt from. */
      recordsLearnt: z.number().int(),
      principals: z.number().int(),
      pairs: z.number().int(),
      /** Records not learnt because the pairs reached their limit (1,000,000). */
      notLearnt: z.number().int(),
      /** Inputs of the baseline not read in full. */
      errors: z.number().int(),
      scan: QueryScanSchema.optional(),
    })
    .optional(),
  /** True when a source failed in part (a region, a file): the findings may be incomplete. */
  partial: z.boolean(),
  /**
   * detect's finding filters (--min-severity, --scenario, --principal): findings they dropped are not
   * in this report, so analyze says so beside every "nothing found". Absent in reports of sm-ir 0.1.0 before it.
   */
  filters: z
    .object({
      minSeverity: z.enum(SEVERITIES),
      scenarios: z.array(z.string()).nullable(),
      principals: z.array(z.string()).nullable(),
      /** --rule: only these rules' findings. Absent when not given. */
      rules: z.array(z.string()).optional(),
      /** The suppression file read: --suppress, or .sm-ir/suppress.yaml found in the working directory. Absent when none was. */
      suppressFile: z.string().optional(),
    })
    .optional(),
  findings: z.array(FindingSchema),
  /**
   * Findings counted, not listed, past --list-findings (default 100) of one rule by one actor or 20 times
   * that of one rule (a flood of matching events must not exhaust memory): one entry per rule and actor,
   * with the first and last.
   * The filters apply to them as to findings. Absent (empty) in reports before sm-ir 0.2.
   */
  aggregated: z.array(AggregatedFindingsSchema).default([]),
  principals: z.array(PrincipalSummarySchema),
  /**
   * One story per actor: its findings (suppressed ones left out) grouped with a score, first and last time, the
   * scenarios and ATT&CK tactics in the order it reached them, the resources, addresses and user agents. Highest
   * score first. Empty in reports before sm-ir 0.2.
   */
  incidents: z.array(IncidentSchema).default([]),
  /**
   * Everything each actor with a finding at medium or above did in the window (read-only, denied and
   * unwatched services included), from a second pass over the log files or the S3 archive, live LookupEvents by the
   * actors' access keys and user names (with --org, in each actor's account), or one more Athena or Lake query by their
   * ARNs. Absent with --no-activity and in reports before sm-ir 0.2.
   */
  activity: z.array(ActorActivitySchema).optional(),
  /**
   * Findings a --suppress entry matched (the first that did): out of findings, the views and --fail-on, kept here with
   * the entry's position in the file (0-based), reason and last day. Empty without --suppress and in reports before sm-ir 0.2.
   */
  suppressed: z.array(z.object({ entry: z.number().int(), reason: z.string(), expires: z.string(), finding: FindingSchema })).default([]),
  /**
   * The raw CloudTrail record of each listed finding's event, by event id, as it was read: the evidence to read
   * beside the finding (the HTML report folds it under it). Correlation findings cite events only. At most
   * 10,000 records per run are kept. Absent in reports before sm-ir 0.2.
   */
  records: z.record(z.string(), z.unknown()).optional(),
});
export type DetectReport = z.infer<typeof DetectReportSchema>;
