/**
 * Clusters defined with MongoDB's own constructs, as the core rules see them: the props of `CfnCluster`
 * (awscdk-resources-mongodbatlas, CloudFormation type `MongoDB::Atlas::Cluster`) and the config of
 * `mongodbatlas_advanced_cluster` (@cdktf/provider-mongodbatlas `AdvancedCluster`). Both describe Atlas's own
 * cluster (`replicationSpecs[].regionConfigs[]`), so each is read as {@link ClusterWire} and judged through the one
 * live-cluster translation ({@link clusterSpecFromWire}); the rules' prop paths are then named as the user wrote
 * them in that construct. Structural types only: neither package is loaded here.
 */
import type { ClusterSpec } from '../model/cluster';
import { clusterSpecFromWire } from './cluster';
import type { ClusterWire, HardwareSpecWire, RegionConfigWire } from './wire';

/** Node group of a region config (`electableSpecs`, `readOnlySpecs`, `analyticsSpecs`), in both constructs. */
export interface OwnHardwareSpecs {
  /** Instance size, e.g. `M10`. */
  readonly instanceSize?: string;
  /** Nodes in the group. */
  readonly nodeCount?: number;
}

/** A region config as both MongoDB constructs write it (Atlas's `regionConfigs[]` fields); auto-scaling differs. */
export interface OwnRegionConfigShape {
  /** `AWS`, `AZURE`, `GCP`, or `TENANT`/`FLEX` for shared tiers. */
  readonly providerName?: string;
  /** Cloud of a shared-tier region. */
  readonly backingProviderName?: string;
  /** Atlas region name, e.g. `US_EAST_1`. */
  readonly regionName?: string;
  /** Election priority. */
  readonly priority?: number;
  /** Electable nodes. */
  readonly electableSpecs?: OwnHardwareSpecs;
  /** Read-only nodes. */
  readonly readOnlySpecs?: OwnHardwareSpecs;
  /** Analytics nodes. */
  readonly analyticsSpecs?: OwnHardwareSpecs;
}

/** `CfnClusterProps.replicationSpecs[].advancedRegionConfigs[]` (awscdk-resources-mongodbatlas 4.x). */
export interface CfnClusterRegionConfigShape extends OwnRegionConfigShape {
  /** Auto-scaling of the electable and read-only nodes. */
  readonly autoScaling?: CfnClusterAutoScalingShape;
}

/** `AdvancedAutoScaling` of a `CfnCluster` region config. */
export interface CfnClusterAutoScalingShape {
  /** Compute auto-scaling. */
  readonly compute?: CfnClusterComputeShape;
}

/** `Compute` of a `CfnCluster` region config's auto-scaling. */
export interface CfnClusterComputeShape {
  /** Compute auto-scaling on. */
  readonly enabled?: boolean;
  /** Smallest size Atlas may scale to. */
  readonly minInstanceSize?: string;
  /** Largest size Atlas may scale to. */
  readonly maxInstanceSize?: string;
}

/** `AdvancedReplicationSpec` of a `CfnCluster`: one shard (or zone). */
export interface CfnClusterReplicationSpecShape {
  /** The regions of this shard. */
  readonly advancedRegionConfigs?: readonly CfnClusterRegionConfigShape[];
}

/** The fields of `CfnClusterProps` the library reads (awscdk-resources-mongodbatlas 4.x, camelCase of the CFN schema). */
export interface CfnClusterPropsShape {
  /** Atlas project id. */
  readonly projectId?: string;
  /** Cluster name. */
  readonly name?: string;
  /** `REPLICASET`, `SHARDED` or `GEOSHARDED`. */
  readonly clusterType?: string;
  /** MongoDB major version, e.g. `8.0`. */
  readonly mongoDbMajorVersion?: string;
  /** Cloud Backup. */
  readonly backupEnabled?: boolean;
  /** Continuous Cloud Backup. */
  readonly pitEnabled?: boolean;
  /** The cluster's own provider prop (`EncryptionAtRestProvider`). */
  readonly encryptionAtRestProvider?: string;
  /** One entry per shard (or zone); regions in `advancedRegionConfigs`. */
  readonly replicationSpecs?: readonly CfnClusterReplicationSpecShape[];
}

/** `AdvancedClusterReplicationSpecsRegionConfigs` (provider 1.41.1 block schema: auto-scaling fields are flat). */
export interface AdvancedClusterRegionConfigShape extends OwnRegionConfigShape {
  /** Compute auto-scaling. */
  readonly autoScaling?: {
    readonly computeEnabled?: unknown;
    readonly computeMinInstanceSize?: string;
    readonly computeMaxInstanceSize?: string;
  };
}

/** The fields of `AdvancedClusterConfig` the library reads (booleans may be tokens, so they are `unknown` here). */
export interface AdvancedClusterConfigShape {
  /** Atlas project id. */
  readonly projectId?: string;
  /** Cluster name. */
  readonly name?: string;
  /** Cluster type. */
  readonly clusterType?: string;
  /** MongoDB major version. */
  readonly mongoDbMajorVersion?: string;
  /** Cloud Backup. */
  readonly backupEnabled?: unknown;
  /** Continuous Cloud Backup. */
  readonly pitEnabled?: unknown;
  /** `encryption_at_rest_provider` as configured. */
  readonly encryptionAtRestProvider?: string;
  /** One entry per shard (or zone). */
  readonly replicationSpecs?: unknown;
}

