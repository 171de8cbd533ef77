/**
 * Severity from evidence, not from an event's name. A rule gives the level of a request at SageMaker's
 * defaults by an ordinary caller; signals move it (playbook/signals.json holds what they look for):
 * - request: a create with every setting the playbook's SCPs require (VPC, KMS, isolation, no root, no
 *   internet) lowers by one; weakening an existing resource raises by one;
 * - caller: a long-term access key, the root user, an offensive tool's user agent, denied calls by the
 *   same principal before this one, or a source IP or user agent the principal first used after its
 *   earlier calls came from others, raise by one, never above the caller ceiling (high): only what the
 *   request itself holds makes a finding critical.
 * - baseline (detect --baseline): a pair of the caller's not seen before the window raises by one (not past
 *   the caller ceiling), one seen lowers by one.
 * A rule's maxSeverity caps the result (scenario-event: a name alone never reaches medium).
 */
import type { CloudTrailRecord } from '../cloudtrail.js';
import type { Finding, Signal } from '../finding.js';
import type { RuleData, SignalsData } from '../../playbook/schema.js';
import { SEVERITIES, severityRank, type Severity } from '../../playbook/severity.js';
import { eventAccount, valueAt } from './rule.js';
import { agentFamily } from './baseline.js';
import { ipVersion } from '../ip.js';

type Check = SignalsData['request']['hardening'][number]['checks'][number];

const ARN_ACCOUNT = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** A setting the check wants; a key or resource of another account is not the account's own hardening. */
function holds(request: unknown, c: Pick<Check, 'paths' | 'expect'>, account: string | null): boolean {
  return c.paths.some((p) => {
    const v = valueAt(request, p);
    if (c.expect !== 'present') return v === c.expect;
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return false;
    const foreign = typeof v === 'string' ? ARN_ACCOUNT.exec(v)?.[1] : undefined;
    return foreign === undefined || foreign === account;
  });
}

/** The request's signals for one record: hardened (every check of its create met) or weakened. */
export function requestSignals(r: CloudTrailRecord, data: SignalsData): Signal[] {
  const out: Signal[] = [];
  const account = eventAccount(r);
  const hardening = data.request.hardening.find((h) => h.event === r.eventName);
  if (hardening) {
    const missing = hardening.checks.filter((c) => !holds(r.requestParameters, c, account));
    if (missing.length === 0) {
      out.push({ id: 'hardened', kind: 'request', effect: 'lower', detail: `created hardened: ${hardening.checks.map((c) => c.label).join(', ')}` });
    }
  }
  for (const w of data.request.weakening) {
    if (w.event === r.eventName && holds(r.requestParameters, w, account)) out.push({ id: 'weakened', kind: 'request', effect: 'raise', detail: w.label });
  }
  return out;
}

/**
 * Addresses (agents) learnt per principal: past this many, the principal works from a fleet (a pipeline's
 * autoscaled runners, a NAT pool) and a new one says nothing; it is no longer judged, and memory stays bounded.
 */
export const MAX_ADDRESSES_PER_PRINCIPAL = 32;
/** Principals learnt per kind: past it, new principals are not judged (bounded memory on any input). */
export const MAX_WINDOW_PRINCIPALS = 200_000;

/** A principal's addresses (or agents): its first call with any, and its first with each; null once past the cap. */
interface FirstUses {
  first: number;
  values: Map<string, number> | null;
}

/** A caller's address as CloudTrail gives it, or undefined for a service's name (sagemaker.amazonaws.com, AWS Internal), which says nothing of where a caller is. */
function callerAddress(ip: string | null | undefined): string | undefined {
  return ipVersion(ip) ? (ip as string) : undefined;
}

/** A user agent family that is a client's, not a service's (AWS Internal, *.amazonaws.com call on a caller's behalf). */
function callerAgent(ua: string | null | undefined): string | undefined {
  const family = agentFamily(ua);
  return family && !/amazonaws\.com$|^AWS$/i.test(family) ? family : undefined;
}

/**
 * What is known of callers across the whole input: the first denied call of each principal, and when it
 * first used each source IP and user agent family. Records arrive in no order (files, workers), so only
 * earliest times are kept and findings are settled once everything has been seen. Learnt from the
 * records some rule reads, so the prefilter changes nothing.
 */
export class CallerContext {
  private readonly firstDenied = new Map<string, { t: number; time: string; name: string }>();
  private readonly firstUse = { ip: new Map<string, FirstUses>(), ua: new Map<string, FirstUses>() };
  private readonly denied: ReadonlySet<string>;
  private readonly offensive: { label: string; re: RegExp }[];

  constructor(private readonly data: SignalsData) {
    this.denied = new Set(data.caller.deniedErrorCodes);
    this.offensive = data.caller.offensiveUserAgents.map((o) => ({ label: o.label, re: new RegExp(o.pattern, 'i') }));
  }

