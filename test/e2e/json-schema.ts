/**
 * JSON Schema (draft 2020-12) checks through ajv, in strict mode: a keyword ajv does not know is a
 * compile error, never ignored, so a schema it cannot check never passes silently. Errors are given
 * as "path: message" lines ($.findings[0].severity: ...) so a failing test names the field.
 */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

const ajv = new Ajv2020({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

const pathOf = (instancePath: string): string =>
  '$' + instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

function describe(e: ErrorObject): string {
  const at = pathOf(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}: unexpected property ${String(p.additionalProperty)}`;
    case 'required':
      return `${at}: missing ${String(p.missingProperty)}`;
    case 'enum':
      return `${at}: ${JSON.stringify(e.data)} is not one of ${JSON.stringify(p.allowedValues)}`;
    case 'pattern':
      return `${at}: ${JSON.stringify(e.data)} does not match ${String(p.pattern)}`;
    case 'anyOf':
      return `${at}: fits none of anyOf`;
    case 'oneOf':
      return `${at}: fits ${Array.isArray(p.passingSchemas) ? p.passingSchemas.length : 0} of oneOf, not exactly one`;
    case 'type':
      return `${at}: expected ${[p.type].flat().join(' or ')}, got ${typeOf(e.data)}`;
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/** Every problem found, as "path: message"; empty when `value` fits `schema`. */
const compiled = new WeakMap<Schema, ReturnType<typeof ajv.compile>>();

export function validate(schema: Schema, value: unknown): string[] {
  // Compiled once per schema object (a schema is large; a report has many lines to check against it).
  let check = compiled.get(schema);
  if (!check) {
    const { $id: _id, ...anonymous } = schema; // the same schema is compiled more than once across tests
    check = ajv.compile({ ...anonymous });
    compiled.set(schema, check);
  }
  if (check(value)) return [];
  const errors = (check.errors ?? []).map((e) => ({ ...e, data: dataAt(value, e.instancePath) }));
  // A union that no branch fits is one problem: its branches' own complaints are not listed.
  const unions = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => `${e.schemaPath}/`);
  const kept = errors.filter((e) => !unions.some((u) => e.schemaPath.startsWith(u)));
  return [...new Set(kept.map(describe))];
}

function dataAt(value: unknown, instancePath: string): unknown {
  let v = value;
  for (const p of instancePath.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[p.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}