/** How one construct names the cluster fields the rules report on. */
export interface OwnClusterVocabulary {
  /** Name of the construct, for messages (`CfnCluster`, `AdvancedCluster`). */
  readonly construct: string;
  /** Key of the region list inside a replication spec. */
  readonly regionConfigs: string;
  /** Path of the smallest compute auto-scaling size inside a region config. */
  readonly autoScalingMin: string;
  /** The library's region prop names as this construct spells them, for the hints in messages. */
  readonly words: Readonly<Record<string, string>>;
}

/** Hints that name the library's region props, as both constructs spell them (regionConfigs field names). */
const REGION_WORDS = {
  '{ cloud, regionName, instanceSize }': '{ providerName, regionName, electableSpecs }',
  readOnlyInstanceSize: 'readOnlySpecs',
  analyticsInstanceSize: 'analyticsSpecs',
  readOnlyNodeCount: 'readOnlySpecs.nodeCount',
  analyticsNodeCount: 'analyticsSpecs.nodeCount',
  nodeCount: 'electableSpecs.nodeCount',
};

/** `CfnCluster` of awscdk-resources-mongodbatlas (its generated `toJson_AdvancedRegionConfig` / `Compute`). */
export const CFN_CLUSTER_VOCABULARY: OwnClusterVocabulary = {
  construct: 'CfnCluster',
  regionConfigs: 'advancedRegionConfigs',
  autoScalingMin: 'autoScaling.compute.minInstanceSize',
  words: REGION_WORDS,
};

/** `AdvancedCluster` of @cdktf/provider-mongodbatlas 8.x (Terraform provider 1.41.1 block schema). */
export const ADVANCED_CLUSTER_VOCABULARY: OwnClusterVocabulary = {
  construct: 'AdvancedCluster',
  regionConfigs: 'regionConfigs',
  autoScalingMin: 'autoScaling.computeMinInstanceSize',
  words: REGION_WORDS,
};

/** A cluster of MongoDB's own constructs in Atlas's terms; a region list left as written when it is not an array. */
export interface OwnCluster {
  /** Atlas's view of the cluster (region configs as given). */
  readonly wire: ClusterWire;
  /** The vocabulary of the construct it came from. */
  readonly vocabulary: OwnClusterVocabulary;
}

function hardware(s: OwnHardwareSpecs | undefined): HardwareSpecWire | undefined {
  return s === undefined ? undefined : { instanceSize: s.instanceSize, nodeCount: s.nodeCount };
}

/** `CfnClusterProps` as Atlas's cluster description. */
export function ownClusterFromCfnProps(props: CfnClusterPropsShape): OwnCluster {
  const specs = props.replicationSpecs;
  return {
    vocabulary: CFN_CLUSTER_VOCABULARY,
    wire: {
      name: props.name as string,
      clusterType: props.clusterType,
      mongoDBMajorVersion: props.mongoDbMajorVersion,
      backupEnabled: props.backupEnabled,
      pitEnabled: props.pitEnabled,
      encryptionAtRestProvider: props.encryptionAtRestProvider,
      replicationSpecs: (Array.isArray(specs)
        ? specs.map((rs: CfnClusterReplicationSpecShape) => ({
            regionConfigs: (Array.isArray(rs?.advancedRegionConfigs)
              ? rs.advancedRegionConfigs.map((rc: CfnClusterRegionConfigShape): RegionConfigWire =>
                  rc === null || typeof rc !== 'object'
                    ? (rc as unknown as RegionConfigWire)
                    : {
                        providerName: rc.providerName as string,
                        backingProviderName: rc.backingProviderName,
                        regionName: rc.regionName as string,
                        priority: rc.priority,
                        electableSpecs: hardware(rc.electableSpecs),
                        readOnlySpecs: hardware(rc.readOnlySpecs),
                        analyticsSpecs: hardware(rc.analyticsSpecs),
                        autoScaling: rc.autoScaling?.compute && { compute: { ...rc.autoScaling.compute } },
                      },
                )
              : rs?.advancedRegionConfigs) as RegionConfigWire[],
          }))
        : specs) as ClusterWire['replicationSpecs'],
    },
  };
}

