import type { CloudTrailRecord } from '../cloudtrail.js';
import type { Principal } from '../finding.js';

/**
 * Who made the call, with a stable key for grouping: for an assumed role the role's ARN plus the
 * session name (one key per session, not per temporary key), an IAM user's ARN, the root user,
 * or the service that invoked the call.
 */
export function principalOf(r: CloudTrailRecord): Principal {
  const u = r.userIdentity ?? {};
  const issuerArn = u.sessionContext?.sessionIssuer?.arn ?? null;
  const arn = u.arn ?? null;
  return {
    arn,
    type: u.type ?? null,
    accountId: u.accountId ?? null,
    accessKeyId: u.accessKeyId ?? null,
    issuerArn,
    key: principalKey(r),
  };
}

/** "…:assumed-role/Role/Session" -> the role and session names (undefined for any other ARN). */
export function assumedRoleOf(arn: string | null | undefined): { role: string; session: string } | undefined {
  const m = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn ?? '');
  return m ? { role: m[1] as string, session: m[2] as string } : undefined;
}

/** The grouping key alone (see principalOf), for hot paths that need nothing else. */
export function principalKey(r: CloudTrailRecord): string {
  const u = r.userIdentity ?? {};
  switch (u.type) {
    case 'AssumedRole': {
      const issuer = u.sessionContext?.sessionIssuer?.arn;
      const session = u.arn?.split('/').pop();
      if (issuer && session) return `${issuer}/${session}`;
      break;
    }
    case 'Root':
      return u.arn ?? `root:${u.accountId ?? r.recipientAccountId ?? 'unknown'}`;
    case 'AWSService':
      if (u.invokedBy) return u.invokedBy;
      break;
  }
  return u.arn ?? u.principalId ?? u.invokedBy ?? u.type ?? 'unknown';
}

/**
 * Texts that the raw userIdentity of every record whose principalKey is one of `keys` holds literally:
 * each key's last path segment (the session, user or role name; the whole key when it has none), which
 * principalKey takes from userIdentity as it is. Undefined when some key is not read from userIdentity
 * alone (`root:<account>`, `unknown`) or is not plain printable ASCII: then no record may be skipped.
 * Keep in step with principalKey above.
 */
export function principalKeyNeedles(keys: Iterable<string>): string[] | undefined {
  const needles = new Set<string>();
  for (const key of keys) {
    if (key === 'unknown' || key.startsWith('root:') || !/^[\x20-\x7e]*$/.test(key) || /["\\]/.test(key)) return undefined;
    needles.add(key.slice(key.lastIndexOf('/') + 1));
  }
  return [...needles];
}
