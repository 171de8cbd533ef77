import type { DetectReport } from '../report.js';
import type { ContainOptions } from './model.js';
import type { JobType } from './names.js';

export interface Proposal {
  action: string;
  target: string;
  options: ContainOptions;
  /** The findings that led to it. */
  because: string[];
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
};
/** Rules whose finding calls for a stronger action than the event's default. */
const BY_RULE: Record<string, string> = {
  'notebook-insecure-config': 'disable-root-access',
  'notebook-lifecycle-persistence': 'detach-lifecycle-config',
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/;
const SM_ARN = /^arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):\d{12}:[a-z-]+\/(.+)$/;

/**
 * Proposals from detect's report: the resources flagged principals created or changed in `region`,
 * the roles those principals acted as (revoke their sessions) and execution roles they passed
 * (quarantine). Weak findings (an event name alone) propose nothing. Pure.
 */
export function proposeFromFindings(report: DetectReport, region: string): Proposal[] {
  const out = new Map<string, Proposal>();
  const add = (action: string, target: string, options: ContainOptions, because: string) => {
    const key = `${action} ${target}`;
    const p = out.get(key) ?? { action, target, options, because: [] };
    if (!p.because.includes(because)) p.because.push(because);
    out.set(key, p);
  };
  for (const f of report.findings) {
    if (f.confidence === 'weak' || f.errorCode !== null) continue;
    if (f.principal.issuerArn) {
      const m = ROLE_ARN.exec(f.principal.issuerArn);
      if (m?.[1]) add('revoke-sessions', m[1], {}, f.id);
    }
    for (const r of f.resources) {
      const role = ROLE_ARN.exec(r);
      if (role?.[1]) {
        if (f.ruleId === 'execution-role-passed') add('quarantine-role', role[1], {}, f.id);
        continue;
      }
      const sm = SM_ARN.exec(r);
      if (r.startsWith('arn:') && (!sm || sm[1] !== region)) continue;
      if (!r.startsWith('arn:') && f.region !== region) continue;
      const name = sm?.[2] ?? r;
      const byEvent = BY_EVENT[f.eventName];
      const action = BY_RULE[f.ruleId] ?? byEvent?.action;
      if (!action) continue;
      add(action, name, byEvent?.jobType && action === 'stop-job' ? { jobType: byEvent.jobType } : {}, f.id);
    }
  }
  // A notebook to disable root on or detach from need not also be stopped on its own.
  const stronger = new Set([...out.values()].filter((p) => p.action === 'disable-root-access' || p.action === 'detach-lifecycle-config').map((p) => p.target));
  return [...out.values()].filter((p) => !(p.action === 'stop-notebook' && stronger.has(p.target)));
}
