/** DEP-RST-5: across projects, an AWS-encrypted snapshot needs the target project's AWS key in the same region. */
import { providerKeyState } from '../../../core/atlas/providers';
import { awsKeyRegion } from '../../key-ref';
import { line, type RestoreCheck } from '../check';

/** Compares the two AWS key regions of a cross-project restore; silent otherwise. */
export const checkAwsKeyRegion: RestoreCheck = ({ facts, snapshotKey, crossProject, targetKeyProvider }) => {
  if (!facts.targetCluster || !crossProject || targetKeyProvider !== 'AWS' || snapshotKey.provider !== 'AWS') return [];
  const state = providerKeyState(facts.targetEncryption, 'AWS');
  const snapRegion = snapshotKey.key?.region;
  const targetRegion = awsKeyRegion(state.keyId ?? '', state.region);
  if (!snapRegion || !targetRegion) {
    return [
      line(
        'DEP-RST-5',
        'warn',
        `cannot compare AWS key regions across projects (snapshot key: ${snapRegion ?? 'unknown'}, target key: ${targetRegion ?? 'unknown'})`,
        "Make sure the target project's AWS key is in the same region as the snapshot's key.",
      ),
    ];
  }
  if (snapRegion !== targetRegion) {
    return [
      line(
        'DEP-RST-5',
        'fail',
        `across projects the AWS keys must be in the same region: the snapshot's key is in ${snapRegion}, target project ${facts.targetProjectId}'s key in ${targetRegion}`,
        `Restore to a project whose AWS key is in ${snapRegion}.`,
      ),
    ];
  }
  return [line('DEP-RST-5', 'pass', `both AWS keys are in ${snapRegion}`)];
};
