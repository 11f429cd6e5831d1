/**
 * The key configuration of each provider on a project, as choices with static factories:
 * built from a construct of this library, or from references to keys that exist elsewhere.
 */
import type {
  EncryptionAtRest,
  EncryptionAtRestAwsKmsConfig,
  EncryptionAtRestAzureKeyVaultConfig,
  EncryptionAtRestGoogleCloudKmsConfig,
} from '@cdktf/provider-mongodbatlas/lib/encryption-at-rest';
import { DefaultTokenResolver, ITerraformDependable, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import {
  AwsKmsKeyConfig,
  AzureEnvironment,
  AzureKeyVaultKeyConfig,
  AzureKeyVaultKeyLocation,
  GoogleCloudKmsKeyConfig,
  mergeResults,
  RuleReporter,
  RuleResult,
  toAtlasKeyRegion,
  untypedPrivateNetworking,
} from '../core';
import { checkSameProject } from '../core/rules/project-wiring';
import type { AwsKmsEncryptionKey } from './aws-kms-encryption-key';
import type { AzureKeyVaultEncryptionKey } from './azure-key-vault-encryption-key';
import type { GoogleCloudKmsEncryptionKey } from './google-cloud-kms-encryption-key';
import { checkSecretReference, TF_VALIDATION, tfUnresolved } from './private/validation';

const NO_RESULT: RuleResult = { violations: [], deferred: [] };

/**
 * The mongodbatlas Terraform provider versions that know `azure_key_vault_config.role_id` (added in 2.8.0). The
 * prebuilt `@cdktf/provider-mongodbatlas` binding is generated from 1.41.1 and lacks the field, so the library writes
 * it with an override and sets this constraint in the synthesized `required_providers`.
 */
export const AZURE_ROLE_ID_PROVIDER_VERSION = '>= 2.8.0';

/** The key construct a configuration came from: its Atlas role belongs to that project. */
interface KeyOrigin {
  readonly projectId: string;
  readonly construct: IConstruct;
}

/**
 * SYN-PROJ-3 through core: a key construct's Atlas role works only in the project it was made in. Both ids are
 * compared as Terraform will see them (resolved expressions), so two `stringValue`s of one variable are one project.
 */
function checkKeyProject(origin: KeyOrigin | undefined, projectId: string, prop: string): RuleResult {
  if (origin === undefined) return NO_RESULT;
  const scope = TerraformStack.of(origin.construct);
  const resolved = (id: string): unknown =>
    Tokenization.resolve(id, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });
  // As Terraform will see it (`${var.atlas_project_id}`), whichever token carries it; also what messages show.
  const shown = (id: string) => (tfUnresolved(id) ? String(resolved(id)) : id);
  const r = new RuleReporter(TF_VALIDATION);
  checkSameProject(shown(projectId), prop, shown(origin.projectId), origin.construct.node.path, r);
  return r.result();
}

/** Attributes of an AWS KMS key that Atlas reaches through an existing, authorized cloud-provider-access role. */
export interface AwsKmsAttributes {
  /** KMS key id (UUID or `mrk-…`) or key ARN (SYN-AWS-2). Aliases are rejected. */
  readonly customerMasterKeyId: string;
  /** Region of the key, `us-east-1` or `US_EAST_1`; emitted in the Atlas form (SYN-AWS-1). */
  readonly region: string;
  /** Atlas cloud-provider-access role id (24 hex digits, not an IAM ARN; SYN-AWS-3), e.g. `mongodbatlas_cloud_provider_access_authorization.role_id`. */
  readonly roleId: string;
  /**
   * Atlas reaches the key only over AWS PrivateLink: the project encryption then creates one
   * `mongodbatlas_encryption_at_rest_private_endpoint` per AWS region of the clusters that use AWS.
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Atlas AWS region names (`US_EAST_1`) that also get an endpoint, for clusters managed elsewhere
   * (with `requirePrivateNetworking` only: SYN-PN-1, SYN-PN-4).
   * @default - only the regions of the app's clusters
   */
  readonly privateEndpointRegions?: string[];
  /**
   * Automatic rotation period of the key in days, if rotation is on (SYN-ALERT-1).
   * @default - unknown
   */
  readonly rotationPeriodDays?: number;
}

/** Options when the AWS configuration comes from an {@link AwsKmsEncryptionKey}. */
export interface AwsKmsFromKeyOptions {
  /**
   * Atlas reaches the key only over AWS PrivateLink (one endpoint per AWS region of the clusters that use AWS).
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Atlas AWS region names that also get an endpoint, for clusters managed elsewhere (SYN-PN-1, SYN-PN-4).
   * @default - only the regions of the app's clusters
   */
  readonly privateEndpointRegions?: string[];
}

