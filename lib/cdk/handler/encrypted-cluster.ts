/**
 * `Custom::AtlasEncryptedCluster`: a cluster created by the library (mode CREATE) or adopted by name
 * (mode ADOPT), and the key provider it uses. Physical id: `<projectId>:<name>`.
 *
 * Every Create/Update first re-reads the live cluster and the project's encryption and re-runs the core
 * cluster rules on live state (tier, topology opt-in, cloud, legacy backup, provider enabled on the project);
 * a violation fails the deploy with the rule id before anything changes. Before a provider is set on a
 * cluster the project's provider must read back `valid: true` (DEP-VAL-1).
 *
 * State machine (DEP-SW-1, DEP-CLU-1). onEvent issues the first change and records `StartedAt`; isComplete
 * derives the next step from live Atlas state plus the spec, never from state of its own:
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
 * target; Atlas refuses the target before step 1 finishes) and a warning saying so. Pair the Provider
 * framework's `totalTimeout` with a larger value than `timeoutSeconds`.
 *
 * Delete: RETAIN (default) leaves the cluster and its encryption as they are. DESTROY terminates the cluster
 * (`retainBackups=true`, so snapshots survive) and waits for 404 (a timeout completes, `Converged: false`).
 * The library never sets NONE on a cluster that keeps existing unless the spec asks for NONE.
 */
import type { AtlasApi } from '../../atlas/api';
import type { ClusterWire, EncryptionAtRestWire, RegionConfigWire } from '../../core/atlas/wire';
import type { ClusterSpec } from '../../core/model/cluster';
import { clusterSpecFromWire } from '../../core/atlas/cluster';
import type { ProjectEncryptionSpec } from '../../core/model/project';
import { assertNoErrors, validateCluster, warningsOf } from '../../core/validate';
import type { ClusterRegionWireSpec, EncryptedClusterSpec } from '../custom-resources/properties';
import { HandlerContext } from './context';
import { ConflictError, HandlerError, InvalidRequestError, KeyValidationError, NotFoundError } from './errors';
import { blockOf, invalidHint, isEnabled, KeyProvider, keyRefOf } from './providers';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResponseData } from './types';
import {
  answerLost,
  describeError,
  elapsedSince,
  hasErrorCode,
  isDestroy,
  isTransient,
  parseSpec,
  sameJson,
  startedAtData,
} from './util';

const WHAT = 'Custom::AtlasEncryptedCluster';
/** Default total wait for IDLE: 45 minutes, inside CloudFormation's one-hour custom-resource limit. */
export const DEFAULT_TIMEOUT_SECONDS = 45 * 60;
const PROVIDERS = ['AWS', 'AZURE', 'GCP', 'NONE'];

type Provider = KeyProvider | 'NONE';

function parse(props: OnEventRequest['ResourceProperties'] | undefined): EncryptedClusterSpec {
  const spec = parseSpec<EncryptedClusterSpec>(props, WHAT, ['name', 'mode', 'encryptionProvider']);
  if (spec.mode !== 'CREATE' && spec.mode !== 'ADOPT') {
    throw new InvalidRequestError(`${WHAT}: mode must be CREATE or ADOPT (got ${JSON.stringify(spec.mode)})`);
  }
  if (!PROVIDERS.includes(spec.encryptionProvider)) {
    throw new InvalidRequestError(
      `${WHAT}: encryptionProvider must be one of ${PROVIDERS.join(', ')} (got ${JSON.stringify(spec.encryptionProvider)})`,
    );
  }
  if (spec.mode === 'CREATE' && (!spec.regions || spec.regions.length === 0)) {
    throw new InvalidRequestError(`${WHAT}: mode CREATE needs at least one region`);
  }
  return spec;
}

function physicalId(spec: EncryptedClusterSpec): string {
  return `${spec.projectId}:${spec.name}`;
}

function providerOf(cluster: ClusterWire): Provider {
  const p = cluster.encryptionAtRestProvider;
  return p === 'AWS' || p === 'AZURE' || p === 'GCP' ? p : 'NONE';
}

// ---------------------------------------------------------------------------------------------
// Live state → the core model, so the same rules run at deploy time.

/** The live cluster as the core rules see it, with the provider the spec asks for. */
export function liveToModel(cluster: ClusterWire, provider: string): ClusterSpec {
  return clusterSpecFromWire(cluster, { encryptionProvider: provider });
}

