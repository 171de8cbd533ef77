import { createHash } from 'node:crypto';
import { SmIrError, UsageError } from '../../errors.js';
import type { PackedPolicy } from './pack.js';

/** An SCP as Organizations reports it, with its tags and the targets it is attached to. */
export interface ScpState {
  id: string;
  name: string;
  awsManaged: boolean;
  /** The policy document as stored (a JSON string). */
  content: string;
  tags: Record<string, string>;
  targets: string[];
}

/** What the planner needs to know about the organization: plain data, read by the adapter. */
export interface OrgState {
  scpTypeEnabled: boolean;
  rootId: string;
  policies: ScpState[];
  /** SCPs attached directly to the target, by id (FullAWSAccess included). */
  attachedToTarget: { id: string; name: string }[];
}

export interface Ownership {
  namePrefix: string;
  tag: { key: string; value: string };
  /** Tag keys of the generated id and of the content's SHA-256, written on every policy sm-ir creates. */
  ownershipTags: { policyId: string; contentHash: string };
}

export type ScpStep =
  | { action: 'enable-policy-type'; rootId: string }
  | { action: 'create'; name: string; content: string; policyDescription: string; tags: Record<string, string> }
  /** New content, then the content-hash tag that keeps the policy recognisably sm-ir's. */
  | { action: 'update'; policyId: string; name: string; content: string; tags: Record<string, string> }
  /** The content is already sm-ir's but its hash tag is stale (an update interrupted between its two calls). */
  | { action: 'tag'; policyId: string; name: string; tags: Record<string, string> }
  | { action: 'attach'; name: string; policyId: string | null; targetId: string }
  | { action: 'detach'; name: string; policyId: string; targetId: string }
  | { action: 'delete'; name: string; policyId: string };

export const TARGET_PATTERN = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

export function validateTarget(target: string): string {
  if (!TARGET_PATTERN.test(target)) {
    throw new UsageError(`--target: '${target}' is not a root, OU or account id`, 'use r-xxxx, ou-xxxx-xxxxxxxx or a 12-digit account id');
  }
  return target;
}

/** The SHA-256 of a policy document, whatever its whitespace (Organizations may return it reformatted). */
export function contentHash(content: string): string {
  let canonical = content;
  try {
    canonical = JSON.stringify(JSON.parse(content));
  } catch {
    // Not JSON: hashed as it is, so it matches no document sm-ir wrote.
  }
  return createHash('sha256').update(canonical).digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Why a policy that looks like sm-ir's is not (null: it is sm-ir's). sm-ir's own policies carry the
 * name it generates (<prefix>-<n>), its managed-by tag, a generated id and the SHA-256 of the content
 * it wrote, which must still be the content: a name prefix or a copied tag alone proves nothing, and
 * a policy edited by someone else is theirs to look after. `expected` is the content sm-ir wants under
 * a name: a policy already holding it with a stale hash is an update interrupted between its calls.
 */
export function notOursBecause(p: ScpState, own: Ownership, expected?: ReadonlyMap<string, string>): string | null {
  if (p.awsManaged) return 'AWS managed';
  if (!new RegExp(`^${own.namePrefix}-[1-9][0-9]*$`).test(p.name)) return `its name is not one sm-ir generates (${own.namePrefix}-<n>)`;
  if (p.tags[own.tag.key] !== own.tag.value) return `it is not tagged ${own.tag.key}=${own.tag.value}`;
  if (!UUID.test(p.tags[own.ownershipTags.policyId] ?? '')) return `it has no ${own.ownershipTags.policyId} tag sm-ir generated`;
  const hash = contentHash(p.content);
  if (p.tags[own.ownershipTags.contentHash] === hash) return null;
  const wanted = expected?.get(p.name);
  if (wanted !== undefined && contentHash(wanted) === hash) return null;
  return `its content was changed outside sm-ir (it no longer matches its ${own.ownershipTags.contentHash} tag)`;
}

export function isOurs(p: ScpState, own: Ownership, expected?: ReadonlyMap<string, string>): boolean {
  return notOursBecause(p, own, expected) === null;
}

/** Policies named like sm-ir's or carrying its tag that sm-ir did not make (or that were changed since): reported, never touched. */
export function lookAlikes(state: OrgState, own: Ownership, expected?: ReadonlyMap<string, string>): { id: string; name: string; why: string }[] {
  return state.policies.flatMap((p) => {
    if (p.awsManaged || !(p.name.startsWith(`${own.namePrefix}-`) || p.tags[own.tag.key] === own.tag.value)) return [];
    const why = notOursBecause(p, own, expected);
    return why === null ? [] : [{ id: p.id, name: p.name, why }];
  });
}

/** The tags of a policy sm-ir creates: managed-by, a new id, and its content's hash. */
export function creationTags(own: Ownership, content: string, newId: string): Record<string, string> {
  return { [own.tag.key]: own.tag.value, [own.ownershipTags.policyId]: newId, [own.ownershipTags.contentHash]: contentHash(content) };
}

