/**
 * `AtlasClient`: the Atlas Admin API v2 over native `fetch`. It composes the transport (media types, timeouts,
 * User-Agent), authentication (Digest or service account), the one retry loop (./retry.ts describes the policy)
 * and the endpoint families, and implements {@link AtlasApi}.
 */
import type {
  AlertConfigWire,
  BackupCompliancePolicyWire,
  CloudProviderAccessListWire,
  CloudProviderAccessRoleWire,
  ClusterStatusWire,
  ClusterWire,
  EARPrivateEndpointWire,
  EncryptionAtRestWire,
  RestoreJobWire,
  SnapshotWire,
} from '../core/atlas/wire';
import type { KeyProvider } from '../core/atlas/providers';
import type { PrivateNetworkingProvider } from '../core/model/private-networking';
import type { AtlasApi, AuthorizeCloudProviderAccessBody, CreateCloudProviderAccessBody } from './api';
import { AtlasAuthSession } from './auth/auth-session';
import type { RequestAuthenticator } from './auth/authenticator';
import type { AtlasApiCredentials } from './auth/credentials';
import { ServiceAccountAuthenticator } from './auth/service-account';
import { AlertEndpoints } from './endpoints/alerts';
import { BackupEndpoints } from './endpoints/backups';
import { CloudProviderAccessEndpoints } from './endpoints/cloud-provider-access';
import { ClusterEndpoints } from './endpoints/clusters';
import { ComplianceEndpoints } from './endpoints/compliance';
import { EncryptionAtRestEndpoints } from './endpoints/encryption-at-rest';
import { PrivateEndpointEndpoints } from './endpoints/private-endpoints';
import { CLOUD_GRANT_CODES, IAM_PROPAGATION_CODES } from './errors';
import { AtlasRequester } from './request';
import { RetryPolicy, type AtlasClientLogger, type CodeBudget } from './retry';
import { Transport } from './transport';
import { userAgent, type AtlasClientComponent } from './user-agent';

/** Options of {@link AtlasClient}. */
export interface AtlasClientOptions {
  /** API key or service account. */
  readonly credentials: AtlasApiCredentials;
  /**
   * Atlas host (Atlas for Government uses another one).
   * @default 'https://cloud.mongodb.com'
   */
  readonly baseUrl?: string;
  /**
   * Which program makes the calls, sent in the User-Agent: `atlas-encryption-at-rest/<version> (<component>)`.
   * @default - no component: `atlas-encryption-at-rest/<version>`
   */
  readonly component?: AtlasClientComponent;
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
   * Retries for transient failures (429, 5xx, connection failures, timeouts) per call.
   * @default 3
   */
  readonly maxRetries?: number;
  /**
   * Longest `Retry-After` honoured; a longer one is waited for this long.
   * @default 60_000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * When calls must have returned (epoch ms, by `now`), e.g. a Lambda's start plus its remaining time minus a
   * margin. The client never sleeps past it, caps each attempt's timeout at the time left, and otherwise fails
   * with the last Atlas error, saying that it stopped because the time was running out.
   * @default - no deadline
   */
  readonly deadline?: () => number;
  /**
   * Waits between attempts; inject to make tests instant.
   * @default real setTimeout
   */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Clock used for budgets, the deadline and token expiry.
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

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Atlas Admin API v2 client. Holds its auth state (Digest nonce or OAuth token), so keep one instance
 * per credential for the life of a warm Lambda.
 */
export class AtlasClient implements AtlasApi {
  private readonly serviceAccount?: ServiceAccountAuthenticator;
  private readonly ear: EncryptionAtRestEndpoints;
  private readonly cpa: CloudProviderAccessEndpoints;
  private readonly clusters: ClusterEndpoints;
  private readonly backups: BackupEndpoints;
  private readonly alerts: AlertEndpoints;
  private readonly compliance: ComplianceEndpoints;
  private readonly privateEndpoints: PrivateEndpointEndpoints;

