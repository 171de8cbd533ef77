import type { DetectReport } from '../report.js';
import type { Finding } from '../finding.js';
import type { ContainOptions } from './model.js';
import { JOB_ARN_TYPES, type JobType } from './names.js';

export interface Proposal {
  action: string;
  target: string;
  options: ContainOptions;
  /** The findings that led to it. */
  because: string[];
}

export interface Proposals {
  proposals: Proposal[];
  /** Actions called for by a finding that names no resource to apply them to. */
  unresolved: { action: string; because: string }[];
  /** Proposals left out because their resource is in another region: how many, per region. */
  elsewhere: Record<string, number>;
}

/** What a creating or modifying call leaves behind, and the action that contains it. */
const BY_EVENT: Record<string, { action: string; jobType?: JobType }> = {
  CreateEndpoint: { action: 'delete-endpoint' },
  UpdateEndpoint: { action: 'delete-endpoint' },
  CreateEndpointConfig: { action: 'delete-endpoint-config' },
  CreateModel: { action: 'delete-model' },
  CreateNotebookInstance: { action: 'stop-notebook' },
  UpdateNotebookInstance: { action: 'stop-notebook' },
  CreatePresignedNotebookInstanceUrl: { action: 'stop-notebook' },
  CreateTrainingJob: { action: 'stop-job', jobType: 'training' },
  CreateProcessingJob: { action: 'stop-job', jobType: 'processing' },
  CreateTransformJob: { action: 'stop-job', jobType: 'transform' },
  CreateHyperParameterTuningJob: { action: 'stop-job', jobType: 'tuning' },
  CreateRole: { action: 'quarantine-role' },
  // A version an attacker registered or approved must not reach a pipeline that deploys approved versions.
  CreateModelPackage: { action: 'reject-model-package' },
  UpdateModelPackage: { action: 'reject-model-package' },
};
/**
 * Rules whose finding on an existing notebook calls for a more precise action than stopping it. A
 * notebook the principal created is stopped instead: disabling root would restart it.
 */
const BY_RULE: Record<string, string> = {
  'notebook-insecure-config': 'disable-root-access',
  'notebook-lifecycle-persistence': 'detach-lifecycle-config',
};
/** The ARN resource type each action's target has (roles are IAM ARNs). */
const ARN_TYPE: Record<string, string> = {
  'delete-endpoint': 'endpoint',
  'delete-endpoint-config': 'endpoint-config',
  'delete-model': 'model',
  'stop-notebook': 'notebook-instance',
  'disable-root-access': 'notebook-instance',
  'detach-lifecycle-config': 'notebook-instance',
  'reject-model-package': 'model-package',
};

/**
 * The order proposals are applied in: first cut the attacker's credentials (a leaked user's keys, the
 * sessions of the roles it acted as), then stop what runs (cost, exfiltration), then tear down:
 * endpoints before the configs and models they use. A notebook is detached from its lifecycle
 * configuration before anything restarts it. Execution roles are quarantined last: SageMaker needs
 * them to finish deleting endpoints (DeleteEndpoint API reference) and to stop jobs.
 */
const ORDER = [
  'deactivate-access-key',
  'quarantine-user',
  'revoke-sessions',
  'stop-job',
  'reject-model-package',
  'detach-lifecycle-config',
  'stop-notebook',
  'disable-root-access',
  'delete-endpoint',
  'delete-endpoint-config',
  'delete-model',
  'quarantine-role',
];

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/;
const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([\w+=,.@-]+)$/;
const SM_ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):\d{12}:([a-z-]+)\/(.+)$/;

/**
 * The resource an action applies to: the finding's ARN of the right type, else the first name the
 * request gave (the subject of the call: the notebook of UpdateNotebookInstance, not its lifecycle
 * configuration). With its region; IAM is global.
 */
