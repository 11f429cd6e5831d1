import { CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct, IConstruct } from 'constructs';
import {
  AzureEnvironment,
  AzureKeyVaultKeyLocation,
  ClusterSpec,
  derivePrivateEndpointRegions,
  EncryptionProvider,
  importedProjectSpec,
  PrivateNetworkingProvider,
  PrivateNetworkingSettings,
  untypedPrivateNetworking,
  validateImportedProjectEncryption,
  mergeResults,
  ProjectEncryptionSpec,
  RuleReporter,
  validateProjectEncryption,
  validateProjectIds,
  validateWaitTimeout,
  errorsOf,
} from '../core';
import { validAttributeName } from '../core/atlas/providers';
import { checkWholeUnits } from '../core/rules/engine-settings';
import { checkSameProject, checkValidAttributeProvider } from '../core/rules/project-wiring';
import {
  IAtlasAzureServicePrincipal,
  IAtlasCloudProviderAccessRole,
  IAtlasGoogleCloudServiceAccount,
} from './atlas-cloud-provider-access';
import { IAwsKmsEncryptionKey } from './aws-kms-encryption-key';
import { AtlasCredentials } from './credentials';
import {
  AtlasResourceType,
  DeletePolicy,
  PrivateEndpointSpec,
  PROJECT_CONTEXT,
  ProjectEncryptionSpecWire,
} from './custom-resources/properties';
import { atlasCustomResource, toDeletePolicy } from './private/custom-resource';
import { checkSecretNotWritten } from './private/secrets';
import { applyRuleResult, CDK_VALIDATION } from './private/validation';
import { AtlasEncryptionAtRestProvider } from './provider';
import { EncryptCfnClusterOptions, encryptCfnCluster, IMongoDbCfnCluster } from './mongodb-cluster';

const IS_PROJECT_ENCRYPTION = Symbol.for('atlas-encryption-at-rest.AtlasProjectEncryption');

/** Options of a static Azure identity (app registration and client secret). */
export interface AzureClientSecretIdentityOptions {
  /** Application (client) id of the app registration: a UUID. */
  readonly clientId: string;
  /** Secret whose SecretString is the client secret. The handler reads it at deploy time; it never enters a template. */
  readonly clientSecret: secretsmanager.ISecret;
  /**
   * When the client secret expires (Azure allows at most two years). When it lapses, Atlas loses the key and the
   * clusters become unavailable, so rotate it before then.
   * @default - unknown: synth warns (SYN-AZ-3)
   */
  readonly expiresAt?: Date;
}

/** The identity Atlas uses to reach an Azure Key Vault: exactly one of the factories. */
export class AzureKeyVaultIdentity {
  /**
   * Static identity: an app registration's client id and a client secret kept in Secrets Manager.
   * @param options client id, secret and its expiry
   */
  public static fromClientSecret(options: AzureClientSecretIdentityOptions): AzureKeyVaultIdentity {
    return new AzureKeyVaultIdentity(options.clientId, options.clientSecret, options.expiresAt, undefined);
  }

  /**
   * Secretless identity (recommended): the Atlas role of {@link AtlasAzureServicePrincipal}, created in this app.
   * The project encryption is enabled after the role is authorized and disabled before the role is removed.
   * @param principal the Atlas Azure service principal construct
   */
  public static fromAtlasServicePrincipal(principal: IAtlasAzureServicePrincipal): AzureKeyVaultIdentity {
    return new AzureKeyVaultIdentity(undefined, undefined, undefined, principal.roleId, principal);
  }

  /**
   * Secretless identity: an Atlas cloud-provider-access Azure role that exists already.
   * @param roleId the Atlas role id (24 hexadecimal digits)
   */
  public static fromAtlasRole(roleId: string): AzureKeyVaultIdentity {
    return new AzureKeyVaultIdentity(undefined, undefined, undefined, roleId);
  }

  private constructor(
    /** Client id of the static identity. */
    public readonly clientId: string | undefined,
    /** Client secret of the static identity. */
    public readonly clientSecret: secretsmanager.ISecret | undefined,
    /** Expiry of the client secret. */
    public readonly expiresAt: Date | undefined,
    /** Atlas role id of the secretless identity. */
    public readonly roleId: string | undefined,
    /** The construct that creates the Atlas role, when this app creates it. */
    public readonly principal?: IAtlasAzureServicePrincipal,
  ) {}

