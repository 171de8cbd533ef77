import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import { DescribeRegionsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { AwsCallError, UsageError } from '../../../src/errors.js';
import {
  checkRegions,
  checkRequestedRegions,
  createLookupEventsSource,
  discoverRegions,
  formatProgress,
  homeRegions,
  planLookups,
} from '../../../src/sources/lookup-events/index.js';
import { loadPlaybook } from '../../../src/playbook/load.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ct = mockClient(CloudTrailClient);
const ec2 = mockClient(EC2Client);
beforeEach(() => {
  ct.reset();
  ec2.reset();
});
afterEach(() => vi.useRealTimers());

const NOW = new Date('2026-11-28T12:00:00Z');
const window = { start: new Date('2026-11-27T12:00:00Z'), end: NOW };
const aws = { endpointUrl: 'http://127.0.0.1:9' };

function rec(i: number, region: string, eventSource = 'sagemaker.amazonaws.com'): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    eventTime: new Date(NOW.getTime() - (i + 1) * 60_000).toISOString(),
    eventSource,
    eventName: 'CreateNotebookInstance',
    awsRegion: region,
    eventID: `${region}-${eventSource}-${i}`,
    recipientAccountId: '111122223333',
  };
}

/** Serve `counts[region][source]` events, 50 per page, tokens "p<n>", as LookupEvents does. */
function serve(counts: Record<string, Record<string, number>>, fail: Record<string, Error> = {}) {
  ct.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput, getClient) => {
    const region = await getClient().config.region();
    if (fail[region]) throw fail[region];
    const source = input.LookupAttributes?.[0]?.AttributeValue as string;
    const n = counts[region]?.[source] ?? 0;
    const page = input.NextToken ? Number(input.NextToken.slice(1)) : 0;
    const events = Array.from({ length: n }, (_, i) => rec(i, region, source))
      .slice(page * 50, page * 50 + 50)
      .map((r) => ({ EventId: r.eventID, CloudTrailEvent: JSON.stringify(r) }));
    return { Events: events, ...((page + 1) * 50 < n ? { NextToken: `p${page + 1}` } : {}) };
  });
}

