import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/errors.js';
import { watchedSources } from '../../../../src/core/classify/index.js';
import { queryFilter } from '../../../../src/core/classify/index.js';
import { loadPlaybook } from '../../../../src/playbook/load.js';
import { buildAthenaQuery, checkDateFormat, partitionDays } from '../../../../src/sources/athena/sql.js';
import { buildCreateTable, parseTrailLocation } from '../../../../src/sources/athena/ddl.js';
import { buildLakeQuery, lakeTime, parseEventDataStore } from '../../../../src/sources/lake/sql.js';
import { quoteIdent, sqlString, validateName } from '../../../../src/sources/query/sql.js';
import { queryScope } from '../../../../src/commands/detect/query.js';

const pb = loadPlaybook();
const SOURCES = [...watchedSources(loadPlaybook())];
const FILTER = queryFilter(loadPlaybook());
const partition = { column: 'timestamp', format: 'yyyy/MM/dd' };
const athena = (start: string, end: string, more: Partial<Parameters<typeof buildAthenaQuery>[0]> = {}) =>
  buildAthenaQuery({ database: 'default', table: 'cloudtrail_logs', partition, window: { start: new Date(start), end: new Date(end) }, filter: FILTER, ...more });

describe('Athena query builder', () => {
  it('always bounds the partition and eventtime, for any window (randomised over 200 windows)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200; i++) {
      const start = Date.UTC(2024, 0, 1) + Math.floor(rand() * 3 * 365 * 86_400_000);
      const end = start + Math.floor(rand() * 40 * 86_400_000);
      const sql = athena(new Date(start).toISOString(), new Date(end).toISOString());
      const days = /"timestamp" BETWEEN '(\d{4}\/\d{2}\/\d{2})' AND '(\d{4}\/\d{2}\/\d{2})'/.exec(sql);
      const times = /"eventtime" >= '([^']+)' AND "eventtime" <= '([^']+)'/.exec(sql);
      expect(days, sql).not.toBeNull();
      expect(times, sql).not.toBeNull();
      // The partition range covers the window's first day through the day after its last.
      expect(days![1]).toBe(new Date(start).toISOString().slice(0, 10).replaceAll('-', '/'));
      expect(days![2]).toBe(new Date(Math.ceil(end / 1000) * 1000 + 86_400_000).toISOString().slice(0, 10).replaceAll('-', '/'));
      expect(Date.parse(times![1]!)).toBeLessThanOrEqual(start);
      expect(Date.parse(times![2]!)).toBeGreaterThanOrEqual(end);
    }
  });

  it.each([
    ['across a month end', '2026-10-31T22:00:00Z', '2026-11-01T02:00:00Z', '2026/10/31', '2026/11/02'],
    ['across a year end', '2026-12-31T23:00:00Z', '2026-12-31T23:30:00Z', '2026/12/31', '2027/01/01'],
    ['over a leap day', '2028-02-28T10:00:00Z', '2028-02-29T10:00:00Z', '2028/02/28', '2028/03/01'],
    ['on the last day of February', '2027-02-28T00:00:00Z', '2027-02-28T23:59:59Z', '2027/02/28', '2027/03/01'],
  ])('partition days %s', (_, start, end, from, to) => {
    expect(athena(start, end)).toContain(`"timestamp" BETWEEN '${from}' AND '${to}'`);
  });

  it('widens the time bound to whole seconds in CloudTrail\'s format, so string comparison keeps every event of the window', () => {
    const sql = athena('2026-11-27T08:00:00.500Z', '2026-11-27T09:00:00.200Z');
    expect(sql).toContain(`"eventtime" >= '2026-11-27T08:00:00Z' AND "eventtime" <= '2026-11-27T09:00:01Z'`);
  });

  it('selects only the classifier\'s columns (struct fields one by one), names quoted; asks for the watched sources from the playbook', () => {
    const sql = athena('2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z');
    expect(sql).toMatch(/^SELECT\n {2}"eventtime" AS "eventtime",/);
    expect(sql).toContain('"useridentity"."sessioncontext"."sessionissuer"."arn" AS "useridentity_sessioncontext_sessionissuer_arn"');
    expect(sql).toContain('json_format(CAST(transform("resources", r -> r."arn") AS JSON)) AS "resources"');
    expect(sql).not.toMatch(/CAST\("useridentity"/);
    expect(sql).toContain('FROM "default"."cloudtrail_logs"');
    expect(sql).not.toMatch(/SELECT \*|errormessage|additionaleventdata/);
    const named = [...sql.matchAll(/"eventsource" (?:IN \(([^)]*)\)|= ('[^']*'))/g)].flatMap((m) => (m[1] ?? m[2]!).split(', ').map((s) => s.slice(1, -1)));
    // Every watched source some rule reads events of (a source read only for its failed calls, such as STS, comes through the errorcode term).
    const read = FILTER.sources.filter((x) => x.names === '*' || x.names.length > 0).map((x) => x.source);
    expect(named.sort()).toEqual(read.sort());
    expect(read.length).toBeGreaterThanOrEqual(SOURCES.length - 1);
    // Failed calls on any service, for failed-call-burst (reconnaissance probes them all).
    expect(sql).toMatch(/\n {4}OR "errorcode" IN \('AccessDenied', /);
    expect(SOURCES).toContain('sagemaker.amazonaws.com');
    expect(SOURCES).not.toContain('metrics-sagemaker.amazonaws.com');
  });

  it('uses the table\'s own date partition column and format; refuses formats whose text order is not date order', () => {
    expect(athena('2026-11-27T00:00:00Z', '2026-11-27T01:00:00Z', { partition: { column: 'day', format: 'yyyy-MM-dd' } })).toContain(`"day" BETWEEN '2026-11-27' AND '2026-11-28'`);
    expect(() => checkDateFormat('dd/MM/yyyy', 'day')).toThrow(UsageError);
    expect(() => checkDateFormat('yyyy/MM/dd/HH', 'day')).toThrow(UsageError);
    expect(partitionDays(new Date('2026-01-31T12:00:00Z'), new Date('2026-01-31T12:00:00Z'), 'yyyyMMdd')).toEqual({ from: '20260131', to: '20260201' });
  });
});

describe('--accounts and --regions', () => {
  it('prune on the table\'s account and region partitions when it has them, else filter the columns', () => {
    const scope = { accounts: ['444455556666', '111122223333'], regions: ['eu-west-1'] };
    const partitioned = athena('2026-11-27T00:00:00Z', '2026-11-27T01:00:00Z', { scope, partitionKeys: ['account', 'region', 'timestamp'] });
    expect(partitioned).toContain(`AND "account" IN ('111122223333', '444455556666')\n  AND "region" IN ('eu-west-1')`);
    const plain = athena('2026-11-27T00:00:00Z', '2026-11-27T01:00:00Z', { scope, partitionKeys: ['timestamp'] });
    expect(plain).toContain(`AND "recipientaccountid" IN ('111122223333', '444455556666')\n  AND "awsregion" IN ('eu-west-1')`);
    const lake = buildLakeQuery({ store: { id: '0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90' }, window: { start: new Date(), end: new Date() }, filter: FILTER, scope });
    expect(lake).toContain(`AND recipientAccountId IN ('111122223333', '444455556666')\n  AND awsRegion IN ('eu-west-1')`);
  });

  it('--regions always keeps us-east-1, where IAM is recorded; bad accounts and regions are usage errors', () => {
    expect(queryScope({ regions: 'eu-west-1,eu-west-1' }, pb)).toEqual({ regions: ['eu-west-1', 'us-east-1'] });
    expect(queryScope({ regions: 'all', accounts: '111122223333' }, pb)).toEqual({ accounts: ['111122223333'] });
    expect(queryScope({}, pb)).toEqual({});
    expect(() => queryScope({ accounts: "1111'22223333" }, pb)).toThrow(UsageError);
    expect(() => queryScope({ regions: "eu-west-1' OR 1=1" }, pb)).toThrow(UsageError);
  });
});

describe('the actors\' timelines query (detect\'s activity pass)', () => {
  const actors = { arns: ["arn:aws:iam::111122223333:user/o'brien", 'arn:aws:iam::111122223333:user/ci'], accessKeyIds: ['AKIAIOSFODNN7EXAMPLE'] };
  it('selects every record of the actors, whatever its source, instead of the records rules read', () => {
    const sql = athena('2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z', { actors });
    expect(sql).toContain(`AND ("useridentity"."arn" IN ('arn:aws:iam::111122223333:user/ci', 'arn:aws:iam::111122223333:user/o''brien')\n    OR "useridentity"."accesskeyid" IN ('AKIAIOSFODNN7EXAMPLE'))`);
    expect(sql).not.toContain('"eventsource" IN');
    const lake = buildLakeQuery({ store: { id: '0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90' }, window: { start: new Date(), end: new Date() }, filter: FILTER, actors: { arns: actors.arns, accessKeyIds: [] } });
    expect(lake).toContain(`AND userIdentity.arn IN ('arn:aws:iam::111122223333:user/ci', 'arn:aws:iam::111122223333:user/o''brien')`);
    expect(lake).not.toContain('eventSource IN');
  });
});

describe('names and values from users', () => {
  it.each(['x" OR 1=1 --', "d'b", 'a.b', 'tab le', '', 'x;DROP TABLE y', '"quoted"', 'a'.repeat(256)])('rejects %j as a table or database name', (name) => {
    expect(() => validateName(name, '--athena-table')).toThrow(UsageError);
  });

  it('accepts Glue names and lower-cases them', () => {
    expect(validateName('CloudTrail_Logs_2026', '--athena-table')).toBe('cloudtrail_logs_2026');
  });

  it('escapes string literals and identifiers, and refuses control characters', () => {
    expect(sqlString("it's")).toBe("'it''s'");
    expect(sqlString("' OR '1'='1")).toBe("''' OR ''1''=''1'");
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(() => sqlString('a\nb')).toThrow(UsageError);
  });
});

describe('CloudTrail Lake query builder', () => {
  const store = { id: '0d9ac2e4-6b7f-4b5f-9d1c-2f7c1a6b8e90' };
  it('bounds eventTime with Lake literals, lists the watched sources, selects the same columns', () => {
    const sql = buildLakeQuery({ store, window: { start: new Date('2026-10-31T23:59:59.900Z'), end: new Date('2026-11-01T00:00:00.100Z') }, filter: FILTER });
    expect(sql).toContain(`FROM ${store.id}\nWHERE eventTime >= '2026-10-31 23:59:59' AND eventTime <= '2026-11-01 00:00:01'`);
    expect(sql).toContain('json_format(CAST(requestParameters AS JSON)) AS requestparameters');
    expect(sql).toContain('userIdentity.sessionContext.sessionIssuer.arn AS useridentity_sessioncontext_sessionissuer_arn');
    expect(sql).toMatch(/AND \(eventSource IN \('sagemaker\.amazonaws\.com'\)\n {4}OR \(eventSource = 'cloudtrail\.amazonaws\.com' AND eventName IN \(/);
    expect(sql).toMatch(/\n {4}OR errorCode IN \('AccessDenied', /);
    expect(sql).toMatch(/OR errorCode IN \('AccessDenied', /);
    expect(lakeTime(new Date('2026-02-03T04:05:06Z'))).toBe('2026-02-03 04:05:06');
  });

  it('reads ids and ARNs, takes the region from an ARN, and refuses anything else', () => {
    expect(parseEventDataStore(store.id)).toEqual(store);
    expect(parseEventDataStore(`arn:aws:cloudtrail:eu-west-1:111122223333:eventdatastore/${store.id}`)).toEqual({ ...store, region: 'eu-west-1' });
    for (const bad of [`${store.id}; DROP`, "x' OR '1'='1", 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/t', store.id.toUpperCase()]) {
      expect(() => parseEventDataStore(bad)).toThrow(UsageError);
    }
    expect(() => buildLakeQuery({ store: { id: 'abc OR 1=1' }, window: { start: new Date(), end: new Date() }, filter: FILTER })).toThrow(UsageError);
  });
});

describe('CloudTrail table DDL', () => {
  it('reads account and organization prefixes (with a custom prefix) and refuses others', () => {
    expect(parseTrailLocation('s3://trail-bucket/AWSLogs/111122223333/')).toEqual({ bucket: 'trail-bucket', prefix: 'AWSLogs/111122223333/', accountId: '111122223333' });
    expect(parseTrailLocation('s3://trail-bucket/org/AWSLogs/o-exampleorgid')).toEqual({ bucket: 'trail-bucket', prefix: 'org/AWSLogs/o-exampleorgid/', organizationId: 'o-exampleorgid' });
    for (const bad of ['s3://trail-bucket/', 'trail-bucket/AWSLogs/111122223333/', "s3://trail-bucket/x'/AWSLogs/111122223333/", 's3://Trail/AWSLogs/111122223333/', 's3://trail-bucket/AWSLogs/1234/']) {
      expect(() => parseTrailLocation(bad), bad).toThrow(UsageError);
    }
  });

  it('projects account, region and day for an organization trail, as AWS documents the date projection', () => {
    const ddl = buildCreateTable({
      database: 'default',
      table: 'cloudtrail_logs',
      location: parseTrailLocation('s3://trail-bucket/AWSLogs/o-exampleorgid/'),
      regions: ['us-east-1', 'eu-west-1'],
      accounts: ['444455556666', '111122223333'],
      since: '2013/11/01',
    });
    expect(ddl).toMatch(/^CREATE EXTERNAL TABLE `default`\.`cloudtrail_logs` \(/);
    expect(ddl).toContain('PARTITIONED BY (`account` STRING, `region` STRING, `timestamp` STRING)');
    expect(ddl).toContain("'projection.account.values'='111122223333,444455556666'");
    expect(ddl).toContain("'projection.region.values'='eu-west-1,us-east-1'");
    expect(ddl).toContain("'projection.timestamp.format'='yyyy/MM/dd'");
    expect(ddl).toContain("'projection.timestamp.range'='2013/11/01,NOW'");
    expect(ddl).toContain("'storage.location.template'='s3://trail-bucket/AWSLogs/o-exampleorgid/${account}/CloudTrail/${region}/${timestamp}'");
    expect(ddl).toContain("STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'");
    expect(ddl).toContain('requestparameters STRING');
  });

  it('refuses an organization table without valid accounts, and bad regions', () => {
    const location = parseTrailLocation('s3://trail-bucket/AWSLogs/o-exampleorgid/');
    const base = { database: 'default', table: 't', location, regions: ['us-east-1'], since: '2013/11/01' };
    expect(() => buildCreateTable(base)).toThrow(/--accounts/);
    expect(() => buildCreateTable({ ...base, accounts: ["1111'22223333"] })).toThrow(UsageError);
    expect(() => buildCreateTable({ ...base, accounts: ['111122223333'], regions: ["us-east-1'"] })).toThrow(UsageError);
  });
});
