/** Encryption at rest using customer key management: `/groups/{groupId}/encryptionAtRest`. */
import type { EncryptionAtRestWire } from '../../core/atlas/wire';
import type { AtlasApi } from '../api';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

/** The encryption-at-rest calls of {@link AtlasApi}. */
export class EncryptionAtRestEndpoints implements Pick<AtlasApi, 'getEncryptionAtRest' | 'updateEncryptionAtRest'> {
  public constructor(private readonly atlas: AtlasCaller) {}

  /** `GET /groups/{groupId}/encryptionAtRest`. */
  public getEncryptionAtRest(groupId: string): Promise<EncryptionAtRestWire> {
    return this.atlas.callJson<EncryptionAtRestWire>({
      method: 'GET',
      path: atlasPath`/groups/${groupId}/encryptionAtRest`,
      version: ATLAS_API_VERSIONS.encryptionAtRest,
    });
  }

  /** `PATCH /groups/{groupId}/encryptionAtRest`; repeats IAM propagation and cloud-grant codes within their budgets. */
  public updateEncryptionAtRest(groupId: string, body: EncryptionAtRestWire): Promise<EncryptionAtRestWire> {
    return this.atlas.callJson<EncryptionAtRestWire>({
      method: 'PATCH',
      path: atlasPath`/groups/${groupId}/encryptionAtRest`,
      version: ATLAS_API_VERSIONS.encryptionAtRest,
      body,
      retryPropagation: true,
    });
  }
}
