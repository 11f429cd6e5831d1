/**
 * DEP-RST-3: an encrypted snapshot restores to a cluster that uses the same key provider; a cluster changes
 * provider only through NONE (DEP-SW-1).
 */
import { line, type RestoreCheck } from '../check';

/** Compares the snapshot's provider with the target's; silent when either uses no key. */
export const checkSameProvider: RestoreCheck = ({ facts, snapshotKey, target, targetKeyProvider }) => {
  const wanted = snapshotKey.provider;
  if (!facts.targetCluster || !wanted || !targetKeyProvider) return [];
  if (targetKeyProvider !== wanted) {
    return [
      line(
        'DEP-RST-3',
        'fail',
        `${target} uses provider ${targetKeyProvider}, but the snapshot was encrypted with ${wanted}`,
        `Restore to a cluster that uses ${wanted}, or switch the target to ${wanted} first (through NONE, DEP-SW-1).`,
      ),
    ];
  }
  return [line('DEP-RST-3', 'pass', `${target} uses the same provider as the snapshot (${targetKeyProvider})`)];
};
