import { z } from 'zod';
import type { CloudTrailRecord } from '../../../cloudtrail.js';
import { PlaybookDataError } from '../../../../errors.js';
import { SEVERITIES } from '../../../../playbook/severity.js';
import { passedRolesOf, roleKeyOfArn } from '../../passed-roles.js';
import { assumedRoleOf, principalKey } from '../../principal.js';
import { defineRule, eventAccount, isObject, makeFinding, requestString, resourcesOf, succeeded, type Emit } from '../../rule.js';
import { byTime, EarliestIdentity, recordOf, stampOf, type Stamp } from '../../stamps.js';

/** Does a trust policy (CreateRole, UpdateAssumeRolePolicy) let this service assume the role? */
function trustsService(document: string, service: string): boolean {
  let policy: unknown;
  try {
    policy = JSON.parse(document.trimStart().startsWith('%7B') ? decodeURIComponent(document) : document);
  } catch {
    return false;
  }
  const statements = isObject(policy) ? [policy.Statement].flat() : [];
  return statements.some((s) => {
    if (!isObject(s) || s.Effect !== 'Allow' || !isObject(s.Principal)) return false;
    return [s.Principal.Service].flat().includes(service);
  });
}

interface Candidate {
  stamp: Stamp;
  principal: string;
  roleName: string;
  resources: string[];
  write: boolean;
}

/**
 * An execution role's session calling IAM, STS or Organizations from outside SageMaker, or writing IAM
 * from inside it. Inside SageMaker a call comes from an AWS service address or carries the SageMaker SDK's
 * user agent; stolen credentials replayed from a laptop or a VPS carry neither. Execution roles are known
 * from the window: sessions SageMaker names, roles passed to SageMaker, roles whose trust names SageMaker.
 * Sessions SageMaker named are judged at once; other sessions wait until every record has been seen (the
 * earliest maxKeptPerRole of each kind per role, so memory stays bounded).
 */
export default defineRule({
  id: 'execution-role-session-outside',
  paramsSchema: z.object({
    /** Per event source, the calls read: an attacker's first questions and its escalation, not every IAM read. */
    events: z.record(z.string(), z.array(z.string()).min(1)),
    sessionNames: z.array(z.string()).min(1),
    insideUserAgentPatterns: z.array(z.string()).min(1),
    writeSeverity: z.enum(SEVERITIES),
    /** The rule whose roleFields say where SageMaker's APIs carry the roles they are passed. */
    passedRolesRule: z.string(),
    /** IAM calls that set a role's trust policy -> the request field holding the document. */
    trustPolicyFields: z.record(z.string(), z.string()),
    trustedService: z.string(),
    maxKeptPerRole: z.number().int().positive(),
  }),
  create({ meta, params, playbook }) {
    const passed = passedRolesOf(playbook, params.passedRolesRule);
    if (!passed?.source) throw new PlaybookDataError(`rules/${meta.id}/meta.ts`, `params.passedRolesRule: '${params.passedRolesRule}' has no valid params.roleFields and source`);
    const passSource = passed.source;
    const sessions = new Set(params.sessionNames);
    const inside = params.insideUserAgentPatterns.map((p) => p.toLowerCase());
    const judged = new Set(Object.values(params.events).flat());
    const executionRoles = new Set<string>(); // account/role-name
    const waiting = new Map<string, Candidate[]>(); // account/role-name -> calls of sessions SageMaker did not name
    const identities = new Map<string, EarliestIdentity>();

    const learn = (r: CloudTrailRecord) => {
      for (const arn of passed.rolesIn(r)) {
        const key = roleKeyOfArn(arn);
        if (key) executionRoles.add(key);
      }
      const field = params.trustPolicyFields[r.eventName];
      const document = field ? requestString(r, field) : undefined;
      const role = requestString(r, 'roleName');
      if (document && role && r.eventSource === 'iam.amazonaws.com' && trustsService(document, params.trustedService)) executionRoles.add(`${eventAccount(r)}/${role}`);
    };

    const judge = (r: CloudTrailRecord, role: string, write: boolean, resources: string[] | undefined, emit: Emit) => {
      const ip = r.sourceIPAddress ?? '';
      const ua = (r.userAgent ?? '').toLowerCase();
      const outside = !inside.some((p) => ua.includes(p));
      if (!outside && !write) return;
      emit(
        makeFinding(r, meta, {
          severity: write && outside ? params.writeSeverity : meta.severity,
          reason: outside
            ? `${r.eventName} by execution role ${role} from ${ip || 'an unknown address'} (${r.userAgent ?? 'no user agent'}): execution-role credentials used outside SageMaker`
            : `${r.eventName} by execution role ${role} from inside SageMaker: code on a notebook, job or app changing IAM with the role`,
          ...(resources ? { resources } : {}),
          evidence: { role, session: assumedRoleOf(r.userIdentity?.arn)?.session ?? '', write, outsideSageMaker: outside },
        }),
      );
    };

    return {
      reads: {
        events: [
          ...Object.entries(params.events).map(([source, names]) => ({ source, names })),
          { source: passSource, names: passed.events },
        ],
      },
      onRecord(r, emit) {
        if (!succeeded(r)) return;
        learn(r);
        if (!judged.has(r.eventName) || r.eventSource === passSource || r.userIdentity?.type !== 'AssumedRole') return;
        const who = assumedRoleOf(r.userIdentity.arn);
        const account = r.userIdentity.accountId ?? eventAccount(r);
        if (!who || !account) return;
        // SageMaker acting itself with the role, from its own address.
        if ((r.sourceIPAddress ?? '').endsWith('.amazonaws.com') || r.userIdentity.invokedBy !== undefined) return;
        const role = `${account}/${who.role}`;
        const write = r.readOnly === false;
        if (sessions.has(who.session)) {
          executionRoles.add(role);
          judge(r, who.role, write, undefined, emit);
          return;
        }
        let list = waiting.get(role);
        if (!list) waiting.set(role, (list = []));
        const principal = principalKey(r);
        const stamp = stampOf(r);
        list.push({ stamp, principal, roleName: who.role, resources: resourcesOf(r), write });
        if (!identities.has(principal)) identities.set(principal, new EarliestIdentity());
        identities.get(principal)?.offer(stamp, r.userIdentity);
        if (list.length > 4 * params.maxKeptPerRole) waiting.set(role, keepEarliest(list, params.maxKeptPerRole));
      },
      finish(emit) {
        for (const [role, list] of waiting) {
          if (!executionRoles.has(role)) continue;
          for (const c of keepEarliest(list, params.maxKeptPerRole)) {
            judge(recordOf(c.stamp, identities.get(c.principal)?.identity), c.roleName, c.write, c.resources, emit);
          }
        }
      },
    };
  },
});

/** The earliest n reads and n writes (by time, then event), whatever order they came in. */
function keepEarliest(list: Candidate[], n: number): Candidate[] {
  const sorted = [...list].sort((a, b) => byTime(a.stamp, b.stamp));
  return [...sorted.filter((c) => c.write).slice(0, n), ...sorted.filter((c) => !c.write).slice(0, n)];
}
