import { z } from 'zod';
import { defineRule, makeFinding, requestString, succeeded } from '../../rule.js';

/** Model Monitor schedules stopped or deleted: the checks that would notice poisoning go quiet. */
export default defineRule({
  id: 'monitoring-disabled',
  paramsSchema: z.object({ source: z.string(), events: z.array(z.string()).min(1) }),
  create({ meta, params }) {
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r, emit) {
        const schedule = requestString(r, 'monitoringScheduleName') ?? 'unknown';
        const what = `${r.eventName} on monitoring schedule ${schedule}`;
        emit(makeFinding(r, meta, {
          reason: succeeded(r) ? what : `attempted ${what} (failed: ${r.errorCode})`,
          evidence: { monitoringScheduleName: schedule, succeeded: succeeded(r) },
        }));
      },
    };
  },
});
