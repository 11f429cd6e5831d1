/**
 * The typed Atlas calls the handler and the CLI need. `AtlasClient` implements it over HTTP;
 * tests run it against the loopback emulator.
 */
import type { KeyProvider } from '../core/atlas/providers';
import type { PrivateNetworkingProvider } from '../core/model/private-networking';
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

/** Body of `POST /cloudProviderAccess`. */
export type CreateCloudProviderAccessBody =
  | { providerName: 'AWS' }
  | { providerName: 'GCP' }
  | { providerName: 'AZURE'; tenantId: string; servicePrincipalId: string; atlasAzureAppId?: string };

/** Body of `PATCH /cloudProviderAccess/{roleId}` (authorize). */
export type AuthorizeCloudProviderAccessBody =
  | { providerName: 'AWS'; iamAssumedRoleArn: string }
  | { providerName: 'AZURE'; atlasAzureAppId: string; servicePrincipalId: string; tenantId: string };

/**
 * The Atlas Admin API v2 calls of this library. Every method throws `AtlasApiError` on an Atlas error; test
 * "not found" with `isNotFound` (HTTP 404), not with error codes.
 */
export interface AtlasApi {
  /** GET the project's encryption at rest (all three provider blocks; write-only fields absent). */
  getEncryptionAtRest(groupId: string): Promise<EncryptionAtRestWire>;
  /** PATCH; retries IAM-propagation codes within the client's propagation budget (DEP-IAM-1/3). */
  updateEncryptionAtRest(groupId: string, body: EncryptionAtRestWire): Promise<EncryptionAtRestWire>;

  /** GET every encryption-at-rest private endpoint of a provider (all pages, any status). */
  listPrivateEndpoints(groupId: string, provider: PrivateNetworkingProvider): Promise<EARPrivateEndpointWire[]>;
  /** GET one private endpoint; resolves undefined on 404 (deleted). */
  getPrivateEndpoint(
    groupId: string,
    provider: PrivateNetworkingProvider,
    endpointId: string,
  ): Promise<EARPrivateEndpointWire | undefined>;
  /** POST a private endpoint in a region (202, INITIATING). Not repeated once it may have arrived: list first. */
  createPrivateEndpoint(
    groupId: string,
    provider: PrivateNetworkingProvider,
    regionName: string,
  ): Promise<EARPrivateEndpointWire>;
  /** DELETE (request deletion: the endpoint turns DELETING, then is gone); resolves when it is already gone (404). */
  requestPrivateEndpointDeletion(
    groupId: string,
    provider: PrivateNetworkingProvider,
    endpointId: string,
  ): Promise<void>;

  /** GET every cloud-provider-access role of the project. */
  listCloudProviderAccess(groupId: string): Promise<CloudProviderAccessListWire>;
  /** GET one cloud-provider-access role (poll GCP `status`). */
  getCloudProviderAccessRole(groupId: string, roleId: string): Promise<CloudProviderAccessRoleWire>;
  /** POST a cloud-provider-access role (200). Not repeated once it may have arrived: list before re-creating. */
  createCloudProviderAccessRole(
    groupId: string,
    body: CreateCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire>;
  /** PATCH authorize; retries `CANNOT_ASSUME_ROLE` within the propagation budget (DEP-IAM-2). */
  authorizeCloudProviderAccessRole(
    groupId: string,
    roleId: string,
    body: AuthorizeCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire>;
  /** DELETE (deauthorize); resolves when the role is already gone (404). */
  deauthorizeCloudProviderAccessRole(groupId: string, provider: KeyProvider, roleId: string): Promise<void>;

  /** GET every cluster of the project (all pages). */
  listClusters(groupId: string, options?: { includeDeletedWithRetainedBackups?: boolean }): Promise<ClusterWire[]>;
  /** GET; resolves undefined on 404 (throws a 404 GROUP_NOT_FOUND: the project must exist). */
  getCluster(groupId: string, name: string): Promise<ClusterWire | undefined>;
  /** GET the cluster's change status: `PENDING` until Atlas has applied every change, then `APPLIED`. */
  getClusterStatus(groupId: string, name: string): Promise<ClusterStatusWire>;
  /** POST a cluster (201). Not repeated once it may have arrived: GET before re-creating. */
  createCluster(groupId: string, body: ClusterWire): Promise<ClusterWire>;
  /** PATCH a cluster. */
  updateCluster(groupId: string, name: string, body: Partial<ClusterWire>): Promise<ClusterWire>;
  /** DELETE a cluster (202); resolves when it is already gone (404) or already being deleted. */
  deleteCluster(groupId: string, name: string, options?: { retainBackups?: boolean }): Promise<void>;

  /** GET every snapshot of a cluster (all pages, newest first). */
  listSnapshots(groupId: string, clusterName: string): Promise<SnapshotWire[]>;
  /** GET one replica-set snapshot. */
  getSnapshot(groupId: string, clusterName: string, snapshotId: string): Promise<SnapshotWire>;
  /** POST a restore job (200). */
  createRestoreJob(groupId: string, clusterName: string, body: RestoreJobWire): Promise<RestoreJobWire>;

  /** GET every alert configuration of the project (all pages). */
  listAlertConfigs(groupId: string): Promise<AlertConfigWire[]>;
  /** POST an alert configuration (200). */
  createAlertConfig(groupId: string, body: AlertConfigWire): Promise<AlertConfigWire>;
  /** PUT (replace) an alert configuration. */
  replaceAlertConfig(groupId: string, id: string, body: AlertConfigWire): Promise<AlertConfigWire>;

  /** GET; resolves undefined when the project has no policy (404). */
  getBackupCompliancePolicy(groupId: string): Promise<BackupCompliancePolicyWire | undefined>;
}
