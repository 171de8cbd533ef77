/**
 * `sm-ir detect` against live AWS, proven through the built binary: the wire-level fake serves
 * CloudTrail LookupEvents (2 calls/s per region, 50 events a page), EC2 DescribeRegions and STS, with
 * faults injected; the binary gets nothing but --endpoint-url and the documented example credentials.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import type { DetectReport } from '../../src/core/report.js';
import { record } from '../fake-aws/helpers.js';
import { defaultRegions } from '../fake-aws/regions.js';
import { watchedSources } from '../../src/core/classify/index.js';
import { loadPlaybook } from '../../src/playbook/load.js';
import { SCENARIO_REGIONS, expectedCalls, startScenario } from '../fake-aws/scenario.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createCloudTrail } from '../fake-aws/services/cloudtrail.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { createSts } from '../fake-aws/services/sts.js';
import { UNPACED, runCli, type CliResult } from './run-cli.js';

const LOOKUP = { operation: 'LookupEvents' };
const THREE = Object.keys(SCENARIO_REGIONS);
const NO_STACK = /^\s+at /m;
/** The event sources detect queries: the playbook's, as the binary reads them. */
const WATCHED = [...watchedSources(loadPlaybook())];
const REGIONAL = WATCHED.filter((s) => s !== 'iam.amazonaws.com');
const SDK_NODE_WARNING = /NodeVersionSupportWarning|node >=22/;

