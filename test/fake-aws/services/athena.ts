/**
 * Amazon Athena as sm-ir meets it: StartQueryExecution (an output location from the request or the
 * workgroup, else InvalidRequestException), GetQueryExecution walking QUEUED -> RUNNING -> SUCCEEDED
 * (or FAILED with its reason) one state per call, GetQueryResults with the real row format (the first
 * row of the first page is the header, NULL is a datum without VarCharValue, MaxResults up to 1000
 * counting the header), GetTableMetadata, and CREATE EXTERNAL TABLE registering a table.
 *
 * A table is a CloudTrail table over the stored records (AWS's documented DDL): STRING columns as
 * CloudTrail wrote them, requestparameters/responseelements as JSON text, useridentity/resources as
 * structs with the DDL's fields only (a struct selected whole renders as Trino's "{k=v}" text). A SELECT is 'executed' by filtering on its WHERE conjuncts; the
 * bytes scanned are those of every record in the partitions the date predicate keeps (all of them
 * without one; likewise for `region` and `account` partitions), as Athena reads whole files of JSON
 * whatever the columns.
 */
import { randomUUID } from 'node:crypto';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';
import { columnsOf, evaluate, fieldOf, parseSelect, recordBytes, SqlError, trinoText, valueAt, type ParsedSelect, type SelectItem } from './cloudtrail-query.js';

export interface FakeAthenaTable {
  database: string;
  name: string;
  partitionKeys: { Name: string; Type: string }[];
  parameters: Record<string, string>;
}

export interface FakeQuery {
  id: string;
  sql: string;
  database?: string;
  workgroup: string;
  outputLocation?: string;
  states: string[];
  /** Index into states: advanced by each GetQueryExecution. */
  step: number;
  failure?: string;
  rows?: (string | null)[][];
  columns?: string[];
  bytesScanned: number;
}

export interface FakeAthena {
  module: ServiceModule;
  /** A CloudTrail table over the records, partitioned by `timestamp` (yyyy/MM/dd) as AWS documents it. */
  addTable(database: string, name: string, options?: { partitionKeys?: FakeAthenaTable['partitionKeys']; parameters?: Record<string, string> }): void;
  tables(): FakeAthenaTable[];
  queries(): FakeQuery[];
  /** The next query fails at RUNNING with this reason. */
  failNextQuery(reason: string): void;
}

// AWS's documented CloudTrail table: the struct fields Athena knows (others in the log are dropped).
const USER_IDENTITY: Schema = {
  type: null, principalid: null, arn: null, accountid: null, invokedby: null, accesskeyid: null, username: null,
  onbehalfof: { userid: null, identitystorearn: null },
  sessioncontext: {
    attributes: { mfaauthenticated: null, creationdate: null },
    sessionissuer: { type: null, principalid: null, arn: null, accountid: null, username: null },
    ec2roledelivery: null,
    webidfederationdata: { federatedprovider: null, attributes: 'map' },
    sourceidentity: null,
  },
};
const TABLE_COLUMNS = [
  'eventversion', 'useridentity', 'eventtime', 'eventsource', 'eventname', 'awsregion', 'sourceipaddress', 'useragent', 'errorcode',
  'errormessage', 'requestparameters', 'responseelements', 'additionaleventdata', 'requestid', 'eventid', 'readonly', 'resources',
  'eventtype', 'apiversion', 'recipientaccountid', 'serviceeventdetails', 'sharedeventid', 'vpcendpointid', 'vpcendpointaccountid',
  'eventcategory', 'addendum', 'sessioncredentialfromconsole', 'edgedevicedetails', 'tlsdetails',
];
const RESOURCE: Schema = { arn: null, accountid: null, type: null };
type Schema = { [k: string]: Schema | null | 'map' };

