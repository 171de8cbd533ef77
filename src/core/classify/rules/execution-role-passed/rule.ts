import { z } from 'zod';
import { defineRule, makeFinding, requestString, resourcesOf, succeeded } from '../../rule.js';

/** Rule 6: iam:PassRole through SageMaker (the caller's signals raise it for long-term keys or the root user). */
export default defineRule({
  id: 'execution-role-passed',
  paramsSchema: z.object({
    source: z.string(),
    events: z.array(z.string()).min(1),
    roleField: z.string(),
  }),
  create({ meta, params, playbook }) {
    const longTermKeyPrefix = playbook.signals.caller.longTermKeyPrefix;
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const roleArn = requestString(r, params.roleField);
        if (!roleArn) return;
        const u = r.userIdentity ?? {};
        const longTerm = u.accessKeyId?.startsWith(longTermKeyPrefix) === true;
        const root = u.type === 'Root';
        const caller = root ? 'the root user' : longTerm ? 'long-term access key' : u.accessKeyId ? 'temporary credentials' : 'credentials not recorded';
        emit(
          makeFinding(r, meta, {
            reason: `${r.eventName} passed role ${roleArn} (caller used ${caller})`,
            resources: [...new Set([...resourcesOf(r), roleArn])],
            evidence: { roleArn, callerCredential: caller },
          }),
        );
      },
    };
  },
});
