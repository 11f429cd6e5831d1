import { TerraformVariable } from 'cdktf';
import {
  AtlasProjectEncryption,
  AwsKmsConfiguration,
  AzureKeyVaultIdentity,
  EarValidationError,
  EncryptionProvider,
  GoogleCloudKmsConfiguration,
} from 'atlas-encryption-at-rest/cdktf';
import { azureByReference, azureKey, encryptionFor, PROJECT_ID } from './fixtures';
import { onlyResource, ref, resourcesOf, synth } from './helpers';

const AWS_KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE_ID = '0123456789abcdef01234567';

describe('AtlasProjectEncryption with an AzureKeyVaultEncryptionKey (client-secret identity)', () => {
  const json = synth((scope) => {
    const key = azureKey(scope, { identity: AzureKeyVaultIdentity.clientSecret() });
    encryptionFor(scope, key, { rotationAlert: {} });
  });
  const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
  const azure = (ear.azure_key_vault_config as Record<string, unknown>[])[0];
  const key = onlyResource(json, 'azurerm_key_vault_key');

  test('key identifier is the versionless azurerm key id: a rotation needs no deploy', () => {
    expect(azure.key_identifier).toBe(ref('azurerm_key_vault_key', key.logicalId, 'versionless_id'));
  });

  test('identity, vault and secret flow by reference', () => {
    const app = onlyResource(json, 'azuread_application');
    const secret = onlyResource(json, 'azuread_application_password');
    expect(azure).toMatchObject({
      enabled: true,
      azure_environment: 'AZURE',
      key_vault_name: 'ear-vault',
      resource_group_name: 'rg-atlas',
      client_id: ref('azuread_application', app.logicalId, 'client_id'),
      secret: ref('azuread_application_password', secret.logicalId, 'value'),
    });
    expect(azure.tenant_id).toMatch(/^\$\{data\.azurerm_client_config\.[^.]+\.tenant_id\}$/);
    expect(azure.subscription_id).toMatch(/^\$\{data\.azurerm_client_config\.[^.]+\.subscription_id\}$/);
  });

  test('waits for RBAC propagation (time_sleep in the dependency chain)', () => {
    const [sleepId] = Object.entries(resourcesOf(json, 'time_sleep')).find(([, s]) => s.create_duration === '10m')!;
    expect(ear.depends_on).toEqual([`time_sleep.${sleepId}`]);
  });

  test('postcondition requires a valid key configuration; prevent_destroy by default', () => {
    expect(ear.lifecycle).toMatchObject({
      prevent_destroy: true,
      postcondition: [
        { condition: '${self.azure_key_vault_config[0].valid}', error_message: expect.stringContaining('DEP-VAL-1') },
      ],
    });
    expect(ear.project_id).toBe(PROJECT_ID);
    expect(ear.enabled_for_search_nodes).toBe(false);
  });

  test('rotation alert: AZURE_ENCRYPTION_KEY_NEEDS_ROTATION, 365 days, project owners', () => {
    const alert = onlyResource(json, 'mongodbatlas_alert_configuration');
    expect(alert).toMatchObject({
      event_type: 'AZURE_ENCRYPTION_KEY_NEEDS_ROTATION',
      enabled: true,
      project_id: ref('mongodbatlas_encryption_at_rest', ear.logicalId, 'project_id'),
      threshold_config: [{ operator: 'GREATER_THAN', threshold: 365, units: 'DAYS' }],
      notification: [{ type_name: 'GROUP', roles: ['GROUP_OWNER'], email_enabled: true, interval_min: 1440 }],
    });
  });
});

