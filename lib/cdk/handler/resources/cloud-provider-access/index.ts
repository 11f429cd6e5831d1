/**
 * `Custom::AtlasCloudProviderAccess`: an Atlas cloud-provider-access role (setup step) for AWS, Azure or Google
 * Cloud. Physical id: the Atlas role id. Data: `CloudProviderAccessData` (AWS), `AzureCloudProviderAccessData` or
 * `GcpCloudProviderAccessData`.
 *
 * Idempotent Create: a Create that is retried after the POST succeeded (Lambda retry, framework retry) must
 * not leave a second role behind. Atlas roles carry no tag or description, so before POSTing the handler
 * lists the project's roles of the provider and reuses one that (a) is not authorized, (b) has no featureUsages,
 * (c) was created within `ADOPT_WINDOW_MS` (role.ts) and (d) for Azure, names the same service principal and
 * tenant — i.e. the orphan of an earlier attempt of this very request. Such a role is interchangeable with a fresh
 * one (AWS: the Atlas AWS account ARN and the external id are per project). The residual risk — two stacks
 * creating roles in the same project within the same minutes — is bounded by the window.
 *
 * Google Cloud: Atlas may create the role asynchronously ("An intermediate role with status IN_PROGRESS will be
 * returned", spec createGroupCloudProviderAccess), so isComplete polls it until COMPLETE and only then returns the
 * service account's email.
 */
import type { CloudProviderAccessRoleWire } from '../../../../core/atlas';
import { accessRoleState } from '../../../../core/atlas/key-identity';
import type { CloudProviderAccessSpec } from '../../../custom-resources/properties';
import type { CreateCloudProviderAccessBody } from '../../../../atlas/api';
import { answerLost, describeError, isGone } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';
import { HandlerError, InvalidRequestError, NotFoundError } from '../../runtime/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../runtime/events';
import { isDestroy, parseSpec } from '../../runtime/spec';
import { findOrphan, findRole, providerOf, roleData, roleIdOf, usedByEncryption } from './role';

const WHAT = 'Custom::AtlasCloudProviderAccess';
/** Spec: servicePrincipalId, tenantId and atlasAzureAppId are `format: uuid`. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ATLAS_ID = /^[0-9a-f]{24}$/;

function parse(event: OnEventRequest, old = false): CloudProviderAccessSpec {
  const raw = parseSpec<CloudProviderAccessSpec>(old ? event.OldResourceProperties : event.ResourceProperties, WHAT);
  const provider = providerOf(raw);
  if (provider !== 'AWS' && provider !== 'AZURE' && provider !== 'GCP') {
    throw new InvalidRequestError(
      `${WHAT}: providerName ${JSON.stringify(raw.providerName)} is not supported (AWS, AZURE or GCP)`,
    );
  }
  const spec = { ...raw, providerName: provider } as CloudProviderAccessSpec;
  if (spec.providerName === 'AZURE') {
    const ids: Record<string, unknown> = {
      servicePrincipalId: spec.servicePrincipalId,
      tenantId: spec.tenantId,
      ...(spec.atlasAzureAppId === undefined ? {} : { atlasAzureAppId: spec.atlasAzureAppId }),
    };
    for (const [k, v] of Object.entries(ids)) {
      if (typeof v !== 'string' || !UUID.test(v)) {
        throw new InvalidRequestError(`${WHAT}: Spec.${k} ${JSON.stringify(v)} is not a UUID (an Azure object id)`);
      }
    }
  }
  return spec;
}

function createBody(spec: CloudProviderAccessSpec): CreateCloudProviderAccessBody {
  if (spec.providerName === 'AZURE') {
    return {
      providerName: 'AZURE',
      servicePrincipalId: spec.servicePrincipalId,
      tenantId: spec.tenantId,
      ...(spec.atlasAzureAppId ? { atlasAzureAppId: spec.atlasAzureAppId } : {}),
    };
  }
  return { providerName: spec.providerName };
}

/** A Google Cloud role is ready when COMPLETE (or, without a status, once it names its service account). */
/** Google Cloud role ready: one reading of a role's state, shared with the CLI's restore checks. */
function gcpReady(role: CloudProviderAccessRoleWire): boolean {
  return accessRoleState(role) === 'AUTHORIZED';
}

/** A Google Cloud role still being set up carries no usable service account yet: its data comes in isComplete. */
function response(role: CloudProviderAccessRoleWire): OnEventResponse {
  const id = roleIdOf(role);
  return role.providerName === 'GCP' && !gcpReady(role)
    ? { PhysicalResourceId: id }
    : { PhysicalResourceId: id, Data: roleData(role) };
}

/** How often a POST that may or may not have reached Atlas is tried, looking for its result in between. */
const CREATE_ATTEMPTS = 3;

async function createRole(ctx: HandlerContext, spec: CloudProviderAccessSpec): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  const provider = spec.providerName;
  for (let attempt = 1; ; attempt++) {
    const orphan = await findOrphan(api, spec, ctx.now());
    if (orphan) {
      ctx.log.info(
        `${WHAT}: reusing unauthorized, unused ${provider} role ${roleIdOf(orphan)} created at ${orphan.createdDate} (a retried Create converges instead of duplicating)`,
      );
      return response(orphan);
    }
    try {
      const role = await api.createCloudProviderAccessRole(spec.projectId, createBody(spec));
      ctx.log.info(
        `${WHAT}: created ${provider} role ${roleIdOf(role)} in project ${spec.projectId}${role.status ? ` (status ${role.status})` : ''}`,
      );
      return response(role);
    } catch (err) {
      // The client never repeats a POST: a lost answer may hide a role Atlas did create, so look before retrying.
      if (!answerLost(err) || attempt >= CREATE_ATTEMPTS) throw err;
      ctx.log.warn(`${WHAT}: creating the role failed (${describeError(err)}); checking whether Atlas created it`);
    }
  }
}

