/**
 * Routes each record to the rules whose `reads` declaration covers it, and to no other. A rule's
 * declaration is thus the only filter it has: the byte prefilter and the query sources (which trust
 * the same declarations) can never disagree with what the rule acts on.
 */
import type { CloudTrailRecord } from '../cloudtrail.js';
import type { RuleInstance } from './rule.js';

export type Router = (record: CloudTrailRecord) => readonly RuleInstance[];

interface SourceRoutes {
  /** Rules reading every event name of the source. */
  all: RuleInstance[];
  byName: Map<string, RuleInstance[]>;
}

const NONE: readonly RuleInstance[] = [];

/**
 * Precomputes source → name → rules (rule order kept, so findings keep their order). A rule that
 * declares nothing reads every watched record. Error-code readers see failed calls of any source
 * except look-alikes; a record reaches each rule once even when two routes lead to it.
 */
export function createRouter(rules: readonly RuleInstance[], watched: ReadonlySet<string>, lookAlikes: ReadonlySet<string>): Router {
  const bySource = new Map<string, SourceRoutes>([...watched].map((s) => [s, { all: [], byName: new Map() }]));
  const byCode = new Map<string, RuleInstance[]>();
  const add = <K>(map: Map<K, RuleInstance[]>, key: K, rule: RuleInstance) => {
    const list = map.get(key) ?? [];
    if (!list.includes(rule)) list.push(rule);
    map.set(key, list);
  };
  for (const rule of rules) {
    const events = rule.reads ? (rule.reads.events ?? []) : [...watched].map((source) => ({ source, names: '*' as const }));
    for (const e of events) {
      const routes = bySource.get(e.source);
      if (!routes) continue; // unwatched sources are never classified
      if (e.names === '*') routes.all.includes(rule) || routes.all.push(rule);
      else for (const n of e.names) add(routes.byName, n, rule);
    }
    for (const code of rule.reads?.errorCodes ?? []) add(byCode, code, rule);
  }
  const order = new Map(rules.map((r, i) => [r, i]));
  const merge = (lists: readonly (readonly RuleInstance[] | undefined)[]): readonly RuleInstance[] => {
    const present = lists.filter((l): l is readonly RuleInstance[] => l !== undefined && l.length > 0);
    if (present.length === 0) return NONE;
    if (present.length === 1) return present[0] as readonly RuleInstance[];
    return [...new Set(present.flat())].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  };
  return (record) => {
    const code = typeof record.errorCode === 'string' && !lookAlikes.has(record.eventSource) ? byCode.get(record.errorCode) : undefined;
    const routes = bySource.get(record.eventSource);
    return merge([routes?.all, routes?.byName.get(record.eventName), code]);
  };
}
