/**
 * The CloudTrail fields the classifier reads (src/core/classify: rules, principals, findings), as
 * query columns, and the way back from a query's row to a CloudTrail record. Athena's CloudTrail
 * table and CloudTrail Lake both lower-case field names; nested fields come back as JSON text
 * (requestParameters as stored, structs through CAST(... AS JSON)).
 */
import type { CloudTrailRecord } from '../../core/cloudtrail.js';
import { SmIrError } from '../../errors.js';

export type ColumnKind =
  /** A string as CloudTrail wrote it. */
  | 'text'
  /** An object as JSON text (Athena's requestparameters); null stays null. */
  | 'json-text'
  /** A struct or array of structs, selected through CAST(... AS JSON). */
  | 'struct';

export interface QueryColumn {
  /** The record field, e.g. "userIdentity". */
  field: keyof CloudTrailRecord;
  kind: ColumnKind;
}

/**
 * Only what classification reads: no errorMessage, additionalEventData, tlsDetails and the like.
 * Adding a field a rule starts to read means adding it here; the E2E test (same findings as the
 * files) fails otherwise.
 */
export const QUERY_COLUMNS: readonly QueryColumn[] = [
  { field: 'eventTime', kind: 'text' },
  { field: 'eventSource', kind: 'text' },
  { field: 'eventName', kind: 'text' },
  { field: 'awsRegion', kind: 'text' },
  { field: 'sourceIPAddress', kind: 'text' },
  { field: 'userAgent', kind: 'text' },
  { field: 'errorCode', kind: 'text' },
  { field: 'requestID', kind: 'text' },
  { field: 'eventID', kind: 'text' },
  { field: 'recipientAccountId', kind: 'text' },
  { field: 'userIdentity', kind: 'struct' },
  { field: 'resources', kind: 'struct' },
  { field: 'requestParameters', kind: 'json-text' },
  { field: 'responseElements', kind: 'json-text' },
];

/** The column name in the engines' schemas: CloudTrail's field name in lower case. */
export const columnName = (c: QueryColumn): string => c.field.toLowerCase();

/**
 * Struct fields the engines return in lower case, back to CloudTrail's names. Only the names of
 * the struct columns of the documented tables (userIdentity, resources); keys inside
 * requestParameters are JSON text and keep their case.
 */
const STRUCT_KEYS: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'principalId', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'sessionContext', 'sessionIssuer',
    'webIdFederationData', 'federatedProvider', 'mfaAuthenticated', 'creationDate', 'sourceIdentity',
    'ec2RoleDelivery', 'onBehalfOf', 'userId', 'identityStoreArn', 'credentialId', 'identityProvider',
    'inScopeOf', 'issuerType',
  ].map((k) => [k.toLowerCase(), k]),
);

/**
 * A struct as the engines return it (lower-case keys, null for every absent field) back to the
 * shape CloudTrail wrote: CloudTrail's key names, absent fields left out. The `attributes` of
 * webIdFederationData is a map whose keys are data, not names: kept as they are.
 */
export function restoreStruct(value: unknown, parent: string): unknown {
  if (Array.isArray(value)) return value.map((v) => restoreStruct(v, parent));
  if (typeof value !== 'object' || value === null) return value;
  const keepKeys = parent === 'webIdFederationData.attributes';
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null) continue;
    // CloudTrail spells a resource's ARN in capitals, the caller's arn in lower case.
    const name = keepKeys ? k : parent === 'resources' && k === 'arn' ? 'ARN' : (STRUCT_KEYS[k] ?? k);
    out[name] = restoreStruct(v, `${parent.split('.').pop() ?? ''}.${name}`);
  }
  return out;
}

/** Why a row could not be read back into a record (a bug or a changed table), for the report. */
export class RowError extends SmIrError {}

/** Parse JSON text that an engine returned for a column; throws RowError naming the column. */
export function parseJsonColumn(text: string, column: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RowError(`column ${column} is not JSON: ${text.slice(0, 80)}`);
  }
}