  public constructor(options: AtlasClientOptions) {
    const credentials = options.credentials;
    const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    const transport = new Transport({
      baseUrl: (options.baseUrl ?? 'https://cloud.mongodb.com').replace(/\/+$/, ''),
      fetch: options.fetch ?? globalThis.fetch,
      userAgent: userAgent(options.component),
    });
    const retry = new RetryPolicy({
      maxRetries: options.maxRetries ?? 3,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      requestTimeoutMs,
      sleep: options.sleep ?? defaultSleep,
      now: options.now ?? Date.now,
      random: options.random ?? Math.random,
      deadline: options.deadline,
      logger: options.logger,
    });
    const session = options.authSession ?? new AtlasAuthSession(credentials);
    let auth: RequestAuthenticator;
    if (credentials.type === 'apiKey') {
      if (!session.digest) throw new Error('AtlasClient: authSession was made for a service account, not an API key');
      auth = session.digest;
    } else {
      this.serviceAccount = new ServiceAccountAuthenticator(
        credentials.clientId,
        credentials.clientSecret,
        session,
        transport,
        retry,
        requestTimeoutMs,
      );
      auth = this.serviceAccount;
    }
    const budgets: CodeBudget[] = [
      {
        codes: IAM_PROPAGATION_CODES,
        budgetMs: options.propagationBudgetMs ?? 180_000,
        hint: 'check the IAM role trust policy (Atlas principal and external id) and that the role is authorized',
      },
      {
        codes: CLOUD_GRANT_CODES,
        budgetMs: options.cloudGrantBudgetMs ?? 600_000,
        hint: 'check the key permissions granted to the Atlas identity',
      },
    ];
    const atlas = new AtlasRequester(transport, auth, retry, budgets);
    this.ear = new EncryptionAtRestEndpoints(atlas);
    this.cpa = new CloudProviderAccessEndpoints(atlas);
    this.clusters = new ClusterEndpoints(atlas);
    this.backups = new BackupEndpoints(atlas);
    this.alerts = new AlertEndpoints(atlas);
    this.compliance = new ComplianceEndpoints(atlas);
    this.privateEndpoints = new PrivateEndpointEndpoints(atlas);
  }

  // ---------------------------------------------------------------- encryption at rest

  public getEncryptionAtRest(groupId: string): Promise<EncryptionAtRestWire> {
    return this.ear.getEncryptionAtRest(groupId);
  }

  public updateEncryptionAtRest(groupId: string, body: EncryptionAtRestWire): Promise<EncryptionAtRestWire> {
    return this.ear.updateEncryptionAtRest(groupId, body);
  }

  // ---------------------------------------------------------------- encryption-at-rest private endpoints

  public listPrivateEndpoints(groupId: string, provider: PrivateNetworkingProvider): Promise<EARPrivateEndpointWire[]> {
    return this.privateEndpoints.listPrivateEndpoints(groupId, provider);
  }

  public getPrivateEndpoint(
    groupId: string,
    provider: PrivateNetworkingProvider,
    endpointId: string,
  ): Promise<EARPrivateEndpointWire | undefined> {
    return this.privateEndpoints.getPrivateEndpoint(groupId, provider, endpointId);
  }

  public createPrivateEndpoint(
    groupId: string,
    provider: PrivateNetworkingProvider,
    regionName: string,
  ): Promise<EARPrivateEndpointWire> {
    return this.privateEndpoints.createPrivateEndpoint(groupId, provider, regionName);
  }

  public requestPrivateEndpointDeletion(
    groupId: string,
    provider: PrivateNetworkingProvider,
    endpointId: string,
  ): Promise<void> {
    return this.privateEndpoints.requestPrivateEndpointDeletion(groupId, provider, endpointId);
  }

  // ---------------------------------------------------------------- cloud provider access

  public listCloudProviderAccess(groupId: string): Promise<CloudProviderAccessListWire> {
    return this.cpa.listCloudProviderAccess(groupId);
  }

