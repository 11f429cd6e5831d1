/**
 * Key providers as the handler sees them: which Atlas block each uses, its key reference field,
 * and the provider-specific hint for an invalid configuration (DEP-VAL-1).
 */
import type { AwsKmsWire, AzureKeyVaultWire, EncryptionAtRestWire, GoogleCloudKmsWire } from '../../core/atlas/wire';

/** A key provider (never `NONE`). */
export type KeyProvider = 'AWS' | 'AZURE' | 'GCP';
/** Every key provider, in Atlas order. */
export const KEY_PROVIDERS: readonly KeyProvider[] = ['AWS', 'AZURE', 'GCP'];

/** The Atlas `EncryptionAtRest` block of each provider. */
export const BLOCK = { AWS: 'awsKms', AZURE: 'azureKeyVault', GCP: 'googleCloudKms' } as const;
/** Prefix of the response-data attributes per provider (`AwsValid`, …). */
export const DATA_PREFIX: Record<KeyProvider, string> = { AWS: 'Aws', AZURE: 'Azure', GCP: 'Gcp' };
/** The field that names the key (what a rotation changes). */
export const KEY_FIELD = { AWS: 'customerMasterKeyID', AZURE: 'keyIdentifier', GCP: 'keyVersionResourceID' } as const;

type AnyBlock = AwsKmsWire & AzureKeyVaultWire & GoogleCloudKmsWire;

/** The provider's block of an EncryptionAtRest object. */
export function blockOf(ear: EncryptionAtRestWire | undefined, p: KeyProvider): AnyBlock | undefined {
  return ear?.[BLOCK[p]] as AnyBlock | undefined;
}

/** The key reference inside a provider block. */
export function keyRefOf(block: AnyBlock | undefined, p: KeyProvider): string | undefined {
  const v = block?.[KEY_FIELD[p]];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** True when the provider is enabled in Atlas. */
export function isEnabled(ear: EncryptionAtRestWire | undefined, p: KeyProvider): boolean {
  return blockOf(ear, p)?.enabled === true;
}

/** What to check when Atlas reports `valid: false` (docs/permissions.md). */
export function invalidHint(p: KeyProvider, block: AnyBlock | undefined): string {
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
