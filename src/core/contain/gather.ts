import { explainFailure, isNotFound, type AwsCaller, type ContainService } from './caller.js';
import { emptyInventory, type ContainOptions, type Inventory } from './model.js';
import { JOB_OPERATIONS } from './plan.js';
import { partitionOf } from './names.js';
import type { Carried } from './resume.js';

/** One read kept as evidence: the call, its parameters and the answer (or "not found"). */
export interface EvidenceItem {
  file: string;
  content: string;
}

type Out = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const arr = (v: unknown): Out[] => (Array.isArray(v) ? (v as Out[]) : []);
function findPolicyDocuments(output: Out | null): unknown[] {
  const found: unknown[] = [];
  const visit = (v: unknown, key: string) => {
    // PolicyDocument (inline policies, trust policies) and PolicyVersion.Document (managed policies).
    if (typeof v === 'string' && /(PolicyDocument|^Document)$/.test(key) && v.startsWith('%7B')) {
      try {
        found.push(JSON.parse(decodeURIComponent(v)));
      } catch {
        // not a policy after all: the raw answer is kept anyway
      }
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(output, '');
  return found;
}
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * Studio lifecycle configurations a domain, profile or space attaches: every LifecycleConfigArn(s)
 * in its settings (JupyterLab, JupyterServer, KernelGateway, CodeEditor, default resource specs).
 */
function studioLifecycleConfigArns(output: Out | null): string[] {
  const found: string[] = [];
  const visit = (v: unknown, key: string) => {
    if (typeof v === 'string' && /^LifecycleConfigArns?$/.test(key) && v.includes(':studio-lifecycle-config/')) found.push(v);
    else if (Array.isArray(v)) for (const x of v) visit(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  visit(output, '');
  return found;
}

/**
 * Reads the state the planner needs (targets, their dependencies, what else uses them) and keeps
 * every answer as evidence: Describe*, List* and ListTags. Read-only; a failed read stops the run
 * before any change.
 */
export class Gatherer {
  readonly inventory: Inventory = emptyInventory();
  readonly evidence: EvidenceItem[] = [];
  private seen = new Set<string>();

  constructor(
    private readonly caller: AwsCaller,
    private readonly region: string,
    /** The caller's account: a registry version is described by its ARN. */
    private readonly account: string | null = null,
  ) {}

  /** A read; returns null when the resource does not exist. */
  private async read(service: ContainService, operation: string, input: Out, label: string): Promise<Out | null> {
    const key = `${service}:${operation}:${JSON.stringify(input)}`;
    let output: Out | null;
    try {
      output = (await this.caller.call(service, operation, input)).output;
    } catch (e) {
      if (!isNotFound(e)) throw explainFailure(e, `${service}:${operation}`, this.region);
      output = null;
    }
    if (!this.seen.has(key)) {
      this.seen.add(key);
      const n = String(this.evidence.length + 1).padStart(3, '0');
      // IAM answers policy documents URL-encoded: keep the answer as is and add the readable form.
      const encoded = service === 'iam' ? findPolicyDocuments(output) : [];
      const doc = { service, operation, parameters: input, found: output !== null, response: output, ...(encoded.length ? { decodedPolicyDocuments: encoded } : {}) };
      this.evidence.push({ file: `${n}-${operation}-${safe(label)}.json`, content: `${JSON.stringify(doc, null, 2)}\n` });
    }
    return output;
  }

  /** All pages of a List* call. */
  private async list(operation: string, input: Out, key: string, label: string): Promise<Out[]> {
    const items: Out[] = [];
    let token: string | null = null;
    do {
      const out: Out | null = await this.read('sagemaker', operation, { ...input, ...(token ? { NextToken: token } : {}) }, label);
      items.push(...arr(out?.[key]));
      token = str(out?.NextToken);
    } while (token);
    return items;
  }

  private async tags(arn: string | null, label: string): Promise<void> {
    if (arn) await this.read('sagemaker', 'ListTags', { ResourceArn: arn }, `${label}-tags`);
  }

  /** Every endpoint with its config (DescribeEndpoint), and each config's models. */
  async allEndpoints(withModels: boolean): Promise<void> {
    for (const e of await this.list('ListEndpoints', {}, 'Endpoints', 'all')) {
      const name = str(e.EndpointName);
      if (name) await this.endpoint(name, false);
    }
    if (withModels) for (const cfg of new Set(Object.values(this.inventory.endpoints).map((e) => e.configName))) await this.endpointConfig(cfg);
  }

  async endpoint(name: string, withTags = true): Promise<void> {
    const d = await this.read('sagemaker', 'DescribeEndpoint', { EndpointName: name }, name);
    if (!d) return;
    this.inventory.endpoints[name] = { status: str(d.EndpointStatus) ?? 'unknown', configName: str(d.EndpointConfigName) ?? '' };
    if (withTags) await this.tags(str(d.EndpointArn), name);
  }

  async endpointConfig(name: string, withTags = false): Promise<void> {
    if (this.inventory.endpointConfigs[name]) return;
    const d = await this.read('sagemaker', 'DescribeEndpointConfig', { EndpointConfigName: name }, name);
    if (!d) return;
    const models = arr(d.ProductionVariants).map((v) => str(v.ModelName)).filter((m): m is string => m !== null);
    this.inventory.endpointConfigs[name] = { models };
    if (withTags) await this.tags(str(d.EndpointConfigArn), name);
  }

  async model(name: string): Promise<void> {
    const d = await this.read('sagemaker', 'DescribeModel', { ModelName: name }, name);
    if (!d) return;
    // Model data: each container's ModelDataUrl (an object) or ModelDataSource S3Uri (an object or a prefix).
    const containers = [d.PrimaryContainer, ...arr(d.Containers)] as (Out | undefined)[];
    const artifacts = containers.flatMap((c) => [str(c?.ModelDataUrl), str(((c?.ModelDataSource as Out | undefined)?.S3DataSource as Out | undefined)?.S3Uri)]).filter((u): u is string => u !== null && u.startsWith('s3://'));
    this.inventory.models[name] = { executionRoleArn: str(d.ExecutionRoleArn), artifacts: [...new Set(artifacts)] };
    await this.tags(str(d.ModelArn), name);
  }

  async notebook(name: string, usersOfLifecycleConfig: boolean): Promise<void> {
    const d = await this.read('sagemaker', 'DescribeNotebookInstance', { NotebookInstanceName: name }, name);
    if (!d) return;
    const lcc = str(d.NotebookInstanceLifecycleConfigName);
    this.inventory.notebooks[name] = { status: str(d.NotebookInstanceStatus) ?? 'unknown', rootAccess: str(d.RootAccess), lifecycleConfigName: lcc };
    await this.tags(str(d.NotebookInstanceArn), name);
    if (lcc) await this.lifecycleConfig(lcc, usersOfLifecycleConfig);
  }

  /** The configuration with its scripts decoded (base64 in the API) into their own evidence files. */
  private async lifecycleConfig(name: string, withUsers: boolean): Promise<void> {
    const d = await this.read('sagemaker', 'DescribeNotebookInstanceLifecycleConfig', { NotebookInstanceLifecycleConfigName: name }, name);
    if (!d) return;
    for (const hook of ['OnCreate', 'OnStart'] as const) {
      arr(d[hook]).forEach((s, i) => {
        const content = str(s.Content);
        if (content) this.evidence.push({ file: `lifecycle-${safe(name)}-${hook}-${i + 1}.sh`, content: Buffer.from(content, 'base64').toString('utf8') });
      });
    }
    const users: string[] = [];
    if (withUsers) {
      for (const nb of await this.list('ListNotebookInstances', { NotebookInstanceLifecycleConfigNameContains: name }, 'NotebookInstances', `lcc-${name}`)) {
        if (str(nb.NotebookInstanceLifecycleConfigName) === name) users.push(str(nb.NotebookInstanceName) ?? '');
      }
    }
    this.inventory.lifecycleConfigs[name] = { notebooks: users };
  }

  /** A registry version (GROUP/VERSION): its images, artifacts and approval, read by its ARN. */
  async modelPackage(name: string): Promise<void> {
    const arn = `arn:${partitionOf(this.region)}:sagemaker:${this.region}:${this.account ?? ''}:model-package/${name.toLowerCase()}`;
    const d = await this.read('sagemaker', 'DescribeModelPackage', { ModelPackageName: arn }, name);
    if (!d) return;
    this.inventory.modelPackages[name] = { arn: str(d.ModelPackageArn) ?? arn, approval: str(d.ModelApprovalStatus) ?? 'unknown' };
  }

  async domain(id: string): Promise<void> {
    if (this.inventory.domains[id]) return;
    const d = await this.read('sagemaker', 'DescribeDomain', { DomainId: id }, id);
    if (!d) return;
    const studioConfigs = new Set(studioLifecycleConfigArns(d));
    await this.tags(str(d.DomainArn), id);
    const apps = await this.list('ListApps', { DomainIdEquals: id }, 'Apps', `${id}-apps`);
    const profiles = await this.list('ListUserProfiles', { DomainIdEquals: id }, 'UserProfiles', `${id}-profiles`);
    const spaces = await this.list('ListSpaces', { DomainIdEquals: id }, 'Spaces', `${id}-spaces`);
    for (const p of profiles) {
      const label = `${id}-${String(p.UserProfileName)}`;
      const up = await this.read('sagemaker', 'DescribeUserProfile', { DomainId: id, UserProfileName: p.UserProfileName }, label);
      for (const a of studioLifecycleConfigArns(up)) studioConfigs.add(a);
      await this.tags(str(up?.UserProfileArn), label);
    }
    const owners = new Map<string, string | null>();
    for (const s of spaces) {
      const label = `${id}-${String(s.SpaceName)}`;
      const sp = await this.read('sagemaker', 'DescribeSpace', { DomainId: id, SpaceName: s.SpaceName }, label);
      owners.set(String(s.SpaceName), str((sp?.OwnershipSettings as Record<string, unknown> | undefined)?.OwnerUserProfileName));
      for (const a of studioLifecycleConfigArns(sp)) studioConfigs.add(a);
      await this.tags(str(sp?.SpaceArn), label);
    }
    if (studioConfigs.size > 0) {
      const names = await this.studioLifecycleConfigNames();
      const wanted = new Set([...studioConfigs].map((a) => names.get(a.toLowerCase()) ?? a.slice(a.lastIndexOf('/') + 1)));
      for (const name of wanted) await this.studioLifecycleConfig(name);
    }
    this.inventory.domains[id] = {
      status: str(d.Status) ?? 'unknown',
      apps: apps.map((a) => ({
        appType: str(a.AppType) ?? '',
        appName: str(a.AppName) ?? '',
        status: str(a.Status) ?? 'unknown',
        userProfileName: str(a.UserProfileName),
        spaceName: str(a.SpaceName),
      })),
      userProfiles: profiles.map((p) => ({ name: str(p.UserProfileName) ?? '', status: str(p.Status) ?? 'unknown' })),
      spaces: spaces.map((s) => ({ name: str(s.SpaceName) ?? '', status: str(s.Status) ?? 'unknown', owner: owners.get(String(s.SpaceName)) ?? null })),
    };
  }

  /**
   * SageMaker writes a name lower-case in its ARN, but DescribeStudioLifecycleConfig wants the name as
   * it was created (JL-Bootstrap, not jl-bootstrap): the list answers both, so ARN -> name comes from it.
   */
  private async studioLifecycleConfigNames(): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const c of await this.list('ListStudioLifecycleConfigs', {}, 'StudioLifecycleConfigs', 'studio-lifecycle-configs')) {
      const arn = str(c.StudioLifecycleConfigArn);
      const name = str(c.StudioLifecycleConfigName);
      if (arn && name) names.set(arn.toLowerCase(), name);
    }
    return names;
  }

  /** A Studio lifecycle configuration, its script decoded (base64 in the API) into its own evidence file. */
  private async studioLifecycleConfig(name: string): Promise<void> {
    const d = await this.read('sagemaker', 'DescribeStudioLifecycleConfig', { StudioLifecycleConfigName: name }, name);
    const content = str(d?.StudioLifecycleConfigContent);
    if (content) this.evidence.push({ file: `studio-lifecycle-${safe(name)}-${safe(str(d?.StudioLifecycleConfigAppType) ?? 'app')}.sh`, content: Buffer.from(content, 'base64').toString('utf8') });
  }

  async job(type: keyof typeof JOB_OPERATIONS, name: string): Promise<void> {
    const t = JOB_OPERATIONS[type];
    const d = await this.read('sagemaker', t.describe, { [t.param]: name }, name);
    if (!d) return;
    const output = str((d.ModelArtifacts as Out | undefined)?.S3ModelArtifacts);
    this.inventory.jobs[`${type}/${name}`] = { status: str(d[t.status]) ?? 'unknown', ...(output?.startsWith('s3://') ? { artifacts: [output] } : {}) };
    const arnKey = Object.keys(d).find((k) => k.endsWith('JobArn') && k.startsWith(t.param.replace(/Name$/, '')));
    await this.tags(arnKey ? str(d[arnKey]) : null, name);
  }

  async role(name: string): Promise<void> {
    const d = await this.read('iam', 'GetRole', { RoleName: name }, name);
    if (!d) return;
    const role = (d.Role ?? {}) as Out;
    const inline = (await this.iamList('ListRolePolicies', { RoleName: name }, 'PolicyNames', name) as unknown[]).filter((p): p is string => typeof p === 'string');
    for (const p of inline) await this.read('iam', 'GetRolePolicy', { RoleName: name, PolicyName: p }, `${name}-${p}`);
    await this.managedPolicies(await this.iamList('ListAttachedRolePolicies', { RoleName: name }, 'AttachedPolicies', name));
    this.inventory.roles[name] = { path: str(role.Path) ?? '/', inlinePolicies: inline };
  }

  /** All pages of an IAM List* call (IsTruncated and Marker). */
  private async iamList(operation: string, input: Out, key: string, label: string): Promise<Out[]> {
    const items: unknown[] = [];
    let marker: string | null = null;
    do {
      const out: Out | null = await this.read('iam', operation, { ...input, ...(marker ? { Marker: marker } : {}) }, label);
      if (Array.isArray(out?.[key])) items.push(...(out[key] as unknown[]));
      marker = out?.IsTruncated === true ? str(out.Marker) : null;
    } while (marker);
    return items as Out[];
  }

  /** An ARN alone says nothing of what a policy allows: each attached policy's default version document. */
  private async managedPolicies(attached: Out[]): Promise<void> {
    for (const a of attached) {
      const arn = str(a.PolicyArn);
      if (!arn) continue;
      const label = arn.slice(arn.lastIndexOf('/') + 1);
      const policy = (await this.read('iam', 'GetPolicy', { PolicyArn: arn }, label))?.Policy as Out | undefined;
      const version = str(policy?.DefaultVersionId);
      if (version) await this.read('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: version }, `${label}-${version}`);
    }
  }

  /** An IAM user: its access keys (with their last use), inline and managed policies, and groups. */
  async user(name: string, withLoginProfile = false): Promise<void> {
    if (this.inventory.users[name]) return;
    if (!(await this.read('iam', 'GetUser', { UserName: name }, name))) return;
    const keys = (await this.iamList('ListAccessKeys', { UserName: name }, 'AccessKeyMetadata', name)).map((k) => ({ id: str(k.AccessKeyId) ?? '', status: str(k.Status) ?? 'unknown' }));
    for (const k of keys) await this.read('iam', 'GetAccessKeyLastUsed', { AccessKeyId: k.id }, k.id);
    const inline = (await this.iamList('ListUserPolicies', { UserName: name }, 'PolicyNames', name) as unknown[]).filter((p): p is string => typeof p === 'string');
    for (const p of inline) await this.read('iam', 'GetUserPolicy', { UserName: name, PolicyName: p }, `${name}-${p}`);
    await this.managedPolicies(await this.iamList('ListAttachedUserPolicies', { UserName: name }, 'AttachedPolicies', name));
    await this.iamList('ListGroupsForUser', { UserName: name }, 'Groups', name);
    // Not found is an answer (no console password), kept as evidence like the rest.
    const loginProfile = withLoginProfile ? { loginProfile: (await this.read('iam', 'GetLoginProfile', { UserName: name }, name)) !== null } : {};
    this.inventory.users[name] = { inlinePolicies: inline, keys, ...loginProfile };
  }

  /**
   * What one action needs to be planned. `carried` (resume.ts): what a saved plan of this command
   * deleted or detached these targets with, read when the target no longer shows it.
   */
  async forAction(action: string, targets: string[], options: ContainOptions, carried: Pick<Carried, 'detachedLifecycleConfigs' | 'deletedEndpoints'> | null = null): Promise<void> {
    const detached = carried?.detachedLifecycleConfigs ?? {};
    for (const t of targets) {
      switch (action) {
        case 'delete-endpoint': {
          // Always what the endpoint served: its config and models (image, artifacts, role) are the
          // evidence of what ran, even when they are kept.
          await this.endpoint(t);
          const earlier = this.inventory.endpoints[t] ? null : carried?.deletedEndpoints[t];
          if (earlier) for (const m of earlier.models) await this.model(m);
          const cfg = this.inventory.endpoints[t]?.configName ?? earlier?.config;
          if (cfg) {
            await this.endpointConfig(cfg, true);
            for (const m of this.inventory.endpointConfigs[cfg]?.models ?? []) await this.model(m);
          }
          break;
        }
        case 'delete-endpoint-config':
          await this.endpointConfig(t, true);
          break;
        case 'delete-model':
          await this.model(t);
          break;
        case 'delete-domain':
          await this.domain(t);
          break;
        case 'rollback-endpoint': {
          // What it serves now and what it will serve: both configurations and their models are evidence.
          await this.endpoint(t);
          for (const cfg of [this.inventory.endpoints[t]?.configName, options.toConfig]) {
            if (!cfg) continue;
            await this.endpointConfig(cfg, true);
            for (const m of this.inventory.endpointConfigs[cfg]?.models ?? []) await this.model(m);
          }
          break;
        }
        case 'reject-model-package':
          await this.modelPackage(t);
          break;
        case 'stop-user-apps':
        case 'delete-user-profile':
          // DOMAIN/NAME: the whole domain is read, its apps, profiles and spaces kept as evidence.
          await this.domain(t.slice(0, t.indexOf('/')));
          break;
        case 'disable-root-access':
        case 'stop-notebook':
        case 'delete-notebook':
        case 'detach-lifecycle-config':
          await this.notebook(t, action === 'detach-lifecycle-config' && options.deleteLifecycleConfig === true);
          if (action === 'detach-lifecycle-config' && options.deleteLifecycleConfig && detached[t] && this.inventory.notebooks[t]?.lifecycleConfigName === null) {
            await this.lifecycleConfig(detached[t], true);
          }
          break;
        case 'stop-job':
          if (options.jobType) await this.job(options.jobType, t);
          break;
        case 'quarantine-role':
        case 'revoke-sessions':
          await this.role(t);
          break;
        case 'deactivate-access-key':
        case 'quarantine-user':
          await this.user(t, action === 'quarantine-user' && options.deleteLoginProfile === true);
          break;
      }
    }
    // Who else uses a config or model: every endpoint of the region.
    const needsAll = (action === 'delete-endpoint' && (options.withConfig || options.withModels)) || action === 'delete-endpoint-config' || action === 'delete-model';
    if (needsAll) await this.allEndpoints(action === 'delete-model' || options.withModels === true);
  }
}
