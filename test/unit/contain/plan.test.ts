import { describe, expect, it } from 'vitest';
import { emptyInventory, type Inventory } from '../../../src/core/contain/model.js';
import { ACTION_IDS, buildPlan, type PlanInput } from '../../../src/core/contain/plan.js';
import { loadPlaybookFile } from '../../../src/playbook/load.js';
import { SmIrError, UsageError } from '../../../src/errors.js';

const data = loadPlaybookFile('containment');
const NOW = '2026-11-28T10:00:00.000Z';

/** In-memory account state for the planner: no mocks, no AWS. */
function inventory(build: (inv: Inventory) => void): Inventory {
  const inv = emptyInventory();
  build(inv);
  return inv;
}
function plan(action: string, targets: string[], inv: Inventory, options: PlanInput['options'] = {}) {
  return buildPlan({ action, region: 'us-east-1', targets, options, inventory: inv, data, now: NOW });
}
const ops = (p: ReturnType<typeof plan>) => p.steps.map((s) => `${s.operation} ${s.target}${s.state === 'already-done' ? ' (already-done)' : ''}`);

const twoEndpoints = inventory((inv) => {
  inv.endpoints = { 'ep-a': { status: 'InService', configName: 'cfg-a' }, 'ep-b': { status: 'InService', configName: 'cfg-shared' }, 'ep-c': { status: 'InService', configName: 'cfg-shared' } };
  inv.endpointConfigs = { 'cfg-a': { models: ['model-a', 'model-common'] }, 'cfg-shared': { models: ['model-common'] } };
  inv.models = { 'model-a': { executionRoleArn: null }, 'model-common': { executionRoleArn: null } };
});

describe('containment data', () => {
  it('has one planner per action and names an IAM permission for every call', () => {
    expect(data.actions.map((a) => a.id).sort()).toEqual([...ACTION_IDS].sort());
    for (const a of data.actions) for (const c of [...a.calls, ...a.evidence]) expect(c.permission).toBe(`${c.service}:${c.operation}`);
  });
  it('keeps the revoke policy the IAM console attaches', () => {
    expect(data.policies.revokeSessions.name).toBe('AWSRevokeOlderSessions');
    expect(JSON.stringify(data.policies.revokeSessions.document)).toContain('"DateLessThan":{"aws:TokenIssueTime":"${now}"}');
  });
});

describe('best effort (proposals from findings)', () => {
  it('lists a target it cannot plan as skipped, with why, and plans the others', () => {
    const inv = inventory((i) => {
      i.notebooks = { 'nb-1': { status: 'InService', rootAccess: 'Enabled', lifecycleConfigName: null }, 'nb-2': { status: 'Deleting', rootAccess: 'Enabled', lifecycleConfigName: null } };
    });
    const p = buildPlan({ action: 'stop-notebook', region: 'us-east-1', targets: ['nb-1', 'nb-2', 'gone'], options: {}, inventory: inv, data, now: NOW, bestEffort: true });
    expect(ops(p)).toEqual(['StopNotebookInstance notebook/nb-1']);
    expect(p.skipped).toEqual([
      { target: 'nb-2', reason: 'stop-notebook: notebook nb-2 is Deleting; the action starts from InService' },
      { target: 'gone', reason: "notebook instance 'gone' not found (looked in us-east-1); nothing was changed" },
    ]);
    expect(() => plan('stop-notebook', ['gone'], inv)).toThrow(/not found/);
  });
});

