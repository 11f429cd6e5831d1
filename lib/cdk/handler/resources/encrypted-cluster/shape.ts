/**
 * Day-2 changes of a cluster this resource created (mode CREATE), decided from the live cluster and never from
 * `OldResourceProperties`: instance sizes, electable / read-only / analytics node counts, regions, disk size,
 * compute and disk auto-scaling, the MongoDB major version, backup and point-in-time, termination protection and
 * tags. What the live cluster already has is no change, so a change made in Atlas first is a no-op and a
 * CloudFormation rollback (an Update with the properties swapped) returns to the previous template's shape.
 *
 * Auto-scaling is not drift: while compute auto-scaling is on, a live size between the smallest and the largest
 * auto-scaling size is kept (never PATCHed back to `instanceSize`); while disk auto-scaling is on, a live disk
 * larger than `diskSizeGb` is kept. A setting the spec leaves out (disk size, disk auto-scaling, termination
 * protection, tags) is left as Atlas has it.
 *
 * Refused before anything changes (DEP-CLU-2): a change of clusterType (Atlas does not turn a sharded cluster
 * back into a replica set) and an upgrade of more than one major version (Admin API v2 `mongoDBMajorVersion`:
 * "On update: Increase version only by 1 major version at a time"). A lower version is not applied (keptVersion)
 * and the deploy says so, so that the rollback of an upgrade completes.
 */
import type { ClusterWire, HardwareSpecWire, RegionConfigWire } from '../../../../core/atlas';
import { sizeTier } from '../../../../core/rules/cluster-shape';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import { InvalidRequestError } from '../../runtime/errors';
import { OWNER_TAG } from './ownership';
import { replicationSpecOf } from './request-body';
import { WHAT } from './spec';

