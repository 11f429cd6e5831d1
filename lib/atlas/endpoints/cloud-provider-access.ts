/** Cloud provider access roles: `/groups/{groupId}/cloudProviderAccess`. */
import type { KeyProvider } from '../../core/atlas/providers';
import type { CloudProviderAccessListWire, CloudProviderAccessRoleWire } from '../../core/atlas/wire';
import type { AtlasApi, AuthorizeCloudProviderAccessBody, CreateCloudProviderAccessBody } from '../api';
import { isNotFound } from '../errors';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

type CloudProviderAccessCalls =
  | 'listCloudProviderAccess'
  | 'getCloudProviderAccessRole'
  | 'createCloudProviderAccessRole'
  | 'authorizeCloudProviderAccessRole'
  | 'deauthorizeCloudProviderAccessRole';

/** The cloud-provider-access calls of {@link AtlasApi}. */
export class CloudProviderAccessEndpoints implements Pick<AtlasApi, CloudProviderAccessCalls> {
  public constructor(private readonly atlas: AtlasCaller) {}

  /** `GET /groups/{groupId}/cloudProviderAccess` (not paginated). */
  public async listCloudProviderAccess(groupId: string): Promise<CloudProviderAccessListWire> {
    const list = await this.atlas.call<Partial<CloudProviderAccessListWire>>({
      method: 'GET',
      path: atlasPath`/groups/${groupId}/cloudProviderAccess`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
    });
    return {
      awsIamRoles: list?.awsIamRoles ?? [],
      azureServicePrincipals: list?.azureServicePrincipals ?? [],
      gcpServiceAccounts: list?.gcpServiceAccounts ?? [],
    };
  }

  /** `GET /groups/{groupId}/cloudProviderAccess/{roleId}`. */
  public getCloudProviderAccessRole(groupId: string, roleId: string): Promise<CloudProviderAccessRoleWire> {
    return this.atlas.callJson<CloudProviderAccessRoleWire>({
      method: 'GET',
      path: atlasPath`/groups/${groupId}/cloudProviderAccess/${roleId}`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
    });
  }

  /** `POST /groups/{groupId}/cloudProviderAccess` (Atlas answers 200). Repeated only when it cannot have arrived. */
  public createCloudProviderAccessRole(
    groupId: string,
    body: CreateCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire> {
    return this.atlas.callJson<CloudProviderAccessRoleWire>({
      method: 'POST',
      path: atlasPath`/groups/${groupId}/cloudProviderAccess`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
      body,
    });
  }

  /** `PATCH /groups/{groupId}/cloudProviderAccess/{roleId}` (authorize); repeats propagation codes (DEP-IAM-2). */
  public authorizeCloudProviderAccessRole(
    groupId: string,
    roleId: string,
    body: AuthorizeCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire> {
    return this.atlas.callJson<CloudProviderAccessRoleWire>({
      method: 'PATCH',
      path: atlasPath`/groups/${groupId}/cloudProviderAccess/${roleId}`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
      body,
      retryPropagation: true,
    });
  }

  /** `DELETE /groups/{groupId}/cloudProviderAccess/{provider}/{roleId}` (204); a 404 (already gone) counts as done. */
  public async deauthorizeCloudProviderAccessRole(
    groupId: string,
    provider: KeyProvider,
    roleId: string,
  ): Promise<void> {
    try {
      await this.atlas.call({
        method: 'DELETE',
        path: atlasPath`/groups/${groupId}/cloudProviderAccess/${provider}/${roleId}`,
        version: ATLAS_API_VERSIONS.cloudProviderAccess,
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }
}