describe('delete-endpoint', () => {
  it('deletes only the endpoint by default', () => {
    expect(ops(plan('delete-endpoint', ['ep-a'], twoEndpoints))).toEqual(['DeleteEndpoint endpoint/ep-a']);
  });
  it('with --with-config --with-models deletes its config and the models no other endpoint uses', () => {
    const p = plan('delete-endpoint', ['ep-a'], twoEndpoints, { withConfig: true, withModels: true });
    expect(ops(p)).toEqual(['DeleteEndpoint endpoint/ep-a', 'DeleteEndpointConfig endpoint-config/cfg-a', 'DeleteModel model/model-a']);
    expect(p.kept).toEqual([{ target: 'model/model-common', reason: 'still used by endpoint ep-b, ep-c' }]);
    expect(p.steps.map((s) => s.permission)).toEqual(['sagemaker:DeleteEndpoint', 'sagemaker:DeleteEndpointConfig', 'sagemaker:DeleteModel']);
  });
  it('never deletes a config another endpoint still uses, unless that endpoint goes too', () => {
    const one = plan('delete-endpoint', ['ep-b'], twoEndpoints, { withConfig: true });
    expect(ops(one)).toEqual(['DeleteEndpoint endpoint/ep-b']);
    expect(one.kept[0]).toEqual({ target: 'endpoint-config/cfg-shared', reason: 'still used by endpoint ep-c' });
    const both = plan('delete-endpoint', ['ep-b', 'ep-c'], twoEndpoints, { withConfig: true });
    expect(ops(both)).toContain('DeleteEndpointConfig endpoint-config/cfg-shared');
  });
  it('waits for an endpoint still Creating to settle before deleting it (AWS refuses until then)', () => {
    const inv = inventory((i) => {
      i.endpoints = { 'ep-new': { status: 'Creating', configName: 'cfg' } };
    });
    const ready = plan('delete-endpoint', ['ep-new'], inv).steps[0]?.ready;
    expect(ready?.match?.EndpointStatus).toContain('InService');
    expect(ready?.match?.EndpointStatus).toContain('Failed');
    expect(ready?.match?.EndpointStatus).not.toContain('Creating');
    expect(plan('delete-endpoint', ['ep-a'], twoEndpoints).steps[0]?.ready).toBeNull();
  });
  it('refuses a missing endpoint, naming where it looked, unless an earlier run of the case deleted it', () => {
    const where = { action: 'delete-endpoint', region: 'eu-west-1', account: '111122223333', targets: ['gone-ep'], options: {}, inventory: twoEndpoints, data, now: NOW };
    expect(() => buildPlan(where)).toThrow("endpoint 'gone-ep' not found (looked in eu-west-1, account 111122223333); nothing was changed");
    expect(() => buildPlan({ ...where, deletedEarlier: ['endpoint/other-ep'] })).toThrow(/not found/);
    expect(ops(buildPlan({ ...where, deletedEarlier: ['endpoint/gone-ep'] }))).toEqual(['DeleteEndpoint endpoint/gone-ep (already-done)']);
  });
  it('refuses a missing endpoint config or model; one deleted earlier by the case is already done', () => {
    expect(() => plan('delete-endpoint-config', ['gone-cfg'], twoEndpoints)).toThrow("endpoint config 'gone-cfg' not found (looked in us-east-1)");
    expect(() => plan('delete-model', ['gone-model'], twoEndpoints)).toThrow("model 'gone-model' not found (looked in us-east-1)");
    const earlier = { action: 'delete-model', region: 'us-east-1', targets: ['gone-model'], options: {}, inventory: twoEndpoints, data, now: NOW, deletedEarlier: ['model/gone-model'] };
    expect(ops(buildPlan(earlier))).toEqual(['DeleteModel model/gone-model (already-done)']);
  });
});

