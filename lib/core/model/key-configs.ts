/**
 * The key configuration of one provider on a project, as the rules see it.
 * Secrets are never part of the model: only whether a secret reference exists and when it expires.
 */
import { AzureEnvironment } from './enums';

/** AWS KMS key configuration (Atlas `awsKms`). */
export interface AwsKmsKeyConfig {
  /** Key id (UUID or `mrk-…`) or key ARN. Aliases are rejected (SYN-AWS-2). */
  readonly customerMasterKeyId: string;
  /** Region of the key, `us-east-1` or `US_EAST_1` (SYN-AWS-1). */
  readonly region: string;
  /**
   * Account of the IAM role Atlas assumes; a key in another account must be given as an ARN.
   * @default - same account as the key
   */
  readonly roleAccountId?: string;
  /**
   * Account that owns the key, when the key is given by id and the account is known.
   * @default - taken from the ARN, or unknown
   */
  readonly keyAccountId?: string;
  /**
   * Atlas cloud-provider-access role id (24 hex digits), when an existing authorized role is used.
   * @default - the library creates and authorizes the role
   */
  readonly roleId?: string;
  /**
   * KMS key spec, when known (SYN-AWS-4).
   * @default - unknown: not checked
   */
  readonly keySpec?: string;
  /**
   * KMS key usage, when known (SYN-AWS-4).
   * @default - unknown: not checked
   */
  readonly keyUsage?: string;
  /**
   * Atlas reaches the key only over AWS PrivateLink, through one private endpoint per region of the project's
   * encrypted clusters on AWS.
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Atlas AWS region names that get a private endpoint besides the regions of the app's clusters (clusters managed
   * elsewhere); with `requirePrivateNetworking` only (SYN-PN-1, SYN-PN-4).
   * @default - only the regions of the app's clusters
   */
  readonly privateEndpointRegions?: readonly string[];
  /**
   * Automatic rotation period of the key in days, when rotation is on (SYN-ALERT-1).
   * @default - no automatic rotation known
   */
  readonly rotationPeriodDays?: number;
}

/** Azure Key Vault key configuration (Atlas `azureKeyVault`). */
export interface AzureKeyVaultKeyConfig {
  /** Azure cloud of the tenant and the vault. */
  readonly azureEnvironment: AzureEnvironment | string;
  /** Entra tenant id (UUID). */
  readonly tenantId: string;
  /** Subscription id of the vault (UUID). */
  readonly subscriptionId: string;
  /** Resource group of the vault. */
  readonly resourceGroupName: string;
  /** Vault name, 3-24 characters. */
  readonly keyVaultName: string;
  /**
   * Key URL `https://<vault>.<suffix>/keys/<name>` (versionless: Atlas uses the latest enabled version) or
   * `…/keys/<name>/<version>` (pinned to one version) (SYN-AZ-1).
   */
  readonly keyIdentifier: string;
  /**
   * Application (client) id of the static identity (UUID).
   * @default - no static identity
   */
  readonly clientId?: string;
  /**
   * Whether a client-secret reference is configured for the static identity.
   * @default false
   */
  readonly hasClientSecret?: boolean;
  /**
   * When the client secret expires (ISO 8601), if known (SYN-AZ-3 warns when unknown).
   * @default - unknown
   */
  readonly clientSecretExpiresAt?: string;
  /**
   * Atlas cloud-provider-access Azure id for the secretless identity (24 hex digits).
   * @default - no secretless identity
   */
  readonly roleId?: string;
  /**
   * Atlas reaches the vault only over Azure Private Link, through one private endpoint per region of the project's
   * encrypted clusters on Azure; each endpoint needs approval on the vault.
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Atlas Azure region names that get a private endpoint besides the regions of the app's clusters (clusters
   * managed elsewhere); with `requirePrivateNetworking` only (SYN-PN-1, SYN-PN-4).
   * @default - only the regions of the app's clusters
   */
  readonly privateEndpointRegions?: readonly string[];
  /**
   * Automatic rotation period of the key in days, when a rotation policy is set (SYN-ALERT-1).
   * @default - no automatic rotation known
   */
  readonly rotationPeriodDays?: number;
}

/** Google Cloud KMS key configuration (Atlas `googleCloudKms`). */
export interface GoogleCloudKmsKeyConfig {
  /** Full CryptoKeyVersion resource name (SYN-GCP-1). */
  readonly keyVersionResourceId: string;
  /**
   * Atlas cloud-provider-access GCP role id (24 hex digits).
   * @default - no Atlas-managed service account
   */
  readonly roleId?: string;
  /**
   * Whether a service-account-key secret reference is configured.
   * @default false
   */
  readonly hasServiceAccountKey?: boolean;
  /**
   * Set when the configuration asks for private networking, which GCP does not offer (SYN-GCP-3).
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Set when the configuration asks for private endpoint regions, which GCP does not offer (SYN-GCP-3).
   * @default - none
   */
  readonly privateEndpointRegions?: readonly string[];
  /**
   * Automatic rotation period of the key in days, when set (SYN-ALERT-1).
   * @default - no automatic rotation known
   */
  readonly rotationPeriodDays?: number;
}

/**
 * Where an Azure Key Vault key lives: the fields both engines take when the key exists outside the app.
 */
export interface AzureKeyVaultKeyLocation {
  /**
   * Azure cloud of the tenant and the vault; decides the vault DNS suffix (SYN-AZ-1).
   * @default AzureEnvironment.AZURE
   */
  readonly azureEnvironment?: AzureEnvironment;
  /** Entra tenant id (UUID). */
  readonly tenantId: string;
  /** Subscription id of the vault (UUID). */
  readonly subscriptionId: string;
  /** Resource group of the vault. */
  readonly resourceGroupName: string;
  /** Vault name, 3-24 characters. */
  readonly keyVaultName: string;
  /**
   * Key URL in the vault (SYN-AZ-1): versionless `https://<vault>.<suffix>/keys/<name>` (Terraform
   * `azurerm_key_vault_key.versionless_id`), which Atlas resolves to the latest enabled version so a new key version
   * needs no deploy; or versioned `…/keys/<name>/<32-hex version>` (`azurerm_key_vault_key.id`), pinned to that
   * version. Not the ARM resource id. With a versionless URL, keep every version a snapshot may need enabled: the
   * key history then records the URL, not the version.
   */
  readonly keyIdentifier: string;
}
