/**
 * Stateful fake of the IAM role operations sm-ir contain uses (awsQuery). Missing roles and
 * policies answer NoSuchEntity (HTTP 404); policy documents come back URL-encoded, as IAM does.
 */
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';

export interface FakeRole {
  path: string;
  trust: object;
  inline: Map<string, string>;
  attached: string[];
}

export function createIam(options: { account?: string } = {}) {
  const account = options.account ?? '111122223333';
  const state = { roles: new Map<string, FakeRole>(), calls: [] as string[] };
  const faults = new Map<string, FakeAwsError[]>();
  const role = (input: Record<string, unknown>) => {
    const name = String(input.RoleName ?? '');
    const r = state.roles.get(name);
    if (!r) throw new FakeAwsError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    return { name, r };
  };
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
      const doc = String(input.PolicyDocument ?? '');
      try {
        JSON.parse(doc);
      } catch {
        throw new FakeAwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
      }
      r.inline.set(String(input.PolicyName ?? ''), doc);
      return {};
    },
    DeleteRolePolicy: ({ input }) => {
      const { r } = role(input);
      if (!r.inline.delete(String(input.PolicyName ?? ''))) throw new FakeAwsError('NoSuchEntity', 'The role policy cannot be found.', 404);
      return {};
    },
    ListAttachedRolePolicies: ({ input }) => ({
      AttachedPolicies: role(input).r.attached.map((a) => ({ PolicyArn: a, PolicyName: a.split('/').pop() })),
      IsTruncated: false,
    }),
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
        state.roles.set(name, { path: '/', trust: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, inline: new Map(), attached: ['arn:aws:iam::aws:policy/AmazonSageMakerFullAccess'], ...o });
      },
    },
  };
}
export type IamFake = ReturnType<typeof createIam>;
