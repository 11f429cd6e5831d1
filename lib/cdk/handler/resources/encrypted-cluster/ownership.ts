/**
 * The proof that a cluster is this resource's own (data-safety invariant 6): a resource tag stamped when the
 * handler creates the cluster, naming the stack (account, region, name) and the logical id. Atlas keeps tags with the cluster
 * (Admin API v2 `ClusterDescription20240805.tags`), so a retried Create, a replacement and a Delete can tell a
 * cluster this resource made from one with the same name and shape that someone else made. The library terminates
 * or takes over only a cluster with its own tag; a rename or a project change releases the old cluster (the tag
 * says `released:`), so the cleanup Delete of the old physical id leaves it running, and a rollback takes it back.
 */
import { type ClusterWire, LIBRARY_OWNER_TAG } from '../../../../core/atlas';
import type { OnEventRequest } from '../../runtime/events';

/** Key of the owner tag. */
export const OWNER_TAG = LIBRARY_OWNER_TAG;
const RELEASED = 'released:';
/** Atlas's limit on a tag value (`ResourceTag.value` maxLength). */
const MAX_TAG_VALUE = 255;

/**
 * `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<logical id>`: the stack id without its instance
 * UUID, so that a retry of a failed first deploy (a new stack instance of the same stack) recognises the cluster its
 * first attempt created and CloudFormation kept on rollback, and a stack recreated to manage its retained clusters
 * again takes them back. Another stack, account or region owns nothing. Undefined when CloudFormation did not say
 * (then nothing is proven ours).
 */
export function ownerOf(event: Pick<OnEventRequest, 'StackId' | 'LogicalResourceId'>): string | undefined {
  if (!event.StackId || !event.LogicalResourceId) return undefined;
  const m = /^(arn:[^:]+:cloudformation:[^:]*:[^:]*:stack\/[^/]+)(?:\/.*)?$/.exec(event.StackId);
  return `${m ? m[1] : event.StackId}/${event.LogicalResourceId}`.slice(0, MAX_TAG_VALUE - RELEASED.length);
}

/** Whose the cluster is: ours, ours but released by a rename, or someone else's (no proof). */
export type Ownership = 'OURS' | 'RELEASED' | 'OTHER';

/** Reads the owner tag against this resource's owner value. */
export function ownership(cluster: ClusterWire, owner: string | undefined): Ownership {
  const tag = cluster.tags?.find((t) => t.key === OWNER_TAG)?.value;
  if (!owner || !tag) return 'OTHER';
  if (tag === owner) return 'OURS';
  return tag === `${RELEASED}${owner}` ? 'RELEASED' : 'OTHER';
}

/** The cluster's tags with the owner tag set to `value` (the other tags kept: a PATCH replaces the list). */
export function withOwnerTag(cluster: Pick<ClusterWire, 'tags'>, value: string): Array<{ key: string; value: string }> {
  return [...(cluster.tags ?? []).filter((t) => t.key !== OWNER_TAG), { key: OWNER_TAG, value }];
}

/** The tag value that marks a cluster this resource gave up (rename, project change). */
export function releasedValue(owner: string): string {
  return `${RELEASED}${owner}`;
}
