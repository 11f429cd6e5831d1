/**
 * `Custom::AtlasProjectEncryption`: the project's encryption-at-rest setting for the providers this
 * resource manages. Physical id: the project id (Atlas holds one setting per project, DEP-EAR-1).
 *
 * - Create/Update: re-run the project rules on resolved values; GET the live setting; refuse to take over
 *   a provider enabled with another key or identity unless `adopt` (DEP-EAR-1); refuse a key change while
 *   the live key is invalid (DEP-KEY-1); PATCH only the managed blocks, each complete (DEP-EAR-2; the
 *   client retries IAM propagation, DEP-IAM-1/3); record key changes in the project's SSM key-history parameter
 *   before the PATCH and confirm them after it (DEP-KEEP-1); return the cumulative history. isComplete then polls
 *   until every managed provider reads back `valid: true` (DEP-VAL-1, within `validationTimeoutMs`) and
 *   applies the rotation alert (DEP-ALERT-1).
 * - A provider dropped from the spec on Update is released (left as it is), or disabled with the same
 *   preflight as a DESTROY delete when `deletePolicy` is DESTROY.
 * - Delete: RETAIN (default) makes no Atlas call. DESTROY preflights (clusters using the provider, Backup
 *   Compliance Policy, snapshots that need the key, key validity) and then disables the managed providers
 *   only (DEP-DIS-1); unmanaged providers are never touched.
 */
import type { AtlasApi } from '../../atlas/api';
import type { EncryptionAtRestWire } from '../../core/atlas/wire';
import { toAtlasKeyRegion } from '../../core/rules/aws-kms';
import { assertNoErrors, validateProjectEncryption, warningsOf } from '../../core/validate';
import type { ProjectEncryptionSpec } from '../../core/model/project';
import type { ProjectEncryptionSpecWire } from '../custom-resources/properties';
import { applyRotationAlerts } from './alerts';
import { HandlerContext } from './context';
import { ConflictError, HandlerError, InvalidRequestError, KeyValidationError, UnsafeChangeError } from './errors';
import {
  appendEntries,
  KEY_HISTORY_DATA_BYTES,
  keyChange,
  KeyHistoryEntry,
  newestThatFit,
  retainUntil,
  settlePending,
  snapshotsNeedingKey,
} from './key-history';
import { BLOCK, blockOf, DATA_PREFIX, invalidHint, isEnabled, KEY_PROVIDERS, KeyProvider, keyRefOf } from './providers';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResponseData } from './types';
import {
  describeError,
  elapsedSince,
  hasErrorCode,
  isDestroy,
  isTransient,
  parseSpec,
  sameJson,
  startedAtData,
} from './util';

const WHAT = 'Custom::AtlasProjectEncryption';
/** Default wait for `valid: true` after a PATCH (DEP-VAL-1: about a minute; Azure RBAC can need longer). */
export const DEFAULT_VALIDATION_TIMEOUT_MS = 120_000;

function parse(props: OnEventRequest['ResourceProperties'] | undefined): ProjectEncryptionSpecWire {
  const spec = parseSpec<ProjectEncryptionSpecWire>(props, WHAT);
  if (!spec.aws && !spec.azure && !spec.gcp) {
    throw new InvalidRequestError(`${WHAT}: the spec configures no provider (aws, azure or gcp)`, 'SYN-PROJ-2');
  }
  return spec;
}

/** The providers a spec manages. */
export function managedProviders(spec: ProjectEncryptionSpecWire | undefined): KeyProvider[] {
  if (!spec) return [];
  return KEY_PROVIDERS.filter((p) => (p === 'AWS' ? spec.aws : p === 'AZURE' ? spec.azure : spec.gcp) !== undefined);
}

