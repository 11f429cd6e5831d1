import {
  AdvancedCluster,
  AdvancedClusterConfig,
  AdvancedClusterReplicationSpecsRegionConfigs as RegionConfig,
} from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AzureKeyVaultConfiguration, EncryptionProvider } from 'atlas-encryption-at-rest/cdktf';
import { azureKey, cluster as encryptedCluster, encryptionFor, PROJECT_ID } from './fixtures';
import { newStack, onlyResource, synthStack } from './helpers';

function region(overrides: Partial<RegionConfig> = {}): RegionConfig {
  return {
    providerName: 'AZURE',
    regionName: 'EUROPE_WEST',
    priority: 7,
    electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
    ...overrides,
  };
}

function setup(overrides: Partial<AdvancedClusterConfig> = {}, scope?: TerraformStack) {
  const stack = scope ?? newStack();
  const encryption = encryptionFor(stack, azureKey(stack));
  const cluster = new AdvancedCluster(stack, 'Orders', {
    projectId: PROJECT_ID,
    name: 'orders',
    clusterType: 'REPLICASET',
    backupEnabled: true,
    replicationSpecs: [{ regionConfigs: [region()] }],
    lifecycle: { preventDestroy: true, ignoreChanges: ['tags'] },
    ...overrides,
  });
  const encrypt = (provider: EncryptionProvider = EncryptionProvider.AZURE) =>
    encryption.encryptAdvancedCluster(cluster, { encryptionProvider: provider });
  return { stack, encryption, cluster, encrypt };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('encryptAdvancedCluster: the synthesized cluster', () => {
  const { stack, encrypt } = setup();
  encrypt();
  const json = synthStack(stack);
  const ear = onlyResource(json, 'mongodbatlas_encryption_at_rest');
  const c = onlyResource(json, 'mongodbatlas_advanced_cluster');

  test('sets encryption_at_rest_provider and keeps what the user wrote', () => {
    expect(c).toMatchObject({
      project_id: PROJECT_ID,
      name: 'orders',
      cluster_type: 'REPLICASET',
      backup_enabled: true,
      encryption_at_rest_provider: 'AZURE',
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
  });

  test('depends_on the encryption resource (created after, destroyed before)', () => {
    expect(c.depends_on).toEqual([`mongodbatlas_encryption_at_rest.${ear.logicalId}`]);
  });

  test("the user's lifecycle is kept, with the key-validity precondition and provider postcondition added", () => {
    expect(c.lifecycle).toEqual({
      prevent_destroy: true,
      ignore_changes: ['tags'],
      precondition: [
        {
          condition: `\${mongodbatlas_encryption_at_rest.${ear.logicalId}.azure_key_vault_config[0].valid}`,
          error_message: expect.stringContaining('(DEP-VAL-1)'),
        },
      ],
      postcondition: [
        {
          condition: '${self.encryption_at_rest_provider == "AZURE"}',
          error_message: 'Cluster orders: Atlas did not apply encryption_at_rest_provider AZURE.',
        },
      ],
    });
  });
});

describe('encryptAdvancedCluster: the same cluster rules, props named as on AdvancedCluster', () => {
  test.each([
    [
      'SYN-TIER-1',
      { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M2', nodeCount: 3 } })] }] },
      'replicationSpecs[0].regionConfigs[0].electableSpecs.instanceSize',
      '"M2"',
    ],
    [
      'SYN-SHAPE-1',
      { replicationSpecs: [{ regionConfigs: [region(), region({ regionName: 'EUROPE_NORTH', priority: 6 })] }] },
      'replicationSpecs[0].regionConfigs[*].electableSpecs.nodeCount',
      '6',
    ],
    [
      'SYN-SHAPE-1',
      { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: 'M10', nodeCount: 2 } })] }] },
      'replicationSpecs[0].regionConfigs[*].electableSpecs.nodeCount',
      '2',
    ],
    [
      'SYN-TIER-1',
      {
        replicationSpecs: [
          { regionConfigs: [region({ autoScaling: { computeEnabled: true, computeMinInstanceSize: 'M5' } })] },
        ],
      },
      'replicationSpecs[0].regionConfigs[0].autoScaling.computeMinInstanceSize',
      '"M5"',
    ],
    [
      'SYN-CLOUD-1',
      { replicationSpecs: [{ regionConfigs: [region({ providerName: 'GCP', regionName: 'CENTRAL_US' })] }] },
      'replicationSpecs[0].regionConfigs[0].providerName',
      '"GCP"',
    ],
    ['SYN-SHAPE-3', { name: '-orders' }, 'name', '"-orders"'],
    ['SYN-SHAPE-4', { mongoDbMajorVersion: 'v8.0' }, 'mongoDbMajorVersion', '"v8.0"'],
    ['SYN-TOPO-1', { clusterType: 'GEOSHARDED' }, 'clusterType', '"GEOSHARDED"'],
  ])('%s on %s', (rule, overrides, prop, value) => {
    const { encrypt } = setup(overrides as Partial<AdvancedClusterConfig>);
    const e = errorOf(encrypt);
    expect(e.name).toBe('EarValidationError');
    expect(e.message).toContain(`[${rule}] cluster "${(overrides as { name?: string }).name ?? 'orders'}" ${prop}: `);
    expect(e.message).toContain(`(got ${value}; allowed: `);
  });

  test('the passing side: 3 + 2 electable nodes, a read-only region, auto-scaling from M10', () => {
    const { stack, encrypt } = setup({
      replicationSpecs: [
        {
          regionConfigs: [
            region({
              electableSpecs: { instanceSize: 'M30', nodeCount: 3 },
              autoScaling: { computeEnabled: true, computeMinInstanceSize: 'M10', computeMaxInstanceSize: 'M40' },
            }),
            region({ regionName: 'EUROPE_NORTH', priority: 6, electableSpecs: { instanceSize: 'M30', nodeCount: 2 } }),
            region({
              regionName: 'UK_SOUTH',
              priority: 0,
              electableSpecs: { instanceSize: 'M30', nodeCount: 0 },
              readOnlySpecs: { instanceSize: 'M30', nodeCount: 1 },
            }),
          ],
        },
      ],
    });
    expect(encrypt).not.toThrow();
    expect(() => synthStack(stack)).not.toThrow();
  });

  test('a sharded cluster is judged one replication spec at a time (with the opt-in)', () => {
    const stack = newStack();
    const encryption = encryptionFor(stack, azureKey(stack), { allowShardedClusters: true });
    const cluster = new AdvancedCluster(stack, 'Orders', {
      projectId: PROJECT_ID,
      name: 'orders',
      clusterType: 'SHARDED',
      replicationSpecs: [{ regionConfigs: [region()] }, { regionConfigs: [region()] }],
    });
    expect(() =>
      encryption.encryptAdvancedCluster(cluster, { encryptionProvider: EncryptionProvider.AZURE }),
    ).not.toThrow();
  });

  test('unresolved values are skipped at synth', () => {
    const stack = newStack();
    const size = new TerraformVariable(stack, 'size', { type: 'string' }).stringValue;
    const { encrypt } = setup(
      { replicationSpecs: [{ regionConfigs: [region({ electableSpecs: { instanceSize: size, nodeCount: 3 } })] }] },
      stack,
    );
    expect(encrypt).not.toThrow();
  });
});

