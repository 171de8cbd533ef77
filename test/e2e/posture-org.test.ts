/**
 * `sm-ir posture --org --role-name NAME` through the built binary: Organizations ListAccounts, STS
 * AssumeRole per member account (the temporary keys map back to the account), each account's
 * SageMaker and IAM served by its own fake. One member's role cannot be assumed: it is named, every
 * check says it did not look there, and the run exits 4.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostureReportSchema } from '../../src/core/posture/report.js';
import { ACCESS_KEY } from '../fake-aws/helpers.js';
import { startFakeAws, type FakeAws } from '../fake-aws/server.js';
import { createEc2 } from '../fake-aws/services/ec2.js';
import { createIam } from '../fake-aws/services/iam.js';
import { createOrganizationsFake } from '../fake-aws/services/organizations.js';
import { createSageMakerInventory } from '../fake-aws/services/sagemaker-inventory.js';
import { createSts } from '../fake-aws/services/sts.js';
import type { FakeRequest, ServiceModule } from '../fake-aws/types.js';
import { PLANTED_SCRIPT } from './posture-fixture.js';
import { UNPACED, runCli } from './run-cli.js';

const MANAGEMENT = '111122223333';
const MEMBER = '444455556666';
const DENIED = '777788889999';
const ROLE = 'SmIrResponder';

/** One module answering for every account, each request handed to the fake of its caller's account. */
function perAccount(modules: Record<string, ServiceModule>): ServiceModule {
  const first = Object.values(modules)[0]!;
  const ops = Object.keys(first.handlers);
  return { ...first, handlers: Object.fromEntries(ops.map((op) => [op, (req: FakeRequest) => modules[req.accountId ?? '']!.handlers[op]!(req)])) };
}

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accounts: { [ACCESS_KEY]: MANAGEMENT }, rateLimits: false });
  const sm = { [MANAGEMENT]: createSageMakerInventory({ account: MANAGEMENT }), [MEMBER]: createSageMakerInventory({ account: MEMBER }) };
  const iam = { [MANAGEMENT]: createIam({ account: MANAGEMENT }), [MEMBER]: createIam({ account: MEMBER }) };
  sm[MANAGEMENT].seed.notebook('us-east-1', 'nb-root', { RootAccess: 'Enabled' });
  sm[MEMBER].seed.notebook('us-east-1', 'nb-member');
  sm[MEMBER].seed.lifecycleConfig('us-east-1', 'lcc-planted', { onStart: [PLANTED_SCRIPT] });
  for (const i of Object.values(iam)) i.seed.role('SageMakerExecution');
  fake.register(perAccount({ [MANAGEMENT]: sm[MANAGEMENT].module, [MEMBER]: sm[MEMBER].module }));
  fake.register(perAccount({ [MANAGEMENT]: iam[MANAGEMENT].module, [MEMBER]: iam[MEMBER].module }));
  fake.register(createEc2(fake.regions));
  // DENIED has no such role (or does not trust the caller): AssumeRole is AccessDenied there.
  fake.register(createSts({}, { accessKeys: fake.accessKeys, roles: [`arn:aws:iam::${MEMBER}:role/${ROLE}`] }));
  fake.register(createOrganizationsFake({ managementAccountId: MANAGEMENT, accounts: [MANAGEMENT, MEMBER, DENIED], accountOf: (key) => fake.accessKeys.get(key) ?? 'unknown' }));
});
afterEach(async () => {
  expect(fake.handlerBugs).toEqual([]);
  await fake.close();
});

const posture = (args: string[]) => runCli(['posture', '--endpoint-url', fake.url, '--regions', 'us-east-1', ...args], { env: UNPACED });

describe('sm-ir posture --org', () => {
  it('reads every account it can (the caller\'s own with its credentials), names the one it cannot, and exits 4', async () => {
    const r = await posture(['--org', '--role-name', ROLE, '--output', 'json']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`account ${DENIED} not read: `);
    const doc = PostureReportSchema.parse(JSON.parse(r.stdout));
    expect(doc.account).toBeNull();
    expect(doc.accounts).toEqual([
      { account: MANAGEMENT, state: 'done', error: null },
      { account: MEMBER, state: 'done', error: null },
      { account: DENIED, state: 'failed', error: expect.stringContaining(`access denied assuming arn:aws:iam::${DENIED}:role/${ROLE}`) },
    ]);
    const failed = (check: string) => doc.findings.filter((f) => f.checkId === check).map((f) => `${f.account}/${f.resourceName}`);
    expect(failed('notebook-root-access')).toEqual([`${MANAGEMENT}/nb-root`]);
    expect(failed('lifecycle-script-suspicious')).toEqual([`${MEMBER}/lcc-planted`]);
    expect(doc.resources['notebook-instance']).toBe(2);
    expect(doc.partial).toBe(true);
    // Nothing found in the account not read is not "passed": every check says so.
    for (const c of doc.checks) expect(c.notReadIn, c.id).toContain(DENIED);
  });

  it('the table names each finding\'s account; --role-name without --org and --org without it are refused before any call', async () => {
    const table = await posture(['--org', '--role-name', ROLE]);
    expect(table.stdout).toContain(`2 of 3 accounts of the organization`);
    expect(table.stdout).toContain(`${MANAGEMENT}/us-east-1`);
    for (const [args, message] of [[['--role-name', ROLE], '--role-name goes with --org'], [['--org'], '--org needs --role-name']] as const) {
      fake.stats.reset();
      const r = await posture([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(fake.stats.calls).toEqual([]);
    }
  });
});
