/**
 * The Azure side of a project's customer key for the Terraform engine: resource group, Key Vault,
 * RSA key with a rotation policy, the identity Atlas reaches the vault with (secretless by default),
 * its role assignments on the vault, and a wait for RBAC propagation.
 */
// Provider classes: types only here; the constructors load them on first use (./private/providers).
import type { Application } from '@cdktf/provider-azuread/lib/application';
import type { ApplicationPasswordA } from '@cdktf/provider-azuread/lib/application-password';
import type { ServicePrincipal } from '@cdktf/provider-azuread/lib/service-principal';
import type { CloudProviderAccessAuthorization } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-authorization';
import type { CloudProviderAccessSetup } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-setup';
import type { KeyVault, KeyVaultNetworkAcls } from '@cdktf/provider-azurerm/lib/key-vault';
import type { KeyVaultKey } from '@cdktf/provider-azurerm/lib/key-vault-key';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { Sleep } from '@cdktf/provider-time/lib/sleep';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AZURE_UUID,
  AzureEnvironment,
  KEY_VAULT_DNS_SUFFIX,
  MAX_CLIENT_SECRET_DAYS,
  RuleReporter,
  validateProjectEncryption,
} from '../core';
import { AzureKeyVaultConfiguration } from './key-configurations';
import { grantVaultRoles, VaultGrantee } from './private/permissions';
import { assertAzureKeyPeers, AZURE_KEY, azuread, azurerm, mongodbatlasAccess, time } from './private/providers';
import { checkSafetyDefault } from '../core/rules/engine-settings';
import { enforce, TF_VALIDATION, tfUnresolved } from './private/validation';

/** The key operations Atlas needs on the key (docs/permissions.md). */
export const ATLAS_KEY_OPERATIONS: readonly string[] = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'];

/** RSA key sizes Azure Key Vault accepts. */
export const RSA_KEY_SIZES: readonly number[] = [2048, 3072, 4096];

/** Key Vault pricing tier. */
export enum KeyVaultSku {
  /** Software-protected keys. */
  STANDARD = 'standard',
  /** Adds HSM-protected keys (`RSA-HSM`). */
  PREMIUM = 'premium',
}

/** What {@link KeyVaultResourceGroup} renders to, once bound to a construct. */
export interface BoundResourceGroup {
  /** Resource group name (a literal, or a token for an existing group looked up by data source). */
  readonly name: string;
  /** Azure location of the group. */
  readonly location: string;
  /** The resource group resource when the library creates it. */
  readonly resource?: ResourceGroup;
}

/** Options for a resource group the library creates. */
export interface NewResourceGroupOptions {
  /** Resource group name. */
  readonly name: string;
  /** Azure location, e.g. `westeurope`. */
  readonly location: string;
  /**
   * Tags on the resource group.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * Where the Key Vault lives: a resource group the construct creates, or one that already exists.
 * A choice, so it is a class with static factories.
 */
export abstract class KeyVaultResourceGroup {
  /** A new resource group, created (and protected from destroy) with the vault. */
  public static create(options: NewResourceGroupOptions): KeyVaultResourceGroup {
    return new NewGroup(options);
  }

  /**
   * An existing resource group, looked up by name with the `azurerm_resource_group` data source
   * for its location.
   */
  public static fromName(name: string): KeyVaultResourceGroup {
    return new ExistingGroup(name);
  }

  /** Resource group name as given. */
  public abstract readonly name: string;

