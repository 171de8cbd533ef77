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
}

export type ScpStep =
  | { action: 'enable-policy-type'; rootId: string }
  | { action: 'create'; name: string; content: string; policyDescription: string; tags: Record<string, string> }
  | { action: 'update'; policyId: string; name: string; content: string }
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

/** sm-ir's own policies: both the tag and the name prefix must match, so nobody else's SCP is touched. */
export function isOurs(p: ScpState, own: Ownership): boolean {
  return !p.awsManaged && p.name.startsWith(`${own.namePrefix}-`) && p.tags[own.tag.key] === own.tag.value;
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
  const ours = state.policies.filter((p) => isOurs(p, own));
  const foreignSameName = state.policies.filter((p) => !isOurs(p, own) && desired.some((d) => d.name === p.name));
  if (foreignSameName.length) {
    throw new ScpPlanRefused(`a policy named ${foreignSameName.map((p) => p.name).join(', ')} exists but is not tagged ${own.tag.key}=${own.tag.value}`, {
      hint: 'sm-ir never changes a policy it did not create: rename or tag that policy, or remove it',
    });
  }
  const attached = new Set(state.attachedToTarget.map((a) => a.id));
  const additions: ScpStep[] = [];
  const updates: ScpStep[] = [];
  for (const d of desired) {
    const content = JSON.stringify(d.document);
    const cur = ours.find((p) => p.name === d.name);
    if (!cur) {
      additions.push({ action: 'create', name: d.name, content, policyDescription: own.description, tags: { [own.tag.key]: own.tag.value } });
    } else if (!sameDocument(cur.content, content)) {
      updates.push({ action: 'update', policyId: cur.id, name: d.name, content });
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
      return `update policy ${s.name} (${s.policyId}): content changed`;
    case 'attach':
      return `attach ${s.name} to ${s.targetId}`;
    case 'detach':
      return `detach ${s.name} (${s.policyId}) from ${s.targetId}`;
    case 'delete':
      return `delete policy ${s.name} (${s.policyId})`;
  }
}
