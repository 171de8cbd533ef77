/**
 * IAM policy grammar checks for the SCPs sm-ir deploys, run before any AWS call. The list of real
 * SageMaker operations is passed in (the command derives it from the SDK's <Op>Command exports).
 */
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

/** aws:SourceIp and friends are single-valued: a set operator on them never does what it says. */
const SINGLE_VALUED_KEYS = new Set(['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:principalarn', 'aws:principalaccount']);

const CONDITION_KEY = /^[a-z0-9-]+:[A-Za-z0-9_./-]+$/;
const PLACEHOLDER = /\[[A-Z_]+\]|\{\{[^}]*\}\}/;
const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function isCidr(value: string): boolean {
  const m = CIDR4.exec(value);
  if (m) return m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
  const [addr, len, ...rest] = value.split('/');
  if (rest.length || addr === undefined || len === undefined || !/^\d{1,3}$/.test(len) || Number(len) > 128) return false;
  return /^[0-9a-fA-F:]+$/.test(addr) && addr.includes(':') && (addr.match(/::/g) ?? []).length <= 1;
}

export function minify(doc: unknown): string {
  return JSON.stringify(doc);
}

/** Every problem found in one policy document; empty means valid. */
export function validatePolicy(doc: unknown, sageMakerOperations: ReadonlySet<string>, maxSize: number): string[] {
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
      else if (!sageMakerOperations.has(op)) problems.push(`${where}: sagemaker:${op} is not a SageMaker operation`);
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
        if (/^For(All|Any)Value/.test(op) && SINGLE_VALUED_KEYS.has(key.toLowerCase())) {
          problems.push(`${where}: ${key} is single-valued; ${op} does not apply to it`);
        }
        const values = Array.isArray(value) ? value : [value];
        if (values.length === 0 || values.some((v) => typeof v !== 'string')) problems.push(`${where}: ${op} ${key} needs string values`);
        for (const v of values) {
          if (typeof v === 'string' && PLACEHOLDER.test(v)) problems.push(`${where}: ${key} holds the placeholder ${v}`);
          if (typeof v === 'string' && /IpAddress$/.test(op) && !isCidr(v)) problems.push(`${where}: ${v} is not a CIDR`);
        }
      }
    }
  }
  const size = minify(doc).length;
  if (size > maxSize) problems.push(`the document is ${size} characters minified; the SCP limit is ${maxSize}`);
  return problems;
}
