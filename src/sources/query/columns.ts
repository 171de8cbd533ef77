/**
 * The CloudTrail fields the classifier reads (src/core/classify: rules, principals, findings), as
 * query columns, and the way back from a query's row to a CloudTrail record. Both engines name
 * columns in lower case. Struct fields are selected one by one (userIdentity.sessionContext...arn):
 * a plain string whatever the engine version, where casting a whole struct to JSON gives an object
 * on current Trino but a positional array on older engines.
 */
import type { CloudTrailRecord, SkipReason } from '../../core/cloudtrail.js';
import { SmIrError } from '../../errors.js';
import { countSkip, type SourceStats } from '../types.js';

export type ColumnKind =
  /** A string as CloudTrail wrote it (a top-level field or a field inside userIdentity). */
  | 'text'
  /** requestParameters/responseElements: JSON text (Athena's STRING column, Lake's map cast to JSON). */
  | 'json'
  /** resources: the ARNs, as a JSON array of strings (transform(resources, r -> r.arn)). */
  | 'arns'
  /** readOnly: 'true' or 'false' (Athena's STRING column, Lake's boolean as text). */
  | 'flag';

export interface QueryColumn {
  /** Where the value goes in the record, e.g. ["userIdentity", "sessionContext", "sessionIssuer", "arn"]. */
  path: readonly string[];
  kind: ColumnKind;
}

const text = (...path: string[]): QueryColumn => ({ path, kind: 'text' });

/**
 * Only what classification reads: no errorMessage, additionalEventData, tlsDetails, and of the caller
 * only what principalOf and the rules look at. A rule that starts reading another field needs it
 * added here; the E2E tests (same findings as from the files) fail otherwise.
 */
export const QUERY_COLUMNS: readonly QueryColumn[] = [
  text('eventTime'),
  text('eventSource'),
  text('eventName'),
  text('awsRegion'),
  text('sourceIPAddress'),
  text('userAgent'),
  text('errorCode'),
  text('requestID'),
  text('eventID'),
  text('recipientAccountId'),
  { path: ['readOnly'], kind: 'flag' },
  text('userIdentity', 'type'),
  text('userIdentity', 'principalId'),
  text('userIdentity', 'arn'),
  text('userIdentity', 'accountId'),
  text('userIdentity', 'accessKeyId'),
  text('userIdentity', 'invokedBy'),
  text('userIdentity', 'sessionContext', 'sessionIssuer', 'arn'),
  { path: ['resources'], kind: 'arns' },
  { path: ['requestParameters'], kind: 'json' },
  { path: ['responseElements'], kind: 'json' },
];

/** The result column's name: the path in lower case joined by underscores (userIdentity.arn -> useridentity_arn). */
export const columnName = (c: QueryColumn): string => c.path.map((p) => p.toLowerCase()).join('_');

/** Why a row could not be read back into a record (a changed table, an engine answering otherwise). */
export class RowError extends SmIrError {}

/** Parse JSON text that an engine returned for a column; throws RowError naming the column. */
export function parseJsonColumn(value: string, column: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new RowError(`column ${column} is not JSON: ${value.slice(0, 80)}`);
  }
}

function flagOf(value: string, column: string): boolean {
  if (value === 'true' || value === 'false') return value === 'true';
  throw new RowError(`column ${column} is not true or false: ${value.slice(0, 80)}`);
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

/**
 * A row's values (by column name; undefined for NULL) as the fields of a CloudTrail record. `json`
 * post-processes the parsed request and response bodies (Lake's maps hold text only).
 */
export function fieldsOf(get: (column: string) => string | undefined, json: (v: unknown) => unknown = (v) => v): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of QUERY_COLUMNS) {
    const name = columnName(c);
    const v = get(name);
    if (v === undefined) continue;
    if (c.kind === 'text') setPath(out, c.path, v);
    else if (c.kind === 'flag') setPath(out, c.path, flagOf(v, name));
    else if (c.kind === 'json') setPath(out, c.path, json(parseJsonColumn(v, name)));
    else {
      const arns = parseJsonColumn(v, name);
      if (!Array.isArray(arns)) throw new RowError(`column ${name} is not a JSON array: ${v.slice(0, 80)}`);
      setPath(out, c.path, arns.map((ARN: unknown) => (typeof ARN === 'string' ? { ARN } : {})));
    }
  }
  return out;
}

/**
 * An engine's result rows as CloudTrail records, counted into stats: a row that does not make a
 * record (RowError) is counted as not-a-cloudtrail-record, never fatal.
 */
export function* recordsFromRows<Row>(rows: Iterable<Row>, toRecord: (row: Row) => CloudTrailRecord | SkipReason, stats: SourceStats): Generator<CloudTrailRecord> {
  for (const row of rows) {
    stats.recordsRead += 1;
    let r: CloudTrailRecord | SkipReason;
    try {
      r = toRecord(row);
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      r = 'not-a-cloudtrail-record';
    }
    if (typeof r === 'string') countSkip(stats, r);
    else yield r;
  }
}
