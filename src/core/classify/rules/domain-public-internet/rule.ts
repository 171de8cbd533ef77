import { z } from 'zod';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { defineRule, makeFinding, requestString, succeeded } from '../../rule.js';

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** CreateDomain at (or explicitly) PublicInternetOnly; UpdateDomain switching to it. */
export default defineRule({
  id: 'domain-public-internet',
  paramsSchema: z.object({
    source: z.string(),
    createEvent: z.string(),
    updateEvent: z.string(),
    field: z.string(),
    publicValue: z.string(),
    switchSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params }) {
    return {
      reads: { events: [{ source: params.source, names: [params.createEvent, params.updateEvent] }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        // CloudTrail writes request fields in camelCase; accept the API's PascalCase too.
        const value = requestString(r, params.field) ?? requestString(r, upperFirst(params.field));
        const isCreate = r.eventName === params.createEvent;
        const byDefault = isCreate && value === undefined;
        if (value !== params.publicValue && !byDefault) return;
        const domain = requestString(r, 'domainId') ?? requestString(r, 'domainName') ?? 'unknown';
        emit(
          makeFinding(r, meta, {
            severity: isCreate ? meta.severity : params.switchSeverity,
            reason: isCreate
              ? `domain ${domain} created with ${upperFirst(params.field)} ${params.publicValue}${byDefault ? ' (by default: not set in the request)' : ''}`
              : `domain ${domain} switched to ${upperFirst(params.field)} ${params.publicValue}`,
            resources: [domain],
            evidence: { domain, [params.field]: params.publicValue, byDefault },
          }),
        );
      },
    };
  },
});
