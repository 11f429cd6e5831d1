/**
 * The rule registry: every rule id the library reports, registered once with its stage, severity, summary and the
 * code that checks it. `RuleId` is the union of the registered ids, so an unregistered id does not compile, and
 * severity lives only here (a reporter looks it up). docs/rules.md is generated from this table
 * (`node scripts/rules-doc.mjs`; a test fails when it is stale).
 */

/** When a rule runs. */
export enum RuleStage {
  /** Before anything deploys: construct validation, `cdk synth`, `cdktf synth`. */
  SYNTH = 'synth',
  /** Inside the deploy-time handler, against live Atlas state. */
  DEPLOY = 'deploy',
  /** In `atlas-ear restore-check`, before a restore. */
  RESTORE = 'restore',
}

/** What a violation does. */
export enum Severity {
  /** Synth (or the handler) fails. */
  ERROR = 'error',
  /** An annotation or warning; synth goes on. */
  WARNING = 'warning',
}

/** One registered rule. */
export interface RuleDefinition {
  /** When it runs. */
  readonly stage: RuleStage;
  /** Severity of its violations. */
  readonly severity: Severity;
  /** One line: what the rule checks. */
  readonly summary: string;
  /** The code that checks it: `<module below lib/>#<exported function>`, or `<module>` for a handler resource. */
  readonly check: string;
  /** Why the rule is as it is, when the summary does not say (docs/rules.md prints it). */
  readonly note?: string;
}

const E = Severity.ERROR;
const W = Severity.WARNING;
const syn = (severity: Severity, summary: string, check: string, note?: string): RuleDefinition => ({
  stage: RuleStage.SYNTH,
  severity,
  summary,
  check,
  ...(note ? { note } : {}),
});
const dep = (summary: string, check: string): RuleDefinition => ({
  stage: RuleStage.DEPLOY,
  severity: E,
  summary,
  check,
});
const rst = (summary: string, check: string): RuleDefinition => ({
  stage: RuleStage.RESTORE,
  severity: E,
  summary,
  check,
});

