/** `atlas-ear status`: the identity of each provider's key configuration and the state of its Atlas role. */
import type { AccessRoleLookup } from '../../lib/core/atlas/key-identity';
import type { EncryptionAtRestWire } from '../../lib/core/atlas/wire';
import { buildStatusReport, printStatus } from '../../lib/cli/status';
import type { Output } from '../../lib/cli/output';

const PROJECT = '5f1a2b3c4d5e6f7a8b9c0d1e';
const ROLE = '65f0c0ffee0123456789ab21';
const NOW = new Date('2026-12-01T00:00:00Z');
const secretless: EncryptionAtRestWire = {
  azureKeyVault: { enabled: true, valid: true, keyIdentifier: 'https://kv.vault.azure.net/keys/k/1', roleId: ROLE },
};

function report(encryption: EncryptionAtRestWire, lookup?: AccessRoleLookup) {
  return buildStatusReport({
    projectId: PROJECT,
    encryption,
    clusters: [],
    alertConfigs: [],
    ...(lookup ? { accessRoles: { AZURE: lookup } } : {}),
    now: NOW,
  });
}
const azureOf = (r: ReturnType<typeof report>) => r.providers.find((p) => p.provider === 'AZURE')!;
const roleWarnings = (r: ReturnType<typeof report>) => r.warnings.filter((w) => w.includes('Atlas role'));

describe('status: identities', () => {
  test('an authorized Azure role: kind and state shown, no warning', () => {
    const r = report(secretless, {
      roleId: ROLE,
      found: true,
      role: {
        providerName: 'AZURE',
        _id: ROLE,
        createdDate: '2026-01-01T00:00:00Z',
        lastUpdatedDate: '2026-01-01T00:05:00Z',
      },
    });
    expect(azureOf(r).identity).toMatchObject({
      kind: 'AZURE_SERVICE_PRINCIPAL',
      roleId: ROLE,
      roleState: 'AUTHORIZED',
    });
    expect(roleWarnings(r)).toEqual([]);
  });

  test('a removed role warns: Atlas cannot reach the key without it', () => {
    const r = report(secretless, { roleId: ROLE, found: false });
    expect(azureOf(r).identity?.roleState).toBe('REMOVED');
    expect(roleWarnings(r)).toEqual([
      expect.stringMatching(/^AZURE: .* no longer exists .*Atlas cannot reach the key/),
    ]);
  });

  test('an Azure role never authorized warns and says to authorize it', () => {
    const r = report(secretless, {
      roleId: ROLE,
      found: true,
      role: {
        providerName: 'AZURE',
        _id: ROLE,
        createdDate: '2026-01-01T00:00:00Z',
        lastUpdatedDate: '2026-01-01T00:00:00Z',
      },
    });
    expect(azureOf(r).identity?.roleState).toBe('UNAUTHORIZED');
    expect(roleWarnings(r)).toEqual([expect.stringMatching(/not authorized.*Authorize the role/)]);
  });

  test('a role that could not be read is UNKNOWN, with a warning that says so', () => {
    const r = report(secretless, { roleId: ROLE, error: '503 SERVICE_UNAVAILABLE' });
    expect(azureOf(r).identity?.roleState).toBe('UNKNOWN');
    expect(roleWarnings(r)).toEqual([expect.stringMatching(/could not read .*: 503 SERVICE_UNAVAILABLE/)]);
  });

  test('a client secret: the kind and client id, never a role state; the text says the expiry is not visible', () => {
    const r = report({
      azureKeyVault: {
        enabled: true,
        valid: true,
        keyIdentifier: 'https://kv.vault.azure.net/keys/k/1',
        clientID: 'app-1',
      },
    });
    expect(azureOf(r).identity).toEqual({
      kind: 'AZURE_CLIENT_SECRET',
      description: 'Azure client secret, client id app-1',
      clientId: 'app-1',
    });
    const lines: string[] = [];
    printStatus(r, { data: () => undefined, text: (l: readonly string[]) => lines.push(...l) } as unknown as Output);
    expect(lines).toContain(
      '         identity: Azure client secret, client id app-1 (Atlas holds the credential; its expiry is not visible here)',
    );
  });
});