/** The spec's cluster as the core rules see it (CREATE mode). */
export function specToModel(spec: EncryptedClusterSpec): ClusterSpec {
  return {
    name: spec.name,
    clusterType: spec.topology ?? 'REPLICASET',
    regions: (spec.regions ?? []).map((r) => ({
      cloud: r.cloud,
      regionName: r.regionName,
      instanceSize: r.instanceSize,
      nodeCount: r.nodeCount,
      readOnlyInstanceSize: r.readOnlyInstanceSize,
      analyticsInstanceSize: r.analyticsInstanceSize,
      autoScalingMinInstanceSize: r.autoScalingMinInstanceSize,
    })),
    encryptionProvider: spec.encryptionProvider,
    backupEnabled: spec.cloudBackup ?? true,
    pitEnabled: spec.pointInTime ?? false,
    mongoDbMajorVersion: spec.mongoDbMajorVersion,
  };
}

/** The live project encryption as the core rules see it: enabled providers, plus the spec's opt-ins. */
export function liveProjectModel(
  projectId: string,
  ear: EncryptionAtRestWire,
  spec: EncryptedClusterSpec,
): ProjectEncryptionSpec {
  const aws = blockOf(ear, 'AWS');
  const azure = blockOf(ear, 'AZURE');
  const gcp = blockOf(ear, 'GCP');
  return {
    projectId,
    aws: isEnabled(ear, 'AWS')
      ? {
          customerMasterKeyId: keyRefOf(aws, 'AWS') ?? '',
          region: aws?.region ?? '',
          requirePrivateNetworking: aws?.requirePrivateNetworking,
        }
      : undefined,
    azure: isEnabled(ear, 'AZURE')
      ? {
          azureEnvironment: azure?.azureEnvironment ?? 'AZURE',
          tenantId: azure?.tenantID ?? '',
          subscriptionId: azure?.subscriptionID ?? '',
          resourceGroupName: azure?.resourceGroupName ?? '',
          keyVaultName: azure?.keyVaultName ?? '',
          keyIdentifier: keyRefOf(azure, 'AZURE') ?? '',
          requirePrivateNetworking: azure?.requirePrivateNetworking,
        }
      : undefined,
    gcp: isEnabled(ear, 'GCP') ? { keyVersionResourceId: keyRefOf(gcp, 'GCP') ?? '' } : undefined,
    allowShardedClusters: spec.allowShardedClusters,
    allowGcpClusters: spec.allowGcpClusters,
  };
}

/** Runs the core cluster rules; throws EarValidationError (with the rule id) on any error. */
function check(ctx: HandlerContext, model: ClusterSpec, project: ProjectEncryptionSpec): void {
  const result = validateCluster(model, project, { isUnresolved: () => false });
  for (const w of warningsOf(result)) ctx.log.warn(w.message);
  assertNoErrors(result);
}

