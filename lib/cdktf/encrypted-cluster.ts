/**
 * A cluster that uses its project's customer key, rendered as `mongodbatlas_advanced_cluster`
 * (the 1.x block schema of provider 1.41.1).
 */
// Provider classes: types only here; the constructor loads them on first use (./private/providers).
import type {
  AdvancedCluster,
  AdvancedClusterReplicationSpecsRegionConfigs,
} from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { Construct } from 'constructs';
import {
  ClusterRegion,
  ClusterShapeProps,
  ClusterSpec,
  clusterSpecFromProps,
  ClusterType,
  EncryptionProvider,
  mergeResults,
  RuleReporter,
  RuleResult,
  validateCluster,
} from '../core';
import { electionPriorities, regionConfigWire, type StorageToBuild } from '../core/atlas/cluster';
import type { HardwareSpecWire } from '../core/atlas/wire';
import { checkTerminationProtection } from '../core/rules/cluster-shape';
import { claimCluster, otherClaims } from '../core/model/cluster-claims';
import { checkSafetyDefault } from '../core/rules/engine-settings';
import { checkOneConstructPerCluster } from '../core/rules/project-wiring';
import { AtlasProjectEncryption } from './atlas-project-encryption';
import { encryptionConditions } from './private/encryption-conditions';
import { checkEndpointRegionsKnown } from './private-networking';
import { mongodbatlas } from './private/providers';
import { enforce, TF_VALIDATION } from './private/validation';

/** Props of {@link EncryptedCluster}. */
export interface EncryptedClusterProps extends ClusterShapeProps {
  /** The project's encryption setting; the cluster takes its project id from it (SYN-PROJ-1). */
  readonly projectEncryption: AtlasProjectEncryption;
  /**
   * Number of shards of a sharded cluster.
   * @default 1
   */
  readonly numShards?: number;
  /**
   * Keep the cluster's snapshots when the cluster is deleted (`retain_backups_enabled`); they stay
   * encrypted with the key in effect when they were taken (DEP-KEEP-1).
   * @default true
   */
  readonly retainBackupsOnDelete?: boolean;
  /**
   * Put `lifecycle.prevent_destroy` on the cluster, so neither `cdktf destroy` nor removing a region block by
   * mistake terminates a running cluster. To delete it on purpose, set this to `false`, apply, then remove it.
   * @default true
   */
  readonly retainOnDestroy?: boolean;
}

