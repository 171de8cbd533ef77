/**
 * Reads the IAM roles the account's SageMaker resources run as (IAM is global: read once, in the home
 * region): trust policy, inline policies and the default version of each attached managed policy
 * (each managed policy read once). A role of another account cannot be read here and is skipped; a
 * read that fails leaves a gap naming its permission.
 */
import { awsErrorCode, explainAwsError, isCredentialProblem } from '../../aws/errors.js';
import type { ExecutionRole, Inventory, ReadGap, RolePolicy } from '../../core/posture/inventory.js';
import type { ReadCaller } from './caller.js';

type Item = Record<string, unknown>;
type Users = Pick<Inventory, 'notebookInstances' | 'domains' | 'models' | 'userProfiles' | 'spaces' | 'jobs'>;

/** IAM returns policy documents URL-encoded. */
const decoded = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(decodeURIComponent(v));
  } catch {
    return v;
  }
};

/** Role ARN -> what runs as it ("model us-east-1/fraud"). */
export function roleUsers(read: Users): Map<string, string[]> {
  const users = new Map<string, string[]>();
  const add = (arn: string | undefined, what: string) => {
    if (arn) users.set(arn, [...(users.get(arn) ?? []), what]);
  };
  for (const n of read.notebookInstances) add(n.roleArn, `notebook-instance ${n.region}/${n.name}`);
  for (const d of read.domains) for (const a of d.roleArns) add(a, `domain ${d.region}/${d.name}`);
  for (const p of read.userProfiles) add(p.executionRole, `user-profile ${p.region}/${p.name}`);
  for (const s of read.spaces) add(s.executionRole, `space ${s.region}/${s.name}`);
  for (const m of read.models) add(m.executionRoleArn, `model ${m.region}/${m.name}`);
  for (const j of read.jobs) add(j.roleArn, `${j.type}-job ${j.region}/${j.name}`);
  return users;
}

export async function readExecutionRoles(caller: ReadCaller, home: string, account: string | null, read: Users): Promise<{ roles: ExecutionRole[]; gaps: ReadGap[] }> {
  const gaps: ReadGap[] = [];
  const managed = new Map<string, Promise<unknown>>();
  const call = (operation: string, input: Item) => caller.call('iam', home, operation, input);
  const gap = (err: unknown, operation: string, name: string) => {
    if (isCredentialProblem(err)) throw explainAwsError(err, 'iam', operation, `iam:${operation}`, home);
    gaps.push({ resource: 'execution-role', region: 'global', name, service: 'iam', operation, permission: `iam:${operation}`, code: awsErrorCode(err) ?? null, message: err instanceof Error ? err.message : String(err) });
  };
  /** Every page of an IAM listing (Marker / IsTruncated). */
  const pages = async (operation: string, input: Item, key: string): Promise<Item[] | string[]> => {
    const out: (Item | string)[] = [];
    let marker: string | undefined;
    do {
      const page = await call(operation, { ...input, ...(marker ? { Marker: marker } : {}) });
      out.push(...((page[key] as (Item | string)[] | undefined) ?? []));
      marker = page.IsTruncated === true && typeof page.Marker === 'string' ? page.Marker : undefined;
    } while (marker);
    return out as Item[] | string[];
  };
  const managedDocument = (arn: string) => {
    if (!managed.has(arn)) {
      managed.set(arn, (async () => {
        const policy = (await call('GetPolicy', { PolicyArn: arn })).Policy as Item | undefined;
        const version = (await call('GetPolicyVersion', { PolicyArn: arn, VersionId: policy?.DefaultVersionId })).PolicyVersion as Item | undefined;
        return decoded(version?.Document);
      })());
    }
    return managed.get(arn)!;
  };

  const roles: ExecutionRole[] = [];
  for (const [arn, usedBy] of roleUsers(read)) {
    const m = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
    if (!m || (account !== null && m[1] !== account)) continue;
    const name = m[2]!;
    let step = 'GetRole';
    try {
      const role = (await call('GetRole', { RoleName: name })).Role as Item | undefined;
      step = 'ListRolePolicies';
      const inline = (await pages('ListRolePolicies', { RoleName: name }, 'PolicyNames')) as string[];
      const policies: RolePolicy[] = [];
      step = 'GetRolePolicy';
      for (const p of inline) policies.push({ source: `inline ${p}`, document: decoded((await call('GetRolePolicy', { RoleName: name, PolicyName: p })).PolicyDocument) });
      step = 'ListAttachedRolePolicies';
      const attached = (await pages('ListAttachedRolePolicies', { RoleName: name }, 'AttachedPolicies')) as Item[];
      step = 'GetPolicyVersion';
      for (const a of attached) if (typeof a.PolicyArn === 'string') policies.push({ source: a.PolicyArn, document: await managedDocument(a.PolicyArn) });
      roles.push({ region: 'global', name, arn, usedBy, trust: decoded(role?.AssumeRolePolicyDocument), policies });
    } catch (err) {
      gap(err, step, name);
    }
  }
  return { roles, gaps };
}