const collect = async (it: AsyncIterable<CloudTrailRecord>) => {
  const out: CloudTrailRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

const HOME = { 'iam.amazonaws.com': 'us-east-1' };

describe('planLookups', () => {
  it('asks each region once per regional source and IAM only in us-east-1, even when us-east-1 was not requested', () => {
    expect(planLookups(['eu-west-1', 'ap-south-1'], ['sagemaker.amazonaws.com', 'iam.amazonaws.com', 'sagemaker.amazonaws.com'], HOME)).toEqual([
      { region: 'eu-west-1', eventSource: 'sagemaker.amazonaws.com' },
      { region: 'ap-south-1', eventSource: 'sagemaker.amazonaws.com' },
      { region: 'us-east-1', eventSource: 'iam.amazonaws.com' },
    ]);
  });

  it("takes the home regions from the playbook's sources (recordedIn)", () => {
    const pb = loadPlaybook();
    expect(homeRegions(pb.sources.sources)).toEqual({ 'iam.amazonaws.com': 'us-east-1' });
    expect(homeRegions([{ source: 'sagemaker.amazonaws.com', recordedIn: 'regional' }])).toEqual({});
  });
});

describe('LookupEvents source (SDK mocked)', () => {
  it('sends one EventSource attribute per call with StartTime/EndTime set, and follows NextToken to the end', async () => {
    serve({ 'us-east-1': { 'sagemaker.amazonaws.com': 120, 'iam.amazonaws.com': 3 }, 'eu-west-1': { 'sagemaker.amazonaws.com': 50 } });
    const source = createLookupEventsSource({
      regions: ['us-east-1', 'eu-west-1'],
      eventSources: ['sagemaker.amazonaws.com', 'iam.amazonaws.com'],
      homeRegions: HOME,
      window,
      now: NOW,
      aws,
      requestsPerSecond: 1000,
    });
    const got = await collect(source.records());
    expect(got).toHaveLength(173);
    const inputs = ct.commandCalls(LookupEventsCommand).map((c) => c.args[0].input);
    // 3 pages + 1 + 1 (exactly 50: no extra page).
    expect(inputs).toHaveLength(5);
    for (const input of inputs) {
      expect(input.LookupAttributes).toHaveLength(1);
      expect(input.LookupAttributes?.[0]?.AttributeKey).toBe('EventSource');
      expect(input).toMatchObject({ StartTime: window.start, EndTime: NOW, MaxResults: 50 });
    }
    expect(inputs.filter((i) => i.LookupAttributes?.[0]?.AttributeValue === 'iam.amazonaws.com')).toHaveLength(1);
    expect(inputs.map((i) => i.NextToken).filter(Boolean).sort()).toEqual(['p1', 'p2']);
    expect(source.stats).toMatchObject({ unitsRead: 5, recordsRead: 173, errors: [] });
    expect(got.map((r) => r.eventTime)).toEqual(got.map((r) => r.eventTime).sort());
  });

  it('deduplicates by eventID and counts unparseable CloudTrailEvent strings as skipped', async () => {
    const r = rec(0, 'us-east-1');
    ct.on(LookupEventsCommand)
      .resolvesOnce({ Events: [{ CloudTrailEvent: JSON.stringify(r) }, { CloudTrailEvent: '{not json' }], NextToken: 't' })
      .resolvesOnce({ Events: [{ CloudTrailEvent: JSON.stringify(r) }, { CloudTrailEvent: '{"eventName":"x"}' }] });
    const source = createLookupEventsSource({ regions: ['us-east-1'], eventSources: ['sagemaker.amazonaws.com'], window, now: NOW, aws, requestsPerSecond: 1000 });
    expect(await collect(source.records())).toEqual([r]);
    expect(source.stats.skipped).toEqual({ 'not-a-cloudtrail-record': 2 });
  });

  it('paces each region under the rate: calls of one region are at least 1/rate apart, regions run side by side', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'], now: NOW });
    const times: Record<string, number[]> = {};
    ct.on(LookupEventsCommand).callsFake(async (input: LookupEventsCommandInput, getClient) => {
      const region = await getClient().config.region();
      (times[region] ??= []).push(Date.now());
      const page = input.NextToken ? Number(input.NextToken) : 0;
      return { Events: [], ...(page < 3 ? { NextToken: String(page + 1) } : {}) };
    });
    const source = createLookupEventsSource({
      regions: ['us-east-1', 'eu-west-1'],
      eventSources: ['sagemaker.amazonaws.com', 'cloudtrail.amazonaws.com'],
      window,
      now: NOW,
      aws,
    });
    let finished = false;
    const done = collect(source.records()).finally(() => (finished = true));
    // Dynamic imports and client creation are real work, not timers, and take longer on a loaded machine.
    // The clock moves only when every region still calling waits on its pacer (one timer per region: its
    // calls queue behind it), so one region's slow set-up never lets the other run ahead in fake time:
    // the schedule is the same however fast the machine is.
    const waiting = () => ['us-east-1', 'eu-west-1'].filter((r) => (times[r]?.length ?? 0) < 8).length;
    while (!finished) {
      if (vi.getTimerCount() > 0 && vi.getTimerCount() >= waiting()) await vi.advanceTimersToNextTimerAsync();
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    for (const region of ['us-east-1', 'eu-west-1']) {
      const t = times[region] as number[];
      expect(t).toHaveLength(8); // 2 sources x 4 pages, sharing one region budget
      const gaps = t.slice(1).map((x, i) => x - (t[i] as number));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(625); // 1.6 calls/s
    }
    // Both regions ran side by side rather than one after the other (which would put 8 x 625 ms between them).
    expect(Math.abs((times['eu-west-1']?.[0] as number) - (times['us-east-1']?.[0] as number))).toBeLessThan(625);
    expect(Math.abs((times['eu-west-1']?.[7] as number) - (times['us-east-1']?.[7] as number))).toBeLessThan(625);
  });

  it('reports a region that fails with AccessDenied naming cloudtrail:LookupEvents, and returns the others', async () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::111122223333:user/r is not authorized to perform: cloudtrail:LookupEvents'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    serve({ 'us-east-1': { 'sagemaker.amazonaws.com': 7 } }, { 'eu-west-1': denied });
    const progress: string[] = [];
    const source = createLookupEventsSource({
      regions: ['us-east-1', 'eu-west-1'],
      eventSources: ['sagemaker.amazonaws.com'],
      window,
      now: NOW,
      aws,
      requestsPerSecond: 1000,
      onProgress: (p) => progress.push(`${p.region}:${p.state}`),
    });
    expect(await collect(source.records())).toHaveLength(7);
    expect(source.stats.errors).toEqual([
      { input: 'lookup-events eu-west-1', reason: expect.stringContaining('needs the IAM permission cloudtrail:LookupEvents') },
    ]);
    expect(progress).toContain('eu-west-1:failed');
    expect(progress).toContain('us-east-1:done');
    expect(source.progress().find((p) => p.region === 'eu-west-1')?.error).toContain('access denied in eu-west-1');
  });

  it('throws the explained error when every region fails (no credentials)', async () => {
    const noCreds = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    ct.on(LookupEventsCommand).rejects(noCreds);
    const source = createLookupEventsSource({ regions: ['us-east-1'], eventSources: ['sagemaker.amazonaws.com'], window, now: NOW, aws });
    const err = (await collect(source.records()).catch((e: unknown) => e)) as AwsCallError;
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err.message).toContain('no AWS credentials found in us-east-1');
    expect(err.hint).toContain('--profile');
  });

  it('refuses windows past 90 days, and "all", with a pointer to --logs', () => {
    const make = (start: Date | null) =>
      createLookupEventsSource({ regions: ['us-east-1'], eventSources: ['sagemaker.amazonaws.com'], window: { start, end: NOW }, now: NOW, aws });
    expect(() => make(new Date(NOW.getTime() - 91 * 86_400_000))).toThrow(UsageError);
    expect(() => make(null)).toThrow(/last 90 days/);
    expect(() => make(new Date(NOW.getTime() - 90 * 86_400_000))).not.toThrow();
    expect(ct.calls()).toHaveLength(0);
  });
});