test('a region list from a variable is left to Atlas (deferred), the rest still checked', () => {
  const stack = newStack();
  const specs = Token.asAny(new TerraformVariable(stack, 'specs', { type: 'list(any)' }).value);
  expect(setup({ replicationSpecs: specs }, stack).encrypt).not.toThrow();
  const other = newStack();
  const more = Token.asAny(new TerraformVariable(other, 'specs', { type: 'list(any)' }).value);
  expect(errorOf(setup({ replicationSpecs: more, name: 'orders_1' }, other).encrypt).message).toContain(
    '[SYN-SHAPE-3] cluster "orders_1" name',
  );
});

describe('encryptAdvancedCluster: wiring', () => {
  test('SYN-PROJ-1: a provider the project encryption does not configure; NONE opts out', () => {
    expect(errorOf(() => setup().encrypt(EncryptionProvider.AWS)).message).toContain(
      '[SYN-PROJ-1] cluster "orders" encryptionProvider: provider AWS is not configured on the project encryption',
    );
    const { stack, encrypt } = setup();
    encrypt(EncryptionProvider.NONE);
    const c = onlyResource(synthStack(stack), 'mongodbatlas_advanced_cluster');
    expect(c.encryption_at_rest_provider).toBe('NONE');
    // No key-validity precondition for a cluster that uses no key.
    expect((c.lifecycle as { precondition?: unknown[] }).precondition).toBeUndefined();
  });

  test('SYN-PROJ-6: a cluster in another project; the encryption resource attribute passes', () => {
    expect(errorOf(() => setup({ projectId: '5f1e2d3c4b5a69788796a5b5' }).encrypt()).message).toContain(
      `[SYN-PROJ-6] cluster "orders" projectId: the cluster is not in the Atlas project of this project encryption`,
    );
    const stack = newStack();
    const encryption = encryptionFor(stack, azureKey(stack));
    const cluster = new AdvancedCluster(stack, 'Orders', {
      projectId: encryption.projectId,
      name: 'orders',
      clusterType: 'REPLICASET',
      replicationSpecs: [{ regionConfigs: [region()] }],
    });
    expect(() =>
      encryption.encryptAdvancedCluster(cluster, { encryptionProvider: EncryptionProvider.AZURE }),
    ).not.toThrow();
  });

  test('SYN-INPUT-1: not an AdvancedCluster', () => {
    const stack = newStack();
    const encryption = encryptionFor(stack, azureKey(stack));
    const notACluster = new Construct(stack, 'NotACluster');
    expect(
      errorOf(() =>
        encryption.encryptAdvancedCluster(notACluster as unknown as AdvancedCluster, {
          encryptionProvider: EncryptionProvider.AZURE,
        }),
      ).message,
    ).toContain('[SYN-INPUT-1] encryptAdvancedCluster cluster: not an AdvancedCluster of @cdktf/provider-mongodbatlas');
  });

  test("SYN-INPUT-1: the AdvancedCluster's own encryptionAtRestProvider says something else; the same passes", () => {
    expect(errorOf(() => setup({ encryptionAtRestProvider: 'AWS' }).encrypt()).message).toContain(
      '[SYN-INPUT-1] cluster "orders" encryptionAtRestProvider: the AdvancedCluster sets its own provider',
    );
    expect(() => setup({ encryptionAtRestProvider: 'AZURE' }).encrypt()).not.toThrow();
  });

  test('SYN-PROJ-5: encrypting the same cluster twice', () => {
    const { encrypt } = setup();
    encrypt();
    expect(errorOf(() => encrypt()).message).toContain('[SYN-PROJ-5] cluster "orders" clusterName');
  });

  test('SYN-PROJ-5: an EncryptedCluster of the same name, before or after, fails; another name passes', () => {
    // What `cdktf synth` runs on every construct (TerraformStack.runAllValidations), on the user's cluster.
    const run = (name: string, before: boolean) => {
      const { stack, encryption, cluster, encrypt } = setup();
      if (before) encryptedCluster(stack, encryption, { clusterName: name }, 'Other');
      encrypt();
      if (!before) encryptedCluster(stack, encryption, { clusterName: name }, 'Other');
      const errors = cluster.node.validate();
      if (errors.length > 0) throw new Error(errors.join('\n'));
    };
    expect(() => run('orders', true)).toThrow(/\[SYN-PROJ-5\] cluster "orders"/);
    expect(() => run('orders', false)).toThrow(/\[SYN-PROJ-5\] cluster "orders"/);
    expect(() => run('invoices', true)).not.toThrow();
    expect(() => run('invoices', false)).not.toThrow();
  });
});

