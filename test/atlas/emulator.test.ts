/** Atlas emulator behaviour, driven through AtlasClient: EAR, CPA, cluster lifecycle, snapshots, alerts. */
import { AtlasApiError } from '../../lib/atlas';
import { startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { GROUP, awsBlock, clientFor, clusterBody } from './helpers';

let emu: AtlasEmulator;
let clock: number;
beforeEach(async () => {
  clock = Date.UTC(2026, 0, 1);
  emu = await startAtlasEmulator({
    now: () => clock,
    durations: { clusterCreateMs: 60_000, clusterUpdateMs: 30_000, clusterDeleteMs: 10_000, gcpRoleMs: 5_000 },
  });
});
afterEach(async () => {
  await emu.stop();
});

const KEY_1 = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_2 = 'mrk-0123456789abcdef0123456789abcdef';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AtlasApiError);
    return `${(e as AtlasApiError).status} ${(e as AtlasApiError).errorCode}`;
  }
  throw new Error('expected a rejection');
}

/** Creates, authorizes and enables an AWS key through the API. */
async function enableAws(client: ReturnType<typeof clientFor>['client'], key = KEY_1): Promise<string> {
  const role = await client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' });
  await client.authorizeCloudProviderAccessRole(GROUP, role.roleId as string, {
    providerName: 'AWS',
    iamAssumedRoleArn: 'arn:aws:iam::111122223333:role/atlas',
  });
  await client.updateEncryptionAtRest(GROUP, awsBlock(role.roleId as string, key));
  return role.roleId as string;
}

