/**
 * Wire types of the Atlas Admin API v2 calls this library makes (only the fields it reads or writes).
 * Field names are Atlas's own, so bodies go on the wire unchanged.
 */

/** `awsKms` block of `EncryptionAtRest`. `roleId` is write-only in Atlas. */
export interface AwsKmsWire {
  enabled?: boolean;
  customerMasterKeyID?: string;
  region?: string;
  roleId?: string;
  requirePrivateNetworking?: boolean;
  /** Read-only. */
  valid?: boolean;
}

/** `azureKeyVault` block. `secret` is write-only. */
export interface AzureKeyVaultWire {
  enabled?: boolean;
  azureEnvironment?: string;
  clientID?: string;
  tenantID?: string;
  subscriptionID?: string;
  resourceGroupName?: string;
  keyVaultName?: string;
  keyIdentifier?: string;
  secret?: string;
  roleId?: string;
  requirePrivateNetworking?: boolean;
  valid?: boolean;
}

/** `googleCloudKms` block. `serviceAccountKey` is write-only. */
export interface GoogleCloudKmsWire {
  enabled?: boolean;
  keyVersionResourceID?: string;
  serviceAccountKey?: string;
  roleId?: string;
  valid?: boolean;
}

/** `GET|PATCH /groups/{groupId}/encryptionAtRest`. */
export interface EncryptionAtRestWire {
  awsKms?: AwsKmsWire;
  azureKeyVault?: AzureKeyVaultWire;
  googleCloudKms?: GoogleCloudKmsWire;
  enabledForSearchNodes?: boolean;
}

/**
 * A private endpoint Atlas uses to reach the key (`EARPrivateEndpoint`: AWSKMSEARPrivateEndpoint or
 * AzureKeyVaultEARPrivateEndpoint). Only `regionName` is written; the rest is read-only.
 */
export interface EARPrivateEndpointWire {
  id?: string;
  cloudProvider?: 'AWS' | 'AZURE';
  /** Atlas region name on the provider's cloud, e.g. `US_EAST_1`, `EUROPE_WEST`. */
  regionName: string;
  status?: 'INITIATING' | 'PENDING_ACCEPTANCE' | 'ACTIVE' | 'FAILED' | 'PENDING_RECREATION' | 'DELETING';
  errorMessage?: string;
  /** Azure: the connection the vault owner approves; AWS: the endpoint's resource id. */
  privateEndpointConnectionName?: string;
}

/** A cloud-provider-access role as returned by create/get (AWS and GCP use `roleId`, Azure `_id`). */
export interface CloudProviderAccessRoleWire {
  providerName: 'AWS' | 'AZURE' | 'GCP';
  roleId?: string;
  _id?: string;
  atlasAWSAccountArn?: string;
  atlasAssumedRoleExternalId?: string;
  iamAssumedRoleArn?: string;
  authorizedDate?: string;
  createdDate?: string;
  /** Azure roles: their schema has no authorizedDate; an authorization updates this. */
  lastUpdatedDate?: string;
  featureUsages?: Array<{ featureType: string; featureId?: unknown }>;
  atlasAzureAppId?: string;
  servicePrincipalId?: string;
  tenantId?: string;
  gcpServiceAccountForAtlas?: string;
  status?: 'IN_PROGRESS' | 'COMPLETE' | 'FAILED' | 'NOT_INITIATED';
}

/** `GET /groups/{groupId}/cloudProviderAccess`. */
export interface CloudProviderAccessListWire {
  awsIamRoles: CloudProviderAccessRoleWire[];
  azureServicePrincipals: CloudProviderAccessRoleWire[];
  gcpServiceAccounts: CloudProviderAccessRoleWire[];
}

/** Hardware spec of a region config. */
export interface HardwareSpecWire {
  instanceSize?: string;
  nodeCount?: number;
  /** Storage per node in GB; the same for every shard and node type (`DedicatedHardwareSpec20240805.diskSizeGB`). */
  diskSizeGB?: number;
}

