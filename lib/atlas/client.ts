/**
 * `AtlasClient`: the Atlas Admin API v2 over native `fetch`, with versioned media types, Digest or
 * service-account auth, and the retry policy described below.
 *
 * Retry policy (one loop per call, budgets per call):
 * - 429 and 503: retried for every method, POST included. Atlas rejects these before doing any work
 *   (rate limiter / unavailable front end), so a POST cannot have taken effect. `Retry-After` (seconds or
 *   HTTP date) is honoured, plus up to 1 s of jitter; without it, exponential backoff with jitter.
 * - 500, 502, 504, connection resets and timeouts: retried for idempotent methods only (GET, PUT, PATCH,
 *   DELETE). A POST that failed this way may have been applied; the caller must GET before re-POSTing.
 * - Transient retries are capped by `maxRetries`.
 * - IAM propagation codes on EAR PATCH and CPA authorize: retried within `propagationBudgetMs`, backing
 *   off from 5 s to a 30 s cap; Azure/GCP grant codes within `cloudGrantBudgetMs` (DEP-IAM-1/2/3).
 *
 * Why not cockatiel's RetryPolicy: it sleeps with a real `setTimeout` (no injectable clock, so tests
 * would wait for real), and decisions here depend on the response (Retry-After, errorCode, method) and on
 * wall-clock budgets that differ per errorCode. A small explicit loop is clearer and adds no bundle weight.
 */
import * as oauth from 'oauth4webapi';
import type { AtlasApi, AuthorizeCloudProviderAccessBody, CreateCloudProviderAccessBody } from './api';
import { AtlasAuthSession } from './auth-session';
import {
  AtlasApiError,
  CLOUD_GRANT_CODES,
  CONNECTION_ERROR,
  IAM_PROPAGATION_CODES,
  MALFORMED_RESPONSE,
  REQUEST_TIMEOUT,
  collectSecretValues,
  isAtlasError,
  redactText,
  redactValue,
} from './errors';
import type {
  AlertConfigWire,
  AtlasErrorBody,
  BackupCompliancePolicyWire,
  CloudProviderAccessListWire,
  CloudProviderAccessRoleWire,
  ClusterWire,
  EncryptionAtRestWire,
  PageWire,
  RestoreJobWire,
  SnapshotWire,
} from '../core/atlas/wire';
import { ATLAS_API_VERSIONS, atlasMediaType } from './versions';

/** Atlas API credentials: a programmatic API key (HTTP Digest) or a service account (OAuth2 client credentials). */
export type AtlasCredentials =
  | {
      /** Programmatic API key, sent with HTTP Digest. */
      type: 'apiKey';
      /** Public key (the Digest username). */
      publicKey: string;
      /** Private key (the Digest password); never logged or echoed. */
      privateKey: string;
    }
  | {
      /** Service account, exchanged for a 1-hour Bearer token. */
      type: 'serviceAccount';
      /** Client id (`mdb_sa_id_…`). */
      clientId: string;
      /** Client secret (`mdb_sa_sk_…`); never logged or echoed. */
      clientSecret: string;
    };

/** One structured log event per HTTP attempt. Never carries bodies, headers or secrets. */
export interface AtlasRequestLogEvent {
  /** HTTP method. */
  readonly method: string;
  /** Path below `/api/atlas/v2`, or `/api/oauth/token`; no query string. */
  readonly path: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** 1-based attempt number within the call. */
  readonly attempt: number;
  /** Time the attempt took, by the client's clock. */
  readonly durationMs: number;
  /** Atlas errorCode, for failed attempts. */
  readonly errorCode?: string;
  /** Planned wait before the next attempt, when the client will retry. */
  readonly retryInMs?: number;
}

/** Receives {@link AtlasRequestLogEvent}s (e.g. forward them to a structured logger). */
export type AtlasClientLogger = (event: AtlasRequestLogEvent) => void;

