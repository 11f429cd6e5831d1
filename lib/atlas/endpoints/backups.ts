/** Cloud backup snapshots and restore jobs: `/groups/{groupId}/clusters/{clusterName}/backup`. */
import type { RestoreJobWire, SnapshotWire } from '../../core/atlas/wire';
import type { AtlasApi } from '../api';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

/** The backup calls of {@link AtlasApi}, plus restore-job polling. */
export class BackupEndpoints implements Pick<AtlasApi, 'listSnapshots' | 'getSnapshot' | 'createRestoreJob'> {
  public constructor(private readonly atlas: AtlasCaller) {}

  /** `GET …/clusters/{clusterName}/backup/snapshots`, every page. */
  public listSnapshots(groupId: string, clusterName: string): Promise<SnapshotWire[]> {
    return this.atlas.listAll<SnapshotWire>(
      atlasPath`/groups/${groupId}/clusters/${clusterName}/backup/snapshots`,
      ATLAS_API_VERSIONS.backup,
    );
  }

  /** `GET …/backup/snapshots/{snapshotId}` (replica set). */
  public getSnapshot(groupId: string, clusterName: string, snapshotId: string): Promise<SnapshotWire> {
    return this.atlas.callJson<SnapshotWire>({
      method: 'GET',
      path: atlasPath`/groups/${groupId}/clusters/${clusterName}/backup/snapshots/${snapshotId}`,
      version: ATLAS_API_VERSIONS.backup,
    });
  }

  /** `POST …/backup/restoreJobs` (200). */
  public createRestoreJob(groupId: string, clusterName: string, body: RestoreJobWire): Promise<RestoreJobWire> {
    return this.atlas.callJson<RestoreJobWire>({
      method: 'POST',
      path: atlasPath`/groups/${groupId}/clusters/${clusterName}/backup/restoreJobs`,
      version: ATLAS_API_VERSIONS.backup,
      body,
    });
  }

  /** `GET …/backup/restoreJobs/{restoreJobId}` (poll until `finishedAt`, `failed`, `cancelled` or `expired`). */
  public getRestoreJob(groupId: string, clusterName: string, restoreJobId: string): Promise<RestoreJobWire> {
    return this.atlas.callJson<RestoreJobWire>({
      method: 'GET',
      path: atlasPath`/groups/${groupId}/clusters/${clusterName}/backup/restoreJobs/${restoreJobId}`,
      version: ATLAS_API_VERSIONS.backup,
    });
  }
}
