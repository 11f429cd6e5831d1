/**
 * `Custom::AtlasEncryptedCluster`: a cluster created by the library (mode CREATE) or adopted by name
 * (mode ADOPT), and the key provider it uses. Physical id: `<projectId>:<name>`.
 *
 * Every Create/Update first re-reads the live cluster and the project's encryption and re-runs the core
 * cluster rules on live state (tier, topology opt-in, cloud, provider enabled on the project);
 * a violation fails the deploy with the rule id before anything changes. Before a provider is set on a
 * cluster the project's provider must read back `valid: true` (DEP-VAL-1). The polls are the state machine of
 * state-machine.ts. Pair the Provider framework's `totalTimeout` with a larger value than `timeoutSeconds`.
 *
 * Delete: RETAIN (default) leaves the cluster and its encryption as they are. DESTROY terminates the cluster
 * (`retainBackups=true`, so snapshots survive) and waits for 404 (a timeout completes, `Converged: false`), but
 * only a cluster whose owner tag proves this resource created it (ownership.ts) and whose termination protection is
 * off (DEP-CLU-3: the library never turns it off). The library never sets NONE on a
 * cluster that keeps existing unless the spec asks for NONE.
 *
 * Updates decide from the live cluster, not from `OldResourceProperties`: a CREATE-mode cluster whose live shape
 * (sizes, node counts, regions, disk, auto-scaling, MongoDB version, backup, termination protection, tags) differs
 * from the spec is PATCHed to it and waited for like an encryption change (shape.ts); a size or disk auto-scaling
 * chose is not a difference; a shape the live cluster already has is no change (a rollback, which
 * CloudFormation sends as an Update with the properties swapped, returns to the previous shape; a resize made in
 * Atlas and then written into the stack sends nothing).
 */
import type { AtlasApi } from '../../../../atlas/api';
import type { ClusterWire, EncryptionAtRestWire } from '../../../../core/atlas';
import type { ClusterSpec } from '../../../../core/model/cluster';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import { answerLost, describeError, hasErrorCode, isGone } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';
import { ConflictError, HandlerError, NotFoundError } from '../../runtime/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../runtime/events';
import { isDestroy } from '../../runtime/spec';
import { startedAtData } from '../../runtime/timing';
import { assertProviderValid, check, checkRemoval, liveModel, liveProjectModel } from './model';
import { OWNER_TAG, ownerOf, ownership, releasedValue, withOwnerTag } from './ownership';
import { createBody } from './request-body';
import { parse, physicalId, specToModel, WHAT } from './spec';
import { keptVersion, matchesSpec, shapeChange } from './shape';
import { pollChange, pollDeletion, stepTowards } from './state-machine';

export { DEFAULT_TIMEOUT_SECONDS } from './spec';

async function converge(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: EncryptedClusterSpec,
  cluster: ClusterWire,
  ear: EncryptionAtRestWire,
  extra: Partial<ClusterWire> = {},
): Promise<OnEventResponse> {
  const project = liveProjectModel(spec.projectId, ear, spec);
  // The changes this deploy makes (shape, backup) are checked as the cluster will be.
  const model: ClusterSpec = liveModel({ ...cluster, ...extra }, spec);
  check(ctx, model, project);
  const step = await stepTowards(ctx, api, spec, cluster, ear, extra);
  if (step === 'NOOP') ctx.log.info(`${WHAT}: ${spec.name} already uses ${spec.encryptionProvider}; nothing to change`);
  return {
    PhysicalResourceId: physicalId(spec),
    Data: { ...startedAtData(ctx.now()), ClusterName: spec.name, Step: step },
  };
}

/** How often a cluster POST whose answer was lost is tried, looking for the cluster in between. */
const CREATE_ATTEMPTS = 3;

/** A cluster of this name that this resource did not create: never taken over by a CREATE-mode resource. */
function notOurs(spec: EncryptedClusterSpec): ConflictError {
  return new ConflictError(
    `${WHAT}: a cluster named ${spec.name} already exists in project ${spec.projectId} and this stack did not create it (no ${OWNER_TAG} tag of this resource); to put it under the project encryption use EncryptedCluster.adoptExistingCluster, or choose another name (nothing was changed)`,
  );
}

/** Takes back a cluster this resource released (a rollback of a rename), then converges on it. */
async function reclaim(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: EncryptedClusterSpec,
  cluster: ClusterWire,
  owner: string,
): Promise<void> {
  if (ownership(cluster, owner) !== 'RELEASED') return;
  await api.updateCluster(spec.projectId, spec.name, { tags: withOwnerTag(cluster, owner) });
  ctx.log.info(`${WHAT}: cluster ${spec.name} is this resource's again (rollback of a rename or project change)`);
}