/** The spec as the core rules see it. */
export function toModel(spec: ProjectEncryptionSpecWire): ProjectEncryptionSpec {
  return {
    projectId: spec.projectId,
    aws: spec.aws && {
      customerMasterKeyId: spec.aws.customerMasterKeyId,
      region: spec.aws.region,
      roleId: spec.aws.roleId,
      requirePrivateNetworking: spec.aws.requirePrivateNetworking,
    },
    azure: spec.azure && {
      azureEnvironment: spec.azure.azureEnvironment,
      tenantId: spec.azure.tenantId,
      subscriptionId: spec.azure.subscriptionId,
      resourceGroupName: spec.azure.resourceGroupName,
      keyVaultName: spec.azure.keyVaultName,
      keyIdentifier: spec.azure.keyIdentifier,
      clientId: spec.azure.clientId,
      hasClientSecret: spec.azure.clientSecretArn !== undefined,
      roleId: spec.azure.roleId,
      requirePrivateNetworking: spec.azure.requirePrivateNetworking,
    },
    gcp: spec.gcp && {
      keyVersionResourceId: spec.gcp.keyVersionResourceId,
      roleId: spec.gcp.roleId,
      hasServiceAccountKey: spec.gcp.serviceAccountKeySecretArn !== undefined,
    },
    enabledForSearchNodes: spec.enabledForSearchNodes,
    allowShardedClusters: spec.allowShardedClusters,
    allowGcpClusters: spec.allowGcpClusters,
    rotationAlertThresholdDays: spec.rotationAlert?.thresholdDays,
  };
}

/** Re-runs the synth-time project rules on the resolved values (tokens at synth are known now). */
function validate(ctx: HandlerContext, spec: ProjectEncryptionSpecWire): void {
  const result = validateProjectEncryption(toModel(spec), { isUnresolved: () => false, now: new Date(ctx.now()) });
  for (const w of warningsOf(result)) ctx.log.warn(w.message);
  assertNoErrors(result);
}

/** The key reference the spec asks for. */
function specKeyRef(spec: ProjectEncryptionSpecWire, p: KeyProvider): string {
  if (p === 'AWS') return spec.aws?.customerMasterKeyId ?? '';
  if (p === 'AZURE') return spec.azure?.keyIdentifier ?? '';
  return spec.gcp?.keyVersionResourceId ?? '';
}

/** The full managed block of one provider, secrets read from Secrets Manager (DEP-EAR-2). */
async function desiredBlock(
  ctx: HandlerContext,
  spec: ProjectEncryptionSpecWire,
  p: KeyProvider,
): Promise<EncryptionAtRestWire> {
  if (p === 'AWS' && spec.aws) {
    const a = spec.aws;
    return {
      awsKms: {
        enabled: true,
        customerMasterKeyID: a.customerMasterKeyId,
        region: toAtlasKeyRegion(a.region) ?? a.region,
        roleId: a.roleId,
        ...(a.requirePrivateNetworking !== undefined ? { requirePrivateNetworking: a.requirePrivateNetworking } : {}),
      },
    };
  }
  if (p === 'AZURE' && spec.azure) {
    const z = spec.azure;
    const secret = z.clientSecretArn ? await ctx.secrets.string(z.clientSecretArn) : undefined;
    return {
      azureKeyVault: {
        enabled: true,
        azureEnvironment: z.azureEnvironment,
        tenantID: z.tenantId,
        subscriptionID: z.subscriptionId,
        resourceGroupName: z.resourceGroupName,
        keyVaultName: z.keyVaultName,
        keyIdentifier: z.keyIdentifier,
        ...(z.clientId ? { clientID: z.clientId } : {}),
        ...(secret ? { secret } : {}),
        ...(z.roleId ? { roleId: z.roleId } : {}),
        ...(z.requirePrivateNetworking !== undefined ? { requirePrivateNetworking: z.requirePrivateNetworking } : {}),
      },
    };
  }
  if (p === 'GCP' && spec.gcp) {
    const g = spec.gcp;
    const serviceAccountKey = g.serviceAccountKeySecretArn
      ? await ctx.secrets.string(g.serviceAccountKeySecretArn)
      : undefined;
    return {
      googleCloudKms: {
        enabled: true,
        keyVersionResourceID: g.keyVersionResourceId,
        ...(g.roleId ? { roleId: g.roleId } : {}),
        ...(serviceAccountKey ? { serviceAccountKey } : {}),
      },
    };
  }
  return {};
}

async function desiredBody(ctx: HandlerContext, spec: ProjectEncryptionSpecWire): Promise<EncryptionAtRestWire> {
  let body: EncryptionAtRestWire = {};
  for (const p of managedProviders(spec)) body = { ...body, ...(await desiredBlock(ctx, spec, p)) };
  if (spec.enabledForSearchNodes !== undefined) body.enabledForSearchNodes = spec.enabledForSearchNodes;
  return body;
}

