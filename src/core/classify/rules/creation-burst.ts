import { z } from 'zod';
import { principalOf } from '../principal.js';
import { defineRule, makeFinding, succeeded } from '../rule.js';
import { bursts, PrincipalStamps, recordOf } from '../stamps.js';

/** Rule 7b: at least `threshold` creations by one principal within `windowMinutes`. */
export default defineRule({
  id: 'creation-burst',
  paramsSchema: z.object({
    source: z.string(),
    events: z.array(z.string()).min(1),
    threshold: z.number().int().min(2),
    windowMinutes: z.number().positive(),
  }),
  create({ meta, params }) {
    const events = new Set(params.events);
    const seen = new PrincipalStamps();
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r) {
        if (r.eventSource === params.source && events.has(r.eventName) && succeeded(r)) seen.add(principalOf(r).key, r);
      },
      finish(emit) {
        for (const [, stamps, identity] of seen.entries()) {
          for (const burst of bursts(stamps, params.threshold, params.windowMinutes * 60_000)) {
            const first = burst[0];
            const last = burst[burst.length - 1];
            if (!first || !last) continue;
            const names = [...new Set(burst.map((s) => s.eventName))];
            emit(
              makeFinding(recordOf(first, identity), meta, {
                reason: `${burst.length} creations (${names.join(', ')}) within ${Math.max(1, Math.ceil((last.t - first.t) / 60_000))} min (threshold ${params.threshold} in ${params.windowMinutes} min)`,
                resources: [],
                relatedEventIds: burst.flatMap((s) => (s.eventID ? [s.eventID] : [])),
                evidence: { count: burst.length, eventNames: names, firstTime: first.eventTime, lastTime: last.eventTime },
              }),
            );
          }
        }
      },
    };
  },
});
