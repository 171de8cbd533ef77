/**
 * What an IAM policy document grants, as far as posture's role checks need it: which actions an Allow
 * statement covers (wildcards and NotAction as IAM evaluates them, case-insensitive) and on which
 * resources. Deny statements are not subtracted: posture reports what a role is given, and a grant
 * undone elsewhere is still one edit away from working.
 */
import { wildcardMatch } from '../prepare/evaluate.js';

export interface Grant {
  /** The policy it comes from: `inline NAME` or a managed policy ARN. */
  source: string;
  sid: string | null;
  actions: string[] | null;
  notActions: string[] | null;
  resources: string[] | null;
  notResources: string[] | null;
  conditional: boolean;
}

const list = (v: unknown): string[] | null => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null);

/** The Allow statements of a policy document (a string is parsed, as IAM returns it URL-decoded). */
function allowStatements(document: unknown): Record<string, unknown>[] {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return [];
    }
  }
  const statements = (doc as { Statement?: unknown } | null)?.Statement;
  const all: unknown[] = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return all.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && (s as Record<string, unknown>).Effect === 'Allow');
}

/** What each Allow statement of a policy grants. */
export function allowGrants(source: string, document: unknown): Grant[] {
  return allowStatements(document).map((st): Grant => ({
      source,
      sid: typeof st.Sid === 'string' ? st.Sid : null,
      actions: list(st.Action),
      notActions: list(st.NotAction),
      resources: list(st.Resource),
      notResources: list(st.NotResource),
      conditional: st.Condition !== undefined,
  }));
}

/** Whether a statement allows the action (service:Name). */
export function grantsAction(g: Grant, action: string): boolean {
  if (g.actions) return g.actions.some((p) => wildcardMatch(p, action, true));
  if (g.notActions) return !g.notActions.some((p) => wildcardMatch(p, action, true));
  return false;
}

/** Whether a statement applies to every resource: Resource "*", or a NotResource (everything but a few). */
export function onAnyResource(g: Grant): boolean {
  return g.notResources !== null || (g.resources ?? []).includes('*');
}

/** Every action: Action "*" (or "*:*"), or a NotAction. */
export function grantsEverything(g: Grant): boolean {
  return g.notActions !== null || (g.actions ?? []).some((p) => p === '*' || p === '*:*');
}

/** Where a grant comes from, for evidence: "inline deploy (Sid Admin)". */
export const grantWhere = (g: Grant): string => `${g.source}${g.sid ? ` (Sid ${g.sid})` : ''}${g.conditional ? ' with a condition' : ''}`;

/** AWS principals a trust policy lets assume the role: account ids (from ARNs or bare ids) and "*", with their statements' conditions. */
export function trustedPrincipals(document: unknown): { principal: string; account: string | null; conditional: boolean }[] {
  return allowStatements(document).flatMap((st) => {
    const principal = st.Principal;
    const aws = principal === '*' ? ['*'] : (list((principal as Record<string, unknown> | undefined)?.AWS) ?? []);
    return aws.map((p) => ({
      principal: p,
      account: p === '*' ? null : (/^\d{12}$/.exec(p)?.[0] ?? /^arn:aws[\w-]*:iam::(\d{12}):/.exec(p)?.[1] ?? null),
      conditional: st.Condition !== undefined,
    }));
  });
}
