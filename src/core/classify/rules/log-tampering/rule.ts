import { z } from 'zod';
import { defineRule, makeFinding, requestString, succeeded } from '../../rule.js';

/** Rule 9: CloudTrail trail changes and deletions of SageMaker's log groups; failed attempts too. */
export default defineRule({
  id: 'log-tampering',
  paramsSchema: z.object({
    watch: z
      .array(
        z.object({
          source: z.string(),
          events: z.array(z.string()).min(1),
          /** When set, only log groups with one of these prefixes count. */
          logGroupPrefixes: z.array(z.string()).optional(),
        }),
      )
      .min(1),
  }),
  create({ meta, params }) {
    return {
      reads: { events: params.watch.map((w) => ({ source: w.source, names: w.events })) },
      onRecord(r, emit) {
        // Which watch entry (and so which log-group prefixes) applies; the router delivers only watched names.
        const w = params.watch.find((x) => x.source === r.eventSource && x.events.includes(r.eventName));
        const logGroup = requestString(r, 'logGroupName');
        if (w?.logGroupPrefixes && !w.logGroupPrefixes.some((p) => logGroup?.startsWith(p))) return;
        const target = logGroup ?? requestString(r, 'name') ?? requestString(r, 'trailName') ?? 'unknown';
        const stream = requestString(r, 'logStreamName');
        const what = `${r.eventName} on ${target}${stream ? ` stream ${stream}` : ''}`;
        const retention = r.requestParameters?.retentionInDays;
        emit(
          makeFinding(r, meta, {
            reason: succeeded(r) ? what : `attempted ${what} (failed: ${r.errorCode})`,
            evidence: {
              target,
              succeeded: succeeded(r),
              ...(stream ? { logStreamName: stream } : {}),
              ...(typeof retention === 'number' ? { retentionInDays: retention } : {}),
            },
          }),
        );
      },
    };
  },
});
