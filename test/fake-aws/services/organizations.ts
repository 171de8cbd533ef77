/**
 * Stateful fake of AWS Organizations for the SCP operations sm-ir uses: one organization with a root,
 * OUs and accounts; policies with tags; attachments with the real quotas (5 SCPs per target, at least
 * one, 5,120 characters per SCP) and the real error codes.
 */
import { FakeAwsError, type FakeRequest, type ServiceModule } from '../types.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const FULL_ACCESS = 'p-FullAWSAccess';

interface Policy {
  id: string;
  name: string;
  description: string;
  awsManaged: boolean;
  content: string;
  tags: Record<string, string>;
}

export interface OrganizationsFakeOptions {
  organizationId?: string;
  managementAccountId?: string;
  featureSet?: 'ALL' | 'CONSOLIDATED_BILLING';
  scpEnabled?: boolean;
  rootId?: string;
  ous?: { id: string; name: string }[];
  accounts?: string[];
  delegatedAdministrators?: string[];
  /** Accounts the organization's resource policy (PutResourcePolicy) lets manage SCPs; none: no resource policy. */
  policyDelegates?: string[];
  /** Which account a request's access key belongs to (default: the account the server mapped it to). */
  accountOf?: (accessKeyId: string) => string;
  /** Accounts outside the organization get AWSOrganizationsNotInUseException. */
  memberAccounts?: string[];
  /** ListAccounts State of accounts that are not ACTIVE (SUSPENDED, PENDING_CLOSURE, CLOSED). */
  accountStates?: Record<string, string>;
  /**
   * After EnablePolicyType, this many ListRoots answers say PENDING_ENABLE, and AttachPolicy meanwhile
   * fails with PolicyTypeNotEnabledException, as AWS does while the type is being enabled (default 0).
   */
  pendingEnableListRoots?: number;
}

/** ListAccounts returns at most 20 accounts per page. */
const ACCOUNTS_PAGE = 20;

export interface OrganizationsFake extends ServiceModule {
  state: {
    policies: Map<string, Policy>;
    attachments: Map<string, Set<string>>;
    scpEnabled: boolean;
    calls: string[];
  };
}

/** A delegation policy as the Organizations user guide shows it: read everything, manage SCPs only. */
function delegationPolicy(accounts: string[]): string {
  const Principal = { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) };
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AllowOrganizationsRead', Effect: 'Allow', Principal, Action: ['organizations:Describe*', 'organizations:List*'], Resource: '*' },
      {
        Sid: 'AllowScpManagement', Effect: 'Allow', Principal, Resource: '*',
        Action: ['organizations:CreatePolicy', 'organizations:UpdatePolicy', 'organizations:DeletePolicy', 'organizations:AttachPolicy', 'organizations:DetachPolicy', 'organizations:TagResource'],
        Condition: { StringLikeIfExists: { 'organizations:PolicyType': ['SERVICE_CONTROL_POLICY'] } },
      },
    ],
  });
}