/** `AdvancedClusterConfig` (as read back through the resource's `*Input` getters) as Atlas's cluster description. */
export function ownClusterFromAdvancedClusterConfig(config: AdvancedClusterConfigShape): OwnCluster {
  const specs = config.replicationSpecs;
  return {
    vocabulary: ADVANCED_CLUSTER_VOCABULARY,
    wire: {
      name: config.name as string,
      clusterType: config.clusterType,
      mongoDBMajorVersion: config.mongoDbMajorVersion,
      backupEnabled: config.backupEnabled as boolean | undefined,
      pitEnabled: config.pitEnabled as boolean | undefined,
      encryptionAtRestProvider: config.encryptionAtRestProvider,
      replicationSpecs: (Array.isArray(specs)
        ? specs.map((rs: { regionConfigs?: unknown }) => ({
            regionConfigs: (Array.isArray(rs?.regionConfigs)
              ? (rs.regionConfigs as unknown[]).map((raw): RegionConfigWire => {
                  if (raw === null || typeof raw !== 'object') return raw as RegionConfigWire;
                  const rc = raw as AdvancedClusterRegionConfigShape;
                  const a = rc.autoScaling;
                  return {
                    providerName: rc.providerName as string,
                    backingProviderName: rc.backingProviderName,
                    regionName: rc.regionName as string,
                    priority: rc.priority,
                    electableSpecs: hardware(rc.electableSpecs),
                    readOnlySpecs: hardware(rc.readOnlySpecs),
                    analyticsSpecs: hardware(rc.analyticsSpecs),
                    autoScaling: a && {
                      compute: {
                        enabled: a.computeEnabled as boolean | undefined,
                        minInstanceSize: a.computeMinInstanceSize,
                        maxInstanceSize: a.computeMaxInstanceSize,
                      },
                    },
                  };
                })
              : rs?.regionConfigs) as RegionConfigWire[],
          }))
        : specs) as ClusterWire['replicationSpecs'],
    },
  };
}

/** One replication spec (shard or zone) of an own cluster, as the rules see it. */
export interface OwnClusterPart {
  /** The cluster with this replication spec's regions only (each shard is its own replica set). */
  readonly spec: ClusterSpec;
  /** Index of the replication spec, or `undefined` when the list itself is missing or not an array. */
  readonly index: number | undefined;
}

/**
 * The cluster as the rules see it, one part per replication spec: Atlas counts electable nodes and regions per
 * shard, so each is judged as its own replica set. A missing or unreadable list gives one part whose regions are
 * what was written (the rules report it, or defer it when it is a token).
 * @param encryptionProvider the provider the cluster is to use
 */
export function ownClusterParts(own: OwnCluster, encryptionProvider: string): OwnClusterPart[] {
  const specs = own.wire.replicationSpecs as unknown;
  // The shared fields, read as Atlas reads a cluster created without them (Admin API v2
  // `ClusterDescription20240805`: backupEnabled defaults to false, clusterType to REPLICASET).
  const declared: Omit<ClusterSpec, 'regions'> = clusterSpecFromWire(
    { ...own.wire, replicationSpecs: [] },
    { encryptionProvider },
  );
  if (!Array.isArray(specs) || specs.length === 0) {
    return [{ spec: { ...declared, regions: (specs ?? []) as ClusterSpec['regions'] }, index: undefined }];
  }
  return specs.map((rs: { regionConfigs?: unknown }, index) => {
    const configs = rs?.regionConfigs;
    if (!Array.isArray(configs) || configs.some((c) => c === null || typeof c !== 'object')) {
      // A token or a malformed list: left as written, so the rules defer or report it.
      return { spec: { ...declared, regions: (configs ?? []) as ClusterSpec['regions'] }, index };
    }
    const one = clusterSpecFromWire(
      { ...own.wire, replicationSpecs: [{ regionConfigs: configs as RegionConfigWire[] }] },
      { encryptionProvider },
    );
    return { spec: { ...declared, regions: one.regions }, index };
  });
}

const REGION_FIELD: Readonly<Record<string, (v: OwnClusterVocabulary) => string>> = {
  cloud: () => 'providerName',
  regionName: () => 'regionName',
  instanceSize: () => 'electableSpecs.instanceSize',
  nodeCount: () => 'electableSpecs.nodeCount',
  readOnlyInstanceSize: () => 'readOnlySpecs.instanceSize',
  analyticsInstanceSize: () => 'analyticsSpecs.instanceSize',
  readOnlyNodeCount: () => 'readOnlySpecs.nodeCount',
  analyticsNodeCount: () => 'analyticsSpecs.nodeCount',
  autoScalingMinInstanceSize: (v) => v.autoScalingMin,
  autoScalingMaxInstanceSize: (v) =>
    v.autoScalingMin.replace(/min(?=InstanceSize)/i, (m) => (m === 'min' ? 'max' : 'Max')),
};

/**
 * A rule's prop path (the library's `ClusterSpec` names) as the user wrote it on the construct, e.g.
 * `regions[0].instanceSize` → `replicationSpecs[1].advancedRegionConfigs[0].electableSpecs.instanceSize`.
 */
export function ownClusterProp(prop: string, index: number | undefined, v: OwnClusterVocabulary): string {
  if (prop === 'clusterName') return 'name';
  const spec = index === undefined ? 'replicationSpecs' : `replicationSpecs[${index}].${v.regionConfigs}`;
  if (prop === 'regions') return spec;
  const m = /^regions\[(\d+|\*)\](?:\.(\w+))?$/.exec(prop);
  if (!m) return prop;
  const region = `${spec}[${m[1]}]`;
  if (m[2] === undefined) return region;
  const field = REGION_FIELD[m[2]];
  return field ? `${region}.${field(v)}` : `${region}.${m[2]}`;
}
