/**
 * `Custom::AtlasEncryptionAtRestPrivateEndpoint`: one private endpoint through which Atlas reaches the AWS KMS key
 * or the Azure Key Vault from one region. Physical id `<projectId>:<provider>:<endpointId>` for an endpoint this
 * resource created, `<projectId>:<provider>:existing:<endpointId>` for one it found in the region (never deleted).
 *
 * Create: POST, then isComplete waits from INITIATING (terraform-provider-mongodbatlas waits for PENDING_ACCEPTANCE,
 * ACTIVE or FAILED: internal/service/encryptionatrestprivateendpoint/state_transition.go). ACTIVE completes; FAILED
 * fails with Atlas's `errorMessage`. An Azure endpoint stops at PENDING_ACCEPTANCE until the vault owner approves the
 * connection on the Key Vault, which CloudFormation cannot do: the resource then completes (the stack stays healthy)
 * with `Status: PENDING_ACCEPTANCE` and a `Message` naming the vault and the connection; Atlas refuses a cluster on the
 * provider in that region until the approval, and a re-deploy after it completes that work (docs/permissions.md).
 *
 * Delete: RETAIN (the project encryption's policy) keeps the endpoint, except in the rollback of its own Create
 * (undoOnCreateRollback, DeletionPolicy RetainExceptOnCreate), which removes it as DESTROY would. DESTROY deletes only an endpoint this resource
 * created, and only once no live cluster in the region uses the provider (else it is kept, with a warning: Atlas
 * reaches the key through it). The deletion is requested, then waited for until Atlas answers 404; an endpoint
 * already DELETING is waited for, one still INITIATING (Atlas refuses its deletion:
 * ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING) is asked again once it settles.
 */
import type { AtlasApi } from '../../../../atlas/api';
import type { EARPrivateEndpointWire } from '../../../../core/atlas';
import type { PrivateEndpointData, PrivateEndpointSpec } from '../../../custom-resources/properties';
import { answerLost, describeError, hasErrorCode, isTransient } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';
import { ConflictError, HandlerError, InvalidRequestError, NotFoundError } from '../../runtime/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../runtime/events';
import { isDestroy, parseSpec } from '../../runtime/spec';
import { elapsedSince, startedAtData } from '../../runtime/timing';

export const WHAT = 'Custom::AtlasEncryptionAtRestPrivateEndpoint';
/** Default wait for an endpoint, in seconds: the provider's 55-minute total less one 30 s poll (tf allows 3 h; a passing AWS endpoint takes minutes). */
export const DEFAULT_TIMEOUT_SECONDS = 3_270;

/** Atlas answers that mean "ask again later" for a deletion (tf acceptance-test reports; the second is unverified). */
const DELETE_LATER = [
  'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',
  'ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_REQUESTED_DELETION',
];

function parse(props: OnEventRequest['ResourceProperties'] | undefined): PrivateEndpointSpec {
  const spec = parseSpec<PrivateEndpointSpec>(props, WHAT, ['provider', 'regionName']);
  if (spec.provider !== 'AWS' && spec.provider !== 'AZURE') {
    throw new InvalidRequestError(`${WHAT}: Spec.provider must be AWS or AZURE (got ${JSON.stringify(spec.provider)})`);
  }
  return spec;
}

interface Parsed {
  readonly projectId: string;
  readonly provider: 'AWS' | 'AZURE';
  readonly endpointId: string;
  readonly owned: boolean;
}

function physicalId(spec: PrivateEndpointSpec, endpointId: string, owned: boolean): string {
  return `${spec.projectId}:${spec.provider}:${owned ? '' : 'existing:'}${endpointId}`;
}

/** Reads a physical id this resource wrote; undefined for anything else (e.g. a failed Create's placeholder). */
function parsePhysicalId(id: string | undefined): Parsed | undefined {
  const m = /^([a-f0-9]{24}):(AWS|AZURE):(existing:)?([a-f0-9]{24})$/.exec(id ?? '');
  return m ? { projectId: m[1], provider: m[2] as 'AWS' | 'AZURE', endpointId: m[4], owned: !m[3] } : undefined;
}

