/**
 * Rules on a cluster's shape: tier (SYN-TIER-1), topology (SYN-TOPO-1), cloud and region (SYN-CLOUD-1)
 * and multi-cloud (SYN-CLOUD-3). They apply only to clusters that use a customer key.
 */
import { INSTANCE_SIZES, SHARED_TIERS } from '../catalogue/instance-sizes';
import { ATLAS_REGIONS } from '../catalogue/regions';
import { CloudProvider, ClusterType, EncryptionProvider } from '../model/enums';
import { ClusterRegionSpec, ClusterSpec } from '../model/cluster';
import { ProjectEncryptionSpec } from '../model/project';
import { listAllowed, RuleReporter } from './rule';

const CLOUDS = Object.values(CloudProvider) as string[];
const CLUSTER_TYPES = Object.values(ClusterType) as string[];

/** Subject string for a cluster in messages. */
export function clusterSubject(cluster: ClusterSpec): string {
  return `cluster ${JSON.stringify(cluster.name)}`;
}

/** Own-property lookup, so keys such as "constructor" never reach the prototype. */
function perCloud<T>(table: Readonly<Record<CloudProvider, T>>, cloud: unknown): T | undefined {
  return typeof cloud === 'string' && Object.prototype.hasOwnProperty.call(table, cloud)
    ? table[cloud as CloudProvider]
    : undefined;
}

/** The cluster's regions, tolerating malformed input from untyped callers (SYN-CLOUD-1 reports it). */
export function regionList(cluster: ClusterSpec): ClusterRegionSpec[] {
  if (!Array.isArray(cluster.regions)) return [];
  return cluster.regions.filter((x): x is ClusterRegionSpec => typeof x === 'object' && x !== null);
}

/** True when the cluster asks for a customer key (anything but NONE; unresolved counts as encrypted). */
export function usesCustomerKey(cluster: ClusterSpec): boolean {
  return cluster.encryptionProvider !== EncryptionProvider.NONE;
}

/** SYN-TIER-1: every size on an encrypted cluster is dedicated, M10 or larger. */
export function checkTier(cluster: ClusterSpec, r: RuleReporter): void {
  if (!usesCustomerKey(cluster)) return;
  const subject = clusterSubject(cluster);
  regionList(cluster).forEach((region, i) => {
    const sizes: Array<[string, string | undefined]> = [
      ['instanceSize', region.instanceSize],
      ['readOnlyInstanceSize', region.readOnlyInstanceSize],
      ['analyticsInstanceSize', region.analyticsInstanceSize],
      ['autoScalingMinInstanceSize', region.autoScalingMinInstanceSize],
    ];
    for (const [field, size] of sizes) {
      if (size === undefined && field !== 'instanceSize') continue;
      const prop = `regions[${i}].${field}`;
      if (r.deferIfUnresolved('SYN-TIER-1', subject, prop, size)) continue;
      const cloudSizes = perCloud(INSTANCE_SIZES, region.cloud);
      const dedicated = cloudSizes ?? [...new Set(Object.values(INSTANCE_SIZES).flat())];
      if (typeof size !== 'string' || size.length === 0) {
        r.report(
          'SYN-TIER-1',
          subject,
          prop,
          size,
          'an instance size is required',
          'M10 or larger, e.g. M10, R40, M40_NVME',
        );
      } else if (SHARED_TIERS.includes(size.toUpperCase())) {
        r.report(
          'SYN-TIER-1',
          subject,
          prop,
          size,
          'shared, Flex and Serverless tiers cannot use encryption at rest with your own key',
          'a dedicated size, M10 or larger',
        );
      } else if (!dedicated.includes(size)) {
        const guess = dedicated.find((d) => d === size.trim().toUpperCase());
        r.report(
          'SYN-TIER-1',
          subject,
          prop,
          size,
          `not an Atlas dedicated instance size${cloudSizes ? ` on ${region.cloud}` : ''}`,
          guess ? `did you mean ${JSON.stringify(guess)}? (${listAllowed(dedicated, 6)})` : listAllowed(dedicated),
        );
      }
    }
  });
}

