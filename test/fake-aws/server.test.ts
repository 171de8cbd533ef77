import { CloudTrailClient, LookupEventsCommand, paginateLookupEvents, type Event, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, ListRolesCommand, TagRoleCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT, clientConfig, record } from './helpers.js';
import { defaultRegions } from './regions.js';
import { startFakeAws, type FakeAws } from './server.js';
import { createCloudTrail, type FakeCloudTrail } from './services/cloudtrail.js';
import { createEc2 } from './services/ec2.js';
import { createSts } from './services/sts.js';
import type { FakeRequest } from './types.js';

const NOW = Date.now();
const iso = (msAgo: number) => new Date(NOW - msAgo).toISOString();

let fake: FakeAws;
let ct: FakeCloudTrail;

beforeEach(async () => {
  ct = createCloudTrail();
  const regions = defaultRegions();
  fake = await startFakeAws({ modules: [ct.module, createSts(), createEc2(regions)], regions });
});
afterEach(async () => {
  expect(fake.handlerBugs).toEqual([]);
  await fake.close();
});

// Enough attempts that a few calls in a row get through the fake's 2/s limit.
const cloudtrail = (region = 'us-east-1', maxAttempts = 8) => new CloudTrailClient(clientConfig(fake.url, region, maxAttempts));

describe('CloudTrail LookupEvents', () => {
  it('serves Event objects the SDK parses, newest first, with the record as CloudTrailEvent', async () => {
    ct.addRecords([record({ eventTime: iso(3_600_000), eventID: 'old' }), record({ eventTime: iso(60_000), eventID: 'new' })]);
    const out = await cloudtrail().send(new LookupEventsCommand({}));
    expect(out.Events?.map((e) => e.EventId)).toEqual(['new', 'old']);
    const e = out.Events?.[0] as Event;
    expect(e.EventTime).toBeInstanceOf(Date);
    expect(Math.abs((e.EventTime as Date).getTime() - (NOW - 60_000))).toBeLessThan(1000);
    expect(e).toMatchObject({ EventSource: 'sagemaker.amazonaws.com', Username: 'alice', ReadOnly: 'false', AccessKeyId: 'ASIAIOSFODNN7EXAMPLE' });
    expect(JSON.parse(e.CloudTrailEvent as string)).toMatchObject({ eventID: 'new', recipientAccountId: ACCOUNT });
    expect(out.NextToken).toBeUndefined();
  });

  it('filters by one attribute, by region and by StartTime/EndTime, and keeps 90 days', async () => {
    ct.addRecords([
      record({ eventTime: iso(1_000), eventID: 'a' }),
      record({ eventTime: iso(2_000), eventID: 'b', eventSource: 'iam.amazonaws.com', eventName: 'AttachRolePolicy' }),
      record({ eventTime: iso(3_000), eventID: 'c', awsRegion: 'eu-west-1' }),
      record({ eventTime: iso(10 * 86_400_000), eventID: 'd' }),
      record({ eventTime: iso(91 * 86_400_000), eventID: 'expired' }),
    ]);
    const ids = async (input: LookupEventsCommandInput, region?: string) =>
      (await cloudtrail(region).send(new LookupEventsCommand(input))).Events?.map((e) => e.EventId);
    const sagemaker = [{ AttributeKey: 'EventSource' as const, AttributeValue: 'sagemaker.amazonaws.com' }];
    expect(await ids({ LookupAttributes: sagemaker })).toEqual(['a', 'd']);
    expect(await ids({ LookupAttributes: sagemaker }, 'eu-west-1')).toEqual(['c']);
    expect(await ids({ LookupAttributes: sagemaker, StartTime: new Date(NOW - 5_000) })).toEqual(['a']);
    expect(await ids({ EndTime: new Date(NOW - 1_500), StartTime: new Date(NOW - 100 * 86_400_000) })).toEqual(['b', 'd']);
  });

  it('rejects two lookup attributes and MaxResults over 50 with the real exceptions', async () => {
    const client = cloudtrail();
    await expect(
      client.send(new LookupEventsCommand({
        LookupAttributes: [
          { AttributeKey: 'EventSource', AttributeValue: 'sagemaker.amazonaws.com' },
          { AttributeKey: 'EventName', AttributeValue: 'CreateNotebookInstance' },
        ],
      })),
    ).rejects.toMatchObject({ name: 'InvalidLookupAttributesException', $metadata: { httpStatusCode: 400 } });
    await expect(client.send(new LookupEventsCommand({ MaxResults: 51 }))).rejects.toMatchObject({ name: 'InvalidMaxResultsException' });
  });

  it('pages 50 at a time through the SDK paginator, and refuses a NextToken reused with other parameters', async () => {
    ct.addRecords(Array.from({ length: 120 }, (_, i) => record({ eventTime: iso(i * 1000 + 1000) })));
    // Five calls in a row: the SDK's retries absorb the 2/s limit.
    const client = cloudtrail('us-east-1', 8);
    const pages: number[] = [];
    const params = { StartTime: new Date(NOW - 86_400_000), EndTime: new Date(NOW) };
    // The paginator writes NextToken into the input it is given: hand it a copy.
    for await (const page of paginateLookupEvents({ client }, { ...params })) pages.push(page.Events?.length ?? 0);
    expect(pages).toEqual([50, 50, 20]);
    const first = await client.send(new LookupEventsCommand(params));
    await expect(
      client.send(new LookupEventsCommand({ ...params, StartTime: new Date(NOW - 3_600_000), NextToken: first.NextToken })),
    ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
  });
});

describe('protocol core', () => {
  it('rejects an unsigned request with MissingAuthenticationTokenException', async () => {
    const res = await fetch(fake.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'CloudTrail_20131101.LookupEvents' },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
    expect(fake.stats.count()).toBe(0);
  });

  it('throttles past 2 LookupEvents per second per region, counts it, and the SDK retries through it', async () => {
    const client = cloudtrail('us-east-1', 1);
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => client.send(new LookupEventsCommand({}))));
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    expect(rejected.map((r) => (r.reason as Error).name)).toEqual(['ThrottlingException', 'ThrottlingException', 'ThrottlingException']);
    expect(fake.stats.throttles({ operation: 'LookupEvents', region: 'us-east-1' })).toBe(3);
    // Another region has its own budget.
    await expect(cloudtrail('eu-west-1', 1).send(new LookupEventsCommand({}))).resolves.toBeDefined();

    fake.faults.throttle({ operation: 'LookupEvents', region: 'eu-west-2' }, 2);
    await expect(cloudtrail('eu-west-2', 3).send(new LookupEventsCommand({}))).resolves.toBeDefined();
    expect(fake.stats.count({ region: 'eu-west-2' })).toBe(3);
    expect(fake.stats.throttles({ region: 'eu-west-2' })).toBe(2);
  });

  it('retries 500 InternalFailure and dropped connections; reports AccessDenied for one region only', async () => {
    fake.faults.serverError({ region: 'us-east-2' }, 1);
    fake.faults.dropConnection({ region: 'us-east-2' }, 1);
    await expect(cloudtrail('us-east-2').send(new LookupEventsCommand({}))).resolves.toBeDefined();
    expect(fake.stats.select({ region: 'us-east-2' }).map((c) => c.outcome)).toEqual(['InternalFailure', 'dropped', 'ok']);

    fake.faults.denyAccess({ service: 'cloudtrail', region: 'eu-central-1' });
    await expect(cloudtrail('eu-central-1').send(new LookupEventsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('cloudtrail:LookupEvents'),
    });
    await expect(cloudtrail('eu-west-3').send(new LookupEventsCommand({}))).resolves.toBeDefined();
  });

  it('answers a region the account has not opted into, and an expired token, as AWS does', async () => {
    await expect(cloudtrail('af-south-1').send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    fake.faults.expireToken('AKIAIOSFODNN7EXAMPLE');
    await expect(cloudtrail().send(new LookupEventsCommand({}))).rejects.toMatchObject({ name: 'ExpiredTokenException' });
    await expect(new STSClient(clientConfig(fake.url, 'us-east-1')).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken',
    });
  });
});

