/**
 * Key history and snapshot checks (DEP-KEEP-1).
 *
 * Snapshots are not re-encrypted when a project's key changes, so each key change is recorded as a
 * {@link KeyHistoryEntry} together with the date until which the previous key must stay enabled
 * (the latest `expiresAt` among snapshots of the clusters that used it; add the PIT window on top).
 *
 * Where the record lives (the simplest robust option without new infrastructure):
 * - the resource's `Data`: `KeyHistory` (JSON array of the changes this deploy made) and
 *   `RetainPreviousKeysUntil`; the constructs expose them as stack outputs, so `cdk deploy` prints them and
 *   CloudFormation keeps them with the stack;
 * - one structured log line per change, `atlas-ear key-history {"projectId",…}`, in the handler's log group.
 * A custom resource never sees its previous `Data` on Update, so each deploy records the changes it makes and
 * the cumulative history is the sequence of those records. A durable Atlas-side store (e.g. project tags) would
 * need new `AtlasApi` calls; it is a proposed follow-up, not implemented here.
 */
import type { AtlasApi } from '../../atlas/api';
import type { ClusterWire, SnapshotWire } from '../../atlas/types';
import { KEY_FIELD, KeyProvider } from './providers';
import { atlasStatus, hasErrorCode } from './util';

/** One key change on a project. */
export interface KeyHistoryEntry {
  /** Provider whose key changed. */
  readonly provider: KeyProvider;
  /** Atlas field that holds the key reference (`customerMasterKeyID`, `keyIdentifier`, `keyVersionResourceID`). */
  readonly keyId: string;
  /** Previous key reference: keep it enabled until `retainPreviousKeyUntil`. */
  readonly from: string;
  /** New key reference. */
  readonly to: string;
  /** When the handler applied the change (ISO 8601). */
  readonly changedAt: string;
  /** Latest snapshot expiry among clusters that used the previous key, or `none` when there are no such snapshots. */
  readonly retainPreviousKeyUntil: string;
}

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
 * customer-key marker (`masterKeyUUID`) and may need provider `p`'s key. Atlas documents no mapping from
 * `masterKeyUUID` to a customer key (Atlas documents no such mapping), so snapshots of clusters now on another provider are
 * attributed to that provider.
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

/** Builds a key-history entry. */
export function keyChange(
  p: KeyProvider,
  from: string,
  to: string,
  changedAt: number,
  retain: string,
): KeyHistoryEntry {
  return {
    provider: p,
    keyId: KEY_FIELD[p],
    from,
    to,
    changedAt: new Date(changedAt).toISOString(),
    retainPreviousKeyUntil: retain,
  };
}
