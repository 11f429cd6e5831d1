/**
 * The key provider a project configures and a cluster selects: Atlas's `encryptionAtRestProvider` values.
 * `NONE` is for a cluster that opts out of customer-key encryption.
 */
export enum EncryptionProvider {
  /** AWS Key Management Service. */
  AWS = 'AWS',
  /** Azure Key Vault. */
  AZURE = 'AZURE',
  /** Google Cloud KMS. */
  GCP = 'GCP',
  /** No customer-managed key: the cluster uses only Atlas's default storage encryption. */
  NONE = 'NONE',
}

/** The cloud a cluster's nodes run on (Atlas `providerName`). Independent of the key provider. */
export enum CloudProvider {
  /** Amazon Web Services. */
  AWS = 'AWS',
  /** Microsoft Azure. */
  AZURE = 'AZURE',
  /** Google Cloud. */
  GCP = 'GCP',
}

/** Atlas `clusterType`. */
export enum ClusterType {
  /** One replica set: the default, and what every Atlas tier supports with a customer key. */
  REPLICASET = 'REPLICASET',
  /** Sharded cluster: needs the project's `allowShardedClusters` opt-in. */
  SHARDED = 'SHARDED',
  /** Global (geo-sharded) cluster: needs the sharded opt-in and draws a warning. */
  GEOSHARDED = 'GEOSHARDED',
}

/** The Azure cloud where the Entra tenant and the Key Vault live (Atlas `azureEnvironment`). */
export enum AzureEnvironment {
  /** Azure public cloud. */
  AZURE = 'AZURE',
  /** Azure operated by 21Vianet (China). */
  AZURE_CHINA = 'AZURE_CHINA',
  /** Azure US Government. */
  AZURE_US_GOVERNMENT = 'AZURE_US_GOVERNMENT',
}

/** The key providers that can be configured on a project (every provider except `NONE`). */
export const KEY_PROVIDERS: readonly EncryptionProvider[] = [
  EncryptionProvider.AWS,
  EncryptionProvider.AZURE,
  EncryptionProvider.GCP,
];
