import type { PostureResource } from '../../../playbook/posture-schema.js';
import { resourcesOf, type CheckedResource, type Inventory, type Located, type ResourceTypes } from '../inventory.js';
import type { ScriptVerdict } from '../scripts.js';

/** What a failed check says about one resource; null: the resource passes. */
export type Verdict = { reason: string; evidence: Record<string, unknown> } | null;

/** What the checks share: the account, the playbook's lists, and each lifecycle script's analysis (done once). */
export interface CheckContext {
  inventory: Inventory;
  unsupportedPlatforms: readonly string[];
  /** Per lifecycle configuration (`region/name`): its scripts' indicators and secrets. */
  notebookScripts: ReadonlyMap<string, ScriptVerdict>;
  /** Per Studio lifecycle configuration ARN. */
  studioScripts: ReadonlyMap<string, ScriptVerdict>;
  /** Accounts whose images and keys are not foreign: the account read and AWS's registries (detect's list). */
  trustedAccounts: ReadonlySet<string>;
  /** IAM's "Permissions management" actions (service:Name) from AWS's service authorization reference. */
  iamPermissionsManagement: readonly string[];
}


/** One posture check: the kind of resource it judges and its logic (its metadata is in playbook/posture.json). */
export interface PostureCheck<K extends CheckedResource = CheckedResource> {
  resource: K & PostureResource;
  /** Other kinds the verdict depends on: where they could not be read, the check could not judge either. */
  alsoReads?: PostureResource[];
  evaluate(resource: ResourceTypes[K], ctx: CheckContext): Verdict;
}

/** A check bound to its kind of resource: it takes its own resources from the inventory, so no caller needs their type. */
export interface BoundCheck {
  resource: PostureResource;
  alsoReads?: PostureResource[];
  judge(inv: Inventory, ctx: CheckContext): { resource: Located; verdict: Verdict }[];
}

export function defineCheck<K extends CheckedResource>(check: PostureCheck<K>): BoundCheck {
  return {
    resource: check.resource,
    ...(check.alsoReads ? { alsoReads: check.alsoReads } : {}),
    judge: (inv, ctx) => resourcesOf<K>(inv, check.resource).map((resource) => ({ resource, verdict: check.evaluate(resource, ctx) })),
  };
}

export const scriptKey = (region: string, name: string): string => `${region}/${name}`;
