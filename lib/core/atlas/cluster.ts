/**
 * Atlas clusters (`ClusterDescription20240805`) in the core model's terms, both ways: the live cluster as the rules
 * see it, and a region of the model as Atlas's `regionConfigs[*]`. The handler, the CLI and the Terraform engine
 * all translate through here, so they judge and build a cluster the same way.
 */
import type { ClusterRegionSpec, ClusterSpec } from '../model/cluster';
import { clusterProviderOf } from './providers';
import type { ClusterWire, HardwareSpecWire, RegionConfigWire } from './wire';

/**
 * Key of the tag the cdk engine's handler stamps on a cluster it creates, as the proof that it did (a reserved key:
 * user tags never set it, SYN-SHAPE-8).
 */
export const LIBRARY_OWNER_TAG = 'atlas-encryption-at-rest-owner';

/**
 * Election priority of the region at `index` (highest first): Atlas takes 7 for the first region and one less for
 * each next one, down to 1 (Admin API v2 `regionConfigs[*].priority`).
 */
export function electionPriority(index: number): number {
  return Math.max(7 - index, 1);
}

/**
 * Election priorities of a cluster's regions, in order: 7, 6, 5, … for the regions with electable nodes, and 0 for a
 * region with only read-only or analytics nodes (Admin API v2 `regionConfigs[*].priority`).
 */
export function electionPriorities(regions: readonly Pick<ClusterRegionSpec, 'nodeCount'>[]): number[] {
  let electable = 0;
  return regions.map((r) => ((r.nodeCount ?? 3) > 0 ? electionPriority(electable++) : 0));
}

/*
 * Legacy backup cannot be told from a live cluster here, so this translator does not claim to (SYN-BKP-1 runs on
 * what the constructs declare). The 2024-08-05 cluster schema the library reads (Admin API v2
 * `ClusterDescription20240805`) has only `backupEnabled` ("Backup uses Cloud Backups for dedicated clusters") and
 * `pitEnabled`; the field that told legacy backup apart, `providerBackupEnabled`, exists only in the legacy
 * 2023-01-01 schema (`LegacyAtlasCluster`), so a check on it never fires against Atlas. MongoDB ended legacy
 * backup for new clusters on 23 March 2020 and moves a cluster to Cloud Backup when it upgrades to 4.2 (spec text
 * of the Legacy Backup restore-job endpoints), so a cluster that runs MongoDB 4.2 or later has none.
 */

/** The size of a node group that has nodes; a group without a node count is treated as present (checked). */
function sizeWithNodes(s: HardwareSpecWire | undefined): string | undefined {
  return s && (s.nodeCount ?? 1) > 0 ? s.instanceSize : undefined;
}

/** Options of {@link clusterSpecFromWire}. */
export interface ClusterFromWireOptions {
  /**
   * Judge the cluster as if it used this provider (the handler checks the provider a template asks for).
   * @default - the cluster's own `encryptionAtRestProvider`
   */
  readonly encryptionProvider?: string;
}

