/** Atlas emulator behaviour, driven through AtlasClient (and raw requests where the client has no call). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AtlasApiError } from '../../lib/atlas';
import {
  DEFAULT_DURATIONS,
  INSTANT_DURATIONS,
  ROUTES,
  startAtlasEmulator,
  type AtlasEmulator,
  type AtlasEmulatorOptions,
} from '../support/atlas-emulator';
import { DigestServer } from '../support/atlas-emulator/auth';
import { Faults } from '../support/atlas-emulator/faults';
import { listen, route } from '../support/atlas-emulator/server';
import { EmulatorState } from '../support/atlas-emulator/state';
import { GROUP, awsBlock, clientFor, clusterBody } from './helpers';

let emu: AtlasEmulator;
let clock: number;
const DURATIONS = {
  clusterCreateMs: 60_000,
  clusterUpdateMs: 30_000,
  clusterDeleteMs: 10_000,
  staleIdleMs: 20_000,
  gcpRoleMs: 5_000,
  restoreMs: 60_000,
  rotationAlertDelayMs: 10_000,
};
beforeEach(async () => {
  clock = Date.UTC(2026, 0, 1);
  emu = await startAtlasEmulator({ now: () => clock, durations: DURATIONS });
});
afterEach(async () => {
  // Every answer of every test was one its operation declares in the spec.
  expect(emu.state.defects).toEqual([]);
  await emu.stop();
});

const KEY_1 = '1234abcd-12ab-34cd-56ef-1234567890ab';
const KEY_2 = 'mrk-0123456789abcdef0123456789abcdef';
const TENANT = '33333333-3333-3333-3333-333333333333';
const PRINCIPAL = '44444444-4444-4444-4444-444444444444';

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AtlasApiError);
    return `${(e as AtlasApiError).status} ${(e as AtlasApiError).errorCode}`;
  }
  throw new Error('expected a rejection');
}

/** A request the client has no call for, authenticated with a service-account token. */
async function raw(
  on: AtlasEmulator,
  method: string,
  path: string,
  version: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const sa = on.credentials.serviceAccount;
  const token = (await (
    await fetch(`${on.url}/api/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${sa.clientId}:${sa.clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    })
  ).json()) as { access_token: string };
  const res = await fetch(`${on.url}/api/atlas/v2${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token.access_token}`,
      Accept: `application/vnd.atlas.${version}+json`,
      ...(body === undefined ? {} : { 'Content-Type': `application/vnd.atlas.${version}+json` }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
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

/** A replica set with the given regions: [regionName, electable nodes, priority, read-only nodes?]. */
function regions(...rs: Array<[string, number, number | undefined, number?]>): ReturnType<typeof clusterBody> {
  const body = clusterBody('shape', 'NONE');
  body.replicationSpecs = [
    {
      regionConfigs: rs.map(([regionName, nodeCount, priority, readOnly]) => ({
        providerName: 'AWS',
        regionName,
        priority,
        electableSpecs: { instanceSize: 'M10', nodeCount },
        ...(readOnly ? { readOnlySpecs: { instanceSize: 'M10', nodeCount: readOnly } } : {}),
      })),
    },
  ];
  return body;
}

async function withEmulator(options: AtlasEmulatorOptions, fn: (e: AtlasEmulator) => Promise<void>): Promise<void> {
  const other = await startAtlasEmulator(options);
  try {
    await fn(other);
    expect(other.state.defects).toEqual([]);
  } finally {
    await other.stop();
  }
}

describe('encryption at rest and cloud provider access', () => {
  test('AWS role create → authorize → EAR valid; roleId read back; featureUsages tracks use', async () => {
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
    // Atlas returns awsKms.roleId in PATCH and GET answers (the Terraform provider reads it back).
    const expected = {
      enabled: true,
      customerMasterKeyID: KEY_1,
      region: 'US_EAST_1',
      roleId: role.roleId,
      valid: true,
    };
    const ear = await client.updateEncryptionAtRest(GROUP, awsBlock(role.roleId as string));
    expect(ear.awsKms).toEqual(expected);
    expect((await client.getEncryptionAtRest(GROUP)).awsKms).toEqual(expected);
    expect(ear.azureKeyVault).toEqual({ enabled: false, valid: false });
    expect(ear.googleCloudKms).toEqual({ enabled: false, valid: false });

    const got = await client.getCloudProviderAccessRole(GROUP, role.roleId as string);
    // The spec: featureId of an ENCRYPTION_AT_REST usage "always returns a null value".
    expect(got.featureUsages).toEqual([{ featureType: 'ENCRYPTION_AT_REST', featureId: null }]);
    // The deauthorize operation declares no 409: a role in use is refused with a 400.
    expect(await code(client.deauthorizeCloudProviderAccessRole(GROUP, 'AWS', role.roleId as string))).toBe(
      '400 CLOUD_PROVIDER_ACCESS_ROLE_IN_USE',
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
      tenantID: TENANT,
      secret: 'azure-secret-value',
    };
    const ear = await client.updateEncryptionAtRest(GROUP, { azureKeyVault: azure });
    expect(ear.awsKms?.valid).toBe(true);
    expect(ear.azureKeyVault?.valid).toBe(true);
    expect(JSON.stringify(ear)).not.toContain('azure-secret-value');

    const gcpRole = await client.createCloudProviderAccessRole(GROUP, { providerName: 'GCP' });
    expect(gcpRole.status).toBe('IN_PROGRESS');
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

  test('GCP: the service account matches the spec pattern; once the project folder exists, roles are synchronous', async () => {
    const { client } = clientFor(emu);
    const pending = await client.createCloudProviderAccessRole(GROUP, { providerName: 'GCP' });
    expect(pending.status).toBe('IN_PROGRESS');
    // The intermediate role names no service account yet (unverified; the stricter of the plausible answers).
    expect(pending).not.toHaveProperty('gcpServiceAccountForAtlas');
    expect((await client.createCloudProviderAccessRole(GROUP, { providerName: 'GCP' })).status).toBe('IN_PROGRESS');
    clock += 5_000;
    const first = await client.getCloudProviderAccessRole(GROUP, pending.roleId as string);
    expect(first.gcpServiceAccountForAtlas).toMatch(
      /^mongodb-atlas-[0-9a-z]{16}@p-[0-9a-z]{24}\.iam\.gserviceaccount\.com$/,
    );
    const later = await client.createCloudProviderAccessRole(GROUP, { providerName: 'GCP' });
    expect(later.status).toBe('COMPLETE');
    // One GCP project per Atlas project: the same p-… suffix, a different account.
    expect(later.gcpServiceAccountForAtlas?.split('@')[1]).toBe(first.gcpServiceAccountForAtlas?.split('@')[1]);
    expect(later.gcpServiceAccountForAtlas).not.toBe(first.gcpServiceAccountForAtlas);
  });

  test('Azure service principals have the Azure schema: _id, lastUpdatedDate, no authorizedDate', async () => {
    const { client } = clientFor(emu);
    expect(
      await code(
        client.createCloudProviderAccessRole(GROUP, {
          providerName: 'AZURE',
          tenantId: 'not-a-uuid',
          servicePrincipalId: PRINCIPAL,
        } as never),
      ),
    ).toBe('400 INVALID_ATTRIBUTE');
    const created = await client.createCloudProviderAccessRole(GROUP, {
      providerName: 'AZURE',
      tenantId: TENANT,
      servicePrincipalId: PRINCIPAL,
    } as never);
    const id = created._id as string;
    expect(id).toMatch(/^[a-f0-9]{24}$/);
    expect(created.roleId).toBeUndefined();
    expect(created).toMatchObject({ tenantId: TENANT, servicePrincipalId: PRINCIPAL, featureUsages: [] });
    expect(created).toHaveProperty('lastUpdatedDate', new Date(clock).toISOString());
    clock += 60_000;
    const authorized = await client.authorizeCloudProviderAccessRole(GROUP, id, {
      providerName: 'AZURE',
      atlasAzureAppId: created.atlasAzureAppId,
      servicePrincipalId: PRINCIPAL,
      tenantId: TENANT,
    } as never);
    expect(authorized).not.toHaveProperty('authorizedDate');
    expect(authorized).toHaveProperty('lastUpdatedDate', new Date(clock).toISOString());
    expect((await client.listCloudProviderAccess(GROUP)).azureServicePrincipals).toEqual([authorized]);
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

  test('request errors carry the spec codes: INVALID_JSON_ATTRIBUTE, MALFORMED_JSON, 404 INVALID_GROUP_ID', async () => {
    const { client } = clientFor(emu);
    const r = await raw(emu, 'PATCH', `/groups/${GROUP}/encryptionAtRest`, '2023-01-01', { awsKms: 'on' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      detail: expect.any(String),
      error: 400,
      errorCode: 'INVALID_JSON_ATTRIBUTE',
      parameters: ['awsKms'],
      reason: 'Bad Request',
    });
    expect(
      (await raw(emu, 'PATCH', `/groups/${GROUP}/encryptionAtRest`, '2023-01-01', '{"awsKms":')).body,
    ).toMatchObject({ error: 400, errorCode: 'MALFORMED_JSON' });
    expect(await code(client.getEncryptionAtRest('not-a-project-id'))).toBe('404 INVALID_GROUP_ID');
  });
});

describe('clusters', () => {
  test('lifecycle: CREATING → IDLE, UPDATING → IDLE, DELETING → gone, with the stale window after PATCH/DELETE', async () => {
    const { client } = clientFor(emu);
    await enableAws(client);
    const created = await client.createCluster(GROUP, clusterBody('c1'));
    expect(created).toMatchObject({ name: 'c1', stateName: 'CREATING', encryptionAtRestProvider: 'AWS' });
    expect(created.replicationSpecs?.[0].id).toMatch(/^[a-f0-9]{24}$/);
    expect(created.replicationSpecs?.[0]).toHaveProperty('zoneId', expect.stringMatching(/^[a-f0-9]{24}$/));
    clock += 59_999;
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('CREATING');
    clock += 1;
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('IDLE');
    expect((await client.updateCluster(GROUP, 'c1', { encryptionAtRestProvider: 'NONE' })).stateName).toBe('UPDATING');
    clock += 30_000;
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('IDLE');
    await client.deleteCluster(GROUP, 'c1');
    // Right after the DELETE Atlas still reports the cluster IDLE, yet a second DELETE is refused.
    expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('IDLE');
    // The raw answer: the client itself treats this refusal as "deletion under way" and resolves.
    expect((await raw(emu, 'DELETE', `/groups/${GROUP}/clusters/c1`, '2023-02-01')).body).toMatchObject({
      error: 400,
      errorCode: 'CLUSTER_ALREADY_REQUESTED_DELETION',
    });
    await expect(client.deleteCluster(GROUP, 'c1')).resolves.toBeUndefined();
    clock += 10_000;
    expect(await client.getCluster(GROUP, 'c1')).toBeUndefined();
    expect(await client.listClusters(GROUP)).toEqual([]);
  });

  test('after a PATCH, reads show the pre-change cluster IDLE for staleIdleMs; the status endpoint says PENDING', async () => {
    const { client } = clientFor(emu);
    await enableAws(client);
    emu.state.project(GROUP).seedCluster(clusterBody('c1'));
    const status = async (): Promise<unknown> =>
      (await raw(emu, 'GET', `/groups/${GROUP}/clusters/c1/status`, '2023-01-01')).body.changeStatus;
    expect(await status()).toBe('APPLIED');
    const patched = await client.updateCluster(GROUP, 'c1', { encryptionAtRestProvider: 'NONE' });
    expect(patched).toMatchObject({ stateName: 'UPDATING', encryptionAtRestProvider: 'NONE' });
    expect(await client.getCluster(GROUP, 'c1')).toMatchObject({ stateName: 'IDLE', encryptionAtRestProvider: 'AWS' });
    expect((await client.listClusters(GROUP))[0]).toMatchObject({ stateName: 'IDLE', encryptionAtRestProvider: 'AWS' });
    expect(await status()).toBe('PENDING');
    clock += 20_000;
    expect(await client.getCluster(GROUP, 'c1')).toMatchObject({
      stateName: 'UPDATING',
      encryptionAtRestProvider: 'NONE',
    });
    expect(await status()).toBe('PENDING');
    clock += 10_000;
    expect(await client.getCluster(GROUP, 'c1')).toMatchObject({ stateName: 'IDLE', encryptionAtRestProvider: 'NONE' });
    expect(await status()).toBe('APPLIED');
    expect((await raw(emu, 'GET', `/groups/${GROUP}/clusters/nope/status`, '2023-01-01')).body.errorCode).toBe(
      'CLUSTER_NOT_FOUND',
    );
  });

  test('durations default to non-zero; INSTANT_DURATIONS completes transitions by the next read', async () => {
    expect(Object.values(DEFAULT_DURATIONS).every((ms) => ms > 0)).toBe(true);
    const t = Date.UTC(2026, 0, 1);
    await withEmulator({ now: () => t }, async (slow) => {
      expect(slow.state.durations).toEqual(DEFAULT_DURATIONS);
      const { client } = clientFor(slow);
      await client.createCluster(GROUP, clusterBody('c1', 'NONE'));
      expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('CREATING');
    });
    await withEmulator({ now: () => t, durations: INSTANT_DURATIONS }, async (fast) => {
      const { client } = clientFor(fast);
      await client.createCluster(GROUP, clusterBody('c1', 'NONE'));
      expect((await client.getCluster(GROUP, 'c1'))?.stateName).toBe('IDLE');
      await client.updateCluster(GROUP, 'c1', { pitEnabled: false });
      expect(await client.getCluster(GROUP, 'c1')).toMatchObject({ stateName: 'IDLE', pitEnabled: false });
    });
  });

  test('2023-02-01 answers carry numShards per replication spec; 2024-08-05 answers do not', async () => {
    emu.state.project(GROUP).seedCluster(clusterBody('c1', 'NONE'));
    const old = await raw(emu, 'GET', `/groups/${GROUP}/clusters/c1`, '2023-02-01');
    expect((old.body.replicationSpecs as Array<Record<string, unknown>>)[0].numShards).toBe(1);
    const current = await raw(emu, 'GET', `/groups/${GROUP}/clusters/c1`, '2024-08-05');
    expect((current.body.replicationSpecs as Array<Record<string, unknown>>)[0]).not.toHaveProperty('numShards');
  });

  test('shapes Atlas refuses: electable nodes not 3/5/7, priorities, read-only priority, duplicate regions', async () => {
    const { client } = clientFor(emu);
    const create = (b: ReturnType<typeof clusterBody>): Promise<string> => code(client.createCluster(GROUP, b));
    const bad = '400 INVALID_CLUSTER_CONFIGURATION';
    expect(await create(regions(['US_EAST_1', 3, 7], ['US_WEST_2', 3, 6]))).toBe(
      '400 CLUSTER_REPLICATION_FACTOR_INVALID',
    );
    expect(await create(regions(['US_EAST_1', 2, 7]))).toBe('400 CLUSTER_REPLICATION_FACTOR_INVALID');
    expect(await create(regions(['US_EAST_1', 2, 6], ['US_WEST_2', 1, 5]))).toBe(bad); // highest is not 7
    expect(await create(regions(['US_EAST_1', 2, 7], ['US_WEST_2', 1, 7]))).toBe(bad); // not distinct
    expect(await create(regions(['US_EAST_1', 2, 6], ['US_WEST_2', 1, 7]))).toBe(bad); // not descending
    expect(await create(regions(['US_EAST_1', 3, undefined]))).toBe(bad);
    expect(await create(regions(['US_EAST_1', 3, 7], ['US_WEST_2', 0, 6, 1]))).toBe(bad); // read-only region needs 0
    expect(await create(regions(['US_EAST_1', 2, 7], ['US_EAST_1', 1, 6]))).toBe(bad); // same region twice
    const five = await client.createCluster(
      GROUP,
      regions(['US_EAST_1', 2, 7], ['US_WEST_2', 2, 6], ['EU_WEST_1', 1, 5]),
    );
    expect(five.stateName).toBe('CREATING');
    const withReadOnly = regions(['US_EAST_1', 3, 7], ['US_WEST_2', 0, 0, 2]);
    withReadOnly.name = 'ro';
    await client.createCluster(GROUP, withReadOnly);
    emu.state.settle();
    expect(
      await code(
        client.updateCluster(GROUP, 'shape', { replicationSpecs: regions(['US_EAST_1', 4, 7]).replicationSpecs }),
      ),
    ).toBe('400 CLUSTER_REPLICATION_FACTOR_INVALID');
  });

  test('storage and node groups: disk below 10 GB becomes 10 GB, unequal disks refused, at most 50 nodes; metadata PATCH stays IDLE', async () => {
    const { client } = clientFor(emu);
    const withDisk = (name: string, electable: number, readOnly: number, ro = electable) => {
      const b = regions(['US_EAST_1', 3, 7, 2]);
      b.name = name;
      const rc = b.replicationSpecs![0].regionConfigs[0];
      rc.electableSpecs = { ...rc.electableSpecs, diskSizeGB: electable };
      rc.readOnlySpecs = { ...rc.readOnlySpecs, nodeCount: readOnly, diskSizeGB: ro };
      return b;
    };
    const small = await client.createCluster(GROUP, withDisk('small', 5, 2));
    expect(small.replicationSpecs?.[0].regionConfigs[0].electableSpecs?.diskSizeGB).toBe(10);
    expect(await code(client.createCluster(GROUP, withDisk('unequal', 40, 2, 80)))).toBe(
      '400 INVALID_CLUSTER_CONFIGURATION',
    );
    expect(await code(client.createCluster(GROUP, withDisk('many', 40, 48)))).toBe('400 INVALID_CLUSTER_CONFIGURATION');
    expect((await client.createCluster(GROUP, withDisk('fifty', 40, 47))).stateName).toBe('CREATING');
    emu.state.settle();
    expect((await client.updateCluster(GROUP, 'fifty', { tags: [{ key: 'team', value: 'a' }] })).stateName).toBe(
      'IDLE',
    );
    expect((await client.updateCluster(GROUP, 'fifty', { backupEnabled: true })).stateName).toBe('UPDATING');
  });

  test('Atlas errors: not enabled, tiers, names, duplicate, provider switch, paused, disable while used', async () => {
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
    expect(await code(client.createCluster(GROUP, clusterBody('bad_name')))).toBe('400 CLUSTER_NAME_INVALID');
    expect(await code(client.createCluster(GROUP, clusterBody('c'.repeat(65))))).toBe('400 CLUSTER_NAME_TOO_LONG');
    await client.createCluster(GROUP, clusterBody('c1'));
    expect(await code(client.createCluster(GROUP, clusterBody('c1')))).toBe('400 DUPLICATE_CLUSTER_NAME');
    expect(await code(client.updateCluster(GROUP, 'c1', { name: 'c2' }))).toBe('400 CLUSTER_CANNOT_CHANGE_NAME');
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

  test('totalCount is an estimate: totalCountSkew makes it wrong on purpose', async () => {
    await withEmulator({ totalCountSkew: -2 }, async (skewed) => {
      const p = skewed.state.project(GROUP);
      for (let i = 0; i < 5; i++) p.seedCluster(clusterBody(`c${i}`, 'NONE'));
      const r = await raw(skewed, 'GET', `/groups/${GROUP}/clusters`, '2024-08-05');
      expect(r.body.totalCount).toBe(3);
      expect(r.body.results).toHaveLength(5);
    });
    emu.state.project(GROUP).seedCluster(clusterBody('c0', 'NONE'));
    expect((await raw(emu, 'GET', `/groups/${GROUP}/clusters`, '2024-08-05')).body.totalCount).toBe(1);
  });
});

describe('snapshots, restore jobs, alerts, backup compliance policy', () => {
  test('masterKeyUUID follows the key in effect; restore checks the provider and the key', async () => {
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
    expect(await code(client.createRestoreJob(GROUP, 'c1', { deliveryType: 'download', snapshotId: s1.id }))).toBe(
      '400 CANNOT_DOWNLOAD_SNAPSHOT_WITH_ENCRYPTION',
    );
    emu.state.setKeyStatus(KEY_1, 'DISABLED');
    const job = await client.createRestoreJob(GROUP, 'c1', {
      deliveryType: 'automated',
      snapshotId: s1.id,
      targetClusterName: 'c1',
    });
    expect(job.id).toMatch(/^[a-f0-9]{24}$/);
    expect((await client.getRestoreJob(GROUP, 'c1', job.id as string)).failed).toBe(false); // still running
    clock += 60_000;
    expect((await client.getRestoreJob(GROUP, 'c1', job.id as string)).failed).toBe(true); // the snapshot's key is disabled
  });

  test("Atlas's 90-day rotation alert appears after rotationAlertDelayMs, once, even next to the user's own", async () => {
    const { client } = clientFor(emu);
    const roleId = await enableAws(client);
    expect(await client.listAlertConfigs(GROUP)).toEqual([]);
    const own = await client.createAlertConfig(GROUP, {
      eventTypeName: 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION',
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: 30, units: 'DAYS' },
      notifications: [{ typeName: 'EMAIL', emailAddress: 'sec@example.com', intervalMin: 60 }],
    });
    clock += 10_000;
    await client.updateEncryptionAtRest(GROUP, awsBlock(roleId, KEY_2));
    const alerts = await client.listAlertConfigs(GROUP);
    expect(alerts.map((a) => a.id)).toEqual([own.id, expect.stringMatching(/^[a-f0-9]{24}$/)]);
    expect(alerts[1]).toMatchObject({
      eventTypeName: 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION',
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: 90, units: 'DAYS' },
      matchers: [],
    });
    // Disabling and enabling again does not make Atlas add another one.
    await client.updateEncryptionAtRest(GROUP, { awsKms: { enabled: false } });
    await client.updateEncryptionAtRest(GROUP, awsBlock(roleId));
    clock += 60_000;
    expect(await client.listAlertConfigs(GROUP)).toHaveLength(2);
  });

  test('PUT replaces the whole alert config: matchers, severityOverride and notifications left out are gone', async () => {
    const { client } = clientFor(emu);
    const full = await client.createAlertConfig(GROUP, {
      eventTypeName: 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION',
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: 90, units: 'DAYS' },
      matchers: [{ fieldName: 'HOSTNAME', operator: 'EQUALS', value: 'x' }],
      severityOverride: 'CRITICAL',
      notifications: [
        { typeName: 'GROUP', roles: ['GROUP_OWNER'], emailEnabled: true, intervalMin: 1440 },
        { typeName: 'EMAIL', emailAddress: 'sec@example.com', intervalMin: 1440 },
      ],
    } as never);
    expect(full).toMatchObject({ severityOverride: 'CRITICAL', matchers: [{ fieldName: 'HOSTNAME' }] });
    const replaced = await client.replaceAlertConfig(GROUP, full.id as string, {
      eventTypeName: 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION',
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: 400, units: 'DAYS' },
      notifications: [{ typeName: 'EMAIL', emailAddress: 'sec@example.com', intervalMin: 1440 }],
    });
    const got = (await client.listAlertConfigs(GROUP))[0];
    for (const a of [replaced, got]) {
      expect(a.threshold?.threshold).toBe(400);
      expect(a).toMatchObject({ matchers: [] });
      expect(a).not.toHaveProperty('severityOverride');
      expect(a.notifications).toEqual([{ typeName: 'EMAIL', emailAddress: 'sec@example.com', intervalMin: 1440 }]);
    }
  });

  test('alert config validation answers with the Atlas error codes', async () => {
    const { client } = clientFor(emu);
    const base = {
      eventTypeName: 'GCP_ENCRYPTION_KEY_NEEDS_ROTATION',
      enabled: true,
      threshold: { operator: 'GREATER_THAN' as const, threshold: 90, units: 'DAYS' },
      notifications: [{ typeName: 'GROUP', roles: ['GROUP_OWNER'], emailEnabled: true }],
    };
    const create = (b: Record<string, unknown>): Promise<string> =>
      code(client.createAlertConfig(GROUP, { ...base, ...b } as never));
    expect(await create({ threshold: undefined, notifications: [{ typeName: 'GROUP' }] })).toBe(
      '400 MISSING_THRESHOLD',
    );
    expect(await create({ threshold: { operator: 'LESS_THAN', threshold: 90, units: 'DAYS' } })).toBe(
      '400 INVALID_OPERATOR_FOR_EVENT_TYPE',
    );
    expect(await create({ notifications: [] })).toBe('400 MISSING_NOTIFICATIONS');
    expect(await create({ notifications: Array(26).fill({ typeName: 'EMAIL', emailAddress: 'a@b.c' }) })).toBe(
      '400 MAX_NOTIFICATIONS_PER_ALERT_EXCEEDED',
    );
    expect(await create({ notifications: [{ typeName: 'EMAIL', emailAddress: 'a@b.c', intervalMin: 4 }] })).toBe(
      '400 NOTIFICATION_INTERVAL_OUT_OF_RANGE',
    );
    expect(await create({ notifications: [{ typeName: 'GROUP', roles: ['GROUP_OWNER'] }] })).toBe(
      '400 EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION',
    );
    expect(await create({ notifications: [{ typeName: 'GROUP', roles: [], emailEnabled: true }] })).toBe(
      '400 MISSING_ROLES_FOR_GROUP_NOTIFICATION',
    );
    expect(await code(client.replaceAlertConfig(GROUP, '0123456789abcdef01234567', base))).toBe(
      '404 ALERT_CONFIG_NOT_FOUND',
    );
    expect(await code(client.replaceAlertConfig(GROUP, 'nope', base))).toBe('404 INVALID_ALERT_CONFIG_ID');
  });

  test('the Backup Compliance Policy carries the fields the spec requires', async () => {
    const { client } = clientFor(emu);
    expect(await client.getBackupCompliancePolicy(GROUP)).toBeUndefined();
    emu.state.project(GROUP).backupCompliancePolicy = { encryptionAtRestEnabled: true };
    const policy = (await client.getBackupCompliancePolicy(GROUP)) as Record<string, unknown>;
    expect(policy).toMatchObject({ projectId: GROUP, encryptionAtRestEnabled: true, pitEnabled: false });
    for (const k of ['authorizedEmail', 'authorizedUserFirstName', 'authorizedUserLastName'])
      expect(policy[k]).toEqual(expect.any(String));
    expect(policy.authorizedEmail).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
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

describe('the route table', () => {
  test('README.md lists every route with its operationId and a source or "unverified"', () => {
    const readme = readFileSync(join(__dirname, '../support/atlas-emulator/README.md'), 'utf8');
    for (const r of ROUTES) {
      const row = readme.split('\n').find((l) => l.includes(`\`${r.method} ${r.path}\``));
      expect({ route: `${r.method} ${r.path}`, row: row !== undefined }).toEqual({
        route: `${r.method} ${r.path}`,
        row: true,
      });
      expect(row).toContain(r.operationId);
    }
  });

  test('an answer the operation does not declare is recorded as a defect and sent as a 500', async () => {
    const state = new EmulatorState(Date.now, INSTANT_DURATIONS, false);
    state.tokens.set('t', { clientId: 'c', expiresAt: Number.MAX_SAFE_INTEGER });
    const server = await listen({
      routes: [
        route(
          { operationId: 'teapot', method: 'GET', path: '/teapot', versions: ['2023-01-01'], statuses: [200] },
          () => ({ status: 418 }),
        ),
      ],
      state,
      faults: new Faults(),
      credentials: emu.credentials,
      digest: new DigestServer(new Map(), Date.now, 1_000),
      now: Date.now,
      tokenTtlSeconds: 60,
      totalCountSkew: 0,
    });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/api/atlas/v2/teapot`, {
        headers: { Authorization: 'Bearer t', Accept: 'application/vnd.atlas.2023-01-01+json' },
      });
      expect(res.status).toBe(500);
      expect(state.defects).toEqual(['teapot answered 418, which the spec does not declare']);
    } finally {
      await server.stop();
    }
  });
});
