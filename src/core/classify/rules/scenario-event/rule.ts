import { z } from 'zod';
import { defineRule, makeFinding, succeeded } from '../../rule.js';

/**
 * Rule 1: the event source + name of a playbook scenario; the names come from scenarios.json. A name
 * alone is how a data-science team works every day: info, low at most (its meta's maxSeverity) when the
 * request or the caller adds evidence; the scenarios it names show what to look at, not how bad it is.
 */
export default defineRule({
  id: 'scenario-event',
  paramsSchema: z.object({}).strict(),
  create({ meta, playbook }) {
    const bySourceName = new Map<string, { id: string; mitre: string[] }[]>();
    for (const sc of playbook.scenarios.scenarios) {
      for (const ev of sc.events) {
        if (!ev.exists) continue; // a name the playbook gives that is no real operation: no record carries it
        const k = `${ev.source} ${ev.name}`;
        const list = bySourceName.get(k) ?? [];
        if (!list.some((s) => s.id === sc.id)) list.push({ id: sc.id, mitre: sc.mitre });
        bySourceName.set(k, list);
      }
    }
    return {
      reads: { events: [...bySourceName.keys()].map((k) => ({ source: k.split(' ')[0] as string, names: [k.split(' ')[1] as string] })) },
      onRecord(r, emit) {
        if (!succeeded(r)) return; // failed calls count towards failed-call-burst
        // The router delivers only the source and names read below, so the lookup always hits.
        const matched = bySourceName.get(`${r.eventSource} ${r.eventName}`) ?? [];
        const ids = matched.map((s) => s.id);
        emit(
          makeFinding(r, meta, {
            scenarios: ids,
            mitre: [...new Set([...meta.mitre, ...matched.flatMap((s) => s.mitre)])],
            reason: `${r.eventName} is listed by the playbook under ${ids.join(', ')} (used legitimately every day: weak evidence alone)`,
            evidence: { scenarios: ids },
          }),
        );
      },
    };
  },
});
