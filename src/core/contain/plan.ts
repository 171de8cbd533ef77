import { SmIrError, UsageError } from '../../errors.js';
import type { ContainmentAction, ContainmentData } from '../../playbook/schema.js';
import type { ContainOptions, Inventory, Plan, PlanStep, Probe } from './model.js';
import type { JobType } from './names.js';

export interface PlanInput {
  action: string;
  region: string;
  targets: string[];
  options: ContainOptions;
  inventory: Inventory;
  data: ContainmentData;
  /** ISO time of planning: revoke-sessions denies sessions issued before it. */
  now: string;
  /**
   * Proposals from findings: a target that cannot be planned (gone since, or in a state the action
   * does not start from) is listed in `skipped` instead of failing the whole plan.
   */
  bestEffort?: boolean;
  /** Endpoints an earlier plan of the same run deletes: they no longer protect their config and models. */
  endpointsDeletedBefore?: string[];
  /** Notebooks an earlier plan of the same run detaches from their lifecycle configuration: safe to restart. */
  lifecycleDetachedBefore?: string[];
  /** The account the inventory was read in (sts:GetCallerIdentity), named when a target is not there. */
  account?: string;
  /**
   * Targets ("endpoint/ep1") a plan saved earlier in the same case directory deletes: sm-ir itself
   * removed them, so their absence is already-done rather than a wrong name, region or profile.
   */
  deletedEarlier?: string[];
  /**
   * Notebooks the saved plan of this same command stops before updating them (a run interrupted
   * since): they were running, so the re-derived plan still stops (already done), updates and
   * restarts them, whatever transition the interrupted run left them in.
   */
  stoppedEarlier?: string[];
  /** Notebook -> the lifecycle configuration the saved plan detached from it and deletes (--delete-lifecycle-config). */
  detachedLifecycleConfigs?: Record<string, string>;
  /** Endpoint -> the configuration and models the saved plan deletes with it (the endpoint itself gone since). */
  deletedEndpoints?: Record<string, { config: string | null; models: string[] }>;
}

type Draft = Omit<PlanStep, 'n' | 'permission' | 'state' | 'service' | 'ready' | 'done'> & {
  service?: 'sagemaker' | 'iam';
  ready?: Probe | null;
  done?: Probe | null;
  alreadyDone: boolean;
};

const JOB = {
  training: { stop: 'StopTrainingJob', describe: 'DescribeTrainingJob', param: 'TrainingJobName', status: 'TrainingJobStatus' },
  processing: { stop: 'StopProcessingJob', describe: 'DescribeProcessingJob', param: 'ProcessingJobName', status: 'ProcessingJobStatus' },
  transform: { stop: 'StopTransformJob', describe: 'DescribeTransformJob', param: 'TransformJobName', status: 'TransformJobStatus' },
  tuning: {
    stop: 'StopHyperParameterTuningJob',
    describe: 'DescribeHyperParameterTuningJob',
    param: 'HyperParameterTuningJobName',
    status: 'HyperParameterTuningJobStatus',
  },
} as const satisfies Record<JobType, object>;
export const JOB_OPERATIONS = JOB;

const sm = (operation: string, parameters: Record<string, unknown>, rest: Omit<Probe, 'service' | 'operation' | 'parameters'>): Probe => ({
  service: 'sagemaker',
  operation,
  parameters,
  ...rest,
});
const nb = (name: string, match: Record<string, (string | null)[]>) => sm('DescribeNotebookInstance', { NotebookInstanceName: name }, { match });
const nbGone = (name: string) => sm('DescribeNotebookInstance', { NotebookInstanceName: name }, { gone: true });

/** A named target that is not there: a typo, or the wrong region or account, must not read as containment done. */
function notFound(kind: string, name: string, { region, account }: Pick<PlanInput, 'region' | 'account'>, global = false): SmIrError {
  const where = [global ? null : region, account ? `account ${account}` : null].filter(Boolean).join(', ');
  return new SmIrError(`${kind} '${name}' not found${where ? ` (looked in ${where})` : ''}; nothing was changed`, {
    hint: global ? 'check the name and --profile' : 'check the name, --region and --profile',
  });
}

