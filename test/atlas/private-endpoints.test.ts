/** Encryption-at-rest private endpoints: the emulator's lifecycle and refusals, driven through AtlasClient. */
import { AtlasApiError, type AtlasClient } from '../../lib/atlas';
import { startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { GROUP, awsBlock, clientFor, clusterBody } from './helpers';

let emu: AtlasEmulator;
let clock: number;
beforeEach(async () => {
  clock = Date.UTC(2026, 0, 1);
  emu = await startAtlasEmulator({
    now: () => clock,
    durations: { privateEndpointCreateMs: 60_000, privateEndpointDeleteMs: 30_000, clusterCreateMs: 0 },
  });
});
afterEach(async () => {
  expect(emu.state.defects).toEqual([]);
  await emu.stop();
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return `${(e as AtlasApiError).status} ${(e as AtlasApiError).errorCode}`;
  }
  return 'ok';
}

const AZURE = {
  enabled: true,
  azureEnvironment: 'AZURE',
  subscriptionID: '11111111-1111-1111-1111-111111111111',
  resourceGroupName: 'rg',
  keyVaultName: 'kv1',
  keyIdentifier: 'https://kv1.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef',
  clientID: '22222222-2222-2222-2222-222222222222',
  tenantID: '33333333-3333-3333-3333-333333333333',
  secret: 'azure-secret-value',
};

async function privateAws(client: AtlasClient): Promise<void> {
  const role = emu.state.project(GROUP).seedAuthorizedAwsRole();
  await client.updateEncryptionAtRest(GROUP, { awsKms: { ...awsBlock(role).awsKms, requirePrivateNetworking: true } });
}

describe('private endpoints', () => {
  test('AWS: POST 202 INITIATING, then ACTIVE; listed and read one by one', async () => {
    const { client } = clientFor(emu);
    await privateAws(client);
    const created = await client.createPrivateEndpoint(GROUP, 'AWS', 'US_EAST_1');
    expect(created).toMatchObject({ cloudProvider: 'AWS', regionName: 'US_EAST_1', status: 'INITIATING' });
    expect((await client.getPrivateEndpoint(GROUP, 'AWS', created.id!))?.status).toBe('INITIATING');
    clock += 60_000;
    expect((await client.getPrivateEndpoint(GROUP, 'AWS', created.id!))?.status).toBe('ACTIVE');
    expect((await client.listPrivateEndpoints(GROUP, 'AWS')).map((e) => e.regionName)).toEqual(['US_EAST_1']);
    expect(await client.listPrivateEndpoints(GROUP, 'AZURE')).toEqual([]);
  });

  test('Azure: PENDING_ACCEPTANCE with a connection name until the vault owner approves it', async () => {
    const { client } = clientFor(emu);
    await client.updateEncryptionAtRest(GROUP, { azureKeyVault: { ...AZURE, requirePrivateNetworking: true } });
    const created = await client.createPrivateEndpoint(GROUP, 'AZURE', 'EUROPE_WEST');
    clock += 60_000;
    const pending = await client.getPrivateEndpoint(GROUP, 'AZURE', created.id!);
    expect(pending?.status).toBe('PENDING_ACCEPTANCE');
    expect(pending?.privateEndpointConnectionName).toMatch(/\S+/);
    clock += 3_600_000;
    expect((await client.getPrivateEndpoint(GROUP, 'AZURE', created.id!))?.status).toBe('PENDING_ACCEPTANCE');
    emu.state.project(GROUP).approvePrivateEndpoint(created.id!);
    expect((await client.getPrivateEndpoint(GROUP, 'AZURE', created.id!))?.status).toBe('ACTIVE');
  });

  test('a failing endpoint ends FAILED with an errorMessage', async () => {
    const { client } = clientFor(emu);
    await privateAws(client);
    emu.state.project(GROUP).family.privateEndpoints.failNext.set('AWS:EU_WEST_1', 'quota exceeded');
    const created = await client.createPrivateEndpoint(GROUP, 'AWS', 'EU_WEST_1');
    clock += 60_000;
    expect(await client.getPrivateEndpoint(GROUP, 'AWS', created.id!)).toMatchObject({
      status: 'FAILED',
      errorMessage: 'quota exceeded',
    });
  });

  test('create refusals: no private networking, bad or missing region, duplicate region, GCP', async () => {
    const { client } = clientFor(emu);
    expect(await code(client.createPrivateEndpoint(GROUP, 'AWS', 'US_EAST_1'))).toBe(
      '400 ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED',
    );
    await privateAws(client);
    expect(await code(client.createPrivateEndpoint(GROUP, 'AWS', 'EUROPE_WEST'))).toBe('400 INVALID_ENUM_VALUE');
    expect(await code(client.createPrivateEndpoint(GROUP, 'AWS', 'GLOBAL'))).toBe('400 INVALID_ENUM_VALUE');
    expect(await code(client.createPrivateEndpoint(GROUP, 'GCP' as 'AWS', 'US_EAST_1'))).toBe('400 INVALID_ENUM_VALUE');
    await client.createPrivateEndpoint(GROUP, 'AWS', 'US_EAST_1');
    expect(await code(client.createPrivateEndpoint(GROUP, 'AWS', 'US_EAST_1'))).toBe(
      '400 ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS',
    );
  });

  test('delete: refused while INITIATING, then DELETING, then gone (404 → undefined); a repeat request is refused', async () => {
    const { client } = clientFor(emu);
    await privateAws(client);
    const { id } = await client.createPrivateEndpoint(GROUP, 'AWS', 'US_EAST_1');
    expect(await code(client.requestPrivateEndpointDeletion(GROUP, 'AWS', id!))).toBe(
      '400 ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
    );
    clock += 60_000;
    await client.requestPrivateEndpointDeletion(GROUP, 'AWS', id!);
    expect((await client.getPrivateEndpoint(GROUP, 'AWS', id!))?.status).toBe('DELETING');
    expect(await code(client.requestPrivateEndpointDeletion(GROUP, 'AWS', id!))).toBe(
      '400 ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_REQUESTED_DELETION',
    );
    clock += 30_000;
    expect(await client.getPrivateEndpoint(GROUP, 'AWS', id!)).toBeUndefined();
    await expect(client.requestPrivateEndpointDeletion(GROUP, 'AWS', id!)).resolves.toBeUndefined();
  });

  test('EAR cannot be disabled, nor private networking turned off, while endpoints exist', async () => {
    const { client } = clientFor(emu);
    await privateAws(client);
    const { id } = await client.createPrivateEndpoint(GROUP, 'AWS', 'US_EAST_1');
    clock += 60_000;
    expect(await code(client.updateEncryptionAtRest(GROUP, { awsKms: { enabled: false } }))).toBe(
      '400 CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
    );
    const err = await client
      .updateEncryptionAtRest(GROUP, { awsKms: { requirePrivateNetworking: false } })
      .catch((e: AtlasApiError) => e);
    expect((err as AtlasApiError).errorCode).toBe(
      'CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST',
    );
    expect((err as AtlasApiError).message).toContain('US_EAST_1');
    await client.requestPrivateEndpointDeletion(GROUP, 'AWS', id!);
    clock += 30_000;
    await client.updateEncryptionAtRest(GROUP, { awsKms: { enabled: false } });
    expect(emu.state.project(GROUP).ear.awsKms.enabled).toBe(false);
  });

  test('a cluster on the provider needs an ACTIVE endpoint in each of its regions', async () => {
    const { client } = clientFor(emu);
    await privateAws(client);
    expect(await code(client.createCluster(GROUP, clusterBody('c1')))).toBe(
      '400 ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_ACTIVE',
    );
    await client.createPrivateEndpoint(GROUP, 'AWS', 'US_EAST_1');
    expect(await code(client.createCluster(GROUP, clusterBody('c1')))).toBe(
      '400 ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_ACTIVE',
    );
    clock += 60_000;
    expect(await code(client.createCluster(GROUP, clusterBody('c1')))).toBe('ok');
    // A cluster without a customer key does not need one.
    expect(await code(client.createCluster(GROUP, clusterBody('c2', 'NONE')))).toBe('ok');
  });
});
