import { CloudProvider, ClusterType, EncryptionProvider } from './enums';

/**
 * One region of a cluster (Atlas `regionConfigs[*]`), with Atlas's region names. Both engines take this shape, so a
 * region reads the same in `aws-cdk-lib` and `cdktf` apps.
 */
export interface ClusterRegion {
  /** Cloud the nodes in this region run on (AWS or Azure; Google Cloud with the project's `allowGcpClusters`). */
  readonly cloud: CloudProvider;
  /** Atlas region name for that cloud, e.g. `US_EAST_1` (AWS), `EUROPE_WEST` (Azure), `CENTRAL_US` (GCP). */
  readonly regionName: string;
  /** Instance size of the electable nodes: dedicated, M10 or larger (e.g. `M10`, `R40`, `M40_NVME`). */
  readonly instanceSize: string;
  /**
   * Electable nodes in this region.
   * @default 3
   */
  readonly nodeCount?: number;
  /**
   * Instance size of one read-only node in this region.
   * @default - no read-only nodes
   */
  readonly readOnlyInstanceSize?: string;
  /**
   * Read-only nodes in this region (Atlas `readOnlySpecs.nodeCount`); they never vote or become primary.
   * @default - 1 when `readOnlyInstanceSize` is set, otherwise none
   */
  readonly readOnlyNodeCount?: number;
  /**
   * Instance size of one analytics node in this region.
   * @default - no analytics nodes
   */
  readonly analyticsInstanceSize?: string;
  /**
   * Analytics nodes in this region (Atlas `analyticsSpecs.nodeCount`).
   * @default - 1 when `analyticsInstanceSize` is set, otherwise none
   */
  readonly analyticsNodeCount?: number;
  /**
   * Smallest size compute auto-scaling may choose; turns compute auto-scaling on. While it is on, the size Atlas
   * chose between the smallest and the largest size is kept: neither engine sets `instanceSize` back.
   * @default - no compute auto-scaling
   */
  readonly autoScalingMinInstanceSize?: string;
  /**
   * Largest size compute auto-scaling may choose; used with `autoScalingMinInstanceSize`.
   * @default - the region's `instanceSize`
   */
  readonly autoScalingMaxInstanceSize?: string;
}

/** One region as the rules see it: a region of either engine, or of a live cluster (any cloud name). */
export interface ClusterRegionSpec extends Omit<ClusterRegion, 'cloud'> {
  /** Cloud the nodes in this region run on. */
  readonly cloud: CloudProvider | string;
}

/**
 * The shape of a cluster the library creates: the props both engines share, with Atlas's names (`clusterType`,
 * `backupEnabled`, `pitEnabled`, `mongoDBMajorVersion` as `mongoDbMajorVersion`).
 */
export interface ClusterShapeProps {
  /** Cluster name in Atlas. */
  readonly clusterName: string;
  /** Key provider the cluster uses; the project encryption must configure it (SYN-PROJ-1). `NONE` opts out. */
  readonly encryptionProvider: EncryptionProvider;
  /** Regions, at least one, highest election priority first (priorities 7, 6, 5, …). */
  readonly regions: ClusterRegion[];
  /**
   * Atlas `clusterType`. `SHARDED` and `GEOSHARDED` need `allowShardedClusters` on the project (SYN-TOPO-1).
   * @default ClusterType.REPLICASET
   */
  readonly clusterType?: ClusterType;
  /**
   * MongoDB major version, e.g. `8.0`.
   * @default - Atlas's default version
   */
  readonly mongoDbMajorVersion?: string;
  /**
   * Cloud Backup snapshots (Atlas `backupEnabled`); encrypted with the project's key in effect at snapshot time.
   * @default true
   */
  readonly backupEnabled?: boolean;
  /**
   * Continuous Cloud Backup, point-in-time restore (Atlas `pitEnabled`). Needs `backupEnabled`.
   * @default false
   */
  readonly pitEnabled?: boolean;
  /**
   * Storage per data-bearing node in GB (Atlas `diskSizeGB`, the same for every region and node type).
   * @default - Atlas's default for the tier, and a later change made in Atlas is kept
   */
  readonly diskSizeGb?: number;
  /**
   * Disk auto-scaling (Atlas `autoScaling.diskGB.enabled`): Atlas adds storage as the disk fills. While it is on,
   * a disk size Atlas raised is kept: neither engine sets `diskSizeGb` back.
   * @default - as Atlas has it (Atlas's default for a new cluster)
   */
  readonly diskAutoScaling?: boolean;
  /**
   * Termination protection (Atlas `terminationProtectionEnabled`): Atlas refuses to delete the cluster. The library
   * never turns it off; with a removal policy that terminates the cluster it is refused (SYN-KEEP-3).
   * @default - as Atlas has it (off for a new cluster)
   */
  readonly terminationProtectionEnabled?: boolean;
  /**
   * Cluster tags (Atlas `tags`), key → value. The library's own owner tag is kept whatever this says, and its key
   * is reserved (SYN-SHAPE-8).
   * @default - the cluster's tags are left as they are
   */
  readonly tags?: Record<string, string>;
}

/** A cluster as the rules see it. */
export interface ClusterSpec {
  /** Cluster name. */
  readonly name: string;
  /**
   * Atlas `clusterType`.
   * @default ClusterType.REPLICASET
   */
  readonly clusterType?: ClusterType | string;
  /** Regions, at least one. */
  readonly regions: readonly ClusterRegionSpec[];
  /** Key provider the cluster uses; `NONE` opts out. */
  readonly encryptionProvider: EncryptionProvider | string;
  /**
   * Cloud Backup snapshots (`backupEnabled`).
   * @default true
   */
  readonly backupEnabled?: boolean;
  /**
   * Continuous Cloud Backup / point-in-time restore (`pitEnabled`).
   * @default false
   */
  readonly pitEnabled?: boolean;
  /**
   * Legacy continuous backup, as a live cluster reports it: never allowed with encryption at rest (SYN-BKP-1). No
   * engine prop can ask for it.
   * @default false
   */
  readonly legacyContinuousBackup?: boolean;
  /**
   * MongoDB major version, e.g. `8.0`.
   * @default - Atlas's default
   */
  readonly mongoDbMajorVersion?: string;
  /**
   * Storage per node in GB (`diskSizeGB`).
   * @default - Atlas's default
   */
  readonly diskSizeGb?: number;
  /**
   * Disk auto-scaling (`autoScaling.diskGB.enabled`).
   * @default - unknown
   */
  readonly diskAutoScaling?: boolean;
  /**
   * Termination protection (`terminationProtectionEnabled`).
   * @default - unknown
   */
  readonly terminationProtectionEnabled?: boolean;
  /**
   * Tags a construct declares (never read from a live cluster, whose owner tag is the library's own).
   * @default - none declared
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The rules' view of a cluster the library creates, from the props both engines share. */
export function clusterSpecFromProps(props: ClusterShapeProps): ClusterSpec {
  return {
    name: props.clusterName,
    clusterType: props.clusterType,
    regions: props.regions,
    encryptionProvider: props.encryptionProvider,
    backupEnabled: props.backupEnabled,
    pitEnabled: props.pitEnabled,
    mongoDbMajorVersion: props.mongoDbMajorVersion,
    diskSizeGb: props.diskSizeGb,
    diskAutoScaling: props.diskAutoScaling,
    terminationProtectionEnabled: props.terminationProtectionEnabled,
    tags: props.tags,
  };
}
