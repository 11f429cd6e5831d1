/**
 * DEP-RST-7: a point-in-time restore replays the oplog with the project's current key, so that key must be valid
 * (besides the snapshot's own key, DEP-RST-2), and the source cluster must have continuous cloud backup on.
 */
import { providerKeyState } from '../../../core/atlas/providers';
import { currentKey, describeKey } from '../../key-ref';
import { line, type RestoreCheck } from '../check';
import type { RestoreCheckLine } from '../facts';
import { keyAccessLine, keyFix } from '../key-advice';

/** Only for point-in-time restores: `pitEnabled` on the source, then the current key's state. */
export const checkPitCurrentKey: RestoreCheck = ({ facts, snapshotKey }) => {
  if (!facts.pointInTime) return [];
  const out: RestoreCheckLine[] = [];
  if (facts.sourceCluster && facts.sourceCluster.pitEnabled === false) {
    out.push(
      line(
        'DEP-RST-7',
        'fail',
        `source cluster "${facts.sourceClusterName}" does not have continuous cloud backup (pitEnabled) on`,
        'Use a snapshot restore, or enable pitEnabled for future point-in-time restores.',
      ),
    );
  }
  const provider = snapshotKey.provider;
  if (!provider) return out;
  const state = providerKeyState(facts.sourceEncryption, provider);
  const cur = currentKey(facts.sourceEncryption, provider);
  const access = facts.currentKeyAccess;
  if (!state.enabled || !cur) {
    out.push(
      line(
        'DEP-RST-7',
        'fail',
        `a point-in-time restore needs the current ${provider} key valid, but ${provider} is not enabled on source project ${facts.sourceProjectId}`,
        `Enable the ${provider} key configuration on the source project first.`,
      ),
    );
  } else if (state.valid !== true) {
    const known = access && access.status !== 'usable' && access.status !== 'unverified';
    out.push(
      line(
        'DEP-RST-7',
        'fail',
        `a point-in-time restore needs the current ${provider} key valid, but Atlas reports the current key ${cur.keyId} as not valid`,
        `Restore access to ${describeKey(cur)} first (DEP-KEY-1)` +
          (known
            ? `: ${keyFix(cur, access)}`
            : ', then wait for Atlas to report valid: true (it re-checks every 15 minutes).'),
      ),
    );
  } else if (access && access.status !== 'usable') {
    out.push(keyAccessLine('DEP-RST-7', 'the current key', cur, access));
  } else {
    out.push(line('DEP-RST-7', 'pass', `the current ${provider} key ${cur.keyId} is valid`));
  }
  return out;
};