/** The leading integer of a major version ("7.0" → 7); undefined when it has none. */
function majorOf(version: string | undefined): number | undefined {
  const m = /^(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

function refuse(spec: EncryptedClusterSpec, prop: string, problem: string, got: string, allowed: string): never {
  throw new InvalidRequestError(
    `${WHAT} ${spec.name} ${prop}: ${problem} (got ${got}; allowed: ${allowed}); nothing was changed`,
    'DEP-CLU-2',
  );
}

/** The version part of the PATCH: empty when the live cluster runs the spec's version (or the spec names none). */
function versionChange(cluster: ClusterWire, spec: EncryptedClusterSpec): Partial<ClusterWire> {
  const want = spec.mongoDbMajorVersion;
  const live = cluster.mongoDBMajorVersion;
  if (want === undefined || live === undefined || want === live) return {};
  const from = majorOf(live);
  const to = majorOf(want);
  const got = `${live} → ${want}`;
  const next = from === undefined ? 'the next major version' : `${from + 1}.0`;
  if (from === undefined || to === undefined) {
    refuse(spec, 'mongoDbMajorVersion', 'not a major version the library can compare', got, next);
  }
  // A lower version is kept, not sent: see keptVersion.
  if (to < from) return {};
  if (to > from + 1) {
    refuse(
      spec,
      'mongoDbMajorVersion',
      'Atlas upgrades one major version at a time ("Increase version only by 1 major version at a time"); deploy each version in turn',
      got,
      next,
    );
  }
  return { mongoDBMajorVersion: want };
}

/**
 * The step a lower MongoDB version in the template cannot take, or undefined. Atlas downgrades only a cluster whose
 * feature compatibility version is pinned one major version below (Admin API v2 `mongoDBMajorVersion`), and the
 * library never pins it: refused (DEP-CLU-2), nothing is sent. The rollback of an upgrade (an Update with the
 * properties swapped) asks for exactly this, and failing it would leave the stack in UPDATE_ROLLBACK_FAILED, so the
 * refusal completes the deploy with `Converged: false` and `PendingStep` naming the rule instead of failing it.
 */
export function keptVersion(cluster: ClusterWire, spec: EncryptedClusterSpec): string | undefined {
  const want = spec.mongoDbMajorVersion;
  const live = cluster.mongoDBMajorVersion;
  const from = majorOf(live);
  const to = majorOf(want);
  if (from === undefined || to === undefined || to >= from) return undefined;
  return `mongoDbMajorVersion=${want} (refused DEP-CLU-2: Atlas does not downgrade; the cluster stays on ${live})`;
}

const key = (rc: Pick<RegionConfigWire, 'providerName' | 'regionName'>): string =>
  `${rc.providerName}:${rc.regionName}`;

/** A live size kept while compute auto-scaling is on: within the spec's smallest and largest size, one class. */
function keptSize(live: string | undefined, min: string, max: string): string | undefined {
  const t = sizeTier(live);
  const lo = sizeTier(min);
  const hi = sizeTier(max);
  if (!t || !lo || !hi || t.family !== lo.family || t.family !== hi.family) return undefined;
  return t.tier >= lo.tier && t.tier <= hi.tier ? live : undefined;
}

/** The live disk size of a region config (Atlas: the same on every node group). */
function diskOf(rc: RegionConfigWire | undefined): number | undefined {
  return rc?.electableSpecs?.diskSizeGB ?? rc?.readOnlySpecs?.diskSizeGB ?? rc?.analyticsSpecs?.diskSizeGB;
}

/**
 * The regions the spec asks for, as Atlas's `regionConfigs`, resolved against the live cluster: the sizes
 * auto-scaling chose and a disk auto-scaling raised are kept, settings the spec leaves out take the live value
 * (Atlas requires `diskSizeGB` with `replicationSpecs`, spec of `DedicatedHardwareSpec20240805.diskSizeGB`), and a
 * node group or compute auto-scaling the live cluster has but the spec does not is turned off explicitly.
 */
export function desiredRegionConfigs(cluster: ClusterWire | undefined, spec: EncryptedClusterSpec): RegionConfigWire[] {
  const liveRcs = cluster?.replicationSpecs?.[0]?.regionConfigs ?? [];
  const liveDisk = diskOf(liveRcs[0]);
  const liveDiskAuto = liveRcs.some((rc) => rc.autoScaling?.diskGB?.enabled === true);
  const liveSaysDiskAuto = liveRcs.some((rc) => rc.autoScaling?.diskGB?.enabled !== undefined);
  const diskAuto = spec.diskAutoScaling ?? (liveSaysDiskAuto ? liveDiskAuto : undefined);
  let disk = spec.diskSizeGb ?? liveDisk;
  if (diskAuto && spec.diskSizeGb !== undefined && liveDisk !== undefined && liveDisk > spec.diskSizeGb)
    disk = liveDisk;
  const regions = new Map((spec.regions ?? []).map((r) => [`${r.cloud}:${r.regionName}`, r]));
  return replicationSpecOf(spec, { diskSizeGb: disk, diskAutoScaling: diskAuto }).regionConfigs.map((rc) => {
    const live = liveRcs.find((l) => key(l) === key(rc));
    const region = regions.get(key(rc));
    const compute = rc.autoScaling?.compute;
    if (compute?.enabled && compute.minInstanceSize && compute.maxInstanceSize) {
      for (const group of ['electableSpecs', 'readOnlySpecs', 'analyticsSpecs'] as const) {
        const kept = keptSize(live?.[group]?.instanceSize, compute.minInstanceSize, compute.maxInstanceSize);
        if (kept && rc[group]) rc[group] = { ...rc[group], instanceSize: kept };
      }
    } else if (live?.autoScaling?.compute?.enabled) {
      rc.autoScaling = { ...rc.autoScaling, compute: { enabled: false, scaleDownEnabled: false } };
    }
    for (const group of ['readOnlySpecs', 'analyticsSpecs'] as const) {
      const had = live?.[group];
      if (!rc[group] && had && (had.nodeCount ?? 0) > 0) {
        rc[group] = { instanceSize: had.instanceSize ?? region?.instanceSize, nodeCount: 0 };
        if (disk !== undefined) rc[group] = { ...rc[group], diskSizeGB: disk };
      }
    }
    return rc;
  });
}

/** A region config in comparable form: node groups without nodes and compute auto-scaling off read as absent. */
function comparable(rc: RegionConfigWire): string {
  const group = (h: HardwareSpecWire | undefined) =>
    h && (h.nodeCount ?? 0) > 0 ? [h.instanceSize, h.nodeCount, h.diskSizeGB ?? null] : null;
  const c = rc.autoScaling?.compute;
  return JSON.stringify([
    key(rc),
    rc.priority ?? null,
    group(rc.electableSpecs),
    group(rc.readOnlySpecs),
    group(rc.analyticsSpecs),
    c?.enabled ? [c.minInstanceSize, c.maxInstanceSize] : null,
    rc.autoScaling?.diskGB?.enabled ?? null,
  ]);
}

/** True when every replication spec (shard) of the live cluster has the regions `desired` describes. */
function regionsMatch(cluster: ClusterWire, desired: RegionConfigWire[]): boolean {
  const want = desired.map(comparable).sort().join('|');
  const specs = cluster.replicationSpecs ?? [];
  return (
    specs.length > 0 &&
    specs.every((rs) => {
      // Settings the desired regions do not name (an unset disk size or disk auto-scaling) are not compared.
      const live = (rs.regionConfigs ?? []).map((l) => {
        const d = desired.find((x) => key(x) === key(l));
        const strip = (h: HardwareSpecWire | undefined, dh: HardwareSpecWire | undefined) =>
          h && dh?.diskSizeGB === undefined ? { ...h, diskSizeGB: undefined } : h;
        return {
          ...l,
          electableSpecs: strip(l.electableSpecs, d?.electableSpecs),
          readOnlySpecs: strip(l.readOnlySpecs, d?.readOnlySpecs ?? d?.electableSpecs),
          analyticsSpecs: strip(l.analyticsSpecs, d?.analyticsSpecs ?? d?.electableSpecs),
          autoScaling: {
            ...l.autoScaling,
            diskGB: d?.autoScaling?.diskGB === undefined ? undefined : l.autoScaling?.diskGB,
          },
        };
      });
      return live.map(comparable).sort().join('|') === want;
    })
  );
}

/** True when an existing cluster is the one this spec would create (a retried Create). */
export function matchesSpec(cluster: ClusterWire, spec: EncryptedClusterSpec): boolean {
  return (
    (cluster.clusterType ?? 'REPLICASET') === (spec.topology ?? 'REPLICASET') &&
    regionsMatch(cluster, desiredRegionConfigs(cluster, spec))
  );
}

/**
 * The cluster's tags the spec asks for: its tags plus the owner tag (the live one, or `owner` when this resource
 * takes the cluster over); undefined when nothing changes. Without `tags` in the spec, user tags are left alone.
 */
function tagsChange(cluster: ClusterWire, spec: EncryptedClusterSpec, owner?: string): ClusterWire['tags'] {
  const live = cluster.tags ?? [];
  const ownerTag = owner ?? live.find((t) => t.key === OWNER_TAG)?.value;
  const user = spec.tags
    ? Object.entries(spec.tags).map(([k, value]) => ({ key: k, value }))
    : live.filter((t) => t.key !== OWNER_TAG);
  const want = [...user.filter((t) => t.key !== OWNER_TAG), ...(ownerTag ? [{ key: OWNER_TAG, value: ownerTag }] : [])];
  const norm = (tags: ReadonlyArray<{ key: string; value: string }>) =>
    JSON.stringify(tags.map((t) => [t.key, t.value]).sort());
  return norm(want) === norm(live) ? undefined : want;
}

/**
 * The cluster PATCH that brings the live cluster to the spec: `replicationSpecs` (every region of every shard),
 * `mongoDBMajorVersion`, `backupEnabled`, `pitEnabled`, `terminationProtectionEnabled` and `tags`, each only
 * when it differs; empty when the live cluster already is what the spec asks for. Throws DEP-CLU-2, with nothing
 * sent, for a change Atlas or the library does not make.
 * @param owner the owner tag value to set when this resource takes the cluster over (adopted → created)
 */
export function shapeChange(cluster: ClusterWire, spec: EncryptedClusterSpec, owner?: string): Partial<ClusterWire> {
  const liveType = cluster.clusterType ?? 'REPLICASET';
  const wantType = spec.topology ?? 'REPLICASET';
  if (liveType !== wantType) {
    refuse(
      spec,
      'topology',
      'a cluster is not converted between REPLICASET and SHARDED by this library (Atlas does not turn a sharded cluster back into a replica set); create a new cluster under another name and move the data',
      `${liveType} → ${wantType}`,
      liveType,
    );
  }
  const out: Partial<ClusterWire> = { ...versionChange(cluster, spec) };
  const desired = desiredRegionConfigs(cluster, spec);
  if (!regionsMatch(cluster, desired)) {
    // One replication spec per live one: a sharded cluster keeps its number of shards (each shard gets the regions).
    const shards = Math.max(cluster.replicationSpecs?.length ?? 1, 1);
    out.replicationSpecs = Array.from({ length: shards }, (_, i) => {
      const zoneName = cluster.replicationSpecs?.[i]?.zoneName;
      return { ...(zoneName ? { zoneName } : {}), regionConfigs: structuredClone(desired) };
    });
  }
  const backupEnabled = spec.cloudBackup ?? true;
  const pitEnabled = spec.pointInTime ?? false;
  if (cluster.backupEnabled !== backupEnabled) out.backupEnabled = backupEnabled;
  if ((cluster.pitEnabled ?? false) !== pitEnabled) out.pitEnabled = pitEnabled;
  const protect = spec.terminationProtectionEnabled;
  if (protect !== undefined && (cluster.terminationProtectionEnabled ?? false) !== protect) {
    out.terminationProtectionEnabled = protect;
  }
  const tags = tagsChange(cluster, spec, owner);
  if (tags) out.tags = tags;
  return out;
}
