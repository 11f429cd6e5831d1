/**
 * What to check when Atlas reports a provider's key configuration `valid: false` (DEP-VAL-1, docs/permissions.md),
 * shared by the project-encryption and encrypted-cluster resources.
 */
import type { AnyProviderBlockWire, KeyProvider } from '../../../core/atlas';

/** The provider-specific hint for an invalid configuration. */
export function invalidHint(p: KeyProvider, block: AnyProviderBlockWire | undefined): string {
  switch (p) {
    case 'AWS':
      return (
        `check that the IAM role authorized for Atlas role ${block?.roleId ?? '(roleId)'} trusts the Atlas AWS account with the project's external id, ` +
        `that it may kms:Encrypt, kms:Decrypt and kms:DescribeKey on key ${block?.customerMasterKeyID ?? ''}, ` +
        `and that the key is enabled (not pending deletion) in region ${block?.region ?? ''}`
      );
    case 'AZURE':
      return (
        `check that the Atlas identity has Key Vault Crypto User and Reader on vault ${block?.keyVaultName ?? ''} ` +
        `(RBAC assignments can take about 10 minutes), that the key ${block?.keyIdentifier ?? ''} is enabled and not expired, ` +
        `that the client secret has not expired, and that the vault firewall admits the Atlas control-plane IPs`
      );
    case 'GCP':
      return (
        `check that the Atlas service account has roles/cloudkms.cryptoKeyEncrypterDecrypter and roles/cloudkms.viewer on the crypto key ` +
        `of ${block?.keyVersionResourceID ?? ''}, and that this key version is enabled (not disabled, destroyed or scheduled for destruction)`
      );
  }
}
