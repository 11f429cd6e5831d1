/**
 * A cluster that uses its project's customer key, rendered as `mongodbatlas_advanced_cluster`
 * (the 1.x block schema of provider 1.41.1, PIT-07d).
 */
// Provider classes: types only here; the constructor loads them on first use (./private/providers).
import type {
  AdvancedCluster,
  AdvancedClusterReplicationSpecsRegionConfigs,
} from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { Postcondition, Precondition } from 'cdktf';
import { Construct } from 'constructs';
import {
  ClusterBackupSpec,
  ClusterRegionSpec,
  ClusterSpec,
  ClusterTopology,
  EncryptionProvider,
  validateCluster,
} from '../core';
import { AtlasProjectEncryption } from './atlas-project-encryption';
import { mongodbatlas } from './private/providers';
import { enforce, tfUnresolved } from './private/validation';

/** One region of an {@link EncryptedCluster}: core's region spec plus the auto-scaling ceiling. */
export interface EncryptedClusterRegion extends ClusterRegionSpec {
  /**
   * Largest size compute auto-scaling may choose; used only with `autoScalingMinInstanceSize`.
   * @default - the region's `instanceSize`
   */
  readonly autoScalingMaxInstanceSize?: string;
}

/** Props of {@link EncryptedCluster}. */
export interface EncryptedClusterProps {
  /** The project's encryption setting; the cluster takes its project id from it (SYN-PROJ-1). */
  readonly encryption: AtlasProjectEncryption;
  /** Cluster name. */
  readonly name: string;
  /** Regions, highest election priority first (priorities 7, 6, 5, …). */
  readonly regions: EncryptedClusterRegion[];
  /** Key provider the cluster uses: one the project configures, or `NONE` (SYN-PROJ-1). */
  readonly encryptionProvider: EncryptionProvider;
  /**
   * Topology. `SHARDED` needs `allowShardedClusters` on the project (SYN-TOPO-1).
   * @default ClusterTopology.REPLICA_SET
   */
  readonly topology?: ClusterTopology;
  /**
   * Number of shards of a sharded cluster.
   * @default 1
   */
  readonly numShards?: number;
  /**
   * Backup settings (SYN-BKP-1/2).
   * @default - Cloud Backup on, point-in-time restore off
   */
  readonly backup?: ClusterBackupSpec;
  /**
   * MongoDB major version, e.g. `8.0`.
   * @default - Atlas's default
   */
  readonly mongoDbMajorVersion?: string;
  /**
   * Keep the cluster's snapshots when the cluster is deleted (`retain_backups_enabled`); they stay
   * encrypted with the key in effect when they were taken (DEP-KEEP-1).
   * @default true
   */
  readonly retainBackupsOnDelete?: boolean;
}

/**
 * A MongoDB Atlas cluster whose storage is encrypted with its project's customer key
 * (`encryption_at_rest_provider`). It reads `project_id` from the project's
 * `mongodbatlas_encryption_at_rest`, so Terraform enables project encryption before it creates the
 * cluster and destroys the cluster before it disables encryption (SYN-PROJ-1, PIT-03).
 *
 * A precondition refuses to create or update the cluster while Atlas reports the project's key
 * configuration for its provider as not valid, and a postcondition checks the provider Atlas
 * applied. The cluster shape rules (SYN-TIER-1, SYN-TOPO-1, SYN-CLOUD-1, SYN-BKP-1, SYN-PN-2) run
 * when the construct is created.
 *
 * Switching provider goes through `NONE` (DEP-SW-1): change to `EncryptionProvider.NONE`, apply,
 * then to the new provider, apply. Rotating the key never touches the cluster.
 */
export class EncryptedCluster extends Construct {
  /** The `mongodbatlas_advanced_cluster` resource (id `Resource`). */
  public readonly resource: AdvancedCluster;
  /** The cluster as the core rules see it. */
  public readonly spec: ClusterSpec;
  /** The project encryption this cluster depends on. */
  public readonly encryption: AtlasProjectEncryption;

  constructor(scope: Construct, id: string, props: EncryptedClusterProps) {
    super(scope, id);
    const { AdvancedCluster } = mongodbatlas.advancedCluster();
    this.encryption = props.encryption;
    const topology = props.topology ?? ClusterTopology.REPLICA_SET;
    const backup = props.backup ?? {};
    this.spec = {
      name: props.name,
      topology,
      regions: props.regions,
      encryptionProvider: props.encryptionProvider,
      backup,
      mongoDbMajorVersion: props.mongoDbMajorVersion,
    };
    enforce(this, validateCluster(this.spec, props.encryption.spec, { isUnresolved: tfUnresolved }));

    const provider = props.encryptionProvider;
    const precondition: Precondition[] = [];
    const postcondition: Postcondition[] = [];
    if (provider !== EncryptionProvider.NONE && !tfUnresolved(provider)) {
      precondition.push({
        condition: props.encryption.validFlag(provider),
        errorMessage: `Cluster ${props.name}: the project's ${provider} key configuration is not valid in Atlas; fix key access before changing the cluster (DEP-VAL-1).`,
      });
    }
    postcondition.push({
      condition: `\${self.encryption_at_rest_provider == "${provider}"}`,
      errorMessage: `Cluster ${props.name}: Atlas did not apply encryption_at_rest_provider ${provider}.`,
    });

    this.resource = new AdvancedCluster(this, 'Resource', {
      projectId: props.encryption.projectId,
      name: props.name,
      clusterType: topology,
      encryptionAtRestProvider: provider,
      backupEnabled: backup.cloudBackup ?? true,
      pitEnabled: backup.pointInTime ?? false,
      retainBackupsEnabled: props.retainBackupsOnDelete ?? true,
      mongoDbMajorVersion: props.mongoDbMajorVersion,
      replicationSpecs: [
        {
          numShards: topology === ClusterTopology.REPLICA_SET ? undefined : (props.numShards ?? 1),
          regionConfigs: props.regions.map(renderRegion),
        },
      ],
      lifecycle: { precondition: precondition.length > 0 ? precondition : undefined, postcondition },
    });
  }
}

function renderRegion(region: EncryptedClusterRegion, i: number): AdvancedClusterReplicationSpecsRegionConfigs {
  return {
    providerName: region.cloud,
    regionName: region.regionName,
    priority: Math.max(7 - i, 1),
    electableSpecs: { instanceSize: region.instanceSize, nodeCount: region.nodeCount ?? 3 },
    readOnlySpecs: region.readOnlyInstanceSize
      ? { instanceSize: region.readOnlyInstanceSize, nodeCount: 1 }
      : undefined,
    analyticsSpecs: region.analyticsInstanceSize
      ? { instanceSize: region.analyticsInstanceSize, nodeCount: 1 }
      : undefined,
    autoScaling: region.autoScalingMinInstanceSize
      ? {
          computeEnabled: true,
          computeScaleDownEnabled: true,
          computeMinInstanceSize: region.autoScalingMinInstanceSize,
          computeMaxInstanceSize: region.autoScalingMaxInstanceSize ?? region.instanceSize,
        }
      : undefined,
  };
}