let fake: FakeAws | undefined;
afterEach(async () => {
  expect(fake?.handlerBugs ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

/** The CLI unpaced, against a smallFake that does not throttle: for the tests that do not check pacing. */
const live = (args: string[], options: Parameters<typeof runCli>[1] = {}) => runCli(args, { ...options, env: { ...UNPACED, ...options.env } });
const tmp = (): string => mkdtempSync(join(tmpdir(), 'smir-live-'));
const json = (r: CliResult): DetectReport => JSON.parse(r.stdout) as DetectReport;
/** A fixed window for every run of one test, so the live and file runs see the same window. */
const windowArgs = (): string[] => ['--since', new Date(Date.now() - 86_400_000).toISOString(), '--until', new Date().toISOString()];
/** What must not differ between sources: everything but metadata (generatedAt, sources, units read). */
const essence = (r: DetectReport) => ({
  window: r.window,
  findings: r.findings,
  // The earliest findings of each rule and actor are listed, whatever order a source yields them in.
  aggregated: r.aggregated,
  principals: r.principals,
  partial: r.partial,
  recordsRead: r.stats.recordsRead,
  recordsMatched: r.stats.recordsMatched,
  errors: r.stats.errors,
});

function savedRecords(dir: string): CloudTrailRecord[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json.gz'))
    .flatMap((f) => (JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8')) as { Records: CloudTrailRecord[] }).Records);
}

/** A fake with a few events and no faults, for the region-selection and error cases. */
/** `paced`: the fake throttles LookupEvents above 2/s, as AWS does; only the tests that check pacing need it (the others run the CLI with UNPACED). */
async function smallFake(optedIn: string[] = [], paced = false): Promise<FakeAws> {
  const ct = createCloudTrail();
  const f = await startFakeAws({ regions: defaultRegions(optedIn), rateLimits: paced });
  f.register(ct.module);
  f.register(createEc2(f.regions));
  f.register(createSts());
  const t = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();
  ct.addRecords([
    record({ eventTime: t(5), awsRegion: 'eu-west-1', eventName: 'CreatePresignedNotebookInstanceUrl' }),
    record({ eventTime: t(6), awsRegion: 'us-east-1', eventName: 'CreatePresignedNotebookInstanceUrl' }),
    record({ eventTime: t(7), awsRegion: 'sa-east-1', eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging' }),
    record({ eventTime: t(8), awsRegion: 'af-south-1', eventName: 'CreatePresignedNotebookInstanceUrl' }),
    record({ eventTime: t(9), awsRegion: 'me-south-1', eventName: 'CreatePresignedNotebookInstanceUrl' }),
    record({
      eventTime: t(10),
      awsRegion: 'us-east-1',
      eventSource: 'iam.amazonaws.com',
      eventName: 'AttachRolePolicy',
      requestParameters: { roleName: 'AmazonSageMaker-ExecutionRole-1', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
  ]);
  return f;
}

describe('sm-ir detect, live, through the built binary', () => {
  it('1,000 SageMaker events over 3 regions through throttles, a 500 and a dropped connection: each event once, minimum calls, under 2 calls/s per region, the same findings as --logs', async () => {
    const s = await startScenario();
    fake = s.fake;
    const saved = tmp();
    const window = windowArgs();
    const live = await runCli(['detect', '--no-activity', '--endpoint-url', s.fake.url, '--regions', THREE.join(','), ...window, '--output', 'json', '--save-events', saved]);

    expect(live.code, live.stderr).toBe(0);
    // stderr holds the --save-events note and nothing else: no progress off a TTY, no SDK notice.
    expect(live.stderr).toMatch(/^sm-ir: saved \d+ CloudTrail log file\(s\) under \S+ \(read them again with --logs \S+\)\n$/);
    expect(live.stderr).not.toMatch(SDK_NODE_WARNING);
    const report = json(live);
    expect(report.partial).toBe(false);
    expect(report.stats.errors).toEqual([]);
    expect(report.sources).toEqual([{ kind: 'lookup-events', inputs: THREE }]);

    // Every watched event exactly once, nothing of the unwatched source; the saved files hold the same.
    expect(report.stats.recordsRead).toBe(s.records.length);
    const ids = savedRecords(saved).map((r) => r.eventID);
    expect(ids).toHaveLength(s.records.length);
    expect(new Set(ids)).toEqual(new Set(s.records.map((r) => r.eventID)));
    expect(new Set(report.findings.map((f) => f.id)).size).toBe(report.findings.length);
    for (const f of report.findings) expect(ids).toContain(f.eventId);
    // All three scenario families are found: SageMaker, IAM (read in us-east-1) and log tampering per region.
    const findingSources = new Set(report.findings.map((f) => `${f.eventSource} ${f.region}`));
    for (const region of THREE) {
      expect(findingSources).toContain(`sagemaker.amazonaws.com ${region}`);
      expect(findingSources).toContain(`cloudtrail.amazonaws.com ${region}`);
      expect(findingSources).toContain(`logs.amazonaws.com ${region}`);
    }
    expect(findingSources).toContain('iam.amazonaws.com us-east-1');

    // The fewest calls: ceil(events/50) per region and source (one when empty); retries counted apart (the actors'
    // timelines are left out here: --no-activity; their own test is below).
    const minimum = expectedCalls(s.served, WATCHED);
    const st = s.fake.stats;
    for (const region of THREE) {
      expect(st.count({ ...LOOKUP, region }, 'ok'), region).toBe(minimum[region]);
      expect(st.bucketExcess({ ...LOOKUP, region }, 2), region).toBe(0);
    }
    expect(report.stats.unitsRead).toBe(st.count(LOOKUP, 'ok'));
    expect(st.throttles({ ...LOOKUP, region: 'us-east-1' })).toBe(3);
    expect(st.throttles({ ...LOOKUP, region: 'eu-west-1' })).toBe(2);
    expect(st.count({ ...LOOKUP, region: 'ap-southeast-2' }, 'InternalFailure')).toBe(1);
    expect(st.count({ ...LOOKUP, region: 'ap-southeast-2' }, 'dropped')).toBe(1);
    expect(st.count(LOOKUP)).toBe(st.count(LOOKUP, 'ok') + 5 + 2);
    expect(new Set(st.select(LOOKUP).map((c) => c.region))).toEqual(new Set(THREE));
    expect(st.count({ operation: 'DescribeRegions' })).toBe(1); // the --regions list is checked once

    // The same events as files give the same findings: what --save-events wrote, and the records themselves.
    const fromSaved = await runCli(['detect', '--logs', saved, ...window, '--output', 'json']);
    expect(fromSaved.code, fromSaved.stderr).toBe(0);
    expect(essence(json(fromSaved))).toEqual(essence(report));
    const original = join(tmp(), 'records.json');
    writeFileSync(original, JSON.stringify({ Records: s.records }));
    const fromOriginal = await runCli(['detect', '--logs', original, ...window, '--output', 'json']);
    expect(essence(json(fromOriginal))).toEqual(essence(report));
    expect(report.findings.length + report.aggregated.reduce((n, g) => n + g.count, 0)).toBeGreaterThan(1000);
    expect(report.aggregated.length).toBeGreaterThan(0);
  }, 90_000);

  it('the actors\' timelines: LookupEvents by their access keys after the first pass, counted on stderr (issue 16)', async () => {
    fake = await smallFake();
    const r = await runCli(['detect', '--endpoint-url', fake.url, '--regions', 'us-east-1,eu-west-1', '--output', 'json'], { env: UNPACED });
    expect(r.code, r.stderr).toBe(0);
    const report = json(r);
    const st = fake.stats;
    const attributeOf = (c: { input?: Record<string, unknown> }) => (c.input?.LookupAttributes as { AttributeKey?: string }[] | undefined)?.[0]?.AttributeKey;
    const bySource = st.select(LOOKUP, 'ok').filter((c) => attributeOf(c) === 'EventSource');
    const byActor = st.select(LOOKUP, 'ok').filter((c) => attributeOf(c) !== 'EventSource');
    expect(report.stats.unitsRead).toBe(bySource.length);
    // One query per region for the actor's access key, once the first pass is done.
    expect(byActor.map((c) => `${c.region} ${attributeOf(c)}`).sort()).toEqual(['eu-west-1 AccessKeyId', 'us-east-1 AccessKeyId']);
    expect(Math.min(...byActor.map((c) => c.at))).toBeGreaterThanOrEqual(Math.max(...bySource.map((c) => c.at)));
    expect(r.stderr).toBe(`sm-ir: activity: 1 actor(s) with a finding at medium or above: 1 access key(s) and user name(s) looked up in 2 region(s), ${byActor.length} LookupEvents call(s)\n`);
    const [actor] = report.activity ?? [];
    expect(actor?.events.length).toBeGreaterThan(0);
    expect(actor?.events.every((e) => e.region === 'us-east-1' || e.region === 'eu-west-1')).toBe(true);
    // --no-activity: the first pass only.
    const before = st.count(LOOKUP);
    const quick = await runCli(['detect', '--no-activity', '--endpoint-url', fake.url, '--regions', 'us-east-1,eu-west-1', '--output', 'json'], { env: UNPACED });
    expect(json(quick).activity).toBeUndefined();
    expect(st.count(LOOKUP) - before).toBe(bySource.length);
    expect(quick.stderr).toBe('');
  });

  it('--regions all and the default read every enabled region found through EC2 DescribeRegions, opt-in ones once opted in', async () => {
    fake = await smallFake(['af-south-1'], true);
    const enabled = fake.regions.filter((r) => r.optIn !== 'not-opted-in').map((r) => r.name);
    for (const args of [['--regions', 'all'], []]) {
      fake.stats.reset();
      const r = await runCli(['detect', '--no-activity', '--endpoint-url', fake.url, ...args, '--output', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(fake.stats.count({ operation: 'DescribeRegions' })).toBe(1);
      expect(new Set(fake.stats.select(LOOKUP).map((c) => c.region))).toEqual(new Set(enabled));
      const report = json(r);
      expect(report.sources[0]?.inputs.slice().sort()).toEqual(enabled.slice().sort());
      const regions = new Set(report.findings.map((f) => f.region));
      expect(regions).toEqual(new Set(['eu-west-1', 'us-east-1', 'sa-east-1', 'af-south-1'])); // not me-south-1 (not opted in)
      for (const region of enabled) expect(fake.stats.bucketExcess({ ...LOOKUP, region }, 2), region).toBe(0);
    }
  }, 60_000);

  it('--regions a,b reads those (IAM in us-east-1 as well); --region r reads r, and IAM in us-east-1 with one call', async () => {
    fake = await smallFake();
    const list = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--regions', 'eu-west-1,sa-east-1', '--output', 'json']);
    expect(list.code, list.stderr).toBe(0);
    expect(json(list).sources[0]?.inputs).toEqual(['eu-west-1', 'sa-east-1', 'us-east-1']);
    expect(new Set(json(list).findings.map((f) => `${f.region} ${f.eventSource}`))).toEqual(
      new Set(['eu-west-1 sagemaker.amazonaws.com', 'sa-east-1 cloudtrail.amazonaws.com', 'us-east-1 iam.amazonaws.com']),
    );
    expect(fake.stats.count({ ...LOOKUP, region: 'us-east-1' })).toBe(1);

    fake.stats.reset();
    const one = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--region', 'eu-west-1', '--output', 'json']);
    expect(one.code, one.stderr).toBe(0);
    expect(new Set(json(one).findings.map((f) => f.region))).toEqual(new Set(['eu-west-1', 'us-east-1']));
    expect(fake.stats.count({ ...LOOKUP, region: 'eu-west-1' })).toBe(REGIONAL.length); // one page per regional source; IAM only in us-east-1
    expect(fake.stats.count({ ...LOOKUP, region: 'us-east-1' })).toBe(1);
    expect(new Set(fake.stats.select(LOOKUP).map((c) => c.region))).toEqual(new Set(['eu-west-1', 'us-east-1']));
  }, 60_000);

  it('a region with AccessDenied is reported on stderr with the missing action while the others complete: exit 4 (partial)', async () => {
    // Paced: one AccessDenied stops the region's other sources before their turn (the count below).
    fake = await smallFake([], true);
    fake.faults.denyAccess({ service: 'cloudtrail', region: 'eu-west-1' });
    for (const output of ['json', 'table']) {
      fake.stats.reset();
      const r = await runCli(['detect', '--no-activity', '--endpoint-url', fake.url, '--regions', 'us-east-1,eu-west-1,sa-east-1', '--output', output]);
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/^sm-ir: region eu-west-1 not read: .*access denied in eu-west-1.*the caller needs the IAM permission cloudtrail:LookupEvents/m);
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(fake.stats.count({ ...LOOKUP, region: 'eu-west-1' })).toBe(1); // AccessDenied is not retried
      if (output === 'json') {
        const report = json(r);
        expect(report.partial).toBe(true);
        expect(report.stats.errors).toEqual([{ input: 'lookup-events eu-west-1', reason: expect.stringContaining('cloudtrail:LookupEvents') }]);
        expect(new Set(report.findings.map((f) => f.region))).toEqual(new Set(['us-east-1', 'sa-east-1']));
      }
    }
    const help = await live(['detect', '--help']);
    expect(help.stdout).toMatch(/\n +4  partial result/);
  }, 60_000);
});

describe("the AWS SDK's Node 22 notice", { timeout: 30_000 }, () => {
  const nodeMajor = Number(process.versions.node.split('.')[0]);

  it('does not reach stderr: the client factory silences it deliberately', async () => {
    fake = await smallFake();
    const r = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--region', 'eu-west-1', '--output', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  // The assertion above has teeth: on Node < 22 the SDK prints the notice when told to.
  it.runIf(nodeMajor < 22)('is printed on Node < 22 when the user explicitly asks for it', async () => {
    fake = await smallFake();
    const r = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--region', 'eu-west-1', '--output', 'json'], {
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(SDK_NODE_WARNING);
  });
});

describe('sm-ir detect, live: clear messages, exit codes, no stack trace', { timeout: 30_000 }, () => {
  const noKeys = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };

  async function expectMessage(r: CliResult, code: number, message: RegExp, hint: RegExp): Promise<void> {
    expect(r.code, r.stderr).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(hint);
    expect(r.stderr).not.toMatch(NO_STACK);
    expect(r.stderr).not.toMatch(SDK_NODE_WARNING);
  }

  it('no credentials (no keys, no profile)', async () => {
    fake = await smallFake();
    const r = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--region', 'eu-west-1'], { env: noKeys });
    await expectMessage(r, 1, /^sm-ir: ec2:DescribeRegions failed: no AWS credentials found in eu-west-1$/m, /hint: .*--profile.*AWS_ACCESS_KEY_ID/);
    expect(fake.stats.count()).toBe(0);
  });

  it('expired token', async () => {
    fake = await smallFake();
    fake.faults.expireToken('AKIAIOSFODNN7EXAMPLE');
    const r = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--regions', 'all']);
    await expectMessage(r, 1, /^sm-ir: ec2:DescribeRegions failed: the security token has expired in us-east-1$/m, /hint: refresh the credentials/);
    expect(fake.stats.count()).toBe(1); // not retried
  });

  it('AccessDenied in every region names the missing action', async () => {
    fake = await smallFake();
    fake.faults.denyAccess({ operation: 'LookupEvents' });
    const r = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--region', 'eu-west-1']);
    await expectMessage(r, 1, /^sm-ir: cloudtrail:LookupEvents failed: access denied in (eu-west-1|us-east-1)/m, /hint: the caller needs the IAM permission cloudtrail:LookupEvents/);
  });

  it('ec2:DescribeRegions denied: --regions all cannot work and says why; named regions are read unchecked, with a note', async () => {
    fake = await smallFake();
    fake.faults.denyAccess({ operation: 'DescribeRegions' });
    const all = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--regions', 'all']);
    await expectMessage(all, 1, /^sm-ir: ec2:DescribeRegions failed: access denied in us-east-1/m, /hint: the caller needs the IAM permission ec2:DescribeRegions/);
    const named = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--region', 'eu-west-1', '--output', 'json']);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stderr).toBe('sm-ir: --region not checked against the account\'s enabled regions (ec2:DescribeRegions is denied)\n');
    expect(json(named).findings.length).toBeGreaterThan(0);
  });

  it('unknown or misspelt region, and an opt-in region not enabled: exit 2 before any LookupEvents call', async () => {
    fake = await smallFake();
    const misspelt = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--region', 'eu-wset-1']);
    await expectMessage(misspelt, 2, /^sm-ir: --region: eu-wset-1 is not a region enabled for this account/m, /hint: enabled regions: .*eu-west-1/);
    const optIn = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--regions', 'us-east-1,af-south-1']);
    await expectMessage(optIn, 2, /^sm-ir: --regions: af-south-1 is not a region enabled for this account/m, /hint: enabled regions: .*\(or use --regions all\)/);
    const notARegion = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--regions', 'us-east-1,europe']);
    await expectMessage(notARegion, 2, /^sm-ir: --regions: 'europe' is not an AWS region name$/m, /hint: regions look like us-east-1/);
    expect(fake.stats.count(LOOKUP)).toBe(0);
  });

  it('a window over 90 days points to --logs, before any call', async () => {
    fake = await smallFake();
    for (const since of ['91d', 'all', '2020-01-01T00:00:00Z']) {
      const r = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--since', since]);
      await expectMessage(r, 2, /^sm-ir: LookupEvents holds only the last 90 days of events/m, /hint: .*--logs/);
    }
    expect(fake.stats.count()).toBe(0);
  });

  it('--profile (or AWS_PROFILE) naming a missing profile, before any call', async () => {
    fake = await smallFake();
    const dir = tmp();
    const files = { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
    writeFileSync(files.AWS_CONFIG_FILE, '[profile ir]\nregion = eu-west-1\n');
    writeFileSync(files.AWS_SHARED_CREDENTIALS_FILE, '[ir]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
    const missing = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--profile', 'incident'], { env: { ...noKeys, ...files } });
    await expectMessage(missing, 2, /^sm-ir: --profile: no profile named 'incident' in \S+config or \S+credentials$/m, /hint: profiles found: ir$/m);
    const fromEnv = await live(['detect', '--endpoint-url', fake.url], { env: { ...noKeys, ...files, AWS_PROFILE: 'incident' } });
    await expectMessage(fromEnv, 2, /^sm-ir: AWS_PROFILE: no profile named 'incident'/m, /hint: profiles found: ir$/m);
    expect(fake.stats.count()).toBe(0);
    // The profile that exists is used: its keys sign the calls.
    const ok = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--profile', 'ir', '--region', 'eu-west-1', '--output', 'json'], { env: { ...noKeys, ...files } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(fake.stats.count(LOOKUP)).toBeGreaterThan(0);
    // Without --region or AWS_REGION the profile's region is the home region, as for the AWS CLI: asked for the enabled regions.
    fake.stats.reset();
    const home = await live(['detect', '--no-activity', '--endpoint-url', fake.url, '--profile', 'ir', '--output', 'json'], { env: { ...noKeys, ...files, AWS_REGION: '' } });
    expect(home.code, home.stderr).toBe(0);
    expect(fake.stats.select({ operation: 'DescribeRegions' }).map((c) => c.region)).toEqual(['eu-west-1']);
  });
});