describe('encryption at rest and cloud provider access', () => {
  test('AWS role create → authorize → EAR valid; write-only roleId never returned; featureUsages tracks use', async () => {
    const { client } = clientFor(emu);
    const role = await client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' });
    expect(role).toMatchObject({ providerName: 'AWS', featureUsages: [] });
    expect(role.atlasAWSAccountArn).toMatch(/^arn:aws:iam::\d{12}:root$/);
    expect(role.atlasAssumedRoleExternalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(role.authorizedDate).toBeUndefined();

    expect(await code(client.updateEncryptionAtRest(GROUP, awsBlock(role.roleId as string)))).toBe(
      '400 CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED',
    );
    await client.authorizeCloudProviderAccessRole(GROUP, role.roleId as string, {
      providerName: 'AWS',
      iamAssumedRoleArn: 'arn:aws:iam::111122223333:role/atlas',
    });
    const ear = await client.updateEncryptionAtRest(GROUP, awsBlock(role.roleId as string));
    expect(ear.awsKms).toEqual({ enabled: true, customerMasterKeyID: KEY_1, region: 'US_EAST_1', valid: true });
    expect(ear.azureKeyVault).toEqual({ enabled: false, valid: false });
    expect(ear.googleCloudKms).toEqual({ enabled: false, valid: false });

    const got = await client.getCloudProviderAccessRole(GROUP, role.roleId as string);
    expect(got.featureUsages).toEqual([{ featureType: 'ENCRYPTION_AT_REST', featureId: { groupId: GROUP } }]);
    expect(await code(client.deauthorizeCloudProviderAccessRole(GROUP, 'AWS', role.roleId as string))).toBe(
      '409 CLOUD_PROVIDER_ACCESS_ROLE_IN_USE',
    );
    await client.updateEncryptionAtRest(GROUP, { awsKms: { enabled: false } });
    await client.deauthorizeCloudProviderAccessRole(GROUP, 'AWS', role.roleId as string);
    expect((await client.listCloudProviderAccess(GROUP)).awsIamRoles).toEqual([]);
  });

  test('PATCH merges only the blocks sent; Azure secret never returned; GCP role completes asynchronously', async () => {
    const { client } = clientFor(emu);
    await enableAws(client);
    const azure = {
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
    const ear = await client.updateEncryptionAtRest(GROUP, { azureKeyVault: azure });
    expect(ear.awsKms?.valid).toBe(true);
    expect(ear.azureKeyVault?.valid).toBe(true);
    expect(JSON.stringify(ear)).not.toContain('azure-secret-value');

    const gcpRole = await client.createCloudProviderAccessRole(GROUP, { providerName: 'GCP' });
    expect(gcpRole.status).toBe('IN_PROGRESS');
    expect(gcpRole.gcpServiceAccountForAtlas).toMatch(/@.*\.iam\.gserviceaccount\.com$/);
    const gcp = {
      enabled: true,
      keyVersionResourceID: 'projects/p/locations/us-east4/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1',
      roleId: gcpRole.roleId,
    };
    expect(await code(client.updateEncryptionAtRest(GROUP, { googleCloudKms: gcp }))).toBe(
      '400 INVALID_GOOGLE_CLOUD_CREDENTIALS',
    );
    clock += 5_000;
    expect((await client.getCloudProviderAccessRole(GROUP, gcpRole.roleId as string)).status).toBe('COMPLETE');
    expect((await client.updateEncryptionAtRest(GROUP, { googleCloudKms: gcp })).googleCloudKms).toMatchObject({
      valid: true,
      roleId: gcpRole.roleId,
    });
  });

  test('a disabled key makes the config invalid and blocks changes (ENCRYPTION_AT_REST_SETTINGS_INVALID)', async () => {
    const { client } = clientFor(emu);
    const roleId = await enableAws(client);
    emu.state.setKeyStatus(KEY_1, 'DISABLED');
    expect((await client.getEncryptionAtRest(GROUP)).awsKms?.valid).toBe(false);
    expect(await code(client.updateEncryptionAtRest(GROUP, awsBlock(roleId, KEY_2)))).toBe(
      '400 ENCRYPTION_AT_REST_SETTINGS_INVALID',
    );
    emu.state.setKeyStatus(KEY_1, 'ENABLED');
    emu.state.setKeyStatus(KEY_2, 'DISABLED');
    expect(await code(client.updateEncryptionAtRest(GROUP, awsBlock(roleId, KEY_2)))).toBe(
      '400 AWS_KMS_CUSTOMER_MASTER_KEY_NOT_ENABLED',
    );
  });
});

describe('clusters', () => {
  test('lifecycle: CREATING → IDLE, UPDATING → IDLE, DELETING → gone', async () => {
    const { client } = clientFor(emu);
    await enableAws(client);
    const created = await client.createCluster(GROUP, clusterBody('c1'));
    expect(created).toMatchObject({ name: 'c1', stateName: 'CREATING', encryptionAtRestProvider: 'AWS' });
    expect(created.replicationSpecs?.[0].id).toMatch(/^[a-f0-9]{24}$/);
    clock += 59_999;
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('CREATING');
    clock += 1;
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('IDLE');
    expect((await client.updateCluster(GROUP, 'c1', { encryptionAtRestProvider: 'NONE' })).stateName).toBe('UPDATING');
    clock += 30_000;
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('IDLE');
    await client.deleteCluster(GROUP, 'c1');
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('DELETING');
    clock += 10_000;
    expect(await client.getCluster(GROUP, 'c1')).toBeUndefined();
    expect(await client.listClusters(GROUP)).toEqual([]);
  });

  test('Atlas errors: not enabled, tiers, duplicate, provider switch, paused, disable while used', async () => {
    const { client } = clientFor(emu);
    expect(await code(client.createCluster(GROUP, clusterBody('c1')))).toBe('400 ENCRYPTION_AT_REST_NOT_ENABLED');
    await enableAws(client);
    expect(await code(client.createCluster(GROUP, clusterBody('c1', 'AWS', 'M5')))).toBe(
      '400 INSUFFICIENT_INSTANCE_SIZE',
    );
    const tenant = clusterBody('c1');
    tenant.replicationSpecs = [
      { regionConfigs: [{ providerName: 'TENANT', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M0' } }] },
    ];
    expect(await code(client.createCluster(GROUP, tenant))).toBe('400 CANNOT_USE_ENCRYPTION_AT_REST_TENANT');
    await client.createCluster(GROUP, clusterBody('c1'));
    expect(await code(client.createCluster(GROUP, clusterBody('c1')))).toBe('400 DUPLICATE_CLUSTER_NAME');
    expect(await code(client.updateCluster(GROUP, 'c1', { encryptionAtRestProvider: 'AZURE' }))).toBe(
      '409 CANNOT_CHANGE_ENCRYPTION_AT_REST_PROVIDER',
    );
    expect(await code(client.updateEncryptionAtRest(GROUP, { awsKms: { enabled: false } }))).toBe(
      '409 CANNOT_DISABLE_ENCRYPTION_AT_REST',
    );
    emu.state.project(GROUP).clusters.get('c1')!.wire.paused = true;
    expect(await code(client.updateCluster(GROUP, 'c1', { encryptionAtRestProvider: 'NONE' }))).toBe(
      '409 CANNOT_UPDATE_PAUSED_CLUSTER',
    );
    await client.updateCluster(GROUP, 'c1', { paused: false });
    await client.updateCluster(GROUP, 'c1', { encryptionAtRestProvider: 'NONE' });
    emu.state.settle();
    const ear = await client.updateEncryptionAtRest(GROUP, { awsKms: { enabled: false } });
    expect(ear.awsKms).toEqual({ enabled: false, valid: false });
  });
});

describe('snapshots, restore jobs, alerts', () => {
  test('masterKeyUUID follows the key in effect; restore checks the provider', async () => {
    const { client } = clientFor(emu);
    const roleId = await enableAws(client);
    await client.createCluster(GROUP, clusterBody('c1'));
    emu.state.settle();
    const s1 = emu.state.takeSnapshot(GROUP, 'c1');
    clock += 3_600_000;
    const s1again = emu.state.takeSnapshot(GROUP, 'c1');
    await client.updateEncryptionAtRest(GROUP, awsBlock(roleId, KEY_2));
    clock += 3_600_000;
    const s2 = emu.state.takeSnapshot(GROUP, 'c1', { retentionDays: 30 });
    expect(s1.masterKeyUUID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(s1again.masterKeyUUID).toBe(s1.masterKeyUUID);
    expect(s2.masterKeyUUID).not.toBe(s1.masterKeyUUID);
    expect(Date.parse(s2.expiresAt as string) - Date.parse(s2.createdAt)).toBe(30 * 86_400_000);

    const listed = await client.listSnapshots(GROUP, 'c1');
    expect(listed.map((s) => s.id)).toEqual([s2.id, s1again.id, s1.id]);
    expect(await client.getSnapshot(GROUP, 'c1', s1.id)).toEqual(s1);

    emu.state.project(GROUP).seedCluster(clusterBody('plain', 'NONE'));
    expect(
      await code(
        client.createRestoreJob(GROUP, 'c1', {
          deliveryType: 'automated',
          snapshotId: s1.id,
          targetClusterName: 'plain',
        }),
      ),
    ).toBe('400 INVALID_SNAPSHOT_RESTORE_ENCRYPTION');
    emu.state.setKeyStatus(KEY_1, 'DISABLED');
    const job = await client.createRestoreJob(GROUP, 'c1', {
      deliveryType: 'automated',
      snapshotId: s1.id,
      targetClusterName: 'c1',
    });
    expect(job.id).toMatch(/^[a-f0-9]{24}$/);
    expect((await client.getRestoreJob(GROUP, 'c1', job.id as string)).failed).toBe(true); // the snapshot's key is disabled
  });

  test('enabling a provider auto-creates the 90-day rotation alert once; PUT replaces it', async () => {
    const { client } = clientFor(emu);
    const roleId = await enableAws(client);
    await client.updateEncryptionAtRest(GROUP, awsBlock(roleId, KEY_2));
    const alerts = await client.listAlertConfigs(GROUP);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      eventTypeName: 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION',
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: 90, units: 'DAYS' },
    });
    const replaced = await client.replaceAlertConfig(GROUP, alerts[0].id as string, {
      ...alerts[0],
      threshold: { operator: 'GREATER_THAN', threshold: 400, units: 'DAYS' },
    });
    expect(replaced.threshold?.threshold).toBe(400);
    expect(
      await code(
        client.createAlertConfig(GROUP, {
          eventTypeName: 'GCP_ENCRYPTION_KEY_NEEDS_ROTATION',
          enabled: true,
          notifications: [{ typeName: 'GROUP' }],
        }),
      ),
    ).toBe('400 MISSING_THRESHOLD');
    expect(await code(client.replaceAlertConfig(GROUP, '0123456789abcdef01234567', alerts[0]))).toBe(
      '404 ALERT_CONFIG_NOT_FOUND',
    );
  });

  test('modeled latency and the call counter', async () => {
    const slow = await startAtlasEmulator({ latencyMs: 20 });
    try {
      const { client } = clientFor(slow);
      const t0 = Date.now();
      await client.getEncryptionAtRest(GROUP);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(38); // challenge + answer
      expect(slow.state.callsTo('GET', `/groups/${GROUP}/encryptionAtRest`)).toHaveLength(2);
    } finally {
      await slow.stop();
    }
  });
});
