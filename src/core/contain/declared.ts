import { UsageError } from '../../errors.js';
import type { ContainmentData } from '../../playbook/schema.js';
import type { Plan } from './model.js';

/**
 * A plan read back from a case directory steers AWS calls made with the responder's credentials, so
 * each of its calls must be one its action declares in playbook/containment.json: its changes among
 * the action's `calls`, its state checks among its `evidence` reads. Anything else is refused, named,
 * before any call.
 */
export function checkDeclaredCalls(plans: Plan[], data: ContainmentData, source: string): void {
  for (const plan of plans) {
    const action = data.actions.find((a) => a.id === plan.action);
    if (!action) throw new UsageError(`${source}: unknown action '${plan.action}'`, 'use another --case directory');
    const key = (c: { service: string; operation: string }) => `${c.service}:${c.operation}`;
    const changes = new Set(action.calls.map(key));
    const reads = new Set(action.evidence.map(key));
    for (const step of plan.steps) {
      const refuse = (what: string) =>
        new UsageError(`${source}: step ${step.n} calls ${what}, which ${plan.action} does not declare; nothing was changed`, 'the case directory was altered: use another --case directory');
      if (!changes.has(key(step)) || step.permission !== key(step)) throw refuse(key(step));
      for (const probe of [step.ready, step.done]) if (probe && !reads.has(key(probe))) throw refuse(key(probe));
    }
  }
}

