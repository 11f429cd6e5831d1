/**
 * Which unexpired snapshots may still need a provider's key (DEP-KEEP-1), cluster by cluster, and which clusters
 * could not be judged. Snapshots are not re-encrypted when a project's key changes, and Atlas exposes only an opaque
 * `masterKeyUUID` on a snapshot (it documents no mapping to a customer key), so snapshots of clusters now on NONE
 * are attributed to the provider being checked.
 *
 * What Atlas documents (Admin API v2), and how each case is handled:
 * - `GET /groups/{groupId}/clusters?includeDeletedWithRetainedBackups=true` also returns deleted clusters whose
 *   backups were retained; they are read like live ones.
 * - `GET /groups/{groupId}/clusters/{name}/backup/snapshots` (listBackupSnapshots) returns a replica set's Cloud
 *   Backup snapshots; it documents 400 and 404 answers without saying when (unverified), and for a deleted cluster
 *   with retained backups a 404 does not mean it has none. So any answer but a 200 makes the cluster `unknown`,
 *   never 0; the record and the output say so.
 * - Sharded clusters' snapshots are listed by `…/backup/snapshots/shardedClusters` (listBackupShardedClusters),
 *   which AtlasApi does not call: a sharded cluster is `unknown`.
 * - Shared tiers cannot use encryption at rest with a customer key ("This feature isn't available for M0 free
 *   clusters, M2, M5, or serverless clusters", updateGroupEncryptionAtRest), so none of their snapshots needs a key:
 *   skipped.
 * - A cluster with Cloud Backup off whose snapshots cannot be read is skipped: "Atlas deletes any stored snapshots
 *   when you disable backup for a cluster" (MongoDB Atlas docs, Cloud Provider Snapshots). Its snapshots are still
 *   counted when Atlas lists them.
 */
import type { AtlasApi } from '../../../../atlas/api';
import type { ClusterWire, KeyProvider, SnapshotWire } from '../../../../core/atlas';
import { atlasErrorCode, atlasStatus, isTransient } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';

/** Snapshots on one cluster that may need a provider's key. */
export interface SnapshotsNeedingKey {
  readonly cluster: string;
  readonly snapshots: number;
  /** Latest `expiresAt` among them. */
  readonly latestExpiresAt?: string;
  /** True when one of them has no expiry. */
  readonly neverExpires: boolean;
}

/** A cluster the scan did not count, and why. */
export interface ClusterNotCounted {
  readonly cluster: string;
  readonly reason: string;
}

/** The result of {@link scanSnapshots}. */
export interface SnapshotScan {
  /** Clusters with snapshots that may need the key. */
  readonly needing: readonly SnapshotsNeedingKey[];
  /** Clusters that cannot hold such snapshots (shared tier; Cloud Backup off). */
  readonly skipped: readonly ClusterNotCounted[];
  /** Clusters whose snapshots could not be read: they may hold such snapshots. */
  readonly unknown: readonly ClusterNotCounted[];
}

/** Whether a cluster may hold snapshots taken with provider `p`'s key. */
function mayHoldSnapshotsOf(cluster: ClusterWire, p: KeyProvider): boolean {
  const used = cluster.encryptionAtRestProvider;
  // A cluster at NONE (or unknown) may have been switched away from p; its older snapshots still need p's key.
  return used === p || used === 'NONE' || used === undefined;
}

/** Region providers of shared tiers (`TENANT` names M0/M2/M5; Flex and serverless are their own providers). */
const SHARED_PROVIDERS = ['TENANT', 'FLEX', 'SERVERLESS'];

function regionProviders(cluster: ClusterWire): string[] {
  return (cluster.replicationSpecs ?? []).flatMap((rs) => (rs.regionConfigs ?? []).map((rc) => rc.providerName));
}

/** `404 CLUSTER_NOT_FOUND`, `no answer`, … */
function answerOf(err: unknown): string {
  const status = atlasStatus(err);
  if (status === undefined) return err instanceof Error ? err.name : 'error';
  return status === 0
    ? `no answer (${atlasErrorCode(err) ?? 'connection error'})`
    : `${status} ${atlasErrorCode(err) ?? ''}`.trim();
}