/** A target to delete that is absent: already-done if an earlier run of this case deleted it, else an error. */
function absent(kind: string, name: string, target: string, input: PlanInput): true {
  if (input.deletedEarlier?.includes(target)) return true;
  throw notFound(kind, name, input);
}

function checkOrigin(action: ContainmentAction, target: string, status: string): void {
  if (!action.originStates.includes(status)) {
    throw new SmIrError(`${action.id}: ${target} is ${status}; the action starts from ${action.originStates.join(', ')}`, {
      hint: 'wait until the resource settles, then run again',
    });
  }
}

/** Endpoints not being deleted by this plan, per config they use. */
function configUsers(inv: Inventory, deleting: Set<string>): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [ep, { configName }] of Object.entries(inv.endpoints)) {
    if (deleting.has(ep)) continue;
    users.set(configName, [...(users.get(configName) ?? []), ep]);
  }
  return users;
}
function modelUsers(inv: Inventory, deleting: Set<string>): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [cfg, eps] of configUsers(inv, deleting)) {
    for (const m of inv.endpointConfigs[cfg]?.models ?? []) users.set(m, [...(users.get(m) ?? []), ...eps]);
  }
  return users;
}

const deleteConfig = (name: string, alreadyDone: boolean): Draft => ({
  target: `endpoint-config/${name}`,
  operation: 'DeleteEndpointConfig',
  parameters: { EndpointConfigName: name },
  expect: 'gone',
  done: sm('DescribeEndpointConfig', { EndpointConfigName: name }, { gone: true }),
  alreadyDone,
});
const deleteModel = (name: string, alreadyDone: boolean): Draft => ({
  target: `model/${name}`,
  operation: 'DeleteModel',
  parameters: { ModelName: name },
  expect: 'gone',
  done: sm('DescribeModel', { ModelName: name }, { gone: true }),
  alreadyDone,
});

const startNotebook = (name: string): Draft => ({
  target: `notebook/${name}`,
  operation: 'StartNotebookInstance',
  parameters: { NotebookInstanceName: name },
  expect: 'InService',
  ready: nb(name, { NotebookInstanceStatus: ['Stopped'] }),
  done: nb(name, { NotebookInstanceStatus: ['InService'] }),
  alreadyDone: false,
});

/** The states an interrupted stop-update-start leaves a notebook in, on its way back to running. */
const MID_UPDATE = ['Stopping', 'Stopped', 'Updating'];

/**
 * Stop -> (update) -> start-if-it-was-running, the sequence every notebook update needs. A notebook
 * the saved plan stopped (`stoppedEarlier`) was running: its stop is already done (or under way).
 */
function notebookUpdate(
  name: string,
  status: string,
  update: Record<string, unknown>,
  doneMatch: Record<string, (string | null)[]>,
  expect: string,
  restart: boolean,
  stoppedEarlier: boolean,
): Draft[] {
  const target = `notebook/${name}`;
  const running = status === 'InService';
  const drafts: Draft[] = [];
  if (running || stoppedEarlier) {
    drafts.push({ target, operation: 'StopNotebookInstance', parameters: { NotebookInstanceName: name }, expect: 'Stopped', done: nb(name, { NotebookInstanceStatus: ['Stopped'] }), alreadyDone: !running });
  }
  drafts.push({
    target,
    operation: 'UpdateNotebookInstance',
    parameters: { NotebookInstanceName: name, ...update },
    expect,
    ready: nb(name, { NotebookInstanceStatus: ['Stopped'] }),
    // Settled with the change made: Stopped right after the update, InService once restarted.
    done: nb(name, { ...doneMatch, NotebookInstanceStatus: ['Stopped', 'InService'] }),
    alreadyDone: false,
  });
  if ((running || stoppedEarlier) && restart) drafts.push(startNotebook(name));
  return drafts;
}

/**
 * A notebook update already made: nothing to do, unless the saved plan stopped the notebook for it;
 * then its restart is planned too: done (InService), under way (Pending, waited for), or left to do.
 */
