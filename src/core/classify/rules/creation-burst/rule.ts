import { z } from 'zod';
import { BurstWindow } from '../../burst-window.js';
import { defineRule, makeFinding, succeeded } from '../../rule.js';

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
    const window = new BurstWindow(params.threshold, params.windowMinutes);
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r) {
        if (succeeded(r)) window.add(r);
      },
      finish(emit) {
        for (const { stamps, first, last, minutes, firstRecord } of window.bursts()) {
          const names = [...new Set(stamps.map((s) => s.eventName))];
          emit(
            makeFinding(firstRecord, meta, {
              reason: `${stamps.length} creations (${names.join(', ')}) within ${minutes} min (threshold ${params.threshold} in ${params.windowMinutes} min)`,
              resources: [],
              relatedEventIds: stamps.flatMap((s) => (s.eventID ? [s.eventID] : [])),
              evidence: { count: stamps.length, eventNames: names, firstTime: first.eventTime, lastTime: last.eventTime },
            }),
          );
        }
      },
    };
  },
});
