import { Testing } from 'cdktf';
import { AzureKeyVaultExampleStack } from '../../examples/azure-key-vault/stack';
import { AwsKmsExampleStack } from '../../examples/cdktf-aws/stack';
import { GoogleCloudKmsExampleStack } from '../../examples/cdktf-gcp/stack';
import { allStrings, onlyResource, ref, resourcesOf, SynthJson } from './helpers';

/** Keys whose values are secrets wherever they appear in Terraform JSON. */
const SECRET_KEYS = new Set([
  'secret',
  'private_key',
  'public_key',
  'service_account_key',
  'secret_access_key',
  'client_secret',
  'password',
  'value',
]);

function secretValues(value: unknown, out: Array<[string, unknown]> = []): Array<[string, unknown]> {
  if (Array.isArray(value)) value.forEach((v) => secretValues(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEYS.has(k) && (typeof v === 'string' || typeof v === 'number')) out.push([k, v]);
      else secretValues(v, out);
    }
  }
  return out;
}

describe('examples/azure-key-vault', () => {
  const app = Testing.app();
  const stack = new AzureKeyVaultExampleStack(app, 'atlas-ear-azure');
  const text = Testing.synth(stack);
  const json = JSON.parse(text) as SynthJson;

  test('snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  test('no secret literal: every secret is a reference, Atlas credentials are sensitive variables', () => {
    const secrets = secretValues({ resource: json.resource, provider: json.provider });
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    for (const [key, v] of secrets) {
      expect([key, v]).toEqual([key, expect.stringMatching(/^\$\{[^}]+\}$/)]);
    }
    const atlas = (json.provider?.mongodbatlas as Record<string, unknown>[])[0];
    expect(atlas).toMatchObject({ public_key: '${var.atlas_public_key}', private_key: '${var.atlas_private_key}' });
    expect(json.variable?.atlas_public_key).toMatchObject({ sensitive: true });
    expect(json.variable?.atlas_private_key).toMatchObject({ sensitive: true });
    for (const v of Object.values(json.variable ?? {})) expect(v).not.toHaveProperty('default');
    // Secretless: no client secret exists at all, Atlas gets the role id of its own service principal.
    expect(resourcesOf(json, 'azuread_application_password')).toEqual({});
    const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
    const azure = (ear.azure_key_vault_config as Record<string, unknown>[])[0];
    expect(azure).not.toHaveProperty('secret');
    expect(azure.role_id).toMatch(/^\$\{mongodbatlas_cloud_provider_access_authorization\.[^.]+\.role_id\}$/);
    // Nothing that looks like an Azure client secret (they contain `~`) or a private key literal.
    expect(allStrings(json).filter((s) => /~|BEGIN PRIVATE KEY/.test(s))).toEqual([]);
  });

  test('required_providers: mongodbatlas >= 2.8.0 for the secretless role_id', () => {
    const terraform = (json as { terraform?: { required_providers?: Record<string, unknown> } }).terraform;
    expect(terraform?.required_providers?.mongodbatlas).toEqual({
      source: 'mongodb/mongodbatlas',
      version: '>= 2.8.0',
    });
  });

  test('azurerm never purges soft-deleted vaults or keys', () => {
    const azurerm = (json.provider?.azurerm as Record<string, unknown>[])[0];
    expect(azurerm).toMatchObject({
      features: [{ key_vault: [{ purge_soft_delete_on_destroy: false, purge_soft_deleted_keys_on_destroy: false }] }],
    });
  });
});

