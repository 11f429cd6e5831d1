/**
 * A loopback Atlas Admin API v2 emulator on node:http, faithful enough that `AtlasClient` cannot tell
 * it from Atlas: Digest and service-account auth, versioned media types (406/415), Atlas error bodies,
 * paging envelopes, EAR/CPA/cluster/backup/alert semantics, fault injection and request recording.
 * This file is the public surface and the router; each resource family lives in its own file.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ClusterWire, RestoreJobWire } from '../../../lib/core/atlas/wire';
import { DigestServer, type AtlasEmulatorCredentials } from './auth';
import type { EmulatorDurations } from './common';
import { badRequest } from './errors';
import { Faults } from './faults';
import { listen, route as r, type Route } from './server';
import { EmulatorState } from './state';

export type { AtlasEmulatorCredentials } from './auth';
export { AtlasHttpError } from './errors';
export type { FaultSpec, ActiveFault } from './faults';
export { Faults } from './faults';
export type { EmulatedProvider, EmulatedKeyStatus, EmulatorDurations } from './common';
export { DEFAULT_DURATIONS, INSTANT_DURATIONS, newId } from './common';
export { ATLAS_AWS_ACCOUNT_ARN, type RoleRecord } from './cloud-provider-access';
export type { ClusterRecord } from './clusters';
export type { EndpointRecord, EndpointProvider } from './private-endpoints';
export { masterKeyUuid, type SnapshotRecord, type RestoreJobRecord } from './backups';
export { maskAlert } from './alert-configs';
export { ProjectState } from './project';
export { EmulatorState, type EmulatorCall } from './state';

/** Options of {@link startAtlasEmulator}. */
export interface AtlasEmulatorOptions {
  /** Lifecycle timings; non-zero by default (see {@link DEFAULT_DURATIONS}, {@link INSTANT_DURATIONS}). */
  readonly durations?: EmulatorDurations;
  /**
   * Added to every list's `totalCount`, which the spec documents as "an estimate and may not be exact"; a
   * negative skew catches clients that stop paging once they hold `totalCount` items. @default 0
   */
  readonly totalCountSkew?: number;
  /** Clock for lifecycles, nonces and token expiry. @default Date.now */
  readonly now?: () => number;
  /** Modeled latency per call, for benchmarks. @default 0 */
  readonly latencyMs?: number | ((call: { method: string; path: string }) => number);
  /** OAuth token lifetime. @default 3600 */
  readonly tokenTtlSeconds?: number;
  /** Digest nonce lifetime. @default 300_000 */
  readonly nonceTtlMs?: number;
  /** Answer 404 GROUP_NOT_FOUND for projects not seeded with `state.project()`. @default false */
  readonly knownProjectsOnly?: boolean;
  /** JSON-lines record file. @default process.env.ATLAS_EMULATOR_RECORD */
  readonly recordFile?: string;
}

/** A running emulator. */
export interface AtlasEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (pass as `baseUrl`). */
  readonly url: string;
  /** Listening port. */
  readonly port: number;
  /** Seed and inspect Atlas state. */
  readonly state: EmulatorState;
  /** Fault injection. */
  readonly faults: Faults;
  /** Accepted credentials. */
  readonly credentials: AtlasEmulatorCredentials;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

// Resource versions and statuses per operation, as the Atlas Admin API v2 spec declares them. The emulator
// serves only the versions below (others answer 406): e.g. the legacy 2023-01-01 cluster shapes are not modeled.
const V1 = ['2023-01-01'];
const CLUSTER_READ = ['2023-02-01', '2024-08-05'];
const CLUSTER_WRITE = ['2023-02-01', '2024-08-05', '2024-10-23'];
const CLUSTER_DELETE = ['2023-01-01', '2023-02-01'];
/** Every operation here declares 401, 403, 404, 429 and 500. */
const ANY = [401, 403, 404, 429, 500];
const ok = (...codes: number[]): number[] => [...codes, ...ANY];

