/** Clusters: `/groups/{groupId}/clusters`. */
import type { ClusterWire } from '../../core/atlas/wire';
import type { AtlasApi } from '../api';
import { isAtlasError } from '../errors';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

type ClusterCalls = 'listClusters' | 'getCluster' | 'createCluster' | 'updateCluster' | 'deleteCluster';

/** The cluster calls of {@link AtlasApi}. */
export class ClusterEndpoints implements Pick<AtlasApi, ClusterCalls> {
  public constructor(private readonly atlas: AtlasCaller) {}

  /** `GET /groups/{groupId}/clusters`, every page. */
  public listClusters(
    groupId: string,
    options: { includeDeletedWithRetainedBackups?: boolean } = {},
  ): Promise<ClusterWire[]> {
    return this.atlas.listAll<ClusterWire>(atlasPath`/groups/${groupId}/clusters`, ATLAS_API_VERSIONS.clusterRead, {
      includeDeletedWithRetainedBackups: options.includeDeletedWithRetainedBackups ? true : undefined,
    });
  }

  /** `GET /groups/{groupId}/clusters/{name}`; undefined when the cluster does not exist. */
  public async getCluster(groupId: string, name: string): Promise<ClusterWire | undefined> {
    try {
      return await this.atlas.call<ClusterWire>({
        method: 'GET',
        path: atlasPath`/groups/${groupId}/clusters/${name}`,
        version: ATLAS_API_VERSIONS.clusterRead,
      });
    } catch (err) {
      if (
        isAtlasError(err, 'CLUSTER_NOT_FOUND') ||
        (isAtlasError(err) && err.status === 404 && err.errorCode !== 'GROUP_NOT_FOUND')
      ) {
        return undefined;
      }
      throw err;
    }
  }

  /** `POST /groups/{groupId}/clusters` (201). Not retried on 5xx: GET before re-creating. */
  public createCluster(groupId: string, body: ClusterWire): Promise<ClusterWire> {
    return this.atlas.callJson<ClusterWire>({
      method: 'POST',
      path: atlasPath`/groups/${groupId}/clusters`,
      version: ATLAS_API_VERSIONS.clusterWrite,
      body,
    });
  }

  /** `PATCH /groups/{groupId}/clusters/{name}`. */
  public updateCluster(groupId: string, name: string, body: Partial<ClusterWire>): Promise<ClusterWire> {
    return this.atlas.callJson<ClusterWire>({
      method: 'PATCH',
      path: atlasPath`/groups/${groupId}/clusters/${name}`,
      version: ATLAS_API_VERSIONS.clusterWrite,
      body,
    });
  }

  /** `DELETE /groups/{groupId}/clusters/{name}` (202); a cluster already gone counts as done. */
  public async deleteCluster(groupId: string, name: string, options: { retainBackups?: boolean } = {}): Promise<void> {
    try {
      await this.atlas.call({
        method: 'DELETE',
        path: atlasPath`/groups/${groupId}/clusters/${name}`,
        version: ATLAS_API_VERSIONS.clusterDelete,
        query: { retainBackups: options.retainBackups },
      });
    } catch (err) {
      if (isAtlasError(err, 'CLUSTER_NOT_FOUND')) return;
      throw err;
    }
  }
}