/** Same policy whatever the whitespace: Organizations may return the content reformatted. */
export function sameDocument(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

/** Refused before any change: the target cannot hold the policies, or the policy type is off. */
export class ScpPlanRefused extends SmIrError {}

/**
 * The changes that make `targetId` carry exactly the desired policies: create what is missing, update
 * what differs, attach where missing, detach and delete sm-ir policies no longer needed. Refuses
 * (throws) rather than plan something Organizations would reject halfway.
 *
 * Order keeps every guardrail in force at every step: new policies are created and attached before
 * existing ones are rewritten to drop the statements that moved into them, and surplus policies go
 * last (their statements already live in the updated ones). Deny statements held twice for a moment
 * cost nothing. Only when the 5-SCP quota leaves no room for that overlap are the surplus policies
 * detached from the target first.
 */
export function planApply(
  desired: PackedPolicy[],
  state: OrgState,
  own: Ownership & { description: string; maxAttached: number },
  targetId: string,
  enablePolicyType: boolean,
  newId: () => string,
): ScpStep[] {
  const enable: ScpStep[] = [];
  if (!state.scpTypeEnabled) {
    if (!enablePolicyType) {
      throw new ScpPlanRefused(`the SERVICE_CONTROL_POLICY policy type is not enabled on root ${state.rootId}`, {
        hint: 're-run with --enable-policy-type to enable it as part of the plan',
      });
    }
    enable.push({ action: 'enable-policy-type', rootId: state.rootId });
  }
  const expected = new Map(desired.map((d) => [d.name, JSON.stringify(d.document)]));
  const ours = state.policies.filter((p) => isOurs(p, own, expected));
  const foreignSameName = state.policies.filter((p) => !isOurs(p, own, expected) && expected.has(p.name));
  if (foreignSameName.length) {
    const why = foreignSameName.map((p) => `${p.name} (${p.id}): ${notOursBecause(p, own, expected)}`).join('; ');
    throw new ScpPlanRefused(`a policy sm-ir would write already exists but is not sm-ir's: ${why}`, {
      hint: 'sm-ir never changes a policy it did not create: rename or remove that policy (a policy edited outside sm-ir is left to whoever edited it)',
    });
  }
  const attached = new Set(state.attachedToTarget.map((a) => a.id));
  const additions: ScpStep[] = [];
  const updates: ScpStep[] = [];
  for (const d of desired) {
    const content = JSON.stringify(d.document);
    const cur = ours.find((p) => p.name === d.name);
    const hashTag = { [own.ownershipTags.contentHash]: contentHash(content) };
    if (!cur) {
      additions.push({ action: 'create', name: d.name, content, policyDescription: own.description, tags: creationTags(own, content, newId()) });
    } else if (!sameDocument(cur.content, content)) {
      updates.push({ action: 'update', policyId: cur.id, name: d.name, content, tags: hashTag });
    } else if (cur.tags[own.ownershipTags.contentHash] !== hashTag[own.ownershipTags.contentHash]) {
      updates.push({ action: 'tag', policyId: cur.id, name: d.name, tags: hashTag });
    }
    if (!cur || !attached.has(cur.id)) additions.push({ action: 'attach', name: d.name, policyId: cur?.id ?? null, targetId });
  }
  const surplus = ours.filter((o) => !desired.some((d) => d.name === o.name));
  const detachHere: ScpStep[] = [];
  const removals: ScpStep[] = [];
  for (const p of surplus) {
    for (const t of p.targets) (t === targetId ? detachHere : removals).push({ action: 'detach', name: p.name, policyId: p.id, targetId: t });
  }
  for (const p of surplus) removals.push({ action: 'delete', name: p.name, policyId: p.id });

  // Enabling the policy type attaches FullAWSAccess to every root, OU and account.
  const before = state.attachedToTarget.length + enable.length;
  const attaches = additions.filter((s) => s.action === 'attach').length;
  const after = before + attaches - detachHere.length;
  if (after > own.maxAttached) {
    const list = state.attachedToTarget.map((a) => `${a.name} (${a.id})`).join(', ') || 'none';
    throw new ScpPlanRefused(
      `${targetId} would carry ${after} SCPs, over the Organizations limit of ${own.maxAttached}; attached now: ${list}`,
      { hint: 'detach a policy from the target, attach the guardrails to a parent OU instead, or deploy fewer statements (--only/--except)' },
    );
  }
  const overlapFits = before + attaches <= own.maxAttached;
  return overlapFits
    ? [...enable, ...additions, ...updates, ...detachHere, ...removals]
    : [...enable, ...detachHere, ...additions, ...updates, ...removals];
}

/**
 * Detach sm-ir's policies and delete those left attached nowhere. Without a target: from everywhere,
 * so all of them go. With one: only from that target; a policy still guarding another target stays.
 * Nobody else's policy is touched.
 */
export function planRemove(state: OrgState, own: Ownership, targetId: string | null = null): ScpStep[] {
  const steps: ScpStep[] = [];
  for (const p of state.policies.filter((x) => isOurs(x, own))) {
    const from = targetId === null ? p.targets : p.targets.filter((t) => t === targetId);
    for (const t of from) steps.push({ action: 'detach', name: p.name, policyId: p.id, targetId: t });
    if (from.length === p.targets.length) steps.push({ action: 'delete', name: p.name, policyId: p.id });
  }
  return steps;
}

export function describeStep(s: ScpStep): string {
  switch (s.action) {
    case 'enable-policy-type':
      return `enable the SERVICE_CONTROL_POLICY policy type on ${s.rootId}`;
    case 'create':
      return `create policy ${s.name} (${s.content.length} characters)`;
    case 'update':
      return `update policy ${s.name} (${s.policyId}): content changed (then its content-hash tag)`;
    case 'tag':
      return `tag policy ${s.name} (${s.policyId}) with its content's hash (an earlier update stopped before it)`;
    case 'attach':
      return `attach ${s.name} to ${s.targetId}`;
    case 'detach':
      return `detach ${s.name} (${s.policyId}) from ${s.targetId}`;
    case 'delete':
      return `delete policy ${s.name} (${s.policyId})`;
  }
}
