import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetTableMetadataCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type Row,
} from '@aws-sdk/client-athena';
import {
  CloudTrailClient,
  DescribeQueryCommand,
  GetQueryResultsCommand as LakeResultsCommand,
  StartQueryCommand,
  CancelQueryCommand,
} from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../../src/core/cloudtrail.js';
import { AwsCallError, InterruptedError, SmIrError, UsageError } from '../../../../src/errors.js';
import { createAthenaSource, datePartitionOf, ATHENA_MINIMUM_BILLED_BYTES } from '../../../../src/sources/athena/index.js';
import { createLakeSource } from '../../../../src/sources/lake/index.js';
import { columnName, QUERY_COLUMNS } from '../../../../src/sources/query/columns.js';
import { pollUntil } from '../../../../src/sources/query/poll.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const athena = mockClient(AthenaClient);
const ct = mockClient(CloudTrailClient);
beforeEach(() => {
  athena.reset();
  ct.reset();
});

const aws = { endpointUrl: 'http://127.0.0.1:9', maxAttempts: 1 };
const window = { start: new Date('2026-11-27T00:00:00Z'), end: new Date('2026-11-28T00:00:00Z') };
const poll = { initialDelayMs: 0, sleep: async () => undefined };
const collect = async (it: AsyncIterable<CloudTrailRecord>) => {
  const out: CloudTrailRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

const header: Row = { Data: QUERY_COLUMNS.map((c) => ({ VarCharValue: columnName(c) })) };
const dataRow = (i: number): Row => ({
  Data: QUERY_COLUMNS.map((c) => {
    const v: Record<string, string> = { eventtime: `2026-11-27T08:00:0${i}Z`, eventsource: 'sagemaker.amazonaws.com', eventname: 'CreateNotebookInstance', eventid: `e${i}` };
    return v[columnName(c)] === undefined ? {} : { VarCharValue: v[columnName(c)] };
  }),
});
const accessDenied = Object.assign(new Error('User is not authorized to perform: athena:StartQueryExecution'), { name: 'AccessDeniedException', $metadata: {} });

function athenaSource() {
  return createAthenaSource({ region: 'eu-west-1', aws, database: 'default', table: 'cloudtrail_logs', workgroup: 'ir', outputLocation: 's3://results/x/', window, filter: { sources: [{ source: 'sagemaker.amazonaws.com', names: '*' }], errorCodes: [] }, poll });
}

describe('Athena source', () => {
  beforeEach(() => {
    athena.on(GetTableMetadataCommand).resolves({ TableMetadata: { Name: 'cloudtrail_logs', PartitionKeys: [{ Name: 'region', Type: 'string' }, { Name: 'timestamp', Type: 'string' }], Parameters: { 'projection.timestamp.type': 'date', 'projection.timestamp.format': 'yyyy/MM/dd' } } });
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  });

  it('starts the query in the workgroup and output location, polls QUEUED -> RUNNING -> SUCCEEDED, pages results skipping the header once', async () => {
    const states = ['QUEUED', 'RUNNING', 'SUCCEEDED'];
    let n = 0;
    athena.on(GetQueryExecutionCommand).callsFake(async () => ({
      QueryExecution: { QueryExecutionId: 'q-1', Status: { State: states[Math.min(n++, 2)] }, Statistics: { DataScannedInBytes: 123_456_789 } },
    }));
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', MaxResults: 1000 }).resolves({ ResultSet: { Rows: [header, dataRow(1), dataRow(2)] }, NextToken: 't2' });
    athena.on(GetQueryResultsCommand, { QueryExecutionId: 'q-1', MaxResults: 1000, NextToken: 't2' }).resolves({ ResultSet: { Rows: [dataRow(3)] } });
    const source = athenaSource();
    const got = await collect(source.records());
    expect(got.map((r) => r.eventID)).toEqual(['e1', 'e2', 'e3']);
    expect(n).toBe(3);
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(start).toMatchObject({ WorkGroup: 'ir', ResultConfiguration: { OutputLocation: 's3://results/x/' }, QueryExecutionContext: { Catalog: 'AwsDataCatalog', Database: 'default' } });
    expect(start.QueryString).toContain(`"timestamp" BETWEEN '2026/11/27' AND '2026/11/29'`);
    expect(source.stats).toMatchObject({ unitsRead: 2, recordsRead: 3 });
    expect(source.scan?.()).toMatchObject({ engine: 'athena', queryId: 'q-1', bytesScanned: 123_456_789, costUsd: (123_456_789 / 1e12) * 5 });
  });

  it('bills at least 10 MB', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' }, Statistics: { DataScannedInBytes: 10 } } });
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [header] } });
    const source = athenaSource();
    expect(await collect(source.records())).toEqual([]);
    expect(source.scan?.()?.costUsd).toBe((ATHENA_MINIMUM_BILLED_BYTES / 1e12) * 5);
  });

  it('a FAILED query throws with Athena\'s reason and names the S3 permissions when access was denied', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'FAILED', StateChangeReason: 'Access Denied (Service: Amazon S3; Status Code: 403)', AthenaError: { ErrorMessage: 'Access Denied (Service: Amazon S3; Status Code: 403)' } } } });
    const err = await collect(athenaSource().records()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmIrError);
    expect((err as SmIrError).message).toBe('Athena query q-1 failed: Access Denied (Service: Amazon S3; Status Code: 403)');
    expect((err as SmIrError).hint).toMatch(/s3:GetObject/);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('AccessDenied on StartQueryExecution names the action', async () => {
    athena.on(StartQueryExecutionCommand).rejects(accessDenied);
    const err = await collect(athenaSource().records()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect((err as AwsCallError).hint).toMatch(/athena:StartQueryExecution/);
  });

  it('Ctrl-C while the query runs stops it in Athena (it would go on billing) and ends with InterruptedError', async () => {
    athena.on(GetQueryExecutionCommand).callsFake(async () => {
      process.emit('SIGINT');
      return { QueryExecution: { Status: { State: 'RUNNING' } } };
    });
    athena.on(StopQueryExecutionCommand).resolves({});
    const err = await collect(athenaSource().records()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]!.args[0].input).toEqual({ QueryExecutionId: 'q-1' });
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('finds the date partition: projected date, else `timestamp`, else refuses', () => {
    expect(datePartitionOf({ Name: 't', PartitionKeys: [{ Name: 'dt' }], Parameters: { 'projection.dt.type': 'date', 'projection.dt.format': 'yyyy-MM-dd' } }, 't')).toEqual({ column: 'dt', format: 'yyyy-MM-dd' });
    expect(datePartitionOf({ Name: 't', PartitionKeys: [{ Name: 'timestamp' }] }, 't')).toEqual({ column: 'timestamp', format: 'yyyy/MM/dd' });
    expect(() => datePartitionOf({ Name: 't', PartitionKeys: [] }, 't')).toThrow(UsageError);
  });
});