/** A value shaped by a struct schema: every field present (null when absent), lower-case names, scalars as strings. */
function conform(value: unknown, schema: Schema): Record<string, unknown> | null {
  if (typeof value !== 'object' || value === null) return null;
  const byLower = new Map(Object.entries(value).map(([k, v]) => [k.toLowerCase(), v]));
  const out: Record<string, unknown> = {};
  for (const [k, sub] of Object.entries(schema)) {
    const v = byLower.get(k);
    if (sub === null) out[k] = v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : String(v);
    else if (sub === 'map') out[k] = typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).map(([a, b]) => [a, String(b)])) : null;
    else out[k] = conform(v, sub);
  }
  return out;
}

/** The record as Athena's table holds it: struct columns conformed to the DDL. */
function asTableRow(r: CloudTrailRecord): Record<string, unknown> {
  const row: Record<string, unknown> = { ...r };
  row.userIdentity = conform(r.userIdentity, USER_IDENTITY);
  row.resources = Array.isArray(r.resources) ? r.resources.map((x) => conform(x, RESOURCE)) : null;
  return row;
}

function itemValue(r: CloudTrailRecord, item: SelectItem): string | null {
  const column = item.path[0]?.toLowerCase() ?? '';
  const struct = column === 'useridentity' || column === 'resources';
  let v = valueAt(asTableRow(r), item.path);
  if (item.each !== undefined) {
    if (!Array.isArray(v)) return null;
    v = v.map((x) => fieldOf(x as object, item.each as string) ?? null);
  }
  if (v === undefined || v === null) return null;
  if (item.asJson) return JSON.stringify(v);
  if (typeof v === 'object') return struct ? trinoText(v) : JSON.stringify(v);
  return String(v);
}

const columnValue = (r: CloudTrailRecord, column: string): string | undefined =>
  itemValue(r, { path: column.split('.'), alias: column, asJson: false }) ?? undefined;

const pad = (n: number): string => String(n).padStart(2, '0');
/** The day folder a record's file lands in (the fake delivers each event in its own day). */
function dayOf(r: CloudTrailRecord, format: string): string {
  const d = new Date(r.eventTime);
  return format.replace('yyyy', String(d.getUTCFullYear())).replace('MM', pad(d.getUTCMonth() + 1)).replace('dd', pad(d.getUTCDate()));
}

