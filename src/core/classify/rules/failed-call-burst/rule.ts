import { z } from 'zod';
import { BurstWindow } from '../../burst-window.js';
import { defineRule, makeFinding } from '../../rule.js';

/** Rule 11: AccessDenied-style errors in a burst by one principal on any service (reconnaissance probes them all). */
export default defineRule({
  id: 'failed-call-burst',
  paramsSchema: z.object({
    errorCodes: z.array(z.string()).min(1),
    threshold: z.number().int().min(2),
    windowMinutes: z.number().positive(),
    maxRelatedEvents: z.number().int().positive(),
  }),
  create({ meta, params }) {
    const window = new BurstWindow(params.threshold, params.windowMinutes);
    return {
      reads: { errorCodes: params.errorCodes },
      onRecord(r) {
        window.add(r);
      },
      finish(emit) {
        for (const { stamps, first, last, minutes, firstRecord } of window.bursts()) {
          const names = [...new Set(stamps.map((s) => `${s.eventSource.split('.')[0]}:${s.eventName}`))];
          const errs = [...new Set(stamps.map((s) => s.errorCode as string))];
          emit(
            makeFinding(firstRecord, meta, {
              reason: `${stamps.length} failed calls (${errs.join(', ')}) on ${names.length} operations within ${minutes} min`,
              resources: [],
              relatedEventIds: stamps.slice(0, params.maxRelatedEvents).flatMap((s) => (s.eventID ? [s.eventID] : [])),
              evidence: { count: stamps.length, errorCodes: errs, operations: names, firstTime: first.eventTime, lastTime: last.eventTime },
            }),
          );
        }
      },
    };
  },
});
