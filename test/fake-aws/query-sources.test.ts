/**
 * The Athena and CloudTrail Lake sources against the wire-level fake with the real SDK: result paging
 * across pages (Athena's header counted in the first page's 1,000 rows), NULLs, the row formats, and
 * pruning by day visible in the bytes scanned.
 */
import { AthenaClient, GetQueryResultsCommand, StartQueryExecutionCommand, GetQueryExecutionCommand } from '@aws-sdk/client-athena';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { createAthenaSource } from '../../src/sources/athena/index.js';
import { createLakeSource } from '../../src/sources/lake/index.js';
import { clientConfig, record } from './helpers.js';
import { useExampleCredentials } from './scenario.js';
import { startFakeAws, type FakeAws } from './server.js';
import { createAthena, type FakeAthena } from './services/athena.js';
import { createCloudTrail, type FakeCloudTrail } from './services/cloudtrail.js';

const STORE = '0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90';
const filter = { sources: [{ source: 'sagemaker.amazonaws.com', names: '*' as const }], errorCodes: [] };
const poll = { initialDelayMs: 1 };
const collect = async (it: AsyncIterable<CloudTrailRecord>) => {
  const out: CloudTrailRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

let restoreEnv: () => void;
let fake: FakeAws;
let ct: FakeCloudTrail;
let athena: FakeAthena;
const records: CloudTrailRecord[] = [];

beforeAll(async () => {
  restoreEnv = useExampleCredentials();
  ct = createCloudTrail();
  athena = createAthena({ records: () => ct.records() });
  fake = await startFakeAws({ modules: [ct.module, athena.module] });
  // 2,500 SageMaker events on 2026-11-27 (one with no caller and no request), 400 on 2026-11-10 outside the window.
  for (let i = 0; i < 2500; i++) {
    const eventTime = new Date(Date.UTC(2026, 10, 27, 0, 0, 0) + i * 30_000).toISOString().replace('.000', '');
    records.push(i === 7 ? { ...record({ eventTime }), userIdentity: undefined, requestParameters: null } : record({ eventTime }));
  }
  for (let i = 0; i < 400; i++) records.push(record({ eventTime: `2026-11-10T10:${String(i % 60).padStart(2, '0')}:00Z` }));
  ct.addRecords(records);
  athena.addTable('default', 'cloudtrail_logs');
  ct.addEventDataStore(STORE);
});
afterEach(() => expect(fake.handlerBugs).toEqual([]));
afterAll(async () => {
  await fake.close();
  restoreEnv();
});

const window = { start: new Date('2026-11-27T00:00:00Z'), end: new Date('2026-11-27T23:59:59Z') };
const inWindow = () => records.filter((r) => r.eventTime.startsWith('2026-11-27'));
const strip = (r: CloudTrailRecord) => ({ eventTime: r.eventTime, eventID: r.eventID, arn: r.userIdentity?.arn, request: r.requestParameters ?? null });

describe('Athena source through the fake', () => {
  it('pages 2,500 rows over 3 pages and reads each back as it was; the scan covers only the window days', async () => {
    const source = createAthenaSource({ region: 'us-east-1', aws: { endpointUrl: fake.url }, database: 'default', table: 'cloudtrail_logs', outputLocation: 's3://results-example/', window, filter, poll });
    const got = await collect(source.records());
    expect(got.map(strip).sort((a, b) => a.eventTime.localeCompare(b.eventTime))).toEqual(inWindow().map(strip));
    expect(got.find((r) => r.eventID === records[7]!.eventID)).not.toHaveProperty('userIdentity');
    expect(source.stats.unitsRead).toBe(3); // 1 header + 2,500 rows = 2,501 rows: 1,000 + 1,000 + 501
    const q = athena.queries().at(-1)!;
    const bytes = (rs: CloudTrailRecord[]) => rs.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0);
    expect(q.bytesScanned).toBe(bytes(inWindow()));
    expect(source.scan?.()?.bytesScanned).toBe(q.bytesScanned);
  });

  it('serves the real row format: header first, NULL as a datum without VarCharValue, no results before SUCCEEDED', async () => {
    const client = new AthenaClient(clientConfig(fake.url, 'us-east-1'));
    const { QueryExecutionId } = await client.send(
      new StartQueryExecutionCommand({ QueryString: `SELECT "eventid" AS "eventid", "errorcode" AS "errorcode" FROM "default"."cloudtrail_logs" WHERE "timestamp" BETWEEN '2026/11/10' AND '2026/11/10'`, ResultConfiguration: { OutputLocation: 's3://results-example/' } }),
    );
    await expect(client.send(new GetQueryResultsCommand({ QueryExecutionId }))).rejects.toThrow(/not yet finished/);
    const states: string[] = [];
    for (let i = 0; i < 3; i++) states.push((await client.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution!.Status!.State!);
    expect(states).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED']);
    const page = await client.send(new GetQueryResultsCommand({ QueryExecutionId, MaxResults: 2 }));
    expect(page.ResultSet!.Rows![0]).toEqual({ Data: [{ VarCharValue: 'eventid' }, { VarCharValue: 'errorcode' }] });
    expect(page.ResultSet!.Rows![1]!.Data![1]).toEqual({});
    expect(page.NextToken).toBeDefined();
    client.destroy();
  });

  it('answers a SELECT * or an unknown column with a failed query, as Athena does', async () => {
    const client = new AthenaClient(clientConfig(fake.url, 'us-east-1'));
    const { QueryExecutionId } = await client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT "nope" AS "nope" FROM "default"."cloudtrail_logs"', ResultConfiguration: { OutputLocation: 's3://results-example/' } }));
    let state;
    for (let i = 0; i < 3; i++) state = (await client.send(new GetQueryExecutionCommand({ QueryExecutionId }))).QueryExecution!.Status;
    expect(state).toMatchObject({ State: 'FAILED', StateChangeReason: expect.stringMatching(/COLUMN_NOT_FOUND/) });
    await expect(client.send(new StartQueryExecutionCommand({ QueryString: 'SELECT 1' }))).rejects.toThrow(/No output location/);
    client.destroy();
  });
});

describe('CloudTrail Lake source through the fake', () => {
  it('pages 2,500 rows of single-key objects over 3 pages and reads each back; scans only the time range', async () => {
    const source = createLakeSource({ region: 'us-east-1', aws: { endpointUrl: fake.url }, store: { id: STORE }, input: STORE, window, filter, poll });
    const got = await collect(source.records());
    expect(got.map(strip).sort((a, b) => a.eventTime.localeCompare(b.eventTime))).toEqual(inWindow().map(strip));
    expect(source.stats.unitsRead).toBe(3);
    expect(source.scan?.()?.bytesScanned).toBe(inWindow().reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)), 0));
  });
});