  /** Renders the group under `scope` (child id `ResourceGroup`). @internal */
  public abstract _bind(scope: Construct, preventDestroy: boolean): BoundResourceGroup;
}

class NewGroup extends KeyVaultResourceGroup {
  public readonly name: string;
  constructor(private readonly options: NewResourceGroupOptions) {
    super();
    this.name = options.name;
  }
  public _bind(scope: Construct, preventDestroy: boolean): BoundResourceGroup {
    const { ResourceGroup } = azurerm.resourceGroup();
    const resource = new ResourceGroup(scope, 'ResourceGroup', {
      name: this.options.name,
      location: this.options.location,
      tags: this.options.tags,
      lifecycle: { preventDestroy },
    });
    // Literal name: keeps the Atlas configuration's resourceGroupName checkable at synth time.
    return { name: this.options.name, location: this.options.location, resource };
  }
}

class ExistingGroup extends KeyVaultResourceGroup {
  constructor(public readonly name: string) {
    super();
  }
  public _bind(scope: Construct): BoundResourceGroup {
    const { DataAzurermResourceGroup } = azurerm.existingResourceGroup();
    const data = new DataAzurermResourceGroup(scope, 'ResourceGroup', { name: this.name });
    return { name: this.name, location: data.location };
  }
}

/**
 * Application (client) id of MongoDB Atlas's multi-tenant Entra application for commercial Atlas. Atlas shows the id
 * to use under Project Integrations > Azure ("Add Atlas to your Azure Service Principal"); this value is the one the
 * terraform-provider-mongodbatlas docs (cloud_provider_access) and MongoDB's Terraform modules use for production
 * Atlas. Other Atlas environments (e.g. Atlas for Government) may show another id: pass it as `atlasAzureAppId`.
 */
export const ATLAS_AZURE_APP_ID = '9f2deb0d-be22-4524-a403-df531868bac0';

/** How Atlas signs in to the vault. */
export enum AzureIdentityKind {
  /** Secretless: the service principal of Atlas's own application in your tenant, through an Atlas role. */
  ATLAS_SERVICE_PRINCIPAL = 'ATLAS_SERVICE_PRINCIPAL',
  /** Static: an app registration of yours with a client secret that Atlas stores. */
  CLIENT_SECRET = 'CLIENT_SECRET',
}

/** Options of {@link AzureKeyVaultIdentity.atlasServicePrincipal}. */
export interface AtlasServicePrincipalOptions {
  /**
   * Application (client) id of Atlas's Entra application, as Atlas shows it (Project Integrations > Azure).
   * @default ATLAS_AZURE_APP_ID
   */
  readonly atlasAzureAppId?: string;
  /**
   * The tenant already has the service principal of Atlas's application (a tenant holds one per application, e.g.
   * made for another project or for Data Federation): look it up with the `azuread_service_principal` data source
   * instead of creating it. The library then never manages, and so never deletes, that service principal.
   * @default false - the service principal is created (needs Entra Application Administrator, Cloud Application
   * Administrator or Global Administrator) and protected from destroy like the vault
   */
  readonly existingServicePrincipal?: boolean;
}

/** Options of {@link AzureKeyVaultIdentity.clientSecret}. */
export interface ClientSecretIdentityOptions {
  /**
   * Display name of the Entra app registration Atlas signs in as.
   * @default `mongodb-atlas-ear-<keyVaultName>`
   */
  readonly applicationDisplayName?: string;
  /**
   * Lifetime of each client secret in days; Azure allows at most 730 (two years).
   * @default 365
   */
  readonly clientSecretValidityDays?: number;
  /**
   * The client secret is replaced on the first apply after this many days (a `time_rotating` resource triggers it);
   * must be shorter than `clientSecretValidityDays`, and an apply must run in between or Atlas loses the key.
   * @default 180
   */
  readonly clientSecretRotationDays?: number;
}

/** What an identity renders to under its key construct. @internal */
export interface BoundIdentity {
  /** Object id of the service principal the vault roles are granted to. */
  readonly principalObjectId: string;
  /** Resources the RBAC propagation wait (and so Atlas's validation) must follow, besides the role assignments. */
  readonly dependables: ITerraformDependable[];
  readonly servicePrincipal?: ServicePrincipal;
  readonly application?: Application;
  readonly clientSecret?: ApplicationPasswordA;
  readonly accessSetup?: CloudProviderAccessSetup;
  readonly authorization?: CloudProviderAccessAuthorization;
  /** Atlas cloud-provider-access Azure id (secretless). */
  readonly roleId?: string;
  readonly atlasAzureAppId?: string;
  /** Client id of the app registration (client secret). */
  readonly clientId?: string;
  readonly clientSecretValidityDays?: number;
}

/** What the key construct hands its identity. @internal */
export interface IdentityContext {
  readonly projectId: string;
  readonly tenantId: string;
  readonly keyVaultName: string;
  readonly retain: boolean;
}

/**
 * The identity Atlas reaches the vault with: a choice, so a class with static factories.
 *
 * - {@link AzureKeyVaultIdentity.atlasServicePrincipal} (default): secretless, Atlas's recommended method since
 *   February 2026. Writes `role_id` into the project's `azure_key_vault_config`, which needs the mongodbatlas
 *   Terraform provider 2.8.0 or later (see {@link AZURE_ROLE_ID_PROVIDER_VERSION}).
 * - {@link AzureKeyVaultIdentity.clientSecret}: an app registration with an expiring client secret; works with the
 *   prebuilt binding's provider 1.41.1.
 */
export abstract class AzureKeyVaultIdentity {
  /**
   * Secretless: the service principal of Atlas's Entra application in your tenant (created, or looked up), granted
   * on the vault, registered with Atlas (`mongodbatlas_cloud_provider_access_setup` AZURE) and authorized.
   */
  public static atlasServicePrincipal(options: AtlasServicePrincipalOptions = {}): AzureKeyVaultIdentity {
    return new AtlasServicePrincipalIdentity(options);
  }

