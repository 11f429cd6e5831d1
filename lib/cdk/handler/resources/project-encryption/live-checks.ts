/**
 * Checks of the live project setting against the spec, made before anything is written: a provider someone else
 * enabled with another identity (DEP-EAR-1), and a key Atlas reports invalid (DEP-KEY-1).
 */
import {
  blockOf,
  type EncryptionAtRestWire,
  keyIdOf,
  type KeyProvider,
  PROVIDER_VOCABULARY,
} from '../../../../core/atlas';
import type { ProjectEncryptionSpecWire } from '../../../custom-resources/properties';
import { KeyValidationError } from '../../runtime/errors';
import { invalidHint } from '../invalid-hint';
import { WHAT } from './spec';

/** Why the live block differs in identity from the spec (only fields Atlas returns are compared). */
export function identityDifference(
  live: EncryptionAtRestWire,
  spec: ProjectEncryptionSpecWire,
  p: KeyProvider,
): string | undefined {
  const b = blockOf(live, p);
  if (!b) return undefined;
  const diffs: string[] = [];
  const cmp = (field: string, have: string | undefined, want: string | undefined): void => {
    if (have && want && have !== want) diffs.push(`${field} ${JSON.stringify(have)} (spec: ${JSON.stringify(want)})`);
  };
  if (p === 'AWS') cmp('roleId', b.roleId, spec.aws?.roleId);
  if (p === 'AZURE') {
    cmp('roleId', b.roleId, spec.azure?.roleId);
    cmp('clientID', b.clientID, spec.azure?.clientId);
    cmp('tenantID', b.tenantID, spec.azure?.tenantId);
  }
  if (p === 'GCP') cmp('roleId', b.roleId, spec.gcp?.roleId);
  return diffs.length > 0 ? diffs.join(', ') : undefined;
}

/** DEP-KEY-1: a key change or disable while Atlas reports the live key invalid is refused before any call. */
export function assertLiveKeyValid(live: EncryptionAtRestWire, p: KeyProvider, what: string): void {
  const b = blockOf(live, p);
  if (b?.enabled === true && b.valid === false) {
    throw new KeyValidationError(
      `${WHAT}: cannot ${what} for ${p}: Atlas reports the current ${PROVIDER_VOCABULARY[p].block} configuration invalid (key ${keyIdOf(b, p) ?? 'unknown'}). ` +
        `Atlas refuses to change the key or disable encryption while the key is unusable: restore key access first (re-enable the key, cancel its deletion, or restore the grant), then deploy again. Hint: ${invalidHint(p, b)}`,
      'DEP-KEY-1',
    );
  }
}