describe('CloudTrail Lake source', () => {
  const store = { id: '0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90' };
  const lakeSource = () => createLakeSource({ region: 'us-east-1', aws, store, input: store.id, window, filter: { sources: [{ source: 'sagemaker.amazonaws.com', names: '*' }], errorCodes: [] }, poll });

  it('starts the query, polls to FINISHED, pages single-key-object rows', async () => {
    ct.on(StartQueryCommand).resolves({ QueryId: 'lq-1' });
    ct.on(DescribeQueryCommand).resolvesOnce({ QueryStatus: 'QUEUED' }).resolvesOnce({ QueryStatus: 'RUNNING' }).resolves({ QueryStatus: 'FINISHED', QueryStatistics: { BytesScanned: 2_000_000_000 } });
    const row = (i: number): Record<string, string>[] => [{ eventtime: `2026-11-27 08:00:0${i}.000` }, { eventsource: 'sagemaker.amazonaws.com' }, { eventname: 'CreateNotebookInstance' }, { eventid: `e${i}` }];
    ct.on(LakeResultsCommand, { QueryId: 'lq-1', MaxQueryResults: 1000 }).resolves({ QueryResultRows: [row(1)], NextToken: 'n' });
    ct.on(LakeResultsCommand, { QueryId: 'lq-1', MaxQueryResults: 1000, NextToken: 'n' }).resolves({ QueryResultRows: [row(2)] });
    const source = lakeSource();
    const got = await collect(source.records());
    expect(got.map((r) => [r.eventTime, r.eventID])).toEqual([['2026-11-27T08:00:01Z', 'e1'], ['2026-11-27T08:00:02Z', 'e2']]);
    expect(ct.commandCalls(DescribeQueryCommand)).toHaveLength(3);
    expect(ct.commandCalls(StartQueryCommand)[0]!.args[0].input.QueryStatement).toContain(`FROM ${store.id}\nWHERE eventTime >= '2026-11-27 00:00:00'`);
    expect(source.scan?.()).toMatchObject({ engine: 'lake', queryId: 'lq-1', bytesScanned: 2_000_000_000, costUsd: 0.01 });
  });

  it('FAILED and TIMED_OUT end with the query\'s message', async () => {
    ct.on(StartQueryCommand).resolves({ QueryId: 'lq-2' });
    ct.on(DescribeQueryCommand).resolves({ QueryStatus: 'TIMED_OUT', ErrorMessage: 'Query timed out.' });
    await expect(collect(lakeSource().records())).rejects.toThrow('CloudTrail Lake query lq-2 ended TIMED_OUT: Query timed out.');
  });

  it('Ctrl-C while the query runs cancels it in Lake', async () => {
    ct.on(StartQueryCommand).resolves({ QueryId: 'lq-3' });
    ct.on(DescribeQueryCommand).callsFake(async () => {
      process.emit('SIGINT');
      return { QueryStatus: 'RUNNING' };
    });
    ct.on(CancelQueryCommand).resolves({ QueryId: 'lq-3', QueryStatus: 'CANCELLED' });
    await expect(collect(lakeSource().records())).rejects.toBeInstanceOf(InterruptedError);
    expect(ct.commandCalls(CancelQueryCommand)[0]!.args[0].input).toEqual({ QueryId: 'lq-3' });
  });

  it('AccessDenied names cloudtrail:StartQuery', async () => {
    ct.on(StartQueryCommand).rejects(accessDenied);
    const err = await collect(lakeSource().records()).catch((e: unknown) => e);
    expect((err as AwsCallError).hint).toMatch(/cloudtrail:StartQuery/);
  });
});

describe('polling', () => {
  it('backs off 250 ms, 500 ms, 1 s ... capped at 5 s, and gives up at the timeout', async () => {
    const waits: number[] = [];
    let n = 0;
    const answer = await pollUntil(async () => (++n === 8 ? 'done' : undefined), { sleep: async (ms) => void waits.push(ms) }, () => new Error('timeout'));
    expect(answer).toBe('done');
    expect(waits).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000]);
    await expect(pollUntil(async () => undefined, { timeoutMs: 0, sleep: async () => undefined }, () => new Error('gave up'))).rejects.toThrow('gave up');
  });
});
