import { CloudProvider, ClusterTopology, EncryptionProvider } from './enums';

/** One region of a cluster (Atlas `regionConfigs[*]`). */
export interface ClusterRegionSpec {
  /** Cloud the nodes in this region run on. */
  readonly cloud: CloudProvider | string;
  /** Atlas region name for that cloud, e.g. `US_EAST_1` (AWS), `EUROPE_WEST` (Azure), `CENTRAL_US` (GCP). */
  readonly regionName: string;
  /** Instance size of the electable nodes, e.g. `M10`, `R40`, `M40_NVME`. */
  readonly instanceSize: string;
  /**
   * Electable node count.
   * @default 3
   */
  readonly nodeCount?: number;
  /**
   * Instance size of read-only nodes, if any.
   * @default - no read-only nodes
   */
  readonly readOnlyInstanceSize?: string;
  /**
   * Instance size of analytics nodes, if any.
   * @default - no analytics nodes
   */
  readonly analyticsInstanceSize?: string;
  /**
   * Smallest size compute auto-scaling may choose.
   * @default - no compute auto-scaling
   */
  readonly autoScalingMinInstanceSize?: string;
}

/** Backup settings of a cluster. */
export interface ClusterBackupSpec {
  /**
   * Cloud Backup snapshots (`backupEnabled`).
   * @default true
   */
  readonly cloudBackup?: boolean;
  /**
   * Continuous Cloud Backup / point-in-time restore (`pitEnabled`).
   * @default false
   */
  readonly pointInTime?: boolean;
  /**
   * Legacy continuous backup: never allowed with encryption at rest (SYN-BKP-1).
   * @default false
   */
  readonly legacyContinuousBackup?: boolean;
}

/** A cluster as the rules see it. */
export interface ClusterSpec {
  /** Cluster name. */
  readonly name: string;
  /**
   * Topology.
   * @default ClusterTopology.REPLICA_SET
   */
  readonly topology?: ClusterTopology | string;
  /** Regions, at least one. */
  readonly regions: readonly ClusterRegionSpec[];
  /** Key provider the cluster uses; `NONE` opts out. */
  readonly encryptionProvider: EncryptionProvider | string;
  /**
   * Backup settings.
   * @default - cloud backup on, point-in-time off
   */
  readonly backup?: ClusterBackupSpec;
  /**
   * MongoDB major version, e.g. `8.0`.
   * @default - Atlas's default
   */
  readonly mongoDbMajorVersion?: string;
}
