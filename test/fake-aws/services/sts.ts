/** STS GetCallerIdentity (awsQuery): who each access key is. */
import type { FakeRequest, ServiceModule } from '../types.js';

export interface FakeIdentity {
  arn: string;
  userId: string;
}

/** `identities` maps access key ids to principals; unknown keys are an IAM user "responder" in their account. */
export function createSts(identities: Record<string, FakeIdentity> = {}): ServiceModule {
  return {
    service: 'sts',
    protocol: 'awsQuery',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    handlers: {
      GetCallerIdentity: (req: FakeRequest) => {
        const account = req.accountId ?? '111122223333';
        const id = identities[req.accessKeyId] ?? { arn: `arn:aws:iam::${account}:user/responder`, userId: 'AIDAEXAMPLERESPONDER' };
        return { UserId: id.userId, Account: account, Arn: id.arn };
      },
    },
  };
}
