import {
  ClusterSpec,
  importedProjectSpec,
  ProjectEncryptionSpec,
  Severity,
  validateCluster,
  errorsOf,
  warningsOf,
} from '../../lib/core';
import { RuleReporter } from '../../lib/core/rules/rule';
import { checkTerminationProtection } from '../../lib/core/rules/cluster-shape';
import { PROJECT_ID, validCluster, validProject } from '../support/core-fixtures';

interface Case {
  readonly name: string;
  readonly cluster: Partial<ClusterSpec>;
  readonly project?: Partial<ProjectEncryptionSpec>;
  /** Expected rule id and message fragment; undefined means the input is valid. */
  readonly expect?: { readonly ruleId: string; readonly severity?: Severity; readonly contains: string };
}

const aws = (instanceSize: string, extra: object = {}) => ({
  regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize, ...extra }],
});

const cases: Case[] = [
  // SYN-TIER-1
  { name: 'M10 passes', cluster: aws('M10') },
  { name: 'R40 passes', cluster: aws('R40') },
  { name: 'M40_NVME passes', cluster: aws('M40_NVME') },
  { name: 'M30_GEN_2 passes', cluster: aws('M30_GEN_2') },
  {
    name: 'Azure M90 passes',
    cluster: { regions: [{ cloud: 'AZURE', regionName: 'EUROPE_WEST', instanceSize: 'M90' }] },
  },
  { name: 'M0 fails', cluster: aws('M0'), expect: { ruleId: 'SYN-TIER-1', contains: 'shared, Flex and Serverless' } },
  { name: 'M2 fails', cluster: aws('M2'), expect: { ruleId: 'SYN-TIER-1', contains: '"M2"' } },
  { name: 'M5 fails', cluster: aws('M5'), expect: { ruleId: 'SYN-TIER-1', contains: 'M10 or larger' } },
  { name: 'FLEX fails', cluster: aws('FLEX'), expect: { ruleId: 'SYN-TIER-1', contains: 'Flex' } },
  { name: 'SERVERLESS fails', cluster: aws('SERVERLESS'), expect: { ruleId: 'SYN-TIER-1', contains: 'Serverless' } },
  {
    name: 'malformed size fails',
    cluster: aws('M10X'),
    expect: { ruleId: 'SYN-TIER-1', contains: 'not an Atlas dedicated instance size on AWS' },
  },
  {
    name: 'Azure-only size on AWS fails',
    cluster: aws('M90'),
    expect: { ruleId: 'SYN-TIER-1', contains: 'regions[0].instanceSize' },
  },
  {
    name: 'empty size fails',
    cluster: aws(''),
    expect: { ruleId: 'SYN-TIER-1', contains: 'an instance size is required' },
  },
  {
    name: 'read-only M5 fails',
    cluster: aws('M10', { readOnlyInstanceSize: 'M5' }),
    expect: { ruleId: 'SYN-TIER-1', contains: 'readOnlyInstanceSize' },
  },
  {
    name: 'analytics M2 fails',
    cluster: aws('M10', { analyticsInstanceSize: 'M2' }),
    expect: { ruleId: 'SYN-TIER-1', contains: 'analyticsInstanceSize' },
  },
  {
    name: 'auto-scaling min M0 fails',
    cluster: aws('M10', { autoScalingMinInstanceSize: 'M0' }),
    expect: { ruleId: 'SYN-TIER-1', contains: 'autoScalingMinInstanceSize' },
  },
  { name: 'NONE skips tier', cluster: { ...aws('M0'), encryptionProvider: 'NONE' } },
  // SYN-TOPO-1
  { name: 'replica set passes', cluster: { clusterType: 'REPLICASET' } },
  {
    name: 'sharded without opt-in fails',
    cluster: { clusterType: 'SHARDED' },
    expect: { ruleId: 'SYN-TOPO-1', contains: 'allowShardedClusters' },
  },
  { name: 'sharded with opt-in passes', cluster: { clusterType: 'SHARDED' }, project: { allowShardedClusters: true } },
  {
    name: 'geosharded without opt-in fails',
    cluster: { clusterType: 'GEOSHARDED' },
    expect: { ruleId: 'SYN-TOPO-1', contains: 'defaults to replica sets' },
  },
  {
    name: 'geosharded with opt-in warns',
    cluster: { clusterType: 'GEOSHARDED' },
    project: { allowShardedClusters: true },
    expect: { ruleId: 'SYN-TOPO-2', severity: Severity.WARNING, contains: 'Global Clusters' },
  },
  {
    name: 'unknown cluster type fails',
    cluster: { clusterType: 'RING' },
    expect: { ruleId: 'SYN-TOPO-1', contains: 'REPLICASET, SHARDED, GEOSHARDED' },
  },
  // SYN-CLOUD-1
  {
    name: 'Azure cluster passes',
    cluster: { regions: [{ cloud: 'AZURE', regionName: 'US_EAST_2', instanceSize: 'M10' }] },
  },
  {
    name: 'GCP cluster without opt-in fails',
    cluster: { regions: [{ cloud: 'GCP', regionName: 'CENTRAL_US', instanceSize: 'M10' }] },
    expect: { ruleId: 'SYN-CLOUD-1', contains: 'allowGcpClusters' },
  },
  {
    name: 'GCP cluster with opt-in passes',
    cluster: { regions: [{ cloud: 'GCP', regionName: 'CENTRAL_US', instanceSize: 'M10' }] },
    project: { allowGcpClusters: true },
  },
  {
    name: 'GCP cluster without a key passes',
    cluster: { encryptionProvider: 'NONE', regions: [{ cloud: 'GCP', regionName: 'CENTRAL_US', instanceSize: 'M10' }] },
  },
  {
    name: 'unknown cloud fails',
    cluster: { regions: [{ cloud: 'OCI', regionName: 'X', instanceSize: 'M10' }] },
    expect: { ruleId: 'SYN-CLOUD-1', contains: 'unknown cloud' },
  },
  {
    name: 'AWS form region fails',
    cluster: { regions: [{ cloud: 'AWS', regionName: 'us-east-1', instanceSize: 'M10' }] },
    expect: { ruleId: 'SYN-CLOUD-1', contains: 'not an Atlas AWS region name' },
  },
  {
    name: 'Azure region on AWS fails',
    cluster: { regions: [{ cloud: 'AWS', regionName: 'EUROPE_WEST', instanceSize: 'M10' }] },
    expect: { ruleId: 'SYN-CLOUD-1', contains: 'regionName' },
  },
  {
    name: 'GLOBAL region fails',
    cluster: { regions: [{ cloud: 'AWS', regionName: 'GLOBAL', instanceSize: 'M10' }] },
    expect: { ruleId: 'SYN-CLOUD-1', contains: 'GLOBAL' },
  },
  {
    name: 'no regions fails',
    cluster: { regions: [] },
    expect: { ruleId: 'SYN-CLOUD-1', contains: 'one or more regions' },
  },
  // SYN-CLOUD-2: the key provider never has to match the cluster cloud
  { name: 'Azure key on an AWS cluster passes', cluster: { encryptionProvider: 'AZURE' } },
  {
    name: 'GCP key on an Azure cluster passes',
    cluster: {
      encryptionProvider: 'GCP',
      regions: [{ cloud: 'AZURE', regionName: 'EUROPE_WEST', instanceSize: 'M10' }],
    },
  },
  // SYN-CLOUD-3
  {
    name: 'multi-cloud warns',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10', nodeCount: 2 },
        { cloud: 'AZURE', regionName: 'US_EAST_2', instanceSize: 'M10', nodeCount: 1 },
      ],
    },
    expect: { ruleId: 'SYN-CLOUD-3', severity: Severity.WARNING, contains: 'private networking' },
  },
  // SYN-SHAPE-1 / SYN-SHAPE-2
  {
    name: 'two regions with the default 3 nodes each fail (6 electable nodes)',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' },
        { cloud: 'AWS', regionName: 'US_WEST_2', instanceSize: 'M10' },
      ],
    },
    expect: { ruleId: 'SYN-SHAPE-1', contains: 'add up to 6' },
  },
  {
    name: '3 + 2 electable nodes pass',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' },
        { cloud: 'AWS', regionName: 'US_WEST_2', instanceSize: 'M10', nodeCount: 2 },
      ],
    },
  },
  {
    name: 'nodeCount 2 alone fails',
    cluster: { regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10', nodeCount: 2 }] },
    expect: { ruleId: 'SYN-SHAPE-1', contains: '3, 5 or 7' },
  },
  {
    name: 'a fractional node count fails',
    cluster: { regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10', nodeCount: 2.5 }] },
    expect: { ruleId: 'SYN-SHAPE-1', contains: 'not an electable node count' },
  },
  {
    name: 'a region with no nodes at all fails',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' },
        { cloud: 'AWS', regionName: 'US_WEST_2', instanceSize: 'M10', nodeCount: 0 },
      ],
    },
    expect: { ruleId: 'SYN-SHAPE-1', contains: 'no nodes at all' },
  },
  {
    name: 'a read-only region with no electable nodes passes',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' },
        { cloud: 'AWS', regionName: 'US_WEST_2', instanceSize: 'M10', nodeCount: 0, readOnlyInstanceSize: 'M10' },
      ],
    },
  },
  {
    name: 'a region listed twice fails',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10', nodeCount: 2 },
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10', nodeCount: 1 },
      ],
    },
    expect: { ruleId: 'SYN-SHAPE-2', contains: 'already listed as regions[0]' },
  },
  { name: 'a hyphenated name passes', cluster: { name: 'orders-v2' } },
  // SYN-SHAPE-4
  {
    name: 'a full version fails with the major form',
    cluster: { mongoDbMajorVersion: '8.0.4' },
    expect: { ruleId: 'SYN-SHAPE-4', contains: '"8.0"' },
  },
  { name: 'a major version passes', cluster: { mongoDbMajorVersion: '7.0' } },
  // SYN-SHAPE-5
  {
    name: 'auto-scaling M10 ≤ M20 ≤ M40 passes',
    cluster: aws('M20', { autoScalingMinInstanceSize: 'M10', autoScalingMaxInstanceSize: 'M40' }),
  },
  {
    name: 'a largest auto-scaling size without a smallest fails',
    cluster: aws('M20', { autoScalingMaxInstanceSize: 'M40' }),
    expect: { ruleId: 'SYN-SHAPE-5', contains: 'does not turn compute auto-scaling on' },
  },
  {
    name: 'instanceSize above the largest auto-scaling size fails',
    cluster: aws('M50', { autoScalingMinInstanceSize: 'M10', autoScalingMaxInstanceSize: 'M40' }),
    expect: { ruleId: 'SYN-SHAPE-5', contains: 'M10 ≤ M50 ≤ M40' },
  },
  {
    name: 'a smallest size above instanceSize fails',
    cluster: aws('M20', { autoScalingMinInstanceSize: 'M30' }),
    expect: { ruleId: 'SYN-SHAPE-5', contains: 'between the smallest and the largest' },
  },
  {
    name: 'auto-scaling across cluster classes fails',
    cluster: aws('M40', { autoScalingMinInstanceSize: 'M40', autoScalingMaxInstanceSize: 'R80' }),
    expect: { ruleId: 'SYN-SHAPE-5', contains: 'one cluster class' },
  },
  {
    name: 'a shared largest auto-scaling size fails the tier rule',
    cluster: aws('M10', { autoScalingMinInstanceSize: 'M10', autoScalingMaxInstanceSize: 'M5' }),
    expect: { ruleId: 'SYN-TIER-1', contains: 'autoScalingMaxInstanceSize' },
  },
  // SYN-SHAPE-6
  {
    name: '2 read-only and 1 analytics node pass',
    cluster: aws('M10', { readOnlyNodeCount: 2, analyticsNodeCount: 1 }),
  },
  {
    name: 'a read-only region by count alone passes',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' },
        { cloud: 'AWS', regionName: 'US_WEST_2', instanceSize: 'M10', nodeCount: 0, readOnlyNodeCount: 2 },
      ],
    },
  },
  {
    name: 'a negative read-only count fails',
    cluster: aws('M10', { readOnlyNodeCount: -1 }),
    expect: { ruleId: 'SYN-SHAPE-6', contains: 'not a read-only node count' },
  },
  {
    name: 'a fractional analytics count fails',
    cluster: aws('M10', { analyticsNodeCount: 1.5 }),
    expect: { ruleId: 'SYN-SHAPE-6', contains: 'not an analytics node count' },
  },
  {
    name: 'more than 50 nodes fail',
    cluster: aws('M10', { readOnlyNodeCount: 30, analyticsNodeCount: 20 }),
    expect: { ruleId: 'SYN-SHAPE-6', contains: 'add up to 53' },
  },
  {
    name: 'analytics count 0 in a region with no electable nodes leaves no nodes',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' },
        {
          cloud: 'AWS',
          regionName: 'US_WEST_2',
          instanceSize: 'M10',
          nodeCount: 0,
          analyticsInstanceSize: 'M10',
          analyticsNodeCount: 0,
        },
      ],
    },
    expect: { ruleId: 'SYN-SHAPE-1', contains: 'no nodes at all' },
  },
  // SYN-SHAPE-7
  { name: 'a 40 GB disk passes', cluster: { diskSizeGb: 40 } },
  { name: 'a 10 GB disk passes', cluster: { diskSizeGb: 10 } },
  { name: 'a 5 GB disk fails', cluster: { diskSizeGb: 5 }, expect: { ruleId: 'SYN-SHAPE-7', contains: 'at least 10' } },
  {
    name: 'a disk size that is not a number fails',
    cluster: { diskSizeGb: Number.NaN },
    expect: { ruleId: 'SYN-SHAPE-7', contains: 'not a disk size' },
  },
  // SYN-SHAPE-8
  { name: 'user tags pass', cluster: { tags: { team: 'payments', 'cost-center': '42' } } },
  {
    name: "the library's owner tag key fails",
    cluster: { tags: { 'atlas-encryption-at-rest-owner': 'me' } },
    expect: { ruleId: 'SYN-SHAPE-8', contains: 'reserved' },
  },
  {
    name: 'an empty tag value fails',
    cluster: { tags: { team: '' } },
    expect: { ruleId: 'SYN-SHAPE-8', contains: '1 to 255 characters' },
  },
  {
    name: 'a 256-character tag key fails',
    cluster: { tags: { ['k'.repeat(256)]: 'v' } },
    expect: { ruleId: 'SYN-SHAPE-8', contains: 'tag key' },
  },
  // SYN-PROJ-1
  {
    name: 'unconfigured provider fails',
    cluster: { encryptionProvider: 'GCP' },
    project: { gcp: undefined },
    expect: { ruleId: 'SYN-PROJ-1', contains: 'provider GCP is not configured' },
  },
  {
    name: 'unknown provider fails',
    cluster: { encryptionProvider: 'OCI' },
    expect: { ruleId: 'SYN-PROJ-1', contains: 'unknown key provider' },
  },
  // SYN-BKP-1 / SYN-BKP-2
  { name: 'cloud backup with PIT passes', cluster: { backupEnabled: true, pitEnabled: true } },
  {
    name: 'legacy continuous backup fails',
    cluster: { legacyContinuousBackup: true },
    expect: { ruleId: 'SYN-BKP-1', contains: 'legacy continuous backup' },
  },
  {
    name: 'legacy backup without a key passes',
    cluster: { encryptionProvider: 'NONE', legacyContinuousBackup: true },
  },
  {
    name: 'PIT without cloud backup warns',
    cluster: { backupEnabled: false, pitEnabled: true },
    expect: { ruleId: 'SYN-BKP-2', severity: Severity.WARNING, contains: 'needs Cloud Backup' },
  },
  // SYN-PN-2
  {
    name: 'private networking with an AWS key and an AWS cluster passes',
    cluster: {},
    project: {
      aws: {
        customerMasterKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        region: 'us-east-1',
        requirePrivateNetworking: true,
      },
    },
  },
  {
    name: 'private networking with a multi-cloud cluster fails',
    cluster: {
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' },
        { cloud: 'AZURE', regionName: 'US_EAST_2', instanceSize: 'M10' },
      ],
    },
    project: {
      aws: {
        customerMasterKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
        region: 'us-east-1',
        requirePrivateNetworking: true,
      },
    },
    expect: { ruleId: 'SYN-PN-2', contains: 'single-cloud' },
  },
  {
    name: 'private Azure key with an AWS cluster fails',
    cluster: { encryptionProvider: 'AZURE' },
    project: { azure: { ...validProject().azure!, requirePrivateNetworking: true } },
    expect: { ruleId: 'SYN-PN-2', contains: 'clusters on AZURE only' },
  },
  // SYN-PN-3 (more in private-networking.test.ts)
  {
    name: 'imported private project with an endpoint in the region passes',
    cluster: {},
    project: importedProjectSpec({
      projectId: PROJECT_ID,
      providers: ['AWS'],
      privateNetworking: ['AWS'],
      privateEndpointRegions: { AWS: ['US_EAST_1'] },
    }),
  },
  {
    name: 'imported private project without an endpoint in the region fails',
    cluster: {},
    project: importedProjectSpec({
      projectId: PROJECT_ID,
      providers: ['AWS'],
      privateNetworking: ['AWS'],
      privateEndpointRegions: { AWS: ['EU_WEST_1'] },
    }),
    expect: { ruleId: 'SYN-PN-3', contains: 'no AWS private endpoint in this region' },
  },
];

