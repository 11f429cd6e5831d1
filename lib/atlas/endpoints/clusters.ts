/** Clusters: `/groups/{groupId}/clusters`. */
import type { ClusterStatusWire, ClusterWire } from '../../core/atlas/wire';
import type { AtlasApi } from '../api';
import { isAtlasError, isNotFound, isNotFoundInProject } from '../errors';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

/**
 * Atlas answers a DELETE of a cluster it is already deleting with 400 and this code ("The cluster %s has already
 * been requested for deletion.", https://www.mongodb.com/docs/atlas/reference/api-errors/).
 */
export const CLUSTER_ALREADY_REQUESTED_DELETION = 'CLUSTER_ALREADY_REQUESTED_DELETION';

type ClusterCalls =
  'listClusters' | 'getCluster' | 'getClusterStatus' | 'createCluster' | 'updateCluster' | 'deleteCluster';

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

  /** `GET /groups/{groupId}/clusters/{name}`; undefined on 404 (the project must exist). */
  public async getCluster(groupId: string, name: string): Promise<ClusterWire | undefined> {
    try {
      return await this.atlas.call<ClusterWire>({
        method: 'GET',
        path: atlasPath`/groups/${groupId}/clusters/${name}`,
        version: ATLAS_API_VERSIONS.clusterRead,
      });
    } catch (err) {
      if (isNotFoundInProject(err)) return undefined;
      throw err;
    }
  }

  /**
   * `GET /groups/{groupId}/clusters/{name}/status` (operationId getClusterStatus): `changeStatus` is `PENDING`
   * until Atlas has applied every change made to the cluster, then `APPLIED`. Right after a PATCH the cluster
   * itself can still read IDLE with its old settings; this says whether the change is in.
   */
  public getClusterStatus(groupId: string, name: string): Promise<ClusterStatusWire> {
    return this.atlas.callJson<ClusterStatusWire>({
      method: 'GET',
      path: atlasPath`/groups/${groupId}/clusters/${name}/status`,
      version: ATLAS_API_VERSIONS.clusterStatus,
    });
  }

  /** `POST /groups/{groupId}/clusters` (201). Repeated only when it cannot have arrived: GET before re-creating. */
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

  /**
   * `DELETE /groups/{groupId}/clusters/{name}` (202). Done as well when the cluster is gone (404) or Atlas is
   * already deleting it (`CLUSTER_ALREADY_REQUESTED_DELETION`).
   */
  public async deleteCluster(groupId: string, name: string, options: { retainBackups?: boolean } = {}): Promise<void> {
    try {
      await this.atlas.call({
        method: 'DELETE',
        path: atlasPath`/groups/${groupId}/clusters/${name}`,
        version: ATLAS_API_VERSIONS.clusterDelete,
        query: { retainBackups: options.retainBackups },
      });
    } catch (err) {
      if (isNotFound(err) || isAtlasError(err, CLUSTER_ALREADY_REQUESTED_DELETION)) return;
      throw err;
    }
  }
}
