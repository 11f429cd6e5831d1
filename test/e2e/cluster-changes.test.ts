/**
 * Day-2 cluster changes per engine, generated into cluster-changes.md (written when CI is unset, compared under
 * CI=true). Each cell is measured, not declared:
 * - cdk engine: the `Custom::AtlasEncryptedCluster` handler against the Atlas emulator: a cluster created with the
 *   old shape, then an Update to the new one. `applied` when it converges and the live cluster has the new shape;
 *   `refused <rule id>` when it fails before sending anything, `kept, pendingStep (…)` when the deploy completes
 *   without the change and says so (a lower MongoDB version: Atlas does not downgrade).
 * - Terraform engine: the library only synthesizes `mongodbatlas_advanced_cluster`; the provider applies the
 *   change itself. The cdktf EncryptedCluster is synthesized with both shapes: `refused <rule id>` when synth
 *   refuses; otherwise the resource must keep its address (an in-place update, not a replacement), and the shape
 *   part of the synthesized change is sent to the emulator as the cluster PATCH the provider makes: `applied` when
 *   Atlas takes it, `refused by Atlas (<errorCode>)` when it does not.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterType, EarValidationError, type EncryptedClusterProps } from 'atlas-encryption-at-rest/cdktf';
import { AtlasResourceType } from '../../lib/cdk/custom-resources/properties';
import { HandlerError } from '../../lib/cdk/handler/runtime/errors';
import type { ClusterWire } from '../../lib/core/atlas/wire';
import { CloudProvider } from '../../lib/core';
import { base, event, type Harness, KEY_ARN, PROJECT, run, startHarness } from '../cdk/handler/harness';
import { azureKey, cluster as tfCluster, encryptionFor } from '../cdktf/fixtures';
import { resourcesOf, synth } from '../cdktf/helpers';
import { AtlasHttpError } from '../support/atlas-emulator/errors';

interface Region {
  readonly regionName: string;
  readonly nodeCount: number;
  readonly instanceSize: string;
}
interface Shape {
  readonly regions: readonly Region[];
  readonly version: string;
  readonly topology: 'REPLICASET' | 'SHARDED';
}
const r = (regionName: string, nodeCount: number, instanceSize = 'M10'): Region => ({
  regionName,
  nodeCount,
  instanceSize,
});
const shape = (regions: Region[], version = '8.0', topology: Shape['topology'] = 'REPLICASET'): Shape => ({
  regions,
  version,
  topology,
});

const CHANGES: ReadonlyArray<{ kind: string; from: Shape; to: Shape }> = [
  { kind: 'instance size up (M10 → M30)', from: shape([r('US_EAST_1', 3)]), to: shape([r('US_EAST_1', 3, 'M30')]) },
  {
    kind: 'node count 3 → 5 across regions',
    from: shape([r('US_EAST_1', 2), r('US_WEST_2', 1)]),
    to: shape([r('US_EAST_1', 3), r('US_WEST_2', 2)]),
  },
  {
    kind: 'region added',
    from: shape([r('US_EAST_1', 3)]),
    to: shape([r('US_EAST_1', 3), r('US_WEST_2', 2)]),
  },
  {
    kind: 'region removed',
    from: shape([r('US_EAST_1', 2), r('US_WEST_2', 2), r('EU_WEST_1', 1)]),
    to: shape([r('US_EAST_1', 3), r('US_WEST_2', 2)]),
  },
  {
    kind: 'MongoDB 7.0 → 8.0',
    from: shape([r('US_EAST_1', 3)], '7.0'),
    to: shape([r('US_EAST_1', 3)], '8.0'),
  },
  {
    kind: 'MongoDB 8.0 → 7.0 (downgrade)',
    from: shape([r('US_EAST_1', 3)], '8.0'),
    to: shape([r('US_EAST_1', 3)], '7.0'),
  },
  {
    kind: 'MongoDB 6.0 → 8.0 (two versions at once)',
    from: shape([r('US_EAST_1', 3)], '6.0'),
    to: shape([r('US_EAST_1', 3)], '8.0'),
  },
  {
    kind: 'REPLICASET → SHARDED',
    from: shape([r('US_EAST_1', 3)]),
    to: shape([r('US_EAST_1', 3)], '8.0', 'SHARDED'),
  },
  {
    kind: 'SHARDED → REPLICASET',
    from: shape([r('US_EAST_1', 3)], '8.0', 'SHARDED'),
    to: shape([r('US_EAST_1', 3)]),
  },
];

/** The live cluster's shape, comparable with {@link Shape}. */
function shapeOfWire(w: ClusterWire | undefined): Shape {
  return {
    regions: (w?.replicationSpecs?.[0]?.regionConfigs ?? []).map((rc) => ({
      regionName: rc.regionName,
      nodeCount: rc.electableSpecs?.nodeCount ?? 0,
      instanceSize: rc.electableSpecs?.instanceSize ?? '',
    })),
    version: w?.mongoDBMajorVersion ?? '',
    topology: (w?.clusterType ?? 'REPLICASET') as Shape['topology'],
  };
}

