import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AwsCallError, UsageError } from '../../src/errors.js';
import { createLookupEventsSource, discoverRegions, type RegionProgress } from '../../src/sources/lookup-events/index.js';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { record } from './helpers.js';
import { HOME_REGIONS, SCENARIO_REGIONS, WATCHED_SOURCES, expectedCalls, servedIn, startScenario, useExampleCredentials, type Scenario } from './scenario.js';

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = useExampleCredentials();
});
afterAll(() => restoreEnv());

const hours = (h: number) => ({ start: new Date(Date.now() - h * 3_600_000), end: new Date() });
const collect = async (it: AsyncIterable<CloudTrailRecord>) => {
  const out: CloudTrailRecord[] = [];
  for await (const r of it) out.push(r);
  return out;
};

describe('LookupEvents source against the wire-level fake', () => {
  let s: Scenario;
  afterEach(async () => {
    expect(s.fake.handlerBugs).toEqual([]);
    await s.fake.close();
  });

  it('fetches 1,000 SageMaker events over 3 regions through throttle bursts: each once, minimum calls, under 2 calls/s per region', async () => {
    s = await startScenario();
    const progress = new Map<string, RegionProgress>();
    const source = createLookupEventsSource({
      regions: Object.keys(SCENARIO_REGIONS),
      eventSources: WATCHED_SOURCES,
      homeRegions: HOME_REGIONS,
      window: hours(24),
      aws: { endpointUrl: s.fake.url },
      onProgress: (p) => progress.set(p.region, p),
    });
    const t0 = Date.now();
    const got = await collect(source.records());
    const wallMs = Date.now() - t0;

    expect(got).toHaveLength(s.records.length);
    expect(new Set(got.map((r) => r.eventID))).toEqual(new Set(s.records.map((r) => r.eventID)));
    expect(got.map((r) => r.eventTime)).toEqual([...got.map((r) => r.eventTime)].sort());
    expect(source.stats.errors).toEqual([]);
    expect(source.stats.recordsRead).toBe(s.records.length);

    const calls = expectedCalls(s.served, WATCHED_SOURCES);
    const stats = s.fake.stats;
    for (const region of Object.keys(SCENARIO_REGIONS)) {
      expect(stats.count({ operation: 'LookupEvents', region }, 'ok'), region).toBe(calls[region]);
      expect(stats.bucketExcess({ operation: 'LookupEvents', region }, 2), region).toBe(0);
    }
    expect(stats.throttles({ region: 'us-east-1' })).toBe(3);
    expect(stats.throttles({ region: 'eu-west-1' })).toBe(2);
    expect(progress.get('us-east-1')).toMatchObject({ state: 'done', throttles: 3, events: servedIn(s.served, 'us-east-1') });
    expect(progress.get('eu-west-1')).toMatchObject({ state: 'done', throttles: 2, retries: 2, events: servedIn(s.served, 'eu-west-1') });
    expect(progress.get('ap-southeast-2')).toMatchObject({ state: 'done', throttles: 0, retries: 2, events: servedIn(s.served, 'ap-southeast-2') });
    expect(stats.count({ operation: 'LookupEvents' }, 'ok')).toBe(source.stats.unitsRead);
    console.log(
      `1,000-event scenario: ${stats.count({ operation: 'LookupEvents' })} LookupEvents calls ` +
        `(${stats.count({ operation: 'LookupEvents' }, 'ok')} ok, ${stats.throttles()} throttled), ` +
        `max/s per region ${JSON.stringify(stats.maxPerSecondByRegion({ operation: 'LookupEvents' }))}, ${wallMs} ms`,
    );
  }, 60_000);

  it('reports a denied region and a region not enabled, and still returns the other regions', async () => {
    s = await startScenario();
    s.fake.faults.clear();
    s.fake.faults.denyAccess({ service: 'cloudtrail', region: 'eu-west-1' });
    const source = createLookupEventsSource({
      regions: ['us-east-1', 'eu-west-1', 'af-south-1'],
      eventSources: ['sagemaker.amazonaws.com'],
      window: hours(24),
      aws: { endpointUrl: s.fake.url, maxAttempts: 2 },
    });
    const got = await collect(source.records());
    expect(got).toHaveLength(SCENARIO_REGIONS['us-east-1']);
    expect(source.stats.errors).toEqual([
      { input: 'lookup-events eu-west-1', reason: expect.stringMatching(/access denied in eu-west-1.*cloudtrail:LookupEvents/) },
      { input: 'lookup-events af-south-1', reason: expect.stringContaining('af-south-1 is not enabled for this account') },
    ]);
    // AccessDenied is not retried.
    expect(s.fake.stats.count({ region: 'eu-west-1' })).toBe(1);
  }, 30_000);

  it('throws when every region fails, naming the cause (expired token)', async () => {
    s = await startScenario();
    s.fake.faults.clear();
    s.fake.faults.expireToken('AKIAIOSFODNN7EXAMPLE');
    const source = createLookupEventsSource({
      regions: ['eu-west-1'],
      eventSources: ['sagemaker.amazonaws.com'],
      window: hours(1),
      aws: { endpointUrl: s.fake.url },
    });
    const err = await collect(source.records()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect((err as AwsCallError).message).toContain('the security token has expired in eu-west-1');
    // Not worth retrying: one call per planned query.
    expect(s.fake.stats.count({ service: 'cloudtrail' })).toBe(1);
  });

  it('refuses a window past 90 days before any call, pointing to --logs', async () => {
    s = await startScenario();
    const make = (start: Date | null) =>
      createLookupEventsSource({ regions: ['us-east-1'], eventSources: ['sagemaker.amazonaws.com'], window: { start, end: new Date() }, aws: { endpointUrl: s.fake.url } });
    expect(() => make(new Date(Date.now() - 91 * 86_400_000))).toThrow(UsageError);
    expect(() => make(null)).toThrow(/90 days/);
    try {
      make(null);
    } catch (e) {
      expect((e as UsageError).hint).toContain('--logs');
    }
    expect(() => make(new Date(Date.now() - 90 * 86_400_000))).not.toThrow();
    expect(s.fake.stats.count()).toBe(0);
  });

  it('discovers the enabled regions with EC2 DescribeRegions', async () => {
    s = await startScenario();
    const regions = await discoverRegions({ endpointUrl: s.fake.url }, 'us-east-1');
    expect(regions).toContain('eu-west-1');
    expect(regions).not.toContain('af-south-1');
    expect(regions).toEqual([...regions].sort());
    s.fake.faults.denyAccess({ service: 'ec2' });
    await expect(discoverRegions({ endpointUrl: s.fake.url }, 'us-east-1')).rejects.toMatchObject({
      hint: expect.stringContaining('ec2:DescribeRegions'),
    });
  });

  it('passes on records that are exact duplicates only once', async () => {
    s = await startScenario();
    const dup = record({ eventTime: new Date(Date.now() - 5_000).toISOString(), awsRegion: 'sa-east-1' });
    // The same eventID served twice (as after a page shift): returned once.
    const ct = (await import('./services/cloudtrail.js')).createCloudTrail();
    ct.addRecords([dup, { ...dup }]);
    s.fake.register(ct.module);
    const source = createLookupEventsSource({ regions: ['sa-east-1'], eventSources: ['sagemaker.amazonaws.com'], window: hours(1), aws: { endpointUrl: s.fake.url } });
    expect(await collect(source.records())).toEqual([dup]);
  });
});
