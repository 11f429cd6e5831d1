/**
 * Example stack: an Atlas project encrypted with an Azure Key Vault key, and one encrypted cluster.
 * Kept separate from main.ts so tests can build it without writing cdktf.out.
 */
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AtlasProjectEncryption,
  AzureKeyVaultConfiguration,
  AzureKeyVaultEncryptionKey,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
  KeyVaultResourceGroup,
} from 'atlas-encryption-at-rest/cdktf';

/** Settings of the example stack. */
export interface AzureKeyVaultExampleProps {
  /**
   * Key Vault name (globally unique).
   * @default 'atlas-ear-example-kv'
   */
  readonly keyVaultName?: string;
  /**
   * Azure location of the resource group and the vault.
   * @default 'westeurope'
   */
  readonly location?: string;
}

/** The example: Azure key with the secretless identity, project encryption, rotation alert, one cluster. */
export class AzureKeyVaultExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AzureKeyVaultExampleProps = {}) {
    super(scope, id);

    // Atlas credentials: sensitive variables only (set TF_VAR_atlas_public_key / TF_VAR_atlas_private_key).
    const atlasPublicKey = new TerraformVariable(this, 'atlas_public_key', {
      type: 'string',
      sensitive: true,
      description: 'Atlas programmatic API public key (Project Owner on the project)',
    });
    const atlasPrivateKey = new TerraformVariable(this, 'atlas_private_key', {
      type: 'string',
      sensitive: true,
      description: 'Atlas programmatic API private key',
    });
    const projectId = new TerraformVariable(this, 'atlas_project_id', {
      type: 'string',
      description: 'Atlas project (group) id, 24 hexadecimal digits',
    });

    new MongodbatlasProvider(this, 'mongodbatlas', {
      publicKey: atlasPublicKey.stringValue,
      privateKey: atlasPrivateKey.stringValue,
    });
    // Subscription and tenant come from the Azure CLI login or ARM_* environment variables.
    new AzurermProvider(this, 'azurerm', {
      features: [
        {
          keyVault: [
            {
              // Never purge: a purged key makes every snapshot encrypted with it unrecoverable.
              purgeSoftDeleteOnDestroy: false,
              purgeSoftDeletedKeysOnDestroy: false,
              recoverSoftDeletedKeyVaults: true,
              recoverSoftDeletedKeys: true,
            },
          ],
        },
      ],
    });
    new AzureadProvider(this, 'azuread', {});
    new TimeProvider(this, 'time', {});

    // Secretless by default: the service principal of Atlas's Entra application in this tenant, an Atlas role for
    // it and its authorization; the project gets the role id (mongodbatlas provider >= 2.8.0, set in cdk.tf.json).
    const key = new AzureKeyVaultEncryptionKey(this, 'AtlasKey', {
      projectId: projectId.stringValue,
      resourceGroup: KeyVaultResourceGroup.create({
        name: 'atlas-ear-example',
        location: props.location ?? 'westeurope',
      }),
      keyVaultName: props.keyVaultName ?? 'atlas-ear-example-kv',
    });

    const encryption = new AtlasProjectEncryption(this, 'Encryption', {
      projectId: projectId.stringValue,
      azureKeyVault: AzureKeyVaultConfiguration.fromEncryptionKey(key),
      rotationAlert: { thresholdDays: 365 },
    });

    new EncryptedCluster(this, 'Orders', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AZURE,
      regions: [{ cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M10' }],
      backupEnabled: true,
      pitEnabled: true,
    });

    new TerraformOutput(this, 'key_identifier', { value: key.keyIdentifier });
    new TerraformOutput(this, 'atlas_role_id', { value: key.roleId });
    new TerraformOutput(this, 'key_vault_id', { value: key.keyVault.id });
  }
}
