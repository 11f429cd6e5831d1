/**
 * Which unexpired snapshots may still need a provider's key (DEP-KEEP-1). Snapshots are not re-encrypted when a
 * project's key changes, and Atlas exposes only an opaque `masterKeyUUID` on a snapshot (it documents no mapping to
 * a customer key), so snapshots of clusters now on NONE are attributed to the provider being checked.
 */
import type { AtlasApi } from '../../../../atlas/api';
import type { ClusterWire, KeyProvider, SnapshotWire } from '../../../../core/atlas';
import { atlasStatus, hasErrorCode } from '../../runtime/atlas-errors';

/** Snapshots on one cluster that may need a provider's key. */
export interface SnapshotsNeedingKey {
  readonly cluster: string;
  readonly snapshots: number;
  readonly latestExpiresAt?: string;
}

/** Whether a cluster may hold snapshots taken with provider `p`'s key. */
function mayHoldSnapshotsOf(cluster: ClusterWire, p: KeyProvider): boolean {
  const used = cluster.encryptionAtRestProvider;
  // A cluster at NONE (or unknown) may have been switched away from p; its older snapshots still need p's key.
  return used === p || used === 'NONE' || used === undefined;
}

/**
 * Lists, per cluster (deleted clusters with retained backups included), the unexpired snapshots that carry a
 * customer-key marker (`masterKeyUUID`) and may need provider `p`'s key.
 */
export async function snapshotsNeedingKey(
  api: AtlasApi,
  projectId: string,
  p: KeyProvider,
  now: number,
): Promise<SnapshotsNeedingKey[]> {
  const clusters = await api.listClusters(projectId, { includeDeletedWithRetainedBackups: true });
  const out: SnapshotsNeedingKey[] = [];
  for (const cluster of clusters) {
    if (!mayHoldSnapshotsOf(cluster, p)) continue;
    let snapshots: SnapshotWire[];
    try {
      snapshots = await api.listSnapshots(projectId, cluster.name);
    } catch (err) {
      if (atlasStatus(err) === 404 || hasErrorCode(err, 'CLUSTER_NOT_FOUND', 'RESOURCE_NOT_FOUND')) continue;
      throw err;
    }
    const live = snapshots.filter(
      (s) => s.masterKeyUUID && s.status !== 'failed' && (!s.expiresAt || Date.parse(s.expiresAt) > now),
    );
    if (live.length === 0) continue;
    const expiries = live.map((s) => s.expiresAt).filter((e): e is string => !!e);
    const latest = expiries.sort().at(-1);
    out.push({ cluster: cluster.name, snapshots: live.length, latestExpiresAt: latest });
  }
  return out;
}

/** The date until which the previous key of `p` must stay enabled, or `none`. */
export async function retainUntil(api: AtlasApi, projectId: string, p: KeyProvider, now: number): Promise<string> {
  const needs = await snapshotsNeedingKey(api, projectId, p, now);
  if (needs.length === 0) return 'none';
  if (needs.some((n) => !n.latestExpiresAt)) return 'indefinitely (a snapshot has no expiry)';
  return needs
    .map((n) => n.latestExpiresAt as string)
    .sort()
    .at(-1) as string;
}
