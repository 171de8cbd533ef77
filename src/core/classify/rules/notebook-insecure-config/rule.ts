import { z } from 'zod';
import { defineRule, makeFinding, requestParam, succeeded, valueAt, type Evidence } from '../../rule.js';

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * Rule 2: RootAccess / DirectInternetAccess Enabled, explicitly or (on create) by SageMaker's default; a
 * create outside a VPC; IMDSv1 allowed on a create or an update.
 */
export default defineRule({
  id: 'notebook-insecure-config',
  paramsSchema: z.object({
    source: z.string(),
    createEvent: z.string(),
    updateEvent: z.string(),
    settings: z.array(z.string()).min(1),
    insecureValue: z.string(),
    /** Create fields whose absence leaves the notebook unprotected (no subnet: no VPC). */
    requiredOnCreate: z.array(z.object({ field: z.string(), label: z.string() })),
    /** Values that weaken a setting on a create or an update (IMDSv1 allowed). */
    weakValues: z.array(z.object({ path: z.string(), value: z.string(), label: z.string() })),
  }),
  create({ meta, params }) {
    return {
      reads: { events: [{ source: params.source, names: [params.createEvent, params.updateEvent] }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const isCreate = r.eventName === params.createEvent;
        const evidence: Evidence = {};
        const parts: string[] = [];
        for (const setting of params.settings) {
          // CloudTrail writes request fields in camelCase; accept the API's PascalCase too.
          const value = requestParam(r, lowerFirst(setting)) ?? requestParam(r, setting);
          const byDefault = value === undefined && isCreate;
          if (value !== params.insecureValue && !byDefault) continue;
          evidence[lowerFirst(setting)] = params.insecureValue;
          evidence[`${lowerFirst(setting)}ByDefault`] = byDefault;
          parts.push(`${setting} ${params.insecureValue}${byDefault ? ' (by default: not set in the request)' : ''}`);
        }
        if (isCreate) {
          for (const { field, label } of params.requiredOnCreate) {
            const v = requestParam(r, field);
            if (v !== undefined && v !== null && v !== '') continue;
            evidence[`${field}Missing`] = true;
            parts.push(label);
          }
        }
        for (const { path, value, label } of params.weakValues) {
          if (valueAt(r.requestParameters, path) !== value) continue;
          evidence[path.split('.').pop() as string] = value;
          parts.push(label);
        }
        if (parts.length === 0) return;
        emit(makeFinding(r, meta, { reason: `${r.eventName} with ${parts.join(' and ')}`, evidence }));
      },
    };
  },
});
