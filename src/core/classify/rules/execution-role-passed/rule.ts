import { z } from 'zod';
import { passedRoleReader, RoleFieldsSchema } from '../../passed-roles.js';
import { defineRule, makeFinding, resourcesOf, succeeded } from '../../rule.js';

/** Rule 6: iam:PassRole through SageMaker (the caller's signals raise it for long-term keys or the root user). */
export default defineRule({
  id: 'execution-role-passed',
  paramsSchema: z.object({
    source: z.string(),
    /** Per API, where its request carries the role (meta.ts holds them: new APIs are data, not code). */
    roleFields: RoleFieldsSchema,
    /** APIs that change the role of something that already exists: a role swap rather than a new resource. */
    swapEvents: z.array(z.string()),
  }),
  create({ meta, params, playbook }) {
    const longTermKeyPrefix = playbook.signals.caller.longTermKeyPrefix;
    const passed = passedRoleReader(params.roleFields);
    const swaps = new Set(params.swapEvents);
    return {
      reads: { events: [{ source: params.source, names: passed.events }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const roleArns = passed.rolesIn(r);
        const roleArn = roleArns[0];
        if (!roleArn) return;
        const u = r.userIdentity ?? {};
        const longTerm = u.accessKeyId?.startsWith(longTermKeyPrefix) === true;
        const root = u.type === 'Root';
        const caller = root ? 'the root user' : longTerm ? 'long-term access key' : u.accessKeyId ? 'temporary credentials' : 'credentials not recorded';
        const what = swaps.has(r.eventName) ? 'set the execution role to' : 'passed role';
        emit(
          makeFinding(r, meta, {
            reason: `${r.eventName} ${what} ${roleArns.join(', ')} (caller used ${caller})`,
            resources: [...new Set([...resourcesOf(r), ...roleArns])],
            evidence: { roleArn, ...(roleArns.length > 1 ? { roleArns } : {}), ...(swaps.has(r.eventName) ? { roleSwap: true } : {}), callerCredential: caller },
          }),
        );
      },
    };
  },
});
