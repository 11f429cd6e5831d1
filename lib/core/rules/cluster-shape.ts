/**
 * Rules on a cluster's shape: tier (SYN-TIER-1), topology (SYN-TOPO-1), cloud and region (SYN-CLOUD-1)
 * and multi-cloud (SYN-CLOUD-3). They apply only to clusters that use a customer key.
 */
import { INSTANCE_SIZES, SHARED_TIERS } from '../catalogue/instance-sizes';
import { ATLAS_REGIONS } from '../catalogue/regions';
import { CloudProvider, ClusterType, EncryptionProvider } from '../model/enums';
import { LIBRARY_OWNER_TAG } from '../atlas/cluster';
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
      ['autoScalingMaxInstanceSize', region.autoScalingMaxInstanceSize],
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
      if (count === 0 && !hasNodes(region, 'readOnly') && !hasNodes(region, 'analytics')) {
        r.report(
          'SYN-SHAPE-1',
          subject,
          prop,
          0,
          'a region with no electable nodes has no nodes at all',
          'electable nodes, or read-only / analytics nodes (readOnlyNodeCount, analyticsNodeCount) for a read-only or analytics region',
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

/** True when the region asks for nodes of a group (a size, or a count above 0). */
function hasNodes(region: ClusterRegionSpec, group: 'readOnly' | 'analytics'): boolean {
  const size = group === 'readOnly' ? region.readOnlyInstanceSize : region.analyticsInstanceSize;
  const count = group === 'readOnly' ? region.readOnlyNodeCount : region.analyticsNodeCount;
  return count === undefined ? Boolean(size) : count !== 0;
}

/**
 * Most members a replica set (or a shard) may have: "A replica set can have up to 50 members but only 7 voting
 * members" (MongoDB manual, https://www.mongodb.com/docs/manual/core/replica-set-members/); Atlas's electable
 * limit of 7 is SYN-SHAPE-1 (https://www.mongodb.com/docs/atlas/reference/atlas-limits/).
 */
export const MAX_REPLICA_SET_MEMBERS = 50;

/**
 * SYN-SHAPE-6: read-only and analytics node counts are whole numbers from 0, and electable, read-only and analytics
 * nodes together stay within a replica set's 50 members.
 */
export function checkNodeGroups(cluster: ClusterSpec, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  const regions = regionList(cluster);
  let total = 0;
  let unknown = false;
  regions.forEach((region, i) => {
    const electable = region.nodeCount ?? 3;
    if (r.isUnresolved(electable) || !Number.isInteger(electable)) unknown = true;
    else total += electable;
    for (const group of ['readOnly', 'analytics'] as const) {
      const field = `${group}NodeCount` as const;
      const count = region[field];
      const prop = `regions[${i}].${field}`;
      if (count === undefined) {
        if (hasNodes(region, group)) total += 1;
        continue;
      }
      if (r.deferIfUnresolved('SYN-SHAPE-6', subject, prop, count)) {
        unknown = true;
      } else if (!Number.isInteger(count) || count < 0 || count > MAX_REPLICA_SET_MEMBERS) {
        r.report(
          'SYN-SHAPE-6',
          subject,
          prop,
          count,
          group === 'readOnly' ? 'not a read-only node count' : 'not an analytics node count',
          `a whole number from 0 to ${MAX_REPLICA_SET_MEMBERS}`,
        );
        unknown = true;
      } else total += count;
    }
  });
  if (!unknown && total > MAX_REPLICA_SET_MEMBERS) {
    r.report(
      'SYN-SHAPE-6',
      subject,
      'regions[*]',
      total,
      `a replica set has at most ${MAX_REPLICA_SET_MEMBERS} members; electable, read-only and analytics nodes add up to ${total}`,
      `at most ${MAX_REPLICA_SET_MEMBERS} nodes across the regions`,
    );
  }
}

/** `M30` → { family: 'M#', tier: 30 }, `R40_GEN_2` → { family: 'R#_GEN_2', tier: 40 }; undefined for no size. */
export function sizeTier(size: unknown): { family: string; tier: number } | undefined {
  const m = typeof size === 'string' ? /^([A-Z]+)(\d+)(.*)$/.exec(size) : null;
  return m ? { family: `${m[1]}#${m[3]}`, tier: Number(m[2]) } : undefined;
}

/**
 * SYN-SHAPE-5: compute auto-scaling has a smallest size (which turns it on), the largest size only with it, and
 * smallest ≤ instanceSize ≤ largest within one cluster class. Atlas scales "within the minimum and maximum
 * cluster tiers" you set and never across cluster classes (https://www.mongodb.com/docs/atlas/cluster-autoscaling/;
 * Admin API v2 `AdvancedComputeAutoScaling.minInstanceSize` / `maxInstanceSize`).
 */
export function checkAutoScaling(cluster: ClusterSpec, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  regionList(cluster).forEach((region, i) => {
    const min = region.autoScalingMinInstanceSize;
    const max = region.autoScalingMaxInstanceSize;
    const at = (f: string) => `regions[${i}].${f}`;
    if (min === undefined) {
      if (max !== undefined && !r.deferIfUnresolved('SYN-SHAPE-5', subject, at('autoScalingMaxInstanceSize'), max)) {
        r.report(
          'SYN-SHAPE-5',
          subject,
          at('autoScalingMaxInstanceSize'),
          max,
          'a largest auto-scaling size without autoScalingMinInstanceSize does not turn compute auto-scaling on',
          'autoScalingMinInstanceSize as well, or no autoScalingMaxInstanceSize',
        );
      }
      return;
    }
    const size = region.instanceSize;
    const fields: Array<[string, unknown]> = [
      ['instanceSize', size],
      ['autoScalingMinInstanceSize', min],
      ['autoScalingMaxInstanceSize', max],
    ];
    // Every unresolved size is deferred (and said); the range is checked only on known sizes.
    if (fields.filter(([f, v]) => r.deferIfUnresolved('SYN-SHAPE-5', subject, at(f), v)).length > 0) return;
    const t = sizeTier(size);
    const lo = sizeTier(min);
    const hi = max === undefined ? t : sizeTier(max);
    // An unknown size is SYN-TIER-1's to report.
    if (!t || !lo || !hi) return;
    const range = `${min} ≤ ${size} ≤ ${max ?? size}`;
    if (lo.family !== t.family || hi.family !== t.family) {
      r.report(
        'SYN-SHAPE-5',
        subject,
        at(lo.family !== t.family ? 'autoScalingMinInstanceSize' : 'autoScalingMaxInstanceSize'),
        lo.family !== t.family ? min : max,
        `compute auto-scaling stays within one cluster class, and ${size} is of another`,
        `sizes of the same class as instanceSize ${size}`,
      );
    } else if (lo.tier > t.tier || hi.tier < t.tier) {
      r.report(
        'SYN-SHAPE-5',
        subject,
        at(lo.tier > t.tier ? 'autoScalingMinInstanceSize' : 'autoScalingMaxInstanceSize'),
        lo.tier > t.tier ? min : max,
        `instanceSize must lie between the smallest and the largest auto-scaling size (${range})`,
        'autoScalingMinInstanceSize ≤ instanceSize ≤ autoScalingMaxInstanceSize',
      );
    }
  });
}

/**
 * Smallest disk Atlas provisions: "If you specify a disk size below the minimum (10 GB), this parameter defaults to
 * the minimum disk size value" (Admin API v2 `DedicatedHardwareSpec20240805.diskSizeGB`). The library refuses it
 * rather than let Atlas silently change the value.
 */
export const MIN_DISK_SIZE_GB = 10;

/**
 * SYN-SHAPE-7: a disk size of at least 10 GB. The per-tier maximum ("cannot exceed 50 times the maximum RAM for
 * the selected cluster", same field) is left to Atlas: no published table of every tier's RAM to check it against.
 */
export function checkDiskSize(cluster: ClusterSpec, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  const gb = cluster.diskSizeGb;
  if (gb === undefined || r.deferIfUnresolved('SYN-SHAPE-7', subject, 'diskSizeGb', gb)) return;
  if (typeof gb !== 'number' || !Number.isFinite(gb) || gb < MIN_DISK_SIZE_GB) {
    r.report(
      'SYN-SHAPE-7',
      subject,
      'diskSizeGb',
      gb,
      `not a disk size Atlas provisions (below ${MIN_DISK_SIZE_GB} GB Atlas silently uses ${MIN_DISK_SIZE_GB} GB)`,
      `a number of GB, at least ${MIN_DISK_SIZE_GB}, within 50 × the tier's RAM`,
    );
  }
}

/** Longest tag key and value (Admin API v2 `ResourceTag.key` / `.value`: 1 to 255 characters). */
const MAX_TAG = 255;

/**
 * SYN-SHAPE-8: tags Atlas accepts (key and value 1–255 characters, `ResourceTag`), and never the key of the
 * library's own owner tag, which proves which clusters the library created (it would be overwritten or, worse,
 * make a cluster look like the library's).
 */
export function checkTags(cluster: ClusterSpec, r: RuleReporter): void {
  const subject = clusterSubject(cluster);
  const tags = cluster.tags;
  if (tags === undefined || r.deferIfUnresolved('SYN-SHAPE-8', subject, 'tags', tags)) return;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    r.report('SYN-SHAPE-8', subject, 'tags', tags, 'not a map of tags', '{ key: value, … }');
    return;
  }
  for (const [key, value] of Object.entries(tags)) {
    const prop = `tags.${key}`;
    if (r.isUnresolved(key)) continue;
    if (key === LIBRARY_OWNER_TAG) {
      r.report(
        'SYN-SHAPE-8',
        subject,
        'tags',
        key,
        'this key is reserved for the tag that proves the library created the cluster',
        'any other key',
      );
    } else if (key.length < 1 || key.length > MAX_TAG) {
      r.report('SYN-SHAPE-8', subject, 'tags', key, 'Atlas refuses this tag key', `1 to ${MAX_TAG} characters`);
    } else if (!r.deferIfUnresolved('SYN-SHAPE-8', subject, prop, value)) {
      if (typeof value !== 'string' || value.length < 1 || value.length > MAX_TAG) {
        r.report(
          'SYN-SHAPE-8',
          subject,
          prop,
          value,
          'Atlas refuses this tag value',
          `a string of 1 to ${MAX_TAG} characters`,
        );
      }
    }
  }
}

/**
 * SYN-KEEP-3: termination protection with a removal policy that terminates the cluster. Atlas "won't delete the
 * cluster" while `terminationProtectionEnabled` is true (Admin API v2 `ClusterDescription20240805`), and the
 * library never turns protection off, so the stack deletion would fail: refused at synth.
 * @param destroys the engine's removal setting terminates the cluster on deletion
 * @param removalProp that setting as the engine names it (`removalPolicy`, `retainOnDestroy`)
 */
export function checkTerminationProtection(
  cluster: ClusterSpec,
  destroys: boolean,
  removalProp: string,
  r: RuleReporter,
): void {
  const on = cluster.terminationProtectionEnabled;
  const subject = clusterSubject(cluster);
  if (!destroys || r.deferIfUnresolved('SYN-KEEP-3', subject, 'terminationProtectionEnabled', on) || on !== true)
    return;
  r.report(
    'SYN-KEEP-3',
    subject,
    'terminationProtectionEnabled',
    on,
    `termination protection is on while ${removalProp} terminates the cluster: Atlas would refuse the deletion, and the library never turns protection off`,
    `terminationProtectionEnabled false, or a ${removalProp} that retains the cluster`,
  );
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