/** SYN-TOPO-1: replica sets only, sharded with the project's opt-in, GEOSHARDED warns. */
export function checkTopology(cluster: ClusterSpec, project: ProjectEncryptionSpec | undefined, r: RuleReporter): void {
  if (!usesCustomerKey(cluster)) return;
  const subject = clusterSubject(cluster);
  const topology = (cluster.clusterType ?? ClusterType.REPLICASET) as string;
  if (r.deferIfUnresolved('SYN-TOPO-1', subject, 'clusterType', topology)) return;
  if (!CLUSTER_TYPES.includes(topology)) {
    r.report('SYN-TOPO-1', subject, 'clusterType', topology, 'unknown cluster type', CLUSTER_TYPES.join(', '));
    return;
  }
  if (topology === ClusterType.REPLICASET) return;
  if (!project?.allowShardedClusters) {
    r.report(
      'SYN-TOPO-1',
      subject,
      'clusterType',
      topology,
      'sharded clusters are an explicit per-project opt-in (this library defaults to replica sets)',
      'REPLICASET, or set allowShardedClusters: true on the project encryption to opt in',
    );
  } else if (topology === ClusterType.GEOSHARDED) {
    r.report(
      'SYN-TOPO-2',
      subject,
      'clusterType',
      topology,
      'Atlas does not document encryption at rest for Global Clusters',
      'REPLICASET or SHARDED',
    );
  }
}

/** SYN-CLOUD-1 and SYN-CLOUD-3: clusters on AWS or Azure (GCP with the opt-in), valid region names; multi-cloud warns. */
export function checkCloud(cluster: ClusterSpec, project: ProjectEncryptionSpec | undefined, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  if (r.deferIfUnresolved('SYN-CLOUD-1', subject, 'regions', cluster.regions)) return;
  const regions = regionList(cluster);
  if (regions.length === 0 || !Array.isArray(cluster.regions) || regions.length !== cluster.regions.length) {
    r.report(
      'SYN-CLOUD-1',
      subject,
      'regions',
      cluster.regions,
      'a cluster needs a list of one or more regions',
      'one or more { cloud, regionName, instanceSize } entries',
    );
    return;
  }
  const encrypted = usesCustomerKey(cluster);
  const clouds = new Set<string>();
  regions.forEach((region, i) => {
    const prop = `regions[${i}].cloud`;
    if (r.deferIfUnresolved('SYN-CLOUD-1', subject, prop, region.cloud)) return;
    if (typeof region.cloud !== 'string' || !CLOUDS.includes(region.cloud)) {
      r.report('SYN-CLOUD-1', subject, prop, region.cloud, 'unknown cloud', CLOUDS.join(', '));
      return;
    }
    clouds.add(region.cloud);
    if (encrypted && region.cloud === CloudProvider.GCP && !project?.allowGcpClusters) {
      r.report(
        'SYN-CLOUD-1',
        subject,
        prop,
        region.cloud,
        'clusters on Google Cloud are an explicit per-project opt-in (this library defaults to clusters on AWS or Azure)',
        'AWS or AZURE, or set allowGcpClusters: true on the project encryption to opt in',
      );
    }
    const regionProp = `regions[${i}].regionName`;
    if (r.deferIfUnresolved('SYN-CLOUD-1', subject, regionProp, region.regionName)) return;
    const known = perCloud(ATLAS_REGIONS, region.cloud) ?? [];
    if (typeof region.regionName !== 'string' || !known.includes(region.regionName) || region.regionName === 'GLOBAL') {
      r.report(
        'SYN-CLOUD-1',
        subject,
        regionProp,
        region.regionName,
        `not an Atlas ${region.cloud} region name`,
        didYouMeanRegion(region.regionName, known) ??
          `${region.cloud} region names such as ${listAllowed(
            known.filter((n) => n !== 'GLOBAL'),
            6,
          )}`,
      );
    }
  });
  if (encrypted && clouds.size > 1) {
    r.report(
      'SYN-CLOUD-3',
      subject,
      'regions',
      [...clouds],
      'a multi-cloud cluster works with encryption at rest only while the project does not use private networking',
      'a single cloud if private networking may be enabled later',
    );
  }
}

/** Atlas's cluster name pattern (Admin API v2 `ClusterDescription20240805.name`). */
const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
/** Longest cluster name Atlas accepts (error code `CLUSTER_NAME_TOO_LONG`; the limit itself is unverified). */
const MAX_CLUSTER_NAME = 64;
/** Electable nodes a replica set may have across its regions (Atlas: a replication factor of 3, 5 or 7). */
const ELECTABLE_TOTALS = [3, 5, 7];