function timeoutMs(spec: PrivateEndpointSpec): number {
  return (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}

/** The operator's next step for a pending Azure connection. */
function approvalMessage(spec: PrivateEndpointSpec, e: EARPrivateEndpointWire): string {
  return `endpoint pending approval in vault ${spec.keyVaultName ?? '(the configured Key Vault)'}: approve connection ${e.privateEndpointConnectionName ?? "(see the vault's Networking > Private endpoint connections)"} (region ${e.regionName}); Atlas reaches the key from ${e.regionName} only after that`;
}

function data(spec: PrivateEndpointSpec, e: EARPrivateEndpointWire, message = 'none'): PrivateEndpointData {
  return {
    EndpointId: e.id ?? '',
    RegionName: e.regionName ?? spec.regionName,
    Status: e.status ?? 'UNKNOWN',
    PrivateEndpointConnectionName: e.privateEndpointConnectionName ?? '',
    // Atlas's own text is bounded here so Data stays far below CloudFormation's 4 KB.
    Message: message.slice(0, 1024),
  };
}

/** How often an endpoint POST whose answer was lost is tried, looking for the endpoint in between. */
const CREATE_ATTEMPTS = 3;

async function inRegion(api: AtlasApi, spec: PrivateEndpointSpec): Promise<EARPrivateEndpointWire[]> {
  return (await api.listPrivateEndpoints(spec.projectId, spec.provider)).filter(
    (e) => e.regionName === spec.regionName,
  );
}

const usableOf = (list: EARPrivateEndpointWire[]) => list.find((e) => e.status !== 'FAILED' && e.status !== 'DELETING');

async function create(ctx: HandlerContext, spec: PrivateEndpointSpec): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  const existing = await inRegion(api, spec);
  const usable = usableOf(existing);
  if (usable?.id) {
    // Not proven ours (a retried Create whose POST answer was lost, or one made elsewhere): used, never deleted.
    ctx.log.info(
      `${WHAT}: ${spec.provider} already has endpoint ${usable.id} in ${spec.regionName} (${usable.status}); using it as it is (this stack will not delete it)`,
    );
    return { PhysicalResourceId: physicalId(spec, usable.id, false), Data: startedAtData(ctx.now()) };
  }
  if (existing.some((e) => e.status === 'DELETING')) {
    throw new ConflictError(
      `${WHAT}: the ${spec.provider} private endpoint in ${spec.regionName} is being deleted in project ${spec.projectId}; deploy again once Atlas no longer lists it (nothing was changed)`,
    );
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await api.createPrivateEndpoint(spec.projectId, spec.provider, spec.regionName);
      if (!created.id) throw new HandlerError(`${WHAT}: Atlas answered the endpoint POST without an id`);
      ctx.log.info(
        `${WHAT}: requested ${spec.provider} endpoint ${created.id} in ${spec.regionName} (${created.status})`,
      );
      return { PhysicalResourceId: physicalId(spec, created.id, true), Data: startedAtData(ctx.now()) };
    } catch (err) {
      if (hasErrorCode(err, 'ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED')) {
        throw new ConflictError(
          `${WHAT}: Atlas creates private endpoints only once the project's ${spec.provider} encryption has requirePrivateNetworking: true; the project encryption sets it first (DEP-ORD-1). ${describeError(err)}`,
          'DEP-ORD-1',
        );
      }
      if (!answerLost(err) || attempt >= CREATE_ATTEMPTS) throw err;
      // The POST may have arrived: the region had no usable endpoint a moment ago, so one there now is this
      // request's own.
      const found = usableOf(await inRegion(api, spec));
      if (found?.id) {
        ctx.log.info(
          `${WHAT}: the endpoint POST's answer was lost; Atlas has endpoint ${found.id} in ${spec.regionName}`,
        );
        return { PhysicalResourceId: physicalId(spec, found.id, true), Data: startedAtData(ctx.now()) };
      }
      ctx.log.warn(`${WHAT}: endpoint POST failed (${describeError(err)}); trying again`);
    }
  }
}

export async function onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  return create(ctx, parse(event.ResourceProperties));
}

/**
 * Update: the same project, provider and region keep the endpoint (a policy or timeout change); anything else is a
 * new endpoint, and CloudFormation then deletes the old physical id with the old properties.
 */
export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const old = parse(event.OldResourceProperties);
  const id = parsePhysicalId(event.PhysicalResourceId);
  if (id && old.projectId === spec.projectId && old.provider === spec.provider && old.regionName === spec.regionName) {
    return { PhysicalResourceId: event.PhysicalResourceId as string, Data: startedAtData(ctx.now()) };
  }
  return create(ctx, spec);
}

