/**
 * The contract between the constructs and the deploy-time handler: custom resource type names and
 * the typed properties each carries. Constructs write `{ Spec: stack.toJsonString(spec) }`; the handler
 * parses `Spec` back, so booleans and numbers survive CloudFormation's string conversion.
 * This file holds types, constants and pure helpers only, so the bundled handler and the CLI can import it
 * without aws-cdk-lib.
 */

/** CloudFormation resource types served by the library's single provider. */
export enum AtlasResourceType {
  /** Atlas cloud-provider-access role (setup): returns role id, Atlas AWS account ARN and external id. */
  CLOUD_PROVIDER_ACCESS = 'Custom::AtlasCloudProviderAccess',
  /** Authorization of an IAM role for a cloud-provider-access role. */
  CLOUD_PROVIDER_ACCESS_AUTHORIZATION = 'Custom::AtlasCloudProviderAccessAuthorization',
  /** The project's encryption-at-rest setting for the providers this construct manages. */
  PROJECT_ENCRYPTION = 'Custom::AtlasProjectEncryption',
  /** A cluster created or adopted by the library, with its encryption provider. */
  ENCRYPTED_CLUSTER = 'Custom::AtlasEncryptedCluster',
  /** One encryption-at-rest private endpoint (provider + region) Atlas reaches the key through. */
  PRIVATE_ENDPOINT = 'Custom::AtlasEncryptionAtRestPrivateEndpoint',
}

/** What a Delete does with the Atlas object. Default everywhere is RETAIN (data-safety invariant 1). */
export type DeletePolicy = 'RETAIN' | 'DESTROY';

/** Fields every resource spec has. */
export interface BaseSpec {
  /** Atlas project id. */
  readonly projectId: string;
  /** ARN of the Secrets Manager secret with Atlas API credentials. */
  readonly credentialsSecretArn: string;
  /** Atlas base URL (tests and Atlas for Government override it). */
  readonly baseUrl?: string;
  /** What Delete does; absent means RETAIN (the constructs omit the default to keep templates small). */
  readonly deletePolicy?: DeletePolicy;
}

/**
 * The project fields a cluster reads from its project encryption instead of repeating them (about 150 bytes per
 * cluster): `Custom::AtlasProjectEncryption` returns them as the `Project` attribute, and a cluster in the same stack
 * carries `Project: Fn::GetAtt <project>.Project` next to its Spec. CloudFormation records the resolved value with
 * the cluster's properties, so a Delete or a rollback Update still gets the project it was deployed with.
 */
export type ProjectContext = Pick<BaseSpec, 'projectId' | 'credentialsSecretArn' | 'baseUrl'>;

/** The `Custom::AtlasProjectEncryption` attribute and the cluster property that carry {@link ProjectContext}. */
export const PROJECT_CONTEXT = 'Project';

/** The {@link ProjectContext} of a spec, as the attribute value (a JSON string: Data values are strings). */
export function projectContextOf(spec: BaseSpec): string {
  const context: ProjectContext = {
    projectId: spec.projectId,
    credentialsSecretArn: spec.credentialsSecretArn,
    baseUrl: spec.baseUrl,
  };
  return JSON.stringify(context);
}

/** The cloud providers an Atlas cloud-provider-access role can be for. */
export type CloudProviderAccessProvider = 'AWS' | 'AZURE' | 'GCP';

/**
 * `Custom::AtlasCloudProviderAccess`. Physical id: the Atlas role id. `providerName` absent means AWS (templates
 * written before Azure and Google Cloud roles existed).
 */
export type CloudProviderAccessSpec =
  AwsCloudProviderAccessSpec | AzureCloudProviderAccessSpec | GcpCloudProviderAccessSpec;

/** An Atlas AWS role: Atlas returns its AWS account ARN and the project's external id. */
export interface AwsCloudProviderAccessSpec extends BaseSpec {
  readonly providerName: 'AWS';
}

/**
 * An Atlas Azure role: the service principal of Atlas's multi-tenant application in the customer's tenant (the
 * customer creates it; CloudFormation cannot). Spec schema CloudProviderAccessAzureServicePrincipal.
 */
export interface AzureCloudProviderAccessSpec extends BaseSpec {
  readonly providerName: 'AZURE';
  /** Object id of the service principal (UUID). */
  readonly servicePrincipalId: string;
  /** Entra ID tenant (UUID). */
  readonly tenantId: string;
  /** Atlas's application id (UUID); absent: Atlas derives it. */
  readonly atlasAzureAppId?: string;
}

/** An Atlas Google Cloud role: Atlas creates a service account for the project (asynchronously). */
export interface GcpCloudProviderAccessSpec extends BaseSpec {
  readonly providerName: 'GCP';
}

