/**
 * DEP-RST-6: the target fits the snapshot. An encrypted snapshot restores only to a replica set on a dedicated tier
 * (M10 or larger: core's SYN-TIER-1, judged on the live cluster through core's translator); any snapshot needs the
 * same or a newer MongoDB version.
 */
import { ClusterType, errorsOf, RuleReporter } from '../../../core';
import { clusterSpecFromWire } from '../../../core/atlas/cluster';
import { checkTier } from '../../../core/rules/cluster-shape';
import { compareMongoVersions } from '../../mongodb-version';
import { line, type RestoreCheck } from '../check';
import type { RestoreCheckLine } from '../facts';

/** Topology and tier (encrypted snapshots only), then the MongoDB version. */
export const checkTargetShape: RestoreCheck = ({ facts, snapshotKey, target, targetProvider }) => {
  const cluster = facts.targetCluster;
  if (!cluster) return [];
  const out: RestoreCheckLine[] = [];
  // The replica-set and tier limits are rules of encrypted snapshots, not of plain ones.
  if (snapshotKey.encrypted !== false) {
    const topology = cluster.clusterType ?? ClusterType.REPLICASET;
    out.push(
      topology !== ClusterType.REPLICASET
        ? line(
            'DEP-RST-6',
            'fail',
            `${target} is ${topology}: an encrypted snapshot restores only to a replica set`,
            'Restore to a REPLICASET cluster.',
          )
        : line('DEP-RST-6', 'pass', `${target} is a replica set`),
    );
    const tier = new RuleReporter();
    checkTier(
      clusterSpecFromWire(cluster, { encryptionProvider: snapshotKey.provider ?? targetProvider ?? 'NONE' }),
      tier,
    );
    const tierErrors = errorsOf(tier.result());
    out.push(
      tierErrors.length > 0
        ? line(
            'DEP-RST-6',
            'fail',
            `${target} is below M10: ${tierErrors.map((v) => v.message).join('; ')}`,
            'Scale the target to a dedicated tier, M10 or larger, before restoring.',
          )
        : line('DEP-RST-6', 'pass', `${target} is on a dedicated tier (M10 or larger)`),
    );
  }
  const sourceVersion =
    facts.snapshot.mongodVersion ?? facts.sourceCluster?.mongoDBVersion ?? facts.sourceCluster?.mongoDBMajorVersion;
  const targetVersion = cluster.mongoDBVersion ?? cluster.mongoDBMajorVersion;
  const cmp = compareMongoVersions(targetVersion, sourceVersion);
  if (cmp === undefined) {
    out.push(
      line(
        'DEP-RST-6',
        'warn',
        `cannot compare MongoDB versions (snapshot: ${sourceVersion ?? 'unknown'}, target: ${targetVersion ?? 'unknown'})`,
        'Make sure the target runs the same or a newer MongoDB version than the snapshot.',
      ),
    );
  } else if (cmp < 0) {
    out.push(
      line(
        'DEP-RST-6',
        'fail',
        `${target} runs MongoDB ${targetVersion}, lower than the snapshot's ${sourceVersion}`,
        `Upgrade the target to MongoDB ${sourceVersion} or newer, or restore to another cluster.`,
      ),
    );
  } else {
    out.push(
      line(
        'DEP-RST-6',
        'pass',
        `${target} runs MongoDB ${targetVersion}, not lower than the snapshot's ${sourceVersion}`,
      ),
    );
  }
  return out;
};
