/**
 * Precondition TARGET: the target cluster exists and can take a restore now: not paused, and IDLE (Admin API v2
 * `ClusterDescription20240805.paused`, `stateName`).
 */
import { line, type RestoreCheck } from '../check';

/** Fails a missing or paused target; warns while it is not IDLE. */
export const checkTargetState: RestoreCheck = ({ facts, snapshotKey, target }) => {
  const cluster = facts.targetCluster;
  if (!cluster) {
    const provider = snapshotKey.provider ? ` with encryptionAtRestProvider ${snapshotKey.provider}` : '';
    return [
      line(
        'TARGET',
        'fail',
        `${target} does not exist`,
        `Create it first: an M10+ replica set${provider}, on the same or a newer MongoDB version.`,
      ),
    ];
  }
  if (cluster.paused)
    return [line('TARGET', 'fail', `${target} is paused`, 'Resume the cluster before restoring into it.')];
  if (cluster.stateName && cluster.stateName !== 'IDLE') {
    return [
      line('TARGET', 'warn', `${target} is ${cluster.stateName}`, 'Wait until the cluster is IDLE before restoring.'),
    ];
  }
  return [];
};
