import { z } from 'zod';
import { principalKey } from '../../principal.js';
import type { CloudTrailRecord } from '../../../cloudtrail.js';
import { defineRule, eventAccount, makeFinding, requestString, succeeded, type Emit } from '../../rule.js';

/** The principals of a resource policy's Allow statements outside `account` ("*" included). */
function foreignPrincipals(policy: string | undefined, account: string | null): string[] {
  if (policy === undefined) return [];
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    return [];
  }
  const statements = (doc as { Statement?: unknown })?.Statement;
  const out: string[] = [];
  for (const s of Array.isArray(statements) ? statements : statements ? [statements] : []) {
    const st = s as { Effect?: unknown; Principal?: unknown };
    if (st.Effect !== 'Allow') continue;
    const aws = st.Principal === '*' ? ['*'] : (st.Principal as { AWS?: unknown } | undefined)?.AWS;
    for (const p of Array.isArray(aws) ? aws : aws !== undefined ? [aws] : []) {
      if (typeof p !== 'string') continue;
      const owner = /^\d{12}$/.exec(p)?.[0] ?? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(p)?.[1] ?? null;
      if (p === '*' || owner !== account) out.push(p);
    }
  }
  return out;
}

/**
 * The registry opened to other accounts, or its review skipped: a version registered Approved, or
 * approved by the principal that registered it (remembered per version ARN for the window).
 */
export default defineRule({
  id: 'model-registry-tampering',
  paramsSchema: z.object({ source: z.string(), policyEvent: z.string(), createEvent: z.string(), updateEvent: z.string(), approved: z.string() }),
  create({ meta, params }) {
    // Per version ARN: who registered it, and the approvals seen before the registration (trail files are not in time order).
    const registeredBy = new Map<string, string>();
    const approvals = new Map<string, CloudTrailRecord[]>();
    const selfApproved = (approval: CloudTrailRecord, arn: string, emit: Emit) =>
      emit(makeFinding(approval, meta, { reason: `${arn.split('/').slice(-2).join('/')} approved by the principal that registered it`, evidence: { modelPackageArn: arn, modelApprovalStatus: params.approved, selfApproved: true } }));
    return {
      reads: { events: [{ source: params.source, names: [params.policyEvent, params.createEvent, params.updateEvent] }] },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const status = requestString(r, 'modelApprovalStatus');
        if (r.eventName === params.policyEvent) {
          const group = requestString(r, 'modelPackageGroupName') ?? 'unknown';
          const foreign = foreignPrincipals(requestString(r, 'resourcePolicy'), eventAccount(r));
          if (foreign.length === 0) return;
          emit(makeFinding(r, meta, { reason: `model package group ${group} shared with ${foreign.join(', ')}`, evidence: { modelPackageGroupName: group, principals: foreign } }));
        } else if (r.eventName === params.createEvent) {
          const arn = typeof r.responseElements?.modelPackageArn === 'string' ? r.responseElements.modelPackageArn : undefined;
          if (arn) {
            const key = principalKey(r);
            registeredBy.set(arn, key);
            for (const a of approvals.get(arn) ?? []) if (principalKey(a) === key) selfApproved(a, arn, emit);
            approvals.delete(arn);
          }
          if (status !== params.approved) return;
          const group = requestString(r, 'modelPackageGroupName') ?? 'unknown';
          emit(makeFinding(r, meta, { reason: `a version of ${group} registered already ${params.approved} (no review)`, evidence: { modelPackageGroupName: group, modelApprovalStatus: status, ...(arn ? { modelPackageArn: arn } : {}) } }));
        } else {
          const arn = requestString(r, 'modelPackageArn');
          if (status !== params.approved || arn === undefined) return;
          const creator = registeredBy.get(arn);
          if (creator === undefined) approvals.set(arn, [...(approvals.get(arn) ?? []), r]);
          else if (creator === principalKey(r)) selfApproved(r, arn, emit);
        }
      },
    };
  },
});
