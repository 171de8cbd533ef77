/**
 * The CloudTrail Lake query: the same columns and records as the Athena query, bounded by
 * eventTime (Lake partitions by it, and bills by the bytes it scans). Lake's columns keep CloudTrail's
 * names; requestParameters and responseElements are maps of strings (cast to JSON text), userIdentity
 * a struct (its fields selected one by one), resources an array of structs (its ARNs as JSON).
 */
import { UsageError } from '../../errors.js';
import { columnName, QUERY_COLUMNS } from '../query/columns.js';
import type { QueryFilter } from '../../core/classify/interest.js';
import { actorPredicate, type ActorScope, interestPredicate, scopePredicates, sqlString, wholeSeconds, type QueryScope } from '../query/sql.js';

export interface EventDataStore {
  /** The id used in FROM (the ARN's last part). */
  id: string;
  /** The ARN's region, when an ARN was given. */
  region?: string;
}

const ID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const ARN = /^arn:aws[a-z-]*:cloudtrail:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):\d{12}:eventdatastore\/([a-f0-9-]{36})$/;

/** --event-data-store ID|ARN, or a UsageError before any AWS call. */
export function parseEventDataStore(value: string): EventDataStore {
  const v = value.trim();
  if (ID.test(v)) return { id: v };
  const m = ARN.exec(v);
  if (m && ID.test(m[2] as string)) return { id: m[2] as string, region: m[1] as string };
  throw new UsageError(
    `--event-data-store: '${value}' is not an event data store id or ARN`,
    'for example 0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90 or arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90 (aws cloudtrail list-event-data-stores)',
  );
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Lake compares eventTime with 'YYYY-MM-DD HH:MM:SS' literals (UTC). */
export function lakeTime(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const LAKE_COLUMNS = {
  eventsource: 'eventSource',
  eventname: 'eventName',
  errorcode: 'errorCode',
  recipientaccountid: 'recipientAccountId',
  awsregion: 'awsRegion',
  account: 'recipientAccountId',
  region: 'awsRegion',
} as const;

export interface LakeQuerySpec {
  store: EventDataStore;
  window: { start: Date; end: Date };
  filter: QueryFilter;
  scope?: QueryScope;
  /** Instead of the records rules read: every record of these actors (their timelines). */
  actors?: ActorScope;
}

export function buildLakeQuery(spec: LakeQuerySpec): string {
  if (!ID.test(spec.store.id)) throw new UsageError(`not an event data store id: ${spec.store.id}`);
  const { start, end } = wholeSeconds(spec.window.start, spec.window.end);
  const columns = QUERY_COLUMNS.map((c) => {
    const path = c.path.join('.');
    const value = c.kind === 'text' || c.kind === 'flag' ? path : c.kind === 'json' ? `json_format(CAST(${path} AS JSON))` : `json_format(CAST(transform(${path}, r -> r.arn) AS JSON))`;
    return `${value} AS ${columnName(c)}`;
  });
  return [
    `SELECT\n  ${columns.join(',\n  ')}`,
    `FROM ${spec.store.id}`,
    `WHERE eventTime >= ${sqlString(lakeTime(start))} AND eventTime <= ${sqlString(lakeTime(end))}`,
    ...scopePredicates(spec.scope, (c) => LAKE_COLUMNS[c]).map((p) => `  AND ${p}`),
    `  AND ${spec.actors ? actorPredicate(spec.actors, (f) => `userIdentity.${f === 'arn' ? 'arn' : 'accessKeyId'}`) : interestPredicate(spec.filter, (c) => LAKE_COLUMNS[c])}`,
  ].join('\n');
}
