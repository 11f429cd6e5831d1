/**
 * DEP-RST-2: the key that encrypted the snapshot is still enabled and reachable. Snapshots are not re-encrypted
 * when a key changes, so a disabled or deleted earlier key makes its snapshots unrestorable.
 */
import { line, type RestoreCheck } from '../check';
import { keyAccessLine } from '../key-advice';

/** Notes a plain snapshot; fails when the key cannot be told; else judges what its KMS said. */
export const checkSnapshotKeyUsable: RestoreCheck = ({ facts, snapshotKey }) => {
  const { snapshot } = facts;
  if (snapshotKey.encrypted === false) {
    return [
      line('DEP-RST-2', 'info', `snapshot ${snapshot.id} is not encrypted with a customer key: no key is needed`),
    ];
  }
  if (!snapshotKey.provider) {
    return [
      line(
        'DEP-RST-2',
        'fail',
        'cannot tell which key provider encrypted the snapshot',
        'Pass --key-history <file.json> with the records of the key that was current when the snapshot was taken.',
      ),
    ];
  }
  if (!snapshotKey.key) {
    const p = snapshotKey.provider;
    return [
      line(
        'DEP-RST-2',
        'fail',
        `cannot tell which ${p} key encrypted the snapshot: the source project has no enabled ${p} key and no key history record covers ${snapshot.createdAt}`,
        'Pass --key-history <file.json> with the record of the key that was current when the snapshot was taken.',
      ),
    ];
  }
  return [keyAccessLine('DEP-RST-2', "the snapshot's key", snapshotKey.key, facts.snapshotKeyAccess)];
};
