/** Precondition SNAPSHOT: only a completed snapshot restores (Admin API v2 `DiskBackupReplicaSet.status`). */
import { line, type RestoreCheck } from '../check';
import type { RestoreCheckLine } from '../facts';

/** Fails a snapshot that is not completed; warns about an expiry before its creation time. */
export const checkSnapshotState: RestoreCheck = ({ facts }) => {
  const { snapshot } = facts;
  const out: RestoreCheckLine[] = [];
  if (snapshot.status && snapshot.status !== 'completed') {
    out.push(
      line(
        'SNAPSHOT',
        'fail',
        `snapshot ${snapshot.id} is ${snapshot.status}`,
        'Only a completed snapshot can be restored: pick another.',
      ),
    );
  }
  if (snapshot.expiresAt && Date.parse(snapshot.expiresAt) < Date.parse(snapshot.createdAt)) {
    out.push(line('SNAPSHOT', 'warn', `snapshot ${snapshot.id} has an expiry before its creation time`));
  }
  return out;
};