describe('cluster rules', () => {
  test.each(cases)('$name', ({ cluster, project, expect: expected }) => {
    const result = validateCluster(validCluster(cluster), validProject(project));
    if (!expected) {
      expect(errorsOf(result)).toEqual([]);
      return;
    }
    const match = result.violations.find((v) => v.ruleId === expected.ruleId && v.message.includes(expected.contains));
    expect(match).toBeDefined();
    expect(match!.severity).toBe(expected.severity ?? Severity.ERROR);
    expect(match!.message.startsWith(`[${expected.ruleId}] cluster "orders" `)).toBe(true);
    expect(match!.message).toMatch(/\(got .*; allowed: .+\)$/);
    if ((expected.severity ?? Severity.ERROR) === Severity.WARNING) expect(errorsOf(result)).toEqual([]);
  });

  test('a cluster without a project fails SYN-PROJ-1', () => {
    const result = validateCluster(validCluster(), undefined);
    expect(errorsOf(result).map((v) => v.ruleId)).toContain('SYN-PROJ-1');
  });

  test('the valid fixture has no warnings', () => {
    expect(warningsOf(validateCluster(validCluster(), validProject()))).toEqual([]);
  });
});

describe('SYN-SHAPE-3 cluster names', () => {
  test.each([
    ['orders_v2', 'refuses'],
    ['-orders', 'refuses'],
    ['a'.repeat(65), 'at most 64'],
  ])('%s fails', (name, contains) => {
    const errors = errorsOf(validateCluster(validCluster({ name }), validProject()));
    expect(errors).toEqual([expect.objectContaining({ ruleId: 'SYN-SHAPE-3', prop: 'clusterName' })]);
    expect(errors[0].message).toContain(contains);
  });
});

