/**
 * Findings stay bounded whatever the input (issue 14): an attacker who can write events (failed calls cost
 * nothing) must not be able to make the responder's tool run out of memory. Past PER_ACTOR findings of one
 * rule by one actor, or PER_RULE of one rule in all, further findings are counted in an aggregate (first
 * and last time and event kept) instead of held one by one; past GROUPS_PER_RULE aggregates of one rule,
 * the remaining actors share one (actor `*`). The report lists every aggregate, so nothing is silent.
 */
import { severityRank } from '../../playbook/severity.js';
import type { AggregatedFindings, Finding } from '../finding.js';

export interface FindingLimits {
  perActor: number;
  perRule: number;
  groupsPerRule: number;
}

/** A rule lists at most this many times the per-actor number. */
export const PER_RULE_FACTOR = 20;
export const FINDING_LIMITS: FindingLimits = { perActor: 100, perRule: 100 * PER_RULE_FACTOR, groupsPerRule: 1000 };
export const NO_FINDING_LIMITS: FindingLimits = { perActor: Infinity, perRule: Infinity, groupsPerRule: Infinity };

/** detect --list-findings: a whole number from 1, or all. */
export function parseFindingLimits(value: string): FindingLimits | undefined {
  if (value === 'all') return NO_FINDING_LIMITS;
  if (!/^[1-9]\d{0,6}$/.test(value)) return undefined;
  const n = Number(value);
  return { perActor: n, perRule: n * PER_RULE_FACTOR, groupsPerRule: FINDING_LIMITS.groupsPerRule };
}

/** The actor of the aggregate that holds the actors past GROUPS_PER_RULE. */
export const OTHER_ACTORS = '*';


export class FindingLimit {
  private readonly keptBy = new Map<string, number>();
  private readonly keptByRule = new Map<string, number>();
  private readonly groups = new Map<string, AggregatedFindings>();
  private readonly groupsByRule = new Map<string, number>();

  constructor(private readonly limits: FindingLimits = FINDING_LIMITS) {}

  /** True: hold this finding; false: it was counted in an aggregate. */
  keep(f: Finding): boolean {
    const group = `${f.ruleId}\u0000${f.principal.key}`;
    const mine = this.keptBy.get(group) ?? 0;
    const rule = this.keptByRule.get(f.ruleId) ?? 0;
    if (mine < this.limits.perActor && rule < this.limits.perRule) {
      this.keptBy.set(group, mine + 1);
      this.keptByRule.set(f.ruleId, rule + 1);
      return true;
    }
    this.count(f, group);
    return false;
  }

  private count(f: Finding, group: string): void {
    let g = this.groups.get(group);
    if (!g) {
      const groups = this.groupsByRule.get(f.ruleId) ?? 0;
      // Past the number of aggregates a rule may have, the actor's findings go to the rule's `*` one.
      const principal = groups < this.limits.groupsPerRule ? f.principal.key : OTHER_ACTORS;
      const key = `${f.ruleId}\u0000${principal}`;
      g = this.groups.get(key);
      if (!g) {
        if (principal !== OTHER_ACTORS) this.groupsByRule.set(f.ruleId, groups + 1);
        const at = { time: f.time, eventId: f.eventId };
        g = { ruleId: f.ruleId, scenarios: [...f.scenarios], principal, maxSeverity: f.severity, count: 0, first: at, last: at };
        this.groups.set(key, g);
      }
    }
    g.count++;
    if (severityRank(f.severity) > severityRank(g.maxSeverity)) g.maxSeverity = f.severity;
    for (const s of f.scenarios) if (!g.scenarios.includes(s)) g.scenarios.push(s);
    if (Date.parse(f.time) < Date.parse(g.first.time)) g.first = { time: f.time, eventId: f.eventId };
    if (Date.parse(f.time) > Date.parse(g.last.time)) g.last = { time: f.time, eventId: f.eventId };
  }

  /** Every aggregate, most findings first. */
  aggregated(): AggregatedFindings[] {
    return [...this.groups.values()].sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId) || a.principal.localeCompare(b.principal));
  }
}
