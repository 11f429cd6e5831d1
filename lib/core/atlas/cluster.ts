/**
 * Atlas clusters (`ClusterDescription20240805`) in the core model's terms, both ways: the live cluster as the rules
 * see it, and a region of the model as Atlas's `regionConfigs[*]`. The handler, the CLI and the Terraform engine
 * all translate through here, so they judge and build a cluster the same way.
 */
import type { ClusterRegionSpec, ClusterSpec } from '../model/cluster';
import { clusterProviderOf } from './providers';
import type { ClusterWire, HardwareSpecWire, RegionConfigWire } from './wire';

/**
 * Election priority of the region at `index` (highest first): Atlas takes 7 for the first region and one less for
 * each next one, down to 1 (Admin API v2 `regionConfigs[*].priority`).
 */
export function electionPriority(index: number): number {
  return Math.max(7 - index, 1);
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
  for (const rs of cluster.replicationSpecs ?? []) {
    for (const rc of rs.regionConfigs ?? []) {
      const auto = rc.autoScaling?.compute;
      const readOnly = sizeWithNodes(rc.readOnlySpecs);
      const analytics = sizeWithNodes(rc.analyticsSpecs);
      regions.push({
        // A shared-tier region says TENANT and names the real cloud in backingProviderName.
        cloud: rc.providerName === 'TENANT' && rc.backingProviderName ? rc.backingProviderName : rc.providerName,
        regionName: rc.regionName,
        instanceSize: rc.electableSpecs?.instanceSize ?? '',
        ...(rc.electableSpecs?.nodeCount !== undefined ? { nodeCount: rc.electableSpecs.nodeCount } : {}),
        ...(readOnly ? { readOnlyInstanceSize: readOnly } : {}),
        ...(analytics ? { analyticsInstanceSize: analytics } : {}),
        ...(auto?.enabled && auto.minInstanceSize ? { autoScalingMinInstanceSize: auto.minInstanceSize } : {}),
      });
    }
  }
  return {
    name: cluster.name,
    topology: cluster.clusterType ?? 'REPLICASET',
    regions,
    encryptionProvider: options.encryptionProvider ?? clusterProviderOf(cluster.encryptionAtRestProvider),
    backup: {
      cloudBackup: cluster.backupEnabled ?? false,
      pointInTime: cluster.pitEnabled ?? false,
    },
    ...(cluster.mongoDBMajorVersion ? { mongoDbMajorVersion: cluster.mongoDBMajorVersion } : {}),
  };
}

/** One region of a cluster to build, with the node counts and auto-scaling ceiling Atlas takes. */
export interface RegionToBuild extends ClusterRegionSpec {
  /**
   * Read-only nodes; used with `readOnlyInstanceSize`.
   * @default 1
   */
  readonly readOnlyNodeCount?: number;
  /**
   * Analytics nodes; used with `analyticsInstanceSize`.
   * @default 1
   */
  readonly analyticsNodeCount?: number;
  /**
   * Largest size compute auto-scaling may choose; used with `autoScalingMinInstanceSize`.
   * @default - the region's `instanceSize`
   */
  readonly autoScalingMaxInstanceSize?: string;
}

/** A region of the model as Atlas's `regionConfigs[index]` (3 electable nodes unless told). */
export function regionConfigWire(region: RegionToBuild, index: number): RegionConfigWire {
  const rc: RegionConfigWire = {
    providerName: String(region.cloud),
    regionName: region.regionName,
    priority: electionPriority(index),
    electableSpecs: { instanceSize: region.instanceSize, nodeCount: region.nodeCount ?? 3 },
  };
  if (region.readOnlyInstanceSize || region.readOnlyNodeCount) {
    rc.readOnlySpecs = {
      instanceSize: region.readOnlyInstanceSize ?? region.instanceSize,
      nodeCount: region.readOnlyNodeCount ?? 1,
    };
  }
  if (region.analyticsInstanceSize || region.analyticsNodeCount) {
    rc.analyticsSpecs = {
      instanceSize: region.analyticsInstanceSize ?? region.instanceSize,
      nodeCount: region.analyticsNodeCount ?? 1,
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
  return rc;
}