describe('query protocols', () => {
  it('STS GetCallerIdentity names the account of the access key', async () => {
    const out = await new STSClient(clientConfig(fake.url, 'us-east-1')).send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/responder` });
  });

  it('STS errors are parsed from the query ErrorResponse', async () => {
    fake.faults.denyAccess({ service: 'sts' });
    await expect(new STSClient(clientConfig(fake.url, 'us-east-1')).send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('EC2 DescribeRegions lists enabled regions, all regions with AllRegions, and filters on opt-in status', async () => {
    const ec2 = new EC2Client(clientConfig(fake.url, 'us-east-1'));
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions?.map((r) => r.RegionName)).toContain('eu-west-1');
    expect(enabled.Regions?.map((r) => r.RegionName)).not.toContain('af-south-1');
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.find((r) => r.RegionName === 'af-south-1')).toMatchObject({ OptInStatus: 'not-opted-in', Endpoint: 'ec2.af-south-1.amazonaws.com' });
    const optIn = await ec2.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] }));
    expect(optIn.Regions?.length).toBe(5);
    fake.faults.denyAccess({ service: 'ec2' });
    await expect(ec2.send(new DescribeRegionsCommand({}))).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
  });
});

describe('awsQuery lists (as the IAM module will use them)', () => {
  it('decodes member-encoded list inputs and serialises list outputs and dates the SDK parses', async () => {
    const seen: FakeRequest[] = [];
    fake.register({
      service: 'iam',
      protocol: 'awsQuery',
      xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
      handlers: {
        TagRole: (req) => {
          seen.push(req);
          return {};
        },
        ListRoles: () => ({
          Roles: [
            { Path: '/', RoleName: 'SageMakerExec', RoleId: 'AROAEXAMPLE1', Arn: `arn:aws:iam::${ACCOUNT}:role/SageMakerExec`, CreateDate: new Date('2026-01-02T03:04:05Z') },
            { Path: '/', RoleName: 'Other & <Co>', RoleId: 'AROAEXAMPLE2', Arn: `arn:aws:iam::${ACCOUNT}:role/Other`, CreateDate: new Date('2026-02-03T04:05:06Z') },
          ],
          IsTruncated: false,
        }),
      },
    });
    const iam = new IAMClient(clientConfig(fake.url, 'us-east-1'));
    await iam.send(new TagRoleCommand({ RoleName: 'SageMakerExec', Tags: [{ Key: 'sm-ir', Value: 'quarantine' }, { Key: 'case', Value: '42' }] }));
    expect(seen[0]).toMatchObject({
      service: 'iam',
      operation: 'TagRole',
      accountId: ACCOUNT,
      input: { RoleName: 'SageMakerExec', Tags: [{ Key: 'sm-ir', Value: 'quarantine' }, { Key: 'case', Value: '42' }] },
    });
    const out = await iam.send(new ListRolesCommand({}));
    expect(out.Roles?.map((r) => r.RoleName)).toEqual(['SageMakerExec', 'Other & <Co>']);
    expect(out.Roles?.[0]?.CreateDate).toEqual(new Date('2026-01-02T03:04:05Z'));
    expect(out.IsTruncated).toBe(false);
  });
});
