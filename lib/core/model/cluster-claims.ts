/**
 * Which constructs of one app claim each Atlas cluster (project id and name), for SYN-PROJ-5. Each cluster construct
 * of either engine records its claim when it is built, so the check is one lookup; walking the app's construct tree
 * once per cluster made synth quadratic in the number of clusters. Keyed by the app's root construct (any object:
 * core does not depend on `constructs`).
 */

/** One construct's claim. */
interface ClusterClaim {
  readonly owner: object;
  readonly path: string;
}

const byApp = new WeakMap<object, Map<string, ClusterClaim[]>>();

const keyOf = (projectId: string, clusterName: string): string => JSON.stringify([projectId, clusterName]);

/**
 * Records that `owner` (construct path `path`) manages the cluster `clusterName` of `projectId` in the app `root`.
 * A second claim by the same owner adds nothing.
 */
export function claimCluster(root: object, owner: object, path: string, projectId: string, clusterName: string): void {
  let claims = byApp.get(root);
  if (!claims) byApp.set(root, (claims = new Map()));
  const key = keyOf(projectId, clusterName);
  const list = claims.get(key) ?? [];
  if (!list.some((c) => c.owner === owner)) claims.set(key, [...list, { owner, path }]);
}

/** The construct paths of the other claims on the same cluster in the app, in the order they were made. */
export function otherClaims(root: object, owner: object, projectId: string, clusterName: string): string[] {
  const list = byApp.get(root)?.get(keyOf(projectId, clusterName)) ?? [];
  return list.filter((c) => c.owner !== owner).map((c) => c.path);
}
