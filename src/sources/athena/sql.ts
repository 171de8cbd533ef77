/**
 * The SELECT sm-ir runs in Athena over the CloudTrail table: only the columns the classifier reads,
 * only the records some rule can act on (event sources, names, error codes), bounded by the window on eventtime AND on the date partition so
 * Athena reads only the days of the window (it bills by the bytes it reads).
 */
import { UsageError } from '../../errors.js';
import { columnName, QUERY_COLUMNS } from '../query/columns.js';
import type { QueryFilter } from '../../core/classify/interest.js';
import { actorPredicate, type ActorScope, cloudTrailTime, interestPredicate, quoteIdent, scopePredicates, sqlString, wholeSeconds, type QueryScope } from '../query/sql.js';

/** A day partition's value format, from the table's projection (Java's yyyy/MM/dd). */
export interface DatePartition {
  column: string;
  /** e.g. "yyyy/MM/dd" */
  format: string;
}

/** CloudTrail's layout, and what AWS's documented table projects: .../CloudTrail/REGION/yyyy/MM/dd. */
export const DEFAULT_DATE_FORMAT = 'yyyy/MM/dd';

/**
 * Formats whose string order is date order (year, month, day, fixed widths), so BETWEEN on the
 * partition string selects exactly the days in between.
 */
const SORTABLE_FORMAT = /^yyyy([/_-]?)MM\1dd$/;

export function checkDateFormat(format: string, column: string): string {
  if (!SORTABLE_FORMAT.test(format)) {
    throw new UsageError(
      `the table's partition ${column} has the date format '${format}'; sm-ir needs year, month, day in that order (e.g. yyyy/MM/dd)`,
      'create a table with `sm-ir detect --athena-create-table --trail-bucket s3://...`',
    );
  }
  return format;
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function formatDay(d: Date, format: string): string {
  return format.replace('yyyy', String(d.getUTCFullYear())).replace('MM', pad(d.getUTCMonth() + 1)).replace('dd', pad(d.getUTCDate()));
}

const DAY_MS = 86_400_000;

/**
 * The days whose folders can hold events of the window: from the start's day to the day after the
 * end's, because CloudTrail files land in the folder of the time they were written, minutes after
 * the events they carry (an event at 23:58 is often in the next day's folder).
 */
export function partitionDays(start: Date, end: Date, format: string): { from: string; to: string } {
  return { from: formatDay(start, format), to: formatDay(new Date(end.getTime() + DAY_MS), format) };
}

export interface AthenaQuerySpec {
  database: string;
  table: string;
  partition: DatePartition;
  window: { start: Date; end: Date };
  /** From the playbook data and the rules (queryFilter). */
  filter: QueryFilter;
  /** The table's partition keys (`account` and `region` prune folders when scoped). */
  partitionKeys?: readonly string[];
  scope?: QueryScope;
  /** Instead of the records rules read: every record of these actors (their timelines). */
  actors?: ActorScope;
}

/** Struct fields one by one; resources as a JSON array of its ARNs (not Trino's "{k=v}" rendering). */
function selectList(): string {
  return QUERY_COLUMNS.map((c) => {
    const path = c.path.map((p) => quoteIdent(p.toLowerCase())).join('.');
    const value = c.kind === 'arns' ? `json_format(CAST(transform(${path}, r -> r."arn") AS JSON))` : path;
    return `${value} AS ${quoteIdent(columnName(c))}`;
  }).join(',\n  ');
}

export function buildAthenaQuery(spec: AthenaQuerySpec): string {
  const { start, end } = wholeSeconds(spec.window.start, spec.window.end);
  const days = partitionDays(start, end, checkDateFormat(spec.partition.format, spec.partition.column));
  return [
    `SELECT\n  ${selectList()}`,
    `FROM ${quoteIdent(spec.database)}.${quoteIdent(spec.table)}`,
    `WHERE ${quoteIdent(spec.partition.column)} BETWEEN ${sqlString(days.from)} AND ${sqlString(days.to)}`,
    `  AND "eventtime" >= ${sqlString(cloudTrailTime(start))} AND "eventtime" <= ${sqlString(cloudTrailTime(end))}`,
    ...scopePredicates(spec.scope, quoteIdent, spec.partitionKeys).map((p) => `  AND ${p}`),
    `  AND ${spec.actors ? actorPredicate(spec.actors, (f) => `"useridentity".${quoteIdent(f)}`) : interestPredicate(spec.filter, quoteIdent)}`,
  ].join('\n');
}
