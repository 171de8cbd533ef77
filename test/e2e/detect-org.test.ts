/**
 * `sm-ir detect --org --role-name NAME` (the built binary) against the wire-level fake: Organizations
 * ListAccounts, STS AssumeRole per member account (the temporary keys map back to the account), and
 * LookupEvents served per account. One member's role cannot be assumed: partial result, exit 4.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail.js';
import { ACCESS_KEY, record } from '../fake-aws/helpers.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createCloudTrail } from '../fake-aws/services/cloudtrail.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { createOrganizationsFake } from '../fake-aws/services/organizations.js';
import { createSts } from '../fake-aws/services/sts.js';
import { UNPACED, runCli } from './run-cli.js';

const MANAGEMENT = '111122223333';
const MEMBER = '444455556666';
const DENIED = '777788889999';
const SUSPENDED = '123456789012';
const ROLE = 'SmIrResponder';

/** In each account: a trail stopped (log-tampering) and a presigned notebook URL, in two regions. */
function incidentIn(account: string, minutesAgo: number): CloudTrailRecord[] {
  const at = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const who = {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEUSERID',
    arn: `arn:aws:iam::${account}:user/ml-ci-deployer`,
    accountId: account,
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'ml-ci-deployer',
  };
  return [
    record({ eventTime: at(minutesAgo), recipientAccountId: account, userIdentity: who, awsRegion: 'eu-west-1' }),
    record({
      eventTime: at(minutesAgo + 1),
      recipientAccountId: account,
      userIdentity: who,
      awsRegion: 'us-east-1',
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      requestParameters: { name: `arn:aws:cloudtrail:us-east-1:${account}:trail/org-trail` },
    }),
  ];
}

let fake: FakeAws;
let trail: ReturnType<typeof createCloudTrail>;

beforeEach(async () => {
  // No test here checks pacing (detect-live does): the fake does not throttle, the CLI does not pace.
  fake = await startFakeAws({ accounts: { [ACCESS_KEY]: MANAGEMENT }, rateLimits: false });
  trail = createCloudTrail();
  for (const [i, account] of [MANAGEMENT, MEMBER, DENIED, SUSPENDED].entries()) trail.addRecords(incidentIn(account, 10 + i));
  fake.register(trail.module);
  fake.register(createEc2(fake.regions));
  // DENIED has no such role (or does not trust the caller): AssumeRole is AccessDenied there.
  fake.register(createSts({}, { accessKeys: fake.accessKeys, roles: [MEMBER, SUSPENDED].map((a) => `arn:aws:iam::${a}:role/${ROLE}`) }));
  fake.register(
    createOrganizationsFake({
      managementAccountId: MANAGEMENT,
      accounts: [MANAGEMENT, MEMBER, DENIED, SUSPENDED],
      accountStates: { [SUSPENDED]: 'SUSPENDED' },
      accountOf: (key) => fake.accessKeys.get(key) ?? 'unknown',
    }),
  );
});
afterEach(async () => {
  expect(fake.handlerBugs).toEqual([]);
  await fake.close();
});

interface Report {
  partial: boolean;
  findings: { account: string | null; ruleId: string; region: string | null; signals: { id: string }[] }[];
  stats: { errors: { input: string; reason: string }[] };
  sources: { kind: string; inputs: string[] }[];
}

const detect = (args: string[]) => runCli(['detect', '--endpoint-url', fake.url, '--output', 'json', '--since', '1h', ...args], { env: UNPACED });