/** Data returned by `Custom::AtlasCloudProviderAccess` for an AWS role. */
export interface CloudProviderAccessData {
  readonly RoleId: string;
  readonly AtlasAwsAccountArn: string;
  readonly ExternalId: string;
}

/** Data returned by `Custom::AtlasCloudProviderAccess` for an Azure role (the ids as Atlas stores them). */
export interface AzureCloudProviderAccessData {
  readonly RoleId: string;
  readonly AtlasAzureAppId: string;
  readonly ServicePrincipalId: string;
  readonly TenantId: string;
}

/** Data returned by `Custom::AtlasCloudProviderAccess` for a Google Cloud role, once its status is COMPLETE. */
export interface GcpCloudProviderAccessData {
  readonly RoleId: string;
  /** Email of the service account Atlas created: the principal the customer grants the key to. */
  readonly GcpServiceAccountForAtlas: string;
}

/**
 * `Custom::AtlasCloudProviderAccessAuthorization`. Physical id: `<projectId>:<roleId>`. `providerName` absent
 * means AWS.
 */
export type CloudProviderAccessAuthorizationSpec =
  AwsCloudProviderAccessAuthorizationSpec | AzureCloudProviderAccessAuthorizationSpec;

/** Authorizes an IAM role for an Atlas AWS role. */
export interface AwsCloudProviderAccessAuthorizationSpec extends BaseSpec {
  readonly providerName?: 'AWS';
  readonly roleId: string;
  readonly iamAssumedRoleArn: string;
}

/** Authorizes an Atlas Azure role (schema CloudProviderAccessAzureServicePrincipalRequestUpdate). */
export interface AzureCloudProviderAccessAuthorizationSpec extends BaseSpec {
  readonly providerName: 'AZURE';
  readonly roleId: string;
  readonly servicePrincipalId: string;
  readonly tenantId: string;
  /** The app id the role resource returned (Atlas's, or the one it derived). */
  readonly atlasAzureAppId: string;
}

/** AWS block of a project encryption spec. */
export interface AwsKmsSpec {
  readonly customerMasterKeyId: string;
  /** Atlas form, e.g. `US_EAST_1`. */
  readonly region: string;
  readonly roleId: string;
  readonly requirePrivateNetworking?: boolean;
}

/** Azure block; the client secret stays in Secrets Manager until the handler reads it. */
export interface AzureKeyVaultSpec {
  readonly azureEnvironment: string;
  readonly tenantId: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly keyVaultName: string;
  readonly keyIdentifier: string;
  readonly clientId?: string;
  /** ARN of a secret whose SecretString is the client secret. */
  readonly clientSecretArn?: string;
  readonly roleId?: string;
  readonly requirePrivateNetworking?: boolean;
}

/** GCP block; the service-account key stays in Secrets Manager until the handler reads it. */
export interface GcpKmsSpec {
  readonly keyVersionResourceId: string;
  readonly roleId?: string;
  /** ARN of a secret whose SecretString is the service-account key JSON. */
  readonly serviceAccountKeySecretArn?: string;
}

/**
 * The threshold of the rotation alert Atlas creates on its own when a key provider is configured: "MongoDB Cloud
 * automatically creates a 90-day key rotation alert" (Admin API v2, updateGroupEncryptionAtRest).
 */
export const ATLAS_DEFAULT_ROTATION_ALERT_DAYS = 90;

/** Managed rotation alert (DEP-ALERT-1). */
export interface RotationAlertSpec {
  /**
   * Age of the key at which the alert fires, in days.
   * @default ATLAS_DEFAULT_ROTATION_ALERT_DAYS (Atlas's own threshold)
   */
  readonly thresholdDays?: number;
  /** Notify project owners. */
  readonly notifyProjectOwners: boolean;
  readonly emails?: readonly string[];
  /** ARN of a secret holding `{ "url": …, "secret"?: … }` for a webhook. */
  readonly webhookSecretArn?: string;
}

/** `Custom::AtlasProjectEncryption`. Physical id: the project id. */
export interface ProjectEncryptionSpecWire extends BaseSpec {
  readonly aws?: AwsKmsSpec;
  readonly azure?: AzureKeyVaultSpec;
  readonly gcp?: GcpKmsSpec;
  readonly enabledForSearchNodes?: boolean;
  /** Take over a provider already enabled with a different key or identity (DEP-EAR-1). */
  readonly adopt?: boolean;
  readonly rotationAlert?: RotationAlertSpec;
  /** Milliseconds to wait for `valid: true` after the PATCH (DEP-VAL-1). */
  readonly validationTimeoutMs?: number;
  /**
   * The resource's DeletionPolicy is RetainExceptOnCreate (deletePolicy RETAIN): CloudFormation then sends a Delete
   * only when the operation that created the resource rolls back, and the handler undoes what it provably enabled.
   */
  readonly undoOnCreateRollback?: boolean;
  /** Project opt-in to sharded clusters (SYN-TOPO-1), visible in the template. Added by the constructs (additive). */
  readonly allowShardedClusters?: boolean;
  /** Project opt-in to clusters on Google Cloud (SYN-CLOUD-1), visible in the template. Added by the constructs (additive). */
  readonly allowGcpClusters?: boolean;
}