  /** Static: an app registration, its service principal and a rotating client secret with an end date. */
  public static clientSecret(options: ClientSecretIdentityOptions = {}): AzureKeyVaultIdentity {
    return new ClientSecretIdentity(options);
  }

  /** Which identity this is. */
  public abstract readonly kind: AzureIdentityKind;

  /** Rule checks of the options. @internal */
  public abstract _check(subject: string, r: RuleReporter): void;

  /** Renders the identity under `scope`. @internal */
  public abstract _bind(scope: Construct, ctx: IdentityContext): BoundIdentity;
}

class AtlasServicePrincipalIdentity extends AzureKeyVaultIdentity {
  public readonly kind = AzureIdentityKind.ATLAS_SERVICE_PRINCIPAL;
  private readonly appId: string;
  constructor(private readonly options: AtlasServicePrincipalOptions) {
    super();
    this.appId = options.atlasAzureAppId ?? ATLAS_AZURE_APP_ID;
  }

  public _check(subject: string, r: RuleReporter): void {
    const prop = 'identity.atlasAzureAppId';
    if (!r.deferIfUnresolved('SYN-AZ-2', subject, prop, this.appId) && !AZURE_UUID.test(this.appId)) {
      r.report('SYN-AZ-2', subject, prop, this.appId, 'not a UUID', 'the application (client) id Atlas shows, a UUID');
    }
  }

  public _bind(scope: Construct, ctx: IdentityContext): BoundIdentity {
    const { CloudProviderAccessSetup } = mongodbatlasAccess.setup(AZURE_KEY);
    const { CloudProviderAccessAuthorization } = mongodbatlasAccess.authorization(AZURE_KEY);
    let servicePrincipal: ServicePrincipal | undefined;
    let principalObjectId: string;
    if (this.options.existingServicePrincipal) {
      const { DataAzureadServicePrincipal } = azuread.existingServicePrincipal();
      principalObjectId = new DataAzureadServicePrincipal(scope, 'ServicePrincipal', { clientId: this.appId }).objectId;
    } else {
      const { ServicePrincipal } = azuread.servicePrincipal();
      // Atlas's application, not one of ours: only its service principal lives in this tenant.
      servicePrincipal = new ServicePrincipal(scope, 'ServicePrincipal', {
        clientId: this.appId,
        lifecycle: { preventDestroy: ctx.retain },
      });
      principalObjectId = servicePrincipal.objectId;
    }
    const azure = { atlasAzureAppId: this.appId, servicePrincipalId: principalObjectId, tenantId: ctx.tenantId };
    // Atlas refuses to remove a role in use; prevent_destroy keeps Terraform from trying while retained.
    const accessSetup = new CloudProviderAccessSetup(scope, 'AccessSetup', {
      projectId: ctx.projectId,
      providerName: 'AZURE',
      azureConfig: [azure],
      lifecycle: { preventDestroy: ctx.retain },
    });
    const authorization = new CloudProviderAccessAuthorization(scope, 'Authorization', {
      projectId: ctx.projectId,
      roleId: accessSetup.roleId,
      azure,
      lifecycle: { preventDestroy: ctx.retain },
    });
    return {
      principalObjectId,
      dependables: [authorization],
      servicePrincipal,
      accessSetup,
      authorization,
      roleId: authorization.roleId,
      atlasAzureAppId: this.appId,
    };
  }
}

class ClientSecretIdentity extends AzureKeyVaultIdentity {
  public readonly kind = AzureIdentityKind.CLIENT_SECRET;
  private readonly validityDays: number;
  private readonly rotationDays: number;
  constructor(private readonly options: ClientSecretIdentityOptions) {
    super();
    this.validityDays = options.clientSecretValidityDays ?? 365;
    this.rotationDays = options.clientSecretRotationDays ?? 180;
  }

