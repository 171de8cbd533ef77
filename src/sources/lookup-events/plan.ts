/**
 * Which LookupEvents queries to make: one per (region, event source), since a call takes one lookup
 * attribute and filtering on EventSource returns every event name of that source in the fewest calls.
 */

/** Global services record their events in us-east-1 only; asking other regions would waste calls. */
export const GLOBAL_EVENT_SOURCES: Readonly<Record<string, string>> = {
  'iam.amazonaws.com': 'us-east-1',
  'organizations.amazonaws.com': 'us-east-1',
};

export interface LookupQuery {
  region: string;
  eventSource: string;
}

/**
 * Regional sources are asked in every requested region. A global source is asked once, in its home
 * region, whether or not that region was requested: IAM changes belong to the account, not a region.
 */
export function planLookups(regions: readonly string[], eventSources: readonly string[]): LookupQuery[] {
  const sources = [...new Set(eventSources)].sort();
  const regional = sources.filter((s) => GLOBAL_EVENT_SOURCES[s] === undefined);
  const queries = [...new Set(regions)].flatMap((region) => regional.map((eventSource) => ({ region, eventSource })));
  for (const s of sources) {
    const home = GLOBAL_EVENT_SOURCES[s];
    if (home !== undefined) queries.push({ region: home, eventSource: s });
  }
  return queries;
}
