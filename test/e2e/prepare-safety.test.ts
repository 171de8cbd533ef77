/**
 * `sm-ir prepare` through the built binary: every refusal happens before any change, races with
 * another admin or another sm-ir run are handled, bad input never reaches AWS, and Ctrl-C stops
 * between calls saying how far it got.
 */
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeAwsError, type FakeRequest } from '../fake-aws/types.js';
import { E2E_TIMEOUT, HAS_SCRIPT, MEMBER, OU_ID, PARAMS, PREFIX, ROOT_ID, closeFixtures, manyCidrs, smIrTags, startPrepareFake, type PrepareFixture } from './prepare-fixture.js';

afterEach(async () => {
  expect(await closeFixtures()).toEqual([]);
});

const APPLY = [...PARAMS, '--apply-scps', '--yes'];
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);

/** Wrap a fake handler: `before` runs first (another actor's move), then the real handler. */
function race(f: PrepareFixture, operation: string, before: (req: FakeRequest) => unknown, times = 1): void {
  const real = f.org.handlers[operation]!;
  let left = times;
  f.org.handlers[operation] = async (req) => {
    if (left-- > 0) await before(req);
    return real(req);
  };
}

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('sm-ir prepare: the 5-SCP limit', { timeout: E2E_TIMEOUT }, () => {
  it('counts what is attached before attaching and refuses, listing it, without any change', async () => {
    const f = await startPrepareFake();
    for (const n of ['c1', 'c2', 'c3', 'c4']) f.seedPolicy(n, [OU_ID]);
    const r = await f.run([...APPLY, '--target', OU_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${OU_ID} would carry 6 SCPs, over the Organizations limit of 5; attached now: FullAWSAccess (p-FullAWSAccess), c1`);
    expect(r.stderr).toContain('hint: detach a policy from the target, attach the guardrails to a parent OU instead');
    expect(f.writes()).toEqual([]);
    expect(f.ours()).toEqual({});
  });

  it('fills the last free slot exactly', async () => {
    const f = await startPrepareFake();
    for (const n of ['c1', 'c2', 'c3']) f.seedPolicy(n, [OU_ID]);
    expect((await f.run([...APPLY, '--target', OU_ID])).code).toBe(0);
    expect(f.attached(OU_ID)).toHaveLength(5);
  });

  it('counts every policy of a split deployment', async () => {
    const f = await startPrepareFake();
    for (const n of ['c1', 'c2', 'c3']) f.seedPolicy(n, [OU_ID]);
    const plan = await f.run(['--allowed-ip', ...manyCidrs(200), '--allowed-instance-types', 'ml.t3.medium', '--output', 'json']);
    expect((JSON.parse(plan.stdout) as { policies: unknown[] }).policies).toHaveLength(2);
    const r = await f.run(['--allowed-ip', ...manyCidrs(200), '--allowed-instance-types', 'ml.t3.medium', '--target', OU_ID, '--apply-scps', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('would carry 6 SCPs');
    expect(f.writes()).toEqual([]);
  });

  it('explains ConstraintViolationException when another admin takes the last slot mid-apply; a re-run finishes', async () => {
    const f = await startPrepareFake();
    for (const n of ['c1', 'c2', 'c3']) f.seedPolicy(n, [OU_ID]);
    let racer = '';
    race(f, 'CreatePolicy', () => (racer = f.seedPolicy('someone-else', [OU_ID])));
    const r = await f.run([...APPLY, '--target', OU_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('organizations:AttachPolicy failed: Organizations refused: MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    expect(r.stderr).toContain('(after 1 of 2 change(s); fix the cause and re-run');
    expect(r.stderr).toContain('hint: the target already carries 5 SCPs');
    noStackTrace(r.stderr);
    expect(f.audit().map((a) => `${a.operation}:${a.outcome}:${a.error?.code ?? ''}`)).toEqual([
      'CreatePolicy:ok:', 'AttachPolicy:error:ConstraintViolationException',
    ]);

    f.org.state.attachments.get(racer)!.delete(OU_ID);
    f.fake.stats.reset();
    expect((await f.run([...APPLY, '--target', OU_ID])).code).toBe(0);
    expect(f.writes()).toEqual(['AttachPolicy']);
    expect(f.ours()[`${PREFIX}-1`]!.targets).toEqual([OU_ID]);
  });
});

describe('sm-ir prepare: DuplicatePolicyException on create', { timeout: E2E_TIMEOUT }, () => {
  it("adopts sm-ir's own policy created by a racing run, bringing its content up to date", async () => {
    const f = await startPrepareFake();
    race(f, 'CreatePolicy', (req) => f.seedPolicy(String(req.input.Name), [], smIrTags()));
    const r = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(r.stderr).toContain(`${PREFIX}-1 already existed with sm-ir's tag`);
    expect(r.stderr).toContain('adopted it and updated its content');
    expect(r.code).toBe(0);
    expect(f.writes()).toEqual(['CreatePolicy', 'UpdatePolicy', 'TagResource', 'AttachPolicy']);
    const ours = f.ours();
    expect(Object.keys(ours)).toEqual([`${PREFIX}-1`]);
    expect(ours[`${PREFIX}-1`]!.targets).toEqual([ROOT_ID]);
    expect(ours[`${PREFIX}-1`]!.content).toContain('RestrictUrlToIp');
    f.fake.stats.reset();
    expect((await f.run([...APPLY, '--target', ROOT_ID])).code).toBe(0);
    expect(f.writes()).toEqual([]);
  });

  it('leaves a same-named policy that is not tagged as sm-ir\'s alone, and says what to do', async () => {
    const f = await startPrepareFake();
    let theirs = '';
    race(f, 'CreatePolicy', (req) => (theirs = f.seedPolicy(String(req.input.Name), [])));
    const r = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`organizations:CreatePolicy failed: a policy named ${PREFIX}-1 already exists`);
    expect(r.stderr).toContain("hint: it is not sm-ir's (sm-ir's carry the id and content-hash tags it generated), so sm-ir left it alone");
    expect(f.writes()).toEqual(['CreatePolicy']);
    expect(f.org.state.policies.get(theirs)!.content).toContain('"Sid":"Customer"');
    expect(f.attached(ROOT_ID)).toEqual(['FullAWSAccess']);
  });
});

describe('sm-ir prepare: policies that only look like sm-ir\'s', { timeout: E2E_TIMEOUT }, () => {
  it('apply and --remove leave look-alikes untouched (a name prefix, a copied tag, edited content) and report them', async () => {
    const f = await startPrepareFake();
    const seven = f.seedPolicy(`${PREFIX}-7`, [OU_ID], { 'managed-by': 'sm-ir' });
    const custom = f.seedPolicy(`${PREFIX}-x-custom`, [OU_ID], smIrTags());
    const edited = f.seedPolicy(`${PREFIX}-3`, [ROOT_ID], smIrTags('{"Version":"2012-10-17","Statement":[]}'));
    const snapshot = () => [seven, custom, edited].map((id) => ({ ...f.org.state.policies.get(id)!, tags: { ...f.org.state.policies.get(id)!.tags }, targets: [...(f.org.state.attachments.get(id) ?? [])] }));
    const before = snapshot();

    const plan = await f.run([...PARAMS, '--target', OU_ID, '--output', 'json']);
    expect(plan.code).toBe(0);
    const doc = JSON.parse(plan.stdout) as { leftAlone: { id: string; why: string }[] };
    expect(doc.leftAlone.map((l) => `${l.id}: ${l.why}`).sort()).toEqual([
      `${custom}: its name is not one sm-ir generates (${PREFIX}-<n>)`,
      `${edited}: its content was changed outside sm-ir (it no longer matches its sm-ir:content-sha256 tag)`,
      `${seven}: it has no sm-ir:policy-id tag sm-ir generated`,
    ].sort());

    const applied = await f.run([...APPLY, '--target', OU_ID]);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("Left alone (not sm-ir's)");
    expect(applied.stdout).toContain(`- ${PREFIX}-7 (${seven}): it has no sm-ir:policy-id tag`);
    expect(f.writes()).toEqual(['CreatePolicy', 'AttachPolicy']);
    const removed = await f.run(['--remove', '--yes']);
    expect(removed.code).toBe(0);
    expect(f.writes()).toEqual(['CreatePolicy', 'AttachPolicy', 'DetachPolicy', 'DeletePolicy']);
    expect(f.ours()).toEqual({});
    expect(snapshot()).toEqual(before);
  });
});

describe('sm-ir prepare: refusals before any change', { timeout: E2E_TIMEOUT }, () => {
  it('guardrails that do nothing are refused before any call, each named (exit 2): non-addresses, match-all ranges and types', async () => {
    const f = await startPrepareFake();
    const cases: [string[], string][] = [
      [['--allowed-ip', ':/0'], "--allowed-ip: ':/0' is not a CIDR"],
      [['--allowed-ip', ':::/0'], "--allowed-ip: ':::/0' is not a CIDR"],
      [['--allowed-ip', '1:2:3:4:5:6:7:8:9:a:b:c/64'], "'1:2:3:4:5:6:7:8:9:a:b:c/64' is not a CIDR"],
      [['--allowed-ip', '0.0.0.0/0'], '0.0.0.0/0 allows every address (pass --allow-broad if that is meant)'],
      [['--allowed-ip', '::/0'], '::/0 allows every address'],
      [['--allowed-ip', '203.0.113.0/24', '--allowed-instance-types', 'ml.*.*'], 'ml.*.* matches every instance type'],
    ];
    const runs = await Promise.all(cases.map(([flags]) => f.run([...PARAMS, ...flags, '--target', ROOT_ID, '--apply-scps', '--yes'])));
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(cases[i]![1]);
      noStackTrace(r.stderr);
    });
    expect(f.fake.stats.calls).toEqual([]);
  });

  it('refuses an organization without all features', async () => {
    const f = await startPrepareFake({ org: { featureSet: 'CONSOLIDATED_BILLING' } });
    const r = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('has feature set CONSOLIDATED_BILLING: SCPs need all features');
    expect(f.writes()).toEqual([]);
  });

  it('refuses an account outside any organization', async () => {
    const f = await startPrepareFake({ callerAccount: '999988887777' });
    const r = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('this account is not a member of an organization');
    expect(f.writes()).toEqual([]);
  });

  it('refuses a member account that is neither the management account nor a delegated administrator', async () => {
    const f = await startPrepareFake({ callerAccount: MEMBER });
    const r = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`account ${MEMBER} is neither the management account (111122223333) nor a delegated administrator`);
    expect(f.writes()).toEqual([]);
  });

  it('accepts a delegated administrator', async () => {
    const f = await startPrepareFake({ callerAccount: MEMBER, org: { delegatedAdministrators: [MEMBER] } });
    const r = await f.run([...APPLY, '--target', OU_ID, '--output', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { organization: { callerRole: string } }).organization.callerRole).toBe('delegated-administrator');
    expect(f.ours()[`${PREFIX}-1`]!.targets).toEqual([OU_ID]);
  });

  it("accepts an account the organization's delegation policy lets manage SCPs", async () => {
    const f = await startPrepareFake({ callerAccount: MEMBER, org: { policyDelegates: [MEMBER] } });
    const r = await f.run([...APPLY, '--target', OU_ID, '--output', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { organization: { callerRole: string } }).organization.callerRole).toBe('delegated-administrator');
    expect(f.fake.stats.count({ operation: 'DescribeResourcePolicy' }, 'ok')).toBe(1);
    expect(f.ours()[`${PREFIX}-1`]!.targets).toEqual([OU_ID]);
  });

  it('refuses when the SCP policy type is off; --enable-policy-type enables it as part of the plan', async () => {
    const f = await startPrepareFake({ org: { scpEnabled: false } });
    const off = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(off.code).toBe(1);
    expect(off.stderr).toContain(`the SERVICE_CONTROL_POLICY policy type is not enabled on root ${ROOT_ID}`);
    expect(off.stderr).toContain('hint: re-run with --enable-policy-type');
    expect(f.writes()).toEqual([]);

    const on = await f.run([...APPLY, '--target', ROOT_ID, '--enable-policy-type']);
    expect(on.code).toBe(0);
    expect(on.stdout).toContain(`1. enable the SERVICE_CONTROL_POLICY policy type on ${ROOT_ID}`);
    expect(f.writes()).toEqual(['EnablePolicyType', 'CreatePolicy', 'AttachPolicy']);
    expect(f.attached(ROOT_ID)).toEqual(['FullAWSAccess', `${PREFIX}-1`]);
  });

  it('after EnablePolicyType, waits while the type is PENDING_ENABLE before attaching (which AWS refuses until then)', async () => {
    const f = await startPrepareFake({ org: { scpEnabled: false, pendingEnableListRoots: 2 } });
    const r = await f.run([...APPLY, '--target', ROOT_ID, '--enable-policy-type']);
    expect(r.code, r.stderr).toBe(0);
    expect(f.writes()).toEqual(['EnablePolicyType', 'CreatePolicy', 'AttachPolicy']);
    expect(f.fake.stats.count({ operation: 'AttachPolicy' }, 'ok')).toBe(1);
    // One ListRoots to plan, then polls: two PENDING_ENABLE answers and the ENABLED one.
    expect(f.fake.stats.count({ operation: 'ListRoots' })).toBe(4);
    expect(f.attached(ROOT_ID)).toEqual(['FullAWSAccess', `${PREFIX}-1`]);
  });

  it.each([
    ['--apply-scps', [...PARAMS, '--target', ROOT_ID, '--apply-scps']],
    ['--remove', ['--remove']],
  ])('%s without --yes and without a TTY shows the plan, then refuses (exit 2) with no change', async (_flag, args) => {
    const f = await startPrepareFake();
    if (args.includes('--remove')) expect((await f.run([...APPLY, '--target', ROOT_ID])).code).toBe(0);
    f.fake.stats.reset();
    const r = await f.run(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(args.includes('--remove') ? `1. detach ${PREFIX}-1` : `1. create policy ${PREFIX}-1`);
    expect(r.stderr).toContain('refusing to change AWS without confirmation: no TTY to ask on');
    expect(f.writes()).toEqual([]);
  });

  it.each([
    ['an OU', 'ou-abcd-12345678'],
    ['an account', '999988887777'],
    ['a root', 'r-abcd'],
  ])('says when the target is %s outside this organization (exit 2), changing nothing', async (_what, target) => {
    const f = await startPrepareFake();
    const r = await f.run([...APPLY, '--target', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--target ${target} is not a root, OU or account of this organization (its root is ${ROOT_ID})`);
    expect(f.writes()).toEqual([]);
  });

  it.skipIf(!HAS_SCRIPT)('on a TTY asks after the plan: anything but y changes nothing (exit 2), y applies', async () => {
    const f = await startPrepareFake();
    const no = await f.runInTty([...PARAMS, '--target', ROOT_ID, '--apply-scps'], 'n');
    expect(no.output).toContain(`1. create policy ${PREFIX}-1`);
    expect(no.output).toMatch(/Apply 2 change\(s\) to r-examplerootid111 \(2 call\(s\)\)\? \[y\/N\]/);
    expect(no.output).toContain('not confirmed: nothing was changed');
    expect(no.code).toBe(2);
    expect(f.writes()).toEqual([]);
    const yes = await f.runInTty([...PARAMS, '--target', ROOT_ID, '--apply-scps'], 'y');
    expect(yes.code).toBe(0);
    expect(yes.output).toContain('applied 2 change(s)');
    expect(f.writes()).toEqual(['CreatePolicy', 'AttachPolicy']);
  });

  it('names the missing IAM action when Organizations denies a read, and changes nothing', async () => {
    const f = await startPrepareFake();
    f.fake.faults.denyAccess({ operation: 'ListPolicies' });
    const r = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('organizations:ListPolicies');
    noStackTrace(r.stderr);
    expect(f.writes()).toEqual([]);
  });

  it('names the missing IAM action when Organizations denies a change', async () => {
    const f = await startPrepareFake();
    f.fake.faults.denyAccess({ operation: 'AttachPolicy' });
    const r = await f.run([...APPLY, '--target', ROOT_ID]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('organizations:AttachPolicy');
    expect(r.stderr).toContain('after 1 of 2 change(s)');
    noStackTrace(r.stderr);
  });

  it("retries throttled calls with backoff (Organizations' own TooManyRequestsException included) and finishes", async () => {
    const f = await startPrepareFake();
    f.fake.faults.throttle({ operation: 'CreatePolicy' }, 1);
    let busy = 2;
    race(f, 'AttachPolicy', () => {
      if (busy-- > 0) throw new FakeAwsError('TooManyRequestsException', 'You have sent too many requests in too short a period of time.');
    }, 3);
    expect((await f.run([...APPLY, '--target', ROOT_ID])).code).toBe(0);
    expect(f.fake.stats.throttles({ operation: 'CreatePolicy' })).toBe(1);
    expect(f.fake.stats.count({ operation: 'AttachPolicy' }, 'TooManyRequestsException')).toBe(2);
    expect(Object.keys(f.ours())).toEqual([`${PREFIX}-1`]);
    expect(f.attached(ROOT_ID)).toContain(`${PREFIX}-1`);
  });
});

describe('sm-ir prepare: bad input is rejected before any AWS call (exit 2)', { timeout: E2E_TIMEOUT }, () => {
  it.each([
    // One or two cases per command here (the binary's contract); every per-flag case runs in process: test/unit/cli/usage-errors.test.ts.
    ['a target that is no root, OU or account', ['--target', 'ou-bad'], /--target: 'ou-bad' is not a root, OU or account id/],
    ['two modes at once', ['--apply-scps', '--remove', '--target', ROOT_ID], /separate runs: pick one/],
  ])('%s', async (_what, args, message) => {
    const f = await startPrepareFake();
    const r = await f.run([...PARAMS, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    noStackTrace(r.stderr);
    expect(f.fake.stats.calls).toEqual([]);
  });
});

describe('sm-ir prepare: Ctrl-C during apply', { timeout: E2E_TIMEOUT }, () => {
  it('stops after the call in flight, says how far it got (exit 130), and a re-run finishes', async () => {
    const f = await startPrepareFake();
    let child: ChildProcess | undefined;
    let stderr = '';
    race(f, 'CreatePolicy', async () => {
      child!.kill('SIGINT');
      await until(() => stderr.includes('stopping after the current call'), 'the CLI to see Ctrl-C');
    });
    const r = await f.run([...APPLY, '--target', ROOT_ID], {
      onSpawn: (c) => {
        child = c;
        c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      },
    });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('interrupted after 1 of 2 change(s); re-run to finish');
    expect(f.writes()).toEqual(['CreatePolicy']);
    expect(f.audit().map((a) => a.operation)).toEqual(['CreatePolicy']);

    f.fake.stats.reset();
    expect((await f.run([...APPLY, '--target', ROOT_ID])).code).toBe(0);
    expect(f.writes()).toEqual(['AttachPolicy']);
  });
});
