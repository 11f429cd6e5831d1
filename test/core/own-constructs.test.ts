import { RuleReporter, renameProps, validateCluster, validateOwnCluster } from '../../lib/core';
import {
  ADVANCED_CLUSTER_VOCABULARY,
  CFN_CLUSTER_VOCABULARY,
  ownClusterFromAdvancedClusterConfig,
  ownClusterFromCfnProps,
  ownClusterParts,
  ownClusterProp,
} from '../../lib/core/atlas/own-constructs';
import { checkOwnClusterKind, checkOwnClusterProject } from '../../lib/core/rules/project-wiring';
import { validCluster, validProject } from '../support/core-fixtures';

const PROJECT = validProject().projectId;
const TOKEN = '${Token[TOKEN.42]}';

const cfnRegion = (overrides: object = {}) => ({
  providerName: 'AWS',
  regionName: 'US_EAST_1',
  priority: 7,
  electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
  ...overrides,
});

describe("clusters of MongoDB's own constructs, read as Atlas clusters", () => {
  test('CfnCluster props: one part per replication spec, Atlas names and defaults', () => {
    const own = ownClusterFromCfnProps({
      name: 'orders',
      clusterType: 'SHARDED',
      mongoDbMajorVersion: '8.0',
      replicationSpecs: [
        {
          advancedRegionConfigs: [
            cfnRegion({
              readOnlySpecs: { instanceSize: 'M10', nodeCount: 1 },
              autoScaling: { compute: { enabled: true, minInstanceSize: 'M10', maxInstanceSize: 'M30' } },
            }),
          ],
        },
        { advancedRegionConfigs: [cfnRegion({ providerName: 'AZURE', regionName: 'US_EAST_2' })] },
      ],
    });
    expect(ownClusterParts(own, 'AWS')).toEqual([
      {
        index: 0,
        spec: {
          name: 'orders',
          clusterType: 'SHARDED',
          encryptionProvider: 'AWS',
          backupEnabled: false,
          pitEnabled: false,
          mongoDbMajorVersion: '8.0',
          regions: [
            {
              cloud: 'AWS',
              regionName: 'US_EAST_1',
              instanceSize: 'M10',
              nodeCount: 3,
              readOnlyInstanceSize: 'M10',
              readOnlyNodeCount: 1,
              autoScalingMinInstanceSize: 'M10',
              autoScalingMaxInstanceSize: 'M30',
            },
          ],
        },
      },
      {
        index: 1,
        spec: expect.objectContaining({
          regions: [{ cloud: 'AZURE', regionName: 'US_EAST_2', instanceSize: 'M10', nodeCount: 3 }],
        }),
      },
    ]);
  });

  test('AdvancedCluster config: flat auto-scaling fields read the same way', () => {
    const own = ownClusterFromAdvancedClusterConfig({
      name: 'orders',
      backupEnabled: true,
      replicationSpecs: [
        {
          regionConfigs: [
            {
              ...cfnRegion(),
              autoScaling: { computeEnabled: true, computeMinInstanceSize: 'M20', computeMaxInstanceSize: 'M40' },
            },
          ],
        },
      ],
    });
    const [part] = ownClusterParts(own, 'AZURE');
    expect(part.spec).toMatchObject({
      clusterType: 'REPLICASET',
      backupEnabled: true,
      encryptionProvider: 'AZURE',
      regions: [{ autoScalingMinInstanceSize: 'M20' }],
    });
  });

  test('a missing region list stays as written, so the rules report it', () => {
    const [part] = ownClusterParts(ownClusterFromCfnProps({ name: 'orders' }), 'AWS');
    expect(part).toEqual({ index: undefined, spec: expect.objectContaining({ regions: [] }) });
  });

  test('prop paths are named as on each construct', () => {
    expect(ownClusterProp('regions[2].autoScalingMinInstanceSize', 1, CFN_CLUSTER_VOCABULARY)).toBe(
      'replicationSpecs[1].advancedRegionConfigs[2].autoScaling.compute.minInstanceSize',
    );
    expect(ownClusterProp('regions[0].autoScalingMinInstanceSize', 0, ADVANCED_CLUSTER_VOCABULARY)).toBe(
      'replicationSpecs[0].regionConfigs[0].autoScaling.computeMinInstanceSize',
    );
    expect(ownClusterProp('regions[*].nodeCount', 0, CFN_CLUSTER_VOCABULARY)).toBe(
      'replicationSpecs[0].advancedRegionConfigs[*].electableSpecs.nodeCount',
    );
    expect(ownClusterProp('regions[1].cloud', 0, ADVANCED_CLUSTER_VOCABULARY)).toBe(
      'replicationSpecs[0].regionConfigs[1].providerName',
    );
    expect(ownClusterProp('regions', undefined, CFN_CLUSTER_VOCABULARY)).toBe('replicationSpecs');
    expect(ownClusterProp('clusterName', 0, CFN_CLUSTER_VOCABULARY)).toBe('name');
    expect(ownClusterProp('mongoDbMajorVersion', 0, CFN_CLUSTER_VOCABULARY)).toBe('mongoDbMajorVersion');
  });

  test('renameProps rewrites the prop in the violation and its message only', () => {
    const result = validateCluster(
      validCluster({ regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M0' }] }),
      validProject(),
    );
    const [v] = renameProps(result, (p) => `x.${p}`).violations;
    expect(v.prop).toBe('x.regions[0].instanceSize');
    expect(v.message.startsWith(`[SYN-TIER-1] ${v.subject} x.regions[0].instanceSize: `)).toBe(true);
  });

  test("messages' explanations and hints name the construct's props too, never rewriting the value shown", () => {
    const own = ownClusterFromCfnProps({
      name: 'orders',
      replicationSpecs: [
        {
          advancedRegionConfigs: [
            cfnRegion({ electableSpecs: { instanceSize: 'M10', nodeCount: 2 } }),
            cfnRegion({ electableSpecs: { instanceSize: 'M10', nodeCount: 1 } }),
            cfnRegion({ regionName: 'US_WEST_2', electableSpecs: { instanceSize: 'M10', nodeCount: 0 } }),
          ],
        },
      ],
    });
    const messages = validateOwnCluster(own, 'AWS', validProject()).violations.map((v) => v.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'replicationSpecs[0].advancedRegionConfigs[1]: the region is already listed as replicationSpecs[0].advancedRegionConfigs[0]',
        ),
        expect.stringContaining(
          'allowed: electable nodes, or read-only / analytics nodes (readOnlySpecs.nodeCount, analyticsSpecs.nodeCount) for a read-only',
        ),
      ]),
    );
    const missing = validateOwnCluster(
      ownClusterFromCfnProps({ name: 'orders', replicationSpecs: [{ advancedRegionConfigs: 'x' as never }] }),
      'AWS',
      validProject(),
    ).violations.map((v) => v.message);
    expect(missing).toEqual([
      '[SYN-CLOUD-1] cluster "orders" replicationSpecs[0].advancedRegionConfigs: a cluster needs a list of one or more regions (got "x"; allowed: one or more { providerName, regionName, electableSpecs } entries)',
    ]);
  });

  test('validateOwnCluster: the rules of each shard, a shared finding once', () => {
    const own = ownClusterFromCfnProps({
      name: 'orders_1',
      replicationSpecs: [
        { advancedRegionConfigs: [cfnRegion()] },
        { advancedRegionConfigs: [cfnRegion({ electableSpecs: { instanceSize: 'M10', nodeCount: 4 } })] },
      ],
    });
    const found = validateOwnCluster(own, 'AWS', validProject()).violations.map((v) => [v.ruleId, v.prop]);
    expect(found).toEqual([
      ['SYN-SHAPE-3', 'name'],
      ['SYN-SHAPE-1', 'replicationSpecs[1].advancedRegionConfigs[*].electableSpecs.nodeCount'],
    ]);
  });
});