/** Every rule, in documentation order. */
const DEFINITIONS = {
  'SYN-TIER-1': syn(
    E,
    'Encrypted clusters use dedicated sizes, M10 or larger (no M0/M2/M5, Flex or Serverless)',
    'core/rules/cluster-shape#checkTier',
  ),
  'SYN-TOPO-1': syn(
    E,
    'Replica sets by default; sharded and global clusters only with the project opt-in allowShardedClusters',
    'core/rules/cluster-shape#checkTopology',
  ),
  'SYN-TOPO-2': syn(
    W,
    'Atlas does not document encryption at rest for global (GEOSHARDED) clusters',
    'core/rules/cluster-shape#checkTopology',
  ),
  'SYN-CLOUD-1': syn(
    E,
    'Clusters on AWS or Azure in a valid Atlas region by default; Google Cloud only with the opt-in allowGcpClusters',
    'core/rules/cluster-shape#checkCloud',
  ),
  'SYN-CLOUD-3': syn(
    W,
    'Multi-cloud clusters are allowed, unless the project uses private networking',
    'core/rules/cluster-shape#checkCloud',
  ),
  'SYN-SHAPE-1': syn(
    E,
    'Electable nodes across the regions total 3, 5 or 7; node counts are whole numbers',
    'core/rules/cluster-shape#checkNodes',
    'Atlas calls this the replication factor (`CLUSTER_REPLICATION_FACTOR_INVALID`). Regions with electable nodes get election priorities 7, 6, 5, …; a read-only or analytics region gets 0.',
  ),
  'SYN-SHAPE-2': syn(E, 'Each cloud region is listed once', 'core/rules/cluster-shape#checkNodes'),
  'SYN-SHAPE-3': syn(
    E,
    'The cluster name is one Atlas accepts (letters, digits, hyphens; at most 64 characters)',
    'core/rules/cluster-shape#checkClusterName',
  ),
  'SYN-SHAPE-4': syn(
    E,
    "The MongoDB major version is in Atlas's <major>.<minor> form",
    'core/rules/cluster-shape#checkMongoDbVersion',
  ),
  // Day-2 cluster shape (issue #13): each note cites the Atlas source of the rule.
  'SYN-SHAPE-5': syn(
    E,
    'Compute auto-scaling: a smallest size turns it on; smallest ≤ instanceSize ≤ largest, within one cluster class',
    'core/rules/cluster-shape#checkAutoScaling',
    'Atlas scales within the minimum and maximum tiers you set and never across cluster classes (https://www.mongodb.com/docs/atlas/cluster-autoscaling/; Admin API v2 `AdvancedComputeAutoScaling.minInstanceSize`/`maxInstanceSize`). While it is on, the size Atlas chose is not drift in either engine.',
  ),
  'SYN-SHAPE-6': syn(
    E,
    'Read-only and analytics node counts are whole numbers; a replica set has at most 50 nodes',
    'core/rules/cluster-shape#checkNodeGroups',
    '"A replica set can have up to 50 members but only 7 voting members" (https://www.mongodb.com/docs/manual/core/replica-set-members/); read-only and analytics nodes never vote (Admin API v2 `readOnlySpecs`, `analyticsSpecs`).',
  ),
  'SYN-SHAPE-7': syn(
    E,
    'A disk size (diskSizeGb) is at least 10 GB',
    'core/rules/cluster-shape#checkDiskSize',
    "Admin API v2 `DedicatedHardwareSpec20240805.diskSizeGB`: below the 10 GB minimum Atlas silently uses 10 GB; the value is the same for every shard and node type, so it is one cluster prop. The per-tier maximum (50 × the tier's RAM, same field) is left to Atlas. With disk auto-scaling on, a size Atlas raised is not drift.",
  ),
  'SYN-SHAPE-8': syn(
    E,
    "Cluster tags: keys and values of 1 to 255 characters, and never the key of the library's owner tag",
    'core/rules/cluster-shape#checkTags',
    'Admin API v2 `ResourceTag` (key and value: minLength 1, maxLength 255). The owner tag `atlas-encryption-at-rest-owner` proves which clusters the library created (it terminates only those), so user tags never set or remove it.',
  ),
  'SYN-KEEP-3': syn(
    E,
    'Termination protection is not combined with a removal setting that terminates the cluster',
    'core/rules/cluster-shape#checkTerminationProtection',
    'With `terminationProtectionEnabled` true "MongoDB Cloud won\'t delete the cluster" (Admin API v2 `ClusterDescription20240805`); the library never turns protection off, so such a deletion could only fail.',
  ),
  'DEP-CLU-3': dep(
    'A cluster with termination protection on is never terminated, and protection is never turned off by the library',
    'cdk/handler/resources/encrypted-cluster',
  ),
  'SYN-PROJ-1': syn(
    E,
    "A cluster's key provider is configured on the same project's encryption",
    'core/rules/project-wiring#checkProviderConfigured',
  ),
  'SYN-PROJ-2': syn(
    E,
    'At most one project-encryption construct (and one AWS key construct) per Atlas project in an app',
    'core/rules/project-wiring#checkOnePerProject',
  ),
  'SYN-PROJ-3': syn(
    E,
    'A key construct handed to a project encryption was set up for the same Atlas project (tokens compared as written)',
    'core/rules/project-wiring#checkSameProject',
  ),
  'SYN-PROJ-4': syn(E, 'The Atlas project id is 24 hexadecimal digits', 'core/rules/project-wiring#checkProject'),
  'SYN-PROJ-5': syn(
    E,
    'At most one construct per Atlas cluster (project and name) in an app',
    'core/rules/project-wiring#checkOneConstructPerCluster',
  ),
  'SYN-PROJ-6': syn(
    E,
    "A cluster defined with MongoDB's own constructs (CfnCluster, AdvancedCluster) is in the project encryption's Atlas project",
    'core/rules/project-wiring#checkOwnClusterProject',
    'Compared as written: a token matches only the same token; a token against a literal is checked by Atlas at deploy time.',
  ),
  'SYN-AWS-1': syn(
    E,
    "AWS key region is a KMS region, in either form, and matches the key ARN's region",
    'core/rules/aws-kms#checkAwsKms',
    "The key's region, not the cluster's. `us-east-1` and `US_EAST_1` are both accepted and the Atlas form is sent. `GLOBAL` is in Atlas's region list but is not a KMS region.",
  ),
  'SYN-AWS-2': syn(
    E,
    'AWS key is a key id or key ARN (no alias); a cross-account key is an ARN',
    'core/rules/aws-kms#checkAwsKms',
    'Aliases are refused because re-pointing an alias silently swaps the key that protects the data.',
  ),
  'SYN-AWS-3': syn(
    E,
    'AWS identity is an Atlas role id (24 hex), never an IAM ARN or access keys',
    'core/rules/aws-kms#checkAwsKms',
  ),
  'SYN-AWS-4': syn(E, 'AWS key is symmetric (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT)', 'core/rules/aws-kms#checkAwsKms'),
  'SYN-AWS-5': syn(
    E,
    'A KMS key the library creates gets a valid alias, not under alias/aws/',
    'core/rules/engine-settings#checkKeyAlias',
  ),
  'SYN-AZ-1': syn(
    E,
    'Azure key identifier is a key URL in the configured vault and cloud: versionless (latest enabled version) or versioned',
    'core/rules/azure-key-vault#checkAzureKeyVault',
    'The identifier is a key URL in the vault, never the ARM resource id. Atlas resolves a versionless URL (Terraform `azurerm_key_vault_key.versionless_id`) to the latest enabled version, so a rotation needs no deploy; the key history then records the URL, not the version, so keep every version a snapshot may need enabled (restore-check asks you to verify it). A versioned URL (`azurerm_key_vault_key.id`) pins one version.',
  ),
  'SYN-AZ-2': syn(
    E,
    'Azure environment, tenant, subscription, client ids, vault and resource group are well formed',
    'core/rules/azure-key-vault#checkAzureKeyVault',
  ),
  'SYN-AZ-3': syn(
    E,
    'Azure identity is exactly one of: secretless Atlas role, or client id + secret (not expired, at most two years)',
    'core/rules/azure-key-vault#checkAzureKeyVault',
  ),
  'SYN-AZ-4': syn(
    W,
    "An Azure client secret's expiry is known, so it can be rotated before Atlas loses the key",
    'core/rules/azure-key-vault#checkAzureKeyVault',
    'When a client secret lapses, Atlas can no longer reach the key and the clusters stop.',
  ),
  'SYN-GCP-1': syn(
    E,
    'GCP key is a full CryptoKeyVersion resource name; the project, location, key ring and key it is made from are well formed',
    'core/rules/google-cloud-kms#checkGcpKms',
  ),
  'SYN-GCP-2': syn(
    E,
    'GCP identity is exactly one of: Atlas role, or service-account key',
    'core/rules/google-cloud-kms#checkGcpKms',
  ),
  'SYN-GCP-3': syn(
    E,
    'No private networking for Google Cloud KMS (requirePrivateNetworking or endpoint regions, typed or untyped)',
    'core/rules/private-networking#checkPrivateNetworkingProviders',
    'Atlas offers private endpoints for encryption at rest only for AWS KMS (AWS PrivateLink) and Azure Key Vault (Azure Private Link): the Admin API v2 `EARPrivateEndpoint.cloudProvider` is `AWS` or `AZURE`. A request for Google Cloud is refused rather than dropped.',
  ),
  'SYN-BKP-1': syn(
    E,
    'No legacy continuous backup on an encrypted cluster (cloud snapshots and PIT are fine)',
    'core/rules/backup#checkBackup',
    'Atlas\'s "continuous backup" restriction is about the retired legacy backup. Cloud Backup snapshots and Continuous Cloud Backup (point-in-time, `pitEnabled`) work with encryption at rest and are allowed.',
  ),
  'SYN-BKP-2': syn(W, 'Point-in-time restore needs cloud backup on', 'core/rules/backup#checkBackup'),
  'SYN-PN-1': syn(
    E,
    'Private networking is a boolean on AWS KMS or Azure Key Vault; endpoint regions only with requirePrivateNetworking',
    'core/rules/private-networking#checkPrivateNetworkingProviders',
    'Atlas needs `requirePrivateNetworking: true` on the provider before it creates endpoints (Atlas docs, Manage Customer Keys with AWS KMS / Azure Key Vault Over Private Endpoints; Terraform `mongodbatlas_encryption_at_rest_private_endpoint`), so endpoint regions without it would never be used. A project encryption imported by its attributes names only configured AWS or AZURE providers in `privateNetworking`.',
  ),
  'SYN-PN-2': syn(
    E,
    "With private networking, every cluster is single-cloud on the provider's cloud",
    'core/rules/private-networking#checkPrivateNetworkingCluster',
    'Atlas does not support customer keys over private endpoints for multi-cloud deployments and disables multi-cloud clusters of a project that turns it on (Atlas docs, Limitations).',
  ),
  'SYN-PN-3': syn(
    E,
    'With private networking, every region of an encrypted cluster has a private endpoint for its provider',
    'core/rules/private-networking#checkPrivateEndpointCoverage',
    "Atlas reaches the key from each cluster region through that region's endpoint (one endpoint per region, `regionName` in the Admin API v2 `EARPrivateEndpoint`). A project encryption owned by the app derives the endpoints from its clusters plus `privateEndpointRegions`; one imported by its attributes lists them, and a cluster region outside the list fails.",
  ),
  'SYN-PN-4': syn(
    E,
    "Private endpoint regions are Atlas region names on the provider's cloud (AWS regions for AWS KMS, Azure regions for Azure Key Vault)",
    'core/rules/private-networking#checkPrivateNetworkingProviders',
    'In the Atlas form (`US_EAST_1`, `EUROPE_WEST`), as the Admin API v2 `EARPrivateEndpoint.regionName` enumerates them; `GLOBAL` is not an endpoint region.',
  ),
  'SYN-SEC-1': syn(
    E,
    'No literal secret in a template or Terraform file: references only',
    'core/rules/secrets#checkSecretReference',
  ),
  'SYN-KEEP-1': syn(
    E,
    'Keys, vaults and identities Atlas needs outlive the clusters and settings that use them',
    'cdk/project-encryption',
  ),
  'SYN-KEEP-2': syn(
    W,
    'A safety default (retention, destroy protection) is turned off: allowed, and said at synth',
    'core/rules/engine-settings#checkSafetyDefault',
  ),
  'SYN-WAIT-1': syn(
    E,
    'How long a deploy waits for Atlas fits the engine limit, with margin',
    'core/rules/engine-settings#checkWaitTimeout',
  ),
  'SYN-INPUT-1': syn(
    E,
    'A prop holds a value the library can represent: a removal policy it gives a meaning, whole units, an https URL',
    'core/rules/engine-settings#checkOneOf',
  ),
  'SYN-ALERT-1': syn(
    W,
    'A managed rotation alert threshold exceeds the automatic rotation period',
    'core/rules/rotation-alert#checkRotationAlert',
  ),
  'SYN-ALERT-2': syn(
    E,
    'Managed rotation alert settings are whole numbers Atlas accepts (threshold in days, repeat interval of 5 minutes or more)',
    'core/rules/rotation-alert#checkRotationAlert',
  ),

  'DEP-IAM-1': dep('Retry the project PATCH while IAM propagates (bounded budget)', 'atlas/client'),
  'DEP-IAM-2': dep(
    'Retry the role authorization while the trust policy propagates',
    'cdk/handler/resources/authorization',
  ),
  'DEP-IAM-3': dep(
    'Retry while an Azure role assignment or Google Cloud binding propagates (separate budget)',
    'atlas/client',
  ),
  'DEP-ORD-1': dep(
    'Create order: Atlas role, cloud grant, authorization, project setting (read back valid), then clusters',
    'cdk/project-encryption',
  ),
  'DEP-ORD-2': dep(
    'Teardown order: clusters to NONE or deleted, then the provider disabled, then the role and grant',
    'cdk/project-encryption',
  ),
  'DEP-EAR-2': dep(
    'Every PATCH sends the full block of each managed provider',
    'cdk/handler/resources/project-encryption',
  ),
  'DEP-EAR-1': dep(
    'Never overwrite or disable a provider the construct does not manage',
    'cdk/handler/resources/project-encryption',
  ),
  'DEP-VAL-1': dep('After each PATCH the provider reads back valid: true', 'cdk/handler/resources/project-encryption'),
  'DEP-DIS-1': dep('Disable a provider only when no cluster uses it', 'cdk/handler/resources/project-encryption'),
  'DEP-SW-1': dep('A provider switch on a cluster goes through NONE', 'cdk/handler/resources/encrypted-cluster'),
  'DEP-CLU-1': dep(
    'Wait for the cluster to be IDLE; never roll back an encryption change by re-applying its opposite',
    'cdk/handler/resources/encrypted-cluster',
  ),
  'DEP-CLU-2': dep(
    'Shape changes of a created cluster are applied from the live cluster; no topology change or version skip; a lower version is refused without failing the deploy (pendingStep), so a rollback completes',
    'cdk/handler/resources/encrypted-cluster',
  ),
  'DEP-KEEP-1': dep(
    'Record key history; never retire a key that snapshots still need',
    'cdk/handler/resources/project-encryption/key-history',
  ),
  'DEP-ALERT-1': dep(
    'Manage the rotation alert without duplicating the one Atlas created',
    'cdk/handler/resources/project-encryption/rotation-alert',
  ),
  'DEP-KEY-1': dep(
    'While the key is invalid, fail fast: restore key access first',
    'cdk/handler/resources/project-encryption',
  ),
  'DEP-RST-1': rst(
    "The target project's provider is enabled and valid",
    'cli/restore/checks/target-provider-valid#checkTargetProviderValid',
  ),
  'DEP-RST-2': rst(
    "The snapshot's key is still enabled and reachable",
    'cli/restore/checks/snapshot-key-usable#checkSnapshotKeyUsable',
  ),
  'DEP-RST-3': rst(
    'The target cluster uses the same provider as the snapshot',
    'cli/restore/checks/same-provider#checkSameProvider',
  ),
  'DEP-RST-4': rst(
    'An encrypted snapshot goes to an encrypted target, and a plain one to a plain target',
    'cli/restore/checks/encryption-match#checkEncryptionMatch',
  ),
  'DEP-RST-5': rst(
    'Across projects, both AWS keys are in the same region',
    'cli/restore/checks/aws-key-region#checkAwsKeyRegion',
  ),
  'DEP-RST-6': rst(
    'The target is a dedicated replica set on the same or a newer MongoDB version',
    'cli/restore/checks/target-shape#checkTargetShape',
  ),
  'DEP-RST-7': rst(
    "A point-in-time restore needs the project's current key valid",
    'cli/restore/checks/pit-current-key#checkPitCurrentKey',
  ),
  'DEP-RST-8': rst(
    'The caller is Project Owner on the target project',
    'cli/restore/checks/restore-role#noteRestoreRole',
  ),
  'DEP-RST-9': rst(
    "The Atlas role the snapshot's key configuration used still exists in the project and is authorized",
    'cli/restore/checks/key-identity#checkKeyIdentity',
  ),
} as const satisfies Record<string, RuleDefinition>;

/** A registered rule id: an id that is not in the registry does not compile. */
export type RuleId = keyof typeof DEFINITIONS;

/** Every rule, in documentation order, by id. */
export const RULES: Readonly<Record<RuleId, RuleDefinition>> = DEFINITIONS;

/** One registry entry with its id. */
export interface RuleInfo extends RuleDefinition {
  /** Stable id, e.g. `SYN-TIER-1`. */
  readonly id: RuleId;
}

/** The registry as a list, in documentation order. */
export const RULE_CATALOGUE: readonly RuleInfo[] = (Object.keys(RULES) as RuleId[]).map((id) => ({
  id,
  ...RULES[id],
}));

/** True when `id` is a registered rule id. */
export function isRuleId(id: unknown): id is RuleId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(RULES, id);
}

/** The registry entry of a rule. */
export function ruleInfo(id: RuleId): RuleInfo {
  if (!isRuleId(id)) throw new Error(`unknown rule id ${String(id)}`);
  return { id, ...RULES[id] };
}
