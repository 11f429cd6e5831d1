/* eslint-disable @typescript-eslint/no-explicit-any -- walks synthesized template JSON */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CfnCluster, CfnClusterProps } from 'awscdk-resources-mongodbatlas';
import {
  AtlasProjectEncryption,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
  IMongoDbCfnCluster,
} from 'atlas-encryption-at-rest/cdk';
import { awsAndAzure, credentials, newStack, only, OTHER_PROJECT_ID, PROJECT_ID } from './util';

const M10 = { instanceSize: 'M10', nodeCount: 3 };

function region(overrides: Record<string, unknown> = {}): any {
  return { providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: M10, ...overrides };
}

function clusterProps(overrides: Partial<CfnClusterProps> = {}): CfnClusterProps {
  return {
    projectId: PROJECT_ID,
    name: 'orders',
    clusterType: 'REPLICASET',
    mongoDbMajorVersion: '8.0',
    backupEnabled: true,
    replicationSpecs: [{ numShards: 1, advancedRegionConfigs: [region()] }],
    ...overrides,
  };
}

function setup(overrides: Partial<CfnClusterProps> = {}, projectProps: Parameters<typeof awsAndAzure>[1] = {}) {
  const stack = newStack();
  const { encryption } = awsAndAzure(stack, projectProps);
  const cluster = new CfnCluster(stack, 'Orders', clusterProps(overrides));
  const encrypt = (provider: EncryptionProvider = EncryptionProvider.AWS) =>
    encryption.encryptCfnCluster(cluster, { encryptionProvider: provider });
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

describe('encryptCfnCluster: the synthesized cluster', () => {
  const { stack, encrypt } = setup();
  encrypt();
  const t = Template.fromStack(stack);
  const cluster = only(t, 'MongoDB::Atlas::Cluster');
  const project = only(t, 'Custom::AtlasProjectEncryption');

  test('sets EncryptionAtRestProvider and keeps every prop the user wrote', () => {
    expect(cluster.resource.Properties).toEqual({
      ProjectId: PROJECT_ID,
      Name: 'orders',
      ClusterType: 'REPLICASET',
      MongoDBMajorVersion: '8.0',
      BackupEnabled: true,
      EncryptionAtRestProvider: 'AWS',
      ReplicationSpecs: [
        {
          NumShards: 1,
          AdvancedRegionConfigs: [
            {
              ProviderName: 'AWS',
              RegionName: 'US_EAST_1',
              Priority: 7,
              ElectableSpecs: { InstanceSize: 'M10', NodeCount: 3 },
            },
          ],
        },
      ],
    });
  });

  test('depends on the project encryption (created after, removed before)', () => {
    expect(cluster.resource.DependsOn).toEqual(expect.arrayContaining([project.id]));
  });

  test('no warnings for a clean cluster', () => {
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('\\[SYN-'))).toEqual([]);
  });
});

