/**
 * Reading Atlas cloud-provider-access roles (AWS, Azure, Google Cloud): by id (undefined when Atlas says it is gone),
 * the orphan an earlier attempt of a Create left behind, whether encryption at rest uses a role, and the data a role
 * resource returns. Shared by the cloud-provider-access and authorization resources.
 */
import type { AtlasApi } from '../../../../atlas/api';
import type { CloudProviderAccessListWire, CloudProviderAccessRoleWire } from '../../../../core/atlas';
import type { CloudProviderAccessProvider, CloudProviderAccessSpec } from '../../../custom-resources/properties';
import { isGone } from '../../runtime/atlas-errors';
import { InvalidRequestError } from '../../runtime/errors';
import type { ResponseData } from '../../runtime/events';

const WHAT = 'Custom::AtlasCloudProviderAccess';
/** How recent an unauthorized, unused role must be for a retried Create to reuse it. */
export const ADOPT_WINDOW_MS = 30 * 60 * 1000;

/** The list field of each provider in `GET /cloudProviderAccess` (spec schema CloudProviderAccessRoles). */
const LIST_FIELD: Readonly<Record<CloudProviderAccessProvider, keyof CloudProviderAccessListWire>> = {
  AWS: 'awsIamRoles',
  AZURE: 'azureServicePrincipals',
  GCP: 'gcpServiceAccounts',
};

/** The provider a spec names (absent: AWS, as in templates written before Azure and Google Cloud roles). */
export function providerOf(spec: { readonly providerName?: string }): CloudProviderAccessProvider {
  return (spec.providerName ?? 'AWS') as CloudProviderAccessProvider;
}

/** The role's id (AWS and GCP roles carry `roleId`, Azure ones `_id`). */
export function roleIdOf(role: CloudProviderAccessRoleWire): string {
  const id = role.roleId ?? role._id;
  if (!id) throw new InvalidRequestError(`${WHAT}: Atlas returned a role without a roleId`);
  return id;
}

/** The response data of a role: a few ids, far below the 4 KB response limit. */
export function roleData(role: CloudProviderAccessRoleWire): ResponseData {
  const RoleId = roleIdOf(role);
  switch (role.providerName ?? 'AWS') {
    case 'AZURE':
      return {
        RoleId,
        AtlasAzureAppId: role.atlasAzureAppId ?? '',
        ServicePrincipalId: role.servicePrincipalId ?? '',
        TenantId: role.tenantId ?? '',
      };
    case 'GCP':
      return { RoleId, GcpServiceAccountForAtlas: role.gcpServiceAccountForAtlas ?? '' };
    default:
      return {
        RoleId,
        AtlasAwsAccountArn: role.atlasAWSAccountArn ?? '',
        ExternalId: role.atlasAssumedRoleExternalId ?? '',
      };
  }
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

/** Case-insensitive equality of two UUIDs (Atlas may store them in either case; unverified). */
function sameId(a: string | undefined, b: string | undefined): boolean {
  return (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
}

/**
 * Not authorized yet. AWS: no IAM role ARN and no authorizedDate. Azure: the schema has no authorizedDate, and
 * an authorization updates lastUpdatedDate, so a role never touched since its creation is unauthorized. Google
 * Cloud roles need no authorization.
 */
function unauthorized(r: CloudProviderAccessRoleWire): boolean {
  if (r.providerName === 'AZURE') {
    return !r.authorizedDate && (!r.lastUpdatedDate || r.lastUpdatedDate === r.createdDate);
  }
  return !r.iamAssumedRoleArn && !r.authorizedDate;
}

/**
 * A recent, unauthorized, unused role of the spec's provider (an Azure one for the same service principal and
 * tenant): what an earlier attempt of this Create left behind.
 */
export async function findOrphan(
  api: AtlasApi,
  spec: CloudProviderAccessSpec,
  now: number,
): Promise<CloudProviderAccessRoleWire | undefined> {
  const provider = providerOf(spec);
  const list = await api.listCloudProviderAccess(spec.projectId);
  const orphans = (list[LIST_FIELD[provider]] ?? []).filter((r) => {
    const created = r.createdDate ? Date.parse(r.createdDate) : NaN;
    const samePrincipal =
      spec.providerName !== 'AZURE' ||
      (sameId(r.servicePrincipalId, spec.servicePrincipalId) &&
        sameId(r.tenantId, spec.tenantId) &&
        (spec.atlasAzureAppId === undefined || sameId(r.atlasAzureAppId, spec.atlasAzureAppId)));
    return (
      samePrincipal &&
      unauthorized(r) &&
      (r.featureUsages ?? []).length === 0 &&
      Number.isFinite(created) &&
      now - created >= -60_000 &&
      now - created <= ADOPT_WINDOW_MS
    );
  });
  orphans.sort((a, b) => Date.parse(b.createdDate ?? '') - Date.parse(a.createdDate ?? ''));
  return orphans[0];
}
