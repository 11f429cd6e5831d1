/**
 * DEP-RST-4: an encrypted snapshot restores only to a cluster that uses a customer key, and a plain snapshot only
 * to one that does not (`encryptionAtRestProvider` NONE).
 */
import { line, type RestoreCheck } from '../check';

/** Fails when the snapshot and the target disagree on using a customer key. */
export const checkEncryptionMatch: RestoreCheck = ({
  facts,
  snapshotKey,
  target,
  targetProvider,
  targetKeyProvider,
}) => {
  if (!facts.targetCluster) return [];
  const targetEncrypted = targetKeyProvider !== undefined;
  if (snapshotKey.encrypted !== false && !targetEncrypted) {
    return [
      line(
        'DEP-RST-4',
        'fail',
        `${target} does not use a customer key (encryptionAtRestProvider ${targetProvider}), but the snapshot is encrypted with one`,
        `Enable encryption at rest with ${snapshotKey.provider ?? 'the same provider'} on the target cluster first (and wait for IDLE), then restore.`,
      ),
    ];
  }
  if (snapshotKey.encrypted === false && targetEncrypted) {
    return [
      line(
        'DEP-RST-4',
        'fail',
        `${target} uses a customer key (${targetProvider}), but the snapshot is not encrypted with one`,
        'Restore to a cluster whose encryptionAtRestProvider is NONE.',
      ),
    ];
  }
  return [
    line(
      'DEP-RST-4',
      'pass',
      snapshotKey.encrypted === false
        ? `${target} and the snapshot both use no customer key`
        : `${target} is encrypted with a customer key`,
    ),
  ];
};
