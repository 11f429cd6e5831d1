/**
 * Reading Atlas AWS cloud-provider-access roles: by id (undefined when Atlas says it is gone), the orphan an earlier
 * attempt of a Create left behind, whether encryption at rest uses a role, and the data a role resource returns.
 * Shared by the cloud-provider-access and authorization resources.
 */
import type { AtlasApi } from '../../../../atlas/api';
import type { CloudProviderAccessRoleWire } from '../../../../core/atlas';
import type { CloudProviderAccessData } from '../../../custom-resources/properties';
import { isGone } from '../../runtime/atlas-errors';
import { InvalidRequestError } from '../../runtime/errors';

const WHAT = 'Custom::AtlasCloudProviderAccess';
/** How recent an unauthorized, unused role must be for a retried Create to reuse it. */
export const ADOPT_WINDOW_MS = 30 * 60 * 1000;

/** The role's id (AWS roles carry `roleId`, others `_id`). */
export function roleIdOf(role: CloudProviderAccessRoleWire): string {
  const id = role.roleId ?? role._id;
  if (!id) throw new InvalidRequestError(`${WHAT}: Atlas returned a role without a roleId`);
  return id;
}

/** The response data of a role. */
export function roleData(role: CloudProviderAccessRoleWire): CloudProviderAccessData & Record<string, string> {
  return {
    RoleId: roleIdOf(role),
    AtlasAwsAccountArn: role.atlasAWSAccountArn ?? '',
    ExternalId: role.atlasAssumedRoleExternalId ?? '',
  };
}

/** True when the role is in use by encryption at rest. */
export function usedByEncryption(role: CloudProviderAccessRoleWire): boolean {
  return (role.featureUsages ?? []).some((u) => u.featureType === 'ENCRYPTION_AT_REST');
}

/** GETs a role; undefined when Atlas says it is gone. */
export async function findRole(
  api: AtlasApi,
  projectId: string,
  roleId: string,
): Promise<CloudProviderAccessRoleWire | undefined> {
  try {
    return await api.getCloudProviderAccessRole(projectId, roleId);
  } catch (err) {
    if (isGone(err)) return undefined;
    throw err;
  }
}

/** A recent, unauthorized, unused AWS role: what an earlier attempt of this Create left behind. */
export async function findOrphan(
  api: AtlasApi,
  projectId: string,
  now: number,
): Promise<CloudProviderAccessRoleWire | undefined> {
  const list = await api.listCloudProviderAccess(projectId);
  const orphans = (list.awsIamRoles ?? []).filter((r) => {
    const created = r.createdDate ? Date.parse(r.createdDate) : NaN;
    return (
      !r.iamAssumedRoleArn &&
      !r.authorizedDate &&
      (r.featureUsages ?? []).length === 0 &&
      Number.isFinite(created) &&
      now - created >= -60_000 &&
      now - created <= ADOPT_WINDOW_MS
    );
  });
  orphans.sort((a, b) => Date.parse(b.createdDate ?? '') - Date.parse(a.createdDate ?? ''));
  return orphans[0];
}
