/**
 * What `atlas-ear status` shows of a cluster's shape, read through core's translator (the one the handler and the
 * restore preflight use), so a shared-tier region shows its real cloud and node groups count the same everywhere.
 */
import { clusterSpecFromWire } from '../core/atlas/cluster';
import type { ClusterWire } from '../core/atlas/wire';

/** The distinct electable instance sizes of a cluster, e.g. `['M10']`. */
export function instanceSizesOf(cluster: ClusterWire): string[] {
  return [
    ...new Set(
      clusterSpecFromWire(cluster)
        .regions.map((r) => r.instanceSize)
        .filter((s) => s.length > 0),
    ),
  ];
}

/** The distinct clouds a cluster's nodes run on (a shared tier's backing cloud, not `TENANT`). */
export function cloudsOf(cluster: ClusterWire): string[] {
  return [...new Set(clusterSpecFromWire(cluster).regions.map((r) => String(r.cloud)))];
}
