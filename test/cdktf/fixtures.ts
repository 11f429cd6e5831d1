/** Shared fixtures: an Azure key, its project encryption and a cluster. */
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AtlasProjectEncryption,
  AtlasProjectEncryptionProps,
  AzureKeyVaultConfiguration,
  AzureKeyVaultEncryptionKey,
  AzureKeyVaultEncryptionKeyProps,
  CloudProvider,
  EncryptedCluster,
  EncryptedClusterProps,
  EncryptionProvider,
  KeyVaultResourceGroup,
} from 'atlas-encryption-at-rest/cdktf';

export const PROJECT_ID = '5f1e2d3c4b5a69788796a5b4';
export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const SUBSCRIPTION_ID = '66666666-7777-8888-9999-000000000000';
export const CLIENT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const KEY_ID = 'https://ear-vault.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef';

export function azureKey(
  scope: Construct,
  props: Partial<AzureKeyVaultEncryptionKeyProps> = {},
): AzureKeyVaultEncryptionKey {
  return new AzureKeyVaultEncryptionKey(scope, 'AzureKey', {
    projectId: PROJECT_ID,
    resourceGroup: KeyVaultResourceGroup.create({ name: 'rg-atlas', location: 'westeurope' }),
    keyVaultName: 'ear-vault',
    ...props,
  });
}

export function encryptionFor(
  scope: Construct,
  key: AzureKeyVaultEncryptionKey,
  props: Partial<AtlasProjectEncryptionProps> = {},
  id = 'Encryption',
): AtlasProjectEncryption {
  return new AtlasProjectEncryption(scope, id, {
    projectId: PROJECT_ID,
    azureKeyVault: AzureKeyVaultConfiguration.fromEncryptionKey(key),
    ...props,
  });
}

/** Azure configuration by reference, with the secret from a sensitive variable. */
export function azureByReference(
  scope: Construct,
  overrides: { keyIdentifier?: string; clientSecret?: string; omitExpiry?: boolean } = {},
): AzureKeyVaultConfiguration {
  const secret =
    overrides.clientSecret ??
    new TerraformVariable(scope, 'azure_client_secret', { type: 'string', sensitive: true }).stringValue;
  return AzureKeyVaultConfiguration.fromAttributes({
    tenantId: TENANT_ID,
    subscriptionId: SUBSCRIPTION_ID,
    resourceGroupName: 'rg-atlas',
    keyVaultName: 'ear-vault',
    keyIdentifier: overrides.keyIdentifier ?? KEY_ID,
    clientId: CLIENT_ID,
    clientSecret: secret,
    clientSecretExpiresAt: overrides.omitExpiry ? undefined : new Date(Date.now() + 200 * 86_400_000).toISOString(),
  });
}

export function cluster(
  scope: Construct,
  encryption: AtlasProjectEncryption,
  props: Partial<EncryptedClusterProps> = {},
  id = 'Cluster',
): EncryptedCluster {
  return new EncryptedCluster(scope, id, {
    projectEncryption: encryption,
    clusterName: 'orders',
    encryptionProvider: EncryptionProvider.AZURE,
    regions: [{ cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M10' }],
    ...props,
  });
}
