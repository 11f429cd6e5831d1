/**
 * A loopback Atlas Admin API v2 emulator on node:http, faithful enough that `AtlasClient` cannot tell
 * it from Atlas: Digest and service-account auth, versioned media types (406/415), Atlas error bodies,
 * paging envelopes, EAR/CPA/cluster/backup/alert semantics, fault injection and request recording.
 * This file is the public surface and the router; each resource family lives in its own file.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { AlertConfigWire, ClusterWire, RestoreJobWire } from '../../../lib/atlas/types';
import { DigestServer, type AtlasEmulatorCredentials } from './auth';
import type { EmulatorDurations } from './common';
import { AtlasHttpError } from './errors';
import { Faults } from './faults';
import { page } from './paging';
import { listen, route as r, type Route } from './server';
import { EmulatorState } from './state';

export type { AtlasEmulatorCredentials } from './auth';
export { AtlasHttpError } from './errors';
export type { FaultSpec, ActiveFault } from './faults';
export { Faults } from './faults';
export type { EmulatedProvider, EmulatedKeyStatus, EmulatorDurations } from './common';
export { newId } from './common';
export { ATLAS_AWS_ACCOUNT_ARN, type RoleRecord } from './cloud-provider-access';
export type { ClusterRecord } from './clusters';
export { masterKeyUuid, type SnapshotRecord, type RestoreJobRecord } from './backups';
export { maskAlert } from './alert-configs';
export { ProjectState } from './project';
export { EmulatorState, type EmulatorCall } from './state';

/** Options of {@link startAtlasEmulator}. */
export interface AtlasEmulatorOptions {
  /** Lifecycle timings (cluster create/update/delete, GCP role, restore). All default to 0 ms. */
  readonly durations?: EmulatorDurations;
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

const V1 = ['2023-01-01'];
const CLUSTER_READ = ['2023-02-01', '2024-08-05'];
const CLUSTER_WRITE = ['2023-02-01', '2024-08-05', '2024-10-23'];
const CLUSTER_DELETE = ['2023-01-01', '2023-02-01'];

const G = '/groups/([^/]+)';
const C = `${G}/clusters/([^/]+)`;
const self = (groupId: string, rest: string): string => `/api/atlas/v2/groups/${groupId}${rest}`;

function obj(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AtlasHttpError(400, 'INVALID_JSON', 'Received JSON does not match expected format.');
  }
  return body as Record<string, unknown>;
}

/** The router: every operation the emulator serves, dispatched to its resource family. */
const ROUTES: Route[] = [
  // ---- encryption at rest
  r('GET', `${G}/encryptionAtRest`, V1, (c) => ({ status: 200, body: c.families().encryptionAtRest.view() })),
  r('PATCH', `${G}/encryptionAtRest`, V1, (c) => ({
    status: 200,
    body: c.families().encryptionAtRest.patch(obj(c.body)),
  })),
  // ---- cloud provider access
  r('GET', `${G}/cloudProviderAccess`, V1, (c) => ({ status: 200, body: c.families().cloudProviderAccess.list() })),
  r('POST', `${G}/cloudProviderAccess`, V1, (c) => ({
    status: 200,
    body: c.families().cloudProviderAccess.create(obj(c.body)),
  })),
  r('GET', `${G}/cloudProviderAccess/([^/]+)`, V1, (c) => {
    const cpa = c.families().cloudProviderAccess;
    return { status: 200, body: cpa.view(cpa.get(c.params[1])) };
  }),
  r('PATCH', `${G}/cloudProviderAccess/([^/]+)`, V1, (c) => ({
    status: 200,
    body: c.families().cloudProviderAccess.authorize(c.params[1], obj(c.body)),
  })),
  r('DELETE', `${G}/cloudProviderAccess/(AWS|AZURE|GCP)/([^/]+)`, V1, (c) => {
    c.families().cloudProviderAccess.deauthorize(c.params[1], c.params[2]);
    return { status: 204 };
  }),
  // ---- clusters
  r('GET', `${G}/clusters`, CLUSTER_READ, (c) => {
    const clusters = c.families().clusters.list(c.query.get('includeDeletedWithRetainedBackups') === 'true');
    return page(clusters, c.query, self(c.params[0], '/clusters'));
  }),
  r('POST', `${G}/clusters`, CLUSTER_WRITE, (c) => ({
    status: 201,
    body: c.families().clusters.create(obj(c.body) as unknown as ClusterWire),
  })),
  r('GET', C, CLUSTER_READ, (c) => {
    const clusters = c.families().clusters;
    return { status: 200, body: clusters.view(clusters.get(c.params[1])) };
  }),
  r('PATCH', C, CLUSTER_WRITE, (c) => ({
    status: 200,
    body: c.families().clusters.update(c.params[1], obj(c.body) as Partial<ClusterWire>),
  })),
  r('DELETE', C, CLUSTER_DELETE, (c) => {
    c.families().clusters.delete(c.params[1], c.query.get('retainBackups') === 'true');
    return { status: 202 };
  }),
  // ---- snapshots and restore jobs
  r('GET', `${C}/backup/snapshots`, V1, (c) =>
    page(
      c.families().backups.listSnapshots(c.params[1]),
      c.query,
      self(c.params[0], `/clusters/${c.params[1]}/backup/snapshots`),
    ),
  ),
  r('GET', `${C}/backup/snapshots/([^/]+)`, V1, (c) => ({
    status: 200,
    body: c.families().backups.getSnapshot(c.params[1], c.params[2]),
  })),
  r('POST', `${C}/backup/restoreJobs`, V1, (c) => ({
    status: 200,
    body: c.families().backups.createRestoreJob(c.params[1], obj(c.body) as unknown as RestoreJobWire),
  })),
  r('GET', `${C}/backup/restoreJobs`, V1, (c) =>
    page(
      c.families().backups.listRestoreJobs(c.params[1]),
      c.query,
      self(c.params[0], `/clusters/${c.params[1]}/backup/restoreJobs`),
    ),
  ),
  r('GET', `${C}/backup/restoreJobs/([^/]+)`, V1, (c) => ({
    status: 200,
    body: c.families().backups.getRestoreJob(c.params[1], c.params[2]),
  })),
  // ---- alert configurations
  r('GET', `${G}/alertConfigs`, V1, (c) =>
    page(c.families().alertConfigs.list(), c.query, self(c.params[0], '/alertConfigs')),
  ),
  r('POST', `${G}/alertConfigs`, V1, (c) => ({
    status: 200,
    body: c.families().alertConfigs.add(obj(c.body) as unknown as AlertConfigWire),
  })),
  r('GET', `${G}/alertConfigs/([^/]+)`, V1, (c) => ({
    status: 200,
    body: c.families().alertConfigs.get(c.params[1]),
  })),
  r('PUT', `${G}/alertConfigs/([^/]+)`, V1, (c) => ({
    status: 200,
    body: c.families().alertConfigs.replace(c.params[1], obj(c.body) as unknown as AlertConfigWire),
  })),
  // ---- Backup Compliance Policy
  r('GET', `${G}/backupCompliancePolicy`, ['2023-01-01', '2023-10-01'], (c) => ({
    status: 200,
    body: c.families().backupCompliancePolicy.view(),
  })),
];

/** Starts the emulator on 127.0.0.1 and a random port. */
export async function startAtlasEmulator(options: AtlasEmulatorOptions = {}): Promise<AtlasEmulator> {
  const now = options.now ?? Date.now;
  const state = new EmulatorState(now, options.durations ?? {}, options.knownProjectsOnly ?? false);
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
