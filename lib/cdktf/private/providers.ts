/**
 * The prebuilt provider packages, loaded on first use by the construct that needs them: an app that never uses
 * Azure needs none of the Azure packages. Each loader requires one sub-path (loading a provider's index costs
 * seconds) and fails with the package name and its install line when the package is missing. The constructs
 * import the provider classes with `import type` only.
 * @internal
 */
/* eslint-disable @typescript-eslint/no-require-imports -- lazy, on-demand requires are the point of this file */
import { assertPeersInstalled, loadPeer } from '../../core/peers';

const ENTRY = 'atlas-encryption-at-rest/cdktf';
const MONGODBATLAS = '@cdktf/provider-mongodbatlas';
const AZURERM = '@cdktf/provider-azurerm';
const AZUREAD = '@cdktf/provider-azuread';
const TIME = '@cdktf/provider-time';

/** The construct names the missing-peer messages use. */
export const AZURE_KEY = `${ENTRY} AzureKeyVaultEncryptionKey`;

/** The peers of AzureKeyVaultEncryptionKey, checked together so that one error names all that are missing. */
export function assertAzureKeyPeers(): void {
  assertPeersInstalled(AZURE_KEY, [AZURERM, AZUREAD, TIME]);
}

export const mongodbatlas = {
  advancedCluster: () =>
    loadPeer(
      MONGODBATLAS,
      `${ENTRY} EncryptedCluster`,
      () =>
        require('@cdktf/provider-mongodbatlas/lib/advanced-cluster') as typeof import('@cdktf/provider-mongodbatlas/lib/advanced-cluster'),
    ),
  alertConfiguration: () =>
    loadPeer(
      MONGODBATLAS,
      `${ENTRY} AtlasProjectEncryption`,
      () =>
        require('@cdktf/provider-mongodbatlas/lib/alert-configuration') as typeof import('@cdktf/provider-mongodbatlas/lib/alert-configuration'),
    ),
  encryptionAtRest: () =>
    loadPeer(
      MONGODBATLAS,
      `${ENTRY} AtlasProjectEncryption`,
      () =>
        require('@cdktf/provider-mongodbatlas/lib/encryption-at-rest') as typeof import('@cdktf/provider-mongodbatlas/lib/encryption-at-rest'),
    ),
};

export const azurerm = {
  clientConfig: () =>
    loadPeer(
      AZURERM,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azurerm/lib/data-azurerm-client-config') as typeof import('@cdktf/provider-azurerm/lib/data-azurerm-client-config'),
    ),
  existingResourceGroup: () =>
    loadPeer(
      AZURERM,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azurerm/lib/data-azurerm-resource-group') as typeof import('@cdktf/provider-azurerm/lib/data-azurerm-resource-group'),
    ),
  keyVault: () =>
    loadPeer(
      AZURERM,
      AZURE_KEY,
      () => require('@cdktf/provider-azurerm/lib/key-vault') as typeof import('@cdktf/provider-azurerm/lib/key-vault'),
    ),
  keyVaultKey: () =>
    loadPeer(
      AZURERM,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azurerm/lib/key-vault-key') as typeof import('@cdktf/provider-azurerm/lib/key-vault-key'),
    ),
  resourceGroup: () =>
    loadPeer(
      AZURERM,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azurerm/lib/resource-group') as typeof import('@cdktf/provider-azurerm/lib/resource-group'),
    ),
  roleAssignment: () =>
    loadPeer(
      AZURERM,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azurerm/lib/role-assignment') as typeof import('@cdktf/provider-azurerm/lib/role-assignment'),
    ),
};

export const azuread = {
  application: () =>
    loadPeer(
      AZUREAD,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azuread/lib/application') as typeof import('@cdktf/provider-azuread/lib/application'),
    ),
  applicationPassword: () =>
    loadPeer(
      AZUREAD,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azuread/lib/application-password') as typeof import('@cdktf/provider-azuread/lib/application-password'),
    ),
  servicePrincipal: () =>
    loadPeer(
      AZUREAD,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azuread/lib/service-principal') as typeof import('@cdktf/provider-azuread/lib/service-principal'),
    ),
  existingServicePrincipal: () =>
    loadPeer(
      AZUREAD,
      AZURE_KEY,
      () =>
        require('@cdktf/provider-azuread/lib/data-azuread-service-principal') as typeof import('@cdktf/provider-azuread/lib/data-azuread-service-principal'),
    ),
};

export const time = {
  rotating: () =>
    loadPeer(
      TIME,
      AZURE_KEY,
      () => require('@cdktf/provider-time/lib/rotating') as typeof import('@cdktf/provider-time/lib/rotating'),
    ),
  /** `usedBy`: the construct named in the missing-peer message. */
  sleep: (usedBy: string = AZURE_KEY) =>
    loadPeer(
      TIME,
      usedBy,
      () => require('@cdktf/provider-time/lib/sleep') as typeof import('@cdktf/provider-time/lib/sleep'),
    ),
};