  /** The construct that creates the Atlas role, when this app creates it. */
  public get role(): IAtlasCloudProviderAccessRole | undefined {
    return this.principal;
  }
}

/** The identity Atlas uses to reach a Google Cloud KMS key: exactly one of the factories. */
export class GoogleCloudKmsIdentity {
  /**
   * A service-account key (JSON) kept in Secrets Manager; the handler reads it at deploy time.
   * @param secret secret whose SecretString is the service-account key JSON
   */
  public static fromServiceAccountKeySecret(secret: secretsmanager.ISecret): GoogleCloudKmsIdentity {
    return new GoogleCloudKmsIdentity(secret, undefined);
  }

  /**
   * An Atlas-managed service account: the Atlas cloud-provider-access GCP role id. Once used, Atlas no longer
   * accepts a service-account key for this project (one-way).
   * @param roleId the Atlas role id (24 hexadecimal digits)
   */
  public static fromAtlasRole(roleId: string): GoogleCloudKmsIdentity {
    return new GoogleCloudKmsIdentity(undefined, roleId);
  }

  /**
   * Role-based identity (recommended): the service account of {@link AtlasGoogleCloudServiceAccount}, created in this
   * app. Grant it the key first (its `requiredGrant`); once used, Atlas no longer accepts a service-account key for
   * this project (one-way).
   * @param account the Atlas Google Cloud service account construct
   */
  public static fromAtlasServiceAccount(account: IAtlasGoogleCloudServiceAccount): GoogleCloudKmsIdentity {
    return new GoogleCloudKmsIdentity(undefined, account.roleId, account);
  }

  private constructor(
    /** Secret with the service-account key JSON. */
    public readonly serviceAccountKey: secretsmanager.ISecret | undefined,
    /** Atlas role id. */
    public readonly roleId: string | undefined,
    /** The construct that creates the Atlas role, when this app creates it. */
    public readonly role?: IAtlasGoogleCloudServiceAccount,
  ) {}
}

/**
 * A key in Azure Key Vault that exists elsewhere, by reference. With `requirePrivateNetworking`, the project encryption
 * creates one private endpoint per region of the app's clusters on Azure; each needs approval on the vault.
 */
export interface AzureKeyVaultKeyProps extends AzureKeyVaultKeyLocation, PrivateNetworkingSettings {
  /** How Atlas authenticates to the vault. */
  readonly identity: AzureKeyVaultIdentity;
  /**
   * Automatic rotation period of the key, if its rotation policy sets one (checked against the rotation alert).
   * @default - no automatic rotation
   */
  readonly rotationPeriod?: Duration;
}

/** A key in Google Cloud KMS that exists elsewhere, by reference. */
export interface GoogleCloudKmsKeyProps {
  /** Full CryptoKeyVersion name: `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>/cryptoKeyVersions/<n>`. */
  readonly keyVersionResourceId: string;
  /** How Atlas authenticates to Google Cloud KMS. */
  readonly identity: GoogleCloudKmsIdentity;
  /**
   * Automatic rotation period of the key, if set (checked against the rotation alert).
   * @default - no automatic rotation
   */
  readonly rotationPeriod?: Duration;
}

/** The Atlas `*_ENCRYPTION_KEY_NEEDS_ROTATION` alert, managed by the handler (the one Atlas created is updated). */
export interface RotationAlertProps {
  /**
   * Age of the key at which the alert fires, in whole days.
   * @default Duration.days(365)
   */
  readonly threshold?: Duration;
  /**
   * Notify the project owners.
   * @default true
   */
  readonly notifyProjectOwners?: boolean;
  /**
   * Also notify these email addresses.
   * @default - no email notifications
   */
  readonly emails?: string[];
}

