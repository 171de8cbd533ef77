/**
 * A small JSON Schema (draft 2020-12) validator for the keywords zod's toJSONSchema emits. An unknown
 * keyword is an error, never ignored: a schema this cannot check must not pass silently.
 */
type Schema = Record<string, unknown>;

const IGNORED = new Set(['$schema', '$id', 'description', 'default', 'title']);
const KNOWN = new Set([
  ...IGNORED,
  'type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const', 'anyOf', 'oneOf',
  'pattern', 'minItems', 'minimum', 'maximum', 'exclusiveMinimum', 'propertyNames', 'format',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const fits = (actual: string, wanted: string) => actual === wanted || (wanted === 'number' && actual === 'integer');

/** Every problem found, as "path: message"; empty when `value` fits `schema`. */
export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`${path}: unsupported JSON Schema keyword '${k}'`);
  const t = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((w) => fits(t, w))) return [`${path}: expected ${types.join(' or ')}, got ${t}`];
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum && !(schema.enum as unknown[]).some((e) => JSON.stringify(e) === JSON.stringify(value))) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.anyOf && !(schema.anyOf as Schema[]).some((s) => validate(s, value, path).length === 0)) errors.push(`${path}: fits none of anyOf`);
  if (schema.oneOf) {
    const n = (schema.oneOf as Schema[]).filter((s) => validate(s, value, path).length === 0).length;
    if (n !== 1) errors.push(`${path}: fits ${n} of oneOf, not exactly one`);
  }
  if (t === 'string') {
    const s = value as string;
    if (schema.pattern && !new RegExp(schema.pattern as string, 'u').test(s)) errors.push(`${path}: ${JSON.stringify(s)} does not match ${schema.pattern}`);
    if (schema.format === 'uri' && !URL.canParse(s)) errors.push(`${path}: not a URI`);
  }
  if (t === 'integer' || t === 'number') {
    const n = value as number;
    if (typeof schema.minimum === 'number' && n < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && n > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && n <= schema.exclusiveMinimum) errors.push(`${path}: not above ${schema.exclusiveMinimum}`);
  }
  if (t === 'array') {
    const a = value as unknown[];
    if (typeof schema.minItems === 'number' && a.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.items) a.forEach((v, i) => errors.push(...validate(schema.items as Schema, v, `${path}[${i}]`)));
  }
  if (t === 'object') {
    const o = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const r of (schema.required ?? []) as string[]) if (!(r in o)) errors.push(`${path}: missing ${r}`);
    for (const [k, v] of Object.entries(o)) {
      if (props[k]) errors.push(...validate(props[k], v, `${path}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${k}`);
      else if (typeof schema.additionalProperties === 'object') errors.push(...validate(schema.additionalProperties as Schema, v, `${path}.${k}`));
      if (schema.propertyNames) errors.push(...validate(schema.propertyNames as Schema, k, `${path} key ${k}`));
    }
  }
  return errors;
}
