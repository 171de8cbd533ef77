/**
 * What the fake Athena and the fake CloudTrail Lake share: reading the few SQL shapes they 'execute'
 * (a SELECT list of column paths a.b.c, json_format(CAST(x AS JSON)) and transform(x, r -> r.f), each
 * AS an alias; WHERE conjuncts of BETWEEN,
 * >=, <=, = and IN on string literals, and parenthesised ORs of such conjunctions) and rendering CloudTrail records as the engines' column values.
 * Anything else in a WHERE clause is a syntax error, as an engine would answer an unknown shape.
 */
import type { CloudTrailRecord } from '../../../src/core/cloudtrail.js';

export interface SelectItem {
  /** The column and the struct fields dereferenced in it: ["useridentity", "sessioncontext", "sessionissuer", "arn"]. */
  path: string[];
  alias: string;
  /** json_format(CAST(x AS JSON)): a map or array as JSON text instead of the engine's "{k=v}". */
  asJson: boolean;
  /** transform(x, r -> r.field): the field taken from each element of an array of structs. */
  each?: string;
}

export type Predicate =
  | { column: string; op: '>=' | '<=' | 'between' | 'in' | '='; values: string[] }
  /** (a AND b) OR c ...: each term a conjunction. */
  | { op: 'or'; terms: Predicate[][] };

export interface ParsedSelect {
  items: SelectItem[];
  /** FROM's table reference, quotes removed: ["db", "table"] or ["eds-id"]. */
  from: string[];
  where: Predicate[];
}

export class SqlError extends Error {}

const unquote = (s: string): string => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replaceAll('""', '"') : s);
const literal = (s: string): string => {
  const t = s.trim();
  if (!/^'(?:[^']|'')*'$/.test(t)) throw new SqlError(`expected a string literal at ${t}`);
  return t.slice(1, -1).replaceAll("''", "'");
};

/** Split on a separator outside quotes and parentheses. */
function splitTop(text: string, separator: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) {
      const m = separator.exec(text.slice(i));
      if (m && m.index === 0) {
        out.push(text.slice(last, i));
        last = i + m[0].length;
        i = last - 1;
      }
    }
  }
  out.push(text.slice(last));
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

const IDENT = String.raw`("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)`;
const NAME = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)`;
const PATH = String.raw`(${NAME}(?:\.${NAME})*)`;
const ITEM = new RegExp(String.raw`^(.+?)\s+AS\s+${IDENT}$`, 'i');
const JSON_OF = /^json_format\(CAST\((.+) AS JSON\)\)$/i;
const TRANSFORM = new RegExp(String.raw`^transform\(${PATH},\s*([a-z])\s*->\s*\2\.${IDENT}\)$`, 'i');
const PLAIN = new RegExp(String.raw`^${PATH}$`);

const pathOf = (text: string): string[] => splitTop(text, /^\./).map(unquote);

function parseItem(item: string): SelectItem {
  const m = ITEM.exec(item);
  if (!m) throw new SqlError(`cannot read select item ${item} (sm-ir names every column)`);
  const alias = unquote(m[2] as string);
  let expr = m[1] as string;
  const json = JSON_OF.exec(expr);
  if (json) expr = json[1] as string;
  const t = TRANSFORM.exec(expr);
  if (t) return { path: pathOf(t[1] as string), alias, asJson: json !== null, each: unquote(t[3] as string) };
  if (!PLAIN.test(expr)) throw new SqlError(`cannot read select item ${item}`);
  return { path: pathOf(expr), alias, asJson: json !== null };
}

export function parseSelect(sql: string): ParsedSelect {
  const m = /^\s*SELECT\s+([\s\S]+?)\s+FROM\s+(\S+)(?:\s+WHERE\s+([\s\S]+?))?\s*;?\s*$/i.exec(sql);
  if (!m) throw new SqlError('only SELECT ... FROM ... [WHERE ...] is understood');
  const items = splitTop(m[1] as string, /^,/).map(parseItem);
  const from = pathOf(m[2] as string);
  const where = m[3] ? splitTop(m[3], AND).map(parsePredicate) : [];
  return { items, from, where };
}

const AND = /^\s+AND\s+(?!')/i;

function parsePredicate(text: string): Predicate {
  const t = text.trim();
  if (isWrapped(t)) {
    const inner = t.slice(1, -1);
    const terms = splitTop(inner, /^\s+OR\s+/i);
    if (terms.length > 1) return { op: 'or', terms: terms.map((term) => splitTop(isWrapped(term) ? term.slice(1, -1) : term, AND).map(parsePredicate)) };
    return parsePredicate(inner);
  }
  let m = new RegExp(String.raw`^${IDENT}\s+BETWEEN\s+('(?:[^']|'')*')\s+AND\s+('(?:[^']|'')*')$`, 'i').exec(text);
  if (m) return { column: unquote(m[1] as string), op: 'between', values: [literal(m[2] as string), literal(m[3] as string)] };
  m = new RegExp(String.raw`^${IDENT}\s*(>=|<=|=)\s*('(?:[^']|'')*')$`).exec(text);
  if (m) return { column: unquote(m[1] as string), op: m[2] as '>=' | '<=' | '=', values: [literal(m[3] as string)] };
  // IN also on a struct field ("useridentity"."arn"): the column is then its dotted path.
  m = new RegExp(String.raw`^${PATH}\s+IN\s*\(([\s\S]*)\)$`, 'i').exec(text);
  if (m) return { column: pathOf(m[1] as string).join('.'), op: 'in', values: splitTop(m[2] as string, /^,/).map(literal) };
  throw new SqlError(`cannot read predicate ${text}`);
}

