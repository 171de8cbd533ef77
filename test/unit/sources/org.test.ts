import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';
import { createOrgLookupSource, isValidRoleName, listActiveAccounts } from '../../../src/sources/org/index.js';
import { assumeRole } from '../../../src/sources/org/assume-role.js';
import { useExampleCredentials } from '../../fake-aws/scenario.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const org = mockClient(OrganizationsClient);
const sts = mockClient(STSClient);
const ct = mockClient(CloudTrailClient);
beforeEach(() => {
  org.reset();
  sts.reset();
  ct.reset();
});

const aws = { endpointUrl: 'http://127.0.0.1:9' };
const NOW = new Date('2026-11-28T12:00:00Z');
const denied = () => Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });

describe('listActiveAccounts', () => {
  it('follows NextToken and keeps ACTIVE accounts (State, or the older Status)', async () => {
    org
      .on(ListAccountsCommand, {})
      .resolves({ Accounts: [{ Id: '444455556666', State: 'ACTIVE' }, { Id: '123456789012', State: 'SUSPENDED', Status: 'SUSPENDED' }], NextToken: 't1' })
      .on(ListAccountsCommand, { NextToken: 't1' })
      .resolves({ Accounts: [{ Id: '111122223333', Status: 'ACTIVE' }, { Id: '777788889999', State: 'PENDING_CLOSURE', Status: 'ACTIVE' }] });
    expect(await listActiveAccounts(aws, 'us-east-1')).toEqual(['111122223333', '444455556666']);
  });

  it('explains a member account caller and an account outside any organization', async () => {
    org.on(ListAccountsCommand).rejects(Object.assign(new Error('You don\'t have permissions'), { name: 'AccessDeniedException', $metadata: {} }));
    await expect(listActiveAccounts(aws, 'us-east-1')).rejects.toMatchObject({ hint: expect.stringContaining('management account or a delegated administrator') });
    org.reset();
    org.on(ListAccountsCommand).rejects(Object.assign(new Error('not in use'), { name: 'AWSOrganizationsNotInUseException', $metadata: {} }));
    await expect(listActiveAccounts(aws, 'us-east-1')).rejects.toThrow("the caller's account is not in an organization");
  });
});

describe('assumeRole', () => {
  it('uses the session name sm-ir-detect and assumes again when the credentials are about to expire', async () => {
    let n = 0;
    sts.on(AssumeRoleCommand).callsFake(() => {
      n += 1;
      // The first credentials expire in 2 minutes (inside the refresh margin), the next in an hour.
      return { Credentials: { AccessKeyId: `ASIAEXAMPLE${n}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + (n === 1 ? 120_000 : 3_600_000)) } };
    });
    const session = await assumeRole(aws, 'us-east-1', 'arn:aws:iam::444455556666:role/SmIrResponder');
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({ RoleArn: 'arn:aws:iam::444455556666:role/SmIrResponder', RoleSessionName: 'sm-ir-detect' });
    expect((await session.credentials()).accessKeyId).toBe('ASIAEXAMPLE2');
    expect((await session.credentials()).accessKeyId).toBe('ASIAEXAMPLE2');
    expect(n).toBe(2);
    session.close();
  });

  it('a denied role says what must be true', async () => {
    sts.on(AssumeRoleCommand).rejects(denied());
    await expect(assumeRole(aws, 'us-east-1', 'arn:aws:iam::777788889999:role/R')).rejects.toMatchObject({
      message: 'sts:AssumeRole failed: access denied assuming arn:aws:iam::777788889999:role/R',
      hint: expect.stringContaining('trust the caller'),
    });
  });

  it('role names: letters, digits, +=,.@_- and an optional path', () => {
    for (const ok of ['OrganizationAccountAccessRole', 'incident-response/SmIrReader', 'a+b=c,d.e@f_g-h']) expect(isValidRoleName(ok)).toBe(true);
    for (const bad of ['', 'has space', 'x'.repeat(65), '/leading', 'trailing/', 'arn:aws:iam::1:role/x']) expect(isValidRoleName(bad)).toBe(false);
  });
});

describe('createOrgLookupSource', () => {
  const window = { start: new Date('2026-11-28T10:00:00Z'), end: NOW };
  const rec = (account: string): CloudTrailRecord => ({
    eventVersion: '1.09',
    eventTime: '2026-11-28T11:00:00Z',
    eventSource: 'sagemaker.amazonaws.com',
    eventName: 'CreateNotebookInstance',
    awsRegion: 'eu-west-1',
    eventID: `ev-${account}`,
    recipientAccountId: account,
  });

  it('reads the caller\'s account with its own credentials, the others through the role, a few at a time; a denied account is an error', async () => {
    let inFlight = 0;
    let most = 0;
    sts.on(AssumeRoleCommand).callsFake(async (input: AssumeRoleCommandInput) => {
      const account = (input.RoleArn as string).split(':')[4] as string;
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      if (account === '777788889999') throw denied();
      return { Credentials: { AccessKeyId: `ASIA${account}EXMP`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } };
    });
    ct.on(LookupEventsCommand).callsFake(async (_input, getClient) => {
      const creds = await getClient().config.credentials();
      const account = /^ASIA(\d{12})EXMP$/.exec(creds.accessKeyId)?.[1] ?? '111122223333';
      return { Events: [{ EventId: `ev-${account}`, CloudTrailEvent: JSON.stringify(rec(account)) }] };
    });
    const members = ['222233334444', '333344445555', '444455556666', '555566667777', '777788889999'];
    const outcomes: string[] = [];
    const source = createOrgLookupSource({
      accounts: ['111122223333', ...members],
      callerAccount: '111122223333',
      roleName: 'SmIrResponder',
      regions: ['eu-west-1'],
      home: 'us-east-1',
      eventSources: ['sagemaker.amazonaws.com'],
      window,
      now: NOW,
      aws,
      accountsInParallel: 2,
      requestsPerSecond: 50,
      onAccount: (o) => outcomes.push(`${o.account}:${o.state}`),
    });
    // The caller's own account resolves the standard chain: point it at the example keys.
    const restore = useExampleCredentials();
    const ids: string[] = [];
    try {
      for await (const r of source.records()) ids.push(r.eventID as string);
    } finally {
      restore();
    }
    expect(ids.sort()).toEqual(['ev-111122223333', 'ev-222233334444', 'ev-333344445555', 'ev-444455556666', 'ev-555566667777']);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).not.toContain('arn:aws:iam::111122223333:role/SmIrResponder');
    expect(most).toBeLessThanOrEqual(2);
    expect(source.stats.errors).toEqual([{ input: 'account 777788889999', reason: expect.stringContaining('access denied assuming arn:aws:iam::777788889999:role/SmIrResponder') }]);
    expect(outcomes.sort()).toContain('777788889999:failed');
  });

  it('when every account fails, the first account\'s error is thrown', async () => {
    sts.on(AssumeRoleCommand).rejects(denied());
    const source = createOrgLookupSource({
      accounts: ['444455556666', '222233334444'],
      callerAccount: '111122223333',
      roleName: 'R',
      regions: ['eu-west-1'],
      home: 'us-east-1',
      eventSources: ['sagemaker.amazonaws.com'],
      window,
      now: NOW,
      aws,
    });
    const read = async () => {
      for await (const _ of source.records());
    };
    await expect(read()).rejects.toThrow('access denied assuming arn:aws:iam::222233334444:role/R');
  });
});
