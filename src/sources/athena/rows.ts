/**
 * Athena's GetQueryResults rows back to CloudTrail records. A row is `{ Data: [{ VarCharValue }] }`
 * in the order of the SELECT; a NULL is a datum without VarCharValue. The first row of the first
 * page is the header (the column names).
 */
import type { Row } from '@aws-sdk/client-athena';
import { asCloudTrailRecord, type CloudTrailRecord, type SkipReason } from '../../core/cloudtrail.js';
import { columnName, fieldsOf, QUERY_COLUMNS, RowError } from '../query/columns.js';

export const rowValues = (row: Row): (string | undefined)[] => (row.Data ?? []).map((d) => d.VarCharValue);

/** Check the header row names the columns sm-ir asked for, in order; a mismatch is a bug or a view, not data. */
export function checkHeader(header: (string | undefined)[]): void {
  const expected = QUERY_COLUMNS.map(columnName);
  if (header.length !== expected.length || header.some((h, i) => h?.toLowerCase() !== expected[i])) {
    throw new RowError(`unexpected result columns: ${header.join(', ')} (expected ${expected.join(', ')})`);
  }
}

/** One data row (values in the SELECT's order) as a CloudTrail record, or why it is not one. */
export function recordFromAthenaRow(values: (string | undefined)[]): CloudTrailRecord | SkipReason {
  const index = new Map(QUERY_COLUMNS.map((c, i) => [columnName(c), i]));
  return asCloudTrailRecord(fieldsOf((name) => values[index.get(name) as number]));
}