describe('delete-endpoint-config / delete-model', () => {
  it('a config or model is free once an earlier plan of the same run deletes the endpoints using it', () => {
    const input = (action: string, targets: string[], endpointsDeletedBefore: string[]) =>
      buildPlan({ action, region: 'us-east-1', targets, options: {}, inventory: twoEndpoints, data, now: NOW, endpointsDeletedBefore });
    expect(() => input('delete-endpoint-config', ['cfg-shared'], ['ep-b'])).toThrow(/in use by endpoint ep-c/);
    expect(ops(input('delete-endpoint-config', ['cfg-shared'], ['ep-b', 'ep-c']))).toEqual(['DeleteEndpointConfig endpoint-config/cfg-shared']);
    expect(ops(input('delete-model', ['model-common'], ['ep-a', 'ep-b', 'ep-c']))).toEqual(['DeleteModel model/model-common']);
  });

  it('refuses a config or model an endpoint uses', () => {
    expect(() => plan('delete-endpoint-config', ['cfg-shared'], twoEndpoints)).toThrow(/in use by endpoint ep-b, ep-c/);
    expect(() => plan('delete-model', ['model-common'], twoEndpoints)).toThrow(/in use by endpoint/);
  });
  it('deletes unused ones, waiting until gone', () => {
    const inv = inventory((i) => (i.endpointConfigs = { orphan: { models: [] } }));
    const p = plan('delete-endpoint-config', ['orphan'], inv);
    expect(ops(p)).toEqual(['DeleteEndpointConfig endpoint-config/orphan']);
    expect(p.steps[0]?.done).toMatchObject({ operation: 'DescribeEndpointConfig', gone: true });
  });
});

describe('delete-domain', () => {
  const inv = inventory((i) => {
    i.domains['d-abc123def456'] = {
      status: 'InService',
      apps: [
        { appType: 'JupyterServer', appName: 'default', status: 'InService', userProfileName: 'alice', spaceName: null },
        { appType: 'KernelGateway', appName: 'kg-1', status: 'Failed', userProfileName: 'alice', spaceName: null },
        { appType: 'JupyterLab', appName: 'lab', status: 'InService', userProfileName: null, spaceName: 'shared' },
        { appType: 'JupyterServer', appName: 'old', status: 'Deleted', userProfileName: 'bob', spaceName: null },
      ],
      userProfiles: [{ name: 'alice', status: 'InService' }, { name: 'bob', status: 'InService' }],
      spaces: [{ name: 'shared', status: 'InService' }],
    };
  });
  it('orders apps (not Failed/Deleted) -> spaces -> profiles -> domain, retaining EFS', () => {
    const p = plan('delete-domain', ['d-abc123def456'], inv);
    expect(p.steps.map((s) => s.operation)).toEqual(['DeleteApp', 'DeleteApp', 'DeleteSpace', 'DeleteUserProfile', 'DeleteUserProfile', 'DeleteDomain']);
    expect(p.steps[0]?.parameters).toEqual({ DomainId: 'd-abc123def456', AppType: 'JupyterServer', AppName: 'default', UserProfileName: 'alice' });
    expect(p.steps[1]?.parameters).toMatchObject({ SpaceName: 'shared' });
    expect(p.steps.at(-1)?.parameters).toEqual({ DomainId: 'd-abc123def456', RetentionPolicy: { HomeEfsFileSystem: 'Retain' } });
  });
  it('deletes the home EFS only with --delete-home-efs', () => {
    const p = plan('delete-domain', ['d-abc123def456'], inv, { deleteHomeEfs: true });
    expect(p.steps.at(-1)?.parameters).toMatchObject({ RetentionPolicy: { HomeEfsFileSystem: 'Delete' } });
  });
  it('a missing domain is refused, or already done when an earlier run of the case deleted it', () => {
    expect(() => plan('delete-domain', ['d-000000000000'], inv)).toThrow("domain 'd-000000000000' not found (looked in us-east-1)");
    const earlier = { action: 'delete-domain', region: 'us-east-1', targets: ['d-000000000000'], options: {}, inventory: inv, data, now: NOW, deletedEarlier: ['domain/d-000000000000'] };
    expect(ops(buildPlan(earlier))).toEqual(['DeleteDomain domain/d-000000000000 (already-done)']);
  });
});

