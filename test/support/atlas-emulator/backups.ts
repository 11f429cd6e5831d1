/**
 * `/groups/{groupId}/clusters/{clusterName}/backup/{snapshots,restoreJobs}`: cloud backup snapshots and restores
 * (listGroupClusterBackupSnapshots, getGroupClusterBackupSnapshot, createGroupClusterBackupRestoreJob,
 * listGroupClusterBackupRestoreJobs, getGroupClusterBackupRestoreJob). Shapes follow DiskBackupReplicaSet and
 * DiskBackupSnapshotRestoreJob. Snapshots are taken by tests (`takeSnapshot`), not by a schedule.
 */
import { createHash } from 'node:crypto';
import type { RestoreJobWire, SnapshotWire } from '../../../lib/core/atlas/wire';
import { isoAt, newId, type EmulatedProvider, type Env } from './common';
import { AtlasHttpError, badRequest, missingAttribute } from './errors';
import type { ProjectState } from './project';

/** A snapshot as stored: the wire shape plus the key it was taken with. */
export interface SnapshotRecord {
  readonly wire: SnapshotWire;
  readonly clusterName: string;
  /** Cluster provider at snapshot time. */
  readonly provider: EmulatedProvider | 'NONE';
  /** Key reference in effect (AWS key id/ARN, Azure key URL, GCP key version), if encrypted. */
  readonly keyRef?: string;
}

/** A restore job as stored. */
export interface RestoreJobRecord {
  wire: RestoreJobWire & { clusterName: string };
  finishAt: number;
  failOnFinish: boolean;
}

/** Snapshot options of {@link Backups.takeSnapshot}. */
export interface TakeSnapshotOptions {
  retentionDays?: number;
  frequencyType?: string;
  status?: string;
}

/**
 * Deterministic per (project, provider, key): a new key gives a new masterKeyUUID. DiskBackupReplicaSet documents
 * masterKeyUUID as the key that encrypted the snapshot; how Atlas derives it is unverified.
 */