/**
 * A MongoDB Atlas cluster whose storage is encrypted with its project's customer key
 * (`encryption_at_rest_provider`). It reads `project_id` from the project's
 * `mongodbatlas_encryption_at_rest`, so Terraform enables project encryption before it creates the
 * cluster and destroys the cluster before it disables encryption (SYN-PROJ-1).
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
  public readonly projectEncryption: AtlasProjectEncryption;
  /** Cluster name in Atlas. */
  public readonly clusterName: string;
  /** Key provider the cluster uses. */
  public readonly encryptionProvider: EncryptionProvider;

  constructor(scope: Construct, id: string, props: EncryptedClusterProps) {
    super(scope, id);
    const { AdvancedCluster } = mongodbatlas.advancedCluster();
    this.projectEncryption = props.projectEncryption;
    this.clusterName = props.clusterName;
    this.encryptionProvider = props.encryptionProvider;
    const clusterType = props.clusterType ?? ClusterType.REPLICASET;
    this.spec = clusterSpecFromProps(props);
    const projectId = props.projectEncryption.spec.projectId;
    const others = otherClaims(this.node.root, this, projectId, props.clusterName);
    claimCluster(this.node.root, this, this.node.path, projectId, props.clusterName);
    const claims = new RuleReporter(TF_VALIDATION);
    checkOneConstructPerCluster(props.clusterName, props.projectEncryption.spec.projectId, others, claims);
    enforce(
      this,
      mergeResults(
        validateCluster(this.spec, props.projectEncryption.spec, TF_VALIDATION),
        checkEndpointRegionsKnown(this.spec, props.projectEncryption.spec),
        safetyDefaults(props, this.spec),
        claims.result(),
      ),
    );

    const provider = props.encryptionProvider;
    // Private networking: the cluster waits for its regions' endpoints (created before it, deleted after it).
    const endpoints = props.projectEncryption._privateEndpointsFor(this.spec);
    const { precondition, postcondition } = encryptionConditions(
      props.projectEncryption,
      props.clusterName,
      provider,
      endpoints,
    );

    // With compute auto-scaling, the size Atlas chose is not drift: ignore the scaled sizes, the usual
    // `ignore_changes` path on advanced_cluster. Unverified for provider 1.41.1's block schema (the provider's
    // issue #888 discusses Terraform limits on nested block lists); the worst case is a plan that shows the size.
    // Disk auto-scaling likewise: the disk size Atlas raised is not drift (only when it is on).
    const groups = ['electable_specs', 'read_only_specs', 'analytics_specs'];
    const ignoreChanges = props.regions.flatMap((r, i) => [
      ...(r.autoScalingMinInstanceSize
        ? groups.map((g) => `replication_specs[0].region_configs[${i}].${g}[0].instance_size`)
        : []),
      ...(props.diskAutoScaling === true
        ? groups.map((g) => `replication_specs[0].region_configs[${i}].${g}[0].disk_size_gb`)
        : []),
    ]);
    this.resource = new AdvancedCluster(this, 'Resource', {
      projectId: props.projectEncryption.projectId,
      name: props.clusterName,
      clusterType,
      encryptionAtRestProvider: provider,
      backupEnabled: props.backupEnabled ?? true,
      pitEnabled: props.pitEnabled ?? false,
      retainBackupsEnabled: props.retainBackupsOnDelete ?? true,
      mongoDbMajorVersion: props.mongoDbMajorVersion,
      terminationProtectionEnabled: props.terminationProtectionEnabled,
      tags: props.tags && Object.entries(props.tags).map(([key, value]) => ({ key, value })),
      replicationSpecs: [
        {
          numShards: clusterType === ClusterType.REPLICASET ? undefined : (props.numShards ?? 1),
          regionConfigs: props.regions.map((r, i, all) => renderRegion(r, electionPriorities(all)[i], props)),
        },
      ],
      dependsOn: endpoints.length > 0 ? endpoints.map((e) => e.resource) : undefined,
      lifecycle: {
        preventDestroy: props.retainOnDestroy ?? true,
        precondition: precondition.length > 0 ? precondition : undefined,
        postcondition,
        ignoreChanges: ignoreChanges.length > 0 ? ignoreChanges : undefined,
      },
    });
  }
}

/**
 * SYN-KEEP-2: destroy protection turned off is allowed, and said at synth; SYN-KEEP-3: not together with Atlas's
 * termination protection, which would make the destroy fail.
 */
function safetyDefaults(props: EncryptedClusterProps, spec: ClusterSpec): RuleResult {
  const r = new RuleReporter(TF_VALIDATION);
  checkTerminationProtection(spec, props.retainOnDestroy === false, 'retainOnDestroy', r);
  if (props.retainOnDestroy === false) {
    checkSafetyDefault(
      `cluster ${JSON.stringify(props.clusterName)}`,
      'retainOnDestroy',
      false,
      'cdktf destroy, or removing the construct, terminates the cluster',
      r,
    );
  }
  return r.result();
}

/** One region in the binding's shape, built by core's one region translation (the handler uses it too). */
function renderRegion(
  region: ClusterRegion,
  priority: number,
  storage: StorageToBuild,
): AdvancedClusterReplicationSpecsRegionConfigs {
  const rc = regionConfigWire(region, priority, storage);
  const compute = rc.autoScaling?.compute;
  const disk = rc.autoScaling?.diskGB;
  // regionConfigWire always sets the priority and the sizes of every group it adds.
  const specs = (h: HardwareSpecWire | undefined) =>
    h && { instanceSize: h.instanceSize as string, nodeCount: h.nodeCount, diskSizeGb: h.diskSizeGB };
  return {
    providerName: rc.providerName,
    regionName: rc.regionName,
    priority: rc.priority as number,
    electableSpecs: specs(rc.electableSpecs),
    readOnlySpecs: specs(rc.readOnlySpecs),
    analyticsSpecs: specs(rc.analyticsSpecs),
    autoScaling:
      compute || disk
        ? {
            computeEnabled: compute?.enabled,
            computeScaleDownEnabled: compute?.scaleDownEnabled,
            computeMinInstanceSize: compute?.minInstanceSize,
            computeMaxInstanceSize: compute?.maxInstanceSize,
            diskGbEnabled: disk?.enabled,
          }
        : undefined,
  };
}
