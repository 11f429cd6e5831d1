/**
 * Encryption-at-rest private endpoints: `/groups/{groupId}/encryptionAtRest/{cloudProvider}/privateEndpoints`
 * (AWS KMS over AWS PrivateLink, Azure Key Vault over Azure Private Link).
 */
import type { PrivateNetworkingProvider } from '../../core/model/private-networking';
import type { EARPrivateEndpointWire } from '../../core/atlas/wire';
import type { AtlasApi } from '../api';
import { isNotFoundInProject } from '../errors';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

/** The private-endpoint calls of {@link AtlasApi}. */
export class PrivateEndpointEndpoints implements Pick<
  AtlasApi,
  'listPrivateEndpoints' | 'getPrivateEndpoint' | 'createPrivateEndpoint' | 'requestPrivateEndpointDeletion'
> {
  public constructor(private readonly atlas: AtlasCaller) {}

  /** `GET …/privateEndpoints`, every page. */
  public listPrivateEndpoints(groupId: string, provider: PrivateNetworkingProvider): Promise<EARPrivateEndpointWire[]> {
    return this.atlas.listAll<EARPrivateEndpointWire>(
      atlasPath`/groups/${groupId}/encryptionAtRest/${provider}/privateEndpoints`,
      ATLAS_API_VERSIONS.encryptionAtRest,
    );
  }

  /** `GET …/privateEndpoints/{endpointId}`; undefined once Atlas no longer knows it (404: deleted). */
  public async getPrivateEndpoint(
    groupId: string,
    provider: PrivateNetworkingProvider,
    endpointId: string,
  ): Promise<EARPrivateEndpointWire | undefined> {
    try {
      return await this.atlas.callJson<EARPrivateEndpointWire>({
        method: 'GET',
        path: atlasPath`/groups/${groupId}/encryptionAtRest/${provider}/privateEndpoints/${endpointId}`,
        version: ATLAS_API_VERSIONS.encryptionAtRest,
      });
    } catch (err) {
      if (isNotFoundInProject(err)) return undefined;
      throw err;
    }
  }

  /** `POST …/privateEndpoints` (202, INITIATING). Repeated only when it cannot have arrived: list before re-creating. */
  public createPrivateEndpoint(
    groupId: string,
    provider: PrivateNetworkingProvider,
    regionName: string,
  ): Promise<EARPrivateEndpointWire> {
    return this.atlas.callJson<EARPrivateEndpointWire>({
      method: 'POST',
      path: atlasPath`/groups/${groupId}/encryptionAtRest/${provider}/privateEndpoints`,
      version: ATLAS_API_VERSIONS.encryptionAtRest,
      body: { regionName },
    });
  }

  /** `DELETE …/privateEndpoints/{endpointId}` (204): Atlas marks it DELETING; resolves when it is already gone (404). */
  public async requestPrivateEndpointDeletion(
    groupId: string,
    provider: PrivateNetworkingProvider,
    endpointId: string,
  ): Promise<void> {
    try {
      await this.atlas.call({
        method: 'DELETE',
        path: atlasPath`/groups/${groupId}/encryptionAtRest/${provider}/privateEndpoints/${endpointId}`,
        version: ATLAS_API_VERSIONS.encryptionAtRest,
      });
    } catch (err) {
      if (isNotFoundInProject(err)) return;
      throw err;
    }
  }
}