/** Properties of an {@link AtlasProjectEncryption}. */
export interface AtlasProjectEncryptionProps {
  /** Atlas project (group) id: 24 hexadecimal digits. At most one project encryption per project in an app. */
  readonly projectId: string;
  /** Atlas API credentials (Project Owner on this project). */
  readonly credentials: AtlasCredentials;
  /**
   * AWS KMS key, with its Atlas role and authorization.
   * @default - AWS KMS not configured
   */
  readonly awsKms?: IAwsKmsEncryptionKey;
  /**
   * Azure Key Vault key, by reference.
   * @default - Azure Key Vault not configured
   */
  readonly azureKeyVault?: AzureKeyVaultKeyProps;
  /**
   * Google Cloud KMS key, by reference.
   * @default - Google Cloud KMS not configured
   */
  readonly googleCloudKms?: GoogleCloudKmsKeyProps;
  /**
   * Also encrypt dedicated Search Node data with the customer key.
   * @default - not sent: Atlas keeps the project's current setting (off for a new project)
   */
  readonly enabledForSearchNodes?: boolean;
  /**
   * Opt in to sharded and global clusters, which Atlas supports with a customer key; the library's default is
   * replica sets only (SYN-TOPO-1). The opt-in is written into the synthesized Spec.
   * @default false
   */
  readonly allowShardedClusters?: boolean;
  /**
   * Opt in to clusters on Google Cloud, which Atlas supports with a customer key; the library's default is clusters
   * on AWS or Azure (SYN-CLOUD-1). The opt-in is written into the synthesized Spec.
   * @default false
   */
  readonly allowGcpClusters?: boolean;
  /**
   * Take over a provider that is already enabled on the project with a different key or identity (DEP-EAR-1).
   * Without it, the deploy fails rather than silently switching keys.
   * @default false
   */
  readonly adopt?: boolean;
  /**
   * What a stack deletion does. RETAIN leaves the project's encryption as it is. DESTROY makes the handler disable
   * the providers this construct manages, after checking that no cluster uses them (it fails otherwise).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Manage the key-rotation alert.
   * @default - the alert Atlas creates is left as it is
   */
  readonly rotationAlert?: RotationAlertProps;
  /**
   * How long the handler waits for Atlas to report the key configuration valid after a change (DEP-VAL-1); at most
   * the provider's total timeout less one poll interval (SYN-WAIT-1).
   * @default Duration.minutes(2)
   */
  readonly validationTimeout?: Duration;
}

/** A project's encryption-at-rest setting, defined in this app or imported by its attributes. */
export interface IAtlasProjectEncryption extends IConstruct {
  /** Atlas project id. */
  readonly projectId: string;
  /** Atlas API credentials the handler uses for this project. */
  readonly credentials: AtlasCredentials;
  /** The providers the project encryption configures. */
  readonly providers: readonly EncryptionProvider[];
  /** The project encryption as the rules see it; clusters are checked against it. */
  readonly spec: ProjectEncryptionSpec;
  /**
   * Puts a cluster defined with MongoDB's own `CfnCluster` (awscdk-resources-mongodbatlas) under this project
   * encryption: checks its props with the cluster rules, sets its `EncryptionAtRestProvider`, and orders it after
   * this construct (created after, removed before). The library changes nothing else about the cluster.
   * @param cluster the `CfnCluster` (`MongoDB::Atlas::Cluster`), in this project
   * @param options the key provider it uses
   */
  encryptCfnCluster(cluster: IMongoDbCfnCluster, options: EncryptCfnClusterOptions): void;
}

/** What {@link AtlasProjectEncryption.fromProjectEncryptionAttributes} needs to know of a project encryption. */
export interface AtlasProjectEncryptionAttributes {
  /** Atlas project id: 24 hexadecimal digits. */
  readonly projectId: string;
  /** Atlas API credentials (Project Owner on the project) for the clusters of this stack. */
  readonly credentials: AtlasCredentials;
  /** The providers the project encryption configures (clusters may use only these, SYN-PROJ-1). */
  readonly providers: EncryptionProvider[];
  /**
   * The project's sharded-cluster opt-in.
   * @default false
   */
  readonly allowShardedClusters?: boolean;
  /**
   * The project's Google Cloud cluster opt-in.
   * @default false
   */
  readonly allowGcpClusters?: boolean;
  /**
   * Providers Atlas reaches over private networking (clusters must then be single-cloud, SYN-PN-2).
   * @default - none
   */
  readonly privateNetworking?: EncryptionProvider[];
  /**
   * The Atlas regions of each private-networking provider's endpoints, by provider (`AWS`, `AZURE`); this stack's
   * clusters must run in them (SYN-PN-3). List them in the owning app's `privateEndpointRegions` too.
   * @default - none: a cluster on a private-networking provider fails SYN-PN-3
   */
  readonly privateEndpointRegions?: Record<string, string[]>;
}