  public _check(s: string, r: RuleReporter): void {
    const validity = this.validityDays;
    const prop = 'identity.clientSecretValidityDays';
    if (r.deferIfUnresolved('SYN-AZ-3', s, prop, validity)) return;
    if (!Number.isInteger(validity) || validity < 1 || validity > MAX_CLIENT_SECRET_DAYS) {
      r.report(
        'SYN-AZ-3',
        s,
        prop,
        validity,
        'Azure caps client secrets at two years',
        `an integer from 1 to ${MAX_CLIENT_SECRET_DAYS}`,
      );
    } else if (
      !tfUnresolved(this.rotationDays) &&
      (!Number.isInteger(this.rotationDays) || this.rotationDays < 1 || this.rotationDays >= validity)
    ) {
      r.report(
        'SYN-AZ-3',
        s,
        'identity.clientSecretRotationDays',
        this.rotationDays,
        'the secret must be rotated before it expires',
        `an integer from 1 to ${validity - 1} (less than clientSecretValidityDays)`,
      );
    }
  }

  public _bind(scope: Construct, ctx: IdentityContext): BoundIdentity {
    const { Application } = azuread.application();
    const { ApplicationPasswordA } = azuread.applicationPassword();
    const { ServicePrincipal } = azuread.servicePrincipal();
    const { Rotating } = time.rotating();
    const displayName = this.options.applicationDisplayName ?? `mongodb-atlas-ear-${ctx.keyVaultName}`;
    // The identity Atlas signs in as is protected like the vault and the key: without it Atlas loses the key.
    const application = new Application(scope, 'Application', {
      displayName,
      lifecycle: { preventDestroy: ctx.retain },
    });
    const servicePrincipal = new ServicePrincipal(scope, 'ServicePrincipal', {
      clientId: application.clientId,
      lifecycle: { preventDestroy: ctx.retain },
    });
    const rotation = new Rotating(scope, 'ClientSecretRotation', { rotationDays: this.rotationDays });
    const clientSecret = new ApplicationPasswordA(scope, 'ClientSecret', {
      applicationId: application.id,
      displayName: 'mongodb-atlas-encryption-at-rest',
      endDateRelative: `${this.validityDays * 24}h`,
      rotateWhenChanged: { rotation: rotation.id },
      lifecycle: { createBeforeDestroy: true },
    });
    return {
      principalObjectId: servicePrincipal.objectId,
      dependables: [clientSecret],
      servicePrincipal,
      application,
      clientSecret,
      clientId: application.clientId,
      clientSecretValidityDays: this.validityDays,
    };
  }
}

/** Props of {@link AzureKeyVaultEncryptionKey}. */
export interface AzureKeyVaultEncryptionKeyProps {
  /** Atlas project id (24 hex digits, or a reference): the project the secretless identity's Atlas role is made in. */
  readonly projectId: string;
  /**
   * The identity Atlas reaches the vault with.
   * @default AzureKeyVaultIdentity.atlasServicePrincipal() - secretless; needs mongodbatlas provider >= 2.8.0
   */
  readonly identity?: AzureKeyVaultIdentity;
  /** Resource group of the vault: `KeyVaultResourceGroup.create(...)` or `KeyVaultResourceGroup.fromName(...)`. */
  readonly resourceGroup: KeyVaultResourceGroup;
  /** Key Vault name: 3-24 letters, digits and hyphens, globally unique (SYN-AZ-2). */
  readonly keyVaultName: string;
  /**
   * Azure location of the vault.
   * @default - the resource group's location
   */
  readonly location?: string;
  /**
   * Azure cloud of the tenant and the vault; decides the vault DNS suffix Atlas validates (SYN-AZ-1).
   * @default AzureEnvironment.AZURE
   */
  readonly azureEnvironment?: AzureEnvironment;
  /**
   * Vault pricing tier.
   * @default KeyVaultSku.STANDARD
   */
  readonly sku?: KeyVaultSku;
  /**
   * Soft-delete retention of the vault in days, 7-90. Azure lets it be set only once.
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Network rules of the vault. Atlas's control plane and the cluster nodes must reach the vault.
   * @default - no network rules (public endpoint, Azure AD authentication only)
   */
  readonly networkAcls?: KeyVaultNetworkAcls;
  /**
   * Name of the key.
   * @default 'atlas-encryption-at-rest'
   */
  readonly keyName?: string;
  /**
   * RSA key size in bits: 2048, 3072 or 4096.
   * @default 3072
   */
  readonly keySize?: number;
  /**
   * Use an HSM-protected key (`RSA-HSM`); needs `sku: KeyVaultSku.PREMIUM`.
   * @default false
   */
  readonly hardwareProtected?: boolean;
  /**
   * Days after which Azure creates a new key version (rotation policy `timeAfterCreation`).
   * Atlas stores the versioned key id, so each rotation shows as a change of `key_identifier`
   * in the next plan; applying it performs the Atlas rotation. Old versions stay enabled.
   * @default 180
   */
  readonly keyRotationDays?: number;
  /**
   * How long to wait after the role assignments and the identity (Atlas role authorization, or client secret) are
   * created before Atlas validates the key. Azure RBAC can take about 10 minutes to apply (DEP-IAM-3), and provider
   * 1.41.1 does not retry. A Terraform duration string.
   * @default '10m'
   */
  readonly rbacPropagationDelay?: string;
  /**
   * Assign `Key Vault Crypto Officer` on the vault to the principal running Terraform, which an
   * RBAC vault needs before the key can be created.
   * @default true
   */
  readonly grantDeployerAccess?: boolean;
  /**
   * How long to wait after the deployer's role assignment before creating the key.
   * @default '2m'
   */
  readonly deployerPropagationDelay?: string;
  /**
   * Protect the vault, the key, a created resource group, and the identity Atlas uses (the service principal, the
   * Atlas role and its authorization or the app registration, the role assignments on the vault) with `lifecycle.prevent_destroy` (SYN-KEEP-1). Deleting a key
   * that encrypts a cluster or a snapshot, or the identity Atlas reaches it with, makes that data unreadable.
   * `false` is allowed and said at synth (SYN-KEEP-2).
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * Tags on the vault and the key.
   * @default - no tags
   */
  readonly tags?: Record<string, string>;
}

/**
 * An Azure Key Vault key that a MongoDB Atlas project can use for encryption at rest, with
 * everything Atlas needs to use it:
 *
 * - a resource group (new or existing) and a Key Vault with purge protection, 90-day soft delete
 *   and Azure RBAC authorization (`rbac_authorization_enabled`, azurerm ≥ 4.42);
 * - an RSA key (3072 bits by default) with the operations Atlas needs (encrypt, decrypt, wrapKey,
 *   unwrapKey) and a rotation policy that creates a new version every `keyRotationDays`;
 * - the identity Atlas reaches the vault with ({@link AzureKeyVaultIdentity}). By default secretless: the service
 *   principal of Atlas's Entra application in your tenant, an Atlas role for it
 *   (`mongodbatlas_cloud_provider_access_setup` AZURE) and its authorization; the project then gets the role id and
 *   no client id, tenant or secret. That `role_id` needs the mongodbatlas provider 2.8.0 or later: the project
 *   encryption raises the stack's `required_providers` constraint to `>= 2.8.0` (the prebuilt binding is 1.41.1).
 *   `AzureKeyVaultIdentity.clientSecret()` keeps the static identity (app registration, service principal, client
 *   secret with an end date) on provider 1.41.1;
 * - `Key Vault Crypto User` and `Reader` for that service principal, scoped to the vault;
 * - a `time_sleep` after the grants so Atlas validates the key only once RBAC has propagated.
 *
 * **Rotating the key.** Azure creates a new version (rotation policy, or `az keyvault key rotate`).
 * Atlas gets the versionless id (`versionless_id`) and resolves it to the latest enabled version, so a
 * rotation needs no plan or apply at all (`keyIdentifier`, the versioned id, stays available for a
 * configuration that pins one version). The previous versions stay enabled: the library
 * never sets `expiration_date` or a rotation-policy `expire_after`, so snapshots taken under an
 * older version remain restorable (DEP-KEEP-1). Do not disable old versions by hand while a
 * snapshot or PIT window may need them. A change that replaces the key (name, size, type) is
 * refused by `prevent_destroy`: rotate by version instead.
 *
 * **Rotating the client secret** (client-secret identity only). Secrets last `clientSecretValidityDays` (≤ 2 years)
 * and are replaced (create before destroy) on the first apply after `clientSecretRotationDays`; the new
 * secret flows into Atlas by reference in the same apply. Schedule an apply inside that window,
 * or force one sooner with `terraform apply -replace=<time_rotating address>`. An expired secret
 * makes Atlas shut the clusters down.
 *
 * Configure the azurerm provider with `features.keyVault.purgeSoftDeleteOnDestroy = false` and
 * `purgeSoftDeletedKeysOnDestroy = false` so nothing is ever purged.
 */
export class AzureKeyVaultEncryptionKey extends Construct {
  /** The Key Vault (primary child, id `Resource`). */
  public readonly keyVault: KeyVault;
  /** The RSA key. */
  public readonly key: KeyVaultKey;
  /** Which identity Atlas reaches the vault with. */
  public readonly identityKind: AzureIdentityKind;
  /** Object id of the service principal Atlas signs in as (the one granted on the vault). */
  public readonly servicePrincipalObjectId: string;
  /** The service principal, when this construct created it (not when an existing one is looked up). */
  public readonly servicePrincipal?: ServicePrincipal;
  /** Atlas's role for its service principal (secretless identity). */
  public readonly accessSetup?: CloudProviderAccessSetup;
  /** The authorization of that role (secretless identity). */
  public readonly authorization?: CloudProviderAccessAuthorization;
  /** Atlas cloud-provider-access Azure id for `azure_key_vault_config.role_id` (secretless identity). */
  public readonly roleId?: string;
  /** Application (client) id of Atlas's Entra application (secretless identity). */
  public readonly atlasAzureAppId?: string;
  /** The app registration Atlas signs in as (client-secret identity). */
  public readonly application?: Application;
  /** The client secret (client-secret identity; sensitive, only ever passed on by reference). */
  public readonly clientSecret?: ApplicationPasswordA;
  /** Application (client) id of the app registration (client-secret identity). */
  public readonly clientId?: string;
  /** Client secret lifetime in days (client-secret identity). */
  public readonly clientSecretValidityDays?: number;
  /** Role assignments for Atlas's service principal on the vault. */
  public readonly atlasRoleAssignments: readonly RoleAssignment[];
  /** The wait for RBAC propagation; anything Atlas validates must depend on it. */
  public readonly rbacPropagation: Sleep;
  /** Atlas project id. */
  public readonly projectId: string;
  /** Azure cloud of the vault. */
  public readonly azureEnvironment: AzureEnvironment;
  /** Vault name (literal). */
  public readonly keyVaultName: string;
  /** Resource group name. */
  public readonly resourceGroupName: string;
  /** Versioned key identifier `https://<vault>.<suffix>/keys/<name>/<version>` (the azurerm key `id`). */
  public readonly keyIdentifier: string;
  /**
   * The key's versionless URL (`versionless_id`): Atlas resolves it to the latest enabled version, so a version the
   * rotation policy creates is used without a deploy. {@link AzureKeyVaultConfiguration.fromEncryptionKey} hands
   * Atlas this form.
   */
  public readonly versionlessKeyIdentifier: string;
  /** Entra tenant id (from the azurerm provider's client config). */
  public readonly tenantId: string;
  /** Subscription id of the vault (from the azurerm provider's client config). */
  public readonly subscriptionId: string;
  /** Automatic key rotation period in days. */
  public readonly keyRotationDays: number;

