/**
 * A small evaluator of IAM condition blocks, for the operators sm-ir's guardrails use, written from the
 * IAM User Guide ("IAM JSON policy elements: Condition operators", "Single-valued vs. multivalued
 * context keys"). It answers one question: does a Deny statement apply to this request?
 *
 * - A block's operators, and the keys under one operator, are ANDed; the values of one key are ORed
 *   (for a negated operator: the request value must match none of them).
 * - A key absent from the request: a positive operator is false, a negated one (StringNotEquals,
 *   NotIpAddress, ArnNotLike, ...) is true, ...IfExists is true, Null "true" is true.
 * - ForAnyValue: false on an absent or empty set; ForAllValues: true on an absent or empty set.
 * A request context maps a key to a string (single-valued) or an array (multivalued); booleans are
 * "true"/"false" strings, as in the request context.
 */
import ipaddr from 'ipaddr.js';
import { baseOperator } from './reference.js';

export type RequestContext = Record<string, string | string[]>;
export type Condition = Record<string, Record<string, string | string[]>>;

const NEGATED = new Set(['StringNotEquals', 'StringNotEqualsIgnoreCase', 'StringNotLike', 'NotIpAddress', 'ArnNotEquals', 'ArnNotLike', 'NumericNotEquals', 'DateNotEquals']);

/** Glob match with IAM's wildcards: * any run of characters, ? one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, ignoreCase ? 'is' : 's').test(value);
}

/** ARNs compare component by component (arn:partition:service:region:account:resource), each with wildcards. */
function arnMatch(pattern: string, value: string, like: boolean): boolean {
  const split = (s: string) => {
    const parts = s.split(':');
    return [...parts.slice(0, 5), parts.slice(5).join(':')];
  };
  const p = split(pattern);
  const v = split(value);
  if (p.length !== 6 || v.length !== 6 || v.slice(0, 5).some((x, i) => i < 5 && x === undefined)) return false;
  return p.every((part, i) => (like ? wildcardMatch(part, v[i] ?? '') : part === v[i]));
}

function ipMatch(range: string, value: string): boolean {
  if (!ipaddr.isValid(value)) return false;
  const addr = ipaddr.parse(value);
  const [net, bits] = range.includes('/') ? ipaddr.parseCIDR(range) : [ipaddr.parse(range), ipaddr.parse(range).kind() === 'ipv4' ? 32 : 128];
  if (addr.kind() !== net.kind()) return false;
  return addr.match(net, bits);
}

/** One request value against one policy value, for the positive form of the operator. */
function matchOne(base: string, policy: string, value: string): boolean {
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return policy === value;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return policy.toLowerCase() === value.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return wildcardMatch(policy, value);
    case 'Bool':
      return policy.toLowerCase() === value.toLowerCase();
    case 'IpAddress':
    case 'NotIpAddress':
      return ipMatch(policy, value);
    case 'ArnEquals':
    case 'ArnNotEquals':
      return arnMatch(policy, value, false);
    case 'ArnLike':
    case 'ArnNotLike':
      return arnMatch(policy, value, true);
    case 'NumericEquals':
    case 'NumericNotEquals':
      return Number(policy) === Number(value);
    case 'NumericLessThan':
      return Number(value) < Number(policy);
    case 'NumericLessThanEquals':
      return Number(value) <= Number(policy);
    case 'NumericGreaterThan':
      return Number(value) > Number(policy);
    case 'NumericGreaterThanEquals':
      return Number(value) >= Number(policy);
    default:
      throw new Error(`the evaluator does not implement condition operator ${base}`);
  }
}

/** One request value against the key's policy values: ORed, or for a negated operator none may match. */
function valueSatisfies(base: string, policyValues: string[], value: string): boolean {
  const any = policyValues.some((p) => matchOne(base, p, value));
  return NEGATED.has(base) ? !any : any;
}

/** Does one operator's test of one key hold for this request? */
export function keyCondition(op: string, key: string, policy: string | string[], ctx: RequestContext): boolean {
  const policyValues = Array.isArray(policy) ? policy : [policy];
  const raw = Object.entries(ctx).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const absent = raw === undefined || values.length === 0;
  if (op === 'Null') return policyValues.some((p) => (p.toLowerCase() === 'true') === absent);
  const { base, set, ifExists } = baseOperator(op);
  if (absent && ifExists) return true;
  if (set === 'ForAnyValue') return values.some((v) => valueSatisfies(base, policyValues, v));
  if (set === 'ForAllValues') return values.every((v) => valueSatisfies(base, policyValues, v));
  if (absent) return NEGATED.has(base);
  return values.some((v) => valueSatisfies(base, policyValues, v));
}

/** Does the whole condition block hold? Operators and keys ANDed. */
export function conditionHolds(condition: Condition, ctx: RequestContext): boolean {
  return Object.entries(condition).every(([op, keys]) => Object.entries(keys).every(([key, policy]) => keyCondition(op, key, policy, ctx)));
}

/** Does this Deny statement deny `action` (service:Name) for the request? */
export function denies(statement: { Action: string[]; Condition: Condition }, action: string, ctx: RequestContext): boolean {
  const actionMatches = statement.Action.some((a) => wildcardMatch(a, action, true));
  return actionMatches && conditionHolds(statement.Condition, ctx);
}