  public getCloudProviderAccessRole(groupId: string, roleId: string): Promise<CloudProviderAccessRoleWire> {
    return this.cpa.getCloudProviderAccessRole(groupId, roleId);
  }

  public createCloudProviderAccessRole(
    groupId: string,
    body: CreateCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire> {
    return this.cpa.createCloudProviderAccessRole(groupId, body);
  }

  public authorizeCloudProviderAccessRole(
    groupId: string,
    roleId: string,
    body: AuthorizeCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire> {
    return this.cpa.authorizeCloudProviderAccessRole(groupId, roleId, body);
  }

  public deauthorizeCloudProviderAccessRole(groupId: string, provider: KeyProvider, roleId: string): Promise<void> {
    return this.cpa.deauthorizeCloudProviderAccessRole(groupId, provider, roleId);
  }

  // ---------------------------------------------------------------- clusters

  public listClusters(
    groupId: string,
    options?: { includeDeletedWithRetainedBackups?: boolean },
  ): Promise<ClusterWire[]> {
    return this.clusters.listClusters(groupId, options);
  }

  public getCluster(groupId: string, name: string): Promise<ClusterWire | undefined> {
    return this.clusters.getCluster(groupId, name);
  }

  public getClusterStatus(groupId: string, name: string): Promise<ClusterStatusWire> {
    return this.clusters.getClusterStatus(groupId, name);
  }

  public createCluster(groupId: string, body: ClusterWire): Promise<ClusterWire> {
    return this.clusters.createCluster(groupId, body);
  }

  public updateCluster(groupId: string, name: string, body: Partial<ClusterWire>): Promise<ClusterWire> {
    return this.clusters.updateCluster(groupId, name, body);
  }

  public deleteCluster(groupId: string, name: string, options?: { retainBackups?: boolean }): Promise<void> {
    return this.clusters.deleteCluster(groupId, name, options);
  }

  // ---------------------------------------------------------------- backups

  public listSnapshots(groupId: string, clusterName: string): Promise<SnapshotWire[]> {
    return this.backups.listSnapshots(groupId, clusterName);
  }

  public getSnapshot(groupId: string, clusterName: string, snapshotId: string): Promise<SnapshotWire> {
    return this.backups.getSnapshot(groupId, clusterName, snapshotId);
  }

  public createRestoreJob(groupId: string, clusterName: string, body: RestoreJobWire): Promise<RestoreJobWire> {
    return this.backups.createRestoreJob(groupId, clusterName, body);
  }

  /** `GET …/backup/restoreJobs/{restoreJobId}` (poll until `finishedAt`, `failed`, `cancelled` or `expired`). */
  public getRestoreJob(groupId: string, clusterName: string, restoreJobId: string): Promise<RestoreJobWire> {
    return this.backups.getRestoreJob(groupId, clusterName, restoreJobId);
  }

  // ---------------------------------------------------------------- alerts, compliance

  public listAlertConfigs(groupId: string): Promise<AlertConfigWire[]> {
    return this.alerts.listAlertConfigs(groupId);
  }

  public createAlertConfig(groupId: string, body: AlertConfigWire): Promise<AlertConfigWire> {
    return this.alerts.createAlertConfig(groupId, body);
  }

  public replaceAlertConfig(groupId: string, id: string, body: AlertConfigWire): Promise<AlertConfigWire> {
    return this.alerts.replaceAlertConfig(groupId, id, body);
  }

  public getBackupCompliancePolicy(groupId: string): Promise<BackupCompliancePolicyWire | undefined> {
    return this.compliance.getBackupCompliancePolicy(groupId);
  }

  /**
   * Revokes the cached service-account token (`POST /api/oauth/revoke`); a no-op for API keys.
   * Optional: tokens expire after an hour, and the revoke endpoint is rate-limited too.
   */
  public async revokeToken(): Promise<void> {
    await this.serviceAccount?.revoke();
  }
}