  constructor(scope: Construct, id: string, props: AzureKeyVaultEncryptionKeyProps) {
    super(scope, id);
    assertAzureKeyPeers();
    const { DataAzurermClientConfig } = azurerm.clientConfig();
    const { KeyVault } = azurerm.keyVault();
    const { KeyVaultKey } = azurerm.keyVaultKey();
    const { Sleep } = time.sleep();
    this.projectId = props.projectId;
    this.azureEnvironment = props.azureEnvironment ?? AzureEnvironment.AZURE;
    this.keyVaultName = props.keyVaultName;
    const identity = props.identity ?? AzureKeyVaultIdentity.atlasServicePrincipal();
    this.identityKind = identity.kind;
    const sku = props.sku ?? KeyVaultSku.STANDARD;
    const softDeleteDays = props.softDeleteRetentionDays ?? 90;
    const keySize = props.keySize ?? 3072;
    const hsm = props.hardwareProtected ?? false;
    this.keyRotationDays = props.keyRotationDays ?? 180;
    const retain = props.retainOnDestroy ?? true;
    const grantDeployer = props.grantDeployerAccess ?? true;

    enforce(this, checkKeyProps(props, identity, { sku, softDeleteDays, keySize, hsm }, this));

    const group = props.resourceGroup._bind(this, retain);
    this.resourceGroupName = group.name;
    const client = new DataAzurermClientConfig(this, 'ClientConfig', {});
    this.tenantId = client.tenantId;
    this.subscriptionId = client.subscriptionId;

    this.keyVault = new KeyVault(this, 'Resource', {
      name: props.keyVaultName,
      location: props.location ?? group.location,
      resourceGroupName: group.name,
      tenantId: client.tenantId,
      skuName: sku,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: softDeleteDays,
      rbacAuthorizationEnabled: true,
      networkAcls: props.networkAcls,
      tags: props.tags,
      dependsOn: group.resource ? [group.resource] : undefined,
      lifecycle: { preventDestroy: retain },
    });

    const keyDependsOn: ITerraformDependable[] = [];
    if (grantDeployer) {
      const deployer = grantVaultRoles(this, VaultGrantee.DEPLOYER, this.keyVault.id, client.objectId, undefined);
      keyDependsOn.push(
        new Sleep(this, 'DeployerRbacPropagation', {
          createDuration: props.deployerPropagationDelay ?? '2m',
          dependsOn: deployer,
        }),
      );
    }

    this.key = new KeyVaultKey(this, 'Key', {
      name: props.keyName ?? 'atlas-encryption-at-rest',
      keyVaultId: this.keyVault.id,
      keyType: hsm ? 'RSA-HSM' : 'RSA',
      keySize,
      keyOpts: [...ATLAS_KEY_OPERATIONS],
      rotationPolicy: {
        automatic: { timeAfterCreation: `P${this.keyRotationDays}D` },
      },
      tags: props.tags,
      dependsOn: keyDependsOn.length > 0 ? keyDependsOn : undefined,
      lifecycle: { preventDestroy: retain },
    });
    this.keyIdentifier = this.key.id;
    this.versionlessKeyIdentifier = this.key.versionlessId;

    const bound = identity._bind(this, {
      projectId: props.projectId,
      tenantId: client.tenantId,
      keyVaultName: props.keyVaultName,
      retain,
    });
    this.servicePrincipalObjectId = bound.principalObjectId;
    this.servicePrincipal = bound.servicePrincipal;
    this.accessSetup = bound.accessSetup;
    this.authorization = bound.authorization;
    this.roleId = bound.roleId;
    this.atlasAzureAppId = bound.atlasAzureAppId;
    this.application = bound.application;
    this.clientSecret = bound.clientSecret;
    this.clientId = bound.clientId;
    this.clientSecretValidityDays = bound.clientSecretValidityDays;

    this.atlasRoleAssignments = grantVaultRoles(
      this,
      VaultGrantee.ATLAS,
      this.keyVault.id,
      bound.principalObjectId,
      'ServicePrincipal',
      retain,
    );
    this.rbacPropagation = new Sleep(this, 'RbacPropagation', {
      createDuration: props.rbacPropagationDelay ?? '10m',
      triggers: {
        servicePrincipal: bound.principalObjectId,
        keyVault: this.keyVault.id,
      },
      dependsOn: [...this.atlasRoleAssignments, ...bound.dependables],
    });

    // The key as Atlas will see it, through core's rules: the project id (SYN-PROJ-4), exactly one identity
    // (SYN-AZ-3), and the rest deferred where Terraform fills it in.
    enforce(
      this,
      validateProjectEncryption(
        { projectId: props.projectId, azure: AzureKeyVaultConfiguration.fromEncryptionKey(this).toSpec() },
        TF_VALIDATION,
      ),
    );
  }

