/**
 * Pieces of SQL built from user input and playbook data. Names are checked against what the
 * engines accept and then quoted; values are string literals with quotes doubled. Nothing a user
 * types reaches a query any other way.
 */
import type { QueryFilter } from '../../core/classify/interest.js';
import { UsageError } from '../../errors.js';

/** A string literal: single quotes doubled, control characters refused (no value of ours has any). */
export function sqlString(value: string): string {
  if (/[\u0000-\u001f]/.test(value)) throw new UsageError(`a query value holds a control character: ${JSON.stringify(value)}`);
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted identifier; the name must already have passed validateName. */
export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

// Glue and Athena: table and database names are letters, digits and underscores (at most 255).
const NAME = /^[A-Za-z0-9_]{1,255}$/;

/** A database or table name from a flag, or a UsageError before any AWS call. */
export function validateName(value: string, flag: string): string {
  if (!NAME.test(value)) {
    throw new UsageError(`${flag}: '${value}' is not an Athena table or database name`, 'use letters, digits and underscores only (e.g. cloudtrail_logs)');
  }
  return value.toLowerCase();
}

/** `'a', 'b'` for an IN list; at least one value. */
export function sqlStringList(values: readonly string[]): string {
  if (values.length === 0) throw new Error('an IN list needs at least one value');
  return values.map(sqlString).join(', ');
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** CloudTrail's eventTime format (UTC, whole seconds): 2026-11-27T08:00:00Z. */
export function cloudTrailTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}Z`;
}

/**
 * The window widened to whole seconds, so a string comparison on eventTime keeps every event the
 * exact check (inWindow, run again on every record) keeps.
 */
export function wholeSeconds(start: Date, end: Date): { start: Date; end: Date } {
  return { start: new Date(Math.floor(start.getTime() / 1000) * 1000), end: new Date(Math.ceil(end.getTime() / 1000) * 1000) };
}

/**
 * The records classification needs, as a WHERE conjunct over the given column names: the watched
 * sources (within a source whose rules read only some events, those names), and failed calls with a
 * watched error code on any source, as the classifier takes them (reconnaissance probes every service).
 */
export function interestPredicate(filter: QueryFilter, col: (name: 'eventsource' | 'eventname' | 'errorcode') => string): string {
  const all = filter.sources.map((s) => s.source);
  const everyName = filter.sources.filter((s) => s.names === '*').map((s) => s.source);
  const some = filter.sources.filter((s): s is { source: string; names: string[] } => s.names !== '*');
  const failedCalls = filter.errorCodes.length > 0 ? [`${col('errorcode')} IN (${sqlStringList(filter.errorCodes)})`] : [];
  const watched =
    some.length === 0
      ? [`${col('eventsource')} IN (${sqlStringList(all)})`]
      : [
          ...(everyName.length > 0 ? [`${col('eventsource')} IN (${sqlStringList(everyName)})`] : []),
          ...some.filter((s) => s.names.length > 0).map((s) => `(${col('eventsource')} = ${sqlString(s.source)} AND ${col('eventname')} IN (${sqlStringList(s.names)}))`),
        ];
  const terms = [...watched, ...failedCalls];
  return terms.length === 1 ? (terms[0] as string) : `(${terms.join('\n    OR ')})`;
}

/** The actors' timelines (detect's activity): every event of these principals, whatever its source. */
export interface ActorScope {
  arns: readonly string[];
  accessKeyIds: readonly string[];
}

/** The actors as one WHERE conjunct, on the caller's ARN or access key (the engines' struct fields). */
export function actorPredicate(actors: ActorScope, col: (field: 'arn' | 'accesskeyid') => string): string {
  const terms = [
    ...(actors.arns.length > 0 ? [`${col('arn')} IN (${sqlStringList([...actors.arns].sort())})`] : []),
    ...(actors.accessKeyIds.length > 0 ? [`${col('accesskeyid')} IN (${sqlStringList([...actors.accessKeyIds].sort())})`] : []),
  ];
  if (terms.length === 0) throw new Error('an actor scope needs an ARN or an access key');
  return terms.length === 1 ? (terms[0] as string) : `(${terms.join('\n    OR ')})`;
}

/** --accounts / --regions for a query: only these accounts' and regions' events. */
export interface QueryScope {
  accounts?: readonly string[];
  regions?: readonly string[];
}

/**
 * The scope as WHERE conjuncts: on the table's `account`/`region` partitions when it has them (Athena
 * then reads only those folders), else on recipientAccountId/awsRegion (fewer rows, same scan).
 */
export function scopePredicates(
  scope: QueryScope | undefined,
  col: (name: 'account' | 'region' | 'recipientaccountid' | 'awsregion') => string,
  partitions: readonly string[] = [],
): string[] {
  const out: string[] = [];
  if (scope?.accounts?.length) out.push(`${col(partitions.includes('account') ? 'account' : 'recipientaccountid')} IN (${sqlStringList([...scope.accounts].sort())})`);
  if (scope?.regions?.length) out.push(`${col(partitions.includes('region') ? 'region' : 'awsregion')} IN (${sqlStringList([...scope.regions].sort())})`);
  return out;
}