abstract class AtlasProjectEncryptionBase extends Construct implements IAtlasProjectEncryption {
  public abstract readonly projectId: string;
  public abstract readonly credentials: AtlasCredentials;
  public abstract readonly providers: readonly EncryptionProvider[];
  public abstract readonly spec: ProjectEncryptionSpec;

  public encryptCfnCluster(cluster: IMongoDbCfnCluster, options: EncryptCfnClusterOptions): void {
    encryptCfnCluster(this, cluster, options);
  }
}

/**
 * A MongoDB Atlas project's "Encryption at Rest using your Key Management" setting
 * (`Custom::AtlasProjectEncryption`): one or more key providers (AWS KMS through {@link AwsKmsEncryptionKey};
 * Azure Key Vault and Google Cloud KMS by reference), which {@link EncryptedCluster}s then select.
 *
 * The rules run when the construct is created: violations throw `EarValidationError` with the rule id, warnings
 * become `atlas-ear:<RULE>` annotations. The handler changes only the provider blocks this construct manages.
 */
export class AtlasProjectEncryption extends AtlasProjectEncryptionBase {
  /**
   * True when `x` is an AtlasProjectEncryption (works across copies of the library).
   * @param x any value
   */
  public static isAtlasProjectEncryption(x: unknown): x is AtlasProjectEncryption {
    return typeof x === 'object' && x !== null && IS_PROJECT_ENCRYPTION in x;
  }

  /**
   * A project encryption defined in another stack or app, so that this stack can add clusters to it. Imports only:
   * nothing is created or changed in Atlas for the project itself.
   * @param scope parent
   * @param id construct id
   * @param attrs project id, credentials, configured providers and opt-ins
   */
  public static fromProjectEncryptionAttributes(
    scope: Construct,
    id: string,
    attrs: AtlasProjectEncryptionAttributes,
  ): IAtlasProjectEncryption {
    const facts = {
      projectId: attrs.projectId,
      providers: attrs.providers,
      allowShardedClusters: attrs.allowShardedClusters,
      allowGcpClusters: attrs.allowGcpClusters,
      privateNetworking: attrs.privateNetworking,
      privateEndpointRegions: attrs.privateEndpointRegions,
    };
    class Imported extends AtlasProjectEncryptionBase {
      public readonly projectId = attrs.projectId;
      public readonly credentials = attrs.credentials;
      public readonly providers: readonly EncryptionProvider[] = [...attrs.providers];
      public readonly spec = importedProjectSpec(facts);
    }
    const imported = new Imported(scope, id);
    applyRuleResult(imported, validateImportedProjectEncryption(facts, CDK_VALIDATION));
    return imported;
  }

  /** Atlas project id. */
  public readonly projectId: string;
  /** Atlas API credentials. */
  public readonly credentials: AtlasCredentials;
  /** The project encryption as the rules see it; clusters are checked against it. */
  public readonly spec: ProjectEncryptionSpec;
  /** The providers this construct configures. */
  public readonly providers: EncryptionProvider[];
  /** What Delete does with the project setting. */
  public readonly removalPolicy: RemovalPolicy;
  /**
   * SSM Parameter Store parameter that holds the project's complete key history (DEP-KEEP-1):
   * `/atlas-encryption-at-rest/<projectId>/key-history`, in the stack's account and region. The handler creates it on
   * the first key change and never deletes it (it outlives the stack, like the keys it names); `atlas-ear` reads it.
   */
  public readonly keyHistoryParameterName: string;
  /** The custom resource. */
  private readonly resource: CustomResource;
  /** Private endpoint resources by `<provider>:<region>` (created once, shared by the clusters there). */
  private readonly endpoints = new Map<string, CustomResource>();
  /** What each endpoint resource carries but its region. */
  private readonly endpointBase?: Omit<PrivateEndpointSpec, 'provider' | 'regionName'>;

