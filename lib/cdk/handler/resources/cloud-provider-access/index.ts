/**
 * `Custom::AtlasCloudProviderAccess`: the Atlas AWS cloud-provider-access role (setup step).
 * Physical id: the Atlas role id. Data: `CloudProviderAccessData`.
 *
 * Idempotent Create: a Create that is retried after the POST succeeded (Lambda retry, framework retry) must
 * not leave a second role behind. Atlas roles carry no tag or description, so before POSTing the handler
 * lists the project's AWS roles and reuses one that (a) is not authorized (no IAM role ARN, no authorizedDate),
 * (b) has no featureUsages, and (c) was created within `ADOPT_WINDOW_MS` (role.ts) — i.e. the orphan of an
 * earlier attempt of this very request. Such a role is interchangeable with a fresh one: the Atlas AWS account
 * ARN and the external id are per project. The residual risk — two stacks creating roles in the same project
 * within the same minutes — is bounded by the window and by authorization being the very next step.
 */
import type { CloudProviderAccessSpec } from '../../../custom-resources/properties';
import { answerLost, describeError, isGone } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';
import { InvalidRequestError, NotFoundError } from '../../runtime/errors';
import type { IsCompleteResponse, OnEventRequest, OnEventResponse } from '../../runtime/events';
import { isDestroy, parseSpec } from '../../runtime/spec';
import { findOrphan, findRole, roleData, roleIdOf, usedByEncryption } from './role';

const WHAT = 'Custom::AtlasCloudProviderAccess';

function parse(event: OnEventRequest, old = false): CloudProviderAccessSpec {
  const spec = parseSpec<CloudProviderAccessSpec>(old ? event.OldResourceProperties : event.ResourceProperties, WHAT);
  if ((spec.providerName ?? 'AWS') !== 'AWS') {
    throw new InvalidRequestError(
      `${WHAT}: providerName ${JSON.stringify(spec.providerName)} is not supported (AWS only)`,
    );
  }
  return spec;
}

/** How often a POST that may or may not have reached Atlas is tried, looking for its result in between. */
const CREATE_ATTEMPTS = 3;

async function createRole(ctx: HandlerContext, spec: CloudProviderAccessSpec): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  for (let attempt = 1; ; attempt++) {
    const orphan = await findOrphan(api, spec.projectId, ctx.now());
    if (orphan) {
      ctx.log.info(
        `${WHAT}: reusing unauthorized, unused AWS role ${roleIdOf(orphan)} created at ${orphan.createdDate} (a retried Create converges instead of duplicating)`,
      );
      return { PhysicalResourceId: roleIdOf(orphan), Data: roleData(orphan) };
    }
    try {
      const role = await api.createCloudProviderAccessRole(spec.projectId, { providerName: 'AWS' });
      ctx.log.info(`${WHAT}: created AWS role ${roleIdOf(role)} in project ${spec.projectId}`);
      return { PhysicalResourceId: roleIdOf(role), Data: roleData(role) };
    } catch (err) {
      // The client never repeats a POST: a lost answer may hide a role Atlas did create, so look before retrying.
      if (!answerLost(err) || attempt >= CREATE_ATTEMPTS) throw err;
      ctx.log.warn(`${WHAT}: creating the role failed (${describeError(err)}); checking whether Atlas created it`);
    }
  }
}

export async function onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  return createRole(ctx, parse(event));
}

export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event);
  const old = parse(event, true);
  const roleId = event.PhysicalResourceId ?? '';
  if (spec.projectId !== old.projectId) {
    ctx.log.info(
      `${WHAT}: project changed from ${old.projectId} to ${spec.projectId}; creating a role in the new project`,
    );
    return createRole(ctx, spec);
  }
  const api = await ctx.atlas(spec);
  const role = await findRole(api, spec.projectId, roleId);
  if (!role) {
    ctx.log.warn(`${WHAT}: role ${roleId} no longer exists in project ${spec.projectId}; creating a new one`);
    return createRole(ctx, spec);
  }
  return { PhysicalResourceId: roleId, Data: roleData(role) };
}

export async function onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event);
  const roleId = event.PhysicalResourceId ?? '';
  if (!isDestroy(spec)) {
    ctx.log.info(`${WHAT}: deletePolicy RETAIN: role ${roleId} stays in Atlas`);
    return { PhysicalResourceId: roleId };
  }
  if (!/^[0-9a-f]{24}$/.test(roleId)) {
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
    await api.deauthorizeCloudProviderAccessRole(spec.projectId, 'AWS', roleId);
  } catch (err) {
    if (!isGone(err)) {
      throw new NotFoundError(`${WHAT}: deauthorizing role ${roleId} failed: ${describeError(err)}`);
    }
  }
  ctx.log.info(`${WHAT}: deauthorized role ${roleId}`);
  return { PhysicalResourceId: roleId };
}

export async function isComplete(): Promise<IsCompleteResponse> {
  return { IsComplete: true };
}