describe('AtlasProjectEncryption options', () => {
  test('rotation alert to given emails with a custom threshold; no alert unless asked', () => {
    const json = synth((scope) => {
      encryptionFor(scope, azureKey(scope), {
        rotationAlert: { thresholdDays: 400, emails: ['a@example.com', 'b@example.com'] },
      });
    });
    const alert = onlyResource(json, 'mongodbatlas_alert_configuration');
    expect(alert.threshold_config).toEqual([{ operator: 'GREATER_THAN', threshold: 400, units: 'DAYS' }]);
    expect(alert.notification).toEqual([
      { type_name: 'EMAIL', email_address: 'a@example.com', delay_min: 0, interval_min: 1440 },
      { type_name: 'EMAIL', email_address: 'b@example.com', delay_min: 0, interval_min: 1440 },
    ]);
    const none = synth((scope) => void encryptionFor(scope, azureKey(scope)));
    expect(resourcesOf(none, 'mongodbatlas_alert_configuration')).toEqual({});
  });

  test('AWS and GCP blocks from references; AWS region emitted in the Atlas form', () => {
    const json = synth((scope) => {
      const sak = new TerraformVariable(scope, 'gcp_sa_key', { type: 'string', sensitive: true });
      new AtlasProjectEncryption(scope, 'Encryption', {
        projectId: PROJECT_ID,
        awsKms: AwsKmsConfiguration.fromAttributes({
          customerMasterKeyId: AWS_KEY,
          region: 'eu-west-1',
          roleId: ROLE_ID,
        }),
        googleCloudKms: GoogleCloudKmsConfiguration.fromAttributes({
          keyVersionResourceId: 'projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1',
          serviceAccountKey: sak.stringValue,
        }),
        azureKeyVault: azureByReference(scope),
        retainOnDestroy: false,
      });
    });
    const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
    expect(ear.aws_kms_config).toEqual([
      { enabled: true, customer_master_key_id: AWS_KEY, region: 'EU_WEST_1', role_id: ROLE_ID },
    ]);
    expect(ear.google_cloud_kms_config).toEqual([
      {
        enabled: true,
        key_version_resource_id: 'projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1',
        service_account_key: '${var.gcp_sa_key}',
      },
    ]);
    expect((ear.azure_key_vault_config as Record<string, unknown>[])[0].secret).toBe('${var.azure_client_secret}');
    const lifecycle = ear.lifecycle as { prevent_destroy: boolean; postcondition: { condition: string }[] };
    expect(lifecycle.prevent_destroy).toBe(false);
    expect(lifecycle.postcondition.map((p) => p.condition)).toEqual([
      '${self.aws_kms_config[0].valid}',
      '${self.azure_key_vault_config[0].valid}',
      '${self.google_cloud_kms_config[0].valid}',
    ]);
  });

  test('opt-ins beyond the brief show in cdk.tf.json as locals; none when not used', () => {
    const withOptIns = synth((scope) => {
      encryptionFor(scope, azureKey(scope), { allowShardedClusters: true, allowGcpClusters: true });
    }) as { locals?: Record<string, unknown> };
    expect(Object.values(withOptIns.locals ?? {})).toEqual([
      { allow_sharded_clusters: true, allow_gcp_clusters: true },
    ]);
    const plain = synth((scope) => {
      encryptionFor(scope, azureKey(scope));
    }) as { locals?: Record<string, unknown> };
    expect(plain.locals).toBeUndefined();
  });

  test('providers lists what is configured', () => {
    synth((scope) => {
      const e = encryptionFor(scope, azureKey(scope));
      expect(e.providers).toEqual([EncryptionProvider.AZURE]);
      expect(() => e.validAttribute(EncryptionProvider.AWS)).toThrow(/not configured/);
    });
  });
});