/** Scans every cluster (deleted ones with retained backups included) for snapshots that may need `p`'s key. */
export async function scanSnapshots(
  api: AtlasApi,
  projectId: string,
  p: KeyProvider,
  now: number,
): Promise<SnapshotScan> {
  const clusters = await api.listClusters(projectId, { includeDeletedWithRetainedBackups: true });
  const needing: SnapshotsNeedingKey[] = [];
  const skipped: ClusterNotCounted[] = [];
  const unknown: ClusterNotCounted[] = [];
  for (const cluster of clusters) {
    if (!mayHoldSnapshotsOf(cluster, p)) continue;
    const providers = regionProviders(cluster);
    if (providers.some((x) => SHARED_PROVIDERS.includes(x))) {
      skipped.push({ cluster: cluster.name, reason: 'shared tier: no encryption at rest with a customer key' });
      continue;
    }
    if (cluster.clusterType === 'SHARDED' || cluster.clusterType === 'GEOSHARDED') {
      unknown.push({ cluster: cluster.name, reason: 'sharded: its snapshots are not read by this handler' });
      continue;
    }
    let snapshots: SnapshotWire[];
    try {
      snapshots = await api.listSnapshots(projectId, cluster.name);
    } catch (err) {
      if (cluster.backupEnabled === false && !isTransient(err)) {
        skipped.push({ cluster: cluster.name, reason: `Cloud Backup off, snapshots not listed (${answerOf(err)})` });
      } else {
        unknown.push({ cluster: cluster.name, reason: `snapshots could not be read (${answerOf(err)})` });
      }
      continue;
    }
    const live = snapshots.filter(
      (s) => s.masterKeyUUID && s.status !== 'failed' && (!s.expiresAt || Date.parse(s.expiresAt) > now),
    );
    if (live.length === 0) continue;
    const expiries = live.map((s) => s.expiresAt).filter((e): e is string => !!e);
    needing.push({
      cluster: cluster.name,
      snapshots: live.length,
      latestExpiresAt: expiries.sort().at(-1),
      neverExpires: expiries.length < live.length,
    });
  }
  return { needing, skipped, unknown };
}

/** `a (why), b (why)`, at most three named. */
export function describeClusters(list: readonly ClusterNotCounted[]): string {
  const named = list.slice(0, 3).map((c) => `${c.cluster} (${c.reason})`);
  return list.length > 3 ? `${named.join(', ')} and ${list.length - 3} more` : named.join(', ');
}

/** Logs what the scan could not count, so the output says why a cluster was left out or is unknown. */
export function logScan(ctx: HandlerContext, p: KeyProvider, scan: SnapshotScan): void {
  if (scan.skipped.length > 0) {
    ctx.log.info(`DEP-KEEP-1: ${p}: clusters left out of the snapshot check: ${describeClusters(scan.skipped)}`);
  }
  if (scan.unknown.length > 0) {
    ctx.log.warn(
      `DEP-KEEP-1: ${p}: the snapshots of ${describeClusters(scan.unknown)} could not be checked; they may need the previous key`,
    );
  }
}

/**
 * The date until which the previous key must stay enabled: `indefinitely…` when a snapshot never expires,
 * `unknown…` when a cluster's snapshots could not be read, otherwise the latest expiry, or `none`.
 */
export function retainUntilOf(scan: SnapshotScan): string {
  if (scan.needing.some((n) => n.neverExpires)) return 'indefinitely (a snapshot has no expiry)';
  const latest = scan.needing
    .map((n) => n.latestExpiresAt)
    .filter((e): e is string => !!e)
    .sort()
    .at(-1);
  if (scan.unknown.length > 0) {
    const names = scan.unknown.map((u) => u.cluster);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    return `unknown (snapshots of ${shown} could not be read${latest ? `; latest known expiry ${latest}` : ''})`;
  }
  return latest ?? 'none';
}