  constructor(scope: Construct, id: string, props: AtlasProjectEncryptionProps) {
    super(scope, id);
    Object.defineProperty(this, IS_PROJECT_ENCRYPTION, { value: true });
    this.projectId = props.projectId;
    this.credentials = props.credentials;
    const deletePolicy: DeletePolicy = toDeletePolicy(
      this,
      'project encryption',
      'removalPolicy',
      props.removalPolicy,
      'a stack deletion disables the providers this construct manages (refused while a cluster uses them)',
    );
    this.removalPolicy = deletePolicy === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    const azure = props.azureKeyVault;
    const gcp = props.googleCloudKms;
    const units = new RuleReporter(CDK_VALIDATION);
    const days = (prop: string, d: Duration | undefined) =>
      d && checkWholeUnits('project encryption', prop, () => d.toDays(), 'days', units);
    const thresholdDays = props.rotationAlert
      ? days('rotationAlert.threshold', props.rotationAlert.threshold ?? Duration.days(365))
      : undefined;
    const azureRotationDays = days('azureKeyVault.rotationPeriod', azure?.rotationPeriod);
    const gcpRotationDays = days('googleCloudKms.rotationPeriod', gcp?.rotationPeriod);
    const validationMs = props.validationTimeout?.toMilliseconds();
    applyRuleResult(this, units.result());
    // Private networking as written, typed or not: a Google Cloud request is carried into the model and refused
    // (SYN-GCP-3), never dropped.
    const gcpPn = untypedPrivateNetworking(gcp);
    this.spec = {
      projectId: props.projectId,
      aws: props.awsKms?.keyConfig,
      azure: azure && {
        requirePrivateNetworking: azure.requirePrivateNetworking,
        privateEndpointRegions: azure.privateEndpointRegions,
        ...azureLocation(azure),
        clientId: azure.identity.clientId,
        hasClientSecret: azure.identity.clientSecret !== undefined,
        clientSecretExpiresAt: azure.identity.expiresAt?.toISOString(),
        roleId: azure.identity.roleId,
        rotationPeriodDays: azureRotationDays,
      },
      gcp: gcp && {
        keyVersionResourceId: gcp.keyVersionResourceId,
        roleId: gcp.identity.roleId,
        hasServiceAccountKey: gcp.identity.serviceAccountKey !== undefined,
        rotationPeriodDays: gcpRotationDays,
        ...gcpPn,
      },
      enabledForSearchNodes: props.enabledForSearchNodes ?? false,
      allowShardedClusters: props.allowShardedClusters ?? false,
      allowGcpClusters: props.allowGcpClusters ?? false,
      rotationAlertThresholdDays: thresholdDays,
    };
    this.providers = [];
    if (this.spec.aws) this.providers.push(EncryptionProvider.AWS);
    if (this.spec.azure) this.providers.push(EncryptionProvider.AZURE);
    if (this.spec.gcp) this.providers.push(EncryptionProvider.GCP);

    // Rules: core rules, plus the wiring between this construct and the AWS key construct.
    const wiring = new RuleReporter(CDK_VALIDATION);
    if (props.awsKms) {
      checkSameProject(props.projectId, 'awsKms', props.awsKms.projectId, props.awsKms.node.path, wiring);
      if (props.awsKms.removalPolicy === RemovalPolicy.DESTROY && deletePolicy === 'RETAIN') {
        wiring.report(
          'SYN-KEEP-1',
          'project encryption',
          'awsKms.removalPolicy',
          'DESTROY',
          'the IAM role and authorization would be deleted while the project still encrypts with the key, making data unreadable',
          'RemovalPolicy.RETAIN on the AwsKmsEncryptionKey, or RemovalPolicy.DESTROY on the project encryption too',
        );
      }
    }
    for (const [prop, role] of [
      ['azureKeyVault.identity', azure?.identity.role],
      ['googleCloudKms.identity', gcp?.identity.role],
    ] as const) {
      if (role) checkSameProject(props.projectId, prop, role.projectId, role.node.path, wiring);
    }
    const principal = azure?.identity.principal;
    if (azure && principal) {
      // Compared as written: the vault lives in the tenant of the service principal.
      if (
        !Token.isUnresolved(principal.tenantId) &&
        !Token.isUnresolved(azure.tenantId) &&
        principal.tenantId.toLowerCase() !== azure.tenantId.toLowerCase()
      ) {
        wiring.report(
          'SYN-AZ-3',
          'project encryption azureKeyVault',
          'tenantId',
          azure.tenantId,
          `the service principal ${principal.node.path} is in tenant ${principal.tenantId}`,
          `the tenant of the service principal (${principal.tenantId})`,
        );
      }
    }
    const maxWait =
      AtlasEncryptionAtRestProvider.TOTAL_TIMEOUT.toSeconds() -
      AtlasEncryptionAtRestProvider.QUERY_INTERVAL.toSeconds();
    applyRuleResult(
      this,
      mergeResults(
        validateProjectEncryption(this.spec, CDK_VALIDATION),
        wiring.result(),
        validateWaitTimeout(
          'project encryption',
          validationMs === undefined ? undefined : validationMs / 1000,
          maxWait,
          CDK_VALIDATION,
          'validationTimeout',
        ),
        checkSecretNotWritten('Atlas credentials', 'secret', props.credentials.secret),
        checkSecretNotWritten(
          'project encryption azureKeyVault',
          'identity.clientSecret',
          azure?.identity.clientSecret,
        ),
        checkSecretNotWritten(
          'project encryption googleCloudKms',
          'identity.serviceAccountKey',
          gcp?.identity.serviceAccountKey,
        ),
      ),
    );

    const provider = AtlasEncryptionAtRestProvider.of(this);
    provider.grantReadSecret(props.credentials.secret);
    if (azure?.identity.clientSecret) provider.grantReadSecret(azure.identity.clientSecret);
    if (gcp?.identity.serviceAccountKey) provider.grantReadSecret(gcp.identity.serviceAccountKey);
    this.keyHistoryParameterName = provider.grantKeyHistory(props.projectId);

    const alert = props.rotationAlert;
    const spec: ProjectEncryptionSpecWire = {
      projectId: props.projectId,
      credentialsSecretArn: props.credentials.secret.secretArn,
      baseUrl: props.credentials.baseUrl,
      deletePolicy,
      aws: props.awsKms && {
        customerMasterKeyId: props.awsKms.key.keyArn,
        region: props.awsKms.keyRegion,
        roleId: props.awsKms.roleId,
        requirePrivateNetworking: props.awsKms.keyConfig.requirePrivateNetworking,
      },
      azure: azure && {
        ...azureLocation(azure),
        requirePrivateNetworking: azure.requirePrivateNetworking,
        clientId: azure.identity.clientId,
        clientSecretArn: azure.identity.clientSecret?.secretArn,
        roleId: azure.identity.roleId,
      },
      gcp: gcp && {
        keyVersionResourceId: gcp.keyVersionResourceId,
        roleId: gcp.identity.roleId,
        serviceAccountKeySecretArn: gcp.identity.serviceAccountKey?.secretArn,
      },
      enabledForSearchNodes: props.enabledForSearchNodes,
      allowShardedClusters: props.allowShardedClusters ?? false,
      allowGcpClusters: props.allowGcpClusters ?? false,
      adopt: props.adopt ?? false,
      rotationAlert: alert && {
        thresholdDays: thresholdDays as number,
        notifyProjectOwners: alert.notifyProjectOwners ?? true,
        emails: alert.emails,
      },
      validationTimeoutMs: validationMs,
      // A failed first deploy undoes what it provably enabled, so the retry starts clean (RETAIN only: DESTROY
      // already deletes on rollback).
      undoOnCreateRollback: deletePolicy === 'RETAIN' || undefined,
    };
    const resource = atlasCustomResource(this, 'Resource', AtlasResourceType.PROJECT_ENCRYPTION, spec, {
      retainExceptOnCreate: true,
    });
    // DEP-ORD-1: key, Atlas role, IAM role, policy and authorization first; DEP-ORD-2: removed after this.
    if (props.awsKms) resource.node.addDependency(props.awsKms);
    // The same for the Azure and Google Cloud roles this app creates: enabled after, disabled before their removal.
    if (azure?.identity.role) resource.node.addDependency(azure.identity.role);
    if (gcp?.identity.role) resource.node.addDependency(gcp.identity.role);
    this.resource = resource;

    // Private endpoints (DEP-ORD-1): after the project setting that turns requirePrivateNetworking on, one per region
    // of the clusters (privateEndpointsFor) and of the explicit list; removed before the provider is disabled.
    this.endpointBase = {
      projectId: props.projectId,
      credentialsSecretArn: props.credentials.secret.secretArn,
      baseUrl: props.credentials.baseUrl,
      deletePolicy,
      keyVaultName: azure?.keyVaultName,
      timeoutSeconds: maxWait,
    };
    for (const e of derivePrivateEndpointRegions(this.spec, [])) this.endpoint(e.provider, e.regionName);

    // SYN-PROJ-2 across the app: one project encryption per Atlas project.
    this.node.addValidation({ validate: () => this.validateOnePerProject() });
  }