describe('did you mean', () => {
  test.each([
    [{ cloud: 'AWS', regionName: 'us-east-1', instanceSize: 'M10' }, 'SYN-CLOUD-1', 'did you mean "US_EAST_1"?'],
    [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'm10' }, 'SYN-TIER-1', 'did you mean "M10"?'],
  ])('%j', (region, ruleId, hint) => {
    const errors = errorsOf(validateCluster(validCluster({ regions: [region] }), validProject()));
    expect(errors).toEqual([expect.objectContaining({ ruleId })]);
    expect(errors[0].allowed).toContain(hint);
  });
});

describe('SYN-KEEP-3 termination protection with a terminating removal setting', () => {
  const run = (on: boolean | undefined, destroys: boolean) => {
    const r = new RuleReporter();
    checkTerminationProtection(validCluster({ terminationProtectionEnabled: on }), destroys, 'removalPolicy', r);
    return errorsOf(r.result());
  };
  test.each([
    [true, false],
    [false, true],
    [undefined, true],
  ])('protection %s with destroys=%s passes', (on, destroys) => expect(run(on, destroys)).toEqual([]));
  test('protection on with a terminating removal policy fails', () => {
    expect(run(true, true)).toEqual([
      expect.objectContaining({ ruleId: 'SYN-KEEP-3', message: expect.stringContaining('never turns protection off') }),
    ]);
  });
});