describe('encryptCfnCluster: the same cluster rules, props named as on CfnCluster', () => {
  test.each([
    [
      'SYN-TIER-1',
      {
        replicationSpecs: [
          { advancedRegionConfigs: [region({ electableSpecs: { instanceSize: 'M5', nodeCount: 3 } })] },
        ],
      },
      'replicationSpecs[0].advancedRegionConfigs[0].electableSpecs.instanceSize',
      '"M5"',
    ],
    [
      'SYN-SHAPE-1',
      {
        replicationSpecs: [{ advancedRegionConfigs: [region(), region({ regionName: 'US_WEST_2', priority: 6 })] }],
      },
      'replicationSpecs[0].advancedRegionConfigs[*].electableSpecs.nodeCount',
      '6',
    ],
    [
      'SYN-SHAPE-2',
      {
        replicationSpecs: [
          {
            advancedRegionConfigs: [
              region({ electableSpecs: { instanceSize: 'M10', nodeCount: 2 } }),
              region({ electableSpecs: { instanceSize: 'M10', nodeCount: 1 }, priority: 6 }),
            ],
          },
        ],
      },
      'replicationSpecs[0].advancedRegionConfigs[1]',
      '"AWS US_EAST_1"',
    ],
    [
      'SYN-CLOUD-1',
      { replicationSpecs: [{ advancedRegionConfigs: [region({ regionName: 'us-east-1' })] }] },
      'replicationSpecs[0].advancedRegionConfigs[0].regionName',
      '"us-east-1"',
    ],
    [
      'SYN-TIER-1',
      {
        replicationSpecs: [
          {
            advancedRegionConfigs: [region({ autoScaling: { compute: { enabled: true, minInstanceSize: 'M2' } } })],
          },
        ],
      },
      'replicationSpecs[0].advancedRegionConfigs[0].autoScaling.compute.minInstanceSize',
      '"M2"',
    ],
    ['SYN-SHAPE-3', { name: 'orders_eu' }, 'name', '"orders_eu"'],
    ['SYN-SHAPE-4', { mongoDbMajorVersion: '8' }, 'mongoDbMajorVersion', '"8"'],
    ['SYN-TOPO-1', { clusterType: 'SHARDED' }, 'clusterType', '"SHARDED"'],
    ['SYN-CLOUD-1', { replicationSpecs: [] }, 'replicationSpecs', '[]'],
  ])('%s on %s', (rule, overrides, prop, value) => {
    const { encrypt } = setup(overrides as Partial<CfnClusterProps>);
    const e = errorOf(encrypt);
    expect(e.name).toBe('EarValidationError');
    expect(e.message).toContain(`[${rule}] cluster "${(overrides as any).name ?? 'orders'}" ${prop}: `);
    expect(e.message).toContain(`(got ${value}; allowed: `);
  });

  test('the passing side: 2 + 2 + 1 electable nodes across three regions, auto-scaling from M10', () => {
    const { stack, encrypt } = setup({
      replicationSpecs: [
        {
          advancedRegionConfigs: [
            region({
              electableSpecs: { instanceSize: 'M30', nodeCount: 2 },
              autoScaling: { compute: { enabled: true, minInstanceSize: 'M10', maxInstanceSize: 'M40' } },
            }),
            region({ regionName: 'US_WEST_2', priority: 6, electableSpecs: { instanceSize: 'M30', nodeCount: 2 } }),
            region({ regionName: 'EU_WEST_1', priority: 5, electableSpecs: { instanceSize: 'M30', nodeCount: 1 } }),
          ],
        },
      ],
    });
    expect(encrypt).not.toThrow();
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('a sharded cluster is judged one replication spec (shard) at a time, and a shared finding is told once', () => {
    const shards = {
      clusterType: 'SHARDED',
      replicationSpecs: [{ advancedRegionConfigs: [region()] }, { advancedRegionConfigs: [region()] }],
    };
    expect(setup(shards, { allowShardedClusters: true }).encrypt).not.toThrow();
    const e = errorOf(setup(shards).encrypt);
    expect(e.message.match(/\[SYN-TOPO-1\]/g)).toHaveLength(1);
    expect(e.message).not.toContain('SYN-SHAPE');
  });

  test('the second shard is named by its index', () => {
    const { encrypt } = setup(
      {
        clusterType: 'SHARDED',
        replicationSpecs: [
          { advancedRegionConfigs: [region()] },
          { advancedRegionConfigs: [region({ electableSpecs: { instanceSize: 'M0', nodeCount: 3 } })] },
        ],
      },
      { allowShardedClusters: true },
    );
    expect(errorOf(encrypt).message).toContain(
      'replicationSpecs[1].advancedRegionConfigs[0].electableSpecs.instanceSize: shared, Flex and Serverless tiers',
    );
  });

  test('a shared-tier region (TENANT, backing AWS) is refused by its size', () => {
    const { encrypt } = setup({
      replicationSpecs: [
        {
          advancedRegionConfigs: [
            region({ providerName: 'TENANT', backingProviderName: 'AWS', electableSpecs: { instanceSize: 'M0' } }),
          ],
        },
      ],
    });
    expect(errorOf(encrypt).message).toContain('[SYN-TIER-1]');
  });

  test('unresolved tokens are skipped at synth', () => {
    const { stack, encrypt } = setup({
      replicationSpecs: [
        {
          advancedRegionConfigs: [
            region({ electableSpecs: { instanceSize: Lazy.string({ produce: () => 'M10' }), nodeCount: 3 } }),
          ],
        },
      ],
    });
    expect(encrypt).not.toThrow();
    expect(
      only(Template.fromStack(stack), 'MongoDB::Atlas::Cluster').resource.Properties.EncryptionAtRestProvider,
    ).toBe('AWS');
  });

  test('warnings become acknowledgeable annotations (SYN-BKP-2)', () => {
    const { stack, encrypt } = setup({ backupEnabled: false, pitEnabled: true });
    encrypt();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('\\[SYN-BKP-2\\]'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toContain('cluster \\"orders\\" pitEnabled');
  });
});

describe('encryptCfnCluster: wiring', () => {
  test('SYN-PROJ-1: a provider the project encryption does not configure fails synth', () => {
    const { stack, encrypt } = setup();
    encrypt(EncryptionProvider.GCP);
    expect(() => Template.fromStack(stack)).toThrow(
      /\[SYN-PROJ-1\] cluster "orders" encryptionProvider: provider GCP is not configured on the project encryption \(got "GCP"; allowed: AWS, AZURE or NONE\)/,
    );
  });

  test('SYN-PROJ-1 passing side: AZURE is configured, and NONE opts out', () => {
    for (const p of [EncryptionProvider.AZURE, EncryptionProvider.NONE]) {
      const { stack, encrypt } = setup();
      encrypt(p);
      expect(
        only(Template.fromStack(stack), 'MongoDB::Atlas::Cluster').resource.Properties.EncryptionAtRestProvider,
      ).toBe(p);
    }
  });

  test('SYN-PROJ-6: a cluster in another project', () => {
    const { encrypt } = setup({ projectId: OTHER_PROJECT_ID });
    expect(errorOf(encrypt).message).toContain(
      `[SYN-PROJ-6] cluster "orders" projectId: the cluster is not in the Atlas project of this project encryption, whose keys it cannot use (got "${OTHER_PROJECT_ID}"; allowed: ${PROJECT_ID}`,
    );
  });

  test('SYN-PROJ-6 passing side: a token is checked by Atlas, not at synth', () => {
    const { encrypt } = setup({ projectId: Lazy.string({ produce: () => PROJECT_ID }) });
    expect(encrypt).not.toThrow();
  });

  test('SYN-INPUT-1: not a CfnCluster', () => {
    const stack = newStack();
    const { encryption } = awsAndAzure(stack);
    const bucket = new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket' });
    const e = errorOf(() =>
      encryption.encryptCfnCluster(bucket as unknown as IMongoDbCfnCluster, {
        encryptionProvider: EncryptionProvider.AWS,
      }),
    );
    expect(e.message).toContain(
      '[SYN-INPUT-1] encryptCfnCluster cluster: not a CfnCluster of awscdk-resources-mongodbatlas (got "AWS::S3::Bucket"; allowed: a CfnCluster of awscdk-resources-mongodbatlas (MongoDB::Atlas::Cluster))',
    );
  });

  test("SYN-INPUT-1: the CfnCluster's own encryptionAtRestProvider says something else; the same value passes", () => {
    const { encrypt } = setup({ encryptionAtRestProvider: 'AZURE' as CfnClusterProps['encryptionAtRestProvider'] });
    expect(errorOf(() => encrypt(EncryptionProvider.AWS)).message).toContain(
      '[SYN-INPUT-1] cluster "orders" encryptionAtRestProvider: the CfnCluster sets its own provider',
    );
    const same = setup({ encryptionAtRestProvider: 'AWS' as CfnClusterProps['encryptionAtRestProvider'] });
    expect(() => same.encrypt(EncryptionProvider.AWS)).not.toThrow();
  });

  test('SYN-PROJ-5: encrypting the same CfnCluster twice', () => {
    const { encrypt } = setup();
    encrypt();
    expect(errorOf(() => encrypt()).message).toContain('[SYN-PROJ-5] cluster "orders" clusterName');
  });

  test('SYN-PROJ-5: an EncryptedCluster of the same name in the same project fails synth; another name passes', () => {
    for (const [name, fails] of [
      ['orders', true],
      ['invoices', false],
    ] as const) {
      const { stack, encryption, encrypt } = setup();
      encrypt();
      new EncryptedCluster(stack, 'Other', {
        projectEncryption: encryption,
        clusterName: name,
        encryptionProvider: EncryptionProvider.AWS,
        regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
      });
      if (fails) expect(() => Template.fromStack(stack)).toThrow(/\[SYN-PROJ-5\] cluster "orders"/);
      else expect(() => Template.fromStack(stack)).not.toThrow();
    }
  });

  test('an imported project encryption in another stack: its providers are checked (both sides)', () => {
    for (const [provider, fails] of [
      [EncryptionProvider.AZURE, false],
      [EncryptionProvider.AWS, true],
    ] as const) {
      const other = new Stack(newStack().node.root, 'Clusters', {
        env: { account: '123456789012', region: 'us-east-1' },
      });
      const imported = AtlasProjectEncryption.fromProjectEncryptionAttributes(other, 'Imported', {
        projectId: PROJECT_ID,
        credentials: credentials(other),
        providers: [EncryptionProvider.AZURE],
      });
      imported.encryptCfnCluster(new CfnCluster(other, 'Orders', clusterProps()), { encryptionProvider: provider });
      if (fails) {
        expect(() => Template.fromStack(other)).toThrow(/\[SYN-PROJ-1\] cluster "orders" encryptionProvider/);
      } else {
        const props = only(Template.fromStack(other), 'MongoDB::Atlas::Cluster').resource.Properties;
        expect(props.EncryptionAtRestProvider).toBe('AZURE');
      }
    }
  });
});

test('atlas-encryption-at-rest/cdk never loads awscdk-resources-mongodbatlas, also when encryptCfnCluster runs', () => {
  // A fresh Node process (Jest keeps its own module registry): load the engine, call the method with a structural
  // stand-in, then list what require.cache holds.
  const root = join(__dirname, '..', '..');
  const script = `
    const cdk = require('aws-cdk-lib');
    const sm = require('aws-cdk-lib/aws-secretsmanager');
    const ear = require(${JSON.stringify(join(root, 'lib', 'cdk', 'index.ts'))});
    const app = new cdk.App({ builtinCloudFormationValidation: false });
    const stack = new cdk.Stack(app, 'S');
    const secret = sm.Secret.fromSecretCompleteArn(stack, 'K', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:k-AbCdEf');
    const p = ear.AtlasProjectEncryption.fromProjectEncryptionAttributes(stack, 'P', {
      projectId: '${PROJECT_ID}', credentials: ear.AtlasCredentials.fromApiKeySecret(secret), providers: ['AWS'] });
    const props = { projectId: '${PROJECT_ID}', name: 'orders', replicationSpecs: [{ advancedRegionConfigs: [
      { providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize: 'M10', nodeCount: 3 } }] }] };
    const fake = new cdk.CfnResource(stack, 'C', { type: 'MongoDB::Atlas::Cluster', properties: { Name: 'orders' } });
    fake.props = props;
    p.encryptCfnCluster(fake, { encryptionProvider: 'AWS' });
    const t = app.synth().getStackByName('S').template;
    process.stdout.write(JSON.stringify({
      loaded: Object.keys(require.cache).filter((k) => k.includes('awscdk-resources-mongodbatlas')),
      provider: t.Resources.C.Properties.EncryptionAtRestProvider,
    }));`;
  const out = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: root, encoding: 'utf8' });
  expect(JSON.parse(out)).toEqual({ loaded: [], provider: 'AWS' });
});