/** The `aws_kms_config` of a project. */
export class AwsKmsConfiguration {
  /** An AWS KMS key given by reference. */
  public static fromAttributes(attrs: AwsKmsAttributes): AwsKmsConfiguration {
    return new AwsKmsConfiguration(attrs);
  }

  /** The key, role and authorization made by an {@link AwsKmsEncryptionKey}; encryption waits for the authorization. */
  public static fromEncryptionKey(key: AwsKmsEncryptionKey, options: AwsKmsFromKeyOptions = {}): AwsKmsConfiguration {
    return new AwsKmsConfiguration(
      {
        customerMasterKeyId: key.keyArn,
        region: key.region,
        roleId: key.roleId,
        rotationPeriodDays: key.rotationPeriodDays,
        requirePrivateNetworking: options.requirePrivateNetworking,
        privateEndpointRegions: options.privateEndpointRegions,
      },
      [key.authorization],
      { projectId: key.projectId, construct: key },
    );
  }

  private constructor(
    private readonly attrs: AwsKmsAttributes,
    private readonly dependables: ITerraformDependable[] = [],
    private readonly origin?: KeyOrigin,
  ) {}

  /** SYN-PROJ-3: the key construct's Atlas role was made in `projectId`. @internal */
  public _checkProject(projectId: string): RuleResult {
    return checkKeyProject(this.origin, projectId, 'awsKms');
  }

  /** The core model of this configuration. */
  public toSpec(): AwsKmsKeyConfig {
    return {
      customerMasterKeyId: this.attrs.customerMasterKeyId,
      region: this.attrs.region,
      roleId: this.attrs.roleId,
      requirePrivateNetworking: this.attrs.requirePrivateNetworking,
      privateEndpointRegions: this.attrs.privateEndpointRegions,
      rotationPeriodDays: this.attrs.rotationPeriodDays,
    };
  }

  /** The provider block. @internal */
  public _render(): EncryptionAtRestAwsKmsConfig {
    const region = this.attrs.region;
    return {
      enabled: true,
      customerMasterKeyId: this.attrs.customerMasterKeyId,
      // The provider only swaps "-" for "_" and does not upper-case, so emit the Atlas enum form ourselves.
      region: tfUnresolved(region) ? region : (toAtlasKeyRegion(region) ?? region),
      roleId: this.attrs.roleId,
      requirePrivateNetworking: this.attrs.requirePrivateNetworking,
    };
  }

  /** Engine-side checks (none beyond core for AWS). @internal */
  public _check(): RuleResult {
    return NO_RESULT;
  }

  /** Resources Atlas's validation must wait for. @internal */
  public _dependables(): ITerraformDependable[] {
    return this.dependables;
  }
}

/**
 * Attributes of an Azure Key Vault key that exists outside this app. The identity is exactly one of `roleId`
 * (secretless) or `clientId` + `clientSecret` (SYN-AZ-3).
 */