/** Data returned by `Custom::AtlasProjectEncryption`. */
export interface ProjectEncryptionData {
  /** `true`/`false` per managed provider, e.g. `AwsValid`. */
  readonly [key: string]: string;
}

/** One region of a cluster spec, Atlas names. */
export interface ClusterRegionWireSpec {
  readonly cloud: string;
  readonly regionName: string;
  readonly instanceSize: string;
  readonly nodeCount?: number;
  readonly readOnlyInstanceSize?: string;
  readonly readOnlyNodeCount?: number;
  readonly analyticsInstanceSize?: string;
  readonly analyticsNodeCount?: number;
  readonly autoScalingMinInstanceSize?: string;
  readonly autoScalingMaxInstanceSize?: string;
}

/**
 * `Custom::AtlasEncryptedCluster`. Physical id: `<projectId>:<name>`. With its project encryption in the same stack,
 * the construct writes the project fields as the `Project` property ({@link PROJECT_CONTEXT}), not in the Spec.
 */
export interface EncryptedClusterSpec extends BaseSpec {
  readonly name: string;
  /**
   * CREATE: the library creates the cluster; ADOPT: an existing cluster by name, only its provider is set.
   * Absent on the wire means CREATE.
   */
  readonly mode: 'CREATE' | 'ADOPT';
  readonly encryptionProvider: 'AWS' | 'AZURE' | 'GCP' | 'NONE';
  readonly topology?: string;
  readonly regions?: readonly ClusterRegionWireSpec[];
  readonly mongoDbMajorVersion?: string;
  readonly cloudBackup?: boolean;
  readonly pointInTime?: boolean;
  /** Day-2 settings (mode CREATE); omitted: the live cluster's value is left as it is. */
  readonly diskSizeGb?: number;
  readonly diskAutoScaling?: boolean;
  readonly terminationProtectionEnabled?: boolean;
  /** User tags, key → value (the owner tag is the handler's own and always kept). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Project opt-ins, so the handler re-checks live state against the same rules. */
  readonly allowShardedClusters?: boolean;
  readonly allowGcpClusters?: boolean;
  /** Total time isComplete may wait for IDLE, in seconds. */
  readonly timeoutSeconds?: number;
}

/**
 * `Custom::AtlasEncryptionAtRestPrivateEndpoint`: one private endpoint per provider and region. Physical id
 * `<projectId>:<provider>:<endpointId>` for an endpoint this resource created (the only kind it ever deletes), or
 * `<projectId>:<provider>:existing:<endpointId>` for one it found in the region and uses as it is.
 */
export interface PrivateEndpointSpec extends BaseSpec {
  /** Key provider the endpoint serves (Atlas `cloudProvider`). */
  readonly provider: 'AWS' | 'AZURE';
  /** Atlas region name on the provider's cloud, e.g. `US_EAST_1`, `EUROPE_WEST`. */
  readonly regionName: string;
  /** Azure: the vault whose owner approves the connection (named in the pending-approval message). */
  readonly keyVaultName?: string;
  /** Total time isComplete may wait for the endpoint (to be usable, or gone), in seconds. */
  readonly timeoutSeconds?: number;
  /**
   * deletePolicy RETAIN with DeletionPolicy RetainExceptOnCreate: the only Delete CloudFormation sends is the rollback
   * of the operation that created the resource, and the handler removes the endpoint it created, so that the project
   * encryption's own rollback can disable the provider and a retried deploy starts clean.
   */
  readonly undoOnCreateRollback?: boolean;
}

/** Data returned by `Custom::AtlasEncryptionAtRestPrivateEndpoint` (every value a string, well under 4 KB). */
export interface PrivateEndpointData {
  readonly EndpointId: string;
  readonly RegionName: string;
  /** `ACTIVE`, or `PENDING_ACCEPTANCE` while an Azure connection waits for approval on the vault. */
  readonly Status: string;
  /** Azure: the connection the vault owner approves; empty for AWS. */
  readonly PrivateEndpointConnectionName: string;
  /** What an operator must do, or `none`. */
  readonly Message: string;
}
