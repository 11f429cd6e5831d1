/** Valid core inputs that tests vary one prop at a time. */
import {
  AzureEnvironment,
  CloudProvider,
  ClusterSpec,
  ClusterType,
  EncryptionProvider,
  ProjectEncryptionSpec,
} from '../../lib/core';

export const PROJECT_ID = '5f1a2b3c4d5e6f7a8b9c0d1e';
export const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN = `arn:aws:kms:eu-west-1:111122223333:key/${KEY_ID}`;
export const AZURE_KEY = 'https://kv-atlas1.vault.azure.net/keys/atlas-key/0123456789abcdef0123456789abcdef';
export const GCP_KEY = 'projects/p1/locations/us-east4/keyRings/ring/cryptoKeys/key/cryptoKeyVersions/1';

/** A project with all three providers configured and valid. */
export function validProject(overrides: Partial<ProjectEncryptionSpec> = {}): ProjectEncryptionSpec {
  return {
    projectId: PROJECT_ID,
    aws: { customerMasterKeyId: KEY_ARN, region: 'eu-west-1' },
    azure: {
      azureEnvironment: AzureEnvironment.AZURE,
      tenantId: '00000000-0000-0000-0000-000000000001',
      subscriptionId: '00000000-0000-0000-0000-000000000002',
      resourceGroupName: 'rg-atlas',
      keyVaultName: 'kv-atlas1',
      keyIdentifier: AZURE_KEY,
      clientId: '00000000-0000-0000-0000-000000000003',
      hasClientSecret: true,
      clientSecretExpiresAt: '2027-06-01T00:00:00Z',
    },
    gcp: { keyVersionResourceId: GCP_KEY, roleId: 'aaaaaaaaaaaaaaaaaaaaaaaa' },
    ...overrides,
  };
}

/** An M10 AWS replica set using the AWS key. */
export function validCluster(overrides: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name: 'orders',
    clusterType: ClusterType.REPLICASET,
    regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
    encryptionProvider: EncryptionProvider.AWS,
    backupEnabled: true,
    pitEnabled: true,
    ...overrides,
  };
}

/** The fixed "now" of rule tests, so expiry checks are stable. */
export const NOW = new Date('2026-11-28T00:00:00Z');
