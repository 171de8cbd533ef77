/**
 * Wire encodings of the fake: query-protocol form bodies in, XML out; JSON bodies with timestamps as
 * epoch seconds. Kept apart from the HTTP server so each can be read on its own.
 */

/** Decode an awsQuery/ec2Query form body into nested objects: `Filter.1.Value.1=x` -> { Filter: [{ Value: ['x'] }] }. */
export function decodeQueryBody(body: string): { action: string; version: string; input: Record<string, unknown> } {
  const params = new URLSearchParams(body);
  const root: Record<string, unknown> = {};
  let action = '';
  let version = '';
  for (const [key, value] of params) {
    if (key === 'Action') action = value;
    else if (key === 'Version') version = value;
    else setPath(root, key.split('.'), value);
  }
  return { action, version, input: normaliseLists(root) as Record<string, unknown> };
}

function setPath(obj: Record<string, unknown>, path: string[], value: string): void {
  let cur = obj;
  for (const [i, part] of path.entries()) {
    if (i === path.length - 1) {
      cur[part] = value;
    } else {
      const next = cur[part];
      if (typeof next !== 'object' || next === null) cur[part] = {};
      cur = cur[part] as Record<string, unknown>;
    }
  }
}

/** Objects keyed 1..n become arrays; awsQuery's `member` wrapper is removed. */
function normaliseLists(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => normaliseLists(o[k]));
  }
  if (keys.length === 1 && keys[0] === 'member') return normaliseLists(o.member);
  return Object.fromEntries(keys.map((k) => [k, normaliseLists(o[k])]));
}

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Serialise an output object to XML elements. Keys are written as given (modules use the wire names);
 * arrays are wrapped in `<member>` (awsQuery) or `<item>` (ec2Query); Dates become ISO-8601.
 */
export function toXml(value: unknown, listItem: 'member' | 'item'): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<${listItem}>${toXml(v, listItem)}</${listItem}>`).join('');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v, listItem)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** JSON protocols send timestamps as epoch seconds (the SDK's default for awsJson). */
export function toJsonWire(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}
