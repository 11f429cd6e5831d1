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
  /**
   * The project encryption is known only by its attributes (another stack or app owns it): each provider's
   * `privateEndpointRegions` is then the complete list of its endpoints, and every cluster region must be in it
   * (SYN-PN-3). An owned project encryption derives its endpoints from the app's clusters instead.
   * @default false
   */
  readonly knownByAttributes?: boolean;
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
  /** Providers Atlas reaches over private networking (AWS, AZURE; anything else is refused, SYN-GCP-3/SYN-PN-1). */
  readonly privateNetworking?: readonly string[];
  /**
   * The Atlas region names of each private-networking provider's endpoints, by provider (`AWS`, `AZURE`): the
   * clusters of this stack must run in them (SYN-PN-3).
   * @default - none known: a cluster on a private-networking provider fails SYN-PN-3
   */
  readonly privateEndpointRegions?: Readonly<Record<string, readonly string[]>>;
}

/**
 * The rules' view of a project encryption known only by its attributes: which providers it configures and its
 * opt-ins. Key fields are empty: project rules never run on it (the stack that owns it checked them); cluster rules
 * read only the providers, the opt-ins and private networking.
 */
export function importedProjectSpec(facts: ImportedProjectEncryptionFacts): ProjectEncryptionSpec {
  const has = (p: string) => facts.providers.includes(p);
  const pn = (p: string) => facts.privateNetworking?.includes(p) ?? false;
  const regions = (p: string) => {
    const list = facts.privateEndpointRegions;
    return list && Object.prototype.hasOwnProperty.call(list, p) ? list[p] : undefined;
  };
  return {
    projectId: facts.projectId,
    knownByAttributes: true,
    aws: has('AWS')
      ? {
          customerMasterKeyId: '',
          region: '',
          requirePrivateNetworking: pn('AWS'),
          privateEndpointRegions: regions('AWS'),
        }
      : undefined,
    azure: has('AZURE')
      ? {
          azureEnvironment: '',
          tenantId: '',
          subscriptionId: '',
          resourceGroupName: '',
          keyVaultName: '',
          keyIdentifier: '',
          requirePrivateNetworking: pn('AZURE'),
          privateEndpointRegions: regions('AZURE'),
        }
      : undefined,
    gcp: has('GCP')
      ? { keyVersionResourceId: '', requirePrivateNetworking: pn('GCP'), privateEndpointRegions: regions('GCP') }
      : undefined,
    allowShardedClusters: facts.allowShardedClusters ?? false,
    allowGcpClusters: facts.allowGcpClusters ?? false,
  };
}
