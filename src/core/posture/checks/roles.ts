/**
 * Checks of the IAM roles SageMaker resources run as: what their policies grant (an attacker in a
 * notebook or a job holds exactly that) and who may assume them.
 */
import { allowGrants, grantsAction, grantsEverything, grantWhere, onAnyResource, trustedPrincipals, type Grant } from '../policy.js';
import type { ExecutionRole } from '../inventory.js';
import { defineCheck } from './check.js';

const grantsOf = (r: ExecutionRole): Grant[] => r.policies.flatMap((p) => allowGrants(p.source, p.document));
const usedBy = (r: ExecutionRole) => ({ usedBy: r.usedBy });

/** The first statement granting `action` on every resource, if any. */
const onAll = (r: ExecutionRole, action: string): Grant | undefined => grantsOf(r).find((g) => onAnyResource(g) && grantsAction(g, action));

export const roleChecks = {
  'execution-role-full-access': defineCheck({
    resource: 'execution-role',
    evaluate: (r) => {
      const g = grantsOf(r).find((x) => onAnyResource(x) && grantsEverything(x));
      return g ? { reason: `grants every action on every resource: ${grantWhere(g)}`, evidence: { policy: g.source, sid: g.sid, ...usedBy(r) } } : null;
    },
  }),
  'execution-role-iam-escalation': defineCheck({
    resource: 'execution-role',
    evaluate: (r, ctx) => {
      // The IAM actions AWS's reference rates "Permissions management" (iam-data), wildcards and NotAction expanded.
      const found = new Map<string, Grant>();
      for (const g of grantsOf(r)) for (const a of ctx.iamPermissionsManagement) if (!found.has(a) && grantsAction(g, a)) found.set(a, g);
      if (found.size === 0) return null;
      const [first, g] = [...found][0]!;
      return { reason: `can change IAM permissions (${found.size} action(s), e.g. ${first} from ${grantWhere(g)})`, evidence: { actions: [...found.keys()].slice(0, 20), policy: g.source, ...usedBy(r) } };
    },
  }),
  'execution-role-passrole-any': defineCheck({
    resource: 'execution-role',
    evaluate: (r) => {
      const g = onAll(r, 'iam:PassRole');
      return g ? { reason: `may pass any role to a service (iam:PassRole on *): ${grantWhere(g)}`, evidence: { policy: g.source, sid: g.sid, ...usedBy(r) } } : null;
    },
  }),
  'execution-role-assume-any': defineCheck({
    resource: 'execution-role',
    evaluate: (r) => {
      const g = onAll(r, 'sts:AssumeRole');
      return g ? { reason: `may assume any role that trusts it (sts:AssumeRole on *): ${grantWhere(g)}`, evidence: { policy: g.source, sid: g.sid, ...usedBy(r) } } : null;
    },
  }),
  'execution-role-trust-foreign': defineCheck({
    resource: 'execution-role',
    evaluate: (r, ctx) => {
      const account = ctx.inventory.account;
      const foreign = trustedPrincipals(r.trust).filter((p) => p.account === null || p.account !== account);
      if (foreign.length === 0) return null;
      const first = foreign[0]!;
      return { reason: `trusts ${first.principal}${first.account ? ` (account ${first.account})` : ' (anyone)'}${first.conditional ? ' with a condition' : ''} to assume it`, evidence: { principals: foreign.map((p) => p.principal), ...usedBy(r) } };
    },
  }),
};
