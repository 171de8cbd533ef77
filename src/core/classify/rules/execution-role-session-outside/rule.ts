import { z } from 'zod';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { assumedRoleOf } from '../../principal.js';
import { defineRule, makeFinding, succeeded } from '../../rule.js';

/**
 * An execution role's SageMaker session calling IAM, STS or Organizations from outside SageMaker.
 * Inside SageMaker the call comes from an AWS service address or carries the SageMaker SDK's user agent;
 * stolen credentials replayed from a laptop or a VPS carry neither.
 */
export default defineRule({
  id: 'execution-role-session-outside',
  paramsSchema: z.object({
    /** Per event source, the calls read: an attacker's first questions and its escalation, not every IAM read. */
    events: z.record(z.string(), z.array(z.string()).min(1)),
    sessionNames: z.array(z.string()).min(1),
    insideUserAgentPatterns: z.array(z.string()).min(1),
    writeSeverity: z.enum(SEVERITIES),
  }),
  create({ meta, params }) {
    const sessions = new Set(params.sessionNames);
    const inside = params.insideUserAgentPatterns.map((p) => p.toLowerCase());
    return {
      reads: { events: Object.entries(params.events).map(([source, names]) => ({ source, names })) },
      onRecord(r, emit) {
        if (!succeeded(r) || r.userIdentity?.type !== 'AssumedRole') return;
        const who = assumedRoleOf(r.userIdentity.arn);
        if (!who || !sessions.has(who.session)) return;
        const ip = r.sourceIPAddress ?? '';
        const ua = (r.userAgent ?? '').toLowerCase();
        if (ip.endsWith('.amazonaws.com') || r.userIdentity.invokedBy !== undefined) return; // SageMaker acting itself
        if (inside.some((p) => ua.includes(p))) return;
        const write = r.readOnly === false;
        emit(
          makeFinding(r, meta, {
            severity: write ? params.writeSeverity : meta.severity,
            reason: `${r.eventName} by ${who.role}'s SageMaker session from ${ip || 'an unknown address'} (${r.userAgent ?? 'no user agent'}): execution-role credentials used outside SageMaker`,
            evidence: { role: who.role, session: who.session, write },
          }),
        );
      },
    };
  },
});
