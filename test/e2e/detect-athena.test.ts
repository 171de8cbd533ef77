/**
 * detect --source athena and --source lake, the built binary against the wire-level fake: the
 * fixture incident loaded into the fake's CloudTrail gives the same findings as reading its files.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createCloudTrail, type FakeCloudTrail } from '../fake-aws/services/cloudtrail.js';
import { createAthena, type FakeAthena } from '../fake-aws/services/athena.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { incidentRecords } from './incident-records.js';
import { runCli } from './run-cli.js';
import { incidentReport } from './incident-report.js';
import { AthenaTablePlanSchema } from '../../src/core/athena-table-plan.js';
import type { DetectReport } from '../../src/core/report.js';
import { queryFilter } from '../../src/core/classify/index.js';
import { wantedBy } from '../../src/core/classify/interest.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import { settledChanges } from '../support/audit-lines.js';

const STORE = '0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90';
const WINDOW = ['--since', '2026-11-26T00:00:00Z', '--until', '2026-11-28T23:59:59Z'];
const OUTPUT = ['--athena-output', 's3://athena-results-example/sm-ir/'];
// Each case spawns the binary (and polls the query at least twice): more than vitest's default 5 s on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

let fake: FakeAws;
let ct: FakeCloudTrail;
let athena: FakeAthena;
let fromFiles: DetectReport;

beforeAll(async () => {
  ct = createCloudTrail();
  athena = createAthena({ records: () => ct.records() });
  fake = await startFakeAws();
  fake.register(ct.module);
  fake.register(athena.module);
  fake.register(createEc2(fake.regions));
  ct.addRecords(incidentRecords());
  athena.addTable('default', 'cloudtrail_logs');
  ct.addEventDataStore(STORE);
  const files = await incidentReport();
  expect(files.code).toBe(0);
  fromFiles = JSON.parse(files.stdout) as DetectReport;
}, 60_000);

afterAll(async () => {
  expect(fake.handlerBugs).toEqual([]);
  await fake.close();
});

const json = (stdout: string): DetectReport => JSON.parse(stdout) as DetectReport;
const callsOf = (operation: string): number => fake.stats.calls.filter((c) => c.operation === operation).length;

describe('detect --source athena', () => {
  it('finds exactly what the files give, returning only the records the rules read; reports the scan', async () => {
    const r = await runCli(['detect', '--source', 'athena', '--athena-table', 'cloudtrail_logs', ...WINDOW, ...OUTPUT, '--endpoint-url', fake.url, '--output', 'json']);
    expect(r.stderr).toMatch(/Athena query [0-9a-f-]+ scanned [\d.]+ [KM]?B \(\$0\.\d{4} at \$5\/TB\) in [\d.]+ s/);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.findings.length).toBeGreaterThan(50);
    expect(report.findings).toEqual(fromFiles.findings);
    expect(report.principals).toEqual(fromFiles.principals);
    expect(report.incidents).toEqual(fromFiles.incidents);
    // The actors' timelines: one more query, for every event of their ARNs (issue 16 item 4).
    expect(report.activity).toEqual(fromFiles.activity);
    expect(report.activity?.length).toBe(3);
    // The detection query, then the actors' timelines' query (by their ARNs, every source).
    const [q, timelines] = athena.queries().slice(-2) as [ReturnType<typeof athena.queries>[number], ReturnType<typeof athena.queries>[number]];
    expect(timelines.sql).toContain('AND "useridentity"."arn" IN (\'arn:aws:iam::111122223333:user/ml-ci-deployer\', ');
    expect(timelines.sql).not.toContain('"eventsource" IN');
    expect(q.sql).toMatch(/"timestamp" BETWEEN '2026\/11\/26' AND '2026\/11\/29'/);
    expect(report.sources[0]).toMatchObject({ kind: 'athena', inputs: ['default.cloudtrail_logs'], scan: { engine: 'athena', queryId: q.id, bytesScanned: q.bytesScanned } });
    // Only the records some rule reads come back (a fraction of the archive).
    const wanted = ct.records().filter(wantedBy(queryFilter(loadPlaybook()))).length;
    expect(report.stats.recordsRead).toBe(wanted);
    expect(wanted).toBeLessThan(ct.records().length / 3);
  });

  it('prunes by day: a window on one day scans only that day and the next', async () => {
    const r = await runCli(['detect', '--source', 'athena', '--athena-table', 'cloudtrail_logs', '--since', '2026-11-20T00:00:00Z', '--until', '2026-11-25T00:00:00Z', ...OUTPUT, '--endpoint-url', fake.url, '--output', 'json']);
    expect(r.code).toBe(0);
    expect(json(r.stdout).findings).toEqual([]);
    expect(athena.queries().at(-1)!.bytesScanned).toBe(0);
  });

  it('a FAILED query exits 1 with Athena\'s reason', async () => {
    athena.failNextQuery('Access denied when writing output to url: s3://athena-results-example/sm-ir/');
    const r = await runCli(['detect', '--no-activity', '--source', 'athena', '--athena-table', 'cloudtrail_logs', ...WINDOW, ...OUTPUT, '--endpoint-url', fake.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Athena query [0-9a-f-]+ failed: Access denied when writing output/);
    expect(r.stderr).toMatch(/s3:PutObject/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('AccessDenied names the missing action', async () => {
    fake.faults.denyAccess({ operation: 'StartQueryExecution' });
    const r = await runCli(['detect', '--source', 'athena', '--athena-table', 'cloudtrail_logs', ...WINDOW, ...OUTPUT, '--endpoint-url', fake.url]);
    fake.faults.clear();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/athena:StartQueryExecution/);
  });

  it('without an output location (none on the workgroup either) says how to give one', async () => {
    const r = await runCli(['detect', '--source', 'athena', '--athena-table', 'cloudtrail_logs', ...WINDOW, '--endpoint-url', fake.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No output location provided[\s\S]*--athena-output s3:\/\//);
  });

  it('an unknown table fails before any query runs', async () => {
    const before = callsOf('StartQueryExecution');
    const r = await runCli(['detect', '--source', 'athena', '--athena-table', 'no_such_table', ...WINDOW, ...OUTPUT, '--endpoint-url', fake.url]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no_such_table not found/);
    expect(callsOf('StartQueryExecution')).toBe(before);
  });

  it.each([
    ['a table name with SQL in it', ['--athena-table', 'x" OR 1=1 --']],
  ])('refuses %s with exit 2 and no AWS call', async (_, flags) => {
    const before = fake.stats.calls.length;
    const r = await runCli(['detect', '--source', 'athena', ...WINDOW, ...flags, '--endpoint-url', fake.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fake.stats.calls.length).toBe(before);
  });
});

describe('detect --athena-create-table', () => {
  it('shows the plan, refuses without a TTY or --yes, then creates a table that detect can query', async () => {
    const args = ['detect', '--athena-create-table', '--trail-bucket', 's3://trail-bucket-example/AWSLogs/111122223333/', '--athena-table', 'sm_ir_trail', '--regions', 'us-east-1,eu-west-1', ...OUTPUT, '--endpoint-url', fake.url];
    const refused = await runCli(args);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/Plan: create table default\.sm_ir_trail/);
    expect(refused.stdout).toMatch(/'storage\.location\.template'='s3:\/\/trail-bucket-example\/AWSLogs\/111122223333\/CloudTrail\/\$\{region\}\/\$\{timestamp\}'/);
    expect(athena.tables().some((t) => t.name === 'sm_ir_trail')).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), 'sm-ir-athena-'));
    const audit = join(dir, 'audit.jsonl');
    const done = await runCli([...args, '--yes', '--audit-log', audit]);
    expect(done.code).toBe(0);
    const table = athena.tables().find((t) => t.name === 'sm_ir_trail')!;
    expect(table.partitionKeys.map((k) => k.Name)).toEqual(['region', 'timestamp']);
    expect(table.parameters['projection.timestamp.format']).toBe('yyyy/MM/dd');
    expect(table.parameters['projection.region.values']).toBe('eu-west-1,us-east-1');
    const lines = existsSync(audit) ? readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { operation: string; readOnly?: boolean; outcome: string }) : [];
    expect(settledChanges(lines)).toEqual([expect.objectContaining({ service: 'athena', operation: 'StartQueryExecution', outcome: 'ok' })]);
    expect(lines.find((l) => l.operation === 'GetTableMetadata')).toMatchObject({ readOnly: true, outcome: 'error' });

    const again = await runCli([...args, '--yes', '--audit-log', audit]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/exists; nothing to do/);

    const q = await runCli(['detect', '--no-activity', '--source', 'athena', '--athena-table', 'sm_ir_trail', ...WINDOW, ...OUTPUT, '--endpoint-url', fake.url, '--output', 'json']);
    expect(q.code).toBe(0);
    expect(json(q.stdout).findings).toEqual(fromFiles.findings);
  }, 30_000);

  it('sm-ir prepare athena-table: the same plan, confirmation and table; every call audited; detect\'s flag says it is deprecated', async () => {
    const args = ['prepare', 'athena-table', '--trail-bucket', 's3://trail-bucket-example/AWSLogs/111122223333/', '--athena-table', 'prepared_trail', '--regions', 'us-east-1', ...OUTPUT, '--endpoint-url', fake.url];
    const refused = await runCli(args);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout).toMatch(/Plan: create table default\.prepared_trail/);
    expect(refused.stderr).not.toMatch(/deprecated/);
    expect(athena.tables().some((t) => t.name === 'prepared_trail')).toBe(false);

    const audit = join(mkdtempSync(join(tmpdir(), 'sm-ir-athena-')), 'audit.jsonl');
    const done = await runCli([...args, '--yes', '--audit-log', audit]);
    expect(done.code, done.stderr).toBe(0);
    expect(athena.tables().some((t) => t.name === 'prepared_trail')).toBe(true);
    const lines = readFileSync(audit, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { command: string; operation: string; readOnly?: boolean; requestId: string | null; outcome: string });
    expect(settledChanges(lines).map((l) => l.operation)).toEqual(['StartQueryExecution']);
    expect(lines.filter((l) => l.readOnly === true).map((l) => l.operation)).toContain('GetQueryExecution');
    expect(lines.every((l) => l.command === 'prepare athena-table')).toBe(true);
    expect(settledChanges(lines).find((l) => l.operation === 'StartQueryExecution')?.requestId).toMatch(/\S/);

    const old = await runCli(['detect', '--athena-create-table', '--trail-bucket', 's3://trail-bucket-example/AWSLogs/111122223333/', '--athena-table', 'prepared_trail', '--regions', 'us-east-1', '--endpoint-url', fake.url, '--yes', '--audit-log', audit]);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stderr.split('\n').filter((l) => /deprecated/.test(l))).toEqual(['sm-ir: detect --athena-create-table is deprecated and goes in the next release: use sm-ir prepare athena-table (same options)']);
    expect(old.stderr).toMatch(/exists; nothing to do/);
  });

  it('plans an organization table as a documented JSON document; without --yes nothing runs', async () => {
    const before = callsOf('StartQueryExecution');
    const r = await runCli(['detect', '--athena-create-table', '--trail-bucket', 's3://trail-bucket-example/AWSLogs/o-exampleorgid/', '--accounts', '444455556666,111122223333', '--regions', 'us-east-1', '--athena-table', 'org_trail', '--endpoint-url', fake.url, '--output', 'json']);
    expect(r.code).toBe(2);
    const plan = AthenaTablePlanSchema.parse(JSON.parse(r.stdout));
    expect(plan).toMatchObject({ action: 'create table', table: 'default.org_trail', location: 's3://trail-bucket-example/AWSLogs/o-exampleorgid/', accounts: ['111122223333', '444455556666'] });
    expect(plan.statement).toContain("'storage.location.template'='s3://trail-bucket-example/AWSLogs/o-exampleorgid/${account}/CloudTrail/${region}/${timestamp}'");
    expect(callsOf('StartQueryExecution')).toBe(before);
  });

  it('an organization table prunes by account: --accounts reads only those accounts\' folders', async () => {
    const create = await runCli(['detect', '--athena-create-table', '--trail-bucket', 's3://trail-bucket-example/AWSLogs/o-exampleorgid/', '--accounts', '111122223333,444455556666', '--regions', 'us-east-1,eu-west-1', '--athena-table', 'org_trail_2', ...OUTPUT, '--endpoint-url', fake.url, '--yes', '--audit-log', join(mkdtempSync(join(tmpdir(), 'sm-ir-athena-')), 'audit.jsonl')]);
    expect(create.code).toBe(0);
    const query = (accounts: string) => runCli(['detect', '--no-activity', '--source', 'athena', '--athena-table', 'org_trail_2', '--accounts', accounts, '--regions', 'eu-west-1', ...WINDOW, ...OUTPUT, '--endpoint-url', fake.url, '--output', 'json']);
    const other = await query('444455556666');
    expect(other.code).toBe(0);
    expect(athena.queries().at(-1)!.sql).toContain(`AND "account" IN ('444455556666')\n  AND "region" IN ('eu-west-1', 'us-east-1')`);
    expect(json(other.stdout).findings).toEqual([]);
    expect(json(other.stdout).sources[0]?.scan?.bytesScanned).toBe(0);
    const own = await query('111122223333');
    expect(json(own.stdout).findings).toEqual(fromFiles.findings);
    expect(json(own.stdout).sources[0]?.scan?.bytesScanned).toBeGreaterThan(1_000_000);
  });

  it('an organization prefix needs the member accounts (exit 2, no call)', async () => {
    const before = fake.stats.calls.length;
    const r = await runCli(['detect', '--athena-create-table', '--trail-bucket', 's3://trail-bucket-example/AWSLogs/o-exampleorgid/', '--regions', 'us-east-1', '--endpoint-url', fake.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--accounts/);
    expect(fake.stats.calls.length).toBe(before);
  });
});

describe('detect --source lake', () => {
  it('finds exactly what the files give and reports the bytes scanned', async () => {
    const r = await runCli(['detect', '--source', 'lake', '--event-data-store', `arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/${STORE}`, ...WINDOW, '--endpoint-url', fake.url, '--output', 'json']);
    expect(r.stderr).toMatch(/CloudTrail Lake query [0-9a-f-]+ scanned [\d.]+ [KM]?B/);
    expect(r.code).toBe(0);
    const report = json(r.stdout);
    expect(report.findings).toEqual(fromFiles.findings);
    expect(report.principals).toEqual(fromFiles.principals);
    expect(report.incidents).toEqual(fromFiles.incidents);
    expect(report.activity).toEqual(fromFiles.activity);
    // The actors' timelines: one more query, for every event of their ARNs (issue 16 item 4).
    expect(report.activity).toEqual(fromFiles.activity);
    expect(report.activity?.length).toBe(3);
    expect(report.stats.recordsRead).toBe(ct.records().filter(wantedBy(queryFilter(loadPlaybook()))).length);
    expect(report.sources[0]?.scan?.bytesScanned).toBeGreaterThan(0);
  });

  it('a FAILED query exits 1 with its message; an unknown store is refused by the service', async () => {
    ct.failNextLakeQuery('Query exceeded the maximum number of events scanned.');
    const failed = await runCli(['detect', '--source', 'lake', '--event-data-store', STORE, ...WINDOW, '--endpoint-url', fake.url]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/CloudTrail Lake query [0-9a-f-]+ failed: Query exceeded/);
    const unknown = await runCli(['detect', '--source', 'lake', '--event-data-store', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', ...WINDOW, '--endpoint-url', fake.url]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/EventDataStoreNotFoundException|was not found/);
  });

  it('AccessDenied names cloudtrail:StartQuery; a malformed store id is exit 2 with no call', async () => {
    fake.faults.denyAccess({ operation: 'StartQuery' });
    const denied = await runCli(['detect', '--source', 'lake', '--event-data-store', STORE, ...WINDOW, '--endpoint-url', fake.url]);
    fake.faults.clear();
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/cloudtrail:StartQuery/);
    const before = fake.stats.calls.length;
    const bad = await runCli(['detect', '--source', 'lake', '--event-data-store', "x' OR '1'='1", ...WINDOW, '--endpoint-url', fake.url]);
    expect(bad.code).toBe(2);
    expect(fake.stats.calls.length).toBe(before);
  });
});
