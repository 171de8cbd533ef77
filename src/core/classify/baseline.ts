/**
 * detect --baseline (issue 16 item 6): what the period before the window shows of each principal, as
 * first-seen pairs: (principal, source IP), (principal, user agent product), (principal, role passed to
 * SageMaker), (principal, presigned URL target), and the principals themselves. A finding whose pair the baseline holds is lowered one level
 * ("known-…"), one whose pair it lacks is raised ("new-…"), as new-terms rules do. Learnt from the records
 * some rule reads, as classification sees them, so the prefilter changes nothing. Bounded: past
 * MAX_PAIRS the rest is counted, not learnt, and the report says so.
 */
import type { CloudTrailRecord } from '../cloudtrail.js';
import type { Finding, Signal } from '../finding.js';
import type { Playbook } from '../../playbook/load.js';
import { isObject } from './rule.js';
import { passedRolesOf } from './passed-roles.js';
import { principalKey } from './principal.js';

export const MAX_PAIRS = 1_000_000;

/** The product of a user agent (aws-cli/2.15.0 … -> aws-cli; Boto3/1.34 … -> Boto3): a family, not a version. */
export function agentFamily(ua: string | null | undefined): string | undefined {
  return ua ? (/^[^\s/]+/.exec(ua)?.[0] ?? ua) : undefined;
}

export interface BaselineSummary {
  principals: number;
  pairs: number;
  /** Records whose pairs were not learnt because MAX_PAIRS was reached. */
  notLearnt: number;
}

export class Baseline {
  private readonly pairs = new Set<string>();
  private readonly principals = new Set<string>();
  private notLearnt = 0;
  private readonly rolesIn: (r: CloudTrailRecord) => string[];
  /** The rule whose findings carry a passed role (execution-role-passed). */
  private readonly roleRule: string | undefined;

  /** The rule whose findings open a presigned URL (presigned-url-access), and the events it reads. */
  private readonly urlRule: string | undefined;
  private readonly urlEvents: ReadonlySet<string>;

  constructor(playbook: Playbook, roleRule = 'execution-role-passed', urlRule = 'presigned-url-access') {
    const passed = passedRolesOf(playbook, roleRule);
    this.rolesIn = passed?.rolesIn ?? (() => []);
    this.roleRule = passed ? roleRule : undefined;
    const url = playbook.rules.rules.find((r) => r.id === urlRule)?.params;
    const events = isObject(url) && Array.isArray(url.events) ? url.events.filter((e): e is string => typeof e === 'string') : [];
    this.urlEvents = new Set(events);
    this.urlRule = events.length > 0 ? urlRule : undefined;
  }

  /** Learn one record of the baseline period (one some rule reads). */
  learn(r: CloudTrailRecord): void {
    const who = principalKey(r);
    const values = [
      ['source-ip', r.sourceIPAddress],
      ['user-agent', agentFamily(r.userAgent)],
      ...this.rolesIn(r).map((role) => ['role-passed', role]),
      ...(this.urlEvents.has(r.eventName) ? [['presigned-target', targetOf(isObject(r.requestParameters) ? r.requestParameters : {})]] : []),
    ] as const;
    if (this.pairs.size + values.length > MAX_PAIRS) {
      this.notLearnt++;
      return;
    }
    this.principals.add(who);
    for (const [kind, value] of values) if (value) this.pairs.add(`${kind}\n${who}\n${value}`);
  }

  summary(): BaselineSummary {
    return { principals: this.principals.size, pairs: this.pairs.size, notLearnt: this.notLearnt };
  }

  /** Whether the baseline period saw this principal with this source IP or user agent family. */
  knows(kind: 'source-ip' | 'user-agent', principal: string, value: string): boolean {
    return this.pairs.has(`${kind}\n${principal}\n${value}`);
  }

  /** The baseline's signals for one finding of the window. */
  signals(f: Finding): Signal[] {
    const who = f.principal.key;
    if (!this.principals.has(who)) {
      return [{ id: 'new-principal', kind: 'baseline', effect: 'raise', detail: 'no call of this principal in the baseline period' }];
    }
    const out: Signal[] = [];
    const judge = (kind: string, value: string | null | undefined, what: string) => {
      if (!value) return;
      const known = this.pairs.has(`${kind}\n${who}\n${value}`);
      out.push({ id: `${known ? 'known' : 'new'}-${kind}`, kind: 'baseline', effect: known ? 'lower' : 'raise', detail: `${what} ${value} ${known ? 'seen' : 'not seen'} for this principal in the baseline period` });
    };
    judge('source-ip', f.sourceIp, 'source IP');
    judge('user-agent', agentFamily(f.userAgent), 'user agent');
    if (f.ruleId === this.roleRule) for (const role of roleArnsOf(f)) judge('role-passed', role, 'role');
    if (f.ruleId === this.urlRule) judge('presigned-target', targetOf(f.evidence), 'presigned URL target');
    return out;
  }
}

/** What a presigned URL opens: the notebook, the domain's profile or space, or the tracking server (as the request and the finding's evidence name them). */
function targetOf(fields: Record<string, unknown>): string | undefined {
  const parts = ['notebookInstanceName', 'domainId', 'userProfileName', 'spaceName', 'trackingServerName'].map((k) => fields[k]).filter((v): v is string => typeof v === 'string' && v !== '');
  return parts.length > 0 ? parts.join('/') : undefined;
}

/** The roles an execution-role-passed finding names (its evidence). */
function roleArnsOf(f: Finding): string[] {
  const many = f.evidence.roleArns;
  if (Array.isArray(many)) return many;
  return typeof f.evidence.roleArn === 'string' ? [f.evidence.roleArn] : [];
}