async function create(
  ctx: HandlerContext,
  spec: EncryptedClusterSpec,
  owner: string | undefined,
): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  const ear = await api.getEncryptionAtRest(spec.projectId);
  const existing = await api.getCluster(spec.projectId, spec.name);
  if (spec.mode === 'ADOPT') {
    if (!existing)
      throw new NotFoundError(`${WHAT}: mode ADOPT: no cluster named ${spec.name} in project ${spec.projectId}`);
    return converge(ctx, api, spec, existing, ear);
  }
  const project = liveProjectModel(spec.projectId, ear, spec);
  checkRemoval(specToModel(spec), isDestroy(spec));
  if (existing) {
    // A retried Create recognises its own work by the owner tag, never by name and shape alone.
    if (ownership(existing, owner) === 'OTHER') throw notOurs(spec);
    if (!matchesSpec(existing, spec)) {
      throw new ConflictError(
        `${WHAT}: cluster ${spec.name}, which this resource created, no longer has the shape the stack asks for; a Create never reshapes an existing cluster (an Update does): revert the shape in the stack, deploy, then change it in a later deploy (nothing was changed)`,
      );
    }
    ctx.log.info(
      `${WHAT}: cluster ${spec.name} is this resource's own (retried Create): converging instead of creating`,
    );
    await reclaim(ctx, api, spec, existing, owner as string);
    return converge(ctx, api, spec, existing, ear);
  }
  check(ctx, specToModel(spec), project);
  assertProviderValid(ear, spec.encryptionProvider, spec.projectId);
  for (let attempt = 1; ; attempt++) {
    try {
      await api.createCluster(spec.projectId, createBody(spec, owner));
      break;
    } catch (err) {
      // The client never repeats a POST: after a duplicate name or a lost answer, look for the cluster first.
      const lost = answerLost(err) && attempt < CREATE_ATTEMPTS;
      if (hasErrorCode(err, 'DUPLICATE_CLUSTER_NAME') || lost) {
        const again = await api.getCluster(spec.projectId, spec.name);
        if (again && ownership(again, owner) === 'OTHER') throw notOurs(spec);
        if (again && matchesSpec(again, spec)) return converge(ctx, api, spec, again, ear);
        if (!again && lost) {
          ctx.log.warn(
            `${WHAT}: creating cluster ${spec.name} failed (${describeError(err)}); Atlas has no such cluster, trying again`,
          );
          continue;
        }
      }
      throw new HandlerError(`${WHAT}: creating cluster ${spec.name} failed: ${describeError(err)}`);
    }
  }
  ctx.log.info(`${WHAT}: created cluster ${spec.name} with encryptionAtRestProvider ${spec.encryptionProvider}`);
  return {
    PhysicalResourceId: physicalId(spec),
    Data: { ...startedAtData(ctx.now()), ClusterName: spec.name, Step: 'CREATE' },
  };
}

export async function onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  return create(ctx, parse(event.ResourceProperties), ownerOf(event));
}

/**
 * A rename or a project change gives the old cluster up before the new one is made: its owner tag then says
 * `released:`, so the cleanup Delete CloudFormation sends for the old physical id leaves it running (the docs say
 * to delete it in Atlas once the data has moved), and a rollback of the change takes it back.
 */
async function release(ctx: HandlerContext, old: EncryptedClusterSpec, owner: string | undefined): Promise<void> {
  if (old.mode !== 'CREATE' || !owner) return;
  const api = await ctx.atlas(old);
  const cluster = await api.getCluster(old.projectId, old.name);
  if (!cluster || ownership(cluster, owner) !== 'OURS') return;
  await api.updateCluster(old.projectId, old.name, { tags: withOwnerTag(cluster, releasedValue(owner)) });
  ctx.log.info(
    `${WHAT}: cluster ${old.name} in project ${old.projectId} is released, not terminated: the stack now names another cluster`,
  );
}

export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const old = parse(event.OldResourceProperties);
  const owner = ownerOf(event);
  if (physicalId(spec) !== physicalId(old)) {
    // Another cluster: a new physical id; CloudFormation then sends a cleanup Delete for the old one.
    await release(ctx, old, owner);
    return create(ctx, spec, owner);
  }
  const api = await ctx.atlas(spec);
  const ear = await api.getEncryptionAtRest(spec.projectId);
  const cluster = await api.getCluster(spec.projectId, spec.name);
  if (!cluster) {
    throw new NotFoundError(
      `${WHAT}: cluster ${spec.name} no longer exists in project ${spec.projectId} (deleted outside this stack?)`,
    );
  }
  let extra: Partial<ClusterWire> = {};
  let kept: string | undefined;
  // An adopted cluster's shape is never changed (mode ADOPT manages its encryption only), so only CREATE applies it.
  if (spec.mode === 'CREATE') {
    checkRemoval(specToModel(spec), isDestroy(spec));
    // A cluster moved from adopted to created becomes this resource's own: the owner tag goes in the same PATCH.
    const takeOver = old.mode === 'ADOPT' && owner && ownership(cluster, owner) !== 'OURS' ? owner : undefined;
    // Decided from the live cluster: what Atlas already has is no change (rollbacks, resizes made in Atlas, sizes
    // auto-scaling chose). Refusals (topology, version skip) throw DEP-CLU-2 here, before anything is sent.
    extra = shapeChange(cluster, spec, takeOver);
    kept = keptVersion(cluster, spec);
    if (kept) ctx.log.warn(`${WHAT}: cluster ${spec.name}: ${kept}; completing with Converged: false`);
  }
  const out = await converge(ctx, api, spec, cluster, ear, extra);
  // The final poll reports it (isComplete below): nothing pending is silent.
  return kept ? { ...out, Data: { ...out.Data, KeptStep: kept } } : out;
}

