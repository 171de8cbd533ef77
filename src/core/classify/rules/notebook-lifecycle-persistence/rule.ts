import { z } from 'zod';
import { principalOf } from '../../principal.js';
import { defineRule, makeFinding, requestString, succeeded } from '../../rule.js';
import { byTime, EarliestIdentity, placeOf, recordOf, type Stamp, stampOf } from '../../stamps.js';

type Step = 'stop' | 'update' | 'start';
interface Seen {
  identity: EarliestIdentity;
  notebook: string;
  steps: (Stamp & { step: Step; lifecycleConfig?: string })[];
}

/** Rule 4: Stop -> Update(LifecycleConfigName) -> Start of one notebook by one principal within a window. */
export default defineRule({
  id: 'notebook-lifecycle-persistence',
  paramsSchema: z.object({
    source: z.string(),
    stopEvent: z.string(),
    updateEvent: z.string(),
    startEvent: z.string(),
    windowMinutes: z.number().positive(),
  }),
  create({ meta, params }) {
    const stepOf: Record<string, Step> = { [params.stopEvent]: 'stop', [params.updateEvent]: 'update', [params.startEvent]: 'start' };
    const state = new Map<string, Seen>(); // principal key + notebook name -> the three kinds of steps seen
    const windowMs = params.windowMinutes * 60_000;
    return {
      reads: { events: [{ source: params.source, names: Object.keys(stepOf) }] },
      onRecord(r, _emit) {
        const step = stepOf[r.eventName] as Step; // the router delivers only these three names
        if (!succeeded(r)) return;
        const notebook = requestString(r, 'notebookInstanceName');
        if (!notebook) return;
        const lifecycleConfig = requestString(r, 'lifecycleConfigName');
        if (step === 'update' && !lifecycleConfig) return;
        const key = `${principalOf(r).key}\n${placeOf(r)}\n${notebook}`;
        let seen = state.get(key);
        if (!seen) {
          seen = { identity: new EarliestIdentity(), notebook, steps: [] };
          state.set(key, seen);
        }
        const stamp = stampOf(r);
        seen.steps.push({ ...stamp, step, ...(lifecycleConfig ? { lifecycleConfig } : {}) });
        seen.identity.offer(stamp, r.userIdentity);
      },
      finish(emit) {
        for (const seen of state.values()) {
          const steps = seen.steps.sort(byTime);
          // A Stop, the first Update after it, then the first Start after that, all within the window of the Stop.
          let i = 0;
          while (i < steps.length) {
            const stop = steps[i] as (typeof steps)[number];
            const within = (k: number, step: Step) => k > i && steps[k]?.step === step && (steps[k]?.t ?? Infinity) - stop.t <= windowMs;
            const u = stop.step === 'stop' ? steps.findIndex((_, k) => within(k, 'update')) : -1;
            const s = u < 0 ? -1 : steps.findIndex((_, k) => k > u && within(k, 'start'));
            if (s < 0) {
              i++;
              continue;
            }
            const update = steps[u] as (typeof steps)[number];
            const start = steps[s] as (typeof steps)[number];
            const chain = [stop, update, start];
            emit(
              makeFinding(recordOf(stop, seen.identity.identity), meta, {
                reason: `notebook ${seen.notebook} stopped, given lifecycle config ${update.lifecycleConfig} and started again within ${Math.round((start.t - stop.t) / 60_000)} min`,
                resources: [seen.notebook, update.lifecycleConfig as string],
                relatedEventIds: chain.flatMap((c) => (c.eventID ? [c.eventID] : [])),
                evidence: {
                  notebookInstanceName: seen.notebook,
                  lifecycleConfigName: update.lifecycleConfig as string,
                  sequence: chain.map((c) => `${c.eventTime} ${c.eventName}`),
                },
              }),
            );
            i = s + 1;
          }
        }
      },
    };
  },
});
