/**
 * `Custom::AtlasProjectEncryption`: the project's encryption-at-rest setting for the providers this
 * resource manages. Physical id: the project id (Atlas holds one setting per project, DEP-EAR-1).
 *
 * - Create/Update: re-run the project rules on resolved values; GET the live setting; refuse to take over
 *   a provider enabled with another key or identity unless `adopt` (DEP-EAR-1); refuse a key change while
 *   the live key is invalid (DEP-KEY-1); PATCH only the managed blocks, each complete (DEP-EAR-2; the
 *   client retries IAM propagation, DEP-IAM-1/3); record key changes in the project's SSM key-history parameter
 *   before the PATCH and confirm them after it (DEP-KEEP-1). isComplete then polls until every managed provider
 *   reads back `valid: true` (DEP-VAL-1, within `validationTimeoutMs`), applies the rotation alert (DEP-ALERT-1)
 *   and returns the cumulative key history.
 * - A provider dropped from the spec on Update is released (left as it is), or disabled with the same
 *   preflight as a DESTROY delete when `deletePolicy` is DESTROY.
 * - Delete: RETAIN (default) makes no Atlas call. DESTROY preflights (clusters using the provider, Backup
 *   Compliance Policy, snapshots that need the key, key validity) and then disables the managed providers
 *   only (DEP-DIS-1); unmanaged providers are never touched.
 */
import {
  blockOf,
  type EncryptionAtRestWire,
  isEnabled,
  type KeyChange,
  keyIdOf,
  type KeyProvider,
  PROVIDER_VOCABULARY,
  validAttributeName,
} from '../../../../core/atlas';
import {
  PROJECT_CONTEXT,
  projectContextOf,
  type ProjectEncryptionSpecWire,
} from '../../../custom-resources/properties';
import { describeError, isTransient } from '../../runtime/atlas-errors';
import type { HandlerContext } from '../../runtime/context';
import { ConflictError, HandlerError, KeyValidationError, UnsafeChangeError } from '../../runtime/errors';
import type {
  IsCompleteRequest,
  IsCompleteResponse,
  OnEventRequest,
  OnEventResponse,
  ResponseData,
} from '../../runtime/events';
import { isDestroy } from '../../runtime/spec';
import { elapsedSince, startedAtData } from '../../runtime/timing';
import { invalidHint } from '../invalid-hint';
import { patchEncryptionAtRest } from './atlas-errors';
import { disableProviders } from './disable';
import {
  appendEntries,
  changeIdentities,
  confirmHistory,
  historyData,
  keyChange,
  logChanges,
  recordKeyChanges,
  settlePending,
} from './key-history';
import { assertLiveKeyValid, identityDifference } from './live-checks';
import { desiredBody } from './request-body';
import { applyRotationAlerts } from './rotation-alert';
import { logScan, retainUntilOf, scanSnapshots } from './snapshots';
import { DEFAULT_VALIDATION_TIMEOUT_MS, managedProviders, parse, specKeyId, validate, WHAT } from './spec';

export { DEFAULT_VALIDATION_TIMEOUT_MS } from './spec';