/** Options of {@link AtlasClient}. */
export interface AtlasClientOptions {
  /** API key or service account. */
  readonly credentials: AtlasCredentials;
  /**
   * Atlas host (Atlas for Government uses another one).
   * @default 'https://cloud.mongodb.com'
   */
  readonly baseUrl?: string;
  /**
   * Time budget for retrying IAM-propagation codes on EAR PATCH and CPA authorize (DEP-IAM-1/2).
   * @default 180_000
   */
  readonly propagationBudgetMs?: number;
  /**
   * Time budget for retrying Azure/GCP grant codes on EAR PATCH (DEP-IAM-3).
   * @default 600_000
   */
  readonly cloudGrantBudgetMs?: number;
  /**
   * Per-attempt timeout.
   * @default 30_000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Retries for transient failures (429, 5xx, connection resets, timeouts) per call.
   * @default 3
   */
  readonly maxRetries?: number;
  /**
   * Waits between attempts; inject to make tests instant.
   * @default real setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Clock used for budgets and token expiry.
   * @default Date.now
   */
  readonly now?: () => number;
  /**
   * Random source in [0, 1) for jitter.
   * @default Math.random
   */
  readonly random?: () => number;
  /** Receives one event per HTTP attempt. */
  readonly logger?: AtlasClientLogger;
  /**
   * `fetch` implementation.
   * @default globalThis.fetch
   */
  readonly fetch?: typeof fetch;
  /**
   * Auth state to reuse (Digest nonce, Bearer token), e.g. from {@link AtlasAuthSessions} across warm invocations.
   * @default - a new session for this client
   */
  readonly authSession?: AtlasAuthSession;
}

/** A request this client makes (internal). */
interface CallSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Below `/api/atlas/v2`. */
  readonly path: string;
  readonly version: string;
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  /** Retry IAM-propagation and cloud-grant codes within their budgets. */
  readonly retryPropagation?: boolean;
}

/** What one attempt produced. */
type Attempt =
  | { readonly kind: 'response'; readonly status: number; readonly headers: Headers; readonly text: string }
  | { readonly kind: 'network'; readonly errorCode: string; readonly detail: string };

const API_PREFIX = '/api/atlas/v2';
const TOKEN_PATH = '/api/oauth/token';
const TOKEN_REFRESH_MARGIN_MS = 10 * 60_000;
const IDEMPOTENT = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);
const PAGE_SIZE = 500;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Parses `Retry-After` (delta seconds or HTTP date) to milliseconds, or undefined. */
function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Classifies a thrown fetch error; undici hides the socket code in `cause`. */
function networkFailure(err: unknown): { errorCode: string; detail: string } {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') {
    return { errorCode: REQUEST_TIMEOUT, detail: 'the request timed out' };
  }
  const code = e?.cause?.code ?? e?.code ?? 'UNKNOWN';
  return { errorCode: CONNECTION_ERROR, detail: `connection failed (${code})` };
}

/**
 * Atlas Admin API v2 client. Holds its auth state (Digest nonce or OAuth token), so keep one instance
 * per credential for the life of a warm Lambda.
 */
export class AtlasClient implements AtlasApi {
  private readonly baseUrl: string;
  private readonly propagationBudgetMs: number;
  private readonly cloudGrantBudgetMs: number;
  private readonly requestTimeoutMs: number;
  private readonly maxRetries: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly logger?: AtlasClientLogger;
  private readonly fetchImpl: typeof fetch;
  private readonly credentials: AtlasCredentials;
  private readonly session: AtlasAuthSession;

  public constructor(options: AtlasClientOptions) {
    this.credentials = options.credentials;
    this.baseUrl = (options.baseUrl ?? 'https://cloud.mongodb.com').replace(/\/+$/, '');
    this.propagationBudgetMs = options.propagationBudgetMs ?? 180_000;
    this.cloudGrantBudgetMs = options.cloudGrantBudgetMs ?? 600_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logger = options.logger;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.session = options.authSession ?? new AtlasAuthSession(this.credentials);
  }

  // ---------------------------------------------------------------- encryption at rest

  /** `GET /groups/{groupId}/encryptionAtRest`. */
  public async getEncryptionAtRest(groupId: string): Promise<EncryptionAtRestWire> {
    return this.callJson<EncryptionAtRestWire>({
      method: 'GET',
      path: `/groups/${seg(groupId)}/encryptionAtRest`,
      version: ATLAS_API_VERSIONS.encryptionAtRest,
    });
  }

