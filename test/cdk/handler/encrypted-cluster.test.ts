import { AtlasResourceType, projectContextOf } from '../../../lib/cdk/custom-resources/properties';
import type { OnEventRequest } from '../../../lib/cdk/handler/runtime/events';
import type { AtlasApi } from '../../../lib/atlas/api';
import type { ClusterWire } from '../../../lib/core/atlas/wire';
import { base, event, Harness, HarnessOptions, KEY_ARN, PROJECT, run, startHarness } from './harness';

const EC = AtlasResourceType.ENCRYPTED_CLUSTER;
const CLUSTERS = `/groups/${PROJECT}/clusters`;
const AZURE_KEY = 'https://kv-atlas-1.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef';

const region = (instanceSize = 'M10', providerName = 'AWS', regionName = 'US_EAST_1') => ({
  providerName,
  regionName,
  priority: 7,
  electableSpecs: { instanceSize, nodeCount: 3 },
});

describe('Custom::AtlasEncryptedCluster', () => {
  let h: Harness;
  afterEach(async () => h?.stop());

  /** Starts a harness whose project has AWS and Azure enabled and valid. */
  async function setup(options: HarnessOptions = {}): Promise<void> {
    h = await startHarness(options);
    const p = h.emu.state.project(PROJECT);
    const roleId = p.seedAuthorizedAwsRole();
    p.patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY_ARN, region: 'US_EAST_1', roleId } });
    p.patchEar({
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        tenantID: '11111111-2222-3333-4444-555555555555',
        subscriptionID: '66666666-7777-8888-9999-000000000000',
        resourceGroupName: 'rg',
        keyVaultName: 'kv-atlas-1',
        keyIdentifier: AZURE_KEY,
        clientID: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
        secret: 'seeded-azure-secret',
      },
    });
  }

  const createSpec = (over: Record<string, unknown> = {}) => ({
    ...base('RETAIN', h.emu.url),
    name: 'orders',
    mode: 'CREATE',
    encryptionProvider: 'AWS',
    topology: 'REPLICASET',
    regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' }],
    cloudBackup: true,
    pointInTime: true,
    ...over,
  });
  const adoptSpec = (over: Record<string, unknown> = {}) => ({
    ...base('RETAIN', h.emu.url),
    name: 'legacy',
    mode: 'ADOPT',
    encryptionProvider: 'AWS',
    ...over,
  });
  const seed = (wire: Partial<ClusterWire>) =>
    h.emu.state.project(PROJECT).seedCluster({
      name: 'legacy',
      clusterType: 'REPLICASET',
      replicationSpecs: [{ regionConfigs: [region()] }],
      ...wire,
    });
  const patches = () => h.emu.state.callsTo('PATCH').filter((c) => c.path.startsWith(`/api/atlas/v2${CLUSTERS}/`));
  const cluster = (name = 'legacy') => h.emu.state.project(PROJECT).clusters.get(name)?.wire;

  describe('the project fields from the project encryption (Project property)', () => {
    /** The properties a construct writes next to a project encryption in its stack: no project fields, no mode. */
    const fromProject = (context: unknown, spec: Record<string, unknown>): OnEventRequest => {
      const ev = event(EC, 'Create', spec);
      return { ...ev, ResourceProperties: { ...ev.ResourceProperties, Project: context } };
    };

    test('a Spec without them creates the cluster in the project the attribute names (mode defaults to CREATE)', async () => {
      await setup();
      const { projectId: _id, credentialsSecretArn: _arn, mode: _mode, ...spec } = createSpec();
      const context = projectContextOf(base('RETAIN', h.emu.url));
      const out = await run(h, fromProject(context, spec));
      expect(out.PhysicalResourceId).toBe(`${PROJECT}:orders`);
      expect(cluster('orders')).toMatchObject({ name: 'orders', encryptionAtRestProvider: 'AWS' });
    });

    test('a Project that is not the attribute JSON is refused before any Atlas call', async () => {
      await setup();
      const { projectId: _id, credentialsSecretArn: _arn, ...spec } = createSpec();
      await expect(h.handler.onEvent(fromProject('not json', spec))).rejects.toThrow(
        /Custom::AtlasEncryptedCluster: ResourceProperties\.Project is not the JSON object the project encryption returns/,
      );
      expect(h.emu.state.callsTo('POST', CLUSTERS)).toHaveLength(0);
    });
  });

  describe('Create (mode CREATE)', () => {
    test('POSTs the 2024 schema with the provider and cloud backup fields only, then waits for IDLE', async () => {
      await setup({ durations: { clusterCreateMs: 7 * 60_000 } });
      const out = await run(h, event(EC, 'Create', createSpec()));
      expect(out.PhysicalResourceId).toBe(`${PROJECT}:orders`);
      expect(out.Data).toMatchObject({
        Converged: 'true',
        StateName: 'IDLE',
        EncryptionProvider: 'AWS',
        StartedAt: expect.any(String),
      });
      expect(out.polls).toBeGreaterThanOrEqual(42);
      const [post] = h.emu.state.callsTo('POST', CLUSTERS);
      expect(post.headers.accept).toContain('2024-10-23');
      expect(post.body).toMatchObject({
        name: 'orders',
        clusterType: 'REPLICASET',
        encryptionAtRestProvider: 'AWS',
        backupEnabled: true,
        pitEnabled: true,
        replicationSpecs: [
          {
            regionConfigs: [
              { providerName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M10', nodeCount: 3 } },
            ],
          },
        ],
      });
      expect(post.body).not.toHaveProperty('providerBackupEnabled');
    });

    test('a retried Create converges on the cluster the first attempt created', async () => {
      await setup({ durations: { clusterCreateMs: 60_000 } });
      await h.handler.onEvent(event(EC, 'Create', createSpec()));
      const out = await run(h, event(EC, 'Create', createSpec()));
      expect(out.Data.Converged).toBe('true');
      expect(h.emu.state.callsTo('POST', CLUSTERS)).toHaveLength(1);
    });

    test('a POST whose answer is lost converges on the cluster Atlas created; a 500 before Atlas acted is retried', async () => {
      await setup({ durations: { clusterCreateMs: 60_000 } });
      h.emu.faults.add({ method: 'POST', path: CLUSTERS, times: 1, lostResponse: true });
      const lost = await run(h, event(EC, 'Create', createSpec()));
      expect(lost.Data.Converged).toBe('true');
      expect(h.emu.state.callsTo('POST', CLUSTERS)).toHaveLength(1);

      h.emu.faults.add({ method: 'POST', path: CLUSTERS, times: 1, status: 500 });
      const retried = await run(h, event(EC, 'Create', createSpec({ name: 'billing' })));
      expect(retried.Data.Converged).toBe('true');
      expect(cluster('billing')?.encryptionAtRestProvider).toBe('AWS');
      expect(h.emu.state.callsTo('POST', CLUSTERS)).toHaveLength(3);
    });

    test('an existing cluster of another shape with the same name is refused, nothing changed', async () => {
      await setup();
      seed({ name: 'orders', replicationSpecs: [{ regionConfigs: [region('M30')] }] });
      await expect(h.handler.onEvent(event(EC, 'Create', createSpec()))).rejects.toThrow(
        /already exists .* this stack did not create it .*adoptExistingCluster/,
      );
      expect(patches()).toHaveLength(0);
    });

    test('ownership: a same-name, same-shape cluster someone else made is never taken over (invariant 6)', async () => {
      await setup();
      seed({ name: 'orders' });
      await expect(h.handler.onEvent(event(EC, 'Create', createSpec()))).rejects.toThrow(
        /this stack did not create it/,
      );
      expect(patches()).toHaveLength(0);
      expect(h.emu.state.callsTo('POST', CLUSTERS)).toHaveLength(0);
    });

    test('ownership: the create POST stamps the owner tag (stack and logical id)', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      expect(cluster('orders')?.tags).toEqual([
        {
          key: 'atlas-encryption-at-rest-owner',
          value: 'arn:aws:cloudformation:us-east-1:111122223333:stack/test/Resource',
        },
      ]);
    });

    test('refuses a provider the project has not enabled (SYN-PROJ-1) before any write', async () => {
      await setup();
      await expect(h.handler.onEvent(event(EC, 'Create', createSpec({ encryptionProvider: 'GCP' })))).rejects.toThrow(
        /SYN-PROJ-1/,
      );
      expect(h.emu.state.callsTo('POST', CLUSTERS)).toHaveLength(0);
    });

    test('re-checks that the project key is valid before using it (DEP-VAL-1)', async () => {
      await setup();
      h.emu.state.project(PROJECT).setInvalid('AWS');
      await expect(h.handler.onEvent(event(EC, 'Create', createSpec()))).rejects.toThrow(/\[DEP-VAL-1\].*invalid/);
      expect(h.emu.state.callsTo('POST', CLUSTERS)).toHaveLength(0);
    });
  });

  describe('adopt (mode ADOPT) re-checks live state and refuses without changing anything', () => {
    test.each([
      [
        'an M5 cluster',
        {
          replicationSpecs: [
            {
              regionConfigs: [
                {
                  providerName: 'TENANT',
                  backingProviderName: 'AWS',
                  regionName: 'US_EAST_1',
                  electableSpecs: { instanceSize: 'M5' },
                },
              ],
            },
          ],
        },
        {},
        'SYN-TIER-1',
      ],
      ['a sharded cluster without the opt-in', { clusterType: 'SHARDED' }, {}, 'SYN-TOPO-1'],
      ['a provider not enabled on the project', {}, { encryptionProvider: 'GCP' }, 'SYN-PROJ-1'],
    ])('%s', async (_what, wire, specOver, ruleId) => {
      await setup();
      seed(wire as Partial<ClusterWire>);
      await expect(h.handler.onEvent(event(EC, 'Create', adoptSpec(specOver)))).rejects.toThrow(`[${ruleId}]`);
      expect(patches()).toHaveLength(0);
      expect(cluster()?.encryptionAtRestProvider).toBe('NONE');
    });

    test('is not judged by providerBackupEnabled, a field of the legacy schema that 2024-08-05 answers lack', async () => {
      await setup();
      // Only a double could send it alongside the 2024-08-05 fields: Atlas's answer has no such field.
      seed({ backupEnabled: true, providerBackupEnabled: false });
      const out = await run(h, event(EC, 'Create', adoptSpec()));
      expect(out.Data.Converged).toBe('true');
      expect(cluster()?.encryptionAtRestProvider).toBe('AWS');
    });

    test('a sharded cluster with the opt-in is adopted', async () => {
      await setup();
      seed({ clusterType: 'SHARDED' });
      const out = await run(h, event(EC, 'Create', adoptSpec({ allowShardedClusters: true })));
      expect(out.Data.Converged).toBe('true');
      expect(cluster()?.encryptionAtRestProvider).toBe('AWS');
    });

    test('PATCHes only encryptionAtRestProvider', async () => {
      await setup({ durations: { clusterUpdateMs: 120_000 } });
      seed({ backupEnabled: true });
      const out = await run(h, event(EC, 'Create', adoptSpec()));
      expect(out.PhysicalResourceId).toBe(`${PROJECT}:legacy`);
      expect(out.Data.Converged).toBe('true');
      expect(patches().map((c) => c.body)).toEqual([{ encryptionAtRestProvider: 'AWS' }]);
    });

    test('a paused cluster fails clearly (CANNOT_UPDATE_PAUSED_CLUSTER)', async () => {
      await setup();
      seed({ paused: true });
      await expect(h.handler.onEvent(event(EC, 'Create', adoptSpec()))).rejects.toThrow(
        /paused.*CANNOT_UPDATE_PAUSED_CLUSTER/,
      );
      expect(patches()).toHaveLength(0);
    });

    test('a cluster that does not exist fails clearly', async () => {
      await setup();
      await expect(h.handler.onEvent(event(EC, 'Create', adoptSpec()))).rejects.toThrow(/no cluster named legacy/);
    });
  });

  describe('Update', () => {
    test('a provider switch goes through NONE within one deploy (DEP-SW-1)', async () => {
      await setup({ durations: { clusterUpdateMs: 5 * 60_000 } });
      seed({ encryptionAtRestProvider: 'AWS' });
      const out = await run(
        h,
        event(EC, 'Update', adoptSpec({ encryptionProvider: 'AZURE' }), {
          physicalId: `${PROJECT}:legacy`,
          oldSpec: adoptSpec(),
        }),
      );
      expect(out.Data).toMatchObject({ Converged: 'true', EncryptionProvider: 'AZURE' });
      expect(patches().map((c) => c.body)).toEqual([
        { encryptionAtRestProvider: 'NONE' },
        { encryptionAtRestProvider: 'AZURE' },
      ]);
      expect(cluster()?.encryptionAtRestProvider).toBe('AZURE');
    });

    test('setting NONE is applied only because the spec asks for it', async () => {
      await setup();
      seed({ encryptionAtRestProvider: 'AWS' });
      await run(
        h,
        event(EC, 'Update', adoptSpec({ encryptionProvider: 'NONE' }), {
          physicalId: `${PROJECT}:legacy`,
          oldSpec: adoptSpec(),
        }),
      );
      expect(patches().map((c) => c.body)).toEqual([{ encryptionAtRestProvider: 'NONE' }]);
    });

    test('backup changes are applied; a size change is applied with them in one PATCH', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      await run(
        h,
        event(EC, 'Update', createSpec({ pointInTime: false }), {
          physicalId: `${PROJECT}:orders`,
          oldSpec: createSpec(),
        }),
      );
      expect(cluster('orders')?.pitEnabled).toBe(false);
      const bigger = createSpec({ regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M30' }] });
      const before = patches().length;
      const out = await run(
        h,
        event(EC, 'Update', bigger, { physicalId: `${PROJECT}:orders`, oldSpec: createSpec({ pointInTime: false }) }),
      );
      expect(out.Data).toMatchObject({ Converged: 'true', PendingStep: 'none' });
      expect(
        patches()
          .slice(before)
          .map((c) => c.body),
      ).toEqual([
        {
          pitEnabled: true,
          replicationSpecs: [
            {
              regionConfigs: [
                {
                  providerName: 'AWS',
                  regionName: 'US_EAST_1',
                  priority: 7,
                  electableSpecs: { instanceSize: 'M30', nodeCount: 3 },
                },
              ],
              // The live replication spec's zone, kept.
              zoneName: 'Zone 1',
            },
          ],
        },
      ]);
      expect(cluster('orders')?.pitEnabled).toBe(true);
    });
    test('a rename releases the old cluster, so the cleanup Delete leaves it running', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec({ deletePolicy: 'DESTROY' })));
      const renamed = createSpec({ deletePolicy: 'DESTROY', name: 'orders2' });
      await run(
        h,
        event(EC, 'Update', renamed, {
          physicalId: `${PROJECT}:orders`,
          oldSpec: createSpec({ deletePolicy: 'DESTROY' }),
        }),
      );
      expect(cluster('orders')?.tags?.[0].value).toBe(
        'released:arn:aws:cloudformation:us-east-1:111122223333:stack/test/Resource',
      );
      const cleanup = await run(
        h,
        event(EC, 'Delete', createSpec({ deletePolicy: 'DESTROY' }), { physicalId: `${PROJECT}:orders` }),
      );
      expect(cleanup.Data).toMatchObject({ Kept: 'true' });
      expect(cluster('orders')).toBeDefined();
      expect(h.emu.state.callsTo('DELETE')).toHaveLength(0);
    });
  });

  describe('Update: shape changes of a created cluster, decided from the live cluster (DEP-CLU-2)', () => {
    type Region = { cloud: string; regionName: string; instanceSize: string; nodeCount?: number };
    const r = (regionName: string, nodeCount: number, instanceSize = 'M10'): Region => ({
      cloud: 'AWS',
      regionName,
      instanceSize,
      nodeCount,
    });
    /** The live cluster's shape, as comparable text: regions with size, electable nodes and priority; version. */
    const liveShape = () =>
      JSON.stringify({
        regions: cluster('orders')?.replicationSpecs?.map((rs) =>
          rs.regionConfigs.map((rc) => [
            rc.regionName,
            rc.electableSpecs?.instanceSize,
            rc.electableSpecs?.nodeCount,
            rc.priority,
          ]),
        ),
        version: cluster('orders')?.mongoDBMajorVersion,
      });
    const shapeOf = (regions: Region[], version: string) =>
      JSON.stringify({
        regions: [regions.map((x, i) => [x.regionName, x.instanceSize, x.nodeCount, 7 - i])],
        version,
      });
    const update = (to: object, from: object) =>
      run(h, event(EC, 'Update', to, { physicalId: `${PROJECT}:orders`, oldSpec: from }));
    const onEventUpdate = (to: object, from: object) =>
      h.handler.onEvent(event(EC, 'Update', to, { physicalId: `${PROJECT}:orders`, oldSpec: from }));

    const cases: Array<{
      kind: string;
      from: { regions: Region[]; version: string };
      to: { regions: Region[]; version: string };
    }> = [
      {
        kind: 'instance size up',
        from: { regions: [r('US_EAST_1', 3)], version: '8.0' },
        to: { regions: [r('US_EAST_1', 3, 'M30')], version: '8.0' },
      },
      {
        kind: 'node count 3 → 5 across regions',
        from: { regions: [r('US_EAST_1', 2), r('US_WEST_2', 1)], version: '8.0' },
        to: { regions: [r('US_EAST_1', 3), r('US_WEST_2', 2)], version: '8.0' },
      },
      {
        kind: 'region added',
        from: { regions: [r('US_EAST_1', 3)], version: '8.0' },
        to: { regions: [r('US_EAST_1', 3), r('US_WEST_2', 2)], version: '8.0' },
      },
      {
        kind: 'region removed',
        from: { regions: [r('US_EAST_1', 2), r('US_WEST_2', 2), r('EU_WEST_1', 1)], version: '8.0' },
        to: { regions: [r('US_EAST_1', 3), r('US_WEST_2', 2)], version: '8.0' },
      },
      {
        kind: 'MongoDB version 7.0 → 8.0',
        from: { regions: [r('US_EAST_1', 3)], version: '7.0' },
        to: { regions: [r('US_EAST_1', 3)], version: '8.0' },
      },
    ];
    const specOf = (x: { regions: Region[]; version: string }) =>
      createSpec({ regions: x.regions, mongoDbMajorVersion: x.version });

    test.each(cases)('$kind: applied and converged; deploying it again sends nothing', async (c) => {
      await setup({ durations: { clusterUpdateMs: 4 * 60_000 } });
      await run(h, event(EC, 'Create', specOf(c.from)));
      expect(liveShape()).toBe(shapeOf(c.from.regions, c.from.version));

      const out = await update(specOf(c.to), specOf(c.from));
      expect(out.Data).toMatchObject({ Converged: 'true', PendingStep: 'none', StateName: 'IDLE' });
      // Waited for the UPDATING Atlas reports (4 min at 10 s a poll), like an encryption change.
      expect(out.polls).toBeGreaterThanOrEqual(24);
      expect(patches()).toHaveLength(1);
      expect(liveShape()).toBe(shapeOf(c.to.regions, c.to.version));

      // Deploying the same template again, with the change already live: no PATCH.
      const again = await update(specOf(c.to), specOf(c.to));
      expect(again.Data).toMatchObject({ Converged: 'true', Step: 'NOOP' });
      expect(patches()).toHaveLength(1);
    });

    test.each(cases.filter((c) => c.from.version === c.to.version))(
      '$kind: the rollback (properties swapped) returns the live cluster to the old shape',
      async (c) => {
        await setup();
        await run(h, event(EC, 'Create', specOf(c.from)));
        await update(specOf(c.to), specOf(c.from));
        const back = await update(specOf(c.from), specOf(c.to));
        expect(back.Data).toMatchObject({ Converged: 'true', PendingStep: 'none' });
        expect(liveShape()).toBe(shapeOf(c.from.regions, c.from.version));
        expect(patches()).toHaveLength(2);
      },
    );

    test('a resize longer than timeoutSeconds completes with Converged: false (DEP-CLU-1), never a rollback', async () => {
      await setup({ durations: { clusterUpdateMs: 60 * 60_000 } });
      await run(h, event(EC, 'Create', createSpec({ timeoutSeconds: 600 })));
      const out = await update(
        createSpec({ timeoutSeconds: 600, regions: [r('US_EAST_1', 3, 'M30')] }),
        createSpec({ timeoutSeconds: 600 }),
      );
      expect(out.Data).toMatchObject({ Converged: 'false', StateName: 'UPDATING' });
      expect(patches()).toHaveLength(1);
    });

    test('a change made in Atlas first, then written into the stack, sends nothing', async () => {
      await setup();
      const from = cases[1].from;
      const to = cases[1].to;
      await run(h, event(EC, 'Create', specOf(from)));
      // Someone resized in Atlas (the emulator's own PATCH, not the handler's).
      h.emu.state.project(PROJECT).family.clusters.update('orders', {
        replicationSpecs: [
          {
            regionConfigs: [
              { ...region('M10', 'AWS', 'US_EAST_1'), electableSpecs: { instanceSize: 'M10', nodeCount: 3 } },
              {
                ...region('M10', 'AWS', 'US_WEST_2'),
                priority: 6,
                electableSpecs: { instanceSize: 'M10', nodeCount: 2 },
              },
            ],
          },
        ],
      });
      // The resize has finished in Atlas before the stack is deployed.
      h.clock.now += 60 * 60_000;
      const out = await update(specOf(to), specOf(from));
      expect(out.Data).toMatchObject({ Converged: 'true', Step: 'NOOP' });
      expect(patches()).toHaveLength(0);
      expect(liveShape()).toBe(shapeOf(to.regions, to.version));
    });

    test('the rollback of a version upgrade completes: the cluster stays on 8.0, visibly (Converged false, PendingStep)', async () => {
      await setup();
      const c = cases[4];
      await run(h, event(EC, 'Create', specOf(c.from)));
      await update(specOf(c.to), specOf(c.from));
      const back = await update(specOf(c.from), specOf(c.to));
      expect(back.Data).toMatchObject({
        Converged: 'false',
        PendingStep: 'mongoDbMajorVersion=7.0 (refused DEP-CLU-2: Atlas does not downgrade; the cluster stays on 8.0)',
      });
      expect(patches()).toHaveLength(1);
      expect(cluster('orders')?.mongoDBMajorVersion).toBe('8.0');
    });

    test('a downgrade is kept visibly; a two-version skip is refused before anything is sent', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec({ mongoDbMajorVersion: '8.0' })));
      const kept = await update(createSpec({ mongoDbMajorVersion: '7.0' }), createSpec({ mongoDbMajorVersion: '8.0' }));
      expect(kept.Data).toMatchObject({
        Converged: 'false',
        PendingStep: expect.stringContaining('does not downgrade'),
      });
      expect(h.emu.state.callsTo('PATCH').filter((c) => c.path.endsWith('/clusters/orders'))).toHaveLength(0);
      await run(h, event(EC, 'Create', createSpec({ name: 'old', mongoDbMajorVersion: '6.0' })));
      await expect(
        h.handler.onEvent(
          event(EC, 'Update', createSpec({ name: 'old', mongoDbMajorVersion: '8.0' }), {
            physicalId: `${PROJECT}:old`,
            oldSpec: createSpec({ name: 'old', mongoDbMajorVersion: '6.0' }),
          }),
        ),
      ).rejects.toThrow(/^\[DEP-CLU-2\] .*one major version at a time.*got 6\.0 → 8\.0; allowed: 7\.0/);
      expect(cluster('old')?.mongoDBMajorVersion).toBe('6.0');
      // A size change in the same deploy as a lower version: the size is applied, the version kept.
      const both = await update(
        createSpec({ mongoDbMajorVersion: '7.0', regions: [r('US_EAST_1', 3, 'M30')] }),
        createSpec({ mongoDbMajorVersion: '8.0' }),
      );
      expect(both.Data).toMatchObject({ Converged: 'false' });
      expect(cluster('orders')?.mongoDBMajorVersion).toBe('8.0');
      expect(cluster('orders')?.replicationSpecs?.[0].regionConfigs[0].electableSpecs?.instanceSize).toBe('M30');
    });

    test('REPLICASET ↔ SHARDED is refused before anything is sent', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      await expect(
        onEventUpdate(createSpec({ topology: 'SHARDED', allowShardedClusters: true }), createSpec()),
      ).rejects.toThrow(
        /^\[DEP-CLU-2\] .*topology: .*not converted between REPLICASET and SHARDED.*got REPLICASET → SHARDED/,
      );
      expect(patches()).toHaveLength(0);
    });

    test('a shape change together with a provider switch is refused, nothing sent', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      await expect(
        onEventUpdate(createSpec({ encryptionProvider: 'AZURE', regions: [r('US_EAST_1', 3, 'M30')] }), createSpec()),
      ).rejects.toThrow(/provider switch \(AWS → AZURE\) cannot be combined with other changes \(replicationSpecs\)/);
      expect(patches()).toHaveLength(0);
    });

    test('a shape the core rules refuse (4 electable nodes, SYN-SHAPE-1) is refused before anything is sent', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      await expect(
        onEventUpdate(createSpec({ regions: [r('US_EAST_1', 2), r('US_WEST_2', 2)] }), createSpec()),
      ).rejects.toThrow(/SYN-SHAPE-1/);
      expect(patches()).toHaveLength(0);
    });

    test('an auto-scaled region keeps the size Atlas chose: no PATCH for it, and a resize PATCH keeps it', async () => {
      await setup();
      const auto = { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M30', autoScalingMinInstanceSize: 'M10' };
      const spec = createSpec({ regions: [{ ...auto, nodeCount: 3 }] });
      await run(h, event(EC, 'Create', spec));
      // Atlas scaled the region down to M20 (compute auto-scaling).
      const live = cluster('orders');
      const rc = live?.replicationSpecs?.[0].regionConfigs[0];
      if (rc?.electableSpecs) rc.electableSpecs.instanceSize = 'M20';
      const same = await update(spec, spec);
      expect(same.Data.Step).toBe('NOOP');
      expect(patches()).toHaveLength(0);
      await update(createSpec({ regions: [{ ...auto, nodeCount: 3 }, r('US_WEST_2', 2)] }), spec);
      const [patch] = patches();
      expect((patch.body as ClusterWire).replicationSpecs?.[0].regionConfigs.map((x) => x.electableSpecs)).toEqual([
        { instanceSize: 'M20', nodeCount: 3 },
        { instanceSize: 'M10', nodeCount: 2 },
      ]);
    });

    test('a live size outside the auto-scaling range is set back to instanceSize (only inside it is it Atlas’s choice)', async () => {
      await setup();
      const auto = { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M20', nodeCount: 3 };
      const spec = createSpec({
        regions: [{ ...auto, autoScalingMinInstanceSize: 'M10', autoScalingMaxInstanceSize: 'M30' }],
      });
      await run(h, event(EC, 'Create', spec));
      const rc = cluster('orders')?.replicationSpecs?.[0].regionConfigs[0];
      if (rc?.electableSpecs) rc.electableSpecs.instanceSize = 'M50';
      await update(spec, spec);
      const [patch] = patches();
      expect((patch.body as ClusterWire).replicationSpecs?.[0].regionConfigs[0].electableSpecs?.instanceSize).toBe(
        'M20',
      );
    });

    test('disk auto-scaling on keeps a disk Atlas raised; off, the disk is set to diskSizeGb', async () => {
      await setup();
      const on = createSpec({ diskSizeGb: 40, diskAutoScaling: true });
      await run(h, event(EC, 'Create', on));
      const rc = cluster('orders')?.replicationSpecs?.[0].regionConfigs[0];
      if (rc?.electableSpecs) rc.electableSpecs.diskSizeGB = 60;
      expect((await update(on, on)).Data.Step).toBe('NOOP');
      expect(patches()).toHaveLength(0);
      const off = createSpec({ diskSizeGb: 40, diskAutoScaling: false });
      await update(off, on);
      const sent = (patches()[0].body as ClusterWire).replicationSpecs?.[0].regionConfigs[0];
      expect(sent).toMatchObject({ electableSpecs: { diskSizeGB: 40 }, autoScaling: { diskGB: { enabled: false } } });
    });

    test('without tags in the spec, tags set in Atlas are left alone; with tags, the owner tag is always kept', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      const live = cluster('orders');
      live!.tags = [...(live!.tags ?? []), { key: 'set-in-atlas', value: 'yes' }];
      expect((await update(createSpec(), createSpec())).Data.Step).toBe('NOOP');
      await update(createSpec({ tags: { team: 'payments' } }), createSpec());
      expect(cluster('orders')?.tags).toEqual([
        { key: 'team', value: 'payments' },
        { key: 'atlas-encryption-at-rest-owner', value: expect.stringContaining('stack/test/Resource') },
      ]);
    });

    test('an adopted cluster’s shape is never changed: only its encryption is managed', async () => {
      await setup();
      seed({ encryptionAtRestProvider: 'NONE', mongoDBMajorVersion: '7.0' });
      await run(
        h,
        event(EC, 'Update', adoptSpec({ regions: [r('US_EAST_1', 3, 'M30')], mongoDbMajorVersion: '8.0' }), {
          physicalId: `${PROJECT}:legacy`,
          oldSpec: adoptSpec(),
        }),
      );
      expect(patches().map((c) => c.body)).toEqual([{ encryptionAtRestProvider: 'AWS' }]);
      expect(cluster()?.mongoDBMajorVersion).toBe('7.0');
    });
  });

  describe('a stale IDLE right after a PATCH is not taken as done', () => {
    // Atlas can report the pre-change cluster as IDLE right after a PATCH (the reason terraform-provider-mongodbatlas
    // waits 30 s before its first poll: advancedclustertpf/state_transition.go RetryDelay). The tests make the
    // emulator's record read IDLE while its transition is still running.
    const record = () => h.emu.state.project(PROJECT).clusters.get('legacy')!;
    const staleWhile = (stale: (n: number) => boolean) => (n: number) => {
      if (record().until === undefined) return;
      record().stateName = stale(n) ? 'IDLE' : 'UPDATING';
    };
    /** The cluster status endpoint as Admin API v2 describes it: PENDING while a change is processed, then APPLIED. */
    const withStatus = (api: AtlasApi): AtlasApi =>
      Object.assign(api, {
        getClusterStatus: async () => {
          h.emu.state.advance();
          return { changeStatus: record().until === undefined ? 'APPLIED' : 'PENDING' };
        },
      });

    test('without the status endpoint, IDLE is trusted only after the settle time', async () => {
      await setup({ durations: { clusterUpdateMs: 2 * 60_000 } });
      seed({});
      const out = await run(h, event(EC, 'Create', adoptSpec()), { beforePoll: staleWhile((n) => n === 1) });
      expect(out.Data).toMatchObject({ Converged: 'true', EncryptionProvider: 'AWS' });
      expect(out.polls).toBeGreaterThanOrEqual(12);
      expect(record().until).toBeUndefined();
    });

    test('the status endpoint is preferred: PENDING outlasts the settle time, APPLIED needs no wait', async () => {
      await setup({ durations: { clusterUpdateMs: 2 * 60_000 }, decorateApi: withStatus });
      seed({});
      const out = await run(h, event(EC, 'Create', adoptSpec()), { beforePoll: staleWhile((n) => n <= 6) });
      expect(out.Data).toMatchObject({ Converged: 'true', EncryptionProvider: 'AWS' });
      expect(out.polls).toBeGreaterThanOrEqual(12);
      expect(record().until).toBeUndefined();

      const quick = await run(
        h,
        event(EC, 'Update', adoptSpec({ encryptionProvider: 'NONE' }), {
          physicalId: `${PROJECT}:legacy`,
          oldSpec: adoptSpec(),
        }),
        { beforePoll: () => h.emu.state.advance(true) },
      );
      expect(quick).toMatchObject({ polls: 1, Data: { Converged: 'true', EncryptionProvider: 'NONE' } });
    });

    test('step 2 of a switch settles before the next poll, so a stale IDLE at NONE is not switched again', async () => {
      await setup({ durations: { clusterUpdateMs: 2 * 60_000 } });
      seed({ encryptionAtRestProvider: 'AWS' });
      // The emulator itself shows the pre-change cluster (IDLE at NONE) for its stale window after each PATCH, and
      // its cluster status endpoint says PENDING meanwhile.
      const out = await run(
        h,
        event(EC, 'Update', adoptSpec({ encryptionProvider: 'AZURE' }), {
          physicalId: `${PROJECT}:legacy`,
          oldSpec: adoptSpec(),
        }),
      );
      expect(out.Data).toMatchObject({ Converged: 'true', EncryptionProvider: 'AZURE' });
      expect(patches().map((c) => c.body)).toEqual([
        { encryptionAtRestProvider: 'NONE' },
        { encryptionAtRestProvider: 'AZURE' },
      ]);
    });
  });

  describe('timeouts never cause a rollback that re-applies the opposite change (DEP-CLU-1)', () => {
    test('an initial sync longer than timeoutSeconds completes with Converged: false and a warning', async () => {
      await setup({ durations: { clusterUpdateMs: 3 * 60 * 60_000 } });
      seed({});
      const out = await run(h, event(EC, 'Create', adoptSpec({ timeoutSeconds: 600 })));
      expect(out.Data).toMatchObject({ Converged: 'false', StateName: 'UPDATING' });
      expect(out.polls).toBe(60);
      expect(h.logs.some((l) => l.startsWith('warn') && l.includes('Converged: false'))).toBe(true);
      expect(cluster()?.encryptionAtRestProvider).toBe('AWS');
    });

    test('a switch that times out while step 1 runs completes with Converged: false and names the pending step', async () => {
      await setup({ durations: { clusterUpdateMs: 11 * 60_000 } });
      seed({ encryptionAtRestProvider: 'AWS' });
      const out = await run(
        h,
        event(EC, 'Update', adoptSpec({ encryptionProvider: 'AZURE', timeoutSeconds: 600 }), {
          physicalId: `${PROJECT}:legacy`,
          oldSpec: adoptSpec(),
        }),
      );
      expect(out.Data).toMatchObject({ Converged: 'false', PendingStep: 'encryptionAtRestProvider=AZURE' });
      // Never re-applies AWS (the opposite change); never sends AZURE before NONE is IDLE.
      expect(patches().map((c) => c.body)).toEqual([{ encryptionAtRestProvider: 'NONE' }]);
      expect(h.logs.some((l) => l.startsWith('warn') && l.includes('step 2'))).toBe(true);
    });

    test('a switch whose timeout falls when NONE is IDLE still issues its second step before completing', async () => {
      await setup({ durations: { clusterUpdateMs: 10 * 60_000 } });
      seed({ encryptionAtRestProvider: 'AWS' });
      const out = await run(
        h,
        event(EC, 'Update', adoptSpec({ encryptionProvider: 'AZURE', timeoutSeconds: 600 }), {
          physicalId: `${PROJECT}:legacy`,
          oldSpec: adoptSpec(),
        }),
      );
      expect(out.Data.Converged).toBe('false');
      expect(patches().map((c) => c.body)).toEqual([
        { encryptionAtRestProvider: 'NONE' },
        { encryptionAtRestProvider: 'AZURE' },
      ]);
      expect(cluster()?.encryptionAtRestProvider).toBe('AZURE');
    });

    test('the default timeout stays inside CloudFormation’s one-hour limit', async () => {
      const { DEFAULT_TIMEOUT_SECONDS } = await import('../../../lib/cdk/handler/resources/encrypted-cluster');
      expect(DEFAULT_TIMEOUT_SECONDS).toBeLessThan(3600);
    });

    test('faults while polling (503, 500, connection reset) count as pending', async () => {
      await setup({ durations: { clusterCreateMs: 5 * 60_000 } });
      const out = await run(h, event(EC, 'Create', createSpec()), {
        beforePoll: (n) => {
          if (n === 2) h.emu.faults.add({ method: 'GET', path: `${CLUSTERS}/orders`, times: 10, status: 503 });
          if (n === 8) h.emu.faults.add({ method: 'GET', path: `${CLUSTERS}/orders`, times: 10, status: 500 });
          if (n === 12) h.emu.faults.add({ method: 'GET', path: `${CLUSTERS}/orders`, times: 10, reset: true });
        },
      });
      expect(out.Data.Converged).toBe('true');
    });
  });

  describe('Delete', () => {
    test('RETAIN (default) leaves the cluster and its encryption as they are, with no Atlas call', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      const before = h.emu.state.calls.length;
      await run(h, event(EC, 'Delete', createSpec(), { physicalId: `${PROJECT}:orders` }));
      expect(h.emu.state.calls.length).toBe(before);
      expect(cluster('orders')?.encryptionAtRestProvider).toBe('AWS');
    });

    test('DESTROY terminates with retainBackups=true and waits for 404', async () => {
      await setup({ durations: { clusterDeleteMs: 3 * 60_000 } });
      await run(h, event(EC, 'Create', createSpec()));
      h.emu.state.project(PROJECT).takeSnapshot('orders');
      const out = await run(
        h,
        event(EC, 'Delete', createSpec({ deletePolicy: 'DESTROY' }), { physicalId: `${PROJECT}:orders` }),
      );
      expect(out.Data).toMatchObject({ Converged: 'true', StateName: 'DELETED' });
      expect(out.polls).toBeGreaterThanOrEqual(18);
      const [del] = h.emu.state.callsTo('DELETE', `${CLUSTERS}/orders`);
      expect(del.query).toMatchObject({ retainBackups: 'true' });
      expect(h.emu.state.project(PROJECT).deletedClusters.map((c) => c.wire.name)).toEqual(['orders']);
    });

    const destroy = () =>
      event(EC, 'Delete', createSpec({ deletePolicy: 'DESTROY' }), { physicalId: `${PROJECT}:orders` });

    test('DESTROY leaves a cluster this resource did not create running (no owner tag), with a warning', async () => {
      await setup();
      seed({ name: 'orders' });
      const out = await run(h, destroy());
      expect(out.Data).toMatchObject({ Kept: 'true' });
      expect(h.emu.state.callsTo('DELETE')).toHaveLength(0);
      expect(cluster('orders')).toBeDefined();
      expect(h.logs.some((l) => l.includes('leaving it running'))).toBe(true);
    });

    test('DESTROY while Atlas already terminates the cluster (400 CLUSTER_ALREADY_REQUESTED_DELETION) waits for 404', async () => {
      await setup({ durations: { clusterDeleteMs: 3 * 60_000 } });
      await run(h, event(EC, 'Create', createSpec()));
      // What a DELETE gets once a termination is under way (Atlas Admin API error codes: 400
      // CLUSTER_ALREADY_REQUESTED_DELETION); the emulator itself answers a repeated DELETE with 202.
      h.emu.faults.add({
        method: 'DELETE',
        path: `${CLUSTERS}/orders`,
        times: 1,
        status: 400,
        errorCode: 'CLUSTER_ALREADY_REQUESTED_DELETION',
        detail: 'The cluster orders has already been requested for deletion.',
      });
      const out = await run(h, destroy(), {
        // The termination someone else requested between the handler's GET and its DELETE.
        beforePoll: (n) => (n === 1 ? h.emu.state.project(PROJECT).deleteCluster('orders', true) : undefined),
      });
      expect(out.Data).toMatchObject({ Converged: 'true', StateName: 'DELETED' });
      expect(cluster('orders')).toBeUndefined();
    });

    test('DESTROY of a cluster Atlas is already terminating sends no second DELETE', async () => {
      await setup({ durations: { clusterDeleteMs: 3 * 60_000 } });
      await run(h, event(EC, 'Create', createSpec()));
      h.emu.state.project(PROJECT).deleteCluster('orders', true);
      const out = await run(h, destroy());
      expect(out.Data).toMatchObject({ Converged: 'true', StateName: 'DELETED' });
      // No second termination request: at most one DELETE, answered 400 CLUSTER_ALREADY_REQUESTED_DELETION while
      // Atlas still shows the cluster as it was (its stale window), which the handler takes as accepted.
      const deletes = h.emu.state.callsTo('DELETE');
      expect(deletes.length).toBeLessThanOrEqual(1);
      for (const d of deletes) expect(d.status).toBe(400);
    });

    test('DESTROY of a cluster whose termination protection was turned on in Atlas fails DEP-CLU-3, deleting nothing', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      cluster('orders')!.terminationProtectionEnabled = true;
      await expect(run(h, destroy())).rejects.toMatchObject({ ruleId: 'DEP-CLU-3' });
      expect(h.emu.state.callsTo('DELETE')).toHaveLength(0);
      // Never lifted by the library: no PATCH turned protection off.
      expect(h.emu.state.callsTo('PATCH')).toHaveLength(0);
      expect(cluster('orders')?.terminationProtectionEnabled).toBe(true);
    });

    test('a Spec asking for termination protection with deletePolicy DESTROY is refused (SYN-KEEP-3), nothing sent', async () => {
      await setup();
      const spec = { ...createSpec({ terminationProtectionEnabled: true }), deletePolicy: 'DESTROY' };
      await expect(run(h, event(EC, 'Create', spec))).rejects.toMatchObject({ ruleId: 'SYN-KEEP-3' });
      expect(h.emu.state.callsTo('POST').filter((c) => c.path.endsWith('/clusters'))).toHaveLength(0);
    });

    test('a 404 from DELETE means the cluster is gone, whatever its errorCode', async () => {
      await setup();
      await run(h, event(EC, 'Create', createSpec()));
      // A code the handler does not list: gone is decided by the status.
      h.emu.faults.add({
        method: 'DELETE',
        path: `${CLUSTERS}/orders`,
        times: 1,
        status: 404,
        errorCode: 'NOT_IN_GROUP',
      });
      const out = await run(h, destroy(), {
        beforePoll: (n) => (n === 1 ? void h.emu.state.project(PROJECT).clusters.delete('orders') : undefined),
      });
      expect(out.Data).toMatchObject({ Converged: 'true', StateName: 'DELETED' });
    });

    test('DESTROY after a failed Create (foreign physical id) never terminates anything', async () => {
      await setup();
      seed({});
      await run(h, event(EC, 'Delete', adoptSpec({ deletePolicy: 'DESTROY' }), { physicalId: 'req-1-failed' }));
      expect(h.emu.state.callsTo('DELETE')).toHaveLength(0);
      expect(cluster()).toBeDefined();
    });
  });
});
