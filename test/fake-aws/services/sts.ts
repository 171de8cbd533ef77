/** STS GetCallerIdentity and AssumeRole (awsQuery): who each access key is, and roles in other accounts. */
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';

export interface FakeIdentity {
  arn: string;
  userId: string;
}

export interface StsOptions {
  /**
   * The fake's access key map (`fake.accessKeys`): AssumeRole adds its temporary key there, mapped to
   * the role's account, so later calls signed with it are that account's.
   */
  accessKeys?: Map<string, string>;
  /** Role ARNs that exist; AssumeRole of any other role is AccessDenied, as AWS answers. */
  roles?: string[];
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** `identities` maps access key ids to principals; unknown keys are an IAM user "responder" in their account. */
export function createSts(identities: Record<string, FakeIdentity> = {}, options: StsOptions = {}): ServiceModule {
  const roles = new Set(options.roles ?? []);
  const known: Record<string, FakeIdentity> = { ...identities };
  return {
    service: 'sts',
    protocol: 'awsQuery',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    handlers: {
      GetCallerIdentity: (req: FakeRequest) => {
        const account = req.accountId ?? '111122223333';
        const id = known[req.accessKeyId] ?? { arn: `arn:aws:iam::${account}:user/responder`, userId: 'AIDAEXAMPLERESPONDER' };
        return { UserId: id.userId, Account: account, Arn: id.arn };
      },
      AssumeRole: (req: FakeRequest) => {
        const arn = String(req.input.RoleArn ?? '');
        const session = String(req.input.RoleSessionName ?? '');
        const m = ROLE_ARN.exec(arn);
        if (!m) throw new FakeAwsError('ValidationError', `${arn} is not a valid role ARN`);
        if (!SESSION_NAME.test(session)) throw new FakeAwsError('ValidationError', `1 validation error detected: Value '${session}' at 'roleSessionName' failed to satisfy constraint`);
        const caller = known[req.accessKeyId]?.arn ?? `arn:aws:iam::${req.accountId ?? '111122223333'}:user/responder`;
        if (!roles.has(arn)) {
          throw new FakeAwsError('AccessDenied', `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${arn}`, 403);
        }
        const [, account, name] = m as unknown as [string, string, string];
        // One temporary key per account (20 characters, ASIA like AWS's), mapped back to it by the core.
        const key = `ASIA${account}EXMP`;
        options.accessKeys?.set(key, account);
        known[key] = { arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}`, userId: `AROAEXAMPLEROLEID:${session}` };
        return {
          Credentials: {
            AccessKeyId: key,
            SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
            SessionToken: `FwoGZXIvYXdzEXAMPLE${account}`,
            Expiration: new Date(Date.now() + 3_600_000),
          },
          AssumedRoleUser: { AssumedRoleId: `AROAEXAMPLEROLEID:${session}`, Arn: `arn:aws:sts::${account}:assumed-role/${name}/${session}` },
        };
      },
    },
  };
}