  /** Key Vault DNS suffix of this key's Azure environment, e.g. `vault.azure.net`. */
  public get keyVaultDnsSuffix(): string {
    return KEY_VAULT_DNS_SUFFIX[this.azureEnvironment];
  }
}

interface ResolvedKeyProps {
  readonly sku: KeyVaultSku;
  readonly softDeleteDays: number;
  readonly keySize: number;
  readonly hsm: boolean;
}

/** Construct-local checks (key material, identity options); the vault name is also checked by core's SYN-AZ-2. */
function checkKeyProps(
  props: AzureKeyVaultEncryptionKeyProps,
  identity: AzureKeyVaultIdentity,
  v: ResolvedKeyProps,
  scope: Construct,
) {
  const r = new RuleReporter(TF_VALIDATION);
  const s = `AzureKeyVaultEncryptionKey ${JSON.stringify(scope.node.path)}`;
  const vaultName = props.keyVaultName;
  if (
    !r.deferIfUnresolved('SYN-AZ-2', s, 'keyVaultName', vaultName) &&
    !/^[a-z][a-z0-9-]{1,22}[a-z0-9]$/i.test(vaultName)
  ) {
    r.report(
      'SYN-AZ-2',
      s,
      'keyVaultName',
      vaultName,
      'not a Key Vault name',
      '3-24 letters, digits and hyphens, starting with a letter and ending with a letter or digit',
    );
  }
  if (!r.deferIfUnresolved('SYN-KEEP-1', s, 'softDeleteRetentionDays', v.softDeleteDays)) {
    if (!Number.isInteger(v.softDeleteDays) || v.softDeleteDays < 7 || v.softDeleteDays > 90) {
      r.report(
        'SYN-KEEP-1',
        s,
        'softDeleteRetentionDays',
        v.softDeleteDays,
        'Azure soft delete keeps 7-90 days',
        'an integer from 7 to 90 (90 recommended)',
      );
    }
  }
  if (!r.deferIfUnresolved('SYN-AZ-1', s, 'keySize', v.keySize) && !RSA_KEY_SIZES.includes(v.keySize)) {
    r.report('SYN-AZ-1', s, 'keySize', v.keySize, 'not an RSA key size Key Vault accepts', RSA_KEY_SIZES.join(', '));
  }
  if (v.hsm && v.sku !== KeyVaultSku.PREMIUM) {
    r.report(
      'SYN-AZ-1',
      s,
      'hardwareProtected',
      true,
      'HSM-protected keys need the premium vault tier',
      'sku: KeyVaultSku.PREMIUM, or hardwareProtected: false',
    );
  }
  const rotation = props.keyRotationDays ?? 180;
  if (
    !r.deferIfUnresolved('SYN-ALERT-1', s, 'keyRotationDays', rotation) &&
    (!Number.isInteger(rotation) || rotation < 7)
  ) {
    r.report(
      'SYN-ALERT-1',
      s,
      'keyRotationDays',
      rotation,
      'Azure rotation policies need at least 7 days',
      'an integer of 7 or more, e.g. 180',
    );
  }
  identity._check(s, r);
  if (props.retainOnDestroy === false) {
    checkSafetyDefault(
      s,
      'retainOnDestroy',
      false,
      'cdktf destroy deletes the vault, the key and the identity Atlas uses (purge protection still keeps the key recoverable for the soft-delete period)',
      r,
    );
  }
  return r.result();
}