export async function onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const id = parsePhysicalId(event.PhysicalResourceId);
  const keep = (why: string): OnEventResponse => {
    ctx.log.info(`${WHAT}: ${why}`);
    return { PhysicalResourceId: event.PhysicalResourceId ?? '', Data: { Kept: 'true' } };
  };
  if (!id)
    return keep(`no endpoint was created (physical id ${JSON.stringify(event.PhysicalResourceId)}); nothing to delete`);
  // RETAIN with undoOnCreateRollback: only the rollback of this resource's Create reaches here (RetainExceptOnCreate).
  if (!isDestroy(spec) && !(spec.undoOnCreateRollback && id.owned))
    return keep(`deletePolicy RETAIN: endpoint ${id.endpointId} in ${spec.regionName} stays in Atlas`);
  if (!id.owned) return keep(`endpoint ${id.endpointId} was not created by this stack; it stays in Atlas`);
  if (!isDestroy(spec)) {
    // The rollback of a Create: removing the endpoint is a courtesy to the retry, not a safety step; what Atlas does
    // not let us remove stays, as RETAIN keeps it, and the rollback goes on.
    try {
      return await removeOwned(ctx, spec, id, event);
    } catch (err) {
      ctx.log.warn(
        `${WHAT}: create rolled back; endpoint ${id.endpointId} could not be removed, so it stays in Atlas: ${describeError(err)}`,
      );
      return { PhysicalResourceId: event.PhysicalResourceId as string, Data: { Kept: 'true' } };
    }
  }
  return removeOwned(ctx, spec, id, event);
}

/** Deletes an endpoint this resource created, unless a live cluster in the region still uses the provider. */
async function removeOwned(
  ctx: HandlerContext,
  spec: PrivateEndpointSpec,
  id: Parsed,
  event: OnEventRequest,
): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  const users = await clustersUsing(api, spec);
  if (users.length > 0) {
    ctx.log.warn(
      `[DEP-DIS-1] ${WHAT}: endpoint ${id.endpointId} is kept: cluster(s) ${users.join(', ')} in ${spec.regionName} use the ${spec.provider} key, which Atlas reaches through it`,
    );
    return { PhysicalResourceId: event.PhysicalResourceId as string, Data: { Kept: 'true' } };
  }
  await requestDeletion(ctx, api, spec, id);
  return { PhysicalResourceId: event.PhysicalResourceId as string, Data: startedAtData(ctx.now()) };
}

/** Live clusters with a region here that use the provider (a cluster being deleted no longer counts). */
async function clustersUsing(api: AtlasApi, spec: PrivateEndpointSpec): Promise<string[]> {
  const clusters = await api.listClusters(spec.projectId);
  return clusters
    .filter((c) => c.encryptionAtRestProvider === spec.provider && c.stateName !== 'DELETING')
    .filter((c) =>
      (c.replicationSpecs ?? []).some((s) =>
        (s.regionConfigs ?? []).some((rc) => rc.providerName === spec.provider && rc.regionName === spec.regionName),
      ),
    )
    .map((c) => c.name as string);
}

/** Asks Atlas to delete the endpoint, unless it is already going; "ask again later" answers are waited out. */
async function requestDeletion(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: PrivateEndpointSpec,
  id: Parsed,
): Promise<void> {
  const e = await api.getPrivateEndpoint(spec.projectId, spec.provider, id.endpointId);
  if (!e || e.status === 'DELETING' || e.status === 'INITIATING') return;
  try {
    await api.requestPrivateEndpointDeletion(spec.projectId, spec.provider, id.endpointId);
    ctx.log.info(`${WHAT}: requested deletion of endpoint ${id.endpointId} in ${spec.regionName}`);
  } catch (err) {
    if (!hasErrorCode(err, ...DELETE_LATER)) throw err;
    ctx.log.info(`${WHAT}: Atlas is not ready to delete endpoint ${id.endpointId} yet: ${describeError(err)}`);
  }
}

