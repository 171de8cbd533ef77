/**
 * Thin Organizations/STS adapter for prepare: reads the organization into plain data (OrgState) and
 * applies planned steps one by one, each recorded in the audit log. No decisions are made here.
 */
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListDelegatedAdministratorsCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  UpdatePolicyCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { awsErrorCode, explainAwsError, isAccessDenied } from '../../aws/errors.js';
import type { AuditLog } from '../../core/audit.js';
import { AwsCallError, InterruptedError, SmIrError } from '../../errors.js';
import type { OrgState, Ownership, ScpStep } from '../../prepare/plan.js';

const SCP = 'SERVICE_CONTROL_POLICY';

async function call<T>(operation: string, fn: () => Promise<T>, service = 'organizations'): Promise<T> {
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

/** The organization exists with all features, and the caller may manage its policies. */
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
  throw new SmIrError(
    `account ${account} is neither the management account (${o.MasterAccountId}) nor a delegated administrator of ${o.Id}`,
    { hint: 'run with credentials of the management account, or of an account delegated to manage policies' },
  );
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
      const tags: Record<string, string> = {};
      let content = '';
      let targets: string[] = [];
      if (candidate) {
        const id = s.Id;
        const tagList = await call('ListTagsForResource', () => org.send(new ListTagsForResourceCommand({ ResourceId: id })));
        for (const t of tagList.Tags ?? []) if (t.Key) tags[t.Key] = t.Value ?? '';
        const d = await call('DescribePolicy', () => org.send(new DescribePolicyCommand({ PolicyId: id })));
        content = d.Policy?.Content ?? '';
        if (tags[own.tag.key] === own.tag.value) targets = await listTargets(org, id);
      }
      state.policies.push({ id: s.Id, name: s.Name, awsManaged, content, tags, targets });
    }
    token = page.NextToken;
  } while (token);

  if (targetId) {
    let t: string | undefined;
    do {
      const page = await call('ListPoliciesForTarget', () =>
        org.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: SCP, NextToken: t })),
      );
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

function explainStepError(e: unknown, step: ScpStep, operation: string): SmIrError {
  const name = 'name' in step ? step.name : step.rootId;
  const code = awsErrorCode(e);
  const message = (e as Error)?.message ?? String(e);
  const reason = (e as { Reason?: string }).Reason;
  if (code === 'DuplicatePolicyException') {
    return new AwsCallError('organizations', operation, `a policy named ${name} already exists`, {
      awsCode: code,
      hint: 'it is not tagged as sm-ir\'s, so sm-ir left it alone: rename it, or tag it managed-by=sm-ir if it is a previous sm-ir deployment',
      cause: e,
    });
  }
  if (code === 'ConstraintViolationException') {
    return new AwsCallError('organizations', operation, `Organizations refused: ${reason ?? ''} ${message}`.trim(), {
      awsCode: code,
      hint: reason === 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED'
        ? 'the target already carries 5 SCPs: detach one, or attach the guardrails to a parent OU'
        : 'see the Organizations quotas (5 SCPs per target, 5,120 characters per SCP, 1,000 policies per organization)',
      cause: e,
    });
  }
  if (code === 'DuplicatePolicyAttachmentException') {
    return new AwsCallError('organizations', operation, `${name} is already attached`, { awsCode: code, cause: e });
  }
  return explainAwsError(e, 'organizations', operation, `organizations:${operation}`);
}

/** Apply the steps in order; each call (and its outcome) goes to the audit log. Stops at the first failure, saying how far it got. */
export async function applyScpSteps(org: OrganizationsClient, steps: ScpStep[], audit: AuditLog, command: string): Promise<void> {
  const created = new Map<string, string>();
  // Ctrl-C stops between calls, never inside one, and says how far it got.
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.once('SIGINT', onSigint);
  try {
    for (const [done, step] of steps.entries()) {
      if (interrupted) throw new InterruptedError(`interrupted after ${done} of ${steps.length} change(s); re-run to finish (the plan starts from what is there)`);
      await applyOne(org, step, created, audit, command).catch((e: SmIrError) => {
        e.message = `${e.message} (after ${done} of ${steps.length} change(s); fix the cause and re-run: the plan starts from what is there)`;
        throw e;
      });
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

async function applyOne(org: OrganizationsClient, step: ScpStep, created: Map<string, string>, audit: AuditLog, command: string): Promise<void> {
  const [operation, input, run] = stepCall(org, step, created);
  try {
    const res = await run();
    audit.append({ command, region: null, service: 'organizations', operation, parameters: input, outcome: 'ok', requestId: res.$metadata?.requestId ?? null, error: null });
    const id = (res as { Policy?: { PolicySummary?: { Id?: string } } }).Policy?.PolicySummary?.Id;
    if (step.action === 'create' && id) created.set(step.name, id);
  } catch (e) {
    audit.append({
      command, region: null, service: 'organizations', operation, parameters: input, outcome: 'error',
      requestId: (e as { $metadata?: { requestId?: string } }).$metadata?.requestId ?? null,
      error: { code: awsErrorCode(e) ?? null, message: (e as Error)?.message ?? String(e) },
    });
    throw explainStepError(e, step, operation);
  }
}

type Sent = { $metadata?: { requestId?: string } };

function stepCall(org: OrganizationsClient, s: ScpStep, created: Map<string, string>): [string, object, () => Promise<Sent>] {
  switch (s.action) {
    case 'enable-policy-type': {
      const input = { RootId: s.rootId, PolicyType: SCP } as const;
      return ['EnablePolicyType', input, () => org.send(new EnablePolicyTypeCommand(input))];
    }
    case 'create': {
      const input = {
        Name: s.name, Description: s.description, Type: SCP, Content: s.content,
        Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
      } as const;
      return ['CreatePolicy', input, () => org.send(new CreatePolicyCommand(input))];
    }
    case 'update': {
      const input = { PolicyId: s.policyId, Content: s.content };
      return ['UpdatePolicy', input, () => org.send(new UpdatePolicyCommand(input))];
    }
    case 'attach': {
      const input = { PolicyId: s.policyId ?? created.get(s.name) ?? '', TargetId: s.targetId };
      return ['AttachPolicy', input, () => org.send(new AttachPolicyCommand(input))];
    }
    case 'detach': {
      const input = { PolicyId: s.policyId, TargetId: s.targetId };
      return ['DetachPolicy', input, () => org.send(new DetachPolicyCommand(input))];
    }
    case 'delete': {
      const input = { PolicyId: s.policyId };
      return ['DeletePolicy', input, () => org.send(new DeletePolicyCommand(input))];
    }
  }
}
