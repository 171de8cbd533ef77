import { UsageError } from '../../errors.js';
import type { Plan } from './model.js';
import { parseTarget } from './names.js';

/**
 * What a saved plan of the same command may carry into a re-run, and nothing else: the plan itself
 * is always re-derived by the planner from the action, targets, options and the state read now, so a
 * step, a parameter or a target can never come from a file. Only facts the current state no longer
 * shows are taken over, each checked and bounded to the targets asked for.
 */
export interface Carried {
  /** The first run's planning time: revoke-sessions denies sessions issued before it, and a re-run keeps it. */
  createdAt: string;
  /** Notebooks the saved plan stops (or restarts) for an update: they were running, so they are restarted. */
  stoppedEarlier: string[];
  /** Notebook -> the lifecycle configuration the interrupted run detached and was to delete. */
  detachedLifecycleConfigs: Record<string, string>;
  /** Endpoint -> the configuration and models the interrupted run deleted it with (--with-config, --with-models). */
  deletedEndpoints: Record<string, { config: string | null; models: string[] }>;
}

/** The actions that stop a running notebook to update it, then restart it. */
const NOTEBOOK_UPDATES = new Set(['disable-root-access', 'detach-lifecycle-config']);

/** The facts a verified saved plan carries; a revoke time that is not a past instant is refused, named. */
export function carriedFrom(saved: Plan[], now: Date, source: string): Carried {
  const createdAt = saved[0]?.createdAt ?? '';
  const at = Date.parse(createdAt);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(createdAt) || Number.isNaN(at) || at > now.getTime()) {
    throw new UsageError(`${source}: its planning time '${createdAt}' is not a past UTC instant; nothing was changed`, 'the case directory was altered: use another --case directory');
  }
  const carried: Carried = { createdAt, stoppedEarlier: [], detachedLifecycleConfigs: {}, deletedEndpoints: {} };
  for (const plan of saved) {
    // Each target's steps come first, then those of what goes with it (its config, its lifecycle configuration).
    let owner: string | null = null;
    for (const step of plan.steps) {
      const [kind, name = ''] = splitTarget(step.target);
      if (kind === 'notebook' || kind === 'endpoint') owner = plan.targets.includes(name) ? name : null;
      if (owner === null) continue;
      // Stopped for the update, or restarted after it: the notebook was running before the first run.
      if (NOTEBOOK_UPDATES.has(plan.action) && /^(Stop|Start)NotebookInstance$/.test(step.operation) && !carried.stoppedEarlier.includes(owner)) carried.stoppedEarlier.push(owner);
      if (plan.action === 'detach-lifecycle-config' && plan.options.deleteLifecycleConfig && step.operation === 'DeleteNotebookInstanceLifecycleConfig') {
        carried.detachedLifecycleConfigs[owner] = parseTarget('lifecycle-config', name, plan.region).name;
      }
      if (plan.action === 'delete-endpoint') {
        const deleted = (carried.deletedEndpoints[owner] ??= { config: null, models: [] });
        if (plan.options.withConfig && step.operation === 'DeleteEndpointConfig') deleted.config = parseTarget('endpoint-config', name, plan.region).name;
        if (plan.options.withModels && step.operation === 'DeleteModel') deleted.models.push(parseTarget('model', name, plan.region).name);
      }
    }
  }
  return carried;
}

function splitTarget(target: string): [string, string?] {
  const slash = target.indexOf('/');
  return slash < 0 ? [target] : [target.slice(0, slash), target.slice(slash + 1)];
}
