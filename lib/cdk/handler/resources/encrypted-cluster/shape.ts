/**
 * Day-2 shape changes of a cluster this resource created (mode CREATE): instance sizes, node counts, regions and
 * the MongoDB major version, decided from the live cluster and never from `OldResourceProperties`. A shape the
 * live cluster already has is no change, so a change made in Atlas first is a no-op and a CloudFormation rollback
 * (an Update with the properties swapped) returns to the previous template's shape.
 *
 * Refused before anything changes (DEP-CLU-2): a change of clusterType (Atlas does not turn a sharded cluster
 * back into a replica set), a MongoDB downgrade, and an upgrade of more than one major version (Admin API v2
 * `mongoDBMajorVersion`: "On update: Increase version only by 1 major version at a time").
 */
import type { ClusterWire } from '../../../../core/atlas';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import { InvalidRequestError } from '../../runtime/errors';
import { autoScaledRegions, matchesRegions } from './model';
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
  if (to < from) {
    // Atlas downgrades only a cluster whose feature compatibility version is pinned one major version below
    // (Admin API v2 `mongoDBMajorVersion`); the library never pins it, so it never downgrades. A CloudFormation
    // rollback of an upgrade lands here too: continue the rollback skipping this resource.
    refuse(
      spec,
      'mongoDbMajorVersion',
      'the library does not downgrade MongoDB (a rollback of an upgrade: continue it skipping this resource, the cluster stays on the newer version)',
      got,
      next,
    );
  }
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
 * The shape part of the cluster PATCH (`replicationSpecs` with every region's `regionConfigs`, and/or
 * `mongoDBMajorVersion`) that brings the live cluster to the spec; empty when it already has the spec's shape.
 * Throws DEP-CLU-2, with nothing sent, for a change Atlas or the library does not make.
 */
export function shapeChange(cluster: ClusterWire, spec: EncryptedClusterSpec): Partial<ClusterWire> {
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
  const version = versionChange(cluster, spec);
  if (matchesRegions(cluster, spec)) return version;
  // One replication spec per live one: a sharded cluster keeps its number of shards (each shard gets the regions).
  const shards = Math.max(cluster.replicationSpecs?.length ?? 1, 1);
  const rs = replicationSpecOf(spec);
  // An auto-scaled region keeps the size Atlas scaled it to: the PATCH must not undo the auto-scaling.
  const auto = autoScaledRegions(spec);
  const liveRegions = cluster.replicationSpecs?.[0]?.regionConfigs ?? [];
  for (const rc of rs.regionConfigs) {
    const key = `${rc.providerName}:${rc.regionName}`;
    const live = liveRegions.find((l) => `${l.providerName}:${l.regionName}` === key)?.electableSpecs?.instanceSize;
    if (auto.has(key) && live && rc.electableSpecs) rc.electableSpecs.instanceSize = live;
  }
  return {
    ...version,
    replicationSpecs: Array.from({ length: shards }, (_, i) => {
      const zoneName = cluster.replicationSpecs?.[i]?.zoneName;
      return { ...(zoneName ? { zoneName } : {}), ...structuredClone(rs) };
    }),
  };
}
