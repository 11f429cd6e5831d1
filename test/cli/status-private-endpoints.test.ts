/** `atlas-ear status`: encryption-at-rest private endpoints in the report (pure report builder). */
import type { ClusterWire, EncryptionAtRestWire } from '../../lib/core/atlas/wire';
import { buildStatusReport } from '../../lib/cli/status';

const PROJECT = '5f1a2b3c4d5e6f7a8b9c0d1e';
const NOW = new Date('2026-12-01T00:00:00Z');
const azureEar: EncryptionAtRestWire = {
  azureKeyVault: { enabled: true, valid: true, keyVaultName: 'kv-atlas1', requirePrivateNetworking: true },
};
const cluster = (name: string, region: string): ClusterWire => ({
  name,
  encryptionAtRestProvider: 'AZURE',
  replicationSpecs: [{ regionConfigs: [{ providerName: 'AZURE', regionName: region, priority: 7 }] }],
});

function report(endpoints: Parameters<typeof buildStatusReport>[0]['privateEndpoints'], clusters: ClusterWire[] = []) {
  return buildStatusReport({
    projectId: PROJECT,
    encryption: azureEar,
    clusters,
    alertConfigs: [
      {
        eventTypeName: 'AZURE_ENCRYPTION_KEY_NEEDS_ROTATION',
        enabled: true,
        threshold: { operator: 'GREATER_THAN', threshold: 90, units: 'DAYS' },
        notifications: [],
      },
    ],
    privateEndpoints: endpoints,
    now: NOW,
  });
}

describe('status: private endpoints', () => {
  test('lists the endpoints and warns about one pending approval, naming vault and connection', () => {
    const r = report({
      AZURE: [
        {
          id: 'a'.repeat(24),
          regionName: 'EUROPE_WEST',
          status: 'PENDING_ACCEPTANCE',
          privateEndpointConnectionName: 'pe-1.abc',
        },
      ],
    });
    const azure = r.providers.find((p) => p.provider === 'AZURE')!;
    expect(azure.privateEndpoints).toEqual([
      {
        id: 'a'.repeat(24),
        regionName: 'EUROPE_WEST',
        status: 'PENDING_ACCEPTANCE',
        privateEndpointConnectionName: 'pe-1.abc',
      },
    ]);
    expect(r.warnings).toContain(
      'AZURE: endpoint pending approval in vault kv-atlas1: approve connection pe-1.abc (region EUROPE_WEST); Atlas cannot reach the key from EUROPE_WEST until then.',
    );
  });

  test('FAILED and a cluster region without an ACTIVE endpoint are warnings; all ACTIVE is quiet', () => {
    const failed = report(
      { AZURE: [{ id: 'b'.repeat(24), regionName: 'EUROPE_WEST', status: 'FAILED', errorMessage: 'denied' }] },
      [cluster('orders', 'EUROPE_NORTH')],
    );
    expect(failed.warnings.some((w) => w.includes('FAILED: denied'))).toBe(true);
    expect(
      failed.warnings.some((w) => w.includes('cluster orders runs in EUROPE_NORTH') && w.includes('SYN-PN-3')),
    ).toBe(true);
    const fine = report({ AZURE: [{ id: 'c'.repeat(24), regionName: 'EUROPE_WEST', status: 'ACTIVE' }] }, [
      cluster('orders', 'EUROPE_WEST'),
    ]);
    expect(fine.warnings.filter((w) => w.includes('endpoint'))).toEqual([]);
  });
});