const AWS = '@cdktf/provider-aws';
export const AWS_KEY = `${ENTRY} AwsKmsEncryptionKey`;

/** The peers of AwsKmsEncryptionKey, checked together so that one error names all that are missing. */
export function assertAwsKeyPeers(): void {
  assertPeersInstalled(AWS_KEY, [AWS, TIME]);
}

export const aws = {
  kmsKey: () =>
    loadPeer(
      AWS,
      AWS_KEY,
      () => require('@cdktf/provider-aws/lib/kms-key') as typeof import('@cdktf/provider-aws/lib/kms-key'),
    ),
  kmsAlias: () =>
    loadPeer(
      AWS,
      AWS_KEY,
      () => require('@cdktf/provider-aws/lib/kms-alias') as typeof import('@cdktf/provider-aws/lib/kms-alias'),
    ),
  iamRole: () =>
    loadPeer(
      AWS,
      AWS_KEY,
      () => require('@cdktf/provider-aws/lib/iam-role') as typeof import('@cdktf/provider-aws/lib/iam-role'),
    ),
  iamRolePolicy: () =>
    loadPeer(
      AWS,
      AWS_KEY,
      () =>
        require('@cdktf/provider-aws/lib/iam-role-policy') as typeof import('@cdktf/provider-aws/lib/iam-role-policy'),
    ),
};

/** Atlas cloud-provider-access resources; `usedBy` names the key construct in the missing-peer message. */
export const mongodbatlasAccess = {
  setup: (usedBy: string) =>
    loadPeer(
      MONGODBATLAS,
      usedBy,
      () =>
        require('@cdktf/provider-mongodbatlas/lib/cloud-provider-access-setup') as typeof import('@cdktf/provider-mongodbatlas/lib/cloud-provider-access-setup'),
    ),
  authorization: (usedBy: string) =>
    loadPeer(
      MONGODBATLAS,
      usedBy,
      () =>
        require('@cdktf/provider-mongodbatlas/lib/cloud-provider-access-authorization') as typeof import('@cdktf/provider-mongodbatlas/lib/cloud-provider-access-authorization'),
    ),
};

const GOOGLE = '@cdktf/provider-google';
export const GOOGLE_KEY = `${ENTRY} GoogleCloudKmsEncryptionKey`;

/** The peers of GoogleCloudKmsEncryptionKey, checked together so that one error names all that are missing. */
export function assertGoogleKeyPeers(): void {
  assertPeersInstalled(GOOGLE_KEY, [GOOGLE, TIME]);
}

export const google = {
  kmsKeyRing: () =>
    loadPeer(
      GOOGLE,
      GOOGLE_KEY,
      () =>
        require('@cdktf/provider-google/lib/kms-key-ring') as typeof import('@cdktf/provider-google/lib/kms-key-ring'),
    ),
  existingKmsKeyRing: () =>
    loadPeer(
      GOOGLE,
      GOOGLE_KEY,
      () =>
        require('@cdktf/provider-google/lib/data-google-kms-key-ring') as typeof import('@cdktf/provider-google/lib/data-google-kms-key-ring'),
    ),
  kmsCryptoKey: () =>
    loadPeer(
      GOOGLE,
      GOOGLE_KEY,
      () =>
        require('@cdktf/provider-google/lib/kms-crypto-key') as typeof import('@cdktf/provider-google/lib/kms-crypto-key'),
    ),
  existingKmsCryptoKey: () =>
    loadPeer(
      GOOGLE,
      GOOGLE_KEY,
      () =>
        require('@cdktf/provider-google/lib/data-google-kms-crypto-key') as typeof import('@cdktf/provider-google/lib/data-google-kms-crypto-key'),
    ),
  kmsCryptoKeyIamMember: () =>
    loadPeer(
      GOOGLE,
      GOOGLE_KEY,
      () =>
        require('@cdktf/provider-google/lib/kms-crypto-key-iam-member') as typeof import('@cdktf/provider-google/lib/kms-crypto-key-iam-member'),
    ),
};

/** Private networking: one Atlas-side endpoint per provider and region (loaded only when a project asks for it). */
export const mongodbatlasPrivateNetworking = {
  endpoint: () =>
    loadPeer(
      MONGODBATLAS,
      `${ENTRY} AtlasProjectEncryption`,
      () =>
        require('@cdktf/provider-mongodbatlas/lib/encryption-at-rest-private-endpoint') as typeof import('@cdktf/provider-mongodbatlas/lib/encryption-at-rest-private-endpoint'),
    ),
};
