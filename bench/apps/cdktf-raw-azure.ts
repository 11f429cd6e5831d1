/**
 * Benchmark baseline for the Terraform engine: the resources `examples/azure-key-vault` synthesizes (read from its
 * cdk.tf.json), written directly with the provider bindings by sub-path, without this library: Azure resource
 * group, Key Vault with RBAC, key with a rotation policy, the Atlas app registration, secret and service
 * principal, role assignments, propagation sleeps, project encryption, its rotation alert and one cluster.
 * Same providers, variables and outputs; the library's pre/postconditions are written here as plain lifecycle
 * blocks, so both sides synthesize the same configuration. Synthesizes into CDKTF_OUTDIR.
 */
import { Application } from '@cdktf/provider-azuread/lib/application';
import { ApplicationPasswordA as ApplicationPassword } from '@cdktf/provider-azuread/lib/application-password';
import { AzureadProvider } from '@cdktf/provider-azuread/lib/provider';
import { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { AdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { AlertConfiguration } from '@cdktf/provider-mongodbatlas/lib/alert-configuration';
import { EncryptionAtRest } from '@cdktf/provider-mongodbatlas/lib/encryption-at-rest';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { Rotating } from '@cdktf/provider-time/lib/rotating';
import { Sleep } from '@cdktf/provider-time/lib/sleep';
import { App, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';

const app = new App();
const stack = new TerraformStack(app, 'atlas-ear-azure-raw');
const keep = { preventDestroy: true };

const publicKey = new TerraformVariable(stack, 'atlas_public_key', { type: 'string', sensitive: true });
const privateKey = new TerraformVariable(stack, 'atlas_private_key', { type: 'string', sensitive: true });
const projectId = new TerraformVariable(stack, 'atlas_project_id', { type: 'string' });
new MongodbatlasProvider(stack, 'mongodbatlas', {
  publicKey: publicKey.stringValue,
  privateKey: privateKey.stringValue,
});
new AzurermProvider(stack, 'azurerm', {
  features: [
    {
      keyVault: [
        {
          purgeSoftDeleteOnDestroy: false,
          purgeSoftDeletedKeysOnDestroy: false,
          recoverSoftDeletedKeyVaults: true,
          recoverSoftDeletedKeys: true,
        },
      ],
    },
  ],
});
new AzureadProvider(stack, 'azuread', {});
new TimeProvider(stack, 'time', {});

const client = new DataAzurermClientConfig(stack, 'ClientConfig', {});
const group = new ResourceGroup(stack, 'ResourceGroup', {
  name: 'atlas-ear-example',
  location: 'westeurope',
  lifecycle: keep,
});
const vault = new KeyVault(stack, 'KeyVault', {
  name: 'atlas-ear-example-kv',
  location: 'westeurope',
  resourceGroupName: 'atlas-ear-example',
  tenantId: client.tenantId,
  skuName: 'standard',
  purgeProtectionEnabled: true,
  rbacAuthorizationEnabled: true,
  softDeleteRetentionDays: 90,
  dependsOn: [group],
  lifecycle: keep,
});
const deployer = new RoleAssignment(stack, 'DeployerCryptoOfficer', {
  scope: vault.id,
  roleDefinitionName: 'Key Vault Crypto Officer',
  principalId: client.objectId,
  description: 'Key Vault Crypto Officer on the Key Vault for MongoDB Atlas encryption at rest (deployer)',
});
const deployerWait = new Sleep(stack, 'DeployerRbacPropagation', { createDuration: '2m', dependsOn: [deployer] });
const key = new KeyVaultKey(stack, 'Key', {
  name: 'atlas-encryption-at-rest',
  keyVaultId: vault.id,
  keyType: 'RSA',
  keySize: 3072,
  keyOpts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
  rotationPolicy: { automatic: { timeAfterCreation: 'P180D' } },
  dependsOn: [deployerWait],
  lifecycle: keep,
});
const application = new Application(stack, 'Application', {
  displayName: 'mongodb-atlas-ear-atlas-ear-example-kv',
  lifecycle: keep,
});
const rotation = new Rotating(stack, 'ClientSecretRotation', { rotationDays: 180 });
const secret = new ApplicationPassword(stack, 'ClientSecret', {
  applicationId: application.id,
  displayName: 'mongodb-atlas-encryption-at-rest',
  endDateRelative: '8760h',
  rotateWhenChanged: { rotation: rotation.id },
  lifecycle: { createBeforeDestroy: true },
});
const principal = new ServicePrincipal(stack, 'ServicePrincipal', { clientId: application.clientId, lifecycle: keep });
const grants = [
  ['CryptoUser', 'Key Vault Crypto User'],
  ['Reader', 'Reader'],
].map(
  ([id, role]) =>
    new RoleAssignment(stack, id, {
      scope: vault.id,
      roleDefinitionName: role,
      principalId: principal.objectId,
      principalType: 'ServicePrincipal',
      description: `${role} on the Key Vault for MongoDB Atlas encryption at rest (atlas)`,
      lifecycle: keep,
    }),
);
const propagation = new Sleep(stack, 'RbacPropagation', {
  createDuration: '10m',
  triggers: { keyVault: vault.id, servicePrincipal: principal.objectId },
  dependsOn: [...grants, secret],
});
const ear = new EncryptionAtRest(stack, 'Encryption', {
  projectId: projectId.stringValue,
  enabledForSearchNodes: false,
  azureKeyVaultConfig: [
    {
      enabled: true,
      azureEnvironment: 'AZURE',
      clientId: application.clientId,
      secret: secret.value,
      subscriptionId: client.subscriptionId,
      tenantId: client.tenantId,
      resourceGroupName: 'atlas-ear-example',
      keyVaultName: 'atlas-ear-example-kv',
      keyIdentifier: key.versionlessId,
    },
  ],
  dependsOn: [propagation],
  lifecycle: {
    preventDestroy: true,
    postcondition: [
      {
        condition: '${self.azure_key_vault_config[0].valid}',
        errorMessage: 'Atlas reports the AZURE key configuration as not valid.',
      },
    ],
  },
});
new AlertConfiguration(stack, 'RotationAlert', {
  projectId: ear.projectId,
  eventType: 'AZURE_ENCRYPTION_KEY_NEEDS_ROTATION',
  enabled: true,
  thresholdConfig: [{ operator: 'GREATER_THAN', threshold: 365, units: 'DAYS' }],
  notification: [
    {
      typeName: 'GROUP',
      roles: ['GROUP_OWNER'],
      emailEnabled: true,
      smsEnabled: false,
      delayMin: 0,
      intervalMin: 1440,
    },
  ],
});
new AdvancedCluster(stack, 'Orders', {
  projectId: ear.projectId,
  name: 'orders',
  clusterType: 'REPLICASET',
  backupEnabled: true,
  pitEnabled: true,
  retainBackupsEnabled: true,
  encryptionAtRestProvider: 'AZURE',
  replicationSpecs: [
    {
      regionConfigs: [
        {
          providerName: 'AZURE',
          regionName: 'EUROPE_WEST',
          priority: 7,
          electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
        },
      ],
    },
  ],
  lifecycle: {
    preventDestroy: true,
    precondition: [
      {
        condition: `\${${ear.terraformResourceType}.${ear.friendlyUniqueId}.azure_key_vault_config[0].valid}`,
        errorMessage: 'Cluster orders: the AZURE key configuration is not valid.',
      },
    ],
    postcondition: [
      {
        condition: '${self.encryption_at_rest_provider == "AZURE"}',
        errorMessage: 'Cluster orders: Atlas did not apply encryption_at_rest_provider AZURE.',
      },
    ],
  },
});
new TerraformOutput(stack, 'key_identifier', { value: key.id });
new TerraformOutput(stack, 'key_vault_id', { value: vault.id });
app.synth();
