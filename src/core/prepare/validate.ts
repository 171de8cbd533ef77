/**
 * IAM policy grammar checks for the SCPs sm-ir deploys, run before any AWS call: the grammar here,
 * actions and condition keys against the service authorization reference (reference.ts), and the
 * values that would make a guardrail meaningless (private or match-all addresses, match-all types).
 */
import ipaddr from 'ipaddr.js';
import { checkStatementAgainstReference, type IamReference } from './reference.js';
import { wildcardMatch } from './evaluate.js';

export const POLICY_VERSION = '2012-10-17';

/** Condition operators IAM knows, each also valid with IfExists and with a ForAllValues:/ForAnyValue: prefix. */
const BASE_OPERATORS = [
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike',
];

export function isKnownOperator(op: string): boolean {
  if (op === 'Null') return true;
  const m = /^(?:(ForAllValues|ForAnyValue):)?([A-Za-z]+?)(IfExists)?$/.exec(op);
  return m !== null && BASE_OPERATORS.includes(m[2] ?? '');
}

const CONDITION_KEY = /^[a-z0-9-]+:[A-Za-z0-9_./-]+$/;
const PLACEHOLDER = /\[[A-Z_]+\]|\{\{[^}]*\}\}/;
const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * A CIDR as IAM's IpAddress operator takes it: IPv4 in four decimal parts, or IPv6 as ipaddr.js parses
 * it (`:/0`, `:::/0`, twelve groups or two `::` are not addresses); no zone id.
 */
export function isCidr(value: string): boolean {
  const m = CIDR4.exec(value);
  if (m) return m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  if (!value.includes(':') || value.includes('%')) return false;
  try {
    ipaddr.IPv6.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

/** Address ranges aws:SourceIp never carries: a request from them arrives through a VPC endpoint or not at all. */
const NOT_PUBLIC = new Set(['private', 'loopback', 'linkLocal', 'carrierGradeNat', 'uniqueLocal', 'unspecified', 'multicast', 'broadcast']);

/** Why a CIDR does not belong in an aws:SourceIp allowlist, or null. /0 only with allowBroad. */
export function sourceIpProblem(cidr: string, allowBroad = false): string | null {
  const [net, bits] = cidr.includes('/') ? ipaddr.parseCIDR(cidr) : [ipaddr.parse(cidr), 32];
  if (bits === 0) return allowBroad ? null : `${cidr} allows every address (pass --allow-broad if that is meant)`;
  const range = net.range();
  if (NOT_PUBLIC.has(range)) return `${cidr} is a ${range} range: aws:SourceIp carries public addresses only (calls from a VPC come through an endpoint: use --allowed-vpce)`;
  return null;
}

/** Instance types of every family and size: a pattern matching all of them allows everything. */
const PROBE_TYPES = ['ml.t3.medium', 'ml.m5.large', 'ml.p5.48xlarge', 'ml.g6e.48xlarge', 'ml.trn1n.32xlarge', 'ml.c7i.metal-48xl'];

export function instanceTypePatternProblem(pattern: string, allowBroad = false): string | null {
  if (allowBroad || !PROBE_TYPES.every((t) => wildcardMatch(pattern, t))) return null;
  return `${pattern} matches every instance type (pass --allow-broad if that is meant)`;
}

export interface ValidateOptions {
  /** --allow-broad: accept 0.0.0.0/0, ::/0 and match-all instance-type patterns. */
  allowBroad?: boolean;
}

export function minify(doc: unknown): string {
  return JSON.stringify(doc);
}

/** Every problem found in one policy document; empty means valid. */
export function validatePolicy(doc: unknown, ref: IamReference, maxSize: number, opts: ValidateOptions = {}): string[] {
  const problems: string[] = [];
  if (typeof doc !== 'object' || doc === null) return ['the policy is not a JSON object'];
  const d = doc as Record<string, unknown>;
  if (d.Version !== POLICY_VERSION) problems.push(`Version must be "${POLICY_VERSION}"`);
  for (const k of Object.keys(d)) if (k !== 'Version' && k !== 'Statement') problems.push(`unexpected top-level element ${k}`);
  if (!Array.isArray(d.Statement) || d.Statement.length === 0) return [...problems, 'Statement must be a non-empty array'];
  const sids = new Set<string>();
  for (const [i, raw] of d.Statement.entries()) {
    const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const where = `Statement[${i}]${typeof s.Sid === 'string' ? ` (${s.Sid})` : ''}`;
    if (typeof s.Sid !== 'string' || !/^[A-Za-z0-9]+$/.test(s.Sid)) problems.push(`${where}: Sid must be alphanumeric`);
    else if (sids.has(s.Sid)) problems.push(`${where}: duplicate Sid`);
    else sids.add(s.Sid);
    if (s.Effect !== 'Deny') problems.push(`${where}: Effect must be Deny (sm-ir deploys deny guardrails only)`);
    if (s.Resource !== '*') problems.push(`${where}: Resource must be "*"`);
    const actions = Array.isArray(s.Action) ? s.Action : [s.Action];
    if (actions.length === 0) problems.push(`${where}: no Action`);
    for (const a of actions) {
      const op = typeof a === 'string' ? /^sagemaker:([A-Za-z0-9]+)$/.exec(a)?.[1] : undefined;
      if (op === undefined) problems.push(`${where}: Action ${String(a)} is not sagemaker:<Operation>`);
    }
    const cond = s.Condition;
    if (typeof cond !== 'object' || cond === null || Object.keys(cond).length === 0) {
      problems.push(`${where}: a guardrail needs a Condition`);
      continue;
    }
    for (const [op, block] of Object.entries(cond as Record<string, unknown>)) {
      if (!isKnownOperator(op)) problems.push(`${where}: unknown condition operator ${op}`);
      for (const [key, value] of Object.entries((block ?? {}) as Record<string, unknown>)) {
        if (!CONDITION_KEY.test(key)) problems.push(`${where}: condition key ${key} is not service:Key`);
        const values = Array.isArray(value) ? value : [value];
        if (values.length === 0 || values.some((v) => typeof v !== 'string')) problems.push(`${where}: ${op} ${key} needs string values`);
        for (const v of values) {
          if (typeof v === 'string' && PLACEHOLDER.test(v)) problems.push(`${where}: ${key} holds the placeholder ${v}`);
          if (typeof v !== 'string') continue;
          if (/IpAddress$/.test(op) && !isCidr(v)) problems.push(`${where}: ${v} is not a CIDR`);
          else if (/IpAddress$/.test(op) && key.toLowerCase() === 'aws:sourceip') {
            const p = sourceIpProblem(v, opts.allowBroad);
            if (p) problems.push(`${where}: aws:SourceIp ${p}`);
          }
          if (key.toLowerCase() === 'sagemaker:instancetypes') {
            const p = instanceTypePatternProblem(v, opts.allowBroad);
            if (p) problems.push(`${where}: sagemaker:InstanceTypes ${p}`);
          }
        }
      }
    }
    const typedActions = actions.filter((a): a is string => typeof a === 'string' && a.startsWith('sagemaker:'));
    // Unknown operators are reported above; their keys are checked against the reference all the same.
    const known = Object.entries(cond as Record<string, Record<string, unknown>>).map(([op, block]) => [isKnownOperator(op) ? op : 'Null', block] as const);
    problems.push(...checkStatementAgainstReference(where, typedActions, Object.fromEntries(known), ref));
  }
  const size = minify(doc).length;
  if (size > maxSize) problems.push(`the document is ${size} characters minified; the SCP limit is ${maxSize}`);
  return problems;
}
