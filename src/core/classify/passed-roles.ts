/**
 * Where SageMaker's APIs carry the execution role they are given (execution-role-passed's data), read by
 * that rule and by execution-role-session-outside, which learns from them which roles are execution roles.
 */
import { z } from 'zod';
import type { CloudTrailRecord } from '../cloudtrail.js';
import type { Playbook } from '../../playbook/load.js';
import { isObject } from './rule.js';

/** Per API, the request paths that hold a role ARN: `a.b` walks objects, `a[].b` each element of an array. */
export const RoleFieldsSchema = z.record(z.string(), z.array(z.string().min(1)).min(1)).refine((m) => Object.keys(m).length > 0, 'needs at least one event');
export type RoleFields = z.infer<typeof RoleFieldsSchema>;

function stringsAt(value: unknown, path: string[]): string[] {
  if (path.length === 0) return typeof value === 'string' && value !== '' ? [value] : [];
  const [head, ...rest] = path as [string, ...string[]];
  if (head.endsWith('[]')) {
    const list = isObject(value) ? value[head.slice(0, -2)] : undefined;
    return Array.isArray(list) ? list.flatMap((item) => stringsAt(item, rest)) : [];
  }
  return isObject(value) ? stringsAt(value[head], rest) : [];
}

/** Reads the role ARNs a request passes, per its event name. */
export function passedRoleReader(fields: RoleFields): { events: string[]; rolesIn(r: CloudTrailRecord): string[] } {
  const paths = new Map(Object.entries(fields).map(([event, list]) => [event, list.map((f) => f.split('.'))]));
  return {
    events: [...paths.keys()],
    rolesIn: (r) => [...new Set((paths.get(r.eventName) ?? []).flatMap((p) => stringsAt(r.requestParameters, p)))],
  };
}

/** `account/role-name` of an IAM role ARN (paths dropped, as in the role's sessions' ARNs); undefined otherwise. */
export function roleKeyOfArn(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** The passed-role reader of a rule's data (execution-role-passed's roleFields), for rules and the baseline that learn from it; undefined when that rule has none. */
export function passedRolesOf(playbook: Playbook, ruleId: string): (ReturnType<typeof passedRoleReader> & { source: string | undefined }) | undefined {
  const params = playbook.rules.rules.find((r) => r.id === ruleId)?.params;
  const fields = RoleFieldsSchema.safeParse(isObject(params) ? params.roleFields : undefined);
  if (!fields.success) return undefined;
  return { ...passedRoleReader(fields.data), source: isObject(params) && typeof params.source === 'string' ? params.source : undefined };
}