/** SYN-SHAPE-3: a name Atlas accepts. */
export function checkClusterName(cluster: ClusterSpec, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  const name = cluster.name;
  if (r.deferIfUnresolved('SYN-SHAPE-3', subject, 'clusterName', name)) return;
  if (typeof name !== 'string' || !CLUSTER_NAME.test(name) || name.length > MAX_CLUSTER_NAME) {
    r.report(
      'SYN-SHAPE-3',
      subject,
      'clusterName',
      name,
      'Atlas refuses this cluster name',
      `ASCII letters, digits and hyphens, starting with a letter or digit, at most ${MAX_CLUSTER_NAME} characters`,
    );
  }
}

/**
 * SYN-SHAPE-1 and SYN-SHAPE-2: electable nodes across the regions total 3, 5 or 7, each region's counts are whole
 * numbers (a region with no electable nodes needs read-only or analytics nodes), and no region is listed twice.
 */
export function checkNodes(cluster: ClusterSpec, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  const regions = regionList(cluster);
  if (regions.length === 0) return;
  let total = 0;
  let unknown = false;
  const seen = new Map<string, number>();
  regions.forEach((region, i) => {
    const prop = `regions[${i}].nodeCount`;
    const count = region.nodeCount ?? 3;
    if (r.deferIfUnresolved('SYN-SHAPE-1', subject, prop, count)) {
      unknown = true;
    } else if (!Number.isInteger(count) || count < 0 || count > 7) {
      r.report('SYN-SHAPE-1', subject, prop, count, 'not an electable node count', 'a whole number from 0 to 7');
      unknown = true;
    } else {
      total += count;
      if (count === 0 && !region.readOnlyInstanceSize && !region.analyticsInstanceSize) {
        r.report(
          'SYN-SHAPE-1',
          subject,
          prop,
          0,
          'a region with no electable nodes has no nodes at all',
          'electable nodes, or readOnlyInstanceSize / analyticsInstanceSize for a read-only or analytics region',
        );
      }
    }
    if (r.isUnresolved(region.cloud) || r.isUnresolved(region.regionName)) return;
    const key = `${String(region.cloud)} ${String(region.regionName)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      r.report(
        'SYN-SHAPE-2',
        subject,
        `regions[${i}]`,
        key,
        `the region is already listed as regions[${first}]`,
        'each cloud region once; raise its nodeCount instead',
      );
    } else seen.set(key, i);
  });
  if (!unknown && !ELECTABLE_TOTALS.includes(total)) {
    r.report(
      'SYN-SHAPE-1',
      subject,
      'regions[*].nodeCount',
      total,
      `Atlas needs 3, 5 or 7 electable nodes across the regions (nodeCount defaults to 3 per region; these add up to ${total})`,
      '3, 5 or 7 in total, e.g. nodeCount 2 + 2 + 1 across three regions',
    );
  }
}

/** SYN-SHAPE-4: a MongoDB major version in Atlas's `<major>.<minor>` form. */
export function checkMongoDbVersion(cluster: ClusterSpec, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  const v = cluster.mongoDbMajorVersion;
  if (v === undefined || r.deferIfUnresolved('SYN-SHAPE-4', subject, 'mongoDbMajorVersion', v)) return;
  if (typeof v !== 'string' || !/^\d+\.\d+$/.test(v)) {
    r.report(
      'SYN-SHAPE-4',
      subject,
      'mongoDbMajorVersion',
      v,
      'not a MongoDB major version',
      `a major version Atlas offers, e.g. ${didYouMeanVersion(v)}`,
    );
  }
}

/** `8`, `v8.0` or `8.0.4` → `8.0`, for a message; otherwise the current LTS form. */
function didYouMeanVersion(v: unknown): string {
  const m = typeof v === 'string' ? /(\d+)(?:\.(\d+))?/.exec(v) : null;
  return m ? `"${m[1]}.${m[2] ?? '0'}"` : '"8.0"';
}

/** `us-east-1` → `did you mean "US_EAST_1"?` when the Atlas form of the name is a region of that cloud. */
function didYouMeanRegion(name: unknown, known: readonly string[]): string | undefined {
  if (typeof name !== 'string') return undefined;
  const atlas = name.trim().toUpperCase().replace(/[-\s]/g, '_');
  return atlas !== 'GLOBAL' && known.includes(atlas) ? `did you mean ${JSON.stringify(atlas)}?` : undefined;
}
