/**
 * The cluster's encryption state machine (DEP-SW-1, DEP-CLU-1). onEvent issues the first change and records
 * `StartedAt`; each poll derives the next step from live Atlas state plus the spec, never from state of its own:
 * - not IDLE (CREATING/UPDATING/REPAIRING, or a 503/5xx/network fault): keep polling;
 * - IDLE before the change has settled (see {@link SETTLE_MS}): keep polling;
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

/**
 * How long after a cluster PATCH an IDLE state is trusted when Atlas's change status cannot be read. Right after a
 * PATCH Atlas can still report the pre-change cluster as IDLE; terraform-provider-mongodbatlas waits 30 s before its
 * first poll for the same reason (internal/service/advancedclustertpf/state_transition.go, `RetryDelay`).
 */
export const SETTLE_MS = 30_000;

/**
 * `GET /groups/{groupId}/clusters/{clusterName}/status` (Admin API v2 getClusterStatus): `changeStatus` is PENDING
 * while Atlas processes the changes made to the cluster and APPLIED once they are done; it does not cover the
 * deployment of a new cluster. Optional until the client offers it.
 */
interface ClusterStatusApi {
  getClusterStatus?(groupId: string, clusterName: string): Promise<{ readonly changeStatus?: string }>;
}

/** APPLIED or PENDING per the cluster status endpoint; undefined when it cannot be read or says neither. */
async function changeStatus(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: EncryptedClusterSpec,
): Promise<'APPLIED' | 'PENDING' | undefined> {
  const statusApi = api as AtlasApi & ClusterStatusApi;
  if (!statusApi.getClusterStatus) return undefined;
  try {
    const s = await statusApi.getClusterStatus(spec.projectId, spec.name);
    return s?.changeStatus === 'APPLIED' || s?.changeStatus === 'PENDING' ? s.changeStatus : undefined;
  } catch (err) {
    ctx.log.warn(
      `${WHAT}: cannot read the change status of ${spec.name} (${describeError(err)}); using the settle time`,
    );
    return undefined;
  }
}

/** True when the cluster status endpoint is there to tell a finished change from a stale IDLE. */
function hasChangeStatus(api: AtlasApi): boolean {
  return typeof (api as AtlasApi & ClusterStatusApi).getClusterStatus === 'function';
}

/**
 * Whether an IDLE read can be trusted: the status endpoint's verdict when it gives one, otherwise
 * {@link SETTLE_MS} since onEvent's change (a change a poll makes waits its settle time inside that poll).
 */
async function idleSettled(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: EncryptedClusterSpec,
  data: ResponseData | undefined,
): Promise<boolean> {
  if (data?.Step === 'NOOP') return true;
  const status = await changeStatus(ctx, api, spec);
  if (status !== undefined) return status === 'APPLIED';
  return elapsedSince(data, ctx.now()) >= (ctx.clusterSettleMs ?? SETTLE_MS);
}

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
  if (!(await idleSettled(ctx, api, spec, event.Data))) {
    ctx.log.info(`${WHAT}: ${spec.name} reads IDLE, but the change has not settled yet; polling on`);
    return over ? notConverged(ctx, spec, `the change to ${target}`, 'IDLE (not settled)') : { IsComplete: false };
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
    // The next poll must not take a stale IDLE for this change: without the status endpoint, settle here.
    if (step !== 'NOOP' && !over && !hasChangeStatus(api)) await ctx.sleep(ctx.clusterSettleMs ?? SETTLE_MS);
  } catch (err) {
    if (!isTransient(err)) throw err;
    ctx.log.warn(`${WHAT}: transient error during the switch of ${spec.name}: ${describeError(err)}`);
  }
  return over ? notConverged(ctx, spec, `the switch to ${target}`, state) : { IsComplete: false };
}