function updateMade(name: string, status: string, draft: Omit<Draft, 'target' | 'alreadyDone'>, restart: boolean, stoppedEarlier: boolean): Draft[] {
  const drafts: Draft[] = [{ target: `notebook/${name}`, ...draft, alreadyDone: true }];
  if (stoppedEarlier && restart && [...MID_UPDATE, 'Pending', 'InService'].includes(status)) drafts.push({ ...startNotebook(name), alreadyDone: status === 'InService' });
  return drafts;
}

/** An action's origin states, widened by the transitions of an update the saved plan began. */
function checkNotebookOrigin(action: ContainmentAction, name: string, status: string, stoppedEarlier: boolean): void {
  if (!(stoppedEarlier && MID_UPDATE.includes(status))) checkOrigin(action, `notebook ${name}`, status);
}

/** Deletes a notebook's lifecycle configuration once detached, unless another notebook still uses it. */
function deleteLifecycleConfig(notebook: string, lcc: string, inv: Inventory, kept: Plan['kept']): Draft[] {
  const others = (inv.lifecycleConfigs[lcc]?.notebooks ?? []).filter((o) => o !== notebook);
  if (others.length > 0) {
    kept.push({ target: `lifecycle-config/${lcc}`, reason: `still used by notebook ${others.join(', ')}` });
    return [];
  }
  return [{
    target: `lifecycle-config/${lcc}`,
    operation: 'DeleteNotebookInstanceLifecycleConfig',
    parameters: { NotebookInstanceLifecycleConfigName: lcc },
    expect: 'gone',
    done: sm('DescribeNotebookInstanceLifecycleConfig', { NotebookInstanceLifecycleConfigName: lcc }, { gone: true }),
    alreadyDone: inv.lifecycleConfigs[lcc] === undefined,
  }];
}

/** DOMAIN/NAME of a Studio user profile or space, and its domain as read (null when absent and `absentTarget` is given). */
function studioMember(target: string, input: PlanInput, absentTarget?: string): { domainId: string; member: string; domain: Inventory['domains'][string] } {
  const slash = target.indexOf('/');
  const domainId = target.slice(0, slash);
  const member = target.slice(slash + 1);
  const domain = input.inventory.domains[domainId];
  if (!domain && absentTarget === undefined) throw notFound('domain', domainId, input);
  return { domainId, member, domain: domain as Inventory['domains'][string] };
}

/** The private spaces a user profile owns: their apps are its sessions too. */
const ownedSpaces = (domain: Inventory['domains'][string], profile: string): string[] => domain.spaces.filter((s) => s.owner === profile).map((s) => s.name);

/** Failed and Deleted apps need no deletion; the others end their sessions when deleted. */
function deleteApps(domainId: string, apps: Inventory['domains'][string]['apps']): Draft[] {
  return apps.filter((a) => a.status !== 'Failed' && a.status !== 'Deleted').map((app) => {
    const owner = app.spaceName ? { SpaceName: app.spaceName } : { UserProfileName: app.userProfileName };
    const params = { DomainId: domainId, AppType: app.appType, AppName: app.appName, ...owner };
    return {
      target: `app/${domainId}/${app.spaceName ?? app.userProfileName}/${app.appType}/${app.appName}`,
      operation: 'DeleteApp',
      parameters: params,
      expect: 'Deleted',
      // A Pending app cannot be deleted yet (ResourceInUse): wait until it runs, or fails (then it needs no deletion).
      ready: sm('DescribeApp', params, { match: { Status: ['InService', 'Failed', 'Deleted'] } }),
      done: sm('DescribeApp', params, { match: { Status: ['Deleted', 'Failed'] } }),
      alreadyDone: app.status === 'Deleting',
    };
  });
}

const deleteSpace = (domainId: string, s: { name: string; status: string }): Draft => ({
  target: `space/${domainId}/${s.name}`,
  operation: 'DeleteSpace',
  parameters: { DomainId: domainId, SpaceName: s.name },
  expect: 'gone',
  done: sm('DescribeSpace', { DomainId: domainId, SpaceName: s.name }, { gone: true }),
  alreadyDone: s.status === 'Deleting',
});

