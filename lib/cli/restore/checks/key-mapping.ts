/**
 * DEP-KEEP-1 in the restore: every reason the snapshot's key may be guessed rather than read from the key history
 * (Atlas says only `masterKeyUUID`), as a warning that says how to give the CLI the history.
 */
import { keyHistoryParameterName } from '../../../core/atlas/key-history';
import { line, type RestoreCheck } from '../check';

/** One warning per caveat of the snapshot-to-key mapping. */
export const checkKeyMapping: RestoreCheck = ({ facts, snapshotKey }) =>
  snapshotKey.warnings.map((w) =>
    line(
      'DEP-KEEP-1',
      'warn',
      w,
      `Let atlas-ear read the SSM parameter ${keyHistoryParameterName('<project>')} (AWS credentials, the stack's --region), ` +
        `or pass --key-history <file.json> (the stack output KeyHistory), so the CLI checks the key that was current when snapshot ${facts.snapshot.id} was taken.`,
    ),
  );