/** Applies the spec and records its key changes (Create and Update). */
async function apply(
  ctx: HandlerContext,
  spec: ProjectEncryptionSpecWire,
  old: ProjectEncryptionSpecWire | undefined,
): Promise<void> {
  validate(ctx, spec);
  const api = await ctx.atlas(spec);
  const live = await api.getEncryptionAtRest(spec.projectId);
  const oldManaged = managedProviders(old);
  const changes: Array<{ p: KeyProvider; from: string; to: string }> = [];
  for (const p of managedProviders(spec)) {
    const want = specKeyId(spec, p);
    const liveKey = keyIdOf(blockOf(live, p), p);
    const wasManaged = oldManaged.includes(p);
    if (isEnabled(live, p) && !wasManaged) {
      // DEP-EAR-1: taking over a provider someone else enabled.
      const identity = identityDifference(live, spec, p);
      const keyDiffers = liveKey !== undefined && liveKey !== want;
      if ((keyDiffers || identity) && !spec.adopt) {
        throw new ConflictError(
          `${WHAT}: ${p} is already enabled on project ${spec.projectId} with ${[
            keyDiffers ? `key ${JSON.stringify(liveKey)}` : '',
            identity ?? '',
          ]
            .filter(Boolean)
            .join(
              ', ',
            )}; this resource asks for key ${JSON.stringify(want)}. Set adopt: true to take over this provider, or use the key already configured`,
          'DEP-EAR-1',
        );
      }
      if (keyDiffers || identity) ctx.log.warn(`${WHAT}: adopting ${p} on project ${spec.projectId} (adopt: true)`);
    }
    const from = liveKey ?? (wasManaged && old ? specKeyId(old, p) : undefined);
    if (from && from !== want && isEnabled(live, p)) {
      assertLiveKeyValid(live, p, 'change the key');
      changes.push({ p, from, to: want });
    }
  }
  // Providers this resource no longer manages.
  const dropped = oldManaged.filter((p) => !managedProviders(spec).includes(p));
  if (dropped.length > 0) {
    if (isDestroy(spec)) {
      await disableProviders(ctx, api, spec.projectId, dropped);
    } else {
      ctx.log.info(`${WHAT}: ${dropped.join(', ')} removed from the spec; left enabled in Atlas (deletePolicy RETAIN)`);
    }
  }
  const history: KeyChange[] = [];
  for (const c of changes) {
    const scan = await scanSnapshots(api, spec.projectId, c.p, ctx.now());
    logScan(ctx, c.p, scan);
    history.push(keyChange(c.p, c.from, c.to, ctx.now(), retainUntilOf(scan), changeIdentities(spec, live, c.p)));
  }
  const recorded = await recordKeyChanges(ctx, spec.projectId, live, history);
  // A PATCH that fails leaves the entries pending: a timeout may still have applied it, so the next deploy (the
  // rollback's Update comes at once) settles them against the live key rather than this invocation guessing.
  await patchEncryptionAtRest(api, spec.projectId, await desiredBody(ctx, spec));
  const all = appendEntries(recorded, history);
  if (history.length > 0) await confirmHistory(ctx, spec.projectId, all);
  logChanges(ctx, spec.projectId, history);
}

/*
 * onEvent returns `StartedAt` and the project fields its clusters read (PROJECT_CONTEXT, about 150 bytes): the
 * Provider framework echoes onEvent's Data in a FAILED response from isComplete (cfn-response.js sends
 * `Data: event.Data`), so the key history (up to 2 KB) goes into the attributes from the final poll, read back from
 * the store, never into a response that can fail.
 */
function acceptedData(ctx: HandlerContext, spec: ProjectEncryptionSpecWire): Record<string, string> {
  return { ...startedAtData(ctx.now()), [PROJECT_CONTEXT]: projectContextOf(spec) };
}

export async function onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  await apply(ctx, spec, undefined);
  return { PhysicalResourceId: spec.projectId, Data: acceptedData(ctx, spec) };
}

export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const old = parse(event.OldResourceProperties);
  // Another project is a new physical id: CloudFormation then deletes the old one (RETAIN by default).
  await apply(ctx, spec, old.projectId === spec.projectId ? old : undefined);
  return { PhysicalResourceId: spec.projectId, Data: acceptedData(ctx, spec) };
}

/**
 * The rollback of the operation that created this resource (its DeletionPolicy is RetainExceptOnCreate, so no other
 * Delete reaches it): disable what this Create provably enabled, so that a retried first deploy starts clean. The
 * proof is the AWS configuration's `roleId`: the Atlas role this stack instance's own cloud-provider-access resource
 * created, which no configuration made before this stack can use. Azure and Google Cloud configurations carry no
 * such proof and stay as they are; anything a cluster or snapshot needs stays too (disableProviders refuses it).
 */
async function undoCreate(ctx: HandlerContext, spec: ProjectEncryptionSpecWire, id: string): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  const live = await api.getEncryptionAtRest(spec.projectId);
  const aws = blockOf(live, 'AWS');
  if (spec.aws && aws?.enabled === true && aws.roleId === spec.aws.roleId) {
    try {
      await disableProviders(ctx, api, spec.projectId, ['AWS']);
      ctx.log.info(
        `${WHAT}: create rolled back: AWS, which this resource enabled with its own role, is disabled again`,
      );
    } catch (err) {
      if (!(err instanceof UnsafeChangeError)) throw err;
      ctx.log.warn(`${err.message}. Kept in Atlas; the rollback goes on`);
    }
  } else {
    ctx.log.info(
      `${WHAT}: create rolled back: nothing this resource provably enabled; encryption at rest stays as it is`,
    );
  }
  return { PhysicalResourceId: id };
}