  /**
   * Attribute: JSON array of the project's key changes (`{provider, keyId, from, to, changedAt,
   * retainPreviousKeyUntil}`), cumulative across deploys as read from {@link AtlasProjectEncryption.keyHistoryParameterName} (the newest
   * entries that fit 2 KB; the parameter holds them all), empty when none. `atlas-ear restore-check` reads the
   * parameter by default, or this output with `--key-history` (DEP-KEEP-1).
   */
  public get keyHistory(): string {
    return this.resource.getAttString('KeyHistory');
  }

  /** Attribute: the date until which the previous keys must stay enabled for their snapshots, or `none`. */
  public get retainPreviousKeysUntil(): string {
    return this.resource.getAttString('RetainPreviousKeysUntil');
  }

  /**
   * The project fields (PROJECT_CONTEXT) as an attribute, for a resource in this construct's stack; undefined in
   * another stack, whose resources repeat the fields rather than import them (an export would pin this stack).
   * @internal
   */
  public _projectContextFor(scope: IConstruct): string | undefined {
    return Stack.of(scope) === Stack.of(this) ? this.resource.getAttString(PROJECT_CONTEXT) : undefined;
  }

  /**
   * Attribute that reads `true` when Atlas reports the provider's key configuration valid (DEP-VAL-1).
   * @param provider a provider this construct configures
   */
  public validAttribute(provider: EncryptionProvider): string {
    const r = new RuleReporter(CDK_VALIDATION);
    checkValidAttributeProvider(provider, this.providers, r);
    applyRuleResult(this, r.result());
    return this.resource.getAttString(validAttributeName(provider as Exclude<EncryptionProvider, 'NONE'>));
  }

