import { AtlasProjectEncryption } from 'atlas-encryption-at-rest/cdktf';
import { azureByReference, cluster, PROJECT_ID } from './fixtures';
import { onlyResource, synth } from './helpers';

const V1 = 'https://ear-vault.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef';
const V2 = 'https://ear-vault.vault.azure.net/keys/atlas/fedcba9876543210fedcba9876543210';

function build(keyIdentifier: string) {
  return synth((scope) => {
    const e = new AtlasProjectEncryption(scope, 'Encryption', {
      projectId: PROJECT_ID,
      azureKeyVault: azureByReference(scope, { keyIdentifier }),
    });
    cluster(scope, e);
  });
}

describe('key rotation', () => {
  test('a new key version changes only key_identifier on the encryption resource; clusters untouched', () => {
    const before = build(V1);
    const after = build(V2);
    const earBefore = onlyResource(before, 'mongodbatlas_encryption_at_rest');
    const earAfter = onlyResource(after, 'mongodbatlas_encryption_at_rest');
    const azBefore = (earBefore.azure_key_vault_config as Record<string, unknown>[])[0];
    const azAfter = (earAfter.azure_key_vault_config as Record<string, unknown>[])[0];
    expect(azBefore.key_identifier).toBe(V1);
    expect(azAfter.key_identifier).toBe(V2);
    expect({ ...azAfter, key_identifier: V1 }).toEqual(azBefore);
    expect({ ...earAfter, azure_key_vault_config: earBefore.azure_key_vault_config }).toEqual(earBefore);
    expect(onlyResource(after, 'mongodbatlas_advanced_cluster')).toEqual(
      onlyResource(before, 'mongodbatlas_advanced_cluster'),
    );
  });
});

describe('warnings become annotations', () => {
  test('SYN-AZ-4 warns when the client secret expiry is unknown', () => {
    let encryption: AtlasProjectEncryption | undefined;
    synth((scope) => {
      encryption = new AtlasProjectEncryption(scope, 'Encryption', {
        projectId: PROJECT_ID,
        azureKeyVault: azureByReference(scope, { omitExpiry: true }),
      });
    });
    const warnings = encryption!.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringContaining('[SYN-AZ-4]')]);
  });
});
