/**
 * Atlas's vocabulary for the three key providers, written once: the `EncryptionAtRest` block each uses, the field
 * that names its key, its cloud-provider-access list, its rotation alert, and the error codes Atlas answers while
 * a new grant propagates. The handler, the CLI and both engines read this table; the Atlas emulator keeps its own
 * copy on purpose (it stands in for Atlas).
 */
import type { AnyProviderBlockWire, EncryptionAtRestWire } from './wire';

/** A key provider (Atlas `encryptionAtRestProvider` without `NONE`). */
export type KeyProvider = 'AWS' | 'AZURE' | 'GCP';
/** A cluster's `encryptionAtRestProvider`. */
export type ClusterEncryptionProvider = KeyProvider | 'NONE';

/** What Atlas calls each provider's pieces (Admin API v2 `EncryptionAtRest`, `CloudProviderAccessRoles`). */
export const PROVIDER_VOCABULARY = {
  AWS: {
    block: 'awsKms',
    keyField: 'customerMasterKeyID',
    accessRoles: 'awsIamRoles',
    rotationAlert: 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION',
    dataPrefix: 'Aws',
    title: 'AWS KMS',
  },
  AZURE: {
    block: 'azureKeyVault',
    keyField: 'keyIdentifier',
    accessRoles: 'azureServicePrincipals',
    rotationAlert: 'AZURE_ENCRYPTION_KEY_NEEDS_ROTATION',
    dataPrefix: 'Azure',
    title: 'Azure Key Vault',
  },
  GCP: {
    block: 'googleCloudKms',
    keyField: 'keyVersionResourceID',
    accessRoles: 'gcpServiceAccounts',
    rotationAlert: 'GCP_ENCRYPTION_KEY_NEEDS_ROTATION',
    dataPrefix: 'Gcp',
    title: 'Google Cloud KMS',
  },
} as const;

/** Every key provider, in Atlas's order. */
export const KEY_PROVIDER_NAMES: readonly KeyProvider[] = ['AWS', 'AZURE', 'GCP'];

/** True when the value names a key provider (not `NONE`). */
export function isKeyProvider(value: unknown): value is KeyProvider {
  return typeof value === 'string' && (KEY_PROVIDER_NAMES as readonly string[]).includes(value);
}

/** A live cluster's provider; anything Atlas did not name as a key provider reads as `NONE`. */
export function clusterProviderOf(value: unknown): ClusterEncryptionProvider {
  return isKeyProvider(value) ? value : 'NONE';
}

/** The provider's block of an EncryptionAtRest object. */
export function blockOf(ear: EncryptionAtRestWire | undefined, p: KeyProvider): AnyProviderBlockWire | undefined {
  return ear?.[PROVIDER_VOCABULARY[p].block] as AnyProviderBlockWire | undefined;
}

/** The key reference inside a provider block (AWS key id or ARN, Azure key URL, GCP key version name). */
export function keyIdOf(block: AnyProviderBlockWire | undefined, p: KeyProvider): string | undefined {
  const v = block?.[PROVIDER_VOCABULARY[p].keyField];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** True when the provider is enabled in Atlas. */
export function isEnabled(ear: EncryptionAtRestWire | undefined, p: KeyProvider): boolean {
  return blockOf(ear, p)?.enabled === true;
}

/** Name of the resource attribute that reads `true` while Atlas reports the provider valid (`AwsValid`, …). */
export function validAttributeName(p: KeyProvider): string {
  return `${PROVIDER_VOCABULARY[p].dataPrefix}Valid`;
}

/** The current key of one provider as Atlas reports it. */
export interface ProviderKeyState {
  /** Key provider. */
  readonly provider: KeyProvider;
  /** `enabled` of the block. */
  readonly enabled: boolean;
  /** `valid` of the block (Atlas re-validates every 15 minutes); undefined when Atlas did not say. */
  readonly valid?: boolean;
  /** The key (see {@link keyIdOf}). */
  readonly keyId?: string;
  /** AWS key region, Atlas form. */
  readonly region?: string;
  /** Atlas reaches the key only over private networking. */
  readonly requirePrivateNetworking?: boolean;
}

/** Reads one provider's block out of `GET /encryptionAtRest`. */
export function providerKeyState(ear: EncryptionAtRestWire | undefined, provider: KeyProvider): ProviderKeyState {
  const b = blockOf(ear, provider);
  return {
    provider,
    enabled: b?.enabled === true,
    valid: b?.valid,
    keyId: keyIdOf(b, provider),
    region: provider === 'AWS' ? b?.region || undefined : undefined,
    requirePrivateNetworking: provider === 'GCP' ? undefined : b?.requirePrivateNetworking,
  };
}

/**
 * Codes Atlas answers while a new IAM role or trust policy propagates (DEP-IAM-1/2); terraform-provider-mongodbatlas
 * retries the same set (internal/service/encryptionatrest/resource.go).
 */
export const IAM_PROPAGATION_CODES: readonly string[] = Object.freeze([
  'CANNOT_ASSUME_ROLE',
  'INVALID_AWS_CREDENTIALS',
  'CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED',
]);

/** Codes Atlas answers while an Azure RBAC assignment or a Google Cloud IAM binding propagates (DEP-IAM-3). */
export const CLOUD_GRANT_CODES: readonly string[] = Object.freeze([
  'INVALID_AZURE_CREDENTIALS',
  'NO_PERMISSION_TO_ENCRYPT_DECRYPT',
  'INVALID_GOOGLE_CLOUD_CREDENTIALS',
]);
