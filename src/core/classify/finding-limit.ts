/**
 * Findings stay bounded whatever the input (issue 14): an attacker who can write events (failed calls cost
 * nothing) must not be able to make the responder's tool run out of memory. Of one rule by one actor the
 * earliest perActor findings are listed, and of one rule the earliest perRule; the others are counted in an
 * aggregate (first and last time and event kept) instead of held one by one. The earliest by event time,
 * not by arrival, so the same events give the same report from any source in any order. Past
 * groupsPerRule aggregates of one rule, further actors share one (actor `*`). The report lists every aggregate.
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

/** The actor of the aggregate that holds the actors past groupsPerRule. */
export const OTHER_ACTORS = '*';

/** detect --list-findings: a whole number from 1, or all. */
export function parseFindingLimits(value: string): FindingLimits | undefined {
  if (value === 'all') return NO_FINDING_LIMITS;
  if (!/^[1-9]\d{0,6}$/.test(value)) return undefined;
  const n = Number(value);
  return { perActor: n, perRule: n * PER_RULE_FACTOR, groupsPerRule: FINDING_LIMITS.groupsPerRule };
}

interface Entry {
  finding: Finding;
  time: number;
  groupKey: string;
  group: Listed;
  rule: Listed;
  dropped: boolean;
}

/** The later of two entries: by time, then id (a total order, so the outcome never depends on arrival). */
const later = (a: Entry, b: Entry): boolean => a.time > b.time || (a.time === b.time && a.finding.id > b.finding.id);

/**
 * The entries listed for a group or a rule: a heap with the latest on top, entries dropped through the
 * other heap removed lazily (compacted when they outnumber the live ones).
 */
class Listed {
  heap: Entry[] = [];
  live = 0;

  push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!later(h[i] as Entry, h[p] as Entry)) break;
      [h[i], h[p]] = [h[p] as Entry, h[i] as Entry];
      i = p;
    }
    this.live++;
  }

  /** The latest live entry, removed. */
  popLatest(): Entry {
    for (;;) {
      const top = this.removeTop();
      if (!top.dropped) {
        this.live--;
        return top;
      }
    }
  }

  /** Note one of its entries was dropped through the other heap; dead entries never outnumber the live by more than a few. */
  forget(): void {
    this.live--;
    if (this.heap.length > 2 * this.live + 8) {
      const keep = this.heap.filter((e) => !e.dropped);
      this.heap = [];
      this.live = 0;
      for (const e of keep) this.push(e);
    }
  }

  private removeTop(): Entry {
    const h = this.heap;
    const top = h[0] as Entry;
    const last = h.pop() as Entry;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && later(h[l] as Entry, h[m] as Entry)) m = l;
        if (r < h.length && later(h[r] as Entry, h[m] as Entry)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m] as Entry, h[i] as Entry];
        i = m;
      }
    }
    return top;
  }
}

/** An aggregate with its first and last times as numbers, so a flood is not parsed again at each finding. */
interface Aggregate {
  out: AggregatedFindings;
  firstMs: number;
  lastMs: number;
}

export class FindingLimit {
  private readonly groups = new Map<string, Listed>();
  private readonly rules = new Map<string, Listed>();
  private readonly aggregates = new Map<string, Aggregate>();
  private readonly aggregatesByRule = new Map<string, number>();

  constructor(
    private readonly limits: FindingLimits = FINDING_LIMITS,
    /** Told of each finding as it is counted, not listed (detect --aggregated-ids writes them out). */
    private readonly onAggregated?: (finding: Finding) => void,
  ) {}

  add(finding: Finding): void {
    const groupKey = `${finding.ruleId}\u0000${finding.principal.key}`;
    let group = this.groups.get(groupKey);
    if (!group) this.groups.set(groupKey, (group = new Listed()));
    let rule = this.rules.get(finding.ruleId);
    if (!rule) this.rules.set(finding.ruleId, (rule = new Listed()));
    const entry: Entry = { finding, time: Date.parse(finding.time), groupKey, group, rule, dropped: false };
    group.push(entry);
    rule.push(entry);
    if (group.live > this.limits.perActor) this.drop(group.popLatest(), 'group');
    if (rule.live > this.limits.perRule) this.drop(rule.popLatest(), 'rule');
  }

  /** The findings listed, in no particular order. */
  listed(): Finding[] {
    const out: Finding[] = [];
    for (const rule of this.rules.values()) for (const e of rule.heap) if (!e.dropped) out.push(e.finding);
    return out;
  }

  /** Every aggregate, most findings first. */
  aggregated(): AggregatedFindings[] {
    return [...this.aggregates.values()].map(({ out }) => ({ ...out, scenarios: [...out.scenarios].sort() })).sort((a, b) => b.count - a.count || a.ruleId.localeCompare(b.ruleId) || a.principal.localeCompare(b.principal));
  }

  /** An entry popped from one heap is dropped from the other, and counted. */
  private drop(e: Entry, from: 'group' | 'rule'): void {
    e.dropped = true;
    (from === 'group' ? e.rule : e.group).forget();
    // A group with nothing listed is forgotten: one per actor ever seen would grow without bound.
    if (e.group.live === 0) this.groups.delete(e.groupKey);
    this.count(e);
  }

  /** Entries held in all heaps, dead ones included (for the bound's test). */
  held(): number {
    let n = 0;
    for (const l of [...this.groups.values(), ...this.rules.values()]) n += l.heap.length;
    return n;
  }

  private count(e: Entry): void {
    const f = e.finding;
    this.onAggregated?.(f);
    let g = this.aggregates.get(e.groupKey);
    if (!g) {
      const n = this.aggregatesByRule.get(f.ruleId) ?? 0;
      // Past the number of aggregates a rule may have, the actor's findings go to the rule's `*` one.
      const principal = n < this.limits.groupsPerRule ? f.principal.key : OTHER_ACTORS;
      const key = `${f.ruleId}\u0000${principal}`;
      g = this.aggregates.get(key);
      if (!g) {
        if (principal !== OTHER_ACTORS) this.aggregatesByRule.set(f.ruleId, n + 1);
        const at = { time: f.time, eventId: f.eventId };
        g = { out: { ruleId: f.ruleId, scenarios: [...f.scenarios], principal, maxSeverity: f.severity, count: 0, first: at, last: at }, firstMs: e.time, lastMs: e.time };
        this.aggregates.set(key, g);
      }
    }
    const out = g.out;
    out.count++;
    if (severityRank(f.severity) > severityRank(out.maxSeverity)) out.maxSeverity = f.severity;
    for (const s of f.scenarios) if (!out.scenarios.includes(s)) out.scenarios.push(s);
    // By time, then event id: the same first and last in any order of arrival.
    const id = f.eventId ?? '';
    if (e.time < g.firstMs || (e.time === g.firstMs && id < (out.first.eventId ?? ''))) [g.firstMs, out.first] = [e.time, { time: f.time, eventId: f.eventId }];
    if (e.time > g.lastMs || (e.time === g.lastMs && id > (out.last.eventId ?? ''))) [g.lastMs, out.last] = [e.time, { time: f.time, eventId: f.eventId }];
  }
}
