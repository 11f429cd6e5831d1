/**
 * Day-2 shape changes of a cluster this resource created (mode CREATE): instance sizes, node counts, regions and
 * the MongoDB major version, decided from the live cluster and never from `OldResourceProperties`. A shape the
 * live cluster already has is no change, so a change made in Atlas first is a no-op and a CloudFormation rollback
 * (an Update with the properties swapped) returns to the previous template's shape.
 *
 * Refused before anything changes (DEP-CLU-2): a change of clusterType (Atlas does not turn a sharded cluster
 * back into a replica set) and an upgrade of more than one major version (Admin API v2 `mongoDBMajorVersion`:
 * "On update: Increase version only by 1 major version at a time"). A lower version is kept, visibly
 * (keptVersion), so that the rollback of an upgrade completes.
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
 * library never pins it. The rollback of an upgrade (an Update with the properties swapped) asks for exactly this,
 * so refusing would leave the stack in UPDATE_ROLLBACK_FAILED: the cluster stays on the newer version, the deploy
 * completes with `Converged: false`, and `PendingStep` says what was not applied.
 */
export function keptVersion(cluster: ClusterWire, spec: EncryptedClusterSpec): string | undefined {
  const want = spec.mongoDbMajorVersion;
  const live = cluster.mongoDBMajorVersion;
  const from = majorOf(live);
  const to = majorOf(want);
  if (from === undefined || to === undefined || to >= from) return undefined;
  return `mongoDbMajorVersion=${want} (Atlas does not downgrade; the cluster stays on ${live})`;
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