const deleteUserProfile = (domainId: string, p: { name: string; status: string }): Draft => ({
  target: `user-profile/${domainId}/${p.name}`,
  operation: 'DeleteUserProfile',
  parameters: { DomainId: domainId, UserProfileName: p.name },
  expect: 'gone',
  done: sm('DescribeUserProfile', { DomainId: domainId, UserProfileName: p.name }, { gone: true }),
  alreadyDone: p.status === 'Deleting',
});

type Planner = (name: string, input: PlanInput, action: ContainmentAction, kept: Plan['kept']) => Draft[];

const PLANNERS: Record<string, Planner> = {
  'delete-endpoint'(name, input, action, kept) {
    const { inventory: inv, options, targets, endpointsDeletedBefore = [] } = input;
    const ep = inv.endpoints[name];
    if (!ep) absent('endpoint', name, `endpoint/${name}`, input);
    const settled = [...action.originStates.filter((st) => st !== 'Creating'), 'Deleting'];
    const drafts: Draft[] = [
      {
        target: `endpoint/${name}`,
        operation: 'DeleteEndpoint',
        parameters: { EndpointName: name },
        expect: 'gone',
        // An endpoint still Creating cannot be deleted yet (ValidationException): wait until it is InService or Failed.
        ready: ep?.status === 'Creating' ? sm('DescribeEndpoint', { EndpointName: name }, { match: { EndpointStatus: settled } }) : null,
        done: sm('DescribeEndpoint', { EndpointName: name }, { gone: true }),
        alreadyDone: ep === undefined,
      },
    ];
    // Gone since an interrupted run of this case deleted it: what it served is known from that run.
    const earlier = ep ? null : input.deletedEndpoints?.[name];
    const configName = ep?.configName ?? earlier?.config;
    if ((!ep && !earlier) || (!options.withConfig && !options.withModels)) return drafts;
    const deleting = new Set([...targets, ...endpointsDeletedBefore]);
    const cfgUsers = configName ? configUsers(inv, deleting).get(configName) : undefined;
    if (options.withConfig && configName) {
      if (cfgUsers) kept.push({ target: `endpoint-config/${configName}`, reason: `still used by endpoint ${cfgUsers.join(', ')}` });
      else drafts.push(deleteConfig(configName, inv.endpointConfigs[configName] === undefined));
    }
    if (options.withModels) {
      const users = modelUsers(inv, deleting);
      const served = (configName ? inv.endpointConfigs[configName]?.models : undefined) ?? earlier?.models ?? [];
      for (const m of served) {
        const u = users.get(m);
        if (u) kept.push({ target: `model/${m}`, reason: `still used by endpoint ${[...new Set(u)].join(', ')}` });
        else drafts.push(deleteModel(m, inv.models[m] === undefined));
      }
    }
    return drafts;
  },
  'delete-endpoint-config'(name, input) {
    const { inventory: inv, endpointsDeletedBefore = [] } = input;
    if (!inv.endpointConfigs[name]) absent('endpoint config', name, `endpoint-config/${name}`, input);
    const users = configUsers(inv, new Set(endpointsDeletedBefore)).get(name);
    if (users) throw new SmIrError(`endpoint config ${name} is in use by endpoint ${users.join(', ')}: not deleting it`, { hint: 'delete the endpoint first (contain delete-endpoint --with-config)' });
    return [deleteConfig(name, inv.endpointConfigs[name] === undefined)];
  },
  'delete-model'(name, input) {
    const { inventory: inv, endpointsDeletedBefore = [] } = input;
    if (!inv.models[name]) absent('model', name, `model/${name}`, input);
    const users = modelUsers(inv, new Set(endpointsDeletedBefore)).get(name);
    if (users) throw new SmIrError(`model ${name} is in use by endpoint ${[...new Set(users)].join(', ')}: not deleting it`, { hint: 'delete the endpoint first (contain delete-endpoint --with-models)' });
    return [deleteModel(name, inv.models[name] === undefined)];
  },
  'rollback-endpoint'(name, input, action) {
    const { inventory: inv, options } = input;
    const to = options.toConfig;
    if (!to) throw new UsageError('rollback-endpoint needs --to-config CONFIG', 'the known-good endpoint configuration to serve from');
    const ep = inv.endpoints[name];
    if (!ep) throw notFound('endpoint', name, input);
    if (!inv.endpointConfigs[to]) throw notFound('endpoint configuration', to, input);
    const done = sm('DescribeEndpoint', { EndpointName: name }, { match: { EndpointConfigName: [to], EndpointStatus: ['InService'] } });
    const draft: Draft = { target: `endpoint/${name}`, operation: 'UpdateEndpoint', parameters: { EndpointName: name, EndpointConfigName: to }, expect: `InService on ${to}`, done, alreadyDone: ep.configName === to };
    if (ep.configName === to) return [draft];
    checkOrigin(action, `endpoint ${name}`, ep.status);
    // An update is refused while the endpoint is not InService.
    return [{ ...draft, ready: sm('DescribeEndpoint', { EndpointName: name }, { match: { EndpointStatus: ['InService'] } }) }];
  },
  'reject-model-package'(name, input, action) {
    const pkg = input.inventory.modelPackages[name];
    if (!pkg) throw notFound('model package', name, input);
    const draft: Draft = {
      target: `model-package/${name}`,
      operation: 'UpdateModelPackage',
      parameters: { ModelPackageArn: pkg.arn, ModelApprovalStatus: 'Rejected', ApprovalDescription: `Rejected by sm-ir contain during incident response (${input.now})` },
      expect: 'Rejected',
      done: sm('DescribeModelPackage', { ModelPackageName: pkg.arn }, { match: { ModelApprovalStatus: ['Rejected'] } }),
      alreadyDone: pkg.approval === 'Rejected',
    };
    if (pkg.approval !== 'Rejected') checkOrigin(action, `model package ${name}`, pkg.approval);
    return [draft];
  },
  'delete-domain'(id, input, action) {
    const { inventory: inv, options } = input;
    const domain = inv.domains[id];
    if (!domain) absent('domain', id, `domain/${id}`, input);
    const deleteDomain: Draft = {
      target: `domain/${id}`,
      operation: 'DeleteDomain',
      parameters: { DomainId: id, RetentionPolicy: { HomeEfsFileSystem: options.deleteHomeEfs ? 'Delete' : 'Retain' } },
      expect: 'gone',
      done: sm('DescribeDomain', { DomainId: id }, { gone: true }),
      alreadyDone: domain === undefined,
    };
    if (!domain) return [deleteDomain];
    if (domain.status !== 'Deleting') checkOrigin(action, `domain ${id}`, domain.status);
    // Spaces before profiles: a private space belongs to a profile.
    return [
      ...deleteApps(id, domain.apps),
      ...domain.spaces.map((s) => deleteSpace(id, s)),
      ...domain.userProfiles.map((p) => deleteUserProfile(id, p)),
      { ...deleteDomain, alreadyDone: domain.status === 'Deleting' },
    ];
  },
  'stop-user-apps'(target, input, action, kept) {
    const { domainId, member, domain } = studioMember(target, input);
    const space = input.options.space === true;
    const found = space ? domain.spaces.find((s) => s.name === member) : domain.userProfiles.find((p) => p.name === member);
    if (!found) throw notFound(space ? 'space' : 'user profile', `${domainId}/${member}`, input);
    checkOrigin(action, `${space ? 'space' : 'user profile'} ${domainId}/${member}`, found.status);
    const spaces = space ? [member] : ownedSpaces(domain, member);
    const apps = domain.apps.filter((a) => (a.spaceName ? spaces.includes(a.spaceName) : !space && a.userProfileName === member));
    const drafts = deleteApps(domainId, apps);
    if (drafts.length === 0) kept.push({ target: `${space ? 'space' : 'user-profile'}/${target}`, reason: 'no app to delete: no session of it is running' });
    return drafts;
  },
  'delete-user-profile'(target, input, action) {
    const { domainId, member, domain } = studioMember(target, input, `user-profile/${target}`);
    const profile = domain?.userProfiles.find((p) => p.name === member);
    if (!domain || !profile) {
      absent('user profile', target, `user-profile/${target}`, input);
      return [deleteUserProfile(domainId, { name: member, status: 'Deleting' })];
    }
    if (profile.status !== 'Deleting') checkOrigin(action, `user profile ${target}`, profile.status);
    const spaces = ownedSpaces(domain, member);
    const apps = domain.apps.filter((a) => (a.spaceName ? spaces.includes(a.spaceName) : a.userProfileName === member));
    return [...deleteApps(domainId, apps), ...domain.spaces.filter((s) => spaces.includes(s.name)).map((s) => deleteSpace(domainId, s)), deleteUserProfile(domainId, profile)];
  },
  'disable-root-access'(name, input, action, kept) {
    const { inventory: inv, options, lifecycleDetachedBefore = [] } = input;
    const n = inv.notebooks[name];
    if (!n) throw notFound('notebook instance', name, input);
    const stoppedEarlier = input.stoppedEarlier?.includes(name) ?? false;
    // Lifecycle scripts run as root whatever RootAccess says: restarting runs OnStart again, which
    // re-executes an attacker's script. Unless --restart, a notebook with one attached stays stopped.
    const lcc = lifecycleDetachedBefore.includes(name) ? null : n.lifecycleConfigName;
    const restart = options.noRestart === undefined ? lcc === null : !options.noRestart;
    if (n.rootAccess === 'Disabled') {
      return updateMade(name, n.status, { operation: 'UpdateNotebookInstance', parameters: { NotebookInstanceName: name, RootAccess: 'Disabled' }, expect: 'RootAccess Disabled', done: nb(name, { RootAccess: ['Disabled'] }) }, restart, stoppedEarlier);
    }
    checkNotebookOrigin(action, name, n.status, stoppedEarlier);
    if ((n.status === 'InService' || stoppedEarlier) && options.noRestart === undefined && lcc !== null) {
      kept.push({ target: `notebook/${name}`, reason: `left stopped: restarting would run the OnStart script of lifecycle configuration ${lcc} as root (kept as evidence); detach it first (detach-lifecycle-config) or pass --restart` });
    }
    return notebookUpdate(name, n.status, { RootAccess: 'Disabled' }, { RootAccess: ['Disabled'] }, 'RootAccess Disabled', restart, stoppedEarlier);
  },
  'stop-notebook'(name, input, action) {
    const n = input.inventory.notebooks[name];
    if (!n) throw notFound('notebook instance', name, input);
    const stopped = n.status === 'Stopped' || n.status === 'Stopping';
    if (!stopped) checkOrigin(action, `notebook ${name}`, n.status);
    return [{ target: `notebook/${name}`, operation: 'StopNotebookInstance', parameters: { NotebookInstanceName: name }, expect: 'Stopped', done: nb(name, { NotebookInstanceStatus: ['Stopped'] }), alreadyDone: stopped }];
  },
  'delete-notebook'(name, input, action) {
    const n = input.inventory.notebooks[name];
    if (!n) absent('notebook instance', name, `notebook/${name}`, input);
    const del: Draft = {
      target: `notebook/${name}`,
      operation: 'DeleteNotebookInstance',
      parameters: { NotebookInstanceName: name },
      expect: 'gone',
      ready: nb(name, { NotebookInstanceStatus: ['Stopped', 'Failed'] }),
      done: nbGone(name),
      alreadyDone: n === undefined || n.status === 'Deleting',
    };
    if (!n || n.status === 'Deleting') return [del];
    if (n.status !== 'Stopping') checkOrigin(action, `notebook ${name}`, n.status);
    const drafts: Draft[] = [];
    if (n.status === 'InService' || n.status === 'Pending') {
      // A Pending notebook may end Failed instead of InService: then there is nothing to stop before deleting it.
      drafts.push({ target: `notebook/${name}`, operation: 'StopNotebookInstance', parameters: { NotebookInstanceName: name }, expect: 'Stopped', ready: nb(name, { NotebookInstanceStatus: ['InService', 'Failed'] }), done: nb(name, { NotebookInstanceStatus: ['Stopped', 'Failed'] }), alreadyDone: false });
    }
    return [...drafts, del];
  },
  'detach-lifecycle-config'(name, input, action, kept) {
    const { inventory: inv, options } = input;
    const n = inv.notebooks[name];
    if (!n) throw notFound('notebook instance', name, input);
    const stoppedEarlier = input.stoppedEarlier?.includes(name) ?? false;
    const lcc = n.lifecycleConfigName;
    if (!lcc) {
      const made = updateMade(name, n.status, { operation: 'UpdateNotebookInstance', parameters: { NotebookInstanceName: name, DisassociateLifecycleConfig: true }, expect: 'no lifecycle configuration', done: nb(name, { NotebookInstanceLifecycleConfigName: [null] }) }, !options.noRestart, stoppedEarlier);
      // Detached by the interrupted run: the configuration it named is deleted if it still exists and nothing uses it.
      const detached = input.detachedLifecycleConfigs?.[name];
      if (options.deleteLifecycleConfig && detached) made.push(...deleteLifecycleConfig(name, detached, inv, kept));
      return made;
    }
    checkNotebookOrigin(action, name, n.status, stoppedEarlier);
    const drafts = notebookUpdate(name, n.status, { DisassociateLifecycleConfig: true }, { NotebookInstanceLifecycleConfigName: [null] }, 'no lifecycle configuration', !options.noRestart, stoppedEarlier);
    if (options.deleteLifecycleConfig) drafts.push(...deleteLifecycleConfig(name, lcc, inv, kept));
    return drafts;
  },
  'stop-job'(name, input, action) {
    const { inventory: inv, options } = input;
    if (!options.jobType) throw new UsageError('stop-job needs --job-type', 'one of: training, processing, transform, tuning');
    const t = JOB[options.jobType];
    const job = inv.jobs[`${options.jobType}/${name}`];
    if (!job) throw notFound(`${options.jobType} job`, name, input);
    const finished = ['Stopping', 'Stopped', 'Completed', 'Failed'].includes(job.status);
    if (!finished) checkOrigin(action, `${options.jobType} job ${name}`, job.status);
    return [{
      target: `${options.jobType}-job/${name}`,
      operation: t.stop,
      parameters: { [t.param]: name },
      expect: 'Stopped',
      done: sm(t.describe, { [t.param]: name }, { match: { [t.status]: ['Stopped', 'Completed', 'Failed'] } }),
      alreadyDone: finished,
    }];
  },
  'quarantine-role'(name, input) {
    const role = input.inventory.roles[name];
    if (!role) throw notFound('IAM role', name, input, true);
    if (role.path.startsWith('/aws-service-role/')) {
      throw new SmIrError(`role ${name} is a service-linked role: its policies cannot be changed`, { hint: 'contain the principal that used it instead' });
    }
    return [putInlinePolicy('role', name, role.inlinePolicies, input, input.data.policies.quarantine, true)];
  },
  'revoke-sessions'(name, input) {
    const role = input.inventory.roles[name];
    if (!role) throw notFound('IAM role', name, input, true);
    if (role.path.startsWith('/aws-service-role/')) {
      throw new SmIrError(`role ${name} is a service-linked role: its policies cannot be changed`, { hint: 'contain the principal that used it instead' });
    }
    // Always applied: a later time revokes more, and re-running from a saved plan reuses its time.
    return [putInlinePolicy('role', name, role.inlinePolicies, input, input.data.policies.revokeSessions, false)];
  },
  'quarantine-user'(name, input) {
    const user = input.inventory.users[name];
    if (!user) throw notFound('IAM user', name, input, true);
    const quarantine = putInlinePolicy('user', name, user.inlinePolicies, input, input.data.policies.quarantine, true);
    if (!input.options.deleteLoginProfile) return [quarantine];
    // After the deny-all: the password is gone for good, the deny can be lifted.
    return [quarantine, {
      target: `login-profile/${name}`,
      service: 'iam',
      operation: 'DeleteLoginProfile',
      parameters: { UserName: name },
      expect: 'no console password',
      done: { service: 'iam', operation: 'GetLoginProfile', parameters: { UserName: name }, gone: true },
      alreadyDone: user.loginProfile !== true,
    }];
  },
  'deactivate-access-key'(name, input, _action, kept) {
    const { inventory: inv, options } = input;
    const user = inv.users[name];
    if (!user) throw notFound('IAM user', name, input, true);
    const wanted = options.accessKeyIds;
    // Every key of the user (an Inactive one is already done), or only the named ones.
    const keys = wanted ? user.keys.filter((k) => wanted.includes(k.id)) : user.keys;
    if (wanted && keys.length === 0) {
      throw new SmIrError(`IAM user ${name} has no access key ${wanted.join(' or ')}${input.account ? ` (account ${input.account})` : ''}; nothing was changed`, { hint: 'check the user and --access-key-id (sm-ir lists its keys in the evidence)' });
    }
    // A compromised user's other keys (one the attacker created, say) are named, not silently left on.
    for (const k of user.keys.filter((x) => x.status === 'Active' && !keys.includes(x))) {
      kept.push({ target: `access-key/${name}/${k.id}`, reason: 'Active and not named: deactivate it too unless it is known to be safe (contain deactivate-access-key USER deactivates every key)' });
    }
    return keys.map((k) => ({
      target: `access-key/${name}/${k.id}`,
      service: 'iam',
      operation: 'UpdateAccessKey',
      parameters: { UserName: name, AccessKeyId: k.id, Status: 'Inactive' },
      expect: 'Inactive',
      done: { service: 'iam', operation: 'ListAccessKeys', parameters: { UserName: name }, item: { list: 'AccessKeyMetadata', field: 'AccessKeyId', value: k.id }, match: { Status: ['Inactive'] } },
      alreadyDone: k.status === 'Inactive',
    }));
  },
};