export interface AzureKeyVaultAttributes extends AzureKeyVaultKeyLocation {
  /**
   * Atlas cloud-provider-access Azure id of an authorized role for Atlas's service principal (24 hex digits, e.g.
   * `mongodbatlas_cloud_provider_access_authorization.role_id`). Sent as `role_id`, without client id, tenant or
   * secret; needs the mongodbatlas provider {@link AZURE_ROLE_ID_PROVIDER_VERSION}.
   * @default - none: the client-secret identity
   */
  readonly roleId?: string;
  /**
   * Application (client) id of the app registration Atlas signs in as (client-secret identity).
   * @default - none
   */
  readonly clientId?: string;
  /**
   * The client secret, as a reference only (a sensitive `TerraformVariable` or a resource attribute);
   * a literal is rejected (SYN-SEC-1).
   * @default - none
   */
  readonly clientSecret?: string;
  /**
   * When the client secret expires (ISO 8601), so SYN-AZ-3 can check it.
   * @default - unknown: SYN-AZ-3 warns
   */
  readonly clientSecretExpiresAt?: string;
  /**
   * Atlas reaches the vault only over Azure Private Link: the project encryption then creates one
   * `mongodbatlas_encryption_at_rest_private_endpoint` per Azure region of the clusters that use Azure, and each
   * endpoint's connection needs approval on the vault.
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Atlas Azure region names (`EUROPE_WEST`) that also get an endpoint, for clusters managed elsewhere
   * (with `requirePrivateNetworking` only: SYN-PN-1, SYN-PN-4).
   * @default - only the regions of the app's clusters
   */
  readonly privateEndpointRegions?: string[];
  /**
   * Automatic rotation period of the key in days, if a rotation policy is set (SYN-ALERT-1).
   * @default - unknown
   */
  readonly rotationPeriodDays?: number;
  /**
   * Resources Atlas's validation must wait for (e.g. a role assignment, a `time_sleep`).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Options when the Azure configuration comes from an {@link AzureKeyVaultEncryptionKey}. */
export interface AzureKeyVaultFromKeyOptions {
  /**
   * Atlas reaches the vault only over Azure Private Link (one endpoint per Azure region of the clusters that use
   * Azure; each needs approval on the vault).
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Atlas Azure region names that also get an endpoint, for clusters managed elsewhere (SYN-PN-1, SYN-PN-4).
   * @default - only the regions of the app's clusters
   */
  readonly privateEndpointRegions?: string[];
}

/**
 * The `azure_key_vault_config` of a project. With a secretless `roleId` the block carries `role_id` (written by
 * override: the prebuilt binding's provider 1.41.1 lacks it) and the stack requires the mongodbatlas provider
 * {@link AZURE_ROLE_ID_PROVIDER_VERSION}; the client-secret identity works on 1.41.1.
 */
export class AzureKeyVaultConfiguration {
  /**
   * The key and identity of an {@link AzureKeyVaultEncryptionKey}: the versionless key id (Atlas uses the latest
   * enabled version, so the key's rotation policy needs no redeploy), and either the authorized Atlas role id
   * (secretless) or the client id with the secret by reference to the azuread resource. Atlas's validation waits for
   * the key's RBAC propagation (which follows the role's authorization).
   */
  public static fromEncryptionKey(
    key: AzureKeyVaultEncryptionKey,
    options: AzureKeyVaultFromKeyOptions = {},
  ): AzureKeyVaultConfiguration {
    const location = {
      azureEnvironment: key.azureEnvironment,
      tenantId: key.tenantId,
      subscriptionId: key.subscriptionId,
      resourceGroupName: key.resourceGroupName,
      keyVaultName: key.keyVaultName,
      keyIdentifier: key.versionlessKeyIdentifier,
      requirePrivateNetworking: options.requirePrivateNetworking,
      privateEndpointRegions: options.privateEndpointRegions,
      rotationPeriodDays: key.keyRotationDays,
      dependsOn: [key.rbacPropagation],
    };
    const origin = { projectId: key.projectId, construct: key };
    if (key.roleId !== undefined) {
      return new AzureKeyVaultConfiguration({ ...location, roleId: key.roleId }, undefined, origin);
    }
    const expires =
      key.clientSecretValidityDays === undefined
        ? undefined
        : new Date(Date.now() + key.clientSecretValidityDays * 86_400_000).toISOString();
    return new AzureKeyVaultConfiguration(
      { ...location, clientId: key.clientId, clientSecret: key.clientSecret?.value },
      // Known upper bound of the secret's expiry, for SYN-AZ-4 only; never written to the output.
      expires,
      origin,
    );
  }

  /** An Azure key given by reference. */
  public static fromAttributes(attrs: AzureKeyVaultAttributes): AzureKeyVaultConfiguration {
    return new AzureKeyVaultConfiguration(attrs, attrs.clientSecretExpiresAt);
  }

  private constructor(
    private readonly attrs: AzureKeyVaultAttributes,
    private readonly secretExpiresAt: string | undefined,
    private readonly origin?: KeyOrigin,
  ) {}

  /** SYN-PROJ-3: the key construct's Atlas role (secretless) was made in `projectId`. @internal */
  public _checkProject(projectId: string): RuleResult {
    return checkKeyProject(this.origin, projectId, 'azureKeyVault');
  }

  /** The core model of this configuration (the secret itself is never part of it). */
  public toSpec(): AzureKeyVaultKeyConfig {
    return {
      azureEnvironment: this.attrs.azureEnvironment ?? AzureEnvironment.AZURE,
      tenantId: this.attrs.tenantId,
      subscriptionId: this.attrs.subscriptionId,
      resourceGroupName: this.attrs.resourceGroupName,
      keyVaultName: this.attrs.keyVaultName,
      keyIdentifier: this.attrs.keyIdentifier,
      clientId: this.attrs.clientId,
      hasClientSecret: this.attrs.clientSecret !== undefined,
      clientSecretExpiresAt: this.secretExpiresAt,
      roleId: this.attrs.roleId,
      requirePrivateNetworking: this.attrs.requirePrivateNetworking,
      privateEndpointRegions: this.attrs.privateEndpointRegions,
      rotationPeriodDays: this.attrs.rotationPeriodDays,
    };
  }

