import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { Testing, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AtlasProjectEncryption,
  ATLAS_AZURE_APP_ID,
  AZURE_ROLE_ID_PROVIDER_VERSION,
  AzureEnvironment,
  AzureIdentityKind,
  AzureKeyVaultConfiguration,
  AzureKeyVaultIdentity,
  EarValidationError,
  KeyVaultResourceGroup,
  KeyVaultSku,
} from 'atlas-encryption-at-rest/cdktf';
import { azureKey, encryptionFor, PROJECT_ID, SUBSCRIPTION_ID, TENANT_ID } from './fixtures';
import { onlyResource, ref, resourcesOf, synth, SynthJson, synthStack } from './helpers';

const clientSecret = AzureKeyVaultIdentity.clientSecret;
const ROLE_ID = '65f1c0ffee0123456789abcd';

describe('AzureKeyVaultEncryptionKey with the client-secret identity', () => {
  const json = synth((scope) => {
    const k = azureKey(scope, { identity: clientSecret() });
    expect(k.identityKind).toBe(AzureIdentityKind.CLIENT_SECRET);
  });
  const vault = onlyResource(json, 'azurerm_key_vault');
  const key = onlyResource(json, 'azurerm_key_vault_key');
  const sp = onlyResource(json, 'azuread_service_principal');

  test('vault: purge protection, soft delete 90 days, RBAC via rbac_authorization_enabled, prevent_destroy', () => {
    expect(vault).toMatchObject({
      name: 'ear-vault',
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      rbac_authorization_enabled: true,
      sku_name: 'standard',
      resource_group_name: 'rg-atlas',
      location: 'westeurope',
      lifecycle: { prevent_destroy: true },
    });
    // PIT-08: the deprecated name is never emitted.
    expect(vault).not.toHaveProperty('enable_rbac_authorization');
    expect(vault.tenant_id).toMatch(/^\$\{data\.azurerm_client_config\.[^.]+\.tenant_id\}$/);
  });

  test('new resource group is created and protected', () => {
    const rg = onlyResource(json, 'azurerm_resource_group');
    expect(rg).toMatchObject({ name: 'rg-atlas', location: 'westeurope', lifecycle: { prevent_destroy: true } });
  });

  test('the identity Atlas uses is destroy-protected like the vault and the key (SYN-KEEP-1)', () => {
    expect(onlyResource(json, 'azuread_application').lifecycle).toEqual({ prevent_destroy: true });
    expect(sp.lifecycle).toEqual({ prevent_destroy: true });
    const assignments = Object.values(resourcesOf(json, 'azurerm_role_assignment')) as Array<{ lifecycle?: unknown }>;
    const atlas = assignments.filter((a) => a.lifecycle !== undefined);
    expect(atlas.length).toBeGreaterThanOrEqual(2);
    for (const a of atlas) expect(a.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('key: RSA 3072, Atlas operations, rotation policy without expiry, prevent_destroy', () => {
    expect(key).toMatchObject({
      key_type: 'RSA',
      key_size: 3072,
      key_opts: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'],
      key_vault_id: ref('azurerm_key_vault', vault.logicalId, 'id'),
      rotation_policy: { automatic: { time_after_creation: 'P180D' } },
      lifecycle: { prevent_destroy: true },
    });
    // Old versions must stay usable: no expiry on the key nor in the rotation policy.
    expect(key).not.toHaveProperty('expiration_date');
    expect((key.rotation_policy as Record<string, unknown>).expire_after).toBeUndefined();
  });

  test('identity: app registration, service principal, client secret with an end date of at most two years', () => {
    const app = onlyResource(json, 'azuread_application');
    expect(sp.client_id).toBe(ref('azuread_application', app.logicalId, 'client_id'));
    const secret = onlyResource(json, 'azuread_application_password');
    expect(secret.application_id).toBe(ref('azuread_application', app.logicalId, 'id'));
    const hours = Number(/^(\d+)h$/.exec(secret.end_date_relative as string)?.[1]);
    expect(hours).toBe(365 * 24);
    expect(hours).toBeLessThanOrEqual(730 * 24);
    expect(secret.lifecycle).toEqual({ create_before_destroy: true });
    const rotating = onlyResource(json, 'time_rotating');
    expect(rotating.rotation_days).toBe(180);
    expect(secret.rotate_when_changed).toEqual({ rotation: ref('time_rotating', rotating.logicalId, 'id') });
  });

  test('role assignments for Atlas: Key Vault Crypto User + Reader, scoped to the vault', () => {
    const assignments = Object.values(resourcesOf(json, 'azurerm_role_assignment'));
    const forAtlas = assignments.filter(
      (a) => a.principal_id === ref('azuread_service_principal', sp.logicalId, 'object_id'),
    );
    expect(forAtlas.map((a) => a.role_definition_name).sort()).toEqual(['Key Vault Crypto User', 'Reader']);
    for (const a of forAtlas) {
      expect(a.scope).toBe(ref('azurerm_key_vault', vault.logicalId, 'id'));
      expect(a.principal_type).toBe('ServicePrincipal');
    }
    // Every assignment is scoped to the vault, never to the group or subscription.
    for (const a of assignments) expect(a.scope).toBe(ref('azurerm_key_vault', vault.logicalId, 'id'));
  });

  test('deployer gets Key Vault Crypto Officer before the key is created', () => {
    const assignments = Object.entries(resourcesOf(json, 'azurerm_role_assignment'));
    const [officerId, officer] = assignments.find(([, a]) => a.role_definition_name === 'Key Vault Crypto Officer')!;
    expect(officer.principal_id).toMatch(/^\$\{data\.azurerm_client_config\.[^.]+\.object_id\}$/);
    const sleeps = resourcesOf(json, 'time_sleep');
    const [sleepId, sleep] = Object.entries(sleeps).find(([, s]) =>
      (s.depends_on as string[]).includes(`azurerm_role_assignment.${officerId}`),
    )!;
    expect(sleep.create_duration).toBe('2m');
    expect(key.depends_on).toEqual([`time_sleep.${sleepId}`]);
  });

  test('RBAC propagation wait depends on the Atlas role assignments and the secret', () => {
    const sleeps = Object.values(resourcesOf(json, 'time_sleep'));
    const wait = sleeps.find((s) => s.create_duration === '10m')!;
    const atlasAssignments = Object.entries(resourcesOf(json, 'azurerm_role_assignment'))
      .filter(([, a]) => a.role_definition_name !== 'Key Vault Crypto Officer')
      .map(([id]) => `azurerm_role_assignment.${id}`);
    const secret = onlyResource(json, 'azuread_application_password');
    expect(wait.depends_on).toEqual(
      expect.arrayContaining([...atlasAssignments, `azuread_application_password.${secret.logicalId}`]),
    );
  });

  test('existing resource group: data source for its location, nothing created', () => {
    const out = synth((scope) => {
      azureKey(scope, {
        resourceGroup: KeyVaultResourceGroup.fromName('existing-rg'),
        identity: clientSecret(),
        retainOnDestroy: false,
        grantDeployerAccess: false,
      });
    });
    expect(resourcesOf(out, 'azurerm_resource_group')).toEqual({});
    const [dataId] = Object.keys(out.data?.azurerm_resource_group ?? {});
    const v = onlyResource(out, 'azurerm_key_vault');
    expect(v.resource_group_name).toBe('existing-rg');
    expect(v.location).toBe(`\${data.azurerm_resource_group.${dataId}.location}`);
    expect(v.lifecycle).toEqual({ prevent_destroy: false });
    expect(Object.keys(resourcesOf(out, 'azurerm_role_assignment'))).toHaveLength(2);
  });

  test('HSM key on premium, custom sizes and durations', () => {
    const out = synth((scope) => {
      const k = azureKey(scope, {
        sku: KeyVaultSku.PREMIUM,
        hardwareProtected: true,
        keySize: 4096,
        keyRotationDays: 90,
        identity: clientSecret({ clientSecretValidityDays: 730, clientSecretRotationDays: 365 }),
        rbacPropagationDelay: '5m',
        azureEnvironment: AzureEnvironment.AZURE_US_GOVERNMENT,
      });
      expect(k.keyVaultDnsSuffix).toBe('vault.usgovcloudapi.net');
    });
    expect(onlyResource(out, 'azurerm_key_vault_key')).toMatchObject({
      key_type: 'RSA-HSM',
      key_size: 4096,
      rotation_policy: { automatic: { time_after_creation: 'P90D' } },
    });
    expect(onlyResource(out, 'azuread_application_password').end_date_relative).toBe(`${730 * 24}h`);
  });

  test.each([
    [{ keyVaultName: 'x' }, 'SYN-AZ-2'],
    [{ keySize: 1024 }, 'SYN-AZ-1'],
    [{ hardwareProtected: true }, 'SYN-AZ-1'],
    [{ identity: clientSecret({ clientSecretValidityDays: 731 }) }, 'SYN-AZ-3'],
    [{ identity: clientSecret({ clientSecretValidityDays: 100, clientSecretRotationDays: 100 }) }, 'SYN-AZ-3'],
    [{ softDeleteRetentionDays: 120 }, 'SYN-KEEP-1'],
    [{ projectId: 'not-a-project' }, 'SYN-PROJ-4'],
    [{ identity: AzureKeyVaultIdentity.atlasServicePrincipal({ atlasAzureAppId: 'atlas' }) }, 'SYN-AZ-2'],
  ])('rejects %p with %s', (props, ruleId) => {
    expect(() => synth((scope) => void azureKey(scope, props))).toThrow(EarValidationError);
    expect(() => synth((scope) => void azureKey(scope, props))).toThrow(`[${ruleId}]`);
  });
});

type WithTerraform = SynthJson & {
  terraform?: { required_providers?: Record<string, Record<string, string>> };
};

/** A stack with the mongodbatlas provider, so `required_providers` is synthesized as a user's app would have it. */
function synthWithProvider(build: (stack: TerraformStack) => void): WithTerraform {
  const stack = new TerraformStack(Testing.app(), 'test');
  new MongodbatlasProvider(stack, 'mongodbatlas', {});
  build(stack);
  return synthStack(stack) as WithTerraform;
}

describe('AzureKeyVaultEncryptionKey with the secretless identity (default)', () => {
  const json = synthWithProvider((stack) => {
    const k = azureKey(stack);
    expect(k.identityKind).toBe(AzureIdentityKind.ATLAS_SERVICE_PRINCIPAL);
    expect(k.application).toBeUndefined();
    expect(k.clientSecret).toBeUndefined();
    encryptionFor(stack, k);
  });
  const sp = onlyResource(json, 'azuread_service_principal');
  const setup = onlyResource(json, 'mongodbatlas_cloud_provider_access_setup');
  const auth = onlyResource(json, 'mongodbatlas_cloud_provider_access_authorization');
  const spId = ref('azuread_service_principal', sp.logicalId, 'object_id');
  const tenant = expect.stringMatching(/^\$\{data\.azurerm_client_config\.[^.]+\.tenant_id\}$/);

  test("the service principal is Atlas's application in this tenant, destroy-protected; no app, no secret", () => {
    expect(sp).toMatchObject({ client_id: ATLAS_AZURE_APP_ID, lifecycle: { prevent_destroy: true } });
    for (const type of ['azuread_application', 'azuread_application_password', 'time_rotating']) {
      expect(resourcesOf(json, type)).toEqual({});
    }
  });

  test('Key Vault Crypto User and Reader on the vault for that service principal', () => {
    const vault = onlyResource(json, 'azurerm_key_vault');
    const forAtlas = Object.values(resourcesOf(json, 'azurerm_role_assignment')).filter((a) => a.principal_id === spId);
    expect(forAtlas.map((a) => a.role_definition_name).sort()).toEqual(['Key Vault Crypto User', 'Reader']);
    for (const a of forAtlas) {
      expect(a).toMatchObject({
        scope: ref('azurerm_key_vault', vault.logicalId, 'id'),
        principal_type: 'ServicePrincipal',
        lifecycle: { prevent_destroy: true },
      });
    }
  });

  test('Atlas role for AZURE and its authorization name the app, the service principal and the tenant', () => {
    const azure = { atlas_azure_app_id: ATLAS_AZURE_APP_ID, service_principal_id: spId, tenant_id: tenant };
    expect(setup).toMatchObject({
      project_id: PROJECT_ID,
      provider_name: 'AZURE',
      azure_config: [azure],
      lifecycle: { prevent_destroy: true },
    });
    expect(auth).toMatchObject({
      project_id: PROJECT_ID,
      role_id: ref('mongodbatlas_cloud_provider_access_setup', setup.logicalId, 'role_id'),
      azure,
      lifecycle: { prevent_destroy: true },
    });
  });

  test('the RBAC wait follows the role assignments and the authorization; encryption follows the wait', () => {
    const wait = Object.entries(resourcesOf(json, 'time_sleep')).find(([, s]) => s.create_duration === '10m')!;
    const atlasAssignments = Object.entries(resourcesOf(json, 'azurerm_role_assignment'))
      .filter(([, a]) => a.principal_id === spId)
      .map(([id]) => `azurerm_role_assignment.${id}`);
    expect(wait[1].depends_on).toEqual(
      expect.arrayContaining([
        ...atlasAssignments,
        `mongodbatlas_cloud_provider_access_authorization.${auth.logicalId}`,
      ]),
    );
    expect(onlyResource(json, 'mongodbatlas_encryption_at_rest').depends_on).toEqual([`time_sleep.${wait[0]}`]);
  });

  test('the project gets role_id and no client id, tenant or secret', () => {
    const block = (
      onlyResource(json, 'mongodbatlas_encryption_at_rest').azure_key_vault_config as Record<string, unknown>[]
    )[0];
    expect(block).toMatchObject({
      enabled: true,
      role_id: ref('mongodbatlas_cloud_provider_access_authorization', auth.logicalId, 'role_id'),
      key_vault_name: 'ear-vault',
      resource_group_name: 'rg-atlas',
    });
    expect(block.subscription_id).toMatch(/^\$\{data\.azurerm_client_config\.[^.]+\.subscription_id\}$/);
    for (const field of ['client_id', 'secret', 'tenant_id']) expect(block).not.toHaveProperty(field);
  });

  test(`required_providers asks for mongodbatlas ${AZURE_ROLE_ID_PROVIDER_VERSION}, which knows role_id`, () => {
    expect(AZURE_ROLE_ID_PROVIDER_VERSION).toBe('>= 2.8.0');
    expect(json.terraform?.required_providers?.mongodbatlas).toEqual({
      source: 'mongodb/mongodbatlas',
      version: '>= 2.8.0',
    });
  });

  test('the client-secret identity keeps the prebuilt binding version (1.41.1)', () => {
    const out = synthWithProvider((stack) => void encryptionFor(stack, azureKey(stack, { identity: clientSecret() })));
    expect(out.terraform?.required_providers?.mongodbatlas).toEqual({
      source: 'mongodb/mongodbatlas',
      version: '1.41.1',
    });
    const block = (
      onlyResource(out, 'mongodbatlas_encryption_at_rest').azure_key_vault_config as Record<string, unknown>[]
    )[0];
    expect(block).not.toHaveProperty('role_id');
  });

  test('an existing service principal of the app is looked up, never created; another app id is used as given', () => {
    const appId = '0f0e0d0c-0b0a-4908-8706-050403020100';
    const out = synth((scope) => {
      azureKey(scope, {
        identity: AzureKeyVaultIdentity.atlasServicePrincipal({
          atlasAzureAppId: appId,
          existingServicePrincipal: true,
        }),
      });
    });
    expect(resourcesOf(out, 'azuread_service_principal')).toEqual({});
    const [[dataId, data]] = Object.entries(out.data?.azuread_service_principal ?? {});
    expect(data).toEqual({ client_id: appId });
    const principal = `\${data.azuread_service_principal.${dataId}.object_id}`;
    expect(onlyResource(out, 'mongodbatlas_cloud_provider_access_setup').azure_config).toEqual([
      { atlas_azure_app_id: appId, service_principal_id: principal, tenant_id: tenant },
    ]);
    const granted = Object.values(resourcesOf(out, 'azurerm_role_assignment')).filter(
      (a) => a.principal_id === principal,
    );
    expect(granted).toHaveLength(2);
  });

  test('a project id known only at apply time is accepted (the check runs at deploy)', () => {
    const out = synth((scope) => {
      const projectId = new TerraformVariable(scope, 'project_id', { type: 'string' }).stringValue;
      azureKey(scope, { projectId });
    });
    expect(onlyResource(out, 'mongodbatlas_cloud_provider_access_setup').project_id).toBe('${var.project_id}');
  });

  test("the key's Atlas role serves only its own project (SYN-PROJ-3)", () => {
    const other = '5f1e2d3c4b5a69788796a5b5';
    expect(() => synth((scope) => void encryptionFor(scope, azureKey(scope), { projectId: other }))).toThrow(
      /\[SYN-PROJ-3\].*azureKeyVault/s,
    );
    expect(() => synth((scope) => void encryptionFor(scope, azureKey(scope), { projectId: PROJECT_ID }))).not.toThrow();
  });

  test('the error names the prop as written, the value and what is allowed', () => {
    const bad = () =>
      synth(
        (scope) =>
          void azureKey(scope, { identity: AzureKeyVaultIdentity.atlasServicePrincipal({ atlasAzureAppId: 'atlas' }) }),
      );
    expect(bad).toThrow(/\[SYN-AZ-2\].*identity\.atlasAzureAppId.*atlas.*UUID/s);
  });
});

describe('AzureKeyVaultConfiguration.fromAttributes identity (SYN-AZ-3)', () => {
  const location = {
    tenantId: TENANT_ID,
    subscriptionId: SUBSCRIPTION_ID,
    resourceGroupName: 'rg-atlas',
    keyVaultName: 'ear-vault',
    keyIdentifier: 'https://ear-vault.vault.azure.net/keys/atlas',
  };
  const project = (scope: Construct, azure: AzureKeyVaultConfiguration) =>
    new AtlasProjectEncryption(scope, 'Encryption', { projectId: PROJECT_ID, azureKeyVault: azure });

  test('a role id by reference: role_id written, no static credential, provider >= 2.8.0', () => {
    const out = synthWithProvider((stack) => {
      project(stack, AzureKeyVaultConfiguration.fromAttributes({ ...location, roleId: ROLE_ID }));
    });
    const block = (
      onlyResource(out, 'mongodbatlas_encryption_at_rest').azure_key_vault_config as Record<string, unknown>[]
    )[0];
    expect(block.role_id).toBe(ROLE_ID);
    for (const field of ['client_id', 'secret', 'tenant_id']) expect(block).not.toHaveProperty(field);
    expect(out.terraform?.required_providers?.mongodbatlas?.version).toBe('>= 2.8.0');
  });

  test.each([
    ['both a role and a client secret', { roleId: ROLE_ID, clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }],
    ['no identity', {}],
    ['a role id that is an ARM id', { roleId: '/subscriptions/x/roleAssignments/y' }],
  ])('rejects %s', (_name, identity) => {
    expect(() =>
      synth((scope) => void project(scope, AzureKeyVaultConfiguration.fromAttributes({ ...location, ...identity }))),
    ).toThrow('[SYN-AZ-3]');
  });
});
