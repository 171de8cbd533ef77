import { z } from 'zod';
import type { Finding } from '../../../finding.js';
import { defineRule, eventAccount, isObject, makeFinding, requestParam, requestString, succeeded, timeOf } from '../../rule.js';

/** A trust policy as CloudTrail records it: a JSON string, URL-encoded when the caller sent it so. */
function parsePolicy(text: string): unknown {
  for (const candidate of [text, safeDecode(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Does an Allow statement of the policy name the service principal? */
function trustsService(policyText: string, service: string): boolean {
  const doc = parsePolicy(policyText);
  if (!isObject(doc)) return safeDecode(policyText).includes(service); // unreadable: fall back to the text
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.some((s) => {
    if (!isObject(s) || s.Effect !== 'Allow' || !isObject(s.Principal)) return false;
    const svc = s.Principal.Service;
    return Array.isArray(svc) ? svc.includes(service) : svc === service;
  });
}

/** arn:aws:iam::111122223333:role/path/Name -> { account, name } */
function roleOfArn(arn: string): { account: string; name: string } | undefined {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? { account: m[1] as string, name: m[2] as string } : undefined;
}

/**
 * Rule 10: roles created or re-trusted for SageMaker, and policy changes to roles known as SageMaker
 * roles. A role is known from a trust policy seen, a role ARN passed to SageMaker in the events, or its
 * name; since records arrive in no order, policy changes wait for finish() unless the name decides.
 */
export default defineRule({
  id: 'sagemaker-role-iam-change',
  paramsSchema: z.object({
    source: z.string(),
    /** event name -> request field holding the trust policy */
    trustEvents: z.record(z.string(), z.string()),
    policyEvents: z.array(z.string()).min(1),
    servicePrincipal: z.string(),
    roleSource: z.string(),
    roleArnFields: z.array(z.string()).min(1),
    roleNamePatterns: z.array(z.string()).min(1),
  }),
  create({ meta, params }) {
    const namePatterns = params.roleNamePatterns.map((p) => new RegExp(p, 'i'));
    // account:roleName -> why it is a SageMaker role; the earliest evidence wins, whatever the push order
    const known = new Map<string, { why: string; t: number }>();
    const pending: { roleKey: string; finding: Finding }[] = [];
    const learn = (key: string, why: string, t: number) => {
      const prev = known.get(key);
      if (!prev || t < prev.t || (t === prev.t && why < prev.why)) known.set(key, { why, t });
    };
    return {
      reads: {
        events: [
          { source: params.roleSource, names: '*' },
          { source: params.source, names: [...Object.keys(params.trustEvents), ...params.policyEvents] },
        ],
      },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        const account = eventAccount(r) ?? '';
        if (r.eventSource === params.roleSource) {
          for (const field of params.roleArnFields) {
            const role = roleOfArn(requestString(r, field) ?? '');
            if (role) learn(`${role.account}:${role.name}`, `passed to SageMaker in ${r.eventName}`, timeOf(r));
          }
          return;
        }
        const roleName = requestString(r, 'roleName');
        if (!roleName) return;
        const roleKey = `${account}:${roleName}`;
        const trustField = params.trustEvents[r.eventName];
        if (trustField !== undefined) {
          const policy = requestString(r, trustField);
          if (!policy || !trustsService(policy, params.servicePrincipal)) return;
          learn(roleKey, `its trust policy names ${params.servicePrincipal}`, timeOf(r));
          emit(
            makeFinding(r, meta, {
              reason: `${r.eventName}: role ${roleName} trusts ${params.servicePrincipal}`,
              evidence: { roleName, trustPolicy: safeDecode(policy).slice(0, 1000) },
            }),
          );
          return;
        }
        const evidence: Finding['evidence'] = { roleName };
        for (const k of ['policyArn', 'policyName']) {
          const v = requestParam(r, k);
          if (typeof v === 'string') evidence[k] = v;
        }
        const finding = makeFinding(r, meta, { reason: '', evidence });
        const byName = namePatterns.find((p) => p.test(roleName));
        if (byName) {
          emit(describe(finding, `its name matches /${byName.source}/`));
          return;
        }
        pending.push({ roleKey, finding });
      },
      finish(emit) {
        for (const p of pending) {
          const k = known.get(p.roleKey);
          if (k) emit(describe(p.finding, k.why));
        }
      },
    };
  },
});

function describe(f: Finding, why: string): Finding {
  const policy = f.evidence.policyArn ?? f.evidence.policyName;
  return {
    ...f,
    reason: `${f.eventName}${policy ? ` ${String(policy)}` : ''} on role ${String(f.evidence.roleName)}, a SageMaker role: ${why}`,
    evidence: { ...f.evidence, knownBy: why },
  };
}
