/** `Custom::AtlasEncryptionAtRestPrivateEndpoint` against the Atlas emulator: create, approval pending, teardown, faults. */
import { AtlasResourceType } from '../../../lib/cdk/custom-resources/properties';
import { clusterBody } from '../../atlas/helpers';
import { base, event, Harness, PROJECT, run, startHarness } from './harness';

const PE = AtlasResourceType.PRIVATE_ENDPOINT;
const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';

describe('Custom::AtlasEncryptionAtRestPrivateEndpoint', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      durations: { privateEndpointCreateMs: 120_000, privateEndpointDeleteMs: 60_000, clusterCreateMs: 0 },
    });
  });
  afterEach(async () => {
    expect(h.emu.state.defects).toEqual([]);
    await h.stop();
  });

  const project = () => h.emu.state.project(PROJECT);
  const privateAws = () => {
    const roleId = project().seedAuthorizedAwsRole();
    project().patchEar({
      awsKms: { enabled: true, customerMasterKeyID: KEY, region: 'US_EAST_1', roleId, requirePrivateNetworking: true },
    });
  };
  const privateAzure = () =>
    project().patchEar({
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        subscriptionID: '11111111-1111-1111-1111-111111111111',
        resourceGroupName: 'rg',
        keyVaultName: 'kv-atlas1',
        keyIdentifier: 'https://kv-atlas1.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef',
        clientID: '22222222-2222-2222-2222-222222222222',
        tenantID: '33333333-3333-3333-3333-333333333333',
        secret: 'azure-secret',
        requirePrivateNetworking: true,
      },
    });
  const spec = (regionName = 'US_EAST_1', deletePolicy: 'RETAIN' | 'DESTROY' = 'DESTROY', provider = 'AWS') => ({
    ...base(deletePolicy, h.emu.url),
    provider,
    regionName,
    ...(provider === 'AZURE' ? { keyVaultName: 'kv-atlas1' } : {}),
  });

  test('AWS: Create waits from INITIATING until ACTIVE; physical id <project>:AWS:<endpointId>', async () => {
    privateAws();
    const out = await run(h, event(PE, 'Create', spec()));
    const [endpoint] = project().privateEndpoints;
    expect(out.PhysicalResourceId).toBe(`${PROJECT}:AWS:${endpoint.id}`);
    expect(out.Data).toMatchObject({
      EndpointId: endpoint.id,
      RegionName: 'US_EAST_1',
      Status: 'ACTIVE',
      Message: 'none',
    });
    expect(out.polls).toBeGreaterThan(1);
    expect(JSON.stringify(out.Data).length).toBeLessThan(4096);
  });

  test('add a region: a second resource creates its own endpoint; the first is untouched', async () => {
    privateAws();
    const first = await run(h, event(PE, 'Create', spec('US_EAST_1')));
    const second = await run(h, event(PE, 'Create', spec('EU_WEST_1')));
    expect(second.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
    expect(
      project()
        .privateEndpoints.map((e) => `${e.regionName}:${e.status}`)
        .sort(),
    ).toEqual(['EU_WEST_1:ACTIVE', 'US_EAST_1:ACTIVE']);
  });

  test('Azure: completes PENDING_ACCEPTANCE with the vault and connection to approve; approval on the vault makes it ACTIVE', async () => {
    privateAzure();
    const out = await run(h, event(PE, 'Create', spec('EUROPE_WEST', 'DESTROY', 'AZURE')));
    const [endpoint] = project().privateEndpoints;
    expect(out.Data.Status).toBe('PENDING_ACCEPTANCE');
    expect(out.Data.PrivateEndpointConnectionName).toBe(endpoint.privateEndpointConnectionName);
    expect(out.Data.Message).toBe(
      `endpoint pending approval in vault kv-atlas1: approve connection ${endpoint.privateEndpointConnectionName} (region EUROPE_WEST); Atlas reaches the key from EUROPE_WEST only after that`,
    );
    expect(h.logs.some((l) => l.startsWith('warn') && l.includes('endpoint pending approval in vault kv-atlas1'))).toBe(
      true,
    );
    project().approvePrivateEndpoint(endpoint.id);
    expect(project().privateEndpoints[0].status).toBe('ACTIVE');
  });

  test('FAILED fails the deploy with Atlas errorMessage', async () => {
    privateAws();
    project().family.privateEndpoints.failNext.set('AWS:US_EAST_1', 'VPC endpoint quota exceeded');
    await expect(run(h, event(PE, 'Create', spec()))).rejects.toThrow(
      /private endpoint .* in US_EAST_1 FAILED: VPC endpoint quota exceeded/,
    );
  });

  test('without requirePrivateNetworking on the provider: a clear ordering error (DEP-ORD-1)', async () => {
    const roleId = project().seedAuthorizedAwsRole();
    project().patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY, region: 'US_EAST_1', roleId } });
    await expect(run(h, event(PE, 'Create', spec()))).rejects.toThrow(/\[DEP-ORD-1\].*requirePrivateNetworking: true/);
  });

  test('an endpoint already in the region is used, never deleted', async () => {
    privateAws();
    project().family.privateEndpoints.create('AWS', { regionName: 'US_EAST_1' });
    const out = await run(h, event(PE, 'Create', spec()));
    expect(out.PhysicalResourceId).toMatch(new RegExp(`^${PROJECT}:AWS:existing:[0-9a-f]{24}$`));
    await run(h, event(PE, 'Delete', spec(), { physicalId: out.PhysicalResourceId }));
    expect(project().privateEndpoints).toHaveLength(1);
  });

  test('DESTROY teardown requests deletion and waits until Atlas no longer lists it; RETAIN keeps it', async () => {
    privateAws();
    const kept = await run(h, event(PE, 'Create', spec('US_EAST_1', 'RETAIN')));
    await run(h, event(PE, 'Delete', spec('US_EAST_1', 'RETAIN'), { physicalId: kept.PhysicalResourceId }));
    expect(project().privateEndpoints).toHaveLength(1);
    project().privateEndpoints.length = 0;
    const out = await run(h, event(PE, 'Create', spec()));
    const del = await run(h, event(PE, 'Delete', spec(), { physicalId: out.PhysicalResourceId }));
    expect(del.Data.Status).toBe('DELETED');
    expect(project().privateEndpoints).toEqual([]);
  });

  test('RETAIN, rollback of its own Create (undoOnCreateRollback): the endpoint it created is removed; one it found stays', async () => {
    privateAws();
    const rollback = { ...spec('US_EAST_1', 'RETAIN'), undoOnCreateRollback: true };
    const created = await run(h, event(PE, 'Create', rollback));
    const del = await run(h, event(PE, 'Delete', rollback, { physicalId: created.PhysicalResourceId }));
    expect(del.Data.Status).toBe('DELETED');
    expect(project().privateEndpoints).toEqual([]);
    // The other side: an endpoint the Create found (not proven its own) is never deleted, rollback or not.
    project().privateEndpoints.length = 0;
    const theirs = await run(h, event(PE, 'Create', spec('US_EAST_1', 'DESTROY')));
    const found = await run(h, event(PE, 'Create', rollback));
    expect(found.PhysicalResourceId).toMatch(/:AWS:existing:/);
    await run(h, event(PE, 'Delete', rollback, { physicalId: found.PhysicalResourceId }));
    expect(project().privateEndpoints.map((e) => `${e.id}:${e.status}`)).toEqual([
      `${theirs.PhysicalResourceId.split(':').pop()}:ACTIVE`,
    ]);
  });

  test('RETAIN rollback of its own Create while Atlas refuses the endpoint calls: kept with a warning, the rollback completes; DESTROY fails', async () => {
    privateAws();
    const rollback = { ...spec('US_EAST_1', 'RETAIN'), undoOnCreateRollback: true };
    const created = await run(h, event(PE, 'Create', rollback));
    const refuse = () =>
      h.emu.faults.add({
        method: 'GET',
        path: /\/privateEndpoints\/[a-f0-9]{24}$/,
        times: 100,
        status: 400,
        errorCode: 'CANNOT_ASSUME_ROLE',
      });
    refuse();
    const del = await run(h, event(PE, 'Delete', rollback, { physicalId: created.PhysicalResourceId }));
    expect(del.Data.Kept).toBe('true');
    expect(project().privateEndpoints.map((e) => e.status)).toEqual(['ACTIVE']);
    // The other side: a DESTROY delete does not pass over the same refusal.
    const destroy = spec('US_EAST_1', 'DESTROY');
    await expect(run(h, event(PE, 'Delete', destroy, { physicalId: created.PhysicalResourceId }))).rejects.toThrow(
      /CANNOT_ASSUME_ROLE/,
    );
    h.emu.faults.clear();
  });

  test('Delete while still INITIATING (rollback): waits, then deletes once Atlas accepts it', async () => {
    privateAws();
    const created = await h.handler.onEvent(event(PE, 'Create', spec()));
    await run(h, event(PE, 'Delete', spec(), { physicalId: created.PhysicalResourceId }));
    expect(project().privateEndpoints).toEqual([]);
    const deletes = h.emu.state.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.length).toBeGreaterThanOrEqual(1);
  });

  test('Delete of an endpoint already DELETING waits for it; one already gone is done', async () => {
    privateAws();
    const out = await run(h, event(PE, 'Create', spec()));
    project().family.privateEndpoints.requestDeletion('AWS', project().privateEndpoints[0].id);
    await run(h, event(PE, 'Delete', spec(), { physicalId: out.PhysicalResourceId }));
    expect(project().privateEndpoints).toEqual([]);
    await run(h, event(PE, 'Delete', spec(), { physicalId: out.PhysicalResourceId }));
  });

  test('an endpoint a live cluster in the region still uses is kept (DEP-DIS-1)', async () => {
    privateAws();
    const out = await run(h, event(PE, 'Create', spec()));
    project().family.clusters.create(clusterBody('orders'));
    await run(h, event(PE, 'Delete', spec(), { physicalId: out.PhysicalResourceId }));
    expect(project().privateEndpoints).toHaveLength(1);
    expect(h.logs.some((l) => l.includes('[DEP-DIS-1]') && l.includes('orders'))).toBe(true);
  });

  test('faults: a 503 on the region list is retried; an endpoint that disappears while waited for fails clearly', async () => {
    privateAws();
    const path = `/groups/${PROJECT}/encryptionAtRest/AWS/privateEndpoints`;
    h.emu.faults.add({ method: 'GET', path, times: 1, status: 503 });
    await expect(
      run(h, event(PE, 'Create', spec()), {
        beforePoll: (n) => {
          if (n === 2) project().privateEndpoints.length = 0;
        },
      }),
    ).rejects.toThrow(/disappeared from project .* while waiting for it; deploy again/);
    expect(h.emu.state.callsTo('POST', path)).toHaveLength(1);
  });

  test('PENDING_RECREATION is waited for, not failed', async () => {
    privateAws();
    const out = await run(h, event(PE, 'Create', spec()), {
      beforePoll: (n) => {
        const e = project().privateEndpoints[0];
        if (n === 1) {
          h.emu.state.project(PROJECT).family.privateEndpoints.setStatus(e.id, 'PENDING_RECREATION');
          e.until = undefined;
        }
        if (n === 4) project().family.privateEndpoints.setStatus(e.id, 'ACTIVE');
      },
    });
    expect(out.Data.Status).toBe('ACTIVE');
    expect(out.polls).toBeGreaterThanOrEqual(4);
  });

  test('faults: a lost POST answer finds the endpoint; 503 while polling is waited out; a 500 on DELETE fails clearly', async () => {
    privateAws();
    const path = `/groups/${PROJECT}/encryptionAtRest/AWS/privateEndpoints`;
    h.emu.faults.add({ method: 'POST', path, times: 1, lostResponse: true });
    const out = await run(h, event(PE, 'Create', spec()), {
      beforePoll: (n) => {
        if (n === 1)
          h.emu.faults.add({
            method: 'GET',
            path: `${path}/${project().privateEndpoints[0].id}`,
            times: 4,
            status: 503,
          });
      },
    });
    expect(project().privateEndpoints).toHaveLength(1);
    expect(out.PhysicalResourceId).toBe(`${PROJECT}:AWS:${project().privateEndpoints[0].id}`);
    expect(out.Data.Status).toBe('ACTIVE');
    h.emu.faults.add({ method: 'DELETE', path: `${path}/${project().privateEndpoints[0].id}`, times: 10, status: 500 });
    await expect(run(h, event(PE, 'Delete', spec(), { physicalId: out.PhysicalResourceId }))).rejects.toThrow(/500/);
  });
});
