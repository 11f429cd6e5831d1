import {
  AtlasProjectEncryption,
  AwsKmsConfiguration,
  CloudProvider,
  ClusterType,
  EarValidationError,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdktf';
import { azureKey, cluster, encryptionFor, PROJECT_ID } from './fixtures';
import { onlyResource, ref, synth } from './helpers';

describe('EncryptedCluster', () => {
  const json = synth((scope) => {
    const e = encryptionFor(scope, azureKey(scope));
    cluster(scope, e, { backupEnabled: true, pitEnabled: true, mongoDbMajorVersion: '8.0' });
  });
  const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
  const c = onlyResource(json, 'mongodbatlas_advanced_cluster');

  test('project id comes from the encryption resource (create after, destroy before)', () => {
    expect(c.project_id).toBe(ref('mongodbatlas_encryption_at_rest', ear.logicalId, 'project_id'));
  });

  test('1.x block schema with encryption_at_rest_provider and Cloud Backup', () => {
    expect(c).toMatchObject({
      name: 'orders',
      cluster_type: 'REPLICASET',
      encryption_at_rest_provider: 'AZURE',
      backup_enabled: true,
      pit_enabled: true,
      retain_backups_enabled: true,
      mongo_db_major_version: '8.0',
      replication_specs: [
        {
          region_configs: [
            {
              provider_name: 'AZURE',
              region_name: 'EUROPE_WEST',
              priority: 7,
              electable_specs: { instance_size: 'M10', node_count: 3 },
            },
          ],
        },
      ],
    });
    expect((c.replication_specs as Record<string, unknown>[])[0]).not.toHaveProperty('num_shards');
  });

  test('precondition on the key being valid, postcondition on the applied provider', () => {
    expect(c.lifecycle).toEqual({
      precondition: [
        {
          condition: ref('mongodbatlas_encryption_at_rest', ear.logicalId, 'azure_key_vault_config[0].valid'),
          error_message: expect.stringContaining('not valid'),
        },
      ],
      postcondition: [
        { condition: '${self.encryption_at_rest_provider == "AZURE"}', error_message: expect.any(String) },
      ],
      // Destroy protection by default, like the vault and the key (retainOnDestroy).
      prevent_destroy: true,
    });
  });

  test('retainOnDestroy: false lifts the destroy protection and says so (SYN-KEEP-2)', () => {
    let warnings: string[] = [];
    const out = synth((scope) => {
      const cl = cluster(scope, encryptionFor(scope, azureKey(scope)), { retainOnDestroy: false });
      warnings = cl.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    });
    expect(onlyResource(out, 'mongodbatlas_advanced_cluster').lifecycle).toMatchObject({ prevent_destroy: false });
    expect(warnings).toEqual([expect.stringMatching(/^\[SYN-KEEP-2\] cluster "orders" retainOnDestroy:.*terminates/)]);
  });

  test('sharded with the opt-in; multi-region priorities; auto-scaling floor', () => {
    const out = synth((scope) => {
      const e = encryptionFor(scope, azureKey(scope), { allowShardedClusters: true });
      cluster(scope, e, {
        clusterType: ClusterType.SHARDED,
        numShards: 2,
        regions: [
          {
            cloud: CloudProvider.AZURE,
            regionName: 'EUROPE_WEST',
            instanceSize: 'M30',
            autoScalingMinInstanceSize: 'M20',
            autoScalingMaxInstanceSize: 'M40',
          },
          {
            cloud: CloudProvider.AZURE,
            regionName: 'US_EAST_2',
            instanceSize: 'M30',
            nodeCount: 2,
            readOnlyInstanceSize: 'M30',
          },
        ],
      });
    });
    const sc = onlyResource(out, 'mongodbatlas_advanced_cluster');
    const spec = (sc.replication_specs as Record<string, unknown>[])[0];
    expect(sc.cluster_type).toBe('SHARDED');
    expect(spec.num_shards).toBe(2);
    expect(spec.region_configs).toEqual([
      expect.objectContaining({
        priority: 7,
        auto_scaling: {
          compute_enabled: true,
          compute_scale_down_enabled: true,
          compute_min_instance_size: 'M20',
          compute_max_instance_size: 'M40',
        },
      }),
      expect.objectContaining({
        priority: 6,
        electable_specs: { instance_size: 'M30', node_count: 2 },
        read_only_specs: { instance_size: 'M30', node_count: 1 },
      }),
    ]);
  });

  test('NONE opts out: no key precondition', () => {
    const out = synth((scope) => {
      cluster(scope, encryptionFor(scope, azureKey(scope)), { encryptionProvider: EncryptionProvider.NONE });
    });
    const plain = onlyResource(out, 'mongodbatlas_advanced_cluster');
    expect(plain.encryption_at_rest_provider).toBe('NONE');
    expect((plain.lifecycle as Record<string, unknown>).precondition).toBeUndefined();
  });

  describe('rules throw at synth with the rule id', () => {
    const cases: Array<[string, (scope: Parameters<Parameters<typeof synth>[0]>[0]) => void]> = [
      [
        'SYN-TIER-1',
        (s) =>
          void cluster(s, encryptionFor(s, azureKey(s)), {
            regions: [{ cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M0' }],
          }),
      ],
      [
        'SYN-TIER-1',
        (s) =>
          void cluster(s, encryptionFor(s, azureKey(s)), {
            regions: [
              {
                cloud: CloudProvider.AZURE,
                regionName: 'EUROPE_WEST',
                instanceSize: 'M30',
                autoScalingMinInstanceSize: 'M5',
              },
            ],
          }),
      ],
      ['SYN-TOPO-1', (s) => void cluster(s, encryptionFor(s, azureKey(s)), { clusterType: ClusterType.SHARDED })],
      [
        'SYN-CLOUD-1',
        (s) =>
          void cluster(s, encryptionFor(s, azureKey(s)), {
            regions: [{ cloud: CloudProvider.GCP, regionName: 'CENTRAL_US', instanceSize: 'M10' }],
          }),
      ],
      [
        'SYN-PROJ-1',
        (s) => void cluster(s, encryptionFor(s, azureKey(s)), { encryptionProvider: EncryptionProvider.AWS }),
      ],
      ['SYN-CLOUD-1', (s) => void cluster(s, encryptionFor(s, azureKey(s)), { regions: [] })],
      [
        'SYN-PROJ-1',
        (s) => {
          const e = new AtlasProjectEncryption(s, 'E', {
            projectId: PROJECT_ID,
            awsKms: AwsKmsConfiguration.fromAttributes({
              customerMasterKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
              region: 'us-east-1',
              roleId: '0123456789abcdef01234567',
            }),
          });
          cluster(s, e);
        },
      ],
    ];
    test.each(cases)('%s', (ruleId, fn) => {
      let error: unknown;
      try {
        synth(fn);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EarValidationError);
      expect((error as EarValidationError).ruleId).toBe(ruleId);
      expect((error as Error).message).toMatch(new RegExp(`^\\[${ruleId}\\] cluster "orders"`));
    });
  });
});

describe('SYN-PROJ-5', () => {
  test('two constructs claiming one Atlas cluster fail synth', () => {
    expect(() =>
      synth((s) => {
        const e = encryptionFor(s, azureKey(s));
        cluster(s, e);
        cluster(s, e, {}, 'Again');
      }),
    ).toThrow(/\[SYN-PROJ-5\] cluster "orders" clusterName/);
  });
});

describe('EncryptedCluster day-2 settings', () => {
  const region = { cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M20' };
  const render = (props: Parameters<typeof cluster>[2]) =>
    onlyResource(
      synth((scope) => {
        cluster(scope, encryptionFor(scope, azureKey(scope)), props);
      }),
      'mongodbatlas_advanced_cluster',
    );

  test('disk size on every node group, disk auto-scaling, termination protection, tags, node counts', () => {
    const c = render({
      regions: [{ ...region, readOnlyNodeCount: 2, analyticsNodeCount: 1 }],
      diskSizeGb: 40,
      diskAutoScaling: false,
      terminationProtectionEnabled: true,
      tags: { team: 'payments' },
    });
    expect(c).toMatchObject({
      termination_protection_enabled: true,
      tags: [{ key: 'team', value: 'payments' }],
      replication_specs: [
        {
          region_configs: [
            {
              electable_specs: { instance_size: 'M20', node_count: 3, disk_size_gb: 40 },
              read_only_specs: { instance_size: 'M20', node_count: 2, disk_size_gb: 40 },
              analytics_specs: { instance_size: 'M20', node_count: 1, disk_size_gb: 40 },
              auto_scaling: { disk_gb_enabled: false },
            },
          ],
        },
      ],
    });
    // Disk auto-scaling off: Terraform keeps the disk size as written.
    expect((c.lifecycle as { ignore_changes?: string[] }).ignore_changes).toBeUndefined();
  });

  test('with auto-scaling on, the scaled attributes are ignored (only then)', () => {
    const c = render({
      regions: [{ ...region, autoScalingMinInstanceSize: 'M10', autoScalingMaxInstanceSize: 'M30' }],
      diskAutoScaling: true,
    });
    const ignored = (c.lifecycle as { ignore_changes: string[] }).ignore_changes;
    expect(ignored).toEqual(
      expect.arrayContaining([
        'replication_specs[0].region_configs[0].electable_specs[0].instance_size',
        'replication_specs[0].region_configs[0].electable_specs[0].disk_size_gb',
      ]),
    );
    const plain = render({});
    expect(plain).not.toHaveProperty('termination_protection_enabled');
    expect(plain).not.toHaveProperty('tags');
    expect((plain.lifecycle as { ignore_changes?: string[] }).ignore_changes).toBeUndefined();
  });

  test('SYN-KEEP-3: termination protection with retainOnDestroy false is refused', () => {
    expect(() => render({ terminationProtectionEnabled: true, retainOnDestroy: false })).toThrow(
      /\[SYN-KEEP-3\].*retainOnDestroy/,
    );
    expect(() => render({ terminationProtectionEnabled: true })).not.toThrow();
  });

  test('SYN-SHAPE-6: node counts as written in the Terraform engine', () => {
    expect(() => render({ regions: [{ ...region, readOnlyNodeCount: 1.5 }] })).toThrow(
      /\[SYN-SHAPE-6\].*regions\[0\]\.readOnlyNodeCount/,
    );
  });
});