/** Whether "(...)" is one parenthesised group (not "(a) OR (b)"). */
function isWrapped(t: string): boolean {
  if (!t.startsWith('(') || !t.endsWith(')')) return false;
  let depth = 0;
  let quote = false;
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth === 0 && i < t.length - 1) return false;
  }
  return true;
}

/** The columns a predicate reads. */
export function columnsOf(p: Predicate): string[] {
  return p.op === 'or' ? p.terms.flat().flatMap(columnsOf) : [p.column];
}

/**
 * Whether a row passes every predicate (string comparison, as on STRING columns; NULL passes
 * nothing). `only`: evaluate just the predicates on these columns (a partition filter), others pass.
 */
export function evaluate(where: Predicate[], get: (column: string) => string | undefined, only?: (column: string) => boolean): boolean {
  return where.every((p) => {
    if (p.op === 'or') return p.terms.some((term) => evaluate(term, get, only));
    if (only && !only(p.column)) return true;
    const value = get(p.column);
    if (value === undefined) return false;
    const [a, b] = p.values as [string, string];
    if (p.op === '>=') return value >= a;
    if (p.op === '<=') return value <= a;
    if (p.op === '=') return value === a;
    if (p.op === 'between') return value >= a && value <= b;
    return p.values.includes(value);
  });
}

/** A field by its name, case-insensitively (engines lower-case names). */
export function fieldOf(r: object | null | undefined, column: string): unknown {
  if (typeof r !== 'object' || r === null) return undefined;
  const key = Object.keys(r).find((k) => k.toLowerCase() === column.toLowerCase());
  return key === undefined ? undefined : (r as Record<string, unknown>)[key];
}

/** Dereference struct fields: path ["useridentity", "arn"] on a record. */
export function valueAt(r: object, path: readonly string[]): unknown {
  return path.reduce<unknown>((node, key) => fieldOf(node as object, key), r);
}

/** Trino's text rendering of a struct or map when it is not cast to JSON: {k=v, ...}. */
export function trinoText(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(trinoText).join(', ')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.entries(v).map(([k, x]) => `${k}=${trinoText(x)}`).join(', ')}}`;
  return v === null || v === undefined ? 'null' : String(v);
}

/** The size the engines bill for a record: its JSON text. */
export const recordBytes = (r: CloudTrailRecord): number => Buffer.byteLength(JSON.stringify(r));
