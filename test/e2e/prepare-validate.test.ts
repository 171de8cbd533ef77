/**
 * `sm-ir prepare --apply-scps` through the built binary: every policy it is about to create or update
 * goes through IAM Access Analyzer ValidatePolicy (SERVICE_CONTROL_POLICY) on the wire-level fake
 * first; an ERROR (or an unaccepted SECURITY_WARNING) stops it with nothing changed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ScpPlanSchema } from '../../src/core/prepare/schema.js';
import { E2E_TIMEOUT, PARAMS, PREFIX, ROOT_ID, closeFixtures, documented, startPrepareFake } from './prepare-fixture.js';

afterEach(async () => {
  expect(await closeFixtures()).toEqual([]);
});

const APPLY = [...PARAMS, '--target', ROOT_ID, '--apply-scps', '--yes'];
const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
const hasSid = (sid: string) => (d: { Statement?: { Sid?: string }[] }) => d.Statement?.some((s) => s.Sid === sid) ?? false;

describe('sm-ir prepare --apply-scps: IAM Access Analyzer before any change', { timeout: E2E_TIMEOUT }, () => {
  it('a clean validation proceeds: ValidatePolicy on the exact content, then CreatePolicy and AttachPolicy', async () => {
    const f = await startPrepareFake();
    const r = await f.run([...APPLY, '--output', 'json']);
    expect(r.stderr).toContain('applied 2 change(s)');
    expect(r.code).toBe(0);
    const doc = documented(ScpPlanSchema, r.stdout);
    expect(doc.validation).toEqual({ policies: [`${PREFIX}-1`], findings: [], stopped: false });
    expect(f.analyzer.requests.map((q) => q.policyType)).toEqual(['SERVICE_CONTROL_POLICY']);
    expect(f.analyzer.requests[0]!.policyDocument).toBe(f.ours()[`${PREFIX}-1`]!.content);
    const order = f.fake.stats.calls.map((c) => c.operation).filter((o) => ['ValidatePolicy', 'CreatePolicy', 'AttachPolicy'].includes(o));
    expect(order).toEqual(['ValidatePolicy', 'CreatePolicy', 'AttachPolicy']);
  });

  it('an ERROR finding stops it with nothing changed (exit 1), naming the policy, statement and finding; --accept-findings all does not pass it', async () => {
    const f = await startPrepareFake();
    f.analyzer.stage(
      { findingType: 'ERROR', issueCode: 'INVALID_SERVICE_CONDITION_KEY', findingDetails: 'The condition key sagemaker:InstanceTypes is not valid here.', path: ['Statement', 3, 'Condition'] },
      hasSid('SageMakerLimitInstanceTypes'),
    );
    // Findings come in pages: the fake pages them as the API does.
    for (let i = 0; i < 120; i++) f.analyzer.stage({ findingType: 'SUGGESTION', issueCode: `SUGGESTION_${i}` });
    for (const extra of [[], ['--accept-findings', 'all']]) {
      const r = await f.run([...APPLY, ...extra]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`sm-ir: IAM Access Analyzer found 1 ERROR finding\\(s\\) in the SCPs; nothing was changed: ${PREFIX}-1: ERROR INVALID_SERVICE_CONDITION_KEY at Statement\\[3\\] \\(Sid \\w+\\)\\.Condition: The condition key`));
      expect(r.stderr).toContain('hint: an ERROR finding cannot be accepted');
      expect(r.stdout).toContain(`[STOPS] ${PREFIX}-1: ERROR INVALID_SERVICE_CONDITION_KEY`);
      noStackTrace(r.stderr);
    }
    expect(f.analyzer.requests.filter((q) => q.nextToken === undefined)).toHaveLength(2);
    expect(f.analyzer.requests.length).toBeGreaterThan(2);
    // Organizations untouched: no change, no audit log.
    expect(f.writes()).toEqual([]);
    expect(f.ours()).toEqual({});
    expect(f.auditAll()).toEqual([]);
  });

  it('a SECURITY_WARNING stops it until accepted by its id; then it deploys, the acceptance shown', async () => {
    const f = await startPrepareFake();
    f.analyzer.stage({ findingType: 'SECURITY_WARNING', issueCode: 'MISSING_PAIRED_CONDITION_KEYS', path: ['Statement', 0] });
    const stopped = await f.run(APPLY);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(`hint: review them; to deploy anyway, accept them by id: --accept-findings ${PREFIX}-1/MISSING_PAIRED_CONDITION_KEYS`);
    expect(f.writes()).toEqual([]);
    const accepted = await f.run([...APPLY, '--accept-findings', `${PREFIX}-1/MISSING_PAIRED_CONDITION_KEYS`]);
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toContain(`sm-ir: accepted: ${PREFIX}-1: SECURITY_WARNING MISSING_PAIRED_CONDITION_KEYS`);
    expect(f.writes()).toEqual(['CreatePolicy', 'AttachPolicy']);
  });

  it('names access-analyzer:ValidatePolicy when it is denied, and changes nothing', async () => {
    const f = await startPrepareFake();
    f.fake.faults.denyAccess({ operation: 'ValidatePolicy' });
    const r = await f.run(APPLY);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('access-analyzer:ValidatePolicy failed: access denied');
    expect(r.stderr).toContain('hint: the caller needs the IAM permission access-analyzer:ValidatePolicy');
    noStackTrace(r.stderr);
    expect(f.writes()).toEqual([]);
  });
});