/** Why the live block differs in identity from the spec (only fields Atlas returns are compared). */
function identityDifference(
  live: EncryptionAtRestWire,
  spec: ProjectEncryptionSpecWire,
  p: KeyProvider,
): string | undefined {
  const b = blockOf(live, p);
  if (!b) return undefined;
  const diffs: string[] = [];
  const cmp = (field: string, have: string | undefined, want: string | undefined): void => {
    if (have && want && have !== want) diffs.push(`${field} ${JSON.stringify(have)} (spec: ${JSON.stringify(want)})`);
  };
  if (p === 'AWS') cmp('roleId', b.roleId, spec.aws?.roleId);
  if (p === 'AZURE') {
    cmp('roleId', b.roleId, spec.azure?.roleId);
    cmp('clientID', b.clientID, spec.azure?.clientId);
    cmp('tenantID', b.tenantID, spec.azure?.tenantId);
  }
  if (p === 'GCP') cmp('roleId', b.roleId, spec.gcp?.roleId);
  return diffs.length > 0 ? diffs.join(', ') : undefined;
}

/** DEP-KEY-1: a key change while Atlas reports the live key invalid is refused before any call. */
function assertLiveKeyValid(live: EncryptionAtRestWire, p: KeyProvider, what: string): void {
  const b = blockOf(live, p);
  if (b?.enabled === true && b.valid === false) {
    throw new KeyValidationError(
      `${WHAT}: cannot ${what} for ${p}: Atlas reports the current ${BLOCK[p]} configuration invalid (key ${keyRefOf(b, p) ?? 'unknown'}). ` +
        `Atlas refuses to change the key or disable encryption while the key is unusable: restore key access first (re-enable the key, cancel its deletion, or restore the grant), then deploy again. Hint: ${invalidHint(p, b)}`,
      'DEP-KEY-1',
    );
  }
}