  /** `PATCH /groups/{groupId}/encryptionAtRest`; retries IAM propagation and cloud-grant codes within their budgets. */
  public async updateEncryptionAtRest(groupId: string, body: EncryptionAtRestWire): Promise<EncryptionAtRestWire> {
    return this.callJson<EncryptionAtRestWire>({
      method: 'PATCH',
      path: `/groups/${seg(groupId)}/encryptionAtRest`,
      version: ATLAS_API_VERSIONS.encryptionAtRest,
      body,
      retryPropagation: true,
    });
  }

  // ---------------------------------------------------------------- cloud provider access

  /** `GET /groups/{groupId}/cloudProviderAccess` (not paginated). */
  public async listCloudProviderAccess(groupId: string): Promise<CloudProviderAccessListWire> {
    const list = await this.call<Partial<CloudProviderAccessListWire>>({
      method: 'GET',
      path: `/groups/${seg(groupId)}/cloudProviderAccess`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
    });
    return {
      awsIamRoles: list?.awsIamRoles ?? [],
      azureServicePrincipals: list?.azureServicePrincipals ?? [],
      gcpServiceAccounts: list?.gcpServiceAccounts ?? [],
    };
  }

  /** `GET /groups/{groupId}/cloudProviderAccess/{roleId}`. */
  public async getCloudProviderAccessRole(groupId: string, roleId: string): Promise<CloudProviderAccessRoleWire> {
    return this.callJson<CloudProviderAccessRoleWire>({
      method: 'GET',
      path: `/groups/${seg(groupId)}/cloudProviderAccess/${seg(roleId)}`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
    });
  }