  /** Note a record's denial and its caller's address and agent, whatever the order records come in (the earliest wins). */
  observe(r: CloudTrailRecord, principalKey: string): void {
    const t = Date.parse(r.eventTime);
    if (Number.isNaN(t)) return;
    // Per principal: its first call with any address (agent), and its first with each one.
    for (const [kind, value] of [['ip', callerAddress(r.sourceIPAddress)], ['ua', callerAgent(r.userAgent)]] as const) {
      if (!value) continue;
      learnUse(this.firstUse[kind], principalKey, value, t);
    }
    if (typeof r.errorCode !== 'string' || !this.denied.has(r.errorCode)) return;
    const prev = this.firstDenied.get(principalKey);
    if (!prev || t < prev.t || (t === prev.t && r.eventName < prev.name)) this.firstDenied.set(principalKey, { t, time: r.eventTime, name: r.eventName });
  }

  /** `knownBefore`: what a baseline period saw of the principal (detect --baseline); a known address or agent is not new. */
  signals(f: Finding, knownBefore?: (kind: 'source-ip' | 'user-agent', principal: string, value: string) => boolean): Signal[] {
    const out: Signal[] = [];
    const key = f.principal.accessKeyId;
    if (f.principal.type === 'Root') out.push({ id: 'root-user', kind: 'caller', effect: 'raise', detail: 'the root user' });
    else if (key?.startsWith(this.data.caller.longTermKeyPrefix)) {
      out.push({ id: 'long-term-key', kind: 'caller', effect: 'raise', detail: `long-term access key ${key}${f.userAgent ? ` through ${agentFamily(f.userAgent)}` : ''}` });
    }
    const tool = this.offensive.find((o) => o.re.test(f.userAgent ?? ''));
    if (tool) out.push({ id: 'offensive-tool', kind: 'caller', effect: 'raise', detail: `user agent of ${tool.label}` });
    const denied = this.firstDenied.get(f.principal.key);
    if (denied && denied.t < Date.parse(f.time) && f.errorCode === null) {
      out.push({ id: 'denied-before', kind: 'caller', effect: 'raise', detail: `denied calls by this principal since ${denied.time} (first: ${denied.name})` });
    }
    const ip = callerAddress(f.sourceIp);
    const agent = callerAgent(f.userAgent);
    if (ip && !knownBefore?.('source-ip', f.principal.key, ip)) out.push(...this.novelty(f, 'ip', ip, 'source IP'));
    if (agent && !knownBefore?.('user-agent', f.principal.key, agent)) out.push(...this.novelty(f, 'ua', agent, 'user agent'));
    return out;
  }

  /**
   * A source IP or agent the principal took up after calling from others earlier in the window (a
   * stolen session used from the thief's host): raised on every call made with it. Not judged when the
   * principal's first call with an address (agent) already used it.
   */
  private novelty(f: Finding, kind: 'ip' | 'ua', value: string, what: string): Signal[] {
    const uses = this.firstUse[kind].get(f.principal.key);
    const since = uses?.values ? uses.first : undefined;
    const first = uses?.values?.get(value);
    if (since === undefined || first === undefined || first <= since) return [];
    const id = kind === 'ip' ? 'source-ip-new-in-window' : 'user-agent-new-in-window';
    return [{ id, kind: 'caller', effect: 'raise', detail: `${what} ${value} first used by this principal at ${new Date(first).toISOString()}, after its calls from others since ${new Date(since).toISOString()}` }];
  }
}

/** Notes a principal's use of an address (agent) at t, keeping the earliest times, within the caps. */
function learnUse(map: Map<string, FirstUses>, principal: string, value: string, t: number): void {
  let uses = map.get(principal);
  if (!uses) {
    if (map.size >= MAX_WINDOW_PRINCIPALS) return;
    map.set(principal, (uses = { first: t, values: new Map() }));
  } else if (t < uses.first) uses.first = t;
  if (!uses.values) return;
  const prev = uses.values.get(value);
  if (prev === undefined) {
    if (uses.values.size >= MAX_ADDRESSES_PER_PRINCIPAL) uses.values = null;
    else uses.values.set(value, t);
  } else if (t < prev) uses.values.set(value, t);
}

/** The finding's severity from its rule's level and its signals (each kind moves it one level at most). */
export function settle(base: Severity, signals: readonly Signal[], rule: Pick<RuleData, 'maxSeverity'>, callerMax: Severity): Severity {
  const net = (kind: Signal['kind']) => signals.filter((s) => s.kind === kind).reduce((n, s) => n + (s.effect === 'raise' ? 1 : -1), 0);
  let rank = severityRank(base) + Math.sign(net('request'));
  if (net('caller') > 0) rank = Math.max(rank, Math.min(rank + 1, severityRank(callerMax)));
  // What the baseline period knew of the caller: a new pair raises (not past the caller ceiling), a known one lowers.
  const seen = Math.sign(net('baseline'));
  if (seen > 0) rank = Math.max(rank, Math.min(rank + 1, severityRank(callerMax)));
  else if (seen < 0) rank -= 1;
  rank = Math.min(Math.max(rank, 0), severityRank(rule.maxSeverity ?? 'critical'));
  return SEVERITIES[rank] as Severity;
}