describe('discoverRegions', () => {
  it('returns the enabled regions, sorted, leaving out regions not opted in', async () => {
    ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-west-2', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'opted-in' },
        { RegionName: 'me-south-1', OptInStatus: 'not-opted-in' },
      ],
    });
    expect(await discoverRegions(aws, 'us-east-1')).toEqual(['af-south-1', 'us-west-2']);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]?.args[0].input.AllRegions).toBeUndefined();
  });

  it('asks us-east-1 when the given region cannot answer (no DNS name, credentials "rejected" there)', async () => {
    const regions = [{ RegionName: 'eu-west-1' }, { RegionName: 'us-east-1' }];
    ec2.on(DescribeRegionsCommand).callsFake(async (_input, getClient) => {
      const region = await getClient().config.region();
      if (region === 'eu-wset-1') throw Object.assign(new Error('getaddrinfo ENOTFOUND ec2.eu-wset-1.amazonaws.com'), { code: 'ENOTFOUND' });
      if (region === 'af-south-1') throw Object.assign(new Error('not valid'), { name: 'AuthFailure', $metadata: { httpStatusCode: 401 } });
      return { Regions: regions };
    });
    expect(await discoverRegions(aws, 'eu-wset-1')).toEqual(['eu-west-1', 'us-east-1']);
    expect(await discoverRegions(aws, 'af-south-1')).toEqual(['eu-west-1', 'us-east-1']);
    await expect(checkRegions(['eu-wset-1'], aws, '--region')).rejects.toMatchObject({
      message: expect.stringContaining('--region: eu-wset-1 is not a region enabled for this account'),
      exitCode: 2,
    });
  });

  it('does not retry other failures elsewhere, and explains them', async () => {
    ec2.on(DescribeRegionsCommand).rejects(Object.assign(new Error('expired'), { name: 'ExpiredTokenException', $metadata: {} }));
    await expect(discoverRegions(aws, 'eu-west-1')).rejects.toMatchObject({ message: expect.stringContaining('token has expired in eu-west-1') });
    expect(ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(1);
  });

  it('checkRegions goes on unchecked when ec2:DescribeRegions is denied, saying so', async () => {
    ec2.on(DescribeRegionsCommand).rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation', $metadata: {} }));
    const notes: string[] = [];
    await checkRegions(['eu-west-1'], aws, '--regions', (n) => notes.push(n));
    expect(notes).toEqual([expect.stringContaining('ec2:DescribeRegions is denied')]);
    await expect(discoverRegions(aws, 'eu-west-1')).rejects.toMatchObject({ hint: expect.stringContaining('ec2:DescribeRegions') });
  });
});

describe('checkRequestedRegions and formatProgress', () => {
  it('refuses a requested region the account has not enabled, listing the enabled ones', () => {
    expect(() => checkRequestedRegions(['eu-west-1'], ['eu-west-1', 'us-east-1'])).not.toThrow();
    expect(() => checkRequestedRegions(['eu-west-1', 'us-east-9'], ['eu-west-1', 'us-east-1'])).toThrow(
      expect.objectContaining({ message: '--regions: us-east-9 is not a region enabled for this account (misspelt, or an opt-in region not enabled)', hint: expect.stringContaining('eu-west-1, us-east-1') }),
    );
  });

  it('formats one progress line per region', () => {
    const base = { region: 'eu-west-1', pages: 7, events: 350, throttles: 2, retries: 2 };
    expect(formatProgress({ ...base, state: 'running' })).toBe('eu-west-1          7 pages     350 events   2 throttled');
    expect(formatProgress({ ...base, state: 'failed', error: 'access denied' })).toMatch(/FAILED: access denied$/);
  });
});
