/**
 * Example stack: an Atlas project that reaches its Azure Key Vault key over Azure Private Link, with clusters in
 * two Azure regions. The project encryption creates one Atlas private endpoint per region and outputs the Key Vault
 * connection each one needs approved; the clusters wait until their region's endpoint is ACTIVE.
 * Kept separate from main.ts so tests can build it without writing cdktf.out.
 */
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TerraformStack, TerraformVariable } from 'cdktf';
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
export interface PrivateNetworkingExampleProps {
  /**
   * Key Vault name (globally unique).
   * @default 'atlas-ear-private-kv'
   */
  readonly keyVaultName?: string;
  /**
   * Atlas Azure regions served by clusters managed outside this app: they get an endpoint too.
   * @default - none
   */
  readonly otherRegions?: string[];
}

/** The example: Azure key, project encryption over private endpoints, clusters in EUROPE_WEST and EUROPE_NORTH. */
export class PrivateNetworkingExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PrivateNetworkingExampleProps = {}) {
    super(scope, id);

    // Atlas credentials: sensitive variables only (set TF_VAR_atlas_public_key / TF_VAR_atlas_private_key).
    const atlasPublicKey = new TerraformVariable(this, 'atlas_public_key', { type: 'string', sensitive: true });
    const atlasPrivateKey = new TerraformVariable(this, 'atlas_private_key', { type: 'string', sensitive: true });
    const projectId = new TerraformVariable(this, 'atlas_project_id', {
      type: 'string',
      description: 'Atlas project (group) id, 24 hexadecimal digits',
    });
    new MongodbatlasProvider(this, 'mongodbatlas', {
      publicKey: atlasPublicKey.stringValue,
      privateKey: atlasPrivateKey.stringValue,
    });
    new AzurermProvider(this, 'azurerm', {
      features: [{ keyVault: [{ purgeSoftDeleteOnDestroy: false, purgeSoftDeletedKeysOnDestroy: false }] }],
    });
    new AzureadProvider(this, 'azuread', {});
    new TimeProvider(this, 'time', {});

    const key = new AzureKeyVaultEncryptionKey(this, 'AtlasKey', {
      projectId: projectId.stringValue,
      resourceGroup: KeyVaultResourceGroup.create({ name: 'atlas-ear-private', location: 'westeurope' }),
      keyVaultName: props.keyVaultName ?? 'atlas-ear-private-kv',
    });
    const encryption = new AtlasProjectEncryption(this, 'Encryption', {
      projectId: projectId.stringValue,
      azureKeyVault: AzureKeyVaultConfiguration.fromEncryptionKey(key, {
        requirePrivateNetworking: true,
        privateEndpointRegions: props.otherRegions,
      }),
    });

    for (const [id, name, regionName] of [
      ['Orders', 'orders', 'EUROPE_WEST'],
      ['Reports', 'reports', 'EUROPE_NORTH'],
    ]) {
      new EncryptedCluster(this, id, {
        projectEncryption: encryption,
        clusterName: name,
        encryptionProvider: EncryptionProvider.AZURE,
        regions: [{ cloud: CloudProvider.AZURE, regionName, instanceSize: 'M10' }],
      });
    }
  }
}
