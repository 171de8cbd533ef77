/**
 * Which LookupEvents queries to make: one per (region, event source), since a call takes one lookup
 * attribute and filtering on EventSource returns every event name of that source in the fewest calls.
 */

export interface LookupQuery {
  region: string;
  eventSource: string;
  /** Instead of the event source: the events of one access key or user name (an actor's timeline). */
  attribute?: { key: 'AccessKeyId' | 'Username'; value: string };
}

/**
 * Sources recorded in one region only (global services such as IAM, `recordedIn` in
 * playbook/sources.json): source -> that region. Asking other regions would waste calls.
 */
export function homeRegions(sources: readonly { source: string; recordedIn: string }[]): Record<string, string> {
  return Object.fromEntries(sources.filter((s) => s.recordedIn !== 'regional').map((s) => [s.source, s.recordedIn]));
}

/**
 * Regional sources are asked in every requested region. A source with a home region is asked once,
 * there, whether or not that region was requested: IAM changes belong to the account, not a region.
 */
export function planLookups(
  regions: readonly string[],
  eventSources: readonly string[],
  home: Readonly<Record<string, string>> = {},
): LookupQuery[] {
  const sources = [...new Set(eventSources)].sort();
  const regional = sources.filter((s) => home[s] === undefined);
  const queries = [...new Set(regions)].flatMap((region) => regional.map((eventSource) => ({ region, eventSource })));
  for (const s of sources) {
    const region = home[s];
    if (region !== undefined) queries.push({ region, eventSource: s });
  }
  return queries;
}
