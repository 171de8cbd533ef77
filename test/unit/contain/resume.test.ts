/**
 * A re-run re-derives its plan (issue 15): the planner starts from the state read now plus the few
 * facts a saved plan may carry; nothing else of the saved plan reaches an AWS call.
 */
import { describe, expect, it } from 'vitest';
import { emptyInventory, type Inventory, type Plan } from '../../../src/core/contain/model.js';
import { buildPlan, type PlanInput } from '../../../src/core/contain/plan.js';
import { carriedFrom } from '../../../src/core/contain/resume.js';
import { loadPlaybookFile } from '../../../src/playbook/load.js';
import { UsageError } from '../../../src/errors.js';

const data = loadPlaybookFile('containment');
const NOW = '2026-11-28T10:00:00.000Z';

function plan(action: string, targets: string[], build: (inv: Inventory) => void, extra: Partial<PlanInput> = {}, options: PlanInput['options'] = {}): Plan {
  const inventory = emptyInventory();
  build(inventory);
  return buildPlan({ action, region: 'us-east-1', targets, options, inventory, data, now: NOW, ...extra });
}
const ops = (p: Plan) => p.steps.map((s) => `${s.operation}${s.state === 'already-done' ? ' (already-done)' : ''}`);
const notebook = (status: string, rootAccess: string) => (inv: Inventory) => {
  inv.notebooks.nb1 = { status, rootAccess, lifecycleConfigName: null };
};

describe('disable-root-access resumed from each state an interrupted run leaves', () => {
  const resumed = { stoppedEarlier: ['nb1'] };
  it.each([
    ['Stopping', 'Enabled', ['StopNotebookInstance (already-done)', 'UpdateNotebookInstance', 'StartNotebookInstance']],
    ['Stopped', 'Enabled', ['StopNotebookInstance (already-done)', 'UpdateNotebookInstance', 'StartNotebookInstance']],
    ['Updating', 'Disabled', ['UpdateNotebookInstance (already-done)', 'StartNotebookInstance']],
    ['Stopped', 'Disabled', ['UpdateNotebookInstance (already-done)', 'StartNotebookInstance']],
    ['Pending', 'Disabled', ['UpdateNotebookInstance (already-done)', 'StartNotebookInstance']],
    ['InService', 'Disabled', ['UpdateNotebookInstance (already-done)', 'StartNotebookInstance (already-done)']],
  ])('%s with RootAccess %s', (status, root, expected) => {
    expect(ops(plan('disable-root-access', ['nb1'], notebook(status, root), resumed))).toEqual(expected);
  });

  it('without a saved plan, a notebook mid-transition is refused and a stopped one is not restarted', () => {
    expect(() => plan('disable-root-access', ['nb1'], notebook('Stopping', 'Enabled'))).toThrow(/is Stopping; the action starts from InService, Stopped/);
    expect(ops(plan('disable-root-access', ['nb1'], notebook('Stopped', 'Enabled')))).toEqual(['UpdateNotebookInstance']);
  });
});

describe('what a re-derived plan takes from the saved one', () => {
  it('a lifecycle configuration detached by the interrupted run is deleted if nothing uses it', () => {
    const lcc = (users: string[]) => (inv: Inventory) => {
      inv.notebooks.nb1 = { status: 'Stopped', rootAccess: 'Enabled', lifecycleConfigName: null };
      inv.lifecycleConfigs['lcc-evil'] = { notebooks: users };
    };
    const extra = { detachedLifecycleConfigs: { nb1: 'lcc-evil' } };
    const options = { deleteLifecycleConfig: true, noRestart: true };
    expect(ops(plan('detach-lifecycle-config', ['nb1'], lcc([]), extra, options))).toEqual(['UpdateNotebookInstance (already-done)', 'DeleteNotebookInstanceLifecycleConfig']);
    const kept = plan('detach-lifecycle-config', ['nb1'], lcc(['nb2']), extra, options);
    expect(ops(kept)).toEqual(['UpdateNotebookInstance (already-done)']);
    expect(kept.kept).toEqual([{ target: 'lifecycle-config/lcc-evil', reason: 'still used by notebook nb2' }]);
  });

  it('an endpoint deleted by the interrupted run still has its config deleted, unless another endpoint uses it', () => {
    const gone = (inv: Inventory) => {
      inv.endpointConfigs.cfg = { models: ['m'] };
      inv.models.m = { executionRoleArn: null };
    };
    const extra = { deletedEarlier: ['endpoint/ep'], deletedEndpoints: { ep: { config: 'cfg', models: ['m'] } } };
    expect(ops(plan('delete-endpoint', ['ep'], gone, extra, { withConfig: true, withModels: true }))).toEqual(['DeleteEndpoint (already-done)', 'DeleteEndpointConfig', 'DeleteModel']);
    const shared = (inv: Inventory) => {
      gone(inv);
      inv.endpoints.prod = { status: 'InService', configName: 'cfg' };
    };
    expect(ops(plan('delete-endpoint', ['ep'], shared, extra, { withConfig: true, withModels: true }))).toEqual(['DeleteEndpoint (already-done)']);
  });
});

describe('carriedFrom', () => {
  const saved = (over: Partial<Plan> = {}): Plan[] => [{
    action: 'detach-lifecycle-config', region: 'us-east-1', targets: ['nb1'], options: { deleteLifecycleConfig: true }, createdAt: NOW, kept: [], skipped: [],
    steps: ['notebook/nb1:StopNotebookInstance', 'notebook/nb1:UpdateNotebookInstance', 'lifecycle-config/lcc-evil:DeleteNotebookInstanceLifecycleConfig', 'notebook/nb9:StopNotebookInstance'].map((x, i) => {
      const [target, operation] = x.split(':') as [string, string];
      return { n: i + 1, target, operation, service: 'sagemaker', permission: `sagemaker:${operation}`, parameters: {}, expect: '', ready: null, done: null, state: 'pending' };
    }),
    ...over,
  }];
  const at = new Date('2026-11-28T11:00:00.000Z');

  it('takes the planning time, the notebooks stopped and the configuration detached, for the asked targets only', () => {
    expect(carriedFrom(saved(), at, 'plan.json')).toEqual({ createdAt: NOW, stoppedEarlier: ['nb1'], detachedLifecycleConfigs: { nb1: 'lcc-evil' }, deletedEndpoints: {} });
  });

  it('refuses a planning time that is not a past UTC instant, and a name AWS would not accept', () => {
    expect(() => carriedFrom(saved({ createdAt: '2027-01-01T00:00:00.000Z' }), at, 'plan.json')).toThrow(UsageError);
    expect(() => carriedFrom(saved({ createdAt: 'yesterday' }), at, 'plan.json')).toThrow(/planning time 'yesterday' is not a past UTC instant/);
    const bad = saved();
    bad[0]!.steps[2]!.target = 'lifecycle-config/../../x';
    expect(() => carriedFrom(bad, at, 'plan.json')).toThrow(/not a valid lifecycle-config name/);
  });
});