/** An inline deny policy on a role or user; `idempotent`: the same policy twice is the same change. */
function putInlinePolicy(kind: 'role' | 'user', name: string, existing: string[], input: PlanInput, policy: ContainmentData['policies']['quarantine'], idempotent: boolean): Draft {
  const document = JSON.stringify(policy.document).replaceAll('${now}', input.now);
  const [Kind, param] = kind === 'role' ? ['Role', 'RoleName'] : ['User', 'UserName'];
  return {
    target: `${kind}/${name}`,
    service: 'iam',
    operation: `Put${Kind}Policy`,
    parameters: { [param]: name, PolicyName: policy.name, PolicyDocument: document },
    expect: `inline policy ${policy.name} attached`,
    done: idempotent ? { service: 'iam', operation: `Get${Kind}Policy`, parameters: { [param]: name, PolicyName: policy.name }, match: { PolicyName: [policy.name] } } : null,
    alreadyDone: idempotent && existing.includes(policy.name),
  };
}

export const ACTION_IDS = Object.keys(PLANNERS);

/** The plan: every call in order with its IAM permission and end state. Pure: no AWS, no clock. */
export function buildPlan(input: PlanInput): Plan {
  const action = input.data.actions.find((a) => a.id === input.action);
  const planner = PLANNERS[input.action];
  if (!action || !planner) throw new UsageError(`unknown action '${input.action}'`, `actions: ${ACTION_IDS.join(', ')}`);
  const kept: Plan['kept'] = [];
  const skipped: Plan['skipped'] = [];
  const drafts = [...new Set(input.targets)].flatMap((t) => {
    try {
      return planner(t, input, action, kept);
    } catch (e) {
      if (!input.bestEffort || e instanceof UsageError || !(e instanceof SmIrError)) throw e;
      skipped.push({ target: t, reason: e.message });
      return [];
    }
  });
  const steps = drafts.map(({ alreadyDone, service = 'sagemaker', ready = null, done = null, ...d }, i): PlanStep => {
    const call = action.calls.find((c) => c.operation === d.operation);
    if (!call) throw new SmIrError(`playbook/containment.json: ${action.id} does not declare ${d.operation}`);
    return { n: i + 1, ...d, service, permission: call.permission, ready, done, state: alreadyDone ? 'already-done' : 'pending' };
  });
  return { action: action.id, region: input.region, targets: input.targets, options: input.options, createdAt: input.now, steps, kept, skipped };
}
