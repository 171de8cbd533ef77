import { z } from 'zod';
import { defineRule, makeFinding, succeeded } from '../../rule.js';

/** arn:aws:sts::111122223333:assumed-role/RoleName/SessionName -> { role, session } */
function assumedRoleOf(arn: string | undefined): { role: string; session: string } | undefined {
  const m = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/([^/]+)$/.exec(arn ?? '');
  return m ? { role: m[1] as string, session: m[2] as string } : undefined;
}

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
    writeSeverity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
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