export async function onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const id = event.PhysicalResourceId ?? spec.projectId;
  if (!isDestroy(spec)) {
    if (spec.undoOnCreateRollback && id === spec.projectId) return undoCreate(ctx, spec, id);
    ctx.log.info(`${WHAT}: deletePolicy RETAIN: encryption at rest stays configured on project ${spec.projectId}`);
    return { PhysicalResourceId: id };
  }
  if (id !== spec.projectId) {
    ctx.log.info(
      `${WHAT}: physical id ${JSON.stringify(id)} is not the project id (a Create that never completed); nothing to disable`,
    );
    return { PhysicalResourceId: id };
  }
  const api = await ctx.atlas(spec);
  try {
    await disableProviders(ctx, api, spec.projectId, managedProviders(spec));
  } catch (err) {
    // Full DESTROY removes what is safe to remove. What a cluster or snapshot still needs stays enabled in Atlas,
    // and the stack delete completes: failing would only force `--retain-resources`, which keeps it the same way.
    if (!(err instanceof UnsafeChangeError)) throw err;
    ctx.log.warn(`${err.message}. Kept in Atlas; the stack delete goes on`);
  }
  return { PhysicalResourceId: id };
}

/** Polls `valid` for each managed provider (DEP-VAL-1), then applies the rotation alert (DEP-ALERT-1). */
export async function isComplete(ctx: HandlerContext, event: IsCompleteRequest): Promise<IsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const spec = parse(event.ResourceProperties);
  const api = await ctx.atlas(spec);
  const timeout = spec.validationTimeoutMs ?? DEFAULT_VALIDATION_TIMEOUT_MS;
  let live: EncryptionAtRestWire;
  try {
    live = await api.getEncryptionAtRest(spec.projectId);
  } catch (err) {
    // A fault while polling (after the client's own retries) is not a verdict on the key: poll again.
    if (!isTransient(err) || elapsedSince(event.Data, ctx.now()) >= timeout) throw err;
    ctx.log.warn(`${WHAT}: transient error while polling encryptionAtRest: ${describeError(err)}`);
    return { IsComplete: false };
  }
  const providers = managedProviders(spec);
  const data: ResponseData = {};
  const invalid: KeyProvider[] = [];
  for (const p of providers) {
    const b = blockOf(live, p);
    const valid = b?.enabled === true && b.valid === true;
    data[validAttributeName(p)] = String(valid);
    if (!valid) invalid.push(p);
  }
  if (invalid.length > 0) {
    const elapsed = elapsedSince(event.Data, ctx.now());
    if (elapsed < timeout) {
      ctx.log.info(
        `${WHAT}: waiting for valid: true on ${invalid.join(', ')} (${Math.round(elapsed / 1000)} s of ${Math.round(timeout / 1000)} s)`,
      );
      return { IsComplete: false };
    }
    throw new KeyValidationError(
      `${WHAT}: Atlas does not report a valid key configuration after ${Math.round(timeout / 1000)} s for ${invalid
        .map((p) => {
          const b = blockOf(live, p);
          return `${p} (${PROVIDER_VOCABULARY[p].block} enabled=${String(b?.enabled ?? false)}, valid=${String(b?.valid ?? false)}): ${invalidHint(p, b)}`;
        })
        .join('; ')}`,
      'DEP-VAL-1',
    );
  }
  if (spec.rotationAlert) {
    const since = elapsedSince(event.Data, ctx.now());
    const alerts = await applyRotationAlerts(ctx, api, spec.projectId, spec.rotationAlert, providers, since);
    if (!alerts.done) return { IsComplete: false };
    data.RotationAlertIds = alerts.ids.join(',');
  }
  let history: KeyChange[];
  try {
    // Settled against the live key as the next deploy would, so a confirm that only warned still reads confirmed.
    history = settlePending(await ctx.keyHistory.read(spec.projectId), live);
  } catch (err) {
    if (elapsedSince(event.Data, ctx.now()) < timeout) {
      ctx.log.warn(`${WHAT}: cannot read the key history to return it (${describeError(err)}); trying again`);
      return { IsComplete: false };
    }
    throw new HandlerError(
      `${WHAT}: the change was applied and its key history recorded, but the history cannot be read back for the KeyHistory attribute: ${describeError(err).replace(/^\[DEP-KEEP-1\] /, '')}`,
      'DEP-KEEP-1',
    );
  }
  return { IsComplete: true, Data: { ...data, ...historyData(history) } };
}
