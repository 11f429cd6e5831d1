/**
 * The cluster's encryption state machine (DEP-SW-1, DEP-CLU-1). onEvent issues the first change and records
 * `StartedAt`; each poll derives the next step from live Atlas state plus the spec, never from state of its own:
 * - not IDLE (CREATING/UPDATING/REPAIRING, or a 503/5xx/network fault): keep polling;
 * - IDLE at the target provider: done (`Converged: true`);
 * - IDLE at NONE while the target is a provider: step 2 of a switch, PATCH the target;
 * - IDLE at another provider: (re)issue step 1, PATCH NONE.
 *
 * Timeout (`timeoutSeconds`, default {@link DEFAULT_TIMEOUT_SECONDS}, inside CloudFormation's one-hour limit):
 * an initial sync can outlast any wait, and failing would make CloudFormation roll back by re-applying the
 * opposite encryption change. So once Atlas has accepted the change (always true after onEvent returned),
 * a timeout completes successfully with `Converged: false` and a logged warning; Atlas finishes on its own.
 * A switch whose timeout falls on the IDLE-at-NONE poll has its second step issued before completing, so the
 * cluster still ends at the target provider. A switch that times out while step 1 (→ NONE) is still running
 * completes with `Converged: false` and `PendingStep` (the cluster stays at NONE until someone applies the
 * target; Atlas refuses the target before step 1 finishes) and a warning saying so.
 */
import type { AtlasApi } from '../../../../atlas/api';
import { clusterProviderOf, type ClusterWire, type EncryptionAtRestWire } from '../../../../core/atlas';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import { describeError, isTransient } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';
import { ConflictError, InvalidRequestError, NotFoundError } from '../../runtime/errors';
import type { IsCompleteRequest, IsCompleteResponse, ResponseData } from '../../runtime/events';
import { elapsedSince } from '../../runtime/timing';
import { patchCluster } from './atlas-errors';
import { assertProviderValid } from './model';
import { DEFAULT_TIMEOUT_SECONDS, timeoutMs, WHAT } from './spec';

/** A step onEvent or a poll took. */
export type Step = 'NOOP' | 'TARGET' | 'NONE_FIRST' | 'CREATE';

/**
 * Moves a live cluster one step towards the spec's provider: the target directly, or NONE first when it
 * is on another provider (DEP-SW-1). Returns the step taken.
 */
export async function stepTowards(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: EncryptedClusterSpec,
  cluster: ClusterWire,
  ear: EncryptionAtRestWire,
  extra: Partial<ClusterWire> = {},
): Promise<Exclude<Step, 'CREATE'>> {
  const current = clusterProviderOf(cluster.encryptionAtRestProvider);
  const target = spec.encryptionProvider;
  if (current === target && Object.keys(extra).length === 0) return 'NOOP';
  if (cluster.paused) {
    throw new ConflictError(
      `${WHAT}: cluster ${spec.name} is paused; Atlas accepts no change but resuming it (CANNOT_UPDATE_PAUSED_CLUSTER). Resume it, then deploy again (nothing was changed)`,
      'DEP-CLU-1',
    );
  }
  assertProviderValid(ear, target, spec.projectId);
  if (current !== 'NONE' && target !== 'NONE' && current !== target) {
    if (Object.keys(extra).length > 0) {
      throw new InvalidRequestError(
        `${WHAT}: cluster ${spec.name}: a provider switch (${current} → ${target}) cannot be combined with other changes (${Object.keys(extra).join(', ')}); deploy them separately (nothing was changed)`,
      );
    }
    ctx.log.info(`${WHAT}: DEP-SW-1: switching ${spec.name} from ${current} to ${target}: step 1 of 2, PATCH NONE`);
    await patchCluster(api, spec, { encryptionAtRestProvider: 'NONE' });
    return 'NONE_FIRST';
  }
  ctx.log.info(`${WHAT}: PATCH ${spec.name} ${JSON.stringify({ encryptionAtRestProvider: target, ...extra })}`);
  await patchCluster(api, spec, current === target ? extra : { encryptionAtRestProvider: target, ...extra });
  return 'TARGET';
}

function timedOut(ctx: HandlerContext, spec: EncryptedClusterSpec, data: ResponseData | undefined): boolean {
  return elapsedSince(data, ctx.now()) >= timeoutMs(spec);
}

