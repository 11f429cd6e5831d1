import {
  AzureEnvironment,
  EarValidationError,
  KeyVaultResourceGroup,
  KeyVaultSku,
} from 'atlas-encryption-at-rest/cdktf';
import { azureKey } from './fixtures';
import { onlyResource, ref, resourcesOf, synth } from './helpers';

describe('AzureKeyVaultEncryptionKey', () => {
  const json = synth((scope) => {
    azureKey(scope);
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
        clientSecretValidityDays: 730,
        clientSecretRotationDays: 365,
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
    [{ clientSecretValidityDays: 731 }, 'SYN-AZ-3'],
    [{ clientSecretValidityDays: 100, clientSecretRotationDays: 100 }, 'SYN-AZ-3'],
    [{ softDeleteRetentionDays: 120 }, 'SYN-KEEP-1'],
  ])('rejects %p with %s', (props, ruleId) => {
    expect(() => synth((scope) => void azureKey(scope, props))).toThrow(EarValidationError);
    expect(() => synth((scope) => void azureKey(scope, props))).toThrow(`[${ruleId}]`);
  });
});