describe('encryptAdvancedCluster with private networking', () => {
  test("the cluster's regions get endpoints, and the cluster waits for them (depends_on, ACTIVE precondition)", () => {
    const stack = newStack();
    const key = azureKey(stack);
    const encryption = encryptionFor(stack, key, {
      azureKeyVault: AzureKeyVaultConfiguration.fromEncryptionKey(key, { requirePrivateNetworking: true }),
    });
    const cluster = new AdvancedCluster(stack, 'Orders', {
      projectId: PROJECT_ID,
      name: 'orders',
      clusterType: 'REPLICASET',
      replicationSpecs: [{ regionConfigs: [region()] }],
    });
    encryption.encryptAdvancedCluster(cluster, { encryptionProvider: EncryptionProvider.AZURE });
    const json = synthStack(stack);
    const endpoint = onlyResource(json, 'mongodbatlas_encryption_at_rest_private_endpoint');
    expect(endpoint).toMatchObject({ cloud_provider: 'AZURE', region_name: 'EUROPE_WEST' });
    const c = onlyResource(json, 'mongodbatlas_advanced_cluster');
    expect(c.depends_on).toEqual(
      expect.arrayContaining([`mongodbatlas_encryption_at_rest_private_endpoint.${endpoint.logicalId}`]),
    );
    const preconditions = (c.lifecycle as { precondition: { condition: string }[] }).precondition;
    expect(preconditions.some((p) => p.condition.includes(`${endpoint.logicalId}.status`))).toBe(true);
  });
});
