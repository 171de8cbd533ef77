/**
 * Thin Organizations/STS adapter for prepare: checks the organization and the caller, and reads the
 * organization into plain data (OrgState). No decisions are made here; scp-apply.ts makes the changes.
 */
import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DescribeResourcePolicyCommand,
  ListDelegatedAdministratorsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import { SmIrError, UsageError } from '../../errors.js';
import { delegatesPolicyManagement } from '../../core/prepare/delegation.js';
import type { OrgState, Ownership } from '../../core/prepare/plan.js';

export const SCP = 'SERVICE_CONTROL_POLICY';

export async function call<T>(operation: string, fn: () => Promise<T>, service = 'organizations'): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw explainAwsError(e, service, operation, `${service}:${operation}`);
  }
}

export interface CallerCheck {
  organizationId: string;
  managementAccountId: string;
  callerAccountId: string;
  role: 'management' | 'delegated-administrator';
}

/**
 * The organization exists with all features, and the caller may manage its policies: the management
 * account, a registered delegated administrator, or an account the organization's delegation policy
 * allows to create and attach policies.
 */
export async function checkOrganization(org: OrganizationsClient, sts: STSClient): Promise<CallerCheck> {
  let o;
  try {
    o = (await org.send(new DescribeOrganizationCommand({}))).Organization;
  } catch (e) {
    if (awsErrorCode(e) === 'AWSOrganizationsNotInUseException') {
      throw new SmIrError('this account is not a member of an organization: SCPs need AWS Organizations', {
        hint: 'run from the management account of an organization with all features enabled',
      });
    }
    throw explainAwsError(e, 'organizations', 'DescribeOrganization', 'organizations:DescribeOrganization');
  }
  if (!o?.Id || !o.MasterAccountId) throw new SmIrError('DescribeOrganization returned no organization');
  if (o.FeatureSet !== 'ALL') {
    throw new SmIrError(`organization ${o.Id} has feature set ${o.FeatureSet ?? 'unknown'}: SCPs need all features`, {
      hint: 'enable all features in the organization (Organizations console > Settings), then re-run',
    });
  }
  const caller = await call('GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})), 'sts');
  const account = caller.Account ?? '';
  const base = { organizationId: o.Id, managementAccountId: o.MasterAccountId, callerAccountId: account };
  if (account === o.MasterAccountId) return { ...base, role: 'management' };
  try {
    let token: string | undefined;
    do {
      const page = await org.send(new ListDelegatedAdministratorsCommand({ NextToken: token }));
      if (page.DelegatedAdministrators?.some((d) => d.Id === account)) return { ...base, role: 'delegated-administrator' };
      token = page.NextToken;
    } while (token);
  } catch (e) {
    if (!isAccessDenied(e)) throw explainAwsError(e, 'organizations', 'ListDelegatedAdministrators', 'organizations:ListDelegatedAdministrators');
  }
  if (await namedInDelegationPolicy(org, account)) return { ...base, role: 'delegated-administrator' };
  throw new SmIrError(
    `account ${account} is neither the management account (${o.MasterAccountId}) nor a delegated administrator of ${o.Id}`,
    { hint: 'run with credentials of the management account, or of an account delegated to manage policies' },
  );
}

/** Whether the organization's resource policy delegates policy management to the account; unreadable or absent: no. */
async function namedInDelegationPolicy(org: OrganizationsClient, account: string): Promise<boolean> {
  try {
    const res = await org.send(new DescribeResourcePolicyCommand({}));
    return delegatesPolicyManagement(res.ResourcePolicy?.Content ?? '', account);
  } catch (e) {
    if (isAccessDenied(e) || awsErrorCode(e) === 'ResourcePolicyNotFoundException') return false;
    throw explainAwsError(e, 'organizations', 'DescribeResourcePolicy', 'organizations:DescribeResourcePolicy');
  }
}

/** Read roots, every SCP with its content and tags, targets of sm-ir's own, and what is attached to the target. */
export async function readOrgState(org: OrganizationsClient, own: Ownership, targetId: string | null): Promise<OrgState> {
  const roots = await call('ListRoots', () => org.send(new ListRootsCommand({})));
  const root = roots.Roots?.[0];
  if (!root?.Id) throw new SmIrError('ListRoots returned no root');
  const scpTypeEnabled = root.PolicyTypes?.some((p) => p.Type === SCP && p.Status === 'ENABLED') ?? false;
  // Policies outlive a disabled policy type, so they are listed either way (a re-enable must not duplicate them).
  const state: OrgState = { scpTypeEnabled, rootId: root.Id, policies: [], attachedToTarget: [] };

  let token: string | undefined;
  do {
    const page = await call('ListPolicies', () => org.send(new ListPoliciesCommand({ Filter: SCP, NextToken: token })));
    for (const s of page.Policies ?? []) {
      if (!s.Id || !s.Name) continue;
      const awsManaged = s.AwsManaged ?? false;
      // Only policies that may be ours need their content and targets; the name is the cheap first filter.
      const candidate = !awsManaged && s.Name.startsWith(`${own.namePrefix}-`);
      let tags: Record<string, string> = {};
      let content = '';
      let targets: string[] = [];
      if (candidate) {
        tags = await readTags(org, s.Id);
        content = await readContent(org, s.Id);
        if (tags[own.tag.key] === own.tag.value) targets = await listTargets(org, s.Id);
      }
      state.policies.push({ id: s.Id, name: s.Name, awsManaged, content, tags, targets });
    }
    token = page.NextToken;
  } while (token);

  if (targetId) {
    let t: string | undefined;
    do {
      const page = await org.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: SCP, NextToken: t })).catch((e: unknown) => {
        if (awsErrorCode(e) !== 'TargetNotFoundException') throw explainAwsError(e, 'organizations', 'ListPoliciesForTarget', 'organizations:ListPoliciesForTarget');
        throw new UsageError(
          `--target ${targetId} is not a root, OU or account of this organization (its root is ${root.Id})`,
          'list them with `aws organizations list-roots` and `aws organizations list-organizational-units-for-parent --parent-id <root>`',
        );
      });
      for (const p of page.Policies ?? []) if (p.Id) state.attachedToTarget.push({ id: p.Id, name: p.Name ?? p.Id });
      t = page.NextToken;
    } while (t);
  }
  return state;
}