/** The cdk engine: the handler's Create with `from`, then its Update to `to`. */
async function cdkCell(h: Harness, name: string, from: Shape, to: Shape): Promise<string> {
  const spec = (s: Shape) => ({
    ...base('RETAIN', h.emu.url),
    name,
    mode: 'CREATE',
    encryptionProvider: 'AWS',
    topology: s.topology,
    allowShardedClusters: true,
    regions: s.regions.map((x) => ({ cloud: 'AWS', ...x })),
    mongoDbMajorVersion: s.version,
  });
  const ec = AtlasResourceType.ENCRYPTED_CLUSTER;
  await run(h, event(ec, 'Create', spec(from)));
  const patches = () => h.emu.state.callsTo('PATCH').filter((c) => c.path.endsWith(`/clusters/${name}`)).length;
  const live = () => h.emu.state.project(PROJECT).clusters.get(name)?.wire;
  const before = patches();
  try {
    const out = await run(h, event(ec, 'Update', spec(to), { physicalId: `${PROJECT}:${name}`, oldSpec: spec(from) }));
    if (out.Data.Converged === 'false' && out.Data.PendingStep !== 'none') {
      // Kept, visibly: the deploy completes and says what was not applied (a rollback must complete too).
      expect(shapeOfWire(live())).toEqual(from);
      return `kept, pendingStep (${out.Data.PendingStep.split(' (')[0]})`;
    }
    expect(out.Data.Converged).toBe('true');
    expect(shapeOfWire(live())).toEqual(to);
    return 'applied';
  } catch (err) {
    if (!(err instanceof HandlerError) || !err.ruleId) throw err;
    // A refusal sends nothing and leaves the cluster as it was.
    expect(patches()).toBe(before);
    expect(shapeOfWire(live())).toEqual(from);
    return `refused ${err.ruleId}`;
  }
}

/** The cdktf EncryptedCluster's props for a shape. */
function tfProps(s: Shape): Partial<EncryptedClusterProps> {
  return {
    clusterType: s.topology === 'SHARDED' ? ClusterType.SHARDED : ClusterType.REPLICASET,
    mongoDbMajorVersion: s.version,
    regions: s.regions.map((x) => ({ cloud: CloudProvider.AWS, ...x })),
  };
}

/** The synthesized `mongodbatlas_advanced_cluster` resources by address. */
function tfSynth(s: Shape): Record<string, Record<string, unknown>> {
  const json = synth((scope) => {
    const e = encryptionFor(scope, azureKey(scope), { allowShardedClusters: true });
    tfCluster(scope, e, tfProps(s));
  });
  return resourcesOf(json, 'mongodbatlas_advanced_cluster');
}

interface TfRegionConfig {
  provider_name: string;
  region_name: string;
  priority: number;
  electable_specs: { instance_size: string; node_count: number };
}

/** The shape part of a synthesized cluster as the Atlas cluster body the provider sends. */
function tfToWire(body: Record<string, unknown>): Partial<ClusterWire> {
  const specs = body.replication_specs as Array<{ region_configs: TfRegionConfig[] }>;
  return {
    clusterType: body.cluster_type as string,
    mongoDBMajorVersion: body.mongo_db_major_version as string,
    replicationSpecs: specs.map((rs) => ({
      regionConfigs: rs.region_configs.map((rc) => ({
        providerName: rc.provider_name,
        regionName: rc.region_name,
        priority: rc.priority,
        electableSpecs: { instanceSize: rc.electable_specs.instance_size, nodeCount: rc.electable_specs.node_count },
      })),
    })),
  };
}

/** The Terraform engine: synth both shapes; an in-place change is then offered to the emulator as Atlas. */
function tfCell(h: Harness, name: string, from: Shape, to: Shape): string {
  let before: Record<string, Record<string, unknown>>;
  let after: Record<string, Record<string, unknown>>;
  try {
    before = tfSynth(from);
    after = tfSynth(to);
  } catch (err) {
    if (err instanceof EarValidationError) return `refused ${err.ruleId}`;
    throw err;
  }
  // In place: the same resource address in both syntheses, with a changed body.
  expect(Object.keys(after)).toEqual(Object.keys(before));
  const [address] = Object.keys(before);
  expect(after[address]).not.toEqual(before[address]);
  const clusters = h.emu.state.project(PROJECT).family.clusters;
  clusters.seed({ name, ...tfToWire(before[address]) });
  try {
    clusters.update(name, tfToWire(after[address]));
  } catch (err) {
    if (err instanceof AtlasHttpError) return `refused by Atlas (${err.errorCode})`;
    throw err;
  }
  expect(shapeOfWire(clusters.get(name).wire)).toEqual(to);
  return 'applied';
}

describe('day-2 cluster changes per engine', () => {
  let h: Harness;
  afterAll(async () => h?.stop());

  test('every change kind, measured on both engines', async () => {
    h = await startHarness();
    const p = h.emu.state.project(PROJECT);
    const roleId = p.seedAuthorizedAwsRole();
    p.patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY_ARN, region: 'US_EAST_1', roleId } });
    const rows: string[] = [];
    for (const [i, c] of CHANGES.entries()) {
      const cdk = await cdkCell(h, `cdk-${i}`, c.from, c.to);
      const tf = tfCell(h, `tf-${i}`, c.from, c.to);
      rows.push(`| ${c.kind} | ${cdk} | ${tf} |`);
    }
    const table = [
      '<!-- Generated by test/e2e/cluster-changes.test.ts (CI=true compares): do not edit. -->',
      '',
      '# Day-2 cluster changes',
      '',
      'A cluster the library created, changed in a later deploy. cdk engine: the handler applies the change from',
      'the live cluster (a change already made in Atlas sends nothing; a rollback returns to the old shape) or',
      'refuses it before sending anything. Terraform engine: the library synthesizes `mongodbatlas_advanced_cluster`',
      'and the provider applies the change in place; the cell is what synth does and, for an in-place change, what',
      "the emulated Atlas answers to the provider's PATCH.",
      '',
      '| change | cdk engine | Terraform engine |',
      '| --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
    const file = join(__dirname, 'cluster-changes.md');
    if (process.env.CI) {
      expect(existsSync(file) ? readFileSync(file, 'utf8') : '').toBe(table);
    } else writeFileSync(file, table);
    // The five kinds the brief names are applied by the cdk engine.
    expect(rows.slice(0, 5).every((row) => row.includes('| applied |'))).toBe(true);
  });
});