/** A change of project, provider or Azure principal needs another role: a new physical id. */
function needsNewRole(spec: CloudProviderAccessSpec, old: CloudProviderAccessSpec): string | undefined {
  if (spec.projectId !== old.projectId) return `project changed from ${old.projectId} to ${spec.projectId}`;
  if (spec.providerName !== old.providerName)
    return `providerName changed from ${old.providerName} to ${spec.providerName}`;
  if (spec.providerName === 'AZURE' && old.providerName === 'AZURE') {
    for (const k of ['servicePrincipalId', 'tenantId'] as const) {
      if (spec[k].toLowerCase() !== old[k].toLowerCase()) return `${k} changed`;
    }
    // An app id written where Atlas derived one before is compared with the live role instead (onUpdate).
    if (
      old.atlasAzureAppId !== undefined &&
      (spec.atlasAzureAppId ?? '').toLowerCase() !== old.atlasAzureAppId.toLowerCase()
    )
      return 'atlasAzureAppId changed';
  }
  return undefined;
}

export async function onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  return createRole(ctx, parse(event));
}

export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event);
  const old = parse(event, true);
  const roleId = event.PhysicalResourceId ?? '';
  const why = needsNewRole(spec, old);
  if (why) {
    // The old role stays: CloudFormation deletes the old physical id next, and its Delete follows its policy.
    ctx.log.info(`${WHAT}: ${why}; creating a new ${spec.providerName} role`);
    return createRole(ctx, spec);
  }
  const api = await ctx.atlas(spec);
  const role = await findRole(api, spec.projectId, roleId);
  if (!role) {
    ctx.log.warn(`${WHAT}: role ${roleId} no longer exists in project ${spec.projectId}; creating a new one`);
    return createRole(ctx, spec);
  }
  if (
    spec.providerName === 'AZURE' &&
    spec.atlasAzureAppId !== undefined &&
    spec.atlasAzureAppId.toLowerCase() !== (role.atlasAzureAppId ?? '').toLowerCase()
  ) {
    ctx.log.info(`${WHAT}: atlasAzureAppId differs from the app id of role ${roleId}; creating a new Azure role`);
    return createRole(ctx, spec);
  }
  return response(role);
}

export async function onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event);
  const roleId = event.PhysicalResourceId ?? '';
  if (!isDestroy(spec)) {
    ctx.log.info(`${WHAT}: deletePolicy RETAIN: role ${roleId} stays in Atlas`);
    return { PhysicalResourceId: roleId };
  }
  if (!ATLAS_ID.test(roleId)) {
    // A Create that failed before Atlas returned a role id: nothing to remove.
    ctx.log.info(`${WHAT}: physical id ${JSON.stringify(roleId)} is not an Atlas role id; nothing to delete`);
    return { PhysicalResourceId: roleId };
  }
  const api = await ctx.atlas(spec);
  const role = await findRole(api, spec.projectId, roleId);
  if (!role) {
    ctx.log.info(`${WHAT}: role ${roleId} is already gone`);
    return { PhysicalResourceId: roleId };
  }
  if (usedByEncryption(role)) {
    // Atlas refuses to remove a role in use anyway; keeping it is what data safety needs (DEP-DIS-1).
    ctx.log.warn(
      `[DEP-DIS-1] ${WHAT}: role ${roleId} is kept in Atlas: project ${spec.projectId} still uses it for encryption at rest (featureUsages ENCRYPTION_AT_REST)`,
    );
    return { PhysicalResourceId: roleId };
  }
  try {
    await api.deauthorizeCloudProviderAccessRole(spec.projectId, role.providerName ?? spec.providerName, roleId);
  } catch (err) {
    if (!isGone(err)) {
      throw new NotFoundError(`${WHAT}: deauthorizing role ${roleId} failed: ${describeError(err)}`);
    }
  }
  ctx.log.info(`${WHAT}: deauthorized ${role.providerName} role ${roleId}`);
  return { PhysicalResourceId: roleId };
}

/**
 * Google Cloud roles: done once Atlas reports the service account COMPLETE (spec schema
 * CloudProviderAccessGCPServiceAccount, `status`: IN_PROGRESS, COMPLETE, FAILED, NOT_INITIATED). FAILED ends the
 * deploy; NOT_INITIATED is read as "not started yet" and waited for (unverified: the spec does not say).
 */
export async function isComplete(ctx: HandlerContext, event: IsCompleteRequest): Promise<IsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const spec = parse(event);
  if (spec.providerName !== 'GCP') return { IsComplete: true };
  const roleId = event.PhysicalResourceId;
  const role = await findRole(await ctx.atlas(spec), spec.projectId, roleId);
  if (!role) {
    throw new NotFoundError(`${WHAT}: Google Cloud role ${roleId} disappeared from project ${spec.projectId}`);
  }
  if (role.status === 'FAILED') {
    throw new HandlerError(
      `${WHAT}: Atlas could not set up the Google Cloud service account of role ${roleId} (status FAILED). The role is left in Atlas; remove it there (it is unused) or retry the deploy`,
    );
  }
  if (!gcpReady(role)) {
    ctx.log.info(
      `${WHAT}: Google Cloud role ${roleId} is ${role.status ?? 'without a service account'}; waiting for COMPLETE`,
    );
    return { IsComplete: false };
  }
  return { IsComplete: true, Data: roleData(role) };
}