/** `replicationSpecs[].regionConfigs[]`. */
export interface RegionConfigWire {
  providerName: string;
  regionName: string;
  priority?: number;
  electableSpecs?: HardwareSpecWire;
  readOnlySpecs?: HardwareSpecWire;
  analyticsSpecs?: HardwareSpecWire;
  autoScaling?: {
    compute?: { enabled?: boolean; scaleDownEnabled?: boolean; minInstanceSize?: string; maxInstanceSize?: string };
    /** `DiskGBAutoScaling`. */
    diskGB?: { enabled?: boolean };
  };
  /** Shared tiers only: `providerName` is `TENANT` and this names the cloud. */
  backingProviderName?: string;
}

/** `ClusterDescription20240805` (the fields this library reads or writes). */
export interface ClusterWire {
  id?: string;
  name: string;
  clusterType?: 'REPLICASET' | 'SHARDED' | 'GEOSHARDED' | string;
  backupEnabled?: boolean;
  pitEnabled?: boolean;
  encryptionAtRestProvider?: 'NONE' | 'AWS' | 'AZURE' | 'GCP' | string;
  mongoDBMajorVersion?: string;
  mongoDBVersion?: string;
  paused?: boolean;
  terminationProtectionEnabled?: boolean;
  replicationSpecs?: Array<{ id?: string; zoneName?: string; regionConfigs: RegionConfigWire[] }>;
  /** Read-only: IDLE, CREATING, UPDATING, DELETING, REPAIRING. */
  stateName?: string;
  /** Resource tags (`ResourceTag`: key and value, 1–255 characters each); a PATCH replaces the whole list. */
  tags?: Array<{ key: string; value: string }>;
  /** Legacy backup flag: never sent by this library (SYN-BKP-1), read to detect legacy clusters. */
  providerBackupEnabled?: boolean;
}

/** `ClusterStatus` of `GET /groups/{groupId}/clusters/{clusterName}/status`. */
export interface ClusterStatusWire {
  /** `PENDING` while Atlas is still applying changes made to the cluster, `APPLIED` once they are in. */
  changeStatus?: 'PENDING' | 'APPLIED' | string;
}

/** A cloud backup snapshot (replica set). */
export interface SnapshotWire {
  id: string;
  createdAt: string;
  expiresAt?: string;
  status?: 'queued' | 'inProgress' | 'completed' | 'failed' | string;
  snapshotType?: string;
  frequencyType?: string;
  cloudProvider?: string;
  mongodVersion?: string;
  type?: 'replicaSet' | 'shardedCluster' | string;
  masterKeyUUID?: string;
}

/** A restore job. */
export interface RestoreJobWire {
  id?: string;
  deliveryType: 'automated' | 'download' | 'pointInTime';
  snapshotId?: string;
  targetClusterName?: string;
  targetGroupId?: string;
  pointInTimeUTCSeconds?: number;
  finishedAt?: string;
  failed?: boolean;
  cancelled?: boolean;
  expired?: boolean;
}

/** An alert configuration (rotation alerts carry a day threshold). */
export interface AlertConfigWire {
  id?: string;
  eventTypeName: string;
  enabled: boolean;
  threshold?: { operator: 'GREATER_THAN' | 'LESS_THAN'; threshold: number; units: 'DAYS' | string };
  notifications: Array<{
    typeName: 'GROUP' | 'EMAIL' | 'WEBHOOK' | string;
    roles?: string[];
    emailAddress?: string;
    webhookUrl?: string;
    webhookSecret?: string;
    emailEnabled?: boolean;
    smsEnabled?: boolean;
    delayMin?: number;
    intervalMin?: number;
  }>;
}

/** `GET|PUT /groups/{groupId}/backupCompliancePolicy` (the field this library reads). */
export interface BackupCompliancePolicyWire {
  encryptionAtRestEnabled?: boolean;
}

/** The paginated envelope. */
export interface PageWire<T> {
  results: T[];
  totalCount?: number;
}

/** Atlas error body. */
export interface AtlasErrorBody {
  error: number;
  errorCode: string;
  detail?: string | null;
  reason?: string | null;
  parameters?: unknown[];
  badRequestDetail?: { fields?: Array<{ field: string; description: string }> };
}

/** Any provider block: the union of the three blocks' fields, for code that looks fields up by provider. */
export type AnyProviderBlockWire = AwsKmsWire & AzureKeyVaultWire & GoogleCloudKmsWire;