export function createAthena(options: { records: () => readonly CloudTrailRecord[]; workgroupOutput?: Record<string, string> }): FakeAthena {
  const tables: FakeAthenaTable[] = [];
  const queries = new Map<string, FakeQuery>();
  let failNext: string | undefined;

  const findTable = (db: string, name: string): FakeAthenaTable | undefined =>
    tables.find((t) => t.database === db.toLowerCase() && t.name === name.toLowerCase());

  function runSelect(q: FakeQuery, parsed: ParsedSelect): void {
    const [db, name] = parsed.from.length === 2 ? parsed.from : [q.database ?? 'default', parsed.from[0] ?? ''];
    const table = findTable(db as string, name as string);
    if (!table) throw new SqlError(`TABLE_NOT_FOUND: line 1:8: Table 'awsdatacatalog.${db}.${name}' does not exist`);
    const dateKey = table.partitionKeys.find((k) => table.parameters[`projection.${k.Name}.type`] === 'date' || k.Name === 'timestamp');
    const format = dateKey ? (table.parameters[`projection.${dateKey.Name}.format`] ?? 'yyyy/MM/dd') : 'yyyy/MM/dd';
    const keys = new Set(table.partitionKeys.map((k) => k.Name.toLowerCase()));
    // The folder a record's file is in: AWSLogs/<account>/CloudTrail/<region>/<day>.
    const partitionValue = (r: CloudTrailRecord, key: string): string | undefined =>
      key === dateKey?.Name.toLowerCase() ? dayOf(r, format) : key === 'region' ? (r.awsRegion ?? 'us-east-1') : key === 'account' ? r.recipientAccountId : undefined;
    const inPartitions = options.records().filter((r) => evaluate(parsed.where, (c) => partitionValue(r, c.toLowerCase()), (c) => keys.has(c.toLowerCase())));
    q.bytesScanned = inPartitions.reduce((n, r) => n + recordBytes(r), 0);
    for (const column of [...parsed.where.flatMap(columnsOf).map((c) => c.split('.')[0] as string), ...parsed.items.map((i) => i.path[0] as string)]) {
      if (!keys.has(column.toLowerCase()) && !TABLE_COLUMNS.includes(column.toLowerCase())) {
        throw new SqlError(`COLUMN_NOT_FOUND: line 1:8: Column '${column}' cannot be resolved`);
      }
    }
    const matching = inPartitions.filter((r) => evaluate(parsed.where, (c) => columnValue(r, c), (c) => !keys.has(c.toLowerCase())));
    q.columns = parsed.items.map((i) => i.alias.toLowerCase());
    q.rows = matching.map((r) => parsed.items.map((i) => itemValue(r, i)));
  }

  function runCreateTable(sql: string): void {
    const m = /^\s*CREATE EXTERNAL TABLE\s+`([a-z0-9_]+)`\.`([a-z0-9_]+)`/i.exec(sql);
    if (!m) throw new SqlError('cannot read the CREATE EXTERNAL TABLE statement');
    if (findTable(m[1] as string, m[2] as string)) throw new SqlError(`AlreadyExistsException: Table ${m[2]} already exists`);
    const partitioned = /PARTITIONED BY \(([^)]*)\)/i.exec(sql);
    const partitionKeys = (partitioned?.[1] ?? '').split(',').map((p) => /`([a-z_]+)`\s+(\w+)/i.exec(p.trim())).flatMap((x) => (x ? [{ Name: x[1] as string, Type: (x[2] as string).toLowerCase() }] : []));
    const parameters = Object.fromEntries([...sql.matchAll(/'([a-z.]+)'='([^']*)'/g)].map((x) => [x[1] as string, x[2] as string]));
    tables.push({ database: (m[1] as string).toLowerCase(), name: (m[2] as string).toLowerCase(), partitionKeys, parameters });
  }

  function execute(q: FakeQuery): void {
    try {
      if (/^\s*CREATE EXTERNAL TABLE/i.test(q.sql)) runCreateTable(q.sql);
      else runSelect(q, parseSelect(q.sql));
    } catch (err) {
      if (!(err instanceof SqlError)) throw err;
      q.failure = err.message;
    }
  }

  function startQueryExecution(req: FakeRequest): unknown {
    const input = req.input as { QueryString?: string; WorkGroup?: string; QueryExecutionContext?: { Database?: string }; ResultConfiguration?: { OutputLocation?: string } };
    if (!input.QueryString) throw new FakeAwsError('InvalidRequestException', 'QueryString is required');
    const workgroup = input.WorkGroup ?? 'primary';
    const outputLocation = input.ResultConfiguration?.OutputLocation ?? options.workgroupOutput?.[workgroup];
    if (!outputLocation) {
      throw new FakeAwsError('InvalidRequestException', 'No output location provided. An output location is required either through the Workgroup result configuration setting or as an API input.');
    }
    const id = randomUUID();
    const q: FakeQuery = { id, sql: input.QueryString, workgroup, outputLocation, states: ['QUEUED', 'RUNNING', 'SUCCEEDED'], step: -1, bytesScanned: 0, ...(input.QueryExecutionContext?.Database ? { database: input.QueryExecutionContext.Database } : {}) };
    execute(q);
    if (failNext !== undefined) {
      q.failure = failNext;
      failNext = undefined;
    }
    if (q.failure !== undefined) q.states = ['QUEUED', 'RUNNING', 'FAILED'];
    queries.set(id, q);
    return { QueryExecutionId: id };
  }

  const queryOf = (input: Record<string, unknown>): FakeQuery => {
    const q = queries.get(String(input.QueryExecutionId));
    if (!q) throw new FakeAwsError('InvalidRequestException', `QueryExecution ${String(input.QueryExecutionId)} was not found`);
    return q;
  };

  function getQueryExecution(req: FakeRequest): unknown {
    const q = queryOf(req.input);
    q.step = Math.min(q.step + 1, q.states.length - 1);
    const state = q.states[q.step] as string;
    const done = state === 'SUCCEEDED' || state === 'FAILED';
    return {
      QueryExecution: {
        QueryExecutionId: q.id,
        Query: q.sql,
        StatementType: /^\s*CREATE/i.test(q.sql) ? 'DDL' : 'DML',
        WorkGroup: q.workgroup,
        ResultConfiguration: { OutputLocation: `${q.outputLocation}${q.id}.csv` },
        Status: {
          State: state,
          SubmissionDateTime: new Date(),
          ...(state === 'FAILED' ? { StateChangeReason: q.failure, AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: q.failure } } : {}),
        },
        Statistics: { EngineExecutionTimeInMillis: done ? 1200 : 0, DataScannedInBytes: done ? q.bytesScanned : 0, TotalExecutionTimeInMillis: done ? 1500 : 0 },
      },
    };
  }

  function getQueryResults(req: FakeRequest): unknown {
    const q = queryOf(req.input);
    const state = q.states[Math.max(q.step, 0)];
    if (state !== 'SUCCEEDED') throw new FakeAwsError('InvalidRequestException', `Query has not yet finished. Current state: ${state}`);
    const max = req.input.MaxResults === undefined ? 1000 : Number(req.input.MaxResults);
    if (!Number.isInteger(max) || max < 1 || max > 1000) throw new FakeAwsError('InvalidRequestException', 'MaxResults must be between 1 and 1000');
    const all: (string | null)[][] = q.columns ? [q.columns, ...(q.rows ?? [])] : [];
    const offset = req.input.NextToken === undefined ? 0 : Number(Buffer.from(String(req.input.NextToken), 'base64').toString('utf8').split(':')[1]);
    const page = all.slice(offset, offset + max);
    return {
      UpdateCount: 0,
      ResultSet: {
        Rows: page.map((row) => ({ Data: row.map((v) => (v === null ? {} : { VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: (q.columns ?? []).map((Name) => ({ CatalogName: 'hive', Name, Label: Name, Type: 'varchar', Precision: 2147483647, Scale: 0, Nullable: 'UNKNOWN', CaseSensitive: true })) },
      },
      ...(offset + max < all.length ? { NextToken: Buffer.from(`${q.id}:${offset + max}`).toString('base64') } : {}),
    };
  }

  function getTableMetadata(req: FakeRequest): unknown {
    const t = findTable(String(req.input.DatabaseName), String(req.input.TableName));
    if (!t) throw new FakeAwsError('MetadataException', `EntityNotFoundException: Table ${String(req.input.TableName)} not found`);
    return { TableMetadata: { Name: t.name, TableType: 'EXTERNAL_TABLE', Columns: [], PartitionKeys: t.partitionKeys, Parameters: t.parameters } };
  }

  return {
    module: {
      service: 'athena',
      protocol: 'awsJson1_1',
      targetPrefix: 'AmazonAthena',
      handlers: { StartQueryExecution: startQueryExecution, GetQueryExecution: getQueryExecution, GetQueryResults: getQueryResults, GetTableMetadata: getTableMetadata },
    },
    addTable(database, name, o = {}) {
      tables.push({
        database,
        name,
        partitionKeys: o.partitionKeys ?? [{ Name: 'timestamp', Type: 'string' }],
        parameters: o.parameters ?? { 'projection.enabled': 'true', 'projection.timestamp.type': 'date', 'projection.timestamp.format': 'yyyy/MM/dd' },
      });
    },
    tables: () => [...tables],
    queries: () => [...queries.values()],
    failNextQuery(reason) {
      failNext = reason;
    },
  };
}