  /** `POST /groups/{groupId}/cloudProviderAccess` (Atlas answers 200). */
  public async createCloudProviderAccessRole(
    groupId: string,
    body: CreateCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire> {
    return this.callJson<CloudProviderAccessRoleWire>({
      method: 'POST',
      path: `/groups/${seg(groupId)}/cloudProviderAccess`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
      body,
    });
  }

  /** `PATCH /groups/{groupId}/cloudProviderAccess/{roleId}` (authorize); retries propagation codes (DEP-IAM-2). */
  public async authorizeCloudProviderAccessRole(
    groupId: string,
    roleId: string,
    body: AuthorizeCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire> {
    return this.callJson<CloudProviderAccessRoleWire>({
      method: 'PATCH',
      path: `/groups/${seg(groupId)}/cloudProviderAccess/${seg(roleId)}`,
      version: ATLAS_API_VERSIONS.cloudProviderAccess,
      body,
      retryPropagation: true,
    });
  }

  /** `DELETE /groups/{groupId}/cloudProviderAccess/{provider}/{roleId}`; a role already gone counts as done. */
  public async deauthorizeCloudProviderAccessRole(
    groupId: string,
    provider: 'AWS' | 'AZURE' | 'GCP',
    roleId: string,
  ): Promise<void> {
    try {
      await this.call({
        method: 'DELETE',
        path: `/groups/${seg(groupId)}/cloudProviderAccess/${seg(provider)}/${seg(roleId)}`,
        version: ATLAS_API_VERSIONS.cloudProviderAccess,
      });
    } catch (err) {
      if (isAtlasError(err, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND', 'RESOURCE_NOT_FOUND')) return;
      throw err;
    }
  }

  // ---------------------------------------------------------------- clusters

  /** `GET /groups/{groupId}/clusters`, every page. */
  public async listClusters(
    groupId: string,
    options: { includeDeletedWithRetainedBackups?: boolean } = {},
  ): Promise<ClusterWire[]> {
    return this.listAll<ClusterWire>(`/groups/${seg(groupId)}/clusters`, ATLAS_API_VERSIONS.clusterRead, {
      includeDeletedWithRetainedBackups: options.includeDeletedWithRetainedBackups ? true : undefined,
    });
  }

  /** `GET /groups/{groupId}/clusters/{name}`; undefined when the cluster does not exist. */
  public async getCluster(groupId: string, name: string): Promise<ClusterWire | undefined> {
    try {
      return await this.call<ClusterWire>({
        method: 'GET',
        path: `/groups/${seg(groupId)}/clusters/${seg(name)}`,
        version: ATLAS_API_VERSIONS.clusterRead,
      });
    } catch (err) {
      if (
        isAtlasError(err, 'CLUSTER_NOT_FOUND') ||
        (isAtlasError(err) && err.status === 404 && err.errorCode !== 'GROUP_NOT_FOUND')
      ) {
        return undefined;
      }
      throw err;
    }
  }

  /** `POST /groups/{groupId}/clusters` (201). Not retried on 5xx: GET before re-creating. */
  public async createCluster(groupId: string, body: ClusterWire): Promise<ClusterWire> {
    return this.callJson<ClusterWire>({
      method: 'POST',
      path: `/groups/${seg(groupId)}/clusters`,
      version: ATLAS_API_VERSIONS.clusterWrite,
      body,
    });
  }

  /** `PATCH /groups/{groupId}/clusters/{name}`. */
  public async updateCluster(groupId: string, name: string, body: Partial<ClusterWire>): Promise<ClusterWire> {
    return this.callJson<ClusterWire>({
      method: 'PATCH',
      path: `/groups/${seg(groupId)}/clusters/${seg(name)}`,
      version: ATLAS_API_VERSIONS.clusterWrite,
      body,
    });
  }

  /** `DELETE /groups/{groupId}/clusters/{name}` (202); a cluster already gone counts as done. */
  public async deleteCluster(groupId: string, name: string, options: { retainBackups?: boolean } = {}): Promise<void> {
    try {
      await this.call({
        method: 'DELETE',
        path: `/groups/${seg(groupId)}/clusters/${seg(name)}`,
        version: ATLAS_API_VERSIONS.clusterDelete,
        query: { retainBackups: options.retainBackups === undefined ? undefined : options.retainBackups },
      });
    } catch (err) {
      if (isAtlasError(err, 'CLUSTER_NOT_FOUND')) return;
      throw err;
    }
  }

  // ---------------------------------------------------------------- backups

  /** `GET …/clusters/{clusterName}/backup/snapshots`, every page. */
  public async listSnapshots(groupId: string, clusterName: string): Promise<SnapshotWire[]> {
    return this.listAll<SnapshotWire>(
      `/groups/${seg(groupId)}/clusters/${seg(clusterName)}/backup/snapshots`,
      ATLAS_API_VERSIONS.backup,
    );
  }

  /** `GET …/backup/snapshots/{snapshotId}` (replica set). */
  public async getSnapshot(groupId: string, clusterName: string, snapshotId: string): Promise<SnapshotWire> {
    return this.callJson<SnapshotWire>({
      method: 'GET',
      path: `/groups/${seg(groupId)}/clusters/${seg(clusterName)}/backup/snapshots/${seg(snapshotId)}`,
      version: ATLAS_API_VERSIONS.backup,
    });
  }

  /** `POST …/backup/restoreJobs` (200). */
  public async createRestoreJob(groupId: string, clusterName: string, body: RestoreJobWire): Promise<RestoreJobWire> {
    return this.callJson<RestoreJobWire>({
      method: 'POST',
      path: `/groups/${seg(groupId)}/clusters/${seg(clusterName)}/backup/restoreJobs`,
      version: ATLAS_API_VERSIONS.backup,
      body,
    });
  }

  /** `GET …/backup/restoreJobs/{restoreJobId}` (poll until `finishedAt`, `failed`, `cancelled` or `expired`). */
  public async getRestoreJob(groupId: string, clusterName: string, restoreJobId: string): Promise<RestoreJobWire> {
    return this.callJson<RestoreJobWire>({
      method: 'GET',
      path: `/groups/${seg(groupId)}/clusters/${seg(clusterName)}/backup/restoreJobs/${seg(restoreJobId)}`,
      version: ATLAS_API_VERSIONS.backup,
    });
  }

  // ---------------------------------------------------------------- alerts, compliance

  /** `GET /groups/{groupId}/alertConfigs`, every page. */
  public async listAlertConfigs(groupId: string): Promise<AlertConfigWire[]> {
    return this.listAll<AlertConfigWire>(`/groups/${seg(groupId)}/alertConfigs`, ATLAS_API_VERSIONS.alertConfigs);
  }

  /** `POST /groups/{groupId}/alertConfigs` (200). */
  public async createAlertConfig(groupId: string, body: AlertConfigWire): Promise<AlertConfigWire> {
    return this.callJson<AlertConfigWire>({
      method: 'POST',
      path: `/groups/${seg(groupId)}/alertConfigs`,
      version: ATLAS_API_VERSIONS.alertConfigs,
      body,
    });
  }

  /** `PUT /groups/{groupId}/alertConfigs/{id}` (replace). */
  public async replaceAlertConfig(groupId: string, id: string, body: AlertConfigWire): Promise<AlertConfigWire> {
    return this.callJson<AlertConfigWire>({
      method: 'PUT',
      path: `/groups/${seg(groupId)}/alertConfigs/${seg(id)}`,
      version: ATLAS_API_VERSIONS.alertConfigs,
      body,
    });
  }

  /** `GET /groups/{groupId}/backupCompliancePolicy`; undefined when the project has none (404). */
  public async getBackupCompliancePolicy(groupId: string): Promise<BackupCompliancePolicyWire | undefined> {
    try {
      return await this.call<BackupCompliancePolicyWire>({
        method: 'GET',
        path: `/groups/${seg(groupId)}/backupCompliancePolicy`,
        version: ATLAS_API_VERSIONS.backupCompliancePolicy,
      });
    } catch (err) {
      if (isAtlasError(err) && err.status === 404 && err.errorCode !== 'GROUP_NOT_FOUND') return undefined;
      throw err;
    }
  }

  /**
   * Revokes the cached service-account token (`POST /api/oauth/revoke`); a no-op for API keys.
   * Optional: tokens expire after an hour, and the revoke endpoint is rate-limited too.
   */
  public async revokeToken(): Promise<void> {
    const token = this.session.token?.value;
    this.session.token = undefined;
    if (!token || this.credentials.type !== 'serviceAccount') return;
    const as = this.authorizationServer();
    const res = await oauth.revocationRequest(
      as,
      { client_id: this.credentials.clientId },
      oauth.ClientSecretBasic(this.credentials.clientSecret),
      token,
      this.oauthOptions(),
    );
    await oauth.processRevocationResponse(res).catch(() => undefined);
  }

  // ---------------------------------------------------------------- plumbing

  /** Collects every page of a paginated list. */
  private async listAll<T>(path: string, version: string, query: CallSpec['query'] = {}): Promise<T[]> {
    const out: T[] = [];
    for (let pageNum = 1; ; pageNum++) {
      const page = await this.call<PageWire<T>>({
        method: 'GET',
        path,
        version,
        query: { ...query, includeCount: true, itemsPerPage: PAGE_SIZE, pageNum },
      });
      const results = page?.results ?? [];
      out.push(...results);
      const total = page?.totalCount;
      if (results.length === 0 || results.length < PAGE_SIZE || (total !== undefined && out.length >= total))
        return out;
    }
  }

  /** A call whose success must carry a JSON body. */
  private async callJson<T>(spec: CallSpec): Promise<T> {
    const body = await this.call<T>(spec);
    if (body === undefined) {
      throw new AtlasApiError({
        method: spec.method,
        path: spec.path,
        status: 200,
        errorCode: MALFORMED_RESPONSE,
        detail: 'empty response body',
      });
    }
    return body;
  }

  /** Secrets the client itself holds, removed from any error text. */
  private ownSecrets(): string[] {
    const c = this.credentials;
    const out = c.type === 'apiKey' ? [c.privateKey] : [c.clientSecret];
    if (this.session.token) out.push(this.session.token.value);
    return out;
  }

  /** Runs one call through auth, retries and error mapping; resolves the parsed body (undefined if empty). */
  private async call<T>(spec: CallSpec): Promise<T | undefined> {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    const uri = `${API_PREFIX}${spec.path}${qs ? `?${qs}` : ''}`;
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const secrets = [...collectSecretValues(spec.body), ...this.ownSecrets()];
    const start = this.now();
    let transientRetries = 0;
    let propagationRetries = 0;

    for (let attempt = 1; ; attempt++) {
      const t0 = this.now();
      const result = await this.attempt(spec.method, uri, spec.version, bodyText);
      const durationMs = this.now() - t0;
      const log = (status: number, errorCode?: string, retryInMs?: number): void =>
        this.logger?.({ method: spec.method, path: spec.path, status, attempt, durationMs, errorCode, retryInMs });

      if (result.kind === 'response' && result.status >= 200 && result.status < 300) {
        try {
          const parsed = this.parseSuccess<T>(spec, result.status, result.text, attempt);
          log(result.status);
          return parsed;
        } catch (err) {
          // A truncated or garbled success body (a proxy, a cut connection): repeat an idempotent call.
          if (!IDEMPOTENT.has(spec.method) || transientRetries >= this.maxRetries) throw err;
          const delay = this.backoff(transientRetries++, 1000);
          log(result.status, MALFORMED_RESPONSE, delay);
          await this.sleep(delay);
          continue;
        }
      }

      const error =
        result.kind === 'network'
          ? new AtlasApiError({
              method: spec.method,
              path: spec.path,
              status: 0,
              errorCode: result.errorCode,
              detail: result.detail,
              attempts: attempt,
            })
          : this.parseError(spec, result.status, result.text, secrets, attempt);
      const status = result.kind === 'response' ? result.status : 0;

      // Decide whether and how long to wait.
      let delay: number | undefined;
      let hint: string | undefined;
      const transientOk = transientRetries < this.maxRetries;
      if (status === 429 || status === 503) {
        if (transientOk) {
          const ra = retryAfterMs(result.kind === 'response' ? result.headers : new Headers(), this.now());
          delay =
            ra !== undefined
              ? ra + Math.floor(this.random() * 1000)
              : this.backoff(transientRetries, status === 429 ? 2000 : 1000);
          transientRetries++;
        }
      } else if ((status === 0 || status === 500 || status === 502 || status === 504) && IDEMPOTENT.has(spec.method)) {
        if (transientOk) {
          delay = this.backoff(transientRetries, 1000);
          transientRetries++;
        }
      } else if (spec.retryPropagation && result.kind === 'response') {
        const budget = IAM_PROPAGATION_CODES.includes(error.errorCode)
          ? this.propagationBudgetMs
          : CLOUD_GRANT_CODES.includes(error.errorCode)
            ? this.cloudGrantBudgetMs
            : undefined;
        if (budget !== undefined) {
          const base = Math.min(30_000, 5_000 * 2 ** propagationRetries);
          const wait = Math.round(base * (0.9 + 0.2 * this.random()));
          const elapsed = this.now() - start;
          if (elapsed + wait <= budget) {
            delay = wait;
            propagationRetries++;
          } else {
            hint =
              `Gave up after ${attempt} attempts over ${Math.round(elapsed / 1000)} s ` +
              `(budget ${Math.round(budget / 1000)} s): ` +
              (IAM_PROPAGATION_CODES.includes(error.errorCode)
                ? 'check the IAM role trust policy (Atlas principal and external id) and that the role is authorized'
                : 'check the key permissions granted to the Atlas identity');
          }
        }
      }

      log(status, error.errorCode, delay);
      if (delay === undefined) {
        if (hint) {
          throw new AtlasApiError({
            method: error.method,
            path: error.path,
            status: error.status,
            errorCode: error.errorCode,
            detail: error.detail,
            reason: error.reason,
            parameters: error.parameters,
            badRequestDetail: error.badRequestDetail,
            hint,
            attempts: attempt,
          });
        }
        throw error;
      }
      await this.sleep(delay);
    }
  }

  /** Exponential backoff with equal jitter: half fixed, half random, capped at 30 s. */
  private backoff(retry: number, baseMs: number): number {
    const d = Math.min(30_000, baseMs * 2 ** retry);
    return Math.round(d / 2 + (this.random() * d) / 2);
  }

  private parseSuccess<T>(spec: CallSpec, status: number, text: string, attempts: number): T | undefined {
    if (text.trim() === '') return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new AtlasApiError({
        method: spec.method,
        path: spec.path,
        status,
        errorCode: MALFORMED_RESPONSE,
        detail: `response body is not valid JSON (${text.length} bytes)`,
        attempts,
      });
    }
  }

  /** Atlas error bodies are plain JSON whatever the Content-Type says; anything else is MALFORMED_RESPONSE. */
  private parseError(spec: CallSpec, status: number, text: string, secrets: string[], attempts: number): AtlasApiError {
    let body: Partial<AtlasErrorBody> | undefined;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        body = parsed as Partial<AtlasErrorBody>;
    } catch {
      body = undefined;
    }
    if (!body || typeof body.errorCode !== 'string') {
      return new AtlasApiError({
        method: spec.method,
        path: spec.path,
        status,
        errorCode: MALFORMED_RESPONSE,
        detail: `error body is not an Atlas error (${text.length} bytes)`,
        attempts,
      });
    }
    return new AtlasApiError({
      method: spec.method,
      path: spec.path,
      status,
      errorCode: body.errorCode,
      detail: typeof body.detail === 'string' ? redactText(body.detail, secrets) : undefined,
      reason: typeof body.reason === 'string' ? body.reason : undefined,
      parameters: Array.isArray(body.parameters) ? redactValue(body.parameters, secrets) : [],
      badRequestDetail: body.badRequestDetail ? redactValue(body.badRequestDetail, secrets) : undefined,
      attempts,
    });
  }

  /** One HTTP exchange including the auth handshake (Digest challenge or one Bearer refresh). */
  private async attempt(method: string, uri: string, version: string, bodyText: string | undefined): Promise<Attempt> {
    const media = atlasMediaType(version);
    const headers: Record<string, string> = { Accept: media };
    if (bodyText !== undefined) headers['Content-Type'] = media;
    try {
      if (this.session.digest) {
        let res = await this.send(method, uri, headers, bodyText, this.session.digest.authorization(method, uri));
        if (res.status === 401 && this.session.digest.accept(res.headers.get('www-authenticate'))) {
          await res.arrayBuffer().catch(() => undefined);
          res = await this.send(method, uri, headers, bodyText, this.session.digest.authorization(method, uri));
          if (res.status === 401) this.session.digest.reset();
        }
        return { kind: 'response', status: res.status, headers: res.headers, text: await res.text() };
      }
      let res = await this.send(method, uri, headers, bodyText, `Bearer ${await this.accessToken(false)}`);
      if (res.status === 401) {
        await res.arrayBuffer().catch(() => undefined);
        res = await this.send(method, uri, headers, bodyText, `Bearer ${await this.accessToken(true)}`);
      }
      return { kind: 'response', status: res.status, headers: res.headers, text: await res.text() };
    } catch (err) {
      if (isAtlasError(err)) throw err; // token endpoint failure, already mapped
      return { kind: 'network', ...networkFailure(err) };
    }
  }

  private send(
    method: string,
    uri: string,
    headers: Record<string, string>,
    body: string | undefined,
    authorization: string | undefined,
  ): Promise<Response> {
    return this.fetchImpl(`${this.baseUrl}${uri}`, {
      method,
      headers: authorization ? { ...headers, Authorization: authorization } : headers,
      body,
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
  }

  // ---------------------------------------------------------------- service-account token

  private authorizationServer(): oauth.AuthorizationServer {
    return {
      issuer: this.baseUrl,
      token_endpoint: `${this.baseUrl}${TOKEN_PATH}`,
      revocation_endpoint: `${this.baseUrl}/api/oauth/revoke`,
    };
  }

  private oauthOptions(): oauth.HttpRequestOptions<'POST', URLSearchParams> {
    return {
      signal: AbortSignal.timeout(this.requestTimeoutMs),
      [oauth.customFetch]: this.fetchImpl,
      // Plain http is only for the loopback emulator; Atlas itself is https.
      [oauth.allowInsecureRequests]: this.baseUrl.startsWith('http:'),
    };
  }

  /** The cached token, or a new one when < 10 minutes remain (or `force`); one request in flight at a time. */
  private async accessToken(force: boolean): Promise<string> {
    if (!force && this.session.token && this.session.token.expiresAt - this.now() > TOKEN_REFRESH_MARGIN_MS)
      return this.session.token.value;
    if (force) this.session.token = undefined;
    if (!this.session.tokenInFlight) {
      this.session.tokenInFlight = this.fetchToken().finally(() => {
        this.session.tokenInFlight = undefined;
      });
    }
    return this.session.tokenInFlight;
  }

  /** `POST /api/oauth/token` (client credentials, Basic auth) with the transient retry policy. */
  private async fetchToken(): Promise<string> {
    if (this.credentials.type !== 'serviceAccount') throw new Error('not a service account');
    const { clientId, clientSecret } = this.credentials;
    const as = this.authorizationServer();
    const client: oauth.Client = { client_id: clientId };
    const fail = (status: number, errorCode: string, detail: string | undefined, attempts: number): AtlasApiError =>
      new AtlasApiError({
        method: 'POST',
        path: TOKEN_PATH,
        status,
        errorCode,
        detail: detail === undefined ? undefined : redactText(detail, [clientSecret]),
        attempts,
      });
    for (let attempt = 1, retries = 0; ; attempt++) {
      const t0 = this.now();
      let res: Response;
      try {
        res = await oauth.clientCredentialsGrantRequest(
          as,
          client,
          oauth.ClientSecretBasic(clientSecret),
          new URLSearchParams(),
          this.oauthOptions(),
        );
      } catch (err) {
        const nf = networkFailure(err);
        const delay = retries < this.maxRetries ? this.backoff(retries++, 1000) : undefined;
        this.logger?.({
          method: 'POST',
          path: TOKEN_PATH,
          status: 0,
          attempt,
          durationMs: this.now() - t0,
          errorCode: nf.errorCode,
          retryInMs: delay,
        });
        if (delay === undefined) throw fail(0, nf.errorCode, nf.detail, attempt);
        await this.sleep(delay);
        continue;
      }
      const durationMs = this.now() - t0;
      if (res.status === 200) {
        this.logger?.({ method: 'POST', path: TOKEN_PATH, status: 200, attempt, durationMs });
        try {
          const tr = await oauth.processClientCredentialsResponse(as, client, res);
          const ttl = typeof tr.expires_in === 'number' ? tr.expires_in * 1000 : 3_600_000;
          this.session.token = { value: tr.access_token, expiresAt: this.now() + ttl };
          return tr.access_token;
        } catch {
          throw fail(200, MALFORMED_RESPONSE, 'token response is not a valid OAuth token response', attempt);
        }
      }
      const text = await res.text().catch(() => '');
      let errorCode = MALFORMED_RESPONSE;
      let detail: string | undefined = `token endpoint answered ${res.status}`;
      try {
        const b = JSON.parse(text) as {
          error?: unknown;
          error_description?: unknown;
          errorCode?: unknown;
          detail?: unknown;
        };
        if (typeof b.errorCode === 'string') {
          errorCode = b.errorCode;
          detail = typeof b.detail === 'string' ? b.detail : undefined;
        } else if (typeof b.error === 'string') {
          errorCode = b.error.toUpperCase();
          detail = typeof b.error_description === 'string' ? b.error_description : undefined;
        }
      } catch {
        // keep MALFORMED_RESPONSE
      }
      const retryable = res.status === 429 || res.status >= 500;
      const delay =
        retryable && retries < this.maxRetries
          ? (retryAfterMs(res.headers, this.now()) ?? this.backoff(retries, 1000)) +
            (res.status === 429 ? Math.floor(this.random() * 1000) : 0)
          : undefined;
      this.logger?.({
        method: 'POST',
        path: TOKEN_PATH,
        status: res.status,
        attempt,
        durationMs,
        errorCode,
        retryInMs: delay,
      });
      if (delay === undefined) throw fail(res.status, errorCode, detail, attempt);
      retries++;
      await this.sleep(delay);
    }
  }
}

/** Encodes one path segment. */
function seg(value: string): string {
  return encodeURIComponent(value);
}