describe('notebooks', () => {
  const nbs = inventory((i) => {
    i.notebooks = {
      running: { status: 'InService', rootAccess: 'Enabled', lifecycleConfigName: 'lcc-evil' },
      stopped: { status: 'Stopped', rootAccess: 'Enabled', lifecycleConfigName: null },
      locked: { status: 'InService', rootAccess: 'Disabled', lifecycleConfigName: null },
      other: { status: 'Stopped', rootAccess: 'Enabled', lifecycleConfigName: 'lcc-shared' },
      pending: { status: 'Pending', rootAccess: 'Enabled', lifecycleConfigName: null },
      clean: { status: 'InService', rootAccess: 'Enabled', lifecycleConfigName: null },
    };
    i.lifecycleConfigs = { 'lcc-evil': { notebooks: ['running'] } };
  });
  it('disable-root-access: stop, update, start again only if it was running', () => {
    expect(ops(plan('disable-root-access', ['clean'], nbs))).toEqual([
      'StopNotebookInstance notebook/clean',
      'UpdateNotebookInstance notebook/clean',
      'StartNotebookInstance notebook/clean',
    ]);
    expect(ops(plan('disable-root-access', ['clean'], nbs, { noRestart: true }))).toHaveLength(2);
    expect(ops(plan('disable-root-access', ['stopped'], nbs))).toEqual(['UpdateNotebookInstance notebook/stopped']);
    const update = plan('disable-root-access', ['stopped'], nbs).steps[0];
    expect(update?.parameters).toEqual({ NotebookInstanceName: 'stopped', RootAccess: 'Disabled' });
    expect(update?.ready?.match).toEqual({ NotebookInstanceStatus: ['Stopped'] });
  });
  it('disable-root-access never restarts into an attached lifecycle script unless --restart, and says why', () => {
    const p = plan('disable-root-access', ['running'], nbs);
    expect(ops(p)).toEqual(['StopNotebookInstance notebook/running', 'UpdateNotebookInstance notebook/running']);
    expect(p.kept).toEqual([{ target: 'notebook/running', reason: expect.stringMatching(/^left stopped: restarting would run the OnStart script of lifecycle configuration lcc-evil as root/) }]);
    expect(ops(plan('disable-root-access', ['running'], nbs, { noRestart: false }))).toContain('StartNotebookInstance notebook/running');
    // Detached by an earlier plan of the same run: nothing left to run, so it restarts.
    const after = buildPlan({ action: 'disable-root-access', region: 'us-east-1', targets: ['running'], options: {}, inventory: nbs, data, now: NOW, lifecycleDetachedBefore: ['running'] });
    expect(ops(after)).toContain('StartNotebookInstance notebook/running');
    expect(after.kept).toEqual([]);
  });
  it('root already disabled is already done; a transitional state is refused', () => {
    expect(ops(plan('disable-root-access', ['locked'], nbs))).toEqual(['UpdateNotebookInstance notebook/locked (already-done)']);
    expect(() => plan('disable-root-access', ['pending'], nbs)).toThrow(/is Pending; the action starts from InService, Stopped/);
    expect(() => plan('disable-root-access', ['nope'], nbs)).toThrow(SmIrError);
  });
  it('stop-notebook and delete-notebook', () => {
    expect(ops(plan('stop-notebook', ['stopped'], nbs))).toEqual(['StopNotebookInstance notebook/stopped (already-done)']);
    expect(ops(plan('delete-notebook', ['running'], nbs))).toEqual(['StopNotebookInstance notebook/running', 'DeleteNotebookInstance notebook/running']);
    expect(() => plan('delete-notebook', ['nope'], nbs)).toThrow("notebook instance 'nope' not found (looked in us-east-1)");
  });
  it('detach-lifecycle-config --delete deletes the config only when no other notebook uses it', () => {
    expect(ops(plan('detach-lifecycle-config', ['running'], nbs, { deleteLifecycleConfig: true }))).toEqual([
      'StopNotebookInstance notebook/running',
      'UpdateNotebookInstance notebook/running',
      'StartNotebookInstance notebook/running',
      'DeleteNotebookInstanceLifecycleConfig lifecycle-config/lcc-evil',
    ]);
    const shared = inventory((i) => {
      i.notebooks = { other: { status: 'Stopped', rootAccess: 'Enabled', lifecycleConfigName: 'lcc-shared' } };
      i.lifecycleConfigs = { 'lcc-shared': { notebooks: ['other', 'second'] } };
    });
    const p = plan('detach-lifecycle-config', ['other'], shared, { deleteLifecycleConfig: true });
    expect(ops(p)).toEqual(['UpdateNotebookInstance notebook/other']);
    expect(p.kept).toEqual([{ target: 'lifecycle-config/lcc-shared', reason: 'still used by notebook second' }]);
    expect(ops(plan('detach-lifecycle-config', ['stopped'], nbs))).toEqual(['UpdateNotebookInstance notebook/stopped (already-done)']);
  });
});