export function createOrganizationsFake(o: OrganizationsFakeOptions = {}): OrganizationsFake {
  const orgId = o.organizationId ?? 'o-exampleorgid';
  const mgmt = o.managementAccountId ?? '111122223333';
  const rootId = o.rootId ?? 'r-examplerootid111';
  const ous = o.ous ?? [{ id: 'ou-exam-ple12345', name: 'Workloads' }];
  const accounts = o.accounts ?? [mgmt, '444455556666'];
  const members = new Set([...(o.memberAccounts ?? []), ...accounts]);
  const targets = new Set([rootId, ...ous.map((x) => x.id), ...accounts]);
  const state: OrganizationsFake['state'] = {
    policies: new Map(),
    attachments: new Map(),
    scpEnabled: o.scpEnabled ?? true,
    calls: [],
  };
  let pendingEnable = 0;
  let seq = 0;
  state.policies.set(FULL_ACCESS, {
    id: FULL_ACCESS, name: 'FullAWSAccess', description: 'Allows access to every operation', awsManaged: true,
    content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), tags: {},
  });
  // Organizations attaches FullAWSAccess to every root, OU and account when SCPs are enabled.
  const attachFullAccess = () => state.attachments.set(FULL_ACCESS, new Set(targets));
  if (state.scpEnabled) attachFullAccess();

  const arn = (id: string) => `arn:aws:organizations::${mgmt}:policy/${orgId}/service_control_policy/${id}`;
  const summary = (p: Policy) => ({ Id: p.id, Arn: arn(p.id), Name: p.name, Description: p.description, Type: SCP, AwsManaged: p.awsManaged });
  const attachedTo = (target: string) => [...state.policies.values()].filter((p) => state.attachments.get(p.id)?.has(target));

  const caller = (req: FakeRequest) => {
    const account = o.accountOf ? o.accountOf(req.accessKeyId) : (req.accountId ?? mgmt);
    state.calls.push(req.operation);
    if (!members.has(account)) throw new FakeAwsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    return account;
  };
  const manager = (req: FakeRequest) => {
    const account = caller(req);
    if (account !== mgmt && !(o.delegatedAdministrators ?? []).includes(account) && !(o.policyDelegates ?? []).includes(account)) {
      throw new FakeAwsError('AccessDeniedException', `You don't have permissions to access this resource. (${req.operation})`);
    }
  };
  const str = (req: FakeRequest, key: string) => {
    const v = req.input[key];
    if (typeof v !== 'string' || v === '') throw new FakeAwsError('InvalidInputException', `${key} is required`);
    return v;
  };
  const policy = (req: FakeRequest) => {
    const p = state.policies.get(str(req, 'PolicyId'));
    if (!p) throw new FakeAwsError('PolicyNotFoundException', 'We can\'t find a policy with the PolicyId that you specified.');
    return p;
  };
  const target = (req: FakeRequest) => {
    const t = str(req, 'TargetId');
    if (!targets.has(t)) throw new FakeAwsError('TargetNotFoundException', 'We can\'t find a root, OU, account, or email that you specified.');
    return t;
  };
  const checkContent = (content: string) => {
    if (content.length > 5120) {
      throw new FakeAwsError('ConstraintViolationException', 'You attempted to create a policy larger than the maximum size.', 400, { Reason: 'POLICY_CONTENT_LIMIT_EXCEEDED' });
    }
    try {
      JSON.parse(content);
    } catch {
      throw new FakeAwsError('MalformedPolicyDocumentException', 'The provided policy document doesn\'t meet the requirements of the specified policy type.');
    }
  };
  const requireEnabled = () => {
    if (!state.scpEnabled || pendingEnable > 0) throw new FakeAwsError('PolicyTypeNotEnabledException', 'This operation can be performed only for enabled policy types.');
  };

  return {
    service: 'organizations',
    protocol: 'awsJson1_1',
    targetPrefix: 'AWSOrganizationsV20161128',
    state,
    handlers: {
      DescribeOrganization: (req) => {
        caller(req);
        return {
          Organization: {
            Id: orgId, Arn: `arn:aws:organizations::${mgmt}:organization/${orgId}`, FeatureSet: o.featureSet ?? 'ALL',
            MasterAccountId: mgmt, MasterAccountArn: `arn:aws:organizations::${mgmt}:account/${orgId}/${mgmt}`,
          },
        };
      },
      ListAccounts: (req) => {
        manager(req);
        const max = req.input.MaxResults === undefined ? ACCOUNTS_PAGE : Number(req.input.MaxResults);
        if (!Number.isInteger(max) || max < 1 || max > ACCOUNTS_PAGE) throw new FakeAwsError('InvalidInputException', 'MaxResults must be between 1 and 20.');
        const from = req.input.NextToken === undefined ? 0 : Number(Buffer.from(String(req.input.NextToken), 'base64').toString());
        if (!Number.isInteger(from)) throw new FakeAwsError('InvalidInputException', 'The NextToken is not valid.');
        const page = accounts.slice(from, from + max).map((id) => {
          const state = o.accountStates?.[id] ?? 'ACTIVE';
          return {
            Id: id, Arn: `arn:aws:organizations::${mgmt}:account/${orgId}/${id}`, Email: `aws+${id}@example.com`, Name: `account-${id}`,
            State: state, Status: state === 'ACTIVE' ? 'ACTIVE' : state === 'SUSPENDED' ? 'SUSPENDED' : 'PENDING_CLOSURE',
            JoinedMethod: id === mgmt ? 'CREATED' : 'INVITED', JoinedTimestamp: new Date('2024-01-15T10:00:00Z'),
          };
        });
        const next = from + max < accounts.length ? Buffer.from(String(from + max)).toString('base64') : undefined;
        return { Accounts: page, ...(next ? { NextToken: next } : {}) };
      },
      ListRoots: (req) => {
        caller(req);
        return {
          Roots: [{
            Id: rootId, Arn: `arn:aws:organizations::${mgmt}:root/${orgId}/${rootId}`, Name: 'Root',
            PolicyTypes: state.scpEnabled ? [{ Type: SCP, Status: pendingEnable > 0 && pendingEnable-- > 0 ? 'PENDING_ENABLE' : 'ENABLED' }] : [],
          }],
        };
      },
      DescribeResourcePolicy: (req) => {
        manager(req);
        const delegates = o.policyDelegates ?? [];
        if (!delegates.length) throw new FakeAwsError('ResourcePolicyNotFoundException', 'We can\'t find a resource policy request with the parameter that you specified.');
        return { ResourcePolicy: { ResourcePolicySummary: { Id: 'rp-examplepolicy1', Arn: `arn:aws:organizations::${mgmt}:resourcepolicy/${orgId}/rp-examplepolicy1` }, Content: delegationPolicy(delegates) } };
      },
      ListDelegatedAdministrators: (req) => {
        manager(req);
        return { DelegatedAdministrators: (o.delegatedAdministrators ?? []).map((Id) => ({ Id, Status: 'ACTIVE' })) };
      },
      EnablePolicyType: (req) => {
        manager(req);
        if (str(req, 'RootId') !== rootId) throw new FakeAwsError('RootNotFoundException', 'We can\'t find a root with the RootId that you specified.');
        if (state.scpEnabled) throw new FakeAwsError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.');
        state.scpEnabled = true;
        attachFullAccess();
        pendingEnable = o.pendingEnableListRoots ?? 0;
        return { Root: { Id: rootId, PolicyTypes: [{ Type: SCP, Status: pendingEnable > 0 ? 'PENDING_ENABLE' : 'ENABLED' }] } };
      },
      ListPolicies: (req) => {
        caller(req);
        if (req.input.Filter !== SCP) return { Policies: [] };
        return { Policies: [...state.policies.values()].map(summary) };
      },
      DescribePolicy: (req) => {
        caller(req);
        const p = policy(req);
        return { Policy: { PolicySummary: summary(p), Content: p.content } };
      },
      ListTagsForResource: (req) => {
        caller(req);
        const p = state.policies.get(str(req, 'ResourceId'));
        if (!p) throw new FakeAwsError('TargetNotFoundException', 'We can\'t find a resource with the ResourceId that you specified.');
        return { Tags: Object.entries(p.tags).map(([Key, Value]) => ({ Key, Value })) };
      },
      TagResource: (req) => {
        manager(req);
        const p = state.policies.get(str(req, 'ResourceId'));
        if (!p) throw new FakeAwsError('TargetNotFoundException', 'We can\'t find a resource with the ResourceId that you specified.');
        for (const t of (req.input.Tags ?? []) as { Key: string; Value: string }[]) p.tags[t.Key] = t.Value;
        return {};
      },
      ListTargetsForPolicy: (req) => {
        caller(req);
        const p = policy(req);
        return { Targets: [...(state.attachments.get(p.id) ?? [])].map((TargetId) => ({ TargetId, Type: TargetId.startsWith('r-') ? 'ROOT' : TargetId.startsWith('ou-') ? 'ORGANIZATIONAL_UNIT' : 'ACCOUNT' })) };
      },
      ListPoliciesForTarget: (req) => {
        caller(req);
        return { Policies: attachedTo(target(req)).map(summary) };
      },
      CreatePolicy: (req) => {
        manager(req);
        const name = str(req, 'Name');
        const content = str(req, 'Content');
        if (req.input.Type !== SCP) throw new FakeAwsError('InvalidInputException', 'only SERVICE_CONTROL_POLICY is modelled');
        if ([...state.policies.values()].some((p) => p.name === name)) {
          throw new FakeAwsError('DuplicatePolicyException', 'A policy with the same name already exists.');
        }
        checkContent(content);
        const tags: Record<string, string> = {};
        for (const t of (req.input.Tags ?? []) as { Key: string; Value: string }[]) tags[t.Key] = t.Value;
        const id = `p-${String(++seq).padStart(8, '0')}`;
        const p: Policy = { id, name, description: String(req.input.Description ?? ''), awsManaged: false, content, tags };
        state.policies.set(id, p);
        return { Policy: { PolicySummary: summary(p), Content: content } };
      },
      UpdatePolicy: (req) => {
        manager(req);
        const p = policy(req);
        if (p.awsManaged) throw new FakeAwsError('PolicyChangesInProgressException', 'AWS managed policies cannot be changed.');
        if (typeof req.input.Content === 'string') {
          checkContent(req.input.Content);
          p.content = req.input.Content;
        }
        return { Policy: { PolicySummary: summary(p), Content: p.content } };
      },
      AttachPolicy: (req) => {
        manager(req);
        requireEnabled();
        const p = policy(req);
        const t = target(req);
        const set = state.attachments.get(p.id) ?? new Set<string>();
        if (set.has(t)) throw new FakeAwsError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.');
        if (attachedTo(t).length >= 5) {
          throw new FakeAwsError('ConstraintViolationException', 'You attempted to exceed the number of policies of a certain type that can be attached to an entity at one time.', 400, { Reason: 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED' });
        }
        set.add(t);
        state.attachments.set(p.id, set);
        return {};
      },
      DetachPolicy: (req) => {
        manager(req);
        const p = policy(req);
        const t = target(req);
        const set = state.attachments.get(p.id);
        if (!set?.has(t)) throw new FakeAwsError('PolicyNotAttachedException', 'The policy isn\'t attached to the specified target in the specified root.');
        if (attachedTo(t).length <= 1) {
          throw new FakeAwsError('ConstraintViolationException', 'You attempted to detach a policy from an entity that would leave it with no policy of that type.', 400, { Reason: 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED' });
        }
        set.delete(t);
        return {};
      },
      DeletePolicy: (req) => {
        manager(req);
        const p = policy(req);
        if (p.awsManaged) throw new FakeAwsError('AccessDeniedException', 'AWS managed policies cannot be deleted.');
        if (state.attachments.get(p.id)?.size) throw new FakeAwsError('PolicyInUseException', 'The policy is attached to one or more entities.');
        state.policies.delete(p.id);
        state.attachments.delete(p.id);
        return {};
      },
    },
  };
}