const G = '/groups/{groupId}';
const C = `${G}/clusters/{clusterName}`;
const self = (groupId: string, rest: string): string => `/api/atlas/v2/groups/${groupId}${rest}`;

/** The body as an object, or 400 INVALID_JSON ("Received JSON does not match expected format."). */
function obj(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('INVALID_JSON', 'Received JSON does not match expected format.');
  }
  return body as Record<string, unknown>;
}

/** The router: every operation the emulator serves (see README.md), dispatched to its resource family. */
export const ROUTES: readonly Route[] = [
  // ---- encryption at rest
  r(
    {
      operationId: 'getGroupEncryptionAtRest',
      method: 'GET',
      path: `${G}/encryptionAtRest`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => ({ status: 200, body: c.families().encryptionAtRest.view() }),
  ),
  r(
    {
      operationId: 'updateGroupEncryptionAtRest',
      method: 'PATCH',
      path: `${G}/encryptionAtRest`,
      versions: V1,
      statuses: ok(200, 400, 409),
    },
    (c) => ({ status: 200, body: c.families().encryptionAtRest.patch(obj(c.body)) }),
  ),
  // ---- encryption at rest private endpoints. The spec declares no 400 on POST and DELETE, yet Atlas answers one
  // (ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING in terraform-provider-mongodbatlas
  // acceptance-test reports), so 400 is allowed on both.
  r(
    {
      operationId: 'listGroupEncryptionAtRestPrivateEndpoints',
      method: 'GET',
      path: `${G}/encryptionAtRest/{cloudProvider}/privateEndpoints`,
      versions: V1,
      statuses: ok(200),
    },
    (c) =>
      c.page(
        c.families().privateEndpoints.list(c.params[1]),
        self(c.params[0], `/encryptionAtRest/${c.params[1]}/privateEndpoints`),
      ),
  ),
  r(
    {
      operationId: 'createGroupEncryptionAtRestPrivateEndpoint',
      method: 'POST',
      path: `${G}/encryptionAtRest/{cloudProvider}/privateEndpoints`,
      versions: V1,
      statuses: ok(202, 400),
    },
    (c) => ({ status: 202, body: c.families().privateEndpoints.create(c.params[1], obj(c.body)) }),
  ),
  r(
    {
      operationId: 'getGroupEncryptionAtRestPrivateEndpoint',
      method: 'GET',
      path: `${G}/encryptionAtRest/{cloudProvider}/privateEndpoints/{endpointId}`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => {
      const pe = c.families().privateEndpoints;
      return { status: 200, body: pe.view(pe.get(c.params[1], c.params[2])) };
    },
  ),
  r(
    {
      operationId: 'requestGroupEncryptionAtRestPrivateEndpointDeletion',
      method: 'DELETE',
      path: `${G}/encryptionAtRest/{cloudProvider}/privateEndpoints/{endpointId}`,
      versions: V1,
      statuses: ok(204, 400),
    },
    (c) => {
      c.families().privateEndpoints.requestDeletion(c.params[1], c.params[2]);
      return { status: 204 };
    },
  ),
  // ---- cloud provider access
  r(
    {
      operationId: 'listGroupCloudProviderAccess',
      method: 'GET',
      path: `${G}/cloudProviderAccess`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => ({ status: 200, body: c.families().cloudProviderAccess.list() }),
  ),
  r(
    {
      operationId: 'createGroupCloudProviderAccess',
      method: 'POST',
      path: `${G}/cloudProviderAccess`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => ({ status: 200, body: c.families().cloudProviderAccess.create(obj(c.body)) }),
  ),
  r(
    {
      operationId: 'getGroupCloudProviderAccess',
      method: 'GET',
      path: `${G}/cloudProviderAccess/{roleId}`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => {
      const cpa = c.families().cloudProviderAccess;
      return { status: 200, body: cpa.view(cpa.get(c.params[1])) };
    },
  ),
  r(
    {
      operationId: 'authorizeGroupCloudProviderAccessRole',
      method: 'PATCH',
      path: `${G}/cloudProviderAccess/{roleId}`,
      versions: V1,
      statuses: ok(200, 400, 409),
    },
    (c) => ({ status: 200, body: c.families().cloudProviderAccess.authorize(c.params[1], obj(c.body)) }),
  ),
  r(
    {
      operationId: 'deauthorizeGroupCloudProviderAccessRole',
      method: 'DELETE',
      path: `${G}/cloudProviderAccess/{cloudProvider}/{roleId}`,
      versions: V1,
      statuses: ok(204, 400),
    },
    (c) => {
      c.families().cloudProviderAccess.deauthorize(c.params[1], c.params[2]);
      return { status: 204 };
    },
  ),
  // ---- clusters
  r(
    {
      operationId: 'listGroupClusters',
      method: 'GET',
      path: `${G}/clusters`,
      versions: CLUSTER_READ,
      statuses: ok(200),
    },
    (c) =>
      c.page(
        c.families().clusters.list(c.query.get('includeDeletedWithRetainedBackups') === 'true', c.version),
        self(c.params[0], '/clusters'),
      ),
  ),
  r(
    {
      operationId: 'createGroupCluster',
      method: 'POST',
      path: `${G}/clusters`,
      versions: CLUSTER_WRITE,
      statuses: ok(201, 400, 402, 409),
    },
    (c) => ({ status: 201, body: c.families().clusters.create(obj(c.body) as unknown as ClusterWire, c.version) }),
  ),
  r(
    {
      operationId: 'getGroupCluster',
      method: 'GET',
      path: C,
      versions: CLUSTER_READ,
      statuses: ok(200, 409),
    },
    (c) => {
      const clusters = c.families().clusters;
      return { status: 200, body: clusters.view(clusters.get(c.params[1]), c.version) };
    },
  ),
  r(
    {
      operationId: 'updateGroupCluster',
      method: 'PATCH',
      path: C,
      versions: CLUSTER_WRITE,
      statuses: ok(200, 400, 409),
    },
    (c) => ({
      status: 200,
      body: c.families().clusters.update(c.params[1], obj(c.body) as Partial<ClusterWire>, c.version),
    }),
  ),
  r(
    {
      operationId: 'deleteGroupCluster',
      method: 'DELETE',
      path: C,
      versions: CLUSTER_DELETE,
      statuses: ok(202, 400, 409),
    },
    (c) => {
      c.families().clusters.delete(c.params[1], c.query.get('retainBackups') === 'true');
      return { status: 202 };
    },
  ),
  r(
    {
      operationId: 'getGroupClusterStatus',
      method: 'GET',
      path: `${C}/status`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => ({ status: 200, body: c.families().clusters.status(c.params[1]) }),
  ),
  // ---- snapshots and restore jobs
  r(
    {
      operationId: 'listGroupClusterBackupSnapshots',
      method: 'GET',
      path: `${C}/backup/snapshots`,
      versions: V1,
      statuses: ok(200, 400),
    },
    (c) =>
      c.page(
        c.families().backups.listSnapshots(c.params[1]),
        self(c.params[0], `/clusters/${c.params[1]}/backup/snapshots`),
      ),
  ),
  r(
    {
      operationId: 'getGroupClusterBackupSnapshot',
      method: 'GET',
      path: `${C}/backup/snapshots/{snapshotId}`,
      versions: V1,
      statuses: ok(200, 400),
    },
    (c) => ({ status: 200, body: c.families().backups.getSnapshot(c.params[1], c.params[2]) }),
  ),
  r(
    {
      operationId: 'createGroupClusterBackupRestoreJob',
      method: 'POST',
      path: `${C}/backup/restoreJobs`,
      versions: V1,
      statuses: ok(200, 400, 409),
    },
    (c) => ({
      status: 200,
      body: c.families().backups.createRestoreJob(c.params[1], obj(c.body) as unknown as RestoreJobWire),
    }),
  ),
  r(
    {
      operationId: 'listGroupClusterBackupRestoreJobs',
      method: 'GET',
      path: `${C}/backup/restoreJobs`,
      versions: V1,
      statuses: ok(200),
    },
    (c) =>
      c.page(
        c.families().backups.listRestoreJobs(c.params[1]),
        self(c.params[0], `/clusters/${c.params[1]}/backup/restoreJobs`),
      ),
  ),
  r(
    {
      operationId: 'getGroupClusterBackupRestoreJob',
      method: 'GET',
      path: `${C}/backup/restoreJobs/{restoreJobId}`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => ({ status: 200, body: c.families().backups.getRestoreJob(c.params[1], c.params[2]) }),
  ),
  // ---- alert configurations
  r(
    {
      operationId: 'listGroupAlertConfigs',
      method: 'GET',
      path: `${G}/alertConfigs`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => c.page(c.families().alertConfigs.list(), self(c.params[0], '/alertConfigs')),
  ),
  r(
    {
      operationId: 'createGroupAlertConfig',
      method: 'POST',
      path: `${G}/alertConfigs`,
      versions: V1,
      statuses: ok(200, 400),
    },
    (c) => ({ status: 200, body: c.families().alertConfigs.add(obj(c.body)) }),
  ),
  r(
    {
      operationId: 'getGroupAlertConfig',
      method: 'GET',
      path: `${G}/alertConfigs/{alertConfigId}`,
      versions: V1,
      statuses: ok(200),
    },
    (c) => ({ status: 200, body: c.families().alertConfigs.get(c.params[1]) }),
  ),
  r(
    {
      operationId: 'updateGroupAlertConfig',
      method: 'PUT',
      path: `${G}/alertConfigs/{alertConfigId}`,
      versions: V1,
      statuses: ok(200, 400),
    },
    (c) => ({ status: 200, body: c.families().alertConfigs.replace(c.params[1], obj(c.body)) }),
  ),
  // ---- Backup Compliance Policy
  r(
    {
      operationId: 'getGroupBackupCompliancePolicy',
      method: 'GET',
      path: `${G}/backupCompliancePolicy`,
      versions: ['2023-01-01', '2023-10-01'],
      statuses: ok(200),
    },
    (c) => ({ status: 200, body: c.families().backupCompliancePolicy.view() }),
  ),
];

/** Starts the emulator on 127.0.0.1 and a random port. */
export async function startAtlasEmulator(options: AtlasEmulatorOptions = {}): Promise<AtlasEmulator> {
  const now = options.now ?? Date.now;
  const totalCountSkew = options.totalCountSkew ?? 0;
  const state = new EmulatorState(now, options.durations ?? {}, options.knownProjectsOnly ?? false, totalCountSkew);
  const faults = new Faults();
  const credentials: AtlasEmulatorCredentials = {
    apiKey: { type: 'apiKey', publicKey: randomBytes(4).toString('hex'), privateKey: randomUUID() },
    serviceAccount: {
      type: 'serviceAccount',
      clientId: `mdb_sa_id_${randomBytes(12).toString('hex')}`,
      clientSecret: `mdb_sa_sk_${randomBytes(24).toString('base64url')}`,
    },
  };
  const digest = new DigestServer(
    new Map([[credentials.apiKey.publicKey, credentials.apiKey.privateKey]]),
    now,
    options.nonceTtlMs ?? 300_000,
  );
  const server = await listen({
    routes: ROUTES,
    state,
    faults,
    credentials,
    digest,
    now,
    latencyMs: options.latencyMs,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    recordFile: options.recordFile ?? process.env.ATLAS_EMULATOR_RECORD,
    totalCountSkew,
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    state,
    faults,
    credentials,
    stop: () => server.stop(),
  };
}