  /** The provider block (without `role_id`, which {@link _applyTo} adds). @internal */
  public _render(): EncryptionAtRestAzureKeyVaultConfig {
    const secretless = this.attrs.roleId !== undefined;
    return {
      enabled: true,
      azureEnvironment: this.attrs.azureEnvironment ?? AzureEnvironment.AZURE,
      // Secretless: Atlas takes the tenant from the role, and a static credential must not be sent beside it.
      tenantId: secretless ? undefined : this.attrs.tenantId,
      subscriptionId: this.attrs.subscriptionId,
      resourceGroupName: this.attrs.resourceGroupName,
      keyVaultName: this.attrs.keyVaultName,
      keyIdentifier: this.attrs.keyIdentifier,
      clientId: this.attrs.clientId,
      secret: this.attrs.clientSecret,
      requirePrivateNetworking: this.attrs.requirePrivateNetworking,
    };
  }

  /**
   * What the binding cannot express: `role_id` in the block (provider 2.8.0; the 1.41.1 binding drops unknown keys)
   * and the provider version that understands it, in the stack's `required_providers`. @internal
   */
  public _applyTo(resource: EncryptionAtRest): void {
    if (this.attrs.roleId === undefined) return;
    resource.addOverride('azure_key_vault_config.0.role_id', this.attrs.roleId);
    const stack = TerraformStack.of(resource);
    stack.addOverride('terraform.required_providers.mongodbatlas.source', 'mongodb/mongodbatlas');
    stack.addOverride('terraform.required_providers.mongodbatlas.version', AZURE_ROLE_ID_PROVIDER_VERSION);
  }

  /** SYN-SEC-1 on the secret. @internal */
  public _check(): RuleResult {
    return checkSecretReference('project encryption azureKeyVault', 'clientSecret', this.attrs.clientSecret);
  }

  /** Resources Atlas's validation must wait for. @internal */
  public _dependables(): ITerraformDependable[] {
    return [...(this.attrs.dependsOn ?? [])];
  }
}

/** Attributes of a Google Cloud KMS key version given by reference. */
export interface GoogleCloudKmsAttributes {
  /** Full CryptoKeyVersion name, e.g. `google_kms_crypto_key.primary[0].name` (SYN-GCP-1). */
  readonly keyVersionResourceId: string;
  /**
   * Service-account key JSON, as a reference only (SYN-SEC-1). Exactly one of this and `roleId` (SYN-GCP-2).
   * @default - none
   */
  readonly serviceAccountKey?: string;
  /**
   * Atlas cloud-provider-access GCP role id. Exactly one of this and `serviceAccountKey` (SYN-GCP-2).
   * @default - none
   */
  readonly roleId?: string;
  /**
   * Automatic rotation period of the key in days, if set (SYN-ALERT-1).
   * @default - unknown
   */
  readonly rotationPeriodDays?: number;
}

/** The `google_cloud_kms_config` of a project. */
export class GoogleCloudKmsConfiguration {
  /** A Google Cloud KMS key version given by reference. */
  public static fromAttributes(attrs: GoogleCloudKmsAttributes): GoogleCloudKmsConfiguration {
    return new GoogleCloudKmsConfiguration(attrs);
  }

  /**
   * The key and Atlas role of a {@link GoogleCloudKmsEncryptionKey}: the primary key version and the role id, no
   * service-account key. Atlas's validation waits for the grants' IAM propagation.
   */
  public static fromEncryptionKey(key: GoogleCloudKmsEncryptionKey): GoogleCloudKmsConfiguration {
    return new GoogleCloudKmsConfiguration(
      {
        keyVersionResourceId: key.keyVersionResourceId,
        roleId: key.roleId,
        rotationPeriodDays: key.rotationPeriodDays,
      },
      [key.iamPropagation],
    );
  }

  private constructor(
    private readonly attrs: GoogleCloudKmsAttributes,
    private readonly dependables: ITerraformDependable[] = [],
  ) {}

  /** The core model of this configuration. */
  public toSpec(): GoogleCloudKmsKeyConfig {
    return {
      keyVersionResourceId: this.attrs.keyVersionResourceId,
      roleId: this.attrs.roleId,
      hasServiceAccountKey: this.attrs.serviceAccountKey !== undefined,
      rotationPeriodDays: this.attrs.rotationPeriodDays,
      // GCP has no private networking: a JavaScript caller's flag reaches SYN-GCP-3 instead of being dropped.
      ...untypedPrivateNetworking(this.attrs),
    };
  }

  /** The provider block. @internal */
  public _render(): EncryptionAtRestGoogleCloudKmsConfig {
    return {
      enabled: true,
      keyVersionResourceId: this.attrs.keyVersionResourceId,
      serviceAccountKey: this.attrs.serviceAccountKey,
      roleId: this.attrs.roleId,
    };
  }

  /** SYN-SEC-1 on the service-account key. @internal */
  public _check(): RuleResult {
    return mergeResults(
      checkSecretReference('project encryption googleCloudKms', 'serviceAccountKey', this.attrs.serviceAccountKey),
    );
  }

  /** Resources Atlas's validation must wait for. @internal */
  public _dependables(): ITerraformDependable[] {
    return this.dependables;
  }
}
