/** Small builders for CLI tests: Atlas wire objects and restore facts. */
import type { ClusterWire, EncryptionAtRestWire, SnapshotWire } from '../../lib/core/atlas/wire';
import type { RestoreFacts } from '../../lib/cli/restore/facts';

export const PROJECT = '65f0c0ffee0123456789abcd';
export const OTHER_PROJECT = '65f0c0ffee0123456789abce';
export const KEY_1 = '1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_2 = '2234abcd-12ab-34cd-56ef-1234567890ab';
export const AZURE_KEY = 'https://kv1.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef';
export const GCP_KEY = 'projects/p/locations/us-east4/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1';

/** An M10 AWS replica set using `provider`. */
export function cluster(name: string, overrides: Partial<ClusterWire> = {}, size = 'M10'): ClusterWire {
  return {
    name,
    clusterType: 'REPLICASET',
    backupEnabled: true,
    pitEnabled: true,
    encryptionAtRestProvider: 'AWS',
    mongoDBMajorVersion: '7.0',
    mongoDBVersion: '7.0.12',
    stateName: 'IDLE',
    replicationSpecs: [
      {
        regionConfigs: [
          {
            providerName: 'AWS',
            regionName: 'US_EAST_1',
            priority: 7,
            electableSpecs: { instanceSize: size, nodeCount: 3 },
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** Project encryption with an AWS key (and optionally other providers). */
export function awsEar(
  keyId = KEY_1,
  region = 'US_EAST_1',
  valid = true,
  extra: EncryptionAtRestWire = {},
): EncryptionAtRestWire {
  return {
    awsKms: { enabled: true, customerMasterKeyID: keyId, region, valid },
    azureKeyVault: { enabled: false },
    googleCloudKms: { enabled: false },
    ...extra,
  };
}

/** A completed snapshot taken on 2025-03-01. */
export function snapshot(overrides: Partial<SnapshotWire> = {}): SnapshotWire {
  return {
    id: '65f0c0ffee0123456789ab01',
    createdAt: '2025-03-01T00:00:00Z',
    expiresAt: '2026-03-01T00:00:00Z',
    status: 'completed',
    mongodVersion: '7.0.12',
    type: 'replicaSet',
    masterKeyUUID: '0f0e0d0c-0b0a-4909-8807-060504030201',
    ...overrides,
  };
}

/** Restore facts for an in-place restore of a healthy AWS cluster with a usable key. */
export function facts(overrides: Partial<RestoreFacts> = {}): RestoreFacts {
  return {
    sourceProjectId: PROJECT,
    sourceClusterName: 'orders',
    sourceCluster: cluster('orders'),
    sourceEncryption: awsEar(),
    snapshot: snapshot(),
    targetProjectId: PROJECT,
    targetClusterName: 'orders',
    targetCluster: cluster('orders'),
    targetEncryption: awsEar(),
    snapshotKeyAccess: { status: 'usable', keyState: 'Enabled' },
    keyHistory: [{ provider: 'AWS', keyId: KEY_1, from: '2024-01-01T00:00:00Z', to: null }],
    ...overrides,
  };
}
