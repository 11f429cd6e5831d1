/**
 * A project's encryption-at-rest setting for the Terraform engine: `mongodbatlas_encryption_at_rest`
 * with one block per configured provider, an apply-time check that each key is valid, and the
 * optional rotation alerts.
 */
// Provider classes: types only here; the constructor loads them on first use (./private/providers).
import type { AlertConfiguration } from '@cdktf/provider-mongodbatlas/lib/alert-configuration';
import type { AdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import type { EncryptionAtRest } from '@cdktf/provider-mongodbatlas/lib/encryption-at-rest';
import { IResolvable, ITerraformDependable, Postcondition, TerraformLocal } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import {
  ClusterSpec,
  configuredProviders,
  EncryptionProvider,
  ProjectEncryptionSpec,
  RuleReporter,
  mergeResults,
  privateNetworkingProviders,
  RuleResult,
  validateProjectEncryption,
  validateProjectIds,
} from '../core';
import { PROVIDER_VOCABULARY, type KeyProvider } from '../core/atlas/providers';
import { checkSafetyDefault } from '../core/rules/engine-settings';
import { checkValidAttributeProvider } from '../core/rules/project-wiring';
import { AwsKmsConfiguration, AzureKeyVaultConfiguration, GoogleCloudKmsConfiguration } from './key-configurations';
import { EncryptAdvancedClusterOptions, encryptAdvancedCluster } from './mongodb-cluster';
import { EncryptionPrivateEndpoint, PrivateEndpointSet } from './private-networking';
import { mongodbatlas } from './private/providers';
import { enforce, TF_VALIDATION, tfUnresolved } from './private/validation';

/** Who the rotation alert notifies. */
export interface RotationAlertOptions {
  /**
   * Days after the last key change at which Atlas raises `<PROVIDER>_ENCRYPTION_KEY_NEEDS_ROTATION`.
   * Should exceed the key's automatic rotation period (SYN-ALERT-1).
   * @default 365
   */
  readonly thresholdDays?: number;
  /**
   * Email addresses to notify.
   * @default - the project owners (role `GROUP_OWNER`)
   */
  readonly emails?: string[];
  /**
   * Minutes between repeated notifications (at least 5).
   * @default 1440
   */
  readonly intervalMinutes?: number;
}

/** Props of {@link AtlasProjectEncryption}. */
export interface AtlasProjectEncryptionProps {
  /** Atlas project id: 24 hex digits, or a reference such as `mongodbatlas_project.id`. */
  readonly projectId: string;
  /**
   * AWS KMS configuration.
   * @default - AWS not configured
   */
  readonly awsKms?: AwsKmsConfiguration;
  /**
   * Azure Key Vault configuration, e.g. `AzureKeyVaultConfiguration.fromEncryptionKey(key)`.
   * @default - Azure not configured
   */
  readonly azureKeyVault?: AzureKeyVaultConfiguration;
  /**
   * Google Cloud KMS configuration.
   * @default - GCP not configured
   */
  readonly googleCloudKms?: GoogleCloudKmsConfiguration;
  /**
   * Also encrypt dedicated Search Node indexes with the customer key.
   * @default false
   */
  readonly enabledForSearchNodes?: boolean;
  /**
   * Opt in to sharded and global clusters, which Atlas supports with a customer key; the library's default is
   * replica sets only (SYN-TOPO-1).
   * @default false
   */
  readonly allowShardedClusters?: boolean;
  /**
   * Opt in to clusters on Google Cloud, which Atlas supports with a customer key; the library's default is clusters
   * on AWS or Azure (SYN-CLOUD-1).
   * @default false
   */
  readonly allowGcpClusters?: boolean;
  /**
   * Manage the `<PROVIDER>_ENCRYPTION_KEY_NEEDS_ROTATION` alert of every configured provider with
   * `mongodbatlas_alert_configuration`. Atlas also creates its own 90-day alert when encryption is
   * enabled; this one is added beside it (provider 1.41.1 cannot adopt it without an import).
   * @default - rotation alerts not managed
   */
  readonly rotationAlert?: RotationAlertOptions;
  /**
   * Put `lifecycle.prevent_destroy` on the encryption resource, so `cdktf destroy` cannot disable
   * encryption while clusters or snapshots need the key. Removing the construct from the app
   * still removes it (see the class documentation for disabling).
   * @default true
   */
  readonly retainOnDestroy?: boolean;
}

const MARKER = Symbol.for('atlas-encryption-at-rest/cdktf.AtlasProjectEncryption');
const NO_PROBLEM: RuleResult = { violations: [], deferred: [] };

const BLOCK: Record<Exclude<EncryptionProvider, EncryptionProvider.NONE>, string> = {
  [EncryptionProvider.AWS]: 'aws_kms_config',
  [EncryptionProvider.AZURE]: 'azure_key_vault_config',
  [EncryptionProvider.GCP]: 'google_cloud_kms_config',
};

/**
 * Customer-key encryption at rest for one Atlas project (`mongodbatlas_encryption_at_rest`), with
 * one key configuration per provider. Clusters opt in with {@link EncryptedCluster}, which takes
 * its project id from this resource so Terraform creates them after it and destroys them before it.
 *
 * - The Azure block uses the versioned key id and the client secret by reference
 *   (`AzureKeyVaultConfiguration.fromEncryptionKey`), and waits for the key's RBAC propagation.
 * - A postcondition fails the apply when Atlas reports a configured key as not `valid`.
 * - The same core rules as the CloudFormation engine run when the construct is created, and
 *   throw `EarValidationError` naming the rule (e.g. `SYN-AZ-1`, `SYN-PROJ-2`).
 *
 * **Private networking** (`requirePrivateNetworking` on the AWS or Azure configuration): one
 * `mongodbatlas_encryption_at_rest_private_endpoint` per region of the clusters that use the provider (plus
 * `privateEndpointRegions`), after this resource; each cluster depends on its regions' endpoints and waits until
 * they are `ACTIVE`. An Azure endpoint's connection must be approved on the vault: its name is an output, and synth
 * prints the approval to add (see `privateEndpoints`).
 *
 * **Rotating the key** is a change of the key identifier only (for Azure, a new key version):
 * Terraform updates this resource in place and leaves the clusters alone. Keep the previous key
 * version enabled: snapshots taken under it still need it (DEP-KEEP-1).
 *
 * **Disabling takes two deploys** (DEP-DIS-1):
 * 1. Set every `EncryptedCluster` of the project to `EncryptionProvider.NONE` (or remove them) and
 *    apply; wait until the clusters are `IDLE`.
 * 2. Remove this construct (or the provider's configuration) and apply again. Removing the
 *    construct drops its `prevent_destroy`, so Terraform deletes the setting, which disables
 *    every provider on the project (provider 1.41.1).
 * Keep the keys themselves until no snapshot needs them.
 */
export class AtlasProjectEncryption extends Construct {
  /** Returns true when `x` is an {@link AtlasProjectEncryption}. */
  public static isAtlasProjectEncryption(x: unknown): x is AtlasProjectEncryption {
    return typeof x === 'object' && x !== null && (x as { [MARKER]?: boolean })[MARKER] === true;
  }

  /** The `mongodbatlas_encryption_at_rest` resource (id `Resource`). */
  public readonly resource: EncryptionAtRest;
  /** The project as the core rules see it. */
  public readonly spec: ProjectEncryptionSpec;
  /** The Atlas project id, read from the encryption resource (so a reference orders after it). */
  public readonly projectId: string;
  /** Rotation alerts, one per configured provider, when managed. */
  public readonly rotationAlerts: readonly AlertConfiguration[];
  private readonly endpointSet: PrivateEndpointSet;

  constructor(scope: Construct, id: string, props: AtlasProjectEncryptionProps) {
    super(scope, id);
    const { EncryptionAtRest } = mongodbatlas.encryptionAtRest();
    const { AlertConfiguration } = mongodbatlas.alertConfiguration();
    Object.defineProperty(this, MARKER, { value: true });
    const alert = props.rotationAlert;
    const thresholdDays = alert ? (alert.thresholdDays ?? 365) : undefined;
    this.spec = {
      projectId: props.projectId,
      aws: props.awsKms?.toSpec(),
      azure: props.azureKeyVault?.toSpec(),
      gcp: props.googleCloudKms?.toSpec(),
      enabledForSearchNodes: props.enabledForSearchNodes,
      allowShardedClusters: props.allowShardedClusters,
      allowGcpClusters: props.allowGcpClusters,
      rotationAlertThresholdDays: thresholdDays,
    };

    const configs = [props.awsKms, props.azureKeyVault, props.googleCloudKms].filter((c) => c !== undefined);
    const others = this.node.root.node
      .findAll()
      .filter((c: IConstruct) => c !== this && AtlasProjectEncryption.isAtlasProjectEncryption(c))
      .map((c) => (c as AtlasProjectEncryption).spec.projectId);
    enforce(
      this,
      mergeResults(
        validateProjectEncryption(this.spec, TF_VALIDATION),
        validateProjectIds([...others, props.projectId], TF_VALIDATION),
        ...configs.map((c) => c._check()),
        ...[props.awsKms, props.azureKeyVault].map((c) => c?._checkProject(props.projectId) ?? NO_PROBLEM),
        checkAlertOptions(alert),
        safetyDefaults(props),
      ),
    );

    const dependsOn: ITerraformDependable[] = configs.flatMap((c) => c._dependables());
    // With private networking, whether Atlas reports the key valid before an endpoint is ACTIVE is unverified: the
    // endpoints depend on this resource, so failing here could never let them be created. The clusters'
    // precondition (DEP-VAL-1) checks `valid` for those providers instead.
    const checked = configuredProviders(this.spec).filter(
      (p) => !(privateNetworkingProviders(this.spec) as EncryptionProvider[]).includes(p),
    );
    const postcondition: Postcondition[] = checked.map((p) => ({
      condition: `\${self.${BLOCK[p as keyof typeof BLOCK]}[0].valid}`,
      errorMessage: `Atlas reports the ${p} key configuration of project ${props.projectId} as not valid: check the key, the identity and its permissions (DEP-VAL-1).`,
    }));

    this.resource = new EncryptionAtRest(this, 'Resource', {
      projectId: props.projectId,
      awsKmsConfig: props.awsKms ? [props.awsKms._render()] : undefined,
      azureKeyVaultConfig: props.azureKeyVault ? [props.azureKeyVault._render()] : undefined,
      googleCloudKmsConfig: props.googleCloudKms ? [props.googleCloudKms._render()] : undefined,
      enabledForSearchNodes: props.enabledForSearchNodes ?? false,
      dependsOn: dependsOn.length > 0 ? dependsOn : undefined,
      lifecycle: {
        preventDestroy: props.retainOnDestroy ?? true,
        postcondition: postcondition.length > 0 ? postcondition : undefined,
      },
    });
    props.azureKeyVault?._applyTo(this.resource);
    this.projectId = this.resource.projectId;
    this.endpointSet = new PrivateEndpointSet(this, this.resource, this.spec);
    this.endpointSet.ensureExplicit();

    // The opt-ins beyond the library's defaults show in cdk.tf.json, so a reviewer of the plan sees them.
    const optIns = {
      ...(props.allowShardedClusters ? { allow_sharded_clusters: true } : {}),
      ...(props.allowGcpClusters ? { allow_gcp_clusters: true } : {}),
    };
    if (Object.keys(optIns).length > 0) new TerraformLocal(this, 'opt_ins', optIns);

    this.rotationAlerts =
      alert && thresholdDays !== undefined
        ? configuredProviders(this.spec).map(
            (p) =>
              new AlertConfiguration(this, `${p.charAt(0)}${p.slice(1).toLowerCase()}RotationAlert`, {
                projectId: this.projectId,
                eventType: PROVIDER_VOCABULARY[p as KeyProvider].rotationAlert,
                enabled: true,
                thresholdConfig: [{ operator: 'GREATER_THAN', threshold: thresholdDays, units: 'DAYS' }],
                notification: notifications(alert),
              }),
          )
        : [];
  }

  /**
   * The Atlas private endpoints of the providers with `requirePrivateNetworking`: one per region of the clusters
   * that use the provider, plus the regions listed explicitly. Clusters add theirs when they are created.
   */
  public get privateEndpoints(): readonly EncryptionPrivateEndpoint[] {
    return this.endpointSet.all;
  }

  /** The endpoints a cluster of this project needs, created on first ask. @internal */
  public _privateEndpointsFor(cluster: ClusterSpec): EncryptionPrivateEndpoint[] {
    return this.endpointSet.forCluster(cluster);
  }

  /** The providers this project configures. */
  public get providers(): EncryptionProvider[] {
    return configuredProviders(this.spec);
  }

  /**
   * Puts a cluster defined with the provider's own `AdvancedCluster` (`mongodbatlas_advanced_cluster`) under this
   * project encryption: checks its config with the cluster rules, sets its `encryptionAtRestProvider`, adds
   * `dependsOn` this construct's resource (Terraform creates the cluster after it and destroys the cluster before
   * it), and the key-validity precondition and provider postcondition of {@link EncryptedCluster}. The library
   * changes nothing else about the cluster.
   * @param cluster the `AdvancedCluster`, in this project
   * @param options the key provider it uses
   */
  public encryptAdvancedCluster(cluster: AdvancedCluster, options: EncryptAdvancedClusterOptions): void {
    encryptAdvancedCluster(this, cluster, options);
  }

  /**
   * Atlas's `valid` flag of a configured provider's block, for pre/postconditions elsewhere.
   * Fails with SYN-PROJ-1 when the provider is not configured.
   */
  public validAttribute(provider: EncryptionProvider): IResolvable {
    switch (provider) {
      case EncryptionProvider.AWS:
        if (this.spec.aws) return this.resource.awsKmsConfig.get(0).valid;
        break;
      case EncryptionProvider.AZURE:
        if (this.spec.azure) return this.resource.azureKeyVaultConfig.get(0).valid;
        break;
      case EncryptionProvider.GCP:
        if (this.spec.gcp) return this.resource.googleCloudKmsConfig.get(0).valid;
        break;
      default:
        break;
    }
    const r = new RuleReporter(TF_VALIDATION);
    checkValidAttributeProvider(provider, this.providers, r);
    enforce(this, r.result());
    throw new Error('unreachable: enforce throws on an error');
  }
}

function notifications(alert: RotationAlertOptions) {
  const intervalMin = alert.intervalMinutes ?? 1440;
  if (alert.emails && alert.emails.length > 0) {
    return alert.emails.map((emailAddress) => ({ typeName: 'EMAIL', emailAddress, delayMin: 0, intervalMin }));
  }
  return [
    { typeName: 'GROUP', roles: ['GROUP_OWNER'], emailEnabled: true, smsEnabled: false, delayMin: 0, intervalMin },
  ];
}

/** SYN-KEEP-2: destroy protection turned off is allowed, and said at synth. */
function safetyDefaults(props: AtlasProjectEncryptionProps): RuleResult {
  const r = new RuleReporter(TF_VALIDATION);
  if (props.retainOnDestroy === false) {
    checkSafetyDefault(
      'project encryption',
      'retainOnDestroy',
      false,
      'cdktf destroy disables encryption at rest on every provider of the project',
      r,
    );
  }
  return r.result();
}

/** Engine-side checks of the alert options (the threshold itself is core's SYN-ALERT-1). */
function checkAlertOptions(alert: RotationAlertOptions | undefined): RuleResult {
  const r = new RuleReporter(TF_VALIDATION);
  const interval = alert?.intervalMinutes;
  if (interval !== undefined && !tfUnresolved(interval) && (!Number.isInteger(interval) || interval < 5)) {
    r.report(
      'SYN-ALERT-2',
      'project encryption',
      'rotationAlert.intervalMinutes',
      interval,
      'Atlas repeats notifications at most every 5 minutes',
      'an integer of 5 or more, e.g. 1440',
    );
  }
  return r.result();
}