describe('examples/cdktf-gcp', () => {
  const app = Testing.app();
  const stack = new GoogleCloudKmsExampleStack(app, 'atlas-ear-gcp');
  const json = JSON.parse(Testing.synth(stack)) as SynthJson & {
    terraform?: { required_providers?: Record<string, { version?: string }> };
  };

  test('no secret anywhere: Atlas credentials are sensitive variables, Google Cloud gets a role, not a key', () => {
    const secrets = secretValues({ resource: json.resource, provider: json.provider });
    expect(secrets.map(([k]) => k).sort()).toEqual(['private_key', 'public_key']);
    for (const [key, v] of secrets) {
      expect([key, v]).toEqual([key, expect.stringMatching(/^\$\{var\.[^}]+\}$/)]);
    }
    expect(json.variable?.atlas_public_key).toMatchObject({ sensitive: true });
    expect(json.variable?.atlas_private_key).toMatchObject({ sensitive: true });
    for (const v of Object.values(json.variable ?? {})) expect(v).not.toHaveProperty('default');
    const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
    const gcp = (ear.google_cloud_kms_config as Record<string, unknown>[])[0];
    expect(gcp).not.toHaveProperty('service_account_key');
    expect(gcp.role_id).toMatch(/^\$\{mongodbatlas_cloud_provider_access_authorization\.[^.]+\.role_id\}$/);
    expect(gcp.key_version_resource_id).toMatch(/^\$\{google_kms_crypto_key\.[^.]+\.primary\[0\]\.name\}$/);
    expect(allStrings(json).filter((s) => /BEGIN PRIVATE KEY|"private_key_id"/.test(s))).toEqual([]);
  });

  test('key ring, key, access role and grants are protected; the cluster is on Google Cloud with the GCP key', () => {
    for (const type of [
      'google_kms_key_ring',
      'google_kms_crypto_key',
      'mongodbatlas_cloud_provider_access_setup',
      'mongodbatlas_cloud_provider_access_authorization',
    ]) {
      expect(onlyResource(json, type)).toMatchObject({ lifecycle: { prevent_destroy: true } });
    }
    const grants = Object.values(resourcesOf(json, 'google_kms_crypto_key_iam_member'));
    expect(grants).toHaveLength(2);
    for (const g of grants) expect(g).toMatchObject({ lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, 'mongodbatlas_advanced_cluster')).toMatchObject({ encryption_at_rest_provider: 'GCP' });
  });

  test('required_providers pins the versions the README states', () => {
    expect(json.terraform?.required_providers).toMatchObject({
      mongodbatlas: { version: '1.41.1' },
      google: { version: '6.50.0' },
      time: { version: '0.13.1' },
    });
  });
});

describe('examples/cdktf-aws', () => {
  const app = Testing.app();
  const stack = new AwsKmsExampleStack(app, 'atlas-ear-aws');
  const json = JSON.parse(Testing.synth(stack)) as SynthJson;

  test('snapshot', () => {
    expect(json).toMatchSnapshot();
  });

  test('key, Atlas role, IAM role, authorization, project encryption and cluster, wired by reference', () => {
    const kms = onlyResource(json, 'aws_kms_key');
    const auth = onlyResource(json, 'mongodbatlas_cloud_provider_access_authorization');
    const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
    expect(kms).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect((ear.aws_kms_config as Record<string, unknown>[])[0]).toMatchObject({
      customer_master_key_id: ref('aws_kms_key', kms.logicalId, 'arn'),
      region: 'US_EAST_1',
      role_id: ref('mongodbatlas_cloud_provider_access_authorization', auth.logicalId, 'role_id'),
    });
    expect(onlyResource(json, 'mongodbatlas_advanced_cluster')).toMatchObject({ encryption_at_rest_provider: 'AWS' });
  });

  test('no secret literal: only the Atlas API key, as sensitive variables', () => {
    const secrets = secretValues({ resource: json.resource, provider: json.provider });
    expect(secrets.map(([k]) => k).sort()).toEqual(['private_key', 'public_key']);
    for (const [key, v] of secrets) expect([key, v]).toEqual([key, expect.stringMatching(/^\$\{var\.[^}]+\}$/)]);
    expect(json.variable?.atlas_private_key).toMatchObject({ sensitive: true });
    for (const v of Object.values(json.variable ?? {})) expect(v).not.toHaveProperty('default');
  });
});
