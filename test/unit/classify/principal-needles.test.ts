import { describe, expect, it } from 'vitest';
import { principalKey, principalKeyNeedles } from '../../../src/core/classify/principal.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';

const rec = (userIdentity: Record<string, unknown>): CloudTrailRecord =>
  ({ eventTime: '2026-11-20T00:00:00Z', eventSource: 's3.amazonaws.com', eventName: 'ListBuckets', recipientAccountId: '111122223333', userIdentity }) as CloudTrailRecord;

const identities: Record<string, unknown>[] = [
  {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::111122223333:assumed-role/MlCi/ci-session',
    principalId: 'AROAEXAMPLE:ci-session',
    sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/service-role/MlCi' } },
  },
  { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/dev/Alice', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  { type: 'Root', arn: 'arn:aws:iam::111122223333:root' },
  { type: 'AWSService', invokedBy: 'sagemaker.amazonaws.com' },
  { type: 'AWSAccount', principalId: 'AIDAEXAMPLE', accountId: '444455556666' },
];

describe('principalKeyNeedles (the timelines pass skips records of no actor at the byte level)', () => {
  it("each key's needle is held literally by the raw userIdentity of every record with that key", () => {
    for (const u of identities) {
      const key = principalKey(rec(u));
      const needles = principalKeyNeedles([key]);
      expect(needles, key).toHaveLength(1);
      expect(JSON.stringify(u), key).toContain(needles?.[0]);
    }
  });

  it('refuses to name needles for keys not read from userIdentity alone, or not plain ASCII: nothing may be skipped', () => {
    expect(principalKey(rec({ type: 'Root' }))).toBe('root:111122223333');
    expect(principalKeyNeedles(['arn:aws:iam::111122223333:user/Alice', 'root:111122223333'])).toBeUndefined();
    expect(principalKeyNeedles(['unknown'])).toBeUndefined();
    expect(principalKeyNeedles(['arn:aws:iam::111122223333:user/Zoë'])).toBeUndefined();
    expect(principalKeyNeedles(['arn:aws:iam::111122223333:user/a"b'])).toBeUndefined();
  });
});
