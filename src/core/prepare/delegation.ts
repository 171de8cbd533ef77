/**
 * Organizations lets the management account delegate policy management to member accounts through
 * the organization's resource policy (PutResourcePolicy). Such an account need not be a registered
 * delegated administrator of any service, so the delegation policy itself is what proves it.
 */

/**
 * The SCP changes sm-ir makes; a delegate must be allowed at least these to deploy. CreatePolicy with
 * Tags (sm-ir's managed-by tag) also needs TagResource, as the CreatePolicy API reference says.
 */
const NEEDED = ['organizations:CreatePolicy', 'organizations:TagResource', 'organizations:AttachPolicy'];

const asList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : []);

/** IAM action wildcards: `*` any run of characters, `?` one; case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(action);
}

function namesAccount(principal: unknown, account: string): boolean {
  const aws = typeof principal === 'object' && principal !== null ? (principal as { AWS?: unknown }).AWS : undefined;
  return asList(aws).some((p) => p === account || p.startsWith(`arn:aws:iam::${account}:`));
}

/** True when the delegation policy allows `account` to create and attach policies. Unparsable content proves nothing. */
export function delegatesPolicyManagement(policyContent: string, account: string): boolean {
  let doc: unknown;
  try {
    doc = JSON.parse(policyContent);
  } catch {
    return false;
  }
  const statements = (doc as { Statement?: unknown }).Statement;
  const allowed = (Array.isArray(statements) ? statements : [statements])
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null)
    .filter((s) => s.Effect === 'Allow' && namesAccount(s.Principal, account))
    .flatMap((s) => asList(s.Action));
  return NEEDED.every((a) => allowed.some((p) => actionMatches(p, a)));
}