describe('AtlasProjectEncryption rules (same core rules and messages as the cdk engine)', () => {
  const expectRule = (fn: Parameters<typeof synth>[0], ruleId: string) => {
    let error: unknown;
    try {
      synth(fn);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EarValidationError);
    expect((error as EarValidationError).message).toContain(`[${ruleId}]`);
    return error as EarValidationError;
  };

  test('SYN-AZ-1: a versionless key identifier is accepted (Atlas uses the latest enabled version)', () => {
    expect(() =>
      synth(
        (scope) =>
          void new AtlasProjectEncryption(scope, 'E', {
            projectId: PROJECT_ID,
            azureKeyVault: azureByReference(scope, { keyIdentifier: 'https://ear-vault.vault.azure.net/keys/atlas' }),
          }),
      ),
    ).not.toThrow();
  });

  test('SYN-AZ-1: a malformed key version', () => {
    const e = expectRule(
      (scope) =>
        void new AtlasProjectEncryption(scope, 'E', {
          projectId: PROJECT_ID,
          azureKeyVault: azureByReference(scope, { keyIdentifier: 'https://ear-vault.vault.azure.net/keys/atlas/v1' }),
        }),
      'SYN-AZ-1',
    );
    expect(e.ruleId).toBe('SYN-AZ-1');
  });

  test('SYN-AZ-1: key in another vault', () => {
    expectRule(
      (scope) =>
        void new AtlasProjectEncryption(scope, 'E', {
          projectId: PROJECT_ID,
          azureKeyVault: azureByReference(scope, {
            keyIdentifier: 'https://other-vault.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef',
          }),
        }),
      'SYN-AZ-1',
    );
  });

  test('SYN-SEC-1: a literal client secret is refused, and never echoed', () => {
    const e = expectRule(
      (scope) =>
        void new AtlasProjectEncryption(scope, 'E', {
          projectId: PROJECT_ID,
          azureKeyVault: azureByReference(scope, { clientSecret: 'hunter2-literal' }),
        }),
      'SYN-SEC-1',
    );
    expect(e.message).not.toContain('hunter2-literal');
  });

  test('SYN-PROJ-4: malformed project id', () => {
    expectRule((scope) => void encryptionFor(scope, azureKey(scope), { projectId: 'not-a-project' }), 'SYN-PROJ-4');
  });

  test('SYN-PROJ-2: no provider configured', () => {
    expectRule((scope) => void new AtlasProjectEncryption(scope, 'E', { projectId: PROJECT_ID }), 'SYN-PROJ-2');
  });

  test('SYN-PROJ-2: two encryption constructs for one project (also by identical token)', () => {
    expectRule((scope) => {
      const key = azureKey(scope);
      encryptionFor(scope, key, {}, 'First');
      encryptionFor(scope, key, {}, 'Second');
    }, 'SYN-PROJ-2');
    expectRule((scope) => {
      const id = new TerraformVariable(scope, 'project', { type: 'string' }).stringValue;
      const key = azureKey(scope, { projectId: id });
      encryptionFor(scope, key, { projectId: id }, 'First');
      encryptionFor(scope, key, { projectId: id }, 'Second');
    }, 'SYN-PROJ-2');
  });

  test('SYN-AWS-1: unknown AWS region', () => {
    expectRule(
      (scope) =>
        void new AtlasProjectEncryption(scope, 'E', {
          projectId: PROJECT_ID,
          awsKms: AwsKmsConfiguration.fromAttributes({
            customerMasterKeyId: AWS_KEY,
            region: 'mars-north-1',
            roleId: ROLE_ID,
          }),
        }),
      'SYN-AWS-1',
    );
  });

  test('unresolved project id is deferred, not rejected', () => {
    expect(() =>
      synth((scope) => {
        const id = new TerraformVariable(scope, 'project', { type: 'string' }).stringValue;
        encryptionFor(scope, azureKey(scope, { projectId: id }), { projectId: id });
      }),
    ).not.toThrow();
  });
});

test('SYN-ALERT-2: rotation alert interval below 5 minutes', () => {
  expect(() =>
    synth((scope) => void encryptionFor(scope, azureKey(scope), { rotationAlert: { intervalMinutes: 1 } })),
  ).toThrow('[SYN-ALERT-2]');
});
