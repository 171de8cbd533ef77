import { z } from 'zod';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { principalOf } from '../../principal.js';
import { defineRule, makeFinding, requestParam, requestString, succeeded } from '../../rule.js';
import { byTime, EarliestIdentity, placeOf, recordOf, type Stamp, stampOf } from '../../stamps.js';

type Step = Stamp & { who: string; where: string; name: string; identity: EarliestIdentity };

/**
 * Rule: a lifecycle configuration rewritten in place, then a notebook that runs it started by the same
 * principal within the window. Which configuration a notebook runs is known from its Create or Update
 * in the window (the latest one before the start); records arrive in no order, so all is judged in finish().
 */
export default defineRule({
  id: 'notebook-lifecycle-rewrite',
  paramsSchema: z.object({
    source: z.string(),
    rewriteEvent: z.string(),
    startEvent: z.string(),
    assignEvents: z.array(z.string()).min(1),
    windowMinutes: z.number().positive(),
    unknownConfigSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params }) {
    const windowMs = params.windowMinutes * 60_000;
    const rewrites: Step[] = [];
    const starts: Step[] = [];
    const assigned = new Map<string, { t: number; config: string | null }[]>(); // where/notebook -> its configurations over time
    const step = (r: Parameters<typeof stampOf>[0], name: string): Step => {
      const identity = new EarliestIdentity();
      const stamp = stampOf(r);
      identity.offer(stamp, r.userIdentity);
      return { ...stamp, who: principalOf(r).key, where: placeOf(r), name, identity };
    };
    return {
      reads: { events: [{ source: params.source, names: [params.rewriteEvent, params.startEvent, ...params.assignEvents] }] },
      onRecord(r) {
        if (!succeeded(r)) return;
        if (r.eventName === params.rewriteEvent) {
          const config = requestString(r, 'notebookInstanceLifecycleConfigName');
          if (config) rewrites.push(step(r, config));
          return;
        }
        const notebook = requestString(r, 'notebookInstanceName');
        if (!notebook) return;
        if (r.eventName === params.startEvent) {
          starts.push(step(r, notebook));
          return;
        }
        const config = requestString(r, 'lifecycleConfigName') ?? (requestParam(r, 'disassociateLifecycleConfig') === true ? null : undefined);
        if (config === undefined) return; // an update that leaves the configuration as it was
        const key = `${placeOf(r)}/${notebook}`;
        assigned.set(key, [...(assigned.get(key) ?? []), { t: stampOf(r).t, config }]);
      },
      finish(emit) {
        const byStart = [...starts].sort(byTime);
        for (const rewrite of [...rewrites].sort(byTime)) {
          const done = new Set<string>();
          for (const start of byStart) {
            if (start.who !== rewrite.who || start.where !== rewrite.where || done.has(start.name)) continue;
            if (start.t < rewrite.t || start.t - rewrite.t > windowMs) continue;
            const history = (assigned.get(`${start.where}/${start.name}`) ?? []).filter((a) => a.t <= start.t).sort((a, b) => a.t - b.t);
            const runs = history.at(-1)?.config; // undefined: not known from the window
            if (runs !== undefined && runs !== rewrite.name) continue;
            done.add(start.name);
            const known = runs !== undefined;
            emit(
              makeFinding(recordOf(rewrite, rewrite.identity.identity), meta, {
                severity: known ? meta.severity : params.unknownConfigSeverity,
                reason: `lifecycle config ${rewrite.name} rewritten, then notebook ${start.name} ${known ? 'that runs it' : '(its configuration is not in the window)'} started ${Math.round((start.t - rewrite.t) / 60_000)} min later by the same principal`,
                resources: [rewrite.name, start.name],
                relatedEventIds: [rewrite, start].flatMap((s) => (s.eventID ? [s.eventID] : [])),
                evidence: { lifecycleConfigName: rewrite.name, notebookInstanceName: start.name, configKnown: known, sequence: [rewrite, start].map((s) => `${s.eventTime} ${s.eventName}`) },
              }),
            );
          }
        }
      },
    };
  },
});
