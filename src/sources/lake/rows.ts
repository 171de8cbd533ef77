/**
 * CloudTrail Lake's GetQueryResults rows back to CloudTrail records. A row is an array of
 * single-key objects, `[{ "eventTime": "2026-11-27 08:33:14.000" }, { "eventSource": "..." }]`,
 * every value a string.
 */
import { asCloudTrailRecord, type CloudTrailRecord, type SkipReason } from '../../core/cloudtrail.js';
import { fieldsOf, RowError } from '../query/columns.js';

const LAKE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?Z?$/;

/** Lake's "2026-11-27 08:33:14.000" as CloudTrail writes it: 2026-11-27T08:33:14Z. */
export function cloudTrailTimeOf(lake: string): string {
  const m = LAKE_TIME.exec(lake);
  if (!m) throw new RowError(`eventTime is not a time: ${lake}`);
  const fraction = m[3] && /[1-9]/.test(m[3]) ? m[3] : '';
  return `${m[1]}T${m[2]}${fraction}Z`;
}

// What CloudTrail writes as a JSON number or boolean (no leading zeros, within double precision).
const SCALAR = /^(true|false|-?(0|[1-9]\d{0,14})(\.\d+)?)$/;

/**
 * A map<string,string> column: Lake stores every value of requestParameters as text, nested objects
 * and arrays as JSON text. Those are parsed back, and so are numbers and booleans: the log had
 * `"sessionExpirationDurationInSeconds": 43200`, Lake gives "43200". A request string that is all
 * digits (rare: names and ids in SageMaker requests have letters) would come back as a number.
 */
function restoreMap(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' && (/^[[{]/.test(v) || SCALAR.test(v))) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // a string that merely starts with a bracket
      }
    }
    out[k] = v;
  }
  return out;
}

export function recordFromLakeRow(row: readonly Record<string, string>[]): CloudTrailRecord | SkipReason {
  const cells = new Map<string, string>();
  for (const cell of row) for (const [k, v] of Object.entries(cell)) cells.set(k.toLowerCase(), v);
  const fields = fieldsOf((name) => {
    const v = cells.get(name);
    // Lake gives an absent field as an empty string or leaves the cell out.
    return v === undefined || v === null || v === '' ? undefined : v;
  }, restoreMap);
  if (typeof fields.eventTime === 'string') fields.eventTime = cloudTrailTimeOf(fields.eventTime);
  return asCloudTrailRecord(fields);
}