describe('SYN-PROJ-6 and SYN-INPUT-1 for own clusters', () => {
  const check = (clusterProjectId: unknown, projectIds: string[]) => {
    const r = new RuleReporter();
    checkOwnClusterProject('cluster "orders"', 'projectId', clusterProjectId, projectIds, r);
    return r.result();
  };

  test('the same project passes; a token the project encryption also uses passes', () => {
    expect(check(PROJECT, [PROJECT])).toEqual({ violations: [], deferred: [] });
    expect(check(TOKEN, [PROJECT, TOKEN])).toEqual({ violations: [], deferred: [] });
  });

  test('another project fails', () => {
    expect(check('0123456789abcdef01234567', [PROJECT]).violations).toEqual([
      expect.objectContaining({ ruleId: 'SYN-PROJ-6', prop: 'projectId', value: '0123456789abcdef01234567' }),
    ]);
  });

  test('a missing project id fails', () => {
    expect(check(undefined, [PROJECT]).violations).toEqual([
      expect.objectContaining({ ruleId: 'SYN-PROJ-6', value: null }),
    ]);
  });

  test('a token against a literal is deferred (Atlas checks it), not reported', () => {
    const result = check(TOKEN, [PROJECT]);
    expect(result.violations).toEqual([]);
    expect(result.deferred).toEqual([expect.objectContaining({ ruleId: 'SYN-PROJ-6' })]);
    expect(check(PROJECT, [TOKEN]).deferred).toEqual([expect.objectContaining({ ruleId: 'SYN-PROJ-6' })]);
  });

  test('SYN-INPUT-1: the construct kind', () => {
    const r = new RuleReporter();
    expect(checkOwnClusterKind('call', 'cluster', 'MongoDB::Atlas::Cluster', 'MongoDB::Atlas::Cluster', 'x', r)).toBe(
      true,
    );
    expect(checkOwnClusterKind('call', 'cluster', undefined, 'MongoDB::Atlas::Cluster', 'a CfnCluster', r)).toBe(false);
    expect(r.result().violations).toEqual([
      expect.objectContaining({ ruleId: 'SYN-INPUT-1', prop: 'cluster', value: null }),
    ]);
  });
});