export function masterKeyUuid(groupId: string, provider: string, keyRef: string): string {
  const h = createHash('sha256').update(`${groupId}|${provider}|${keyRef}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Snapshots and restore jobs of one project. */
export class Backups {
  /** Snapshots, newest last. */
  public readonly snapshots: SnapshotRecord[] = [];
  /** Restore jobs. */
  public readonly restoreJobs: RestoreJobRecord[] = [];

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /** Applies due transitions (restore jobs finish or fail). */
  public advance(force: boolean): void {
    const now = this.env.now();
    for (const j of this.restoreJobs) {
      if (j.wire.finishedAt === undefined && !j.wire.failed && (force || j.finishAt <= now)) {
        if (j.failOnFinish) j.wire.failed = true;
        else j.wire.finishedAt = isoAt(Math.max(now, j.finishAt));
      }
    }
  }

  /** Forgets a cluster's snapshots (the cluster was deleted without retaining backups). */
  public dropSnapshotsOf(clusterName: string): void {
    this.snapshots.splice(0, this.snapshots.length, ...this.snapshots.filter((s) => s.clusterName !== clusterName));
  }

  /** Takes a snapshot of a cluster now, recording the project key in effect for the cluster's provider. */
  public takeSnapshot(clusterName: string, options: TakeSnapshotOptions = {}): SnapshotWire {
    const groupId = this.project.groupId;
    const cluster = this.project.family.clusters.findIncludingDeleted(clusterName);
    if (!cluster) throw new Error(`emulator: no cluster ${clusterName} in ${groupId}`);
    const provider = (cluster.wire.encryptionAtRestProvider ?? 'NONE') as EmulatedProvider | 'NONE';
    const keyRef = provider === 'NONE' ? undefined : this.project.family.encryptionAtRest.keyRef(provider);
    const created = this.env.now();
    const wire: SnapshotWire & { replicaSetName: string } = {
      id: newId(),
      createdAt: isoAt(created),
      expiresAt: isoAt(created + (options.retentionDays ?? 7) * 86_400_000),
      status: options.status ?? 'completed',
      snapshotType: 'scheduled',
      frequencyType: options.frequencyType ?? 'daily',
      cloudProvider: cluster.wire.replicationSpecs?.[0]?.regionConfigs?.[0]?.providerName ?? 'AWS',
      mongodVersion: cluster.wire.mongoDBVersion,
      replicaSetName: clusterName,
      type: cluster.wire.clusterType === 'SHARDED' ? 'shardedCluster' : 'replicaSet',
      masterKeyUUID: keyRef ? masterKeyUuid(groupId, provider, keyRef) : undefined,
    };
    this.snapshots.push({ wire, clusterName, provider, keyRef });
    return { ...wire };
  }

  /**
   * Snapshots of a cluster (live, or deleted with retained backups: `retainBackups` on delete), oldest first;
   * 404 CLUSTER_NOT_FOUND for an unknown cluster (error-code list).
   */
  public snapshotsOf(clusterName: string): SnapshotRecord[] {
    if (!this.project.family.clusters.findIncludingDeleted(clusterName))
      throw new AtlasHttpError(
        404,
        'CLUSTER_NOT_FOUND',
        `No cluster named ${clusterName} exists in group ${this.project.groupId}.`,
        [clusterName, this.project.groupId],
      );
    return this.snapshots.filter((s) => s.clusterName === clusterName);
  }

  /** `GET …/backup/snapshots`: newest first. */
  public listSnapshots(clusterName: string): SnapshotWire[] {
    return this.snapshotsOf(clusterName)
      .map((s) => ({ ...s.wire }))
      .reverse();
  }

  /** `GET …/backup/snapshots/{snapshotId}`; SNAPSHOT_NOT_FOUND (404): error-code list. */
  public getSnapshot(clusterName: string, snapshotId: string): SnapshotWire {
    const s = this.snapshotsOf(clusterName).find((x) => x.wire.id === snapshotId);
    if (!s)
      throw new AtlasHttpError(
        404,
        'SNAPSHOT_NOT_FOUND',
        `No snapshot with ID ${snapshotId} exists for cluster ${clusterName}.`,
        [snapshotId],
      );
    return { ...s.wire };
  }

  /** `GET …/backup/restoreJobs`. */
  public listRestoreJobs(clusterName: string): RestoreJobWire[] {
    return this.restoreJobs
      .filter((j) => j.wire.clusterName === clusterName)
      .map(({ wire: { clusterName: _c, ...w } }) => w);
  }

  /** `GET …/backup/restoreJobs/{restoreJobId}`; RESTORE_JOB_NOT_FOUND (404): error-code list. */
  public getRestoreJob(clusterName: string, id: string): RestoreJobWire {
    const j = this.restoreJobs.find((x) => x.wire.id === id && x.wire.clusterName === clusterName);
    if (!j)
      throw new AtlasHttpError(
        404,
        'RESTORE_JOB_NOT_FOUND',
        `No restore job with ID ${id} exists for cluster ${clusterName}.`,
        [id, clusterName],
      );
    const { clusterName: _c, ...w } = j.wire;
    return w;
  }

  /**
   * `POST …/backup/restoreJobs` (200). deliveryType enum automated|download|pointInTime (spec; INVALID_ENUM_VALUE
   * otherwise). Error-code list: CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION ("Cannot download snapshots with
   * Encryption at Rest enabled."), INVALID_SNAPSHOT_RESTORE_ENCRYPTION ("Encryption settings of target cluster and
   * source snapshot are different."). A job whose snapshot key is disabled or deleted fails when it would finish
   * (Atlas needs the key that encrypted the snapshot: https://www.mongodb.com/docs/atlas/security-kms-encryption/;
   * when it reports the failure is unverified).
   */
  public createRestoreJob(clusterName: string, body: RestoreJobWire): RestoreJobWire {
    const source = this.snapshotsOf(clusterName);
    if (!['automated', 'download', 'pointInTime'].includes(body.deliveryType)) {
      throw badRequest(
        'INVALID_ENUM_VALUE',
        `An invalid enumeration value ${String(body.deliveryType)} was specified.`,
        [body.deliveryType],
      );
    }
    let provider: EmulatedProvider | 'NONE';
    let keyRef: string | undefined;
    if (body.deliveryType === 'pointInTime') {
      if (body.pointInTimeUTCSeconds === undefined) {
        throw missingAttribute('pointInTimeUTCSeconds');
      }
      const src = this.project.family.clusters.get(clusterName);
      provider = (src.wire.encryptionAtRestProvider ?? 'NONE') as EmulatedProvider | 'NONE';
      keyRef = provider === 'NONE' ? undefined : this.project.family.encryptionAtRest.keyRef(provider);
    } else {
      const snap = source.find((s) => s.wire.id === body.snapshotId);
      if (!snap)
        throw new AtlasHttpError(
          404,
          'SNAPSHOT_NOT_FOUND',
          `No snapshot with ID ${String(body.snapshotId)} exists for cluster ${clusterName}.`,
          [body.snapshotId],
        );
      provider = snap.provider;
      keyRef = snap.keyRef;
    }
    if (body.deliveryType === 'download' && provider !== 'NONE') {
      throw badRequest(
        'CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION',
        'Cannot download snapshots with Encryption at Rest enabled.',
      );
    }
    if (body.deliveryType !== 'download') {
      if (!body.targetClusterName) {
        throw missingAttribute('targetClusterName');
      }
      const target = this.env
        .project(body.targetGroupId ?? this.project.groupId)
        .family.clusters.get(body.targetClusterName);
      const targetProvider = target.wire.encryptionAtRestProvider ?? 'NONE';
      if (targetProvider !== provider) {
        throw new AtlasHttpError(
          400,
          'INVALID_SNAPSHOT_RESTORE_ENCRYPTION',
          `Encryption settings of target cluster and source snapshot are different (${provider} vs ${targetProvider}).`,
          [provider, targetProvider],
        );
      }
    }
    const job: RestoreJobRecord = {
      wire: {
        ...structuredClone(body),
        id: newId(),
        clusterName,
        failed: false,
        cancelled: false,
        expired: false,
        timestamp: isoAt(this.env.now()),
      } as RestoreJobRecord['wire'],
      finishAt: this.env.now() + this.env.durations.restoreMs,
      // A restore needs the snapshot's key: a disabled or deleted key makes the job fail.
      failOnFinish: keyRef !== undefined && this.env.keyStatus(keyRef) !== 'ENABLED',
    };
    this.restoreJobs.push(job);
    const { clusterName: _c, ...wire } = job.wire;
    return wire;
  }
}