/** DEP-VAL-1: the project's provider must be enabled and valid before a cluster uses it. */
function assertProviderValid(ear: EncryptionAtRestWire, provider: Provider, projectId: string): void {
  if (provider === 'NONE') return;
  const b = blockOf(ear, provider);
  if (b?.enabled === true && b.valid === false) {
    throw new KeyValidationError(
      `${WHAT}: provider ${provider} is enabled on project ${projectId} but Atlas reports its key configuration invalid; refusing to set it on a cluster: ${invalidHint(provider, b)}`,
      'DEP-VAL-1',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Atlas calls

function createBody(spec: EncryptedClusterSpec): ClusterWire {
  const regionConfig = (r: ClusterRegionWireSpec, i: number): RegionConfigWire => {
    const rc: RegionConfigWire = {
      providerName: r.cloud,
      regionName: r.regionName,
      priority: Math.max(7 - i, 1),
      electableSpecs: { instanceSize: r.instanceSize, nodeCount: r.nodeCount ?? 3 },
    };
    if (r.readOnlyInstanceSize || r.readOnlyNodeCount) {
      rc.readOnlySpecs = {
        instanceSize: r.readOnlyInstanceSize ?? r.instanceSize,
        nodeCount: r.readOnlyNodeCount ?? 1,
      };
    }
    if (r.analyticsInstanceSize || r.analyticsNodeCount) {
      rc.analyticsSpecs = {
        instanceSize: r.analyticsInstanceSize ?? r.instanceSize,
        nodeCount: r.analyticsNodeCount ?? 1,
      };
    }
    if (r.autoScalingMinInstanceSize || r.autoScalingMaxInstanceSize) {
      rc.autoScaling = {
        compute: {
          enabled: true,
          minInstanceSize: r.autoScalingMinInstanceSize,
          maxInstanceSize: r.autoScalingMaxInstanceSize,
        },
      };
    }
    return rc;
  };
  // Never the legacy backup fields (SYN-BKP-1): only backupEnabled (Cloud Backup) and pitEnabled.
  return {
    name: spec.name,
    clusterType: spec.topology ?? 'REPLICASET',
    backupEnabled: spec.cloudBackup ?? true,
    pitEnabled: spec.pointInTime ?? false,
    encryptionAtRestProvider: spec.encryptionProvider,
    ...(spec.mongoDbMajorVersion ? { mongoDBMajorVersion: spec.mongoDbMajorVersion } : {}),
    replicationSpecs: [{ regionConfigs: (spec.regions ?? []).map(regionConfig) }],
  };
}

/** PATCH with Atlas errors mapped to clear failures. */
async function patchCluster(api: AtlasApi, spec: EncryptedClusterSpec, body: Partial<ClusterWire>): Promise<void> {
  try {
    await api.updateCluster(spec.projectId, spec.name, body);
  } catch (err) {
    if (hasErrorCode(err, 'CANNOT_UPDATE_PAUSED_CLUSTER')) {
      throw new ConflictError(
        `${WHAT}: cluster ${spec.name} is paused and Atlas accepts no change but resuming it (CANNOT_UPDATE_PAUSED_CLUSTER): resume it, then deploy again`,
        'DEP-CLU-1',
      );
    }
    if (hasErrorCode(err, 'CANNOT_CHANGE_ENCRYPTION_AT_REST_PROVIDER')) {
      throw new ConflictError(
        `${WHAT}: Atlas refused a direct provider switch on ${spec.name}; the switch goes through NONE: ${describeError(err)}`,
        'DEP-SW-1',
      );
    }
    if (hasErrorCode(err, 'ENCRYPTION_AT_REST_NOT_ENABLED')) {
      throw new ConflictError(
        `${WHAT}: provider ${spec.encryptionProvider} is not enabled on project ${spec.projectId}: ${describeError(err)}`,
        'SYN-PROJ-1',
      );
    }
    if (isTransient(err)) throw err;
    throw new HandlerError(`${WHAT}: PATCH cluster ${spec.name} failed: ${describeError(err)}`);
  }
}

/**
 * Moves a live cluster one step towards the spec's provider: the target directly, or NONE first when it
 * is on another provider (DEP-SW-1). Returns the step taken.
 */
async function stepTowards(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: EncryptedClusterSpec,
  cluster: ClusterWire,
  ear: EncryptionAtRestWire,
  extra: Partial<ClusterWire> = {},
): Promise<'NOOP' | 'TARGET' | 'NONE_FIRST'> {
  const current = providerOf(cluster);
  const target = spec.encryptionProvider as Provider;
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

function regionKey(regions: ReadonlyArray<{ cloud: string; regionName: string; instanceSize: string }>): string {
  return regions
    .map((r) => `${r.cloud}:${r.regionName}:${r.instanceSize}`)
    .sort()
    .join(',');
}

/** True when an existing cluster is the one this spec would create (a retried Create). */
function matchesSpec(cluster: ClusterWire, spec: EncryptedClusterSpec): boolean {
  const live = liveToModel(cluster, spec.encryptionProvider);
  return (
    (cluster.clusterType ?? 'REPLICASET') === (spec.topology ?? 'REPLICASET') &&
    regionKey(live.regions) === regionKey(spec.regions ?? [])
  );
}

async function converge(
  ctx: HandlerContext,
  api: AtlasApi,
  spec: EncryptedClusterSpec,
  cluster: ClusterWire,
  ear: EncryptionAtRestWire,
  extra: Partial<ClusterWire> = {},
): Promise<OnEventResponse> {
  const project = liveProjectModel(spec.projectId, ear, spec);
  const live = liveToModel(cluster, spec.encryptionProvider);
  // Backup changes this deploy makes are checked as they will be.
  const model: ClusterSpec = {
    ...live,
    backupEnabled: extra.backupEnabled ?? live.backupEnabled,
    pitEnabled: extra.pitEnabled ?? live.pitEnabled,
  };
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

async function create(ctx: HandlerContext, spec: EncryptedClusterSpec): Promise<OnEventResponse> {
  const api = await ctx.atlas(spec);
  const ear = await api.getEncryptionAtRest(spec.projectId);
  const existing = await api.getCluster(spec.projectId, spec.name);
  if (spec.mode === 'ADOPT') {
    if (!existing)
      throw new NotFoundError(`${WHAT}: mode ADOPT: no cluster named ${spec.name} in project ${spec.projectId}`);
    return converge(ctx, api, spec, existing, ear);
  }
  const project = liveProjectModel(spec.projectId, ear, spec);
  if (existing) {
    if (!matchesSpec(existing, spec)) {
      throw new ConflictError(
        `${WHAT}: a cluster named ${spec.name} already exists in project ${spec.projectId} with a different shape; use mode ADOPT to take it over, or choose another name (nothing was changed)`,
      );
    }
    ctx.log.info(
      `${WHAT}: cluster ${spec.name} already exists and matches the spec (retried Create): converging instead of creating`,
    );
    return converge(ctx, api, spec, existing, ear);
  }
  check(ctx, specToModel(spec), project);
  assertProviderValid(ear, spec.encryptionProvider as Provider, spec.projectId);
  for (let attempt = 1; ; attempt++) {
    try {
      await api.createCluster(spec.projectId, createBody(spec));
      break;
    } catch (err) {
      // The client never repeats a POST: after a duplicate name or a lost answer, look for the cluster first.
      const lost = answerLost(err) && attempt < CREATE_ATTEMPTS;
      if (hasErrorCode(err, 'DUPLICATE_CLUSTER_NAME') || lost) {
        const again = await api.getCluster(spec.projectId, spec.name);
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
  return create(ctx, parse(event.ResourceProperties));
}

export async function onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse> {
  const spec = parse(event.ResourceProperties);
  const old = parse(event.OldResourceProperties);
  if (physicalId(spec) !== physicalId(old)) {
    // Another cluster: a new physical id; CloudFormation then deletes the old one (RETAIN by default).
    return create(ctx, spec);
  }
  const api = await ctx.atlas(spec);
  const ear = await api.getEncryptionAtRest(spec.projectId);
  const cluster = await api.getCluster(spec.projectId, spec.name);
  if (!cluster) {
    throw new NotFoundError(
      `${WHAT}: cluster ${spec.name} no longer exists in project ${spec.projectId} (deleted outside this stack?)`,
    );
  }
  const extra: Partial<ClusterWire> = {};
  if (spec.mode === 'CREATE') {
    const shape = (s: EncryptedClusterSpec): unknown => [
      s.topology ?? 'REPLICASET',
      s.regions ?? [],
      s.mongoDbMajorVersion ?? null,
    ];
    if (old.mode === 'CREATE' && !sameJson(shape(spec), shape(old))) {
      throw new InvalidRequestError(
        `${WHAT}: cluster ${spec.name}: changes to topology, regions, instance sizes or MongoDB version are not applied by this library; make them in Atlas or revert them in the stack (nothing was changed)`,
      );
    }
    const backupEnabled = spec.cloudBackup ?? true;
    const pitEnabled = spec.pointInTime ?? false;
    if (cluster.backupEnabled !== backupEnabled) extra.backupEnabled = backupEnabled;
    if ((cluster.pitEnabled ?? false) !== pitEnabled) extra.pitEnabled = pitEnabled;
  }
  return converge(ctx, api, spec, cluster, ear, extra);
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
  if (cluster.terminationProtectionEnabled) {
    throw new ConflictError(
      `${WHAT}: cluster ${spec.name} has termination protection on; turn it off in Atlas to let deletePolicy DESTROY terminate it, or set deletePolicy RETAIN`,
    );
  }
  try {
    await api.deleteCluster(spec.projectId, spec.name, { retainBackups: true });
  } catch (err) {
    if (!hasErrorCode(err, 'CLUSTER_NOT_FOUND', 'RESOURCE_NOT_FOUND')) {
      throw new HandlerError(`${WHAT}: terminating cluster ${spec.name} failed: ${describeError(err)}`);
    }
  }
  ctx.log.info(
    `${WHAT}: terminating cluster ${spec.name} (retainBackups=true: its snapshots survive and still need their keys, DEP-KEEP-1)`,
  );
  return { PhysicalResourceId: id, Data: { ...startedAtData(ctx.now()), ClusterName: spec.name } };
}

function timedOut(ctx: HandlerContext, spec: EncryptedClusterSpec, data: ResponseData | undefined): boolean {
  return elapsedSince(data, ctx.now()) >= (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
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

export async function isComplete(ctx: HandlerContext, event: IsCompleteRequest): Promise<IsCompleteResponse> {
  const spec = parse(event.ResourceProperties);
  if (event.RequestType === 'Delete') {
    if (!isDestroy(spec) || event.PhysicalResourceId !== physicalId(spec)) return { IsComplete: true };
    const api = await ctx.atlas(spec);
    let cluster: ClusterWire | undefined;
    try {
      cluster = await api.getCluster(spec.projectId, spec.name);
    } catch (err) {
      if (!isTransient(err)) throw err;
      ctx.log.warn(`${WHAT}: transient error while polling ${spec.name}: ${describeError(err)}`);
      return timedOut(ctx, spec, event.Data)
        ? notConverged(ctx, spec, 'termination', 'UNKNOWN')
        : { IsComplete: false };
    }
    if (!cluster)
      return { IsComplete: true, Data: { ClusterName: spec.name, Converged: 'true', StateName: 'DELETED' } };
    return timedOut(ctx, spec, event.Data)
      ? notConverged(ctx, spec, 'termination', cluster.stateName ?? 'UNKNOWN')
      : { IsComplete: false };
  }

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
  const current = providerOf(cluster);
  const target = spec.encryptionProvider as Provider;
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
