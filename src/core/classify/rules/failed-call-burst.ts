import { z } from 'zod';
import { principalOf } from '../principal.js';
import { defineRule, makeFinding } from '../rule.js';
import { bursts, PrincipalStamps, recordOf } from '../stamps.js';

/** Rule 11: AccessDenied-style errors in a burst by one principal on watched sources (reconnaissance). */
export default defineRule({
  id: 'failed-call-burst',
  paramsSchema: z.object({
    errorCodes: z.array(z.string()).min(1),
    threshold: z.number().int().min(2),
    windowMinutes: z.number().positive(),
    maxRelatedEvents: z.number().int().positive(),
  }),
  create({ meta, params }) {
    const codes = new Set(params.errorCodes);
    const seen = new PrincipalStamps();
    return {
      reads: { errorCodes: params.errorCodes },
      onRecord(r) {
        if (r.errorCode && codes.has(r.errorCode)) seen.add(principalOf(r).key, r);
      },
      finish(emit) {
        for (const [, stamps, identity] of seen.entries()) {
          for (const burst of bursts(stamps, params.threshold, params.windowMinutes * 60_000)) {
            const first = burst[0];
            const last = burst[burst.length - 1];
            if (!first || !last) continue;
            const names = [...new Set(burst.map((s) => `${s.eventSource.split('.')[0]}:${s.eventName}`))];
            const errs = [...new Set(burst.map((s) => s.errorCode as string))];
            emit(
              makeFinding(recordOf(first, identity), meta, {
                reason: `${burst.length} failed calls (${errs.join(', ')}) on ${names.length} operations within ${Math.max(1, Math.ceil((last.t - first.t) / 60_000))} min`,
                resources: [],
                relatedEventIds: burst.slice(0, params.maxRelatedEvents).flatMap((s) => (s.eventID ? [s.eventID] : [])),
                evidence: { count: burst.length, errorCodes: errs, operations: names, firstTime: first.eventTime, lastTime: last.eventTime },
              }),
            );
          }
        }
      },
    };
  },
});
