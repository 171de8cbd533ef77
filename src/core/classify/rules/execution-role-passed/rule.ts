import { z } from 'zod';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { defineRule, makeFinding, requestString, resourcesOf, succeeded } from '../../rule.js';

/** Rule 6: iam:PassRole through SageMaker; higher severity for long-term keys or the root user. */
export default defineRule({
  id: 'execution-role-passed',
  paramsSchema: z.object({
    source: z.string(),
    events: z.array(z.string()).min(1),
    roleField: z.string(),
    longTermKeyPrefix: z.string(),
    elevatedSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params }) {
    return {
      reads: { events: [{ source: params.source, names: params.events }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const roleArn = requestString(r, params.roleField);
        if (!roleArn) return;
        const u = r.userIdentity ?? {};
        const longTerm = u.accessKeyId?.startsWith(params.longTermKeyPrefix) === true;
        const root = u.type === 'Root';
        const caller = root ? 'the root user' : longTerm ? 'long-term access key' : u.accessKeyId ? 'temporary credentials' : 'credentials not recorded';
        emit(
          makeFinding(r, meta, {
            severity: root || longTerm ? params.elevatedSeverity : meta.severity,
            reason: `${r.eventName} passed role ${roleArn} (caller used ${caller})`,
            resources: [...new Set([...resourcesOf(r), roleArn])],
            evidence: { roleArn, callerCredential: caller },
          }),
        );
      },
    };
  },
});
