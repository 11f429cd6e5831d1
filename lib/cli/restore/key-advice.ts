/**
 * What to tell the user about a key the restore needs: a verdict line from what its KMS said, and the exact
 * commands to fix or verify it per provider and state. Used by DEP-RST-2 (the snapshot's key) and DEP-RST-7 (the
 * current key of a point-in-time restore).
 */
import { atlasRegionToAws } from '../../core';
import { describeKey, KeyAccess, KeyRef } from '../key-ref';
import type { RestoreCheckLine, RestoreLineId } from './facts';
import { line } from './check';

/** What to do about a key that is not usable, per provider and state. */
export function keyFix(key: KeyRef, access: KeyAccess): string {
  if (key.provider === 'AWS') {
    const region = key.region ? ` --region ${atlasRegionToAws(key.region)}` : '';
    const id = `--key-id ${key.keyId}${region}`;
    switch (access.keyState) {
      case 'PendingDeletion':
      case 'PendingReplicaDeletion':
        return (
          `Cancel the deletion${access.deletionDate ? ` before ${access.deletionDate}` : ''} and re-enable the key: ` +
          `aws kms cancel-key-deletion ${id} && aws kms enable-key ${id}. Once the key is deleted, every snapshot it encrypted is unrecoverable.`
        );
      case 'Disabled':
        return `Enable the key: aws kms enable-key ${id}. Then wait for Atlas to re-validate it (up to 15 minutes).`;
      case 'PendingImport':
        return `Import the key material again (aws kms import-key-material ${id} …), then enable the key.`;
      case 'Unavailable':
        return 'The key lives in a disconnected custom key store: reconnect it (aws kms connect-custom-key-store).';
      default:
        if (access.status === 'not-found') {
          return (
            `Check that the key id, account and region are right (aws kms describe-key ${id}). ` +
            'If the key was deleted, snapshots it encrypted cannot be restored; pick a snapshot taken under a key that still exists.'
          );
        }
        return `Make the key Enabled (aws kms describe-key ${id} shows KeyState).`;
    }
  }
  if (key.provider === 'AZURE') return azureVerify(key.keyId);
  return gcpVerify(key.keyId);
}

/** Exactly what to verify for an Azure key the CLI cannot query. */
export function azureVerify(keyId: string): string {
  // A versionless URL (Atlas resolves it to the latest enabled version) says nothing about the version a snapshot
  // was taken with: every version current since then must still be enabled.
  const versionless = /\/keys\/[^/]+\/?$/.test(keyId);
  return (
    (versionless
      ? `The key identifier ${keyId} is versionless, so the snapshot may need any version that was current when it was taken: ` +
        `list them with az keyvault key list-versions --id ${keyId} and keep each of them enabled. `
      : '') +
    `Verify in Azure: az keyvault key show --id ${keyId} --query "attributes.{enabled:enabled,expires:expires}" ` +
    'must show enabled: true and no past expiry; if the key or version was deleted, recover it (az keyvault key recover) ' +
    'while soft-delete retention lasts; and the identity Atlas uses must still have wrapKey/unwrapKey on the vault ' +
    '(role "Key Vault Crypto Service Encryption User" or an access policy), with the vault firewall allowing Atlas.'
  );
}

/** Exactly what to verify for a Google Cloud key version the CLI cannot query. */
export function gcpVerify(keyId: string): string {
  return (
    `Verify in Google Cloud: gcloud kms keys versions describe ${keyId} --format="value(state)" must print ENABLED ` +
    '(not DISABLED, DESTROY_SCHEDULED or DESTROYED); restore a DESTROY_SCHEDULED version with ' +
    `gcloud kms keys versions restore ${keyId}, then enable it; and Atlas's service account must still hold ` +
    'roles/cloudkms.cryptoKeyEncrypterDecrypter on the key.'
  );
}

/** A verdict line from what the KMS said about a key: pass, fail with the fix, or a manual check. */
export function keyAccessLine(
  id: RestoreLineId,
  what: string,
  key: KeyRef,
  access: KeyAccess | undefined,
): RestoreCheckLine {
  const name = describeKey(key);
  if (!access || access.status === 'unverified') {
    const why = access?.detail ? ` (${access.detail})` : '';
    const verify =
      key.provider === 'AWS'
        ? `Verify with credentials of the key's account: aws kms describe-key --key-id ${key.keyId}` +
          `${key.region ? ` --region ${atlasRegionToAws(key.region)}` : ''} must show KeyState Enabled.`
        : keyFix(key, { status: 'unverified' });
    return line(id, 'manual', `${what} ${name} could not be checked${why}`, verify);
  }
  if (access.status === 'usable')
    return line(id, 'pass', `${what} ${name} is ${access.keyState ?? 'enabled'} and reachable`);
  if (access.status === 'not-found') {
    return line(
      id,
      'fail',
      `${what} ${name} was not found${access.detail ? ` (${access.detail})` : ''}`,
      keyFix(key, access),
    );
  }
  const state = access.keyState ? ` is ${access.keyState}` : ' is not usable';
  const when = access.deletionDate ? ` (deletion scheduled for ${access.deletionDate})` : '';
  return line(id, 'fail', `${what} ${name}${state}${when}: Atlas cannot decrypt with it`, keyFix(key, access));
}