describe('detect --org --role-name', () => {
  it('reads every active account, the management account with its own credentials; a denied role gives a partial result (exit 4)', async () => {
    // --no-activity: the calls counted here are the first pass's (the timelines' are the test below).
    const r = await detect(['--org', '--role-name', ROLE, '--regions', 'us-east-1,eu-west-1', '--no-activity']);
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.partial).toBe(true);
    expect(report.sources).toEqual([{ kind: 'org-lookup-events', inputs: [MANAGEMENT, MEMBER, DENIED] }]);
    const accounts = [...new Set(report.findings.map((f) => f.account))].sort();
    expect(accounts).toEqual([MANAGEMENT, MEMBER]);
    for (const a of accounts) expect(report.findings.filter((f) => f.account === a).map((f) => f.ruleId)).toContain('log-tampering');
    expect(report.stats.errors).toEqual([
      { input: `account ${DENIED}`, reason: `sts:AssumeRole failed: access denied assuming arn:aws:iam::${DENIED}:role/${ROLE} (the role must exist in that account and trust the caller, and the caller needs sts:AssumeRole on arn:aws:iam::${DENIED}:role/${ROLE})` },
    ]);
    expect(r.stderr).toContain(`sm-ir: account ${DENIED} not read: sts:AssumeRole failed: access denied assuming arn:aws:iam::${DENIED}:role/${ROLE}`);

    // The role was assumed in the members only, with the session name sm-ir-detect; LookupEvents ran as each account.
    expect(fake.stats.count({ operation: 'AssumeRole' })).toBe(2);
    const lookupKeys = new Set(fake.stats.select({ operation: 'LookupEvents' }).map((c) => fake.accessKeys.get(c.accessKeyId)));
    expect([...lookupKeys].sort()).toEqual([MANAGEMENT, MEMBER]);
    expect(fake.stats.count({ operation: 'LookupEvents', region: 'ap-south-1' })).toBe(0);
  });

  it('without --regions, reads each account\'s own enabled regions (DescribeRegions with its role)', async () => {
    const r = await detect(['--org', '--role-name', ROLE, '--regions', 'all', '--no-activity']); // --region with --regions is refused since 7c62337
    expect(r.code).toBe(4);
    const asMember = fake.stats.select({ operation: 'DescribeRegions' }).map((c) => fake.accessKeys.get(c.accessKeyId));
    expect(asMember.sort()).toEqual([MANAGEMENT, MEMBER]);
    const report = JSON.parse(r.stdout) as Report;
    expect(new Set(report.findings.map((f) => f.account))).toEqual(new Set([MANAGEMENT, MEMBER]));
  });

  it('when no account can be read: exit 1 with the reason', async () => {
    fake.faults.denyAccess({ operation: 'LookupEvents' });
    const r = await detect(['--org', '--role-name', ROLE, '--regions', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cloudtrail:LookupEvents');
  });

  it('a caller that may not list the accounts: exit 1 naming organizations:ListAccounts', async () => {
    fake.faults.denyAccess({ operation: 'ListAccounts' });
    const r = await detect(['--org', '--role-name', ROLE, '--regions', 'us-east-1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('organizations:ListAccounts');
    expect(fake.stats.count({ operation: 'LookupEvents' })).toBe(0);
  });

  it("each actor's timeline is looked up in its own account, through the role; --baseline reads every account too", async () => {
    // The member's leaked key also listed buckets (an unwatched read the first pass does not fetch), and was
    // used from the same host two hours before the window.
    const member = incidentIn(MEMBER, 11)[1] as CloudTrailRecord;
    trail.addRecords([
      { ...member, eventID: 'recon-1', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', readOnly: true, requestParameters: null, eventTime: new Date(Date.now() - 30 * 60_000).toISOString() },
      { ...member, eventID: 'before-1', eventTime: new Date(Date.now() - 120 * 60_000).toISOString() },
    ]);
    const r = await detect(['--org', '--role-name', ROLE, '--regions', 'us-east-1', '--baseline', '3h']);
    expect(r.code).toBe(4);
    const report = JSON.parse(r.stdout) as Report & {
      activity: { actor: string; events: { eventName: string }[] }[];
      baseline: { kind: string; recordsLearnt: number };
    };
    const memberTimeline = report.activity.find((a) => a.actor === `arn:aws:iam::${MEMBER}:user/ml-ci-deployer`);
    expect(memberTimeline?.events.map((e) => e.eventName)).toContain('ListBuckets');
    // The lookups by access key ran as each actor's account, and only there.
    const byKey = fake.stats.select({ operation: 'LookupEvents' }).filter((c) => JSON.stringify(c.input).includes('AccessKeyId'));
    expect(new Set(byKey.map((c) => fake.accessKeys.get(c.accessKeyId)))).toEqual(new Set([MANAGEMENT, MEMBER]));
    expect(r.stderr).toMatch(/activity: 2 actor\(s\) with a finding at medium or above: 4 access key\(s\) and user name\(s\) looked up in 2 account\(s\)/);
    // The baseline period: the member's key and host were known there, the management account's were not.
    expect(report.baseline.kind).toBe('org-lookup-events');
    const stop = (account: string) => report.findings.find((f) => f.account === account && f.ruleId === 'log-tampering')?.signals.map((s) => s.id);
    expect(stop(MEMBER)).toEqual(expect.arrayContaining(['known-source-ip', 'known-user-agent']));
    expect(stop(MANAGEMENT)).toContain('new-principal');
  });

  it.each([
    [['--org'], /--org needs --role-name/],
  ])('%j: usage error before any call', async (args, message) => {
    const r = await detect(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fake.stats.count()).toBe(0);
  });
});
