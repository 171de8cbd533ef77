/**
 * A case directory is trusted only after sm-ir has verified it (issue 15): a planted plan cannot
 * steer AWS calls, through the built binary against the fake.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contain, startWorld, type ContainWorld } from './contain-fake.js';

vi.setConfig({ testTimeout: 60_000 });

let w: ContainWorld;
beforeEach(async () => {
  w = await startWorld();
  w.sm.seed.notebook('nb1');
});
afterEach(async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
});

const operations = () => w.fake.stats.calls.map((c) => c.operation);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const identity = { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/attacker', userId: 'AIDAEXAMPLE' };

/** The plan `contain stop-notebook nb1` makes, with an attacker's step added. */
async function plantedPlan(): Promise<string> {
  const dry = await contain(w, ['stop-notebook', 'nb1', '--dry-run', '--output', 'json']);
  expect(dry.code).toBe(0);
  const doc = JSON.parse(dry.stdout) as { plans: { steps: Record<string, unknown>[] }[] };
  doc.plans[0]!.steps.push({
    n: 2,
    target: 'role/Victim',
    service: 'iam',
    operation: 'PutRolePolicy',
    permission: 'iam:PutRolePolicy',
    parameters: { RoleName: 'Victim', PolicyName: 'x', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' },
    expect: 'attached',
    ready: null,
    done: null,
    state: 'pending',
  });
  w.fake.stats.calls.length = 0;
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A case directory as sm-ir lays it out, holding `plan`, with a manifest that records its hash. */
function plantCase(plan: string, recordedHash = sha256(plan)): void {
  mkdirSync(join(w.caseDir, 'evidence', 'r1'), { recursive: true, mode: 0o700 });
  writeFileSync(join(w.caseDir, 'plan.json'), plan);
  writeFileSync(join(w.caseDir, 'evidence', 'r1', 'plan.json'), plan);
  const manifest = {
    schema: 'sm-ir/contain-manifest@1',
    caller: identity,
    region: 'us-east-1',
    runs: [{ run: 'r1', caller: identity, actions: [{ action: 'stop-notebook', targets: ['nb1'] }] }],
    files: [{ file: 'evidence/r1/plan.json', sha256: recordedHash, bytes: Buffer.byteLength(plan), run: 'r1' }],
  };
  writeFileSync(join(w.caseDir, 'manifest.json'), JSON.stringify(manifest));
}

describe('a saved plan is trusted only after it is verified', () => {
  it('a planted plan.json with an undeclared iam:PutRolePolicy step is refused before any AWS call, even with a matching manifest', async () => {
    plantCase(await plantedPlan());
    const r = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('step 2 calls iam:PutRolePolicy, which stop-notebook does not declare');
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(operations()).toEqual([]);
    expect(w.sm.state.notebooks.get('nb1')?.status).toBe('InService');
  });

  it('a plan.json whose SHA-256 is not the one the manifest recorded is refused before any AWS call', async () => {
    const plan = await plantedPlan();
    plantCase(plan, sha256('something else'));
    const r = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not the plan sm-ir recorded');
    expect(operations()).toEqual([]);
  });

  it('an audit log or evidence without a manifest is not a case sm-ir made: refused before any AWS call, nothing written', async () => {
    mkdirSync(join(w.caseDir, 'evidence'), { recursive: true, mode: 0o700 });
    writeFileSync(join(w.caseDir, 'audit.jsonl'), '');
    const r = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('holds audit.jsonl and evidence but no manifest.json: it is not a case directory sm-ir made');
    expect(operations()).toEqual([]);
    expect(readFileSync(join(w.caseDir, 'audit.jsonl'), 'utf8')).toBe('');
  });

  it('a plan.json without a manifest is refused before any AWS call', async () => {
    const plan = await plantedPlan();
    mkdirSync(w.caseDir, { recursive: true });
    writeFileSync(join(w.caseDir, 'plan.json'), plan);
    const r = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('has no manifest.json beside it');
    expect(operations()).toEqual([]);
  });

  it('a saved plan with a declared call but planted parameters is never replayed: the re-run derives the playbook\'s own', async () => {
    w.iam.seed.role('Victim');
    const first = await contain(w, ['quarantine-role', 'Victim', '--yes', '--case', w.caseDir]);
    expect(first.code, first.stderr).toBe(0);
    // The attacker rewrites the saved step into an Allow-all, re-hashes it into the manifest, and removes the deny.
    const allowAll = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    const doc = JSON.parse(readFileSync(join(w.caseDir, 'plan.json'), 'utf8')) as { plans: { steps: { parameters: Record<string, unknown> }[] }[] };
    doc.plans[0]!.steps[0]!.parameters.PolicyDocument = allowAll;
    const planted = `${JSON.stringify(doc, null, 2)}\n`;
    writeFileSync(join(w.caseDir, 'plan.json'), planted);
    const manifestPath = join(w.caseDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { files: { file: string; sha256: string }[] };
    const recorded = manifest.files.filter((f) => f.file.endsWith('plan.json')).at(-1)!;
    writeFileSync(join(w.caseDir, recorded.file), planted);
    recorded.sha256 = sha256(planted);
    writeFileSync(manifestPath, JSON.stringify(manifest));
    w.iam.state.roles.get('Victim')!.inline.clear();
    w.fake.stats.calls.length = 0;

    const again = await contain(w, ['quarantine-role', 'Victim', '--yes', '--case', w.caseDir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('plan derived from the current state');
    const put = w.fake.stats.calls.filter((c) => c.operation === 'PutRolePolicy');
    expect(put).toHaveLength(1);
    const attached = [...w.iam.state.roles.get('Victim')!.inline.values()].map((v) => JSON.stringify(v));
    expect(attached.join()).toContain('Deny');
    expect(attached.join()).not.toContain('"Allow"');
  });

  it('a saved plan whose declared step names another notebook steers nothing: only the asked notebook is stopped', async () => {
    w.sm.seed.notebook('nb2');
    const doc = JSON.parse(await plantedPlan()) as { plans: { steps: Record<string, unknown>[] }[] };
    doc.plans[0]!.steps = [{ ...doc.plans[0]!.steps[0]!, target: 'notebook/nb2', parameters: { NotebookInstanceName: 'nb2' } }];
    plantCase(`${JSON.stringify(doc, null, 2)}\n`);
    const r = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(w.sm.state.calls.filter((c) => c.startsWith('StopNotebookInstance '))).toEqual(['StopNotebookInstance {"NotebookInstanceName":"nb1"}']);
    expect(w.sm.state.notebooks.get('nb2')?.status).toBe('InService');
  });

  it('a genuine saved plan is still resumed', async () => {
    const first = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(first.code).toBe(0);
    const again = await contain(w, ['stop-notebook', 'nb1', '--yes', '--case', w.caseDir]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('Resuming the run saved in');
    expect(readFileSync(join(w.caseDir, 'plan.json'), 'utf8')).toContain('StopNotebookInstance');
  });
});
