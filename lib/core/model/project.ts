import { AwsKmsKeyConfig, AzureKeyVaultKeyConfig, GoogleCloudKmsKeyConfig } from './key-configs';

/**
 * A project's encryption-at-rest setting: at most one key configuration per provider,
 * plus the explicit opt-ins that widen the library's defaults.
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
  readonly gcp?: GoogleCloudKmsKeyConfig;
  /**
   * Also encrypt dedicated Search Node indexes with the customer key.
   * @default false
   */
  readonly enabledForSearchNodes?: boolean;
  /**
   * Opt in to sharded and global clusters: Atlas supports them with a customer key; the default is replica sets
   * only (SYN-TOPO-1).
   * @default false
   */
  readonly allowShardedClusters?: boolean;
  /**
   * Opt in to clusters deployed on Google Cloud: Atlas supports them with a customer key; the default is clusters on
   * AWS or Azure (SYN-CLOUD-1).
   * @default false
   */
  readonly allowGcpClusters?: boolean;
  /**
   * Threshold of the managed `*_ENCRYPTION_KEY_NEEDS_ROTATION` alert, in days (SYN-ALERT-1).
   * @default - alert threshold not managed
   */
  readonly rotationAlertThresholdDays?: number;
}

/** What a stack knows of a project encryption defined in another stack or app (see `fromProjectEncryptionAttributes`). */
export interface ImportedProjectEncryptionFacts {
  /** Atlas project id. */
  readonly projectId: string;
  /** The providers the project encryption configures. */
  readonly providers: readonly string[];
  /** The project's sharded-cluster opt-in. */
  readonly allowShardedClusters?: boolean;
  /** The project's Google Cloud cluster opt-in. */
  readonly allowGcpClusters?: boolean;
  /** Providers Atlas reaches over private networking. */
  readonly privateNetworking?: readonly string[];
}

/**
 * The rules' view of a project encryption known only by its attributes: which providers it configures and its
 * opt-ins. Key fields are empty: project rules never run on it (the stack that owns it checked them); cluster rules
 * read only the providers, the opt-ins and private networking.
 */
export function importedProjectSpec(facts: ImportedProjectEncryptionFacts): ProjectEncryptionSpec {
  const has = (p: string) => facts.providers.includes(p);
  const pn = (p: string) => facts.privateNetworking?.includes(p) ?? false;
  return {
    projectId: facts.projectId,
    aws: has('AWS') ? { customerMasterKeyId: '', region: '', requirePrivateNetworking: pn('AWS') } : undefined,
    azure: has('AZURE')
      ? {
          azureEnvironment: '',
          tenantId: '',
          subscriptionId: '',
          resourceGroupName: '',
          keyVaultName: '',
          keyIdentifier: '',
          requirePrivateNetworking: pn('AZURE'),
        }
      : undefined,
    gcp: has('GCP') ? { keyVersionResourceId: '' } : undefined,
    allowShardedClusters: facts.allowShardedClusters ?? false,
    allowGcpClusters: facts.allowGcpClusters ?? false,
  };
}