async function listTargets(org: OrganizationsClient, policyId: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await call('ListTargetsForPolicy', () => org.send(new ListTargetsForPolicyCommand({ PolicyId: policyId, NextToken: token })));
    for (const t of page.Targets ?? []) if (t.TargetId) out.push(t.TargetId);
    token = page.NextToken;
  } while (token);
  return out;
}

export async function readTags(org: OrganizationsClient, policyId: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = {};
  let token: string | undefined;
  do {
    const page = await call('ListTagsForResource', () => org.send(new ListTagsForResourceCommand({ ResourceId: policyId, NextToken: token })));
    for (const t of page.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
    token = page.NextToken;
  } while (token);
  return tags;
}

export async function readContent(org: OrganizationsClient, policyId: string): Promise<string> {
  const d = await call('DescribePolicy', () => org.send(new DescribePolicyCommand({ PolicyId: policyId })));
  return d.Policy?.Content ?? '';
}

/** The SCP with this exact name (names are unique in an organization), or null. */
export async function findPolicyByName(org: OrganizationsClient, name: string): Promise<string | null> {
  let token: string | undefined;
  do {
    const page = await call('ListPolicies', () => org.send(new ListPoliciesCommand({ Filter: SCP, NextToken: token })));
    const hit = page.Policies?.find((p) => p.Name === name);
    if (hit?.Id) return hit.Id;
    token = page.NextToken;
  } while (token);
  return null;
}
