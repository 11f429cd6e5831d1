/**
 * The typed Atlas calls the handler and the CLI need. `AtlasClient` implements it over HTTP;
 * tests run it against the loopback emulator.
 */
import {
  AlertConfigWire,
  BackupCompliancePolicyWire,
  CloudProviderAccessListWire,
  CloudProviderAccessRoleWire,
  ClusterWire,
  EncryptionAtRestWire,
  RestoreJobWire,
  SnapshotWire,
} from './types';

/** Body of `POST /cloudProviderAccess`. */
export type CreateCloudProviderAccessBody =
  | { providerName: 'AWS' }
  | { providerName: 'GCP' }
  | { providerName: 'AZURE'; tenantId: string; servicePrincipalId: string; atlasAzureAppId?: string };

/** Body of `PATCH /cloudProviderAccess/{roleId}` (authorize). */
export type AuthorizeCloudProviderAccessBody =
  | { providerName: 'AWS'; iamAssumedRoleArn: string }
  | { providerName: 'AZURE'; atlasAzureAppId: string; servicePrincipalId: string; tenantId: string };

/** The Atlas Admin API v2 calls of this library. Every method throws `AtlasApiError` on an Atlas error. */
export interface AtlasApi {
  getEncryptionAtRest(groupId: string): Promise<EncryptionAtRestWire>;
  /** PATCH; retries IAM-propagation codes within the client's propagation budget (DEP-IAM-1/3). */
  updateEncryptionAtRest(groupId: string, body: EncryptionAtRestWire): Promise<EncryptionAtRestWire>;

  listCloudProviderAccess(groupId: string): Promise<CloudProviderAccessListWire>;
  getCloudProviderAccessRole(groupId: string, roleId: string): Promise<CloudProviderAccessRoleWire>;
  createCloudProviderAccessRole(groupId: string, body: CreateCloudProviderAccessBody): Promise<CloudProviderAccessRoleWire>;
  /** PATCH authorize; retries `CANNOT_ASSUME_ROLE` within the propagation budget (DEP-IAM-2). */
  authorizeCloudProviderAccessRole(
    groupId: string,
    roleId: string,
    body: AuthorizeCloudProviderAccessBody,
  ): Promise<CloudProviderAccessRoleWire>;
  /** DELETE (deauthorize); resolves when Atlas says the role is already gone. */
  deauthorizeCloudProviderAccessRole(groupId: string, provider: 'AWS' | 'AZURE' | 'GCP', roleId: string): Promise<void>;

  listClusters(groupId: string, options?: { includeDeletedWithRetainedBackups?: boolean }): Promise<ClusterWire[]>;
  /** GET; resolves undefined on 404 / CLUSTER_NOT_FOUND. */
  getCluster(groupId: string, name: string): Promise<ClusterWire | undefined>;
  createCluster(groupId: string, body: ClusterWire): Promise<ClusterWire>;
  updateCluster(groupId: string, name: string, body: Partial<ClusterWire>): Promise<ClusterWire>;
  deleteCluster(groupId: string, name: string, options?: { retainBackups?: boolean }): Promise<void>;

  listSnapshots(groupId: string, clusterName: string): Promise<SnapshotWire[]>;
  getSnapshot(groupId: string, clusterName: string, snapshotId: string): Promise<SnapshotWire>;
  createRestoreJob(groupId: string, clusterName: string, body: RestoreJobWire): Promise<RestoreJobWire>;

  listAlertConfigs(groupId: string): Promise<AlertConfigWire[]>;
  createAlertConfig(groupId: string, body: AlertConfigWire): Promise<AlertConfigWire>;
  replaceAlertConfig(groupId: string, id: string, body: AlertConfigWire): Promise<AlertConfigWire>;

  /** GET; resolves undefined when the project has no policy (404). */
  getBackupCompliancePolicy(groupId: string): Promise<BackupCompliancePolicyWire | undefined>;
}
