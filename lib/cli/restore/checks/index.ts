/**
 * Every restore check, registered under the id it reports: the preconditions first, then one check per restore
 * rule of the registry (lib/core/catalogue/rule-registry.ts). The `satisfies` makes a restore rule without a check,
 * or a check under an id that is not a restore rule, a compile error.
 */
import type { RuleId } from '../../../core/catalogue/rule-registry';
import type { RestoreCheck } from '../check';
import type { RestorePrecondition } from '../facts';
import { checkAwsKeyRegion } from './aws-key-region';
import { checkEncryptionMatch } from './encryption-match';
import { checkKeyIdentity } from './key-identity';
import { checkKeyMapping } from './key-mapping';
import { checkPitCurrentKey } from './pit-current-key';
import { noteRestoreRole } from './restore-role';
import { checkSameProvider } from './same-provider';
import { checkSnapshotKeyUsable } from './snapshot-key-usable';
import { checkSnapshotState } from './snapshot-state';
import { checkTargetProviderValid } from './target-provider-valid';
import { checkTargetShape } from './target-shape';
import { checkTargetState } from './target-state';

/** The registered restore rules. */
export type RestoreRuleId = Extract<RuleId, `DEP-RST-${string}`>;

/** What must hold before the rules mean anything: the snapshot, the snapshot-to-key mapping, the target. */
export const PRECONDITION_CHECKS = {
  SNAPSHOT: checkSnapshotState,
  'DEP-KEEP-1': checkKeyMapping,
  TARGET: checkTargetState,
} as const satisfies Record<RestorePrecondition | 'DEP-KEEP-1', RestoreCheck>;

/** One check per restore rule, in id order. */
export const RULE_CHECKS = {
  'DEP-RST-1': checkTargetProviderValid,
  'DEP-RST-2': checkSnapshotKeyUsable,
  'DEP-RST-3': checkSameProvider,
  'DEP-RST-4': checkEncryptionMatch,
  'DEP-RST-5': checkAwsKeyRegion,
  'DEP-RST-6': checkTargetShape,
  'DEP-RST-7': checkPitCurrentKey,
  'DEP-RST-8': noteRestoreRole,
  'DEP-RST-9': checkKeyIdentity,
} as const satisfies Record<RestoreRuleId, RestoreCheck>;

/** Every check, in the order the verdict lists them, with the id its lines carry. */
export const RESTORE_CHECKS: ReadonlyArray<readonly [keyof typeof PRECONDITION_CHECKS | RestoreRuleId, RestoreCheck]> =
  [...Object.entries(PRECONDITION_CHECKS), ...Object.entries(RULE_CHECKS)] as Array<
    [keyof typeof PRECONDITION_CHECKS | RestoreRuleId, RestoreCheck]
  >;