function notConverged(
  ctx: HandlerContext,
  spec: EncryptedClusterSpec,
  what: string,
  state: string,
): IsCompleteResponse {
  ctx.log.warn(
    `${WHAT}: DEP-CLU-1: ${spec.name}: ${what} did not finish within ${spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} s (state ${state}). ` +
      `Atlas has accepted the change and completes it on its own; completing without rollback (Converged: false) so CloudFormation never re-applies the opposite encryption change. Check the cluster in Atlas.`,
  );
  return { IsComplete: true, Data: { ClusterName: spec.name, Converged: 'false', StateName: state } };
}

/** A Delete poll: done at 404; a timeout completes with `Converged: false`. */
export async function pollDeletion(
  ctx: HandlerContext,
  spec: EncryptedClusterSpec,
  event: IsCompleteRequest,
): Promise<IsCompleteResponse> {
  const api = await ctx.atlas(spec);
  let cluster: ClusterWire | undefined;
  try {
    cluster = await api.getCluster(spec.projectId, spec.name);
  } catch (err) {
    if (!isTransient(err)) throw err;
    ctx.log.warn(`${WHAT}: transient error while polling ${spec.name}: ${describeError(err)}`);
    return timedOut(ctx, spec, event.Data) ? notConverged(ctx, spec, 'termination', 'UNKNOWN') : { IsComplete: false };
  }
  if (!cluster) return { IsComplete: true, Data: { ClusterName: spec.name, Converged: 'true', StateName: 'DELETED' } };
  return timedOut(ctx, spec, event.Data)
    ? notConverged(ctx, spec, 'termination', cluster.stateName ?? 'UNKNOWN')
    : { IsComplete: false };
}

/** A Create/Update poll: waits for IDLE, takes the next step of a switch, completes at the target provider. */
export async function pollChange(
  ctx: HandlerContext,
  spec: EncryptedClusterSpec,
  event: IsCompleteRequest,
): Promise<IsCompleteResponse> {
  const api = await ctx.atlas(spec);
  const over = timedOut(ctx, spec, event.Data);
  let cluster: ClusterWire | undefined;
  try {
    cluster = await api.getCluster(spec.projectId, spec.name);
  } catch (err) {
    // 503 and other faults while polling count as pending (DEP-CLU-1); never fail a change Atlas accepted.
    if (!isTransient(err)) throw err;
    ctx.log.warn(`${WHAT}: transient error while polling ${spec.name}: ${describeError(err)}`);
    return over ? notConverged(ctx, spec, 'the change', 'UNKNOWN') : { IsComplete: false };
  }
  if (!cluster)
    throw new NotFoundError(
      `${WHAT}: cluster ${spec.name} disappeared from project ${spec.projectId} while waiting for it`,
    );
  const state = cluster.stateName ?? 'UNKNOWN';
  const current = clusterProviderOf(cluster.encryptionAtRestProvider);
  const target = spec.encryptionProvider;
  if (state !== 'IDLE') {
    if (!over) return { IsComplete: false };
    if (current === 'NONE' && target !== 'NONE') {
      // Step 1 of a switch is still running: Atlas only takes the new provider once the cluster is IDLE at NONE.
      const done = notConverged(ctx, spec, `step 1 of the switch to ${target} (NONE)`, state);
      ctx.log.warn(
        `${WHAT}: DEP-SW-1: ${spec.name} is moving to NONE; step 2 (encryptionAtRestProvider ${target}) was NOT applied. ` +
          `Once the cluster is IDLE, set it to ${target} (Atlas UI/CLI) or redeploy with a changed timeoutSeconds to let the handler finish the switch.`,
      );
      return { IsComplete: true, Data: { ...done.Data, PendingStep: `encryptionAtRestProvider=${target}` } };
    }
    return notConverged(ctx, spec, `the change to ${target}`, state);
  }
  if (current === target) {
    ctx.log.info(`${WHAT}: ${spec.name} is IDLE with encryptionAtRestProvider ${target}`);
    return {
      IsComplete: true,
      Data: { ClusterName: spec.name, Converged: 'true', StateName: state, EncryptionProvider: current },
    };
  }
  // IDLE but not at the target: the next step of the switch (DEP-SW-1).
  try {
    const ear = await api.getEncryptionAtRest(spec.projectId);
    const step = await stepTowards(ctx, api, spec, cluster, ear);
    if (step === 'TARGET') ctx.log.info(`${WHAT}: DEP-SW-1: ${spec.name} reached NONE; step 2 of 2, PATCH ${target}`);
  } catch (err) {
    if (!isTransient(err)) throw err;
    ctx.log.warn(`${WHAT}: transient error during the switch of ${spec.name}: ${describeError(err)}`);
  }
  return over ? notConverged(ctx, spec, `the switch to ${target}`, state) : { IsComplete: false };
}