/** PATCH with errors mapped to clear, rule-tagged failures. */
async function patch(api: AtlasApi, projectId: string, body: EncryptionAtRestWire): Promise<EncryptionAtRestWire> {
  try {
    return await api.updateEncryptionAtRest(projectId, body);
  } catch (err) {
    if (hasErrorCode(err, 'ENCRYPTION_AT_REST_SETTINGS_INVALID')) {
      throw new KeyValidationError(
        `${WHAT}: Atlas rejected the change because the current key is invalid: restore key access first. ${describeError(err)}`,
        'DEP-KEY-1',
      );
    }
    if (
      hasErrorCode(err, 'CANNOT_ASSUME_ROLE', 'INVALID_AWS_CREDENTIALS', 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED')
    ) {
      throw new KeyValidationError(
        `${WHAT}: Atlas could not use the AWS role within the IAM propagation budget: check the role's trust policy (Atlas AWS account ARN, external id), its KMS grant, and that the role is authorized. ${describeError(err)}`,
        'DEP-IAM-1',
      );
    }
    if (
      hasErrorCode(
        err,
        'INVALID_AZURE_CREDENTIALS',
        'INVALID_GOOGLE_CLOUD_CREDENTIALS',
        'NO_PERMISSION_TO_ENCRYPT_DECRYPT',
      )
    ) {
      throw new KeyValidationError(
        `${WHAT}: Atlas could not use the key within the grant propagation budget: check the identity's permissions on the key (docs/permissions.md). ${describeError(err)}`,
        'DEP-IAM-3',
      );
    }
    if (
      hasErrorCode(
        err,
        'CANNOT_DISABLE_ENCRYPTION_AT_REST',
        'CANNOT_DISABLE_ENCRYPTION_AT_REST_WITH_BACKUP_COMPLIANCE_POLICY',
        'CAN_NOT_DISABLE_ALL_ENCRYPTION_AT_REST_SETTINGS_WHILE_BACKUP_COMPLIANCE_POLICY_ENCRYPTION_ENABLED',
        'CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
        'CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST',
      )
    ) {
      throw new UnsafeChangeError(
        `${WHAT}: Atlas refused to disable encryption at rest: ${describeError(err)}`,
        'DEP-DIS-1',
      );
    }
    throw new HandlerError(`${WHAT}: PATCH encryptionAtRest failed: ${describeError(err)}`);
  }
}

/**
 * Disables `providers` after the DEP-DIS-1 / DEP-KEEP-1 / DEP-KEY-1 preflight; the body carries only
 * `{<block>: {enabled: false}}` for those providers.
 */
async function disableProviders(
  ctx: HandlerContext,
  api: AtlasApi,
  projectId: string,
  providers: readonly KeyProvider[],
): Promise<void> {
  const live = await api.getEncryptionAtRest(projectId);
  const enabled = providers.filter((p) => isEnabled(live, p));
  if (enabled.length === 0) {
    ctx.log.info(`${WHAT}: ${providers.join(', ')} already disabled on project ${projectId}`);
    return;
  }
  const clusters = await api.listClusters(projectId);
  const users = clusters.filter((c) => enabled.includes(c.encryptionAtRestProvider as KeyProvider));
  if (users.length > 0) {
    throw new UnsafeChangeError(
      `${WHAT}: cannot disable ${enabled.join(', ')} on project ${projectId}: clusters still use it: ${users
        .map((c) => `${c.name} (${c.encryptionAtRestProvider})`)
        .join(', ')}. Set their encryptionProvider to NONE (or delete them) first`,
      'DEP-DIS-1',
    );
  }
  const policy = await api.getBackupCompliancePolicy(projectId);
  if (policy?.encryptionAtRestEnabled === true) {
    throw new UnsafeChangeError(
      `${WHAT}: cannot disable ${enabled.join(', ')} on project ${projectId}: its Backup Compliance Policy requires encryption at rest (encryptionAtRestEnabled), which only MongoDB Support can lift`,
      'DEP-DIS-1',
    );
  }
  for (const p of enabled) {
    const needs = await snapshotsNeedingKey(api, projectId, p, ctx.now());
    if (needs.length > 0) {
      throw new UnsafeChangeError(
        `${WHAT}: cannot disable ${p} on project ${projectId}: snapshots may still need its key: ${needs
          .map((n) => `${n.cluster} (${n.snapshots} snapshot(s), latest expiry ${n.latestExpiresAt ?? 'none'})`)
          .join(', ')}. Keep the provider until those snapshots expire`,
        'DEP-KEEP-1',
      );
    }
    assertLiveKeyValid(live, p, 'disable encryption at rest');
  }
  const body: EncryptionAtRestWire = {};
  for (const p of enabled) (body as Record<string, unknown>)[BLOCK[p]] = { enabled: false };
  await patch(api, projectId, body);
  ctx.log.info(`${WHAT}: disabled ${enabled.join(', ')} on project ${projectId}`);
}

/** Applies the spec; returns the project's cumulative key history (with this deploy's changes). Create and Update. */
async function apply(
  ctx: HandlerContext,
  spec: ProjectEncryptionSpecWire,
  old: ProjectEncryptionSpecWire | undefined,
): Promise<KeyHistoryEntry[]> {
  validate(ctx, spec);
  const api = await ctx.atlas(spec);
  const live = await api.getEncryptionAtRest(spec.projectId);
  const oldManaged = managedProviders(old);
  const changes: Array<{ p: KeyProvider; from: string; to: string }> = [];
  for (const p of managedProviders(spec)) {
    const want = specKeyRef(spec, p);
    const liveKey = keyRefOf(blockOf(live, p), p);
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
    const from = liveKey ?? (wasManaged && old ? specKeyRef(old, p) : undefined);
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
  const history: KeyHistoryEntry[] = [];
  for (const c of changes) {
    history.push(keyChange(c.p, c.from, c.to, ctx.now(), await retainUntil(api, spec.projectId, c.p, ctx.now())));
  }
  const recorded = await recordKeyChanges(ctx, spec.projectId, live, history);
  // A PATCH that fails leaves the entries pending: a timeout may still have applied it, so the next deploy (the
  // rollback's Update comes at once) settles them against the live key rather than this invocation guessing.
  await patch(api, spec.projectId, await desiredBody(ctx, spec));
  const all = appendEntries(recorded, history);
  if (history.length > 0) await confirmHistory(ctx, spec.projectId, all);
  for (const h of history) {
    ctx.log.info(`atlas-ear key-history ${JSON.stringify({ projectId: spec.projectId, ...h })}`);
    ctx.log.warn(
      `DEP-KEEP-1: keep the previous ${h.provider} key ${h.from} enabled until ${h.retainPreviousKeyUntil} (plus the point-in-time restore window): snapshots taken with it are not re-encrypted`,
    );
  }
  return all;
}

/**
 * Reads the project's durable key history, settles entries an earlier invocation left pending, and records this
 * deploy's `changes` as pending *before* the PATCH (DEP-KEEP-1): a key change is never made without its record, and
 * a failed read or write fails the deploy while Atlas still has the previous key. Returns the settled history
 * without `changes`.
 */
async function recordKeyChanges(
  ctx: HandlerContext,
  projectId: string,
  live: EncryptionAtRestWire,
  changes: readonly KeyHistoryEntry[],
): Promise<KeyHistoryEntry[]> {
  try {
    const stored = await ctx.keyHistory.read(projectId);
    const settled = settlePending(stored, live);
    const pending = changes.map((c): KeyHistoryEntry => ({ ...c, status: 'pending' }));
    if (pending.length > 0 || !sameJson(settled, stored)) {
      await ctx.keyHistory.write(projectId, appendEntries(settled, pending));
    }
    return settled;
  } catch (err) {
    const what = changes.length > 0 ? 'the key change was not made' : 'nothing was changed';
    throw new HandlerError(
      `${WHAT}: ${describeError(err).replace(/^\[DEP-KEEP-1\] /, '')}. Atlas still has the previous configuration (${what}): a key change is made only once it is recorded`,
      'DEP-KEEP-1',
    );
  }
}

/** Writes the confirmed history after the PATCH; a failure only warns (the next deploy settles the pending entries). */
async function confirmHistory(
  ctx: HandlerContext,
  projectId: string,
  entries: readonly KeyHistoryEntry[],
): Promise<void> {
  try {
    await ctx.keyHistory.write(projectId, entries);
  } catch (err) {
    ctx.log.warn(
      `${WHAT}: ${describeError(err)}; the new entries stay marked pending until the next deploy settles them`,
    );
  }
}

/**
 * `KeyHistory` (the cumulative history; the newest entries when it exceeds {@link KEY_HISTORY_DATA_BYTES}, the SSM
 * parameter keeps them all) and `RetainPreviousKeysUntil` (the latest date over the whole history, or
 * `indefinitely…` when a snapshot never expires).
 */
function historyData(history: readonly KeyHistoryEntry[]): ResponseData {
  const retains = history.map((h) => h.retainPreviousKeyUntil);
  const retain = retains
    .filter((r) => /^\d{4}-/.test(r))
    .sort()
    .at(-1);
  return {
    KeyHistory: JSON.stringify(newestThatFit(history, KEY_HISTORY_DATA_BYTES)),
    RetainPreviousKeysUntil: retains.find((r) => r.startsWith('indefinitely')) ?? retain ?? 'none',
  };
}

export async function onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const history = await apply(ctx, spec, undefined);
  return { PhysicalResourceId: spec.projectId, Data: { ...startedAtData(ctx.now()), ...historyData(history) } };
}

export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const old = parse(event.OldResourceProperties);
  // Another project is a new physical id: CloudFormation then deletes the old one (RETAIN by default).
  const history = await apply(ctx, spec, old.projectId === spec.projectId ? old : undefined);
  return { PhysicalResourceId: spec.projectId, Data: { ...startedAtData(ctx.now()), ...historyData(history) } };
}

export async function onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const id = event.PhysicalResourceId ?? spec.projectId;
  if (!isDestroy(spec)) {
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
  await disableProviders(ctx, api, spec.projectId, managedProviders(spec));
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
    data[`${DATA_PREFIX[p]}Valid`] = String(valid);
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
          return `${p} (${BLOCK[p]} enabled=${String(b?.enabled ?? false)}, valid=${String(b?.valid ?? false)}): ${invalidHint(p, b)}`;
        })
        .join('; ')}`,
      'DEP-VAL-1',
    );
  }
  if (spec.rotationAlert) {
    const ids = await applyRotationAlerts(ctx, api, spec.projectId, spec.rotationAlert, providers);
    data.RotationAlertIds = ids.join(',');
  }
  return { IsComplete: true, Data: { ...data, KeyHistory: event.Data?.KeyHistory ?? '[]' } };
}