  /**
   * The private endpoints a cluster of this project needs (one per region on the cloud of its provider, when that
   * provider requires private networking), created on first use; the cluster depends on them so it switches to the
   * provider only once they exist (DEP-ORD-1) and is removed before them (DEP-ORD-2).
   * @param cluster the cluster as the rules see it
   */
  public privateEndpointsFor(cluster: ClusterSpec): IConstruct[] {
    return derivePrivateEndpointRegions(this.spec, [cluster]).map((e) => this.endpoint(e.provider, e.regionName));
  }

  /** The endpoint resource of a provider and region, created once. */
  private endpoint(provider: PrivateNetworkingProvider, regionName: string): CustomResource {
    const key = `${provider}:${regionName}`;
    let r = this.endpoints.get(key);
    if (!r) {
      const spec: PrivateEndpointSpec = {
        ...this.endpointBase!,
        provider,
        regionName,
        keyVaultName: provider === 'AZURE' ? this.endpointBase!.keyVaultName : undefined,
        // As the project encryption: a rolled-back Create removes its endpoint, else Atlas refuses to disable the
        // provider while it exists and a retried first deploy finds the provider enabled by another stack instance.
        undoOnCreateRollback: this.endpointBase!.deletePolicy === 'RETAIN' || undefined,
      };
      r = atlasCustomResource(
        this,
        `PrivateEndpoint${provider}${regionName}`,
        AtlasResourceType.PRIVATE_ENDPOINT,
        spec,
        { retainExceptOnCreate: true },
      );
      r.node.addDependency(this.resource);
      this.endpoints.set(key, r);
    }
    return r;
  }

  private validateOnePerProject(): string[] {
    const all = this.node.root.node.findAll().filter(AtlasProjectEncryption.isAtlasProjectEncryption);
    const same = all.filter((p) => p.projectId === this.projectId);
    if (same.length < 2) return [];
    const result = validateProjectIds(
      same.map((p) => p.projectId),
      CDK_VALIDATION,
    );
    const others = same.filter((p) => p !== this).map((p) => p.node.path);
    return errorsOf(result).map((v) => `${v.message} [also at ${others.join(', ')}]`);
  }
}

/** The location fields of an Azure key, with the default environment filled in (shared by model and Spec). */
function azureLocation(azure: AzureKeyVaultKeyLocation): Required<AzureKeyVaultKeyLocation> {
  return {
    azureEnvironment: azure.azureEnvironment ?? AzureEnvironment.AZURE,
    tenantId: azure.tenantId,
    subscriptionId: azure.subscriptionId,
    resourceGroupName: azure.resourceGroupName,
    keyVaultName: azure.keyVaultName,
    keyIdentifier: azure.keyIdentifier,
  };
}