function subject(f: Finding, action: string, jobType: JobType | undefined): { name: string; region: string | null } | null {
  if (action === 'quarantine-role' || action === 'revoke-sessions') {
    for (const r of f.resources) {
      const m = ROLE_ARN.exec(r);
      if (m?.[1]) return { name: m[1], region: null };
    }
  } else {
    const type = action === 'stop-job' && jobType ? JOB_ARN_TYPES[jobType] : ARN_TYPE[action];
    for (const r of f.resources) {
      const m = SM_ARN.exec(r);
      if (m && m[2] === type) return { name: m[3] as string, region: m[1] as string };
    }
  }
  // Else the first name (or an ARN of another type, e.g. an S3 ARN where a job was expected): the
  // caller reports what does not parse as a target rather than dropping it.
  const first = f.resources[0];
  return first === undefined ? null : { name: first, region: action === 'quarantine-role' || first.startsWith('arn:') ? null : f.region };
}

/**
 * Proposals from detect's report. A principal is flagged by a finding stronger than weak; then every
 * resource it created or changed (its weak findings included) is proposed for containment, with the
 * roles it acted as (revoke their sessions) and the execution roles it passed (quarantine). Calls that
 * failed changed nothing and propose nothing. Pure.
 */
export function proposeFromFindings(report: DetectReport, region: string): Proposals {
  const succeeded = report.findings.filter((f) => f.errorCode === null);
  const flagged = new Set(succeeded.filter((f) => f.confidence !== 'weak').map((f) => f.principal.key));
  const out = new Map<string, Proposal>();
  const elsewhere: Record<string, number> = {};
  const unresolved: Proposals['unresolved'] = [];
  const add = (action: string, target: { name: string; region: string | null }, options: ContainOptions, because: string) => {
    if (target.region !== null && target.region !== region) {
      elsewhere[target.region] = (elsewhere[target.region] ?? 0) + 1;
      return;
    }
    const key = `${action} ${target.name}`;
    const p = out.get(key) ?? { action, target: target.name, options, because: [] };
    if (!p.because.includes(because)) p.because.push(because);
    if (options.accessKeyIds) p.options = { ...p.options, accessKeyIds: [...new Set([...(p.options.accessKeyIds ?? []), ...options.accessKeyIds])] };
    out.set(key, p);
  };
  for (const f of succeeded.filter((x) => flagged.has(x.principal.key))) {
    // An IAM user acting with a long-term key (AKIA...): that key off, and a deny on the user, which
    // also ends the sessions it obtained (GetSessionToken: ASIA... keys of type IAMUser).
    const user = f.principal.type === 'IAMUser' && f.principal.arn ? USER_ARN.exec(f.principal.arn)?.[1] : undefined;
    if (user) {
      const key = f.principal.accessKeyId;
      if (key?.startsWith('AKIA')) add('deactivate-access-key', { name: user, region: null }, { accessKeyIds: [key] }, f.id);
      add('quarantine-user', { name: user, region: null }, {}, f.id);
    }
    const issuer = f.principal.issuerArn ? ROLE_ARN.exec(f.principal.issuerArn) : null;
    if (issuer?.[1]) add('revoke-sessions', { name: issuer[1], region: null }, {}, f.id);
    if (f.ruleId === 'execution-role-passed') {
      const role = f.resources.map((r) => ROLE_ARN.exec(r)?.[1]).find((n) => n !== undefined);
      if (role) add('quarantine-role', { name: role, region: null }, {}, f.id);
    }
    const byEvent = BY_EVENT[f.eventName];
    const byRule = f.eventName.startsWith('Create') ? undefined : BY_RULE[f.ruleId];
    const action = byRule ?? byEvent?.action;
    if (!action) continue;
    const jobType = action === 'stop-job' ? byEvent?.jobType : undefined;
    const target = subject(f, action, jobType);
    if (target) add(action, target, jobType ? { jobType } : {}, f.id);
    else if (f.region !== null && f.region !== region) elsewhere[f.region] = (elsewhere[f.region] ?? 0) + 1;
    else unresolved.push({ action, because: f.id });
  }
  // A notebook to disable root on or detach from need not also be stopped on its own.
  const stronger = new Set([...out.values()].filter((p) => p.action === 'disable-root-access' || p.action === 'detach-lifecycle-config').map((p) => p.target));
  const proposals = [...out.values()].filter((p) => !(p.action === 'stop-notebook' && stronger.has(p.target)));
  return { proposals: proposals.sort((a, b) => ORDER.indexOf(a.action) - ORDER.indexOf(b.action)), unresolved, elsewhere };
}