describe('stop-job', () => {
  const inv = inventory((i) => (i.jobs = { 'training/t1': { status: 'InProgress' }, 'tuning/h1': { status: 'Completed' } }));
  it('uses the operation of the job type', () => {
    const p = plan('stop-job', ['t1'], inv, { jobType: 'training' });
    expect(p.steps[0]).toMatchObject({ operation: 'StopTrainingJob', permission: 'sagemaker:StopTrainingJob', parameters: { TrainingJobName: 't1' }, state: 'pending' });
    expect(ops(plan('stop-job', ['h1'], inv, { jobType: 'tuning' }))).toEqual(['StopHyperParameterTuningJob tuning-job/h1 (already-done)']);
    expect(() => plan('stop-job', ['t1'], inv)).toThrow(UsageError);
  });
});

describe('roles', () => {
  const inv = inventory((i) => {
    i.roles = { attacker: { path: '/', inlinePolicies: [] }, done: { path: '/', inlinePolicies: ['sm-ir-quarantine'] }, slr: { path: '/aws-service-role/sagemaker.amazonaws.com/', inlinePolicies: [] } };
  });
  it('quarantine-role attaches the deny-all policy from the data; already attached is done', () => {
    const s = plan('quarantine-role', ['attacker'], inv).steps[0];
    expect(s).toMatchObject({ service: 'iam', operation: 'PutRolePolicy', permission: 'iam:PutRolePolicy', state: 'pending' });
    expect(JSON.parse(String(s?.parameters.PolicyDocument))).toEqual(data.policies.quarantine.document);
    expect(ops(plan('quarantine-role', ['done'], inv))).toEqual(['PutRolePolicy role/done (already-done)']);
  });
  it('revoke-sessions denies sessions issued before the plan time', () => {
    const s = plan('revoke-sessions', ['attacker'], inv).steps[0];
    expect(s?.parameters.PolicyName).toBe('AWSRevokeOlderSessions');
    expect(JSON.parse(String(s?.parameters.PolicyDocument)).Statement[0].Condition).toEqual({ DateLessThan: { 'aws:TokenIssueTime': NOW } });
  });
  it('refuses service-linked and missing roles', () => {
    expect(() => plan('revoke-sessions', ['slr'], inv)).toThrow(/service-linked/);
    expect(() => plan('quarantine-role', ['ghost'], inv)).toThrow(/not found/);
    // IAM is global: the account is where it looked, not the region.
    expect(() => buildPlan({ action: 'quarantine-role', region: 'us-east-1', account: '111122223333', targets: ['ghost'], options: {}, inventory: inv, data, now: NOW })).toThrow("IAM role 'ghost' not found (looked in account 111122223333)");
  });
});

it('an unknown action is a usage error listing the actions', () => {
  expect(() => plan('nuke', ['x'], emptyInventory())).toThrow(UsageError);
});