export async function onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const id = event.PhysicalResourceId ?? physicalId(spec);
  if (!isDestroy(spec)) {
    ctx.log.info(`${WHAT}: deletePolicy RETAIN: cluster ${spec.name} and its encryption stay as they are`);
    return { PhysicalResourceId: id };
  }
  if (id !== physicalId(spec)) {
    // A Create that failed before it took effect: never terminate a cluster this resource did not own.
    ctx.log.info(`${WHAT}: physical id ${JSON.stringify(id)} does not name ${physicalId(spec)}; nothing to delete`);
    return { PhysicalResourceId: id };
  }
  const api = await ctx.atlas(spec);
  const cluster = await api.getCluster(spec.projectId, spec.name);
  if (!cluster) {
    ctx.log.info(`${WHAT}: cluster ${spec.name} is already gone`);
    return { PhysicalResourceId: id, Data: { ...startedAtData(ctx.now()), ClusterName: spec.name } };
  }
  const own = ownership(cluster, ownerOf(event));
  if (own !== 'OURS') {
    // Invariant 6: terminate only what this resource provably created (a released cluster after a rename, a
    // cluster made by someone else under the same name).
    ctx.log.warn(
      `${WHAT}: deletePolicy DESTROY, but cluster ${spec.name} ${own === 'RELEASED' ? 'was released by a rename or project change' : `has no ${OWNER_TAG} tag of this resource`}: leaving it running`,
    );
    return { PhysicalResourceId: id, Data: { Kept: 'true' } };
  }
  if (cluster.terminationProtectionEnabled) {
    // DEP-CLU-3: Atlas refuses to delete it, and the library never lifts a protection someone turned on.
    throw new ConflictError(
      `${WHAT}: cluster ${spec.name} has termination protection on (terminationProtectionEnabled); the library never turns it off and nothing was deleted: turn it off in Atlas to let deletePolicy DESTROY terminate the cluster, or set removalPolicy RETAIN`,
      'DEP-CLU-3',
    );
  }
  const accepted = { PhysicalResourceId: id, Data: { ...startedAtData(ctx.now()), ClusterName: spec.name } };
  if (cluster.stateName === 'DELETING') {
    // Atlas is terminating it already (a retried Delete, or someone else): wait for 404 without a second DELETE.
    ctx.log.info(`${WHAT}: cluster ${spec.name} is already being terminated; waiting for it to be gone`);
    return accepted;
  }
  try {
    await api.deleteCluster(spec.projectId, spec.name, { retainBackups: true });
  } catch (err) {
    if (isGone(err)) {
      ctx.log.info(`${WHAT}: cluster ${spec.name} is already gone (${describeError(err)})`);
      return accepted;
    }
    // Atlas answers 400 CLUSTER_ALREADY_REQUESTED_DELETION ("The cluster %s has already been requested for
    // deletion", Atlas Admin API error codes) when a termination is under way: the request is as good as accepted.
    if (!hasErrorCode(err, 'CLUSTER_ALREADY_REQUESTED_DELETION')) {
      throw new HandlerError(`${WHAT}: terminating cluster ${spec.name} failed: ${describeError(err)}`);
    }
    ctx.log.info(`${WHAT}: Atlas is already terminating cluster ${spec.name} (${describeError(err)}); waiting for it`);
    return accepted;
  }
  ctx.log.info(
    `${WHAT}: terminating cluster ${spec.name} (retainBackups=true: its snapshots survive and still need their keys, DEP-KEEP-1)`,
  );
  return accepted;
}

export async function isComplete(ctx: HandlerContext, event: IsCompleteRequest): Promise<IsCompleteResponse> {
  const spec = parse(event.ResourceProperties);
  if (event.RequestType === 'Delete') {
    if (!isDestroy(spec) || event.PhysicalResourceId !== physicalId(spec) || event.Data?.Kept === 'true')
      return { IsComplete: true };
    return pollDeletion(ctx, spec, event);
  }
  const out = await pollChange(ctx, spec, event);
  // Every completed Create/Update carries both attributes, so the constructs' `converged` and `pendingStep`
  // (Fn::GetAtt, which fails on a missing key) always resolve.
  const kept = event.Data?.KeptStep;
  return out.IsComplete
    ? {
        ...out,
        Data: {
          Converged: 'true',
          PendingStep: 'none',
          ...out.Data,
          ...(kept ? { Converged: 'false', PendingStep: kept } : {}),
        },
      }
    : out;
}
