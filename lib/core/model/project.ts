import { AwsKmsKeyConfig, AzureKeyVaultKeyConfig, GcpKmsKeyConfig } from './key-configs';

/**
 * A project's encryption-at-rest setting: at most one key configuration per provider,
 * plus the explicit opt-ins that widen the brief's limits.
 */
export interface ProjectEncryptionSpec {
  /** Atlas project (group) id: 24 hex digits, or an unresolved token. */
  readonly projectId: string;
  /**
   * AWS KMS configuration.
   * @default - AWS not configured
   */
  readonly aws?: AwsKmsKeyConfig;
  /**
   * Azure Key Vault configuration.
   * @default - Azure not configured
   */
  readonly azure?: AzureKeyVaultKeyConfig;
  /**
   * Google Cloud KMS configuration.
   * @default - GCP not configured
   */
  readonly gcp?: GcpKmsKeyConfig;
  /**
   * Also encrypt dedicated Search Node indexes with the customer key.
   * @default false
   */
  readonly enabledForSearchNodes?: boolean;
  /**
   * Opt in to sharded clusters, which the brief lists as "in development" and today's Atlas supports (SYN-TOPO-1).
   * @default false
   */
  readonly allowShardedClusters?: boolean;
  /**
   * Opt in to clusters deployed on Google Cloud, which the brief lists as "in development" (SYN-CLOUD-1).
   * @default false
   */
  readonly allowGcpClusters?: boolean;
  /**
   * Threshold of the managed `*_ENCRYPTION_KEY_NEEDS_ROTATION` alert, in days (SYN-ALERT-1).
   * @default - alert threshold not managed
   */
  readonly rotationAlertThresholdDays?: number;
}
