/**
 * CloudTrail Lake's query API: StartQuery (the event data store named in FROM must exist),
 * DescribeQuery walking QUEUED -> RUNNING -> FINISHED (or FAILED with ErrorMessage) one state per
 * call, GetQueryResults rows as arrays of single-key objects with string values. Lake's columns keep
 * CloudTrail's names; eventTime is a timestamp ("2026-11-27 08:33:14.000"); requestParameters and
 * responseElements are maps of strings (nested values as JSON text); userIdentity and resources
 * structs (selected whole, rendered as Trino's "{k=v}" text). Bytes scanned: every record in the eventTime range (Lake prunes by time only).
 */
import { randomUUID } from 'node:crypto';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { FakeAwsError, type FakeRequest } from '../types.js';
import { evaluate, fieldOf, parseSelect, recordBytes, SqlError, trinoText, valueAt, type SelectItem } from './cloudtrail-query.js';

interface LakeQuery {
  id: string;
  states: string[];
  step: number;
  error?: string;
  rows: Record<string, string>[][];
  bytesScanned: number;
  scanned: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');
export function lakeTimestamp(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

const MAPS = new Set(['requestparameters', 'responseelements', 'additionaleventdata']);

/** Lake's value for a select item: maps hold text only (nested values as JSON text); structs as selected. */
function lakeValue(r: CloudTrailRecord, item: SelectItem): string | undefined {
  const column = item.path[0]?.toLowerCase() ?? '';
  let v = valueAt(r, item.path);
  if (v === undefined || v === null) return undefined;
  if (column === 'eventtime') return lakeTimestamp(String(v));
  if (MAPS.has(column) && item.path.length === 1) {
    v = Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x)]));
  }
  if (item.each !== undefined) {
    if (!Array.isArray(v)) return undefined;
    v = v.map((x) => fieldOf(x as object, item.each as string) ?? null);
  }
  if (item.asJson) return JSON.stringify(v);
  return typeof v === 'object' ? trinoText(v) : String(v);
}

const plain = (column: string): SelectItem => ({ path: column.split('.'), alias: column, asJson: false });

export function createLake(records: () => readonly CloudTrailRecord[]) {
  const stores = new Set<string>();
  const queries = new Map<string, LakeQuery>();
  let failNext: string | undefined;

  function run(sql: string): Omit<LakeQuery, 'id' | 'states' | 'step'> {
    const parsed = parseSelect(sql);
    const store = parsed.from[0] ?? '';
    if (parsed.from.length !== 1 || !stores.has(store)) throw new FakeAwsError('EventDataStoreNotFoundException', `The specified event data store ${store} was not found.`);
    const isTime = (c: string): boolean => c.toLowerCase() === 'eventtime';
    const inRange = records().filter((r) => evaluate(parsed.where, () => lakeTimestamp(r.eventTime), isTime));
    const matching = inRange.filter((r) => evaluate(parsed.where, (c) => lakeValue(r, plain(c))));
    const rows = matching.map((r) => parsed.items.flatMap((i) => {
      const v = lakeValue(r, i);
      return v === undefined ? [] : [{ [i.alias]: v }];
    }));
    return { rows, bytesScanned: inRange.reduce((n, r) => n + recordBytes(r), 0), scanned: inRange.length };
  }

  function startQuery(req: FakeRequest): unknown {
    const sql = req.input.QueryStatement;
    if (typeof sql !== 'string' || sql === '') throw new FakeAwsError('InvalidParameterException', 'QueryStatement is required');
    let result: Omit<LakeQuery, 'id' | 'states' | 'step'>;
    try {
      result = run(sql);
    } catch (err) {
      if (err instanceof SqlError) throw new FakeAwsError('InvalidQueryStatementException', err.message);
      throw err;
    }
    const id = randomUUID();
    const error = failNext;
    failNext = undefined;
    queries.set(id, { id, states: ['QUEUED', 'RUNNING', error === undefined ? 'FINISHED' : 'FAILED'], step: -1, ...result, ...(error === undefined ? {} : { error }) });
    return { QueryId: id };
  }

  const queryOf = (input: Record<string, unknown>): LakeQuery => {
    const q = queries.get(String(input.QueryId));
    if (!q) throw new FakeAwsError('QueryIdNotFoundException', `The query ID ${String(input.QueryId)} does not exist.`);
    return q;
  };

  function describeQuery(req: FakeRequest): unknown {
    const q = queryOf(req.input);
    q.step = Math.min(q.step + 1, q.states.length - 1);
    const state = q.states[q.step] as string;
    const done = state === 'FINISHED';
    return {
      QueryId: q.id,
      QueryStatus: state,
      QueryStatistics: { EventsMatched: done ? q.rows.length : 0, EventsScanned: done ? q.scanned : 0, BytesScanned: done ? q.bytesScanned : 0, ExecutionTimeInMillis: done ? 900 : 0, CreationTime: new Date() },
      ...(state === 'FAILED' ? { ErrorMessage: q.error } : {}),
    };
  }

  function getQueryResults(req: FakeRequest): unknown {
    const q = queryOf(req.input);
    const state = q.states[Math.max(q.step, 0)];
    if (state !== 'FINISHED') throw new FakeAwsError('InactiveQueryException', `The query ${q.id} is ${state}; results are not available yet.`);
    const max = req.input.MaxQueryResults === undefined ? 1000 : Number(req.input.MaxQueryResults);
    if (!Number.isInteger(max) || max < 1 || max > 1000) throw new FakeAwsError('InvalidMaxResultsException', 'MaxQueryResults must be between 1 and 1000.');
    const offset = req.input.NextToken === undefined ? 0 : Number(Buffer.from(String(req.input.NextToken), 'base64').toString('utf8').split(':')[1]);
    return {
      QueryStatus: state,
      QueryStatistics: { ResultsCount: Math.min(max, q.rows.length - offset), TotalResultsCount: q.rows.length, BytesScanned: q.bytesScanned },
      QueryResultRows: q.rows.slice(offset, offset + max),
      ...(offset + max < q.rows.length ? { NextToken: Buffer.from(`${q.id}:${offset + max}`).toString('base64') } : {}),
    };
  }

  return {
    handlers: { StartQuery: startQuery, DescribeQuery: describeQuery, GetQueryResults: getQueryResults },
    addEventDataStore(id: string) {
      stores.add(id);
    },
    failNext(message: string) {
      failNext = message;
    },
  };
}
