/**
 * Stateful fake of the IAM operations sm-ir contain uses (awsQuery): roles, users with their access
 * keys, inline and managed policies. Missing entities answer NoSuchEntity (HTTP 404); policy documents
 * come back URL-encoded, as IAM does.
 */
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';

export interface FakeRole {
  path: string;
  trust: object;
  inline: Map<string, string>;
  attached: string[];
}

export interface FakeAccessKey {
  id: string;
  status: 'Active' | 'Inactive';
  lastUsed: { date: string; service: string; region: string } | null;
}
export interface FakeUser {
  path: string;
  keys: FakeAccessKey[];
  inline: Map<string, string>;
  attached: string[];
  groups: string[];
  /** A console password (GetLoginProfile answers it; DeleteLoginProfile removes it). */
  loginProfile?: boolean;
}

/** A managed policy with its default version's document (AmazonSageMakerFullAccess is always there). */
interface FakePolicy {
  defaultVersion: string;
  document: object;
}
const SAGEMAKER_FULL_ACCESS = 'arn:aws:iam::aws:policy/AmazonSageMakerFullAccess';

export function createIam(options: { account?: string } = {}) {
  const account = options.account ?? '111122223333';
  const state = {
    roles: new Map<string, FakeRole>(),
    users: new Map<string, FakeUser>(),
    policies: new Map<string, FakePolicy>([[SAGEMAKER_FULL_ACCESS, { defaultVersion: 'v3', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' }] } }]]),
    calls: [] as string[],
  };
  const faults = new Map<string, FakeAwsError[]>();
  const role = (input: Record<string, unknown>) => {
    const name = String(input.RoleName ?? '');
    const r = state.roles.get(name);
    if (!r) throw new FakeAwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return { name, r };
  };
  const user = (input: Record<string, unknown>) => {
    const name = String(input.UserName ?? '');
    const u = state.users.get(name);
    if (!u) throw new FakeAwsError('NoSuchEntity', `The user with name ${name} cannot be found.`, 404);
    return { name, u };
  };
  const keyOwner = (id: string) => [...state.users].find(([, u]) => u.keys.some((k) => k.id === id));
  const policy = (input: Record<string, unknown>) => {
    const arn = String(input.PolicyArn ?? '');
    const p = state.policies.get(arn);
    if (!p) throw new FakeAwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);
    return { arn, p };
  };
  const putInline = (inline: Map<string, string>, input: Record<string, unknown>) => {
    const doc = String(input.PolicyDocument ?? '');
    try {
      JSON.parse(doc);
    } catch {
      throw new FakeAwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
    }
    inline.set(String(input.PolicyName ?? ''), doc);
    return {};
  };
  const attachedList = (arns: string[]) => ({ AttachedPolicies: arns.map((a) => ({ PolicyArn: a, PolicyName: a.split('/').pop() })), IsTruncated: false });
  const handlers: Record<string, (req: FakeRequest) => unknown> = {
    GetRole: ({ input }) => {
      const { name, r } = role(input);
      return { Role: { RoleName: name, Path: r.path, Arn: `arn:aws:iam::${account}:role${r.path}${name}`, RoleId: 'AROAEXAMPLEROLEID0001', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(r.trust)), CreateDate: '2026-01-01T00:00:00Z' } };
    },
    ListRolePolicies: ({ input }) => ({ PolicyNames: [...role(input).r.inline.keys()], IsTruncated: false }),
    GetRolePolicy: ({ input }) => {
      const { name, r } = role(input);
      const policyName = String(input.PolicyName ?? '');
      const doc = r.inline.get(policyName);
      if (doc === undefined) throw new FakeAwsError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
      return { RoleName: name, PolicyName: policyName, PolicyDocument: encodeURIComponent(doc) };
    },
    PutRolePolicy: ({ input }) => {
      const { name, r } = role(input);
      if (r.path.startsWith('/aws-service-role/')) throw new FakeAwsError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`);
      return putInline(r.inline, input);
    },
    DeleteRolePolicy: ({ input }) => {
      const { r } = role(input);
      if (!r.inline.delete(String(input.PolicyName ?? ''))) throw new FakeAwsError('NoSuchEntity', 'The role policy cannot be found.', 404);
      return {};
    },
    ListAttachedRolePolicies: ({ input }) => attachedList(role(input).r.attached),
    GetUser: ({ input }) => {
      const { name, u } = user(input);
      return { User: { UserName: name, Path: u.path, Arn: `arn:aws:iam::${account}:user${u.path}${name}`, UserId: 'AIDAEXAMPLEUSERID0001', CreateDate: '2026-01-01T00:00:00Z' } };
    },
    ListAccessKeys: ({ input }) => {
      const { name, u } = user(input);
      return { AccessKeyMetadata: u.keys.map((k) => ({ UserName: name, AccessKeyId: k.id, Status: k.status, CreateDate: '2026-01-01T00:00:00Z' })), IsTruncated: false };
    },
    GetAccessKeyLastUsed: ({ input }) => {
      const id = String(input.AccessKeyId ?? '');
      const owner = keyOwner(id);
      // IAM answers AccessDenied, not NoSuchEntity, for a key it does not know.
      if (!owner) throw new FakeAwsError('AccessDenied', `User is not authorized to perform: iam:GetAccessKeyLastUsed on resource: access key ${id}`, 403);
      const used = owner[1].keys.find((k) => k.id === id)?.lastUsed;
      return { UserName: owner[0], AccessKeyLastUsed: used ? { LastUsedDate: used.date, ServiceName: used.service, Region: used.region } : { ServiceName: 'N/A', Region: 'N/A' } };
    },
    UpdateAccessKey: ({ input }) => {
      const { u } = user(input);
      const k = u.keys.find((x) => x.id === String(input.AccessKeyId ?? ''));
      if (!k) throw new FakeAwsError('NoSuchEntity', `The Access Key with id ${String(input.AccessKeyId)} cannot be found.`, 404);
      const status = String(input.Status ?? '');
      if (status !== 'Active' && status !== 'Inactive') throw new FakeAwsError('ValidationError', `Value '${status}' at 'status' failed to satisfy constraint`);
      k.status = status;
      return {};
    },
    ListUserPolicies: ({ input }) => ({ PolicyNames: [...user(input).u.inline.keys()], IsTruncated: false }),
    GetUserPolicy: ({ input }) => {
      const { name, u } = user(input);
      const policyName = String(input.PolicyName ?? '');
      const doc = u.inline.get(policyName);
      if (doc === undefined) throw new FakeAwsError('NoSuchEntity', `The user policy with name ${policyName} cannot be found.`, 404);
      return { UserName: name, PolicyName: policyName, PolicyDocument: encodeURIComponent(doc) };
    },
    PutUserPolicy: ({ input }) => putInline(user(input).u.inline, input),
    GetLoginProfile: ({ input }) => {
      const { name, u } = user(input);
      if (!u.loginProfile) throw new FakeAwsError('NoSuchEntity', `Login Profile for User ${name} cannot be found.`, 404);
      return { LoginProfile: { UserName: name, CreateDate: '2026-01-01T00:00:00Z', PasswordResetRequired: false } };
    },
    DeleteLoginProfile: ({ input }) => {
      const { name, u } = user(input);
      if (!u.loginProfile) throw new FakeAwsError('NoSuchEntity', `Login Profile for User ${name} cannot be found.`, 404);
      u.loginProfile = false;
      return {};
    },
    ListAttachedUserPolicies: ({ input }) => attachedList(user(input).u.attached),
    ListGroupsForUser: ({ input }) => ({
      Groups: user(input).u.groups.map((g) => ({ GroupName: g, GroupId: 'AGPAEXAMPLEGROUPID01', Path: '/', Arn: `arn:aws:iam::${account}:group/${g}`, CreateDate: '2026-01-01T00:00:00Z' })),
      IsTruncated: false,
    }),
    GetPolicy: ({ input }) => {
      const { arn, p } = policy(input);
      return { Policy: { PolicyName: arn.split('/').pop(), PolicyId: 'ANPAEXAMPLEPOLICYID1', Arn: arn, Path: '/', DefaultVersionId: p.defaultVersion, AttachmentCount: 1, IsAttachable: true, CreateDate: '2026-01-01T00:00:00Z', UpdateDate: '2026-01-01T00:00:00Z' } };
    },
    GetPolicyVersion: ({ input }) => {
      const { p } = policy(input);
      const version = String(input.VersionId ?? '');
      if (version !== p.defaultVersion) throw new FakeAwsError('NoSuchEntity', `Policy version ${version} does not exist.`, 404);
      return { PolicyVersion: { Document: encodeURIComponent(JSON.stringify(p.document)), VersionId: version, IsDefaultVersion: true, CreateDate: '2026-01-01T00:00:00Z' } };
    },
  };
  const wrapped = Object.fromEntries(
    Object.entries(handlers).map(([op, h]) => [
      op,
      (req: FakeRequest) => {
        state.calls.push(`${op} ${JSON.stringify(req.input)}`);
        const fault = faults.get(op)?.shift();
        if (fault) throw fault;
        return h(req);
      },
    ]),
  );
  const module: ServiceModule = { service: 'iam', protocol: 'awsQuery', handlers: wrapped };
  return {
    module,
    state,
    failNext(operation: string, code = 'ServiceFailure', message = 'injected failure', status = 500) {
      faults.set(operation, [...(faults.get(operation) ?? []), new FakeAwsError(code, message, status)]);
    },
    seed: {
      role(name: string, o: Partial<FakeRole> = {}) {
        state.roles.set(name, { path: '/', trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, inline: new Map(), attached: [SAGEMAKER_FULL_ACCESS], ...o });
      },
      /** A user with its keys: ids (Active) or full key records. */
      user(name: string, o: Partial<Omit<FakeUser, 'keys'>> & { keys?: (string | FakeAccessKey)[] } = {}) {
        const keys = (o.keys ?? []).map((k) => (typeof k === 'string' ? { id: k, status: 'Active' as const, lastUsed: null } : k));
        state.users.set(name, { path: '/', inline: new Map(), attached: [SAGEMAKER_FULL_ACCESS], groups: [], ...o, keys });
      },
      /** A customer managed policy (its default version v1). */
      policy(arn: string, document: object) {
        state.policies.set(arn, { defaultVersion: 'v1', document });
      },
    },
  };
}
export type IamFake = ReturnType<typeof createIam>;
