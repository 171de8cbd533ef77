import type { PostureResource } from '../../../playbook/posture-schema.js';
import type { Inventory, LifecycleConfig, NotebookInstance } from '../inventory.js';
import type { ScriptVerdict } from '../scripts.js';

/** What a failed check says about one resource; null: the resource passes. */
export type Verdict = { reason: string; evidence: Record<string, unknown> } | null;

/** What the checks share: the account, the playbook's lists, and each lifecycle script's analysis (done once). */
export interface CheckContext {
  inventory: Inventory;
  unsupportedPlatforms: readonly string[];
  /** Per lifecycle configuration (`region/name`): its scripts' indicators and secrets. */
  notebookScripts: ReadonlyMap<string, ScriptVerdict>;
}

interface ResourceTypes {
  'notebook-instance': NotebookInstance;
  'notebook-lifecycle-config': LifecycleConfig;
}
export type CheckedResource = keyof ResourceTypes;

/** One posture check: the kind of resource it judges and its logic (its metadata is in playbook/posture.json). */
export interface PostureCheck<K extends CheckedResource = CheckedResource> {
  resource: K & PostureResource;
  /** Other kinds the verdict depends on: where they could not be read, the check could not judge either. */
  alsoReads?: PostureResource[];
  evaluate(resource: ResourceTypes[K], ctx: CheckContext): Verdict;
}

export function defineCheck<K extends CheckedResource>(check: PostureCheck<K>): PostureCheck {
  return check as unknown as PostureCheck;
}

export const scriptKey = (region: string, name: string): string => `${region}/${name}`;
