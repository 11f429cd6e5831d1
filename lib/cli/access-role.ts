/**
 * Looks up the Atlas cloud-provider-access role a key configuration uses (`GET
 * /groups/{groupId}/cloudProviderAccess/{roleId}`), for `restore-check` (DEP-RST-9) and `status`. Never throws: a
 * 404 inside an existing project is a removed role; any other failure is reported as such, so the caller can say
 * it could not check rather than stop.
 */
import type { AtlasApi } from '../atlas';
import { isNotFoundInProject } from '../atlas/errors';
import type { AccessRoleLookup } from '../core/atlas/key-identity';

/** What Atlas answered for the role. */
export async function lookUpAccessRole(atlas: AtlasApi, projectId: string, roleId: string): Promise<AccessRoleLookup> {
  try {
    return { roleId, found: true, role: await atlas.getCloudProviderAccessRole(projectId, roleId) };
  } catch (err) {
    if (isNotFoundInProject(err)) return { roleId, found: false };
    return { roleId, error: err instanceof Error ? err.message : String(err) };
  }
}