/** A live Atlas cluster as the core rules see it: every region of every replication spec. */
export function clusterSpecFromWire(cluster: ClusterWire, options: ClusterFromWireOptions = {}): ClusterSpec {
  const regions: ClusterRegionSpec[] = [];
  let diskAutoScaling: boolean | undefined;
  let diskSizeGb: number | undefined;
  for (const rs of cluster.replicationSpecs ?? []) {
    for (const rc of rs.regionConfigs ?? []) {
      const auto = rc.autoScaling?.compute;
      const readOnly = sizeWithNodes(rc.readOnlySpecs);
      const analytics = sizeWithNodes(rc.analyticsSpecs);
      if (rc.autoScaling?.diskGB?.enabled !== undefined) diskAutoScaling ||= rc.autoScaling.diskGB.enabled;
      diskSizeGb ??= rc.electableSpecs?.diskSizeGB ?? rc.readOnlySpecs?.diskSizeGB ?? rc.analyticsSpecs?.diskSizeGB;
      regions.push({
        // A shared-tier region says TENANT and names the real cloud in backingProviderName.
        cloud: rc.providerName === 'TENANT' && rc.backingProviderName ? rc.backingProviderName : rc.providerName,
        regionName: rc.regionName,
        instanceSize: rc.electableSpecs?.instanceSize ?? '',
        ...(rc.electableSpecs?.nodeCount !== undefined ? { nodeCount: rc.electableSpecs.nodeCount } : {}),
        ...(readOnly ? { readOnlyInstanceSize: readOnly, readOnlyNodeCount: rc.readOnlySpecs?.nodeCount ?? 1 } : {}),
        ...(analytics
          ? { analyticsInstanceSize: analytics, analyticsNodeCount: rc.analyticsSpecs?.nodeCount ?? 1 }
          : {}),
        ...(auto?.enabled && auto.minInstanceSize ? { autoScalingMinInstanceSize: auto.minInstanceSize } : {}),
        ...(auto?.enabled && auto.maxInstanceSize ? { autoScalingMaxInstanceSize: auto.maxInstanceSize } : {}),
      });
    }
  }
  return {
    name: cluster.name,
    clusterType: cluster.clusterType ?? 'REPLICASET',
    regions,
    encryptionProvider: options.encryptionProvider ?? clusterProviderOf(cluster.encryptionAtRestProvider),
    backupEnabled: cluster.backupEnabled ?? false,
    pitEnabled: cluster.pitEnabled ?? false,
    ...(cluster.mongoDBMajorVersion ? { mongoDbMajorVersion: cluster.mongoDBMajorVersion } : {}),
    ...(diskSizeGb !== undefined ? { diskSizeGb } : {}),
    ...(diskAutoScaling !== undefined ? { diskAutoScaling } : {}),
    ...(cluster.terminationProtectionEnabled !== undefined
      ? { terminationProtectionEnabled: cluster.terminationProtectionEnabled }
      : {}),
  };
}

/** One region of a cluster to build (the node counts are Atlas's `nodeCount` of each node group). */
export type RegionToBuild = ClusterRegionSpec;

/** The cluster-wide storage settings every region config carries. */
export interface StorageToBuild {
  /** `diskSizeGB` of every node group (Atlas: the same for all shards and node types); omitted when undefined. */
  readonly diskSizeGb?: number;
  /** `autoScaling.diskGB.enabled` of every region; omitted when undefined. */
  readonly diskAutoScaling?: boolean;
}

/**
 * A region of the model as Atlas's `regionConfigs[*]` (3 electable nodes unless told).
 * @param priority the region's election priority (see {@link electionPriorities})
 * @param storage the cluster's disk size and disk auto-scaling, set on every node group and region
 */
export function regionConfigWire(
  region: RegionToBuild,
  priority: number,
  storage: StorageToBuild = {},
): RegionConfigWire {
  const disk = storage.diskSizeGb !== undefined ? { diskSizeGB: storage.diskSizeGb } : {};
  const rc: RegionConfigWire = {
    providerName: String(region.cloud),
    regionName: region.regionName,
    priority,
    electableSpecs: { instanceSize: region.instanceSize, nodeCount: region.nodeCount ?? 3, ...disk },
  };
  if (region.readOnlyInstanceSize || region.readOnlyNodeCount) {
    rc.readOnlySpecs = {
      instanceSize: region.readOnlyInstanceSize ?? region.instanceSize,
      nodeCount: region.readOnlyNodeCount ?? 1,
      ...disk,
    };
  }
  if (region.analyticsInstanceSize || region.analyticsNodeCount) {
    rc.analyticsSpecs = {
      instanceSize: region.analyticsInstanceSize ?? region.instanceSize,
      nodeCount: region.analyticsNodeCount ?? 1,
      ...disk,
    };
  }
  if (region.autoScalingMinInstanceSize) {
    rc.autoScaling = {
      compute: {
        enabled: true,
        scaleDownEnabled: true,
        minInstanceSize: region.autoScalingMinInstanceSize,
        maxInstanceSize: region.autoScalingMaxInstanceSize ?? region.instanceSize,
      },
    };
  }
  if (storage.diskAutoScaling !== undefined) {
    rc.autoScaling = { ...rc.autoScaling, diskGB: { enabled: storage.diskAutoScaling } };
  }
  return rc;
}