export async function isComplete(ctx: HandlerContext, event: IsCompleteRequest): Promise<IsCompleteResponse> {
  const spec = parse(event.ResourceProperties);
  const id = parsePhysicalId(event.PhysicalResourceId);
  if (event.RequestType === 'Delete') {
    if (!id || event.Data?.Kept === 'true') return { IsComplete: true };
    if (isDestroy(spec)) return pollDeletion(ctx, spec, id, event);
    // The rollback of a Create (see onDelete): an endpoint Atlas does not let go of stays, and the rollback goes on.
    try {
      return await pollDeletion(ctx, spec, id, event);
    } catch (err) {
      ctx.log.warn(`${WHAT}: create rolled back; endpoint ${id.endpointId} stays in Atlas: ${describeError(err)}`);
      return { IsComplete: true, Data: { Kept: 'true' } };
    }
  }
  if (!id) throw new InvalidRequestError(`${WHAT}: unexpected physical id ${JSON.stringify(event.PhysicalResourceId)}`);
  return pollCreation(ctx, spec, id, event);
}

async function pollCreation(
  ctx: HandlerContext,
  spec: PrivateEndpointSpec,
  id: Parsed,
  event: IsCompleteRequest,
): Promise<IsCompleteResponse> {
  const api = await ctx.atlas(spec);
  const over = elapsedSince(event.Data, ctx.now()) >= timeoutMs(spec);
  let e: EARPrivateEndpointWire | undefined;
  try {
    e = await api.getPrivateEndpoint(spec.projectId, spec.provider, id.endpointId);
  } catch (err) {
    if (!isTransient(err) || over) throw err;
    ctx.log.warn(`${WHAT}: transient error while polling endpoint ${id.endpointId}: ${describeError(err)}`);
    return { IsComplete: false };
  }
  if (!e) {
    throw new NotFoundError(
      `${WHAT}: endpoint ${id.endpointId} (${spec.provider}, ${spec.regionName}) disappeared from project ${spec.projectId} while waiting for it; deploy again to create a new one`,
    );
  }
  switch (e.status) {
    case 'ACTIVE':
      ctx.log.info(`${WHAT}: endpoint ${id.endpointId} in ${spec.regionName} is ACTIVE`);
      return { IsComplete: true, Data: { ...data(spec, e) } };
    case 'PENDING_ACCEPTANCE': {
      const message = approvalMessage(spec, e);
      ctx.log.warn(`${WHAT}: ${message}`);
      return { IsComplete: true, Data: { ...data(spec, e, message) } };
    }
    case 'FAILED':
      throw new HandlerError(
        `${WHAT}: Atlas reports the ${spec.provider} private endpoint ${id.endpointId} in ${spec.regionName} FAILED: ${e.errorMessage ?? '(no errorMessage)'}. Fix the cause, then deploy again (a new endpoint is created; the failed one can be deleted in Atlas)`,
      );
    case 'DELETING':
      throw new ConflictError(
        `${WHAT}: endpoint ${id.endpointId} in ${spec.regionName} is being deleted (by someone else) while this stack waits for it; deploy again once it is gone`,
      );
    default:
      // INITIATING, PENDING_RECREATION, or a status this library does not know: still on its way.
      if (over) {
        throw new HandlerError(
          `${WHAT}: endpoint ${id.endpointId} in ${spec.regionName} is still ${e.status ?? 'UNKNOWN'} after ${spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} s; Atlas keeps working on it: check it with atlas-ear status, then deploy again`,
        );
      }
      return { IsComplete: false };
  }
}

async function pollDeletion(
  ctx: HandlerContext,
  spec: PrivateEndpointSpec,
  id: Parsed,
  event: IsCompleteRequest,
): Promise<IsCompleteResponse> {
  const api = await ctx.atlas(spec);
  let e: EARPrivateEndpointWire | undefined;
  try {
    e = await api.getPrivateEndpoint(spec.projectId, spec.provider, id.endpointId);
  } catch (err) {
    if (!isTransient(err)) throw err;
    ctx.log.warn(`${WHAT}: transient error while polling endpoint ${id.endpointId}: ${describeError(err)}`);
    return { IsComplete: false };
  }
  if (!e) return { IsComplete: true, Data: { EndpointId: id.endpointId, Status: 'DELETED' } };
  if (elapsedSince(event.Data, ctx.now()) >= timeoutMs(spec)) {
    throw new HandlerError(
      `${WHAT}: endpoint ${id.endpointId} in ${spec.regionName} is still ${e.status} after ${spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS} s; the provider cannot be disabled while it exists. Retry the stack deletion once Atlas no longer lists it`,
    );
  }
  // FAILED, ACTIVE or PENDING_ACCEPTANCE after a refused first request (it was INITIATING then): ask again.
  if (e.status !== 'DELETING') await requestDeletion(ctx, api, spec, id);
  return { IsComplete: false };
}
