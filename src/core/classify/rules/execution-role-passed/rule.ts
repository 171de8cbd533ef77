import { z } from 'zod';
import { defineRule, isObject, makeFinding, resourcesOf, succeeded } from '../../rule.js';

/** Every string at a path of requestParameters: `a.b` walks objects, `a[].b` walks each element of an array. */
function stringsAt(value: unknown, path: string[]): string[] {
  if (path.length === 0) return typeof value === 'string' && value !== '' ? [value] : [];
  const [head, ...rest] = path as [string, ...string[]];
  if (head.endsWith('[]')) {
    const list = isObject(value) ? value[head.slice(0, -2)] : undefined;
    return Array.isArray(list) ? list.flatMap((item) => stringsAt(item, rest)) : [];
  }
  return isObject(value) ? stringsAt(value[head], rest) : [];
}

/** Rule 6: iam:PassRole through SageMaker (the caller's signals raise it for long-term keys or the root user). */
export default defineRule({
  id: 'execution-role-passed',
  paramsSchema: z.object({
    source: z.string(),
    /** Per API, where its request carries the role (meta.ts holds them: new APIs are data, not code). */
    roleFields: z.record(z.string(), z.array(z.string().min(1)).min(1)).refine((m) => Object.keys(m).length > 0, 'needs at least one event'),
    /** APIs that change the role of something that already exists: a role swap rather than a new resource. */
    swapEvents: z.array(z.string()),
  }),
  create({ meta, params, playbook }) {
    const longTermKeyPrefix = playbook.signals.caller.longTermKeyPrefix;
    const paths = new Map(Object.entries(params.roleFields).map(([event, fields]) => [event, fields.map((f) => f.split('.'))]));
    const swaps = new Set(params.swapEvents);
    return {
      reads: { events: [{ source: params.source, names: [...paths.keys()] }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const roleArns = [...new Set((paths.get(r.eventName) ?? []).flatMap((p) => stringsAt(r.requestParameters, p)))];
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
