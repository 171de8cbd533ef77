/**
 * The records classification can act on, from the rules' own `reads` declarations: what a query
 * engine must return so that classifying its answer gives the findings classifying everything would.
 */
import type { CloudTrailRecord } from '../cloudtrail.js';
import type { RuleInstance } from './rule.js';

export interface QueryFilter {
  /** Every watched source, sorted, with '*' (every event name) or the sorted names some rule reads. */
  sources: { source: string; names: string[] | '*' }[];
  /** Records with these error codes are needed whatever their source and name (failed-call bursts). */
  errorCodes: string[];
}

/** What these rules read of the watched sources (queryFilter(playbook) in ./index.ts builds both). */
export function interestOf(rules: readonly RuleInstance[], watchedSources: Iterable<string>): QueryFilter {
  const watched = [...watchedSources].sort();
  const names = new Map<string, Set<string> | '*'>(watched.map((s) => [s, new Set<string>()]));
  const errorCodes = new Set<string>();
  for (const rule of rules) {
    // A rule that does not say what it reads may read anything.
    const reads = rule.reads ?? { events: watched.map((source) => ({ source, names: '*' as const })) };
    for (const c of reads.errorCodes ?? []) errorCodes.add(c);
    for (const e of reads.events ?? []) {
      const have = names.get(e.source);
      if (have === undefined || have === '*') continue; // unwatched sources are never classified
      if (e.names === '*') names.set(e.source, '*');
      else for (const n of e.names) have.add(n);
    }
  }
  return {
    sources: watched.map((source) => {
      const n = names.get(source) as Set<string> | '*';
      return { source, names: n === '*' ? '*' : [...n].sort() };
    }),
    errorCodes: [...errorCodes].sort(),
  };
}

/** The filter as a predicate (what the generated SQL says), for tests and in-process checks. */
export function wantedBy(filter: QueryFilter): (r: CloudTrailRecord) => boolean {
  const bySource = new Map(filter.sources.map((s) => [s.source, s.names === '*' ? '*' : new Set(s.names)] as const));
  const codes = new Set(filter.errorCodes);
  return (r) => {
    if (r.errorCode !== undefined && codes.has(r.errorCode)) return true;
    const n = bySource.get(r.eventSource);
    return n !== undefined && (n === '*' || n.has(r.eventName));
  };
}
