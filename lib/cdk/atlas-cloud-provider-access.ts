import { CfnOutput, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { RuleReporter } from '../core';
import { checkAzureServicePrincipal } from '../core/rules/azure-key-vault';
import { GCP_CRYPTO_KEY, GCP_KEY_VERSION } from '../core/rules/google-cloud-kms';
import { checkProjectId } from '../core/rules/project-wiring';
import { AtlasCredentials } from './credentials';
import {
  AtlasResourceType,
  AzureCloudProviderAccessAuthorizationSpec,
  AzureCloudProviderAccessSpec,
  BaseSpec,
  GcpCloudProviderAccessSpec,
} from './custom-resources/properties';
import { atlasCustomResource, toDeletePolicy } from './private/custom-resource';
import { applyRuleResult, CDK_VALIDATION } from './private/validation';
import { AtlasEncryptionAtRestProvider } from './provider';

/*
 * Atlas cloud-provider-access roles for Azure and Google Cloud. CloudFormation cannot create Azure or Google
 * resources, so these constructs create the Atlas side and say, as attributes and stack outputs, the one grant the
 * operator makes on the other side.
 */

/** The Azure roles Atlas's service principal needs on the vault (https://www.mongodb.com/docs/atlas/security/azure-kms-secretless/). */
export const AZURE_KEY_VAULT_ROLES = ['Key Vault Crypto User', 'Reader'] as const;
/** The Google Cloud role Atlas's service account needs on the key (https://www.mongodb.com/docs/atlas/security/gcp-kms/). */
export const GOOGLE_CLOUD_KMS_ROLE = 'roles/cloudkms.cryptoKeyEncrypterDecrypter';

/** An Atlas cloud-provider-access role that a project encryption can use as its identity. */
export interface IAtlasCloudProviderAccessRole extends IConstruct {
  /** Atlas project id the role belongs to. */
  readonly projectId: string;
  /** Atlas role id (24 hexadecimal digits, known at deploy time). */
  readonly roleId: string;
  /** What a stack deletion does with the Atlas role. */
  readonly removalPolicy: RemovalPolicy;
}

/** Atlas's Azure role for the service principal of its application in your tenant. */
export interface IAtlasAzureServicePrincipal extends IAtlasCloudProviderAccessRole {
  /** Object id of the service principal. */
  readonly servicePrincipalId: string;
  /** Entra ID tenant id. */
  readonly tenantId: string;
}

/** Atlas's Google Cloud role: the service account Atlas created for the project. */
export interface IAtlasGoogleCloudServiceAccount extends IAtlasCloudProviderAccessRole {
  /** Email of the service account (deploy-time attribute). */
  readonly serviceAccountEmail: string;
}

/** Where the Key Vault is, so that the grant this construct states names it exactly. */
export interface AzureKeyVaultScope {
  /** Azure subscription id (UUID). */
  readonly subscriptionId: string;
  /** Resource group of the vault. */
  readonly resourceGroupName: string;
  /** Name of the vault. */
  readonly keyVaultName: string;
}

/** Properties of an {@link AtlasAzureServicePrincipal}. */
export interface AtlasAzureServicePrincipalProps {
  /** Atlas project (group) id: 24 hexadecimal digits. */
  readonly projectId: string;
  /** Atlas API credentials the handler uses to create and authorize the role. */
  readonly credentials: AtlasCredentials;
  /**
   * Object id of the service principal of Atlas's multi-tenant application in your tenant (a UUID). You create it
   * once per tenant: `az ad sp create --id <Atlas application id>` (the Atlas UI shows the application id); it
   * prints the object id as `id`. Create no app registration of your own.
   */
  readonly servicePrincipalId: string;
  /** Entra ID tenant id (a UUID) the service principal and the vault belong to. */
  readonly tenantId: string;
  /**
   * Application id of Atlas's Azure application (a UUID).
   * @default - Atlas derives it (Admin API: "optional and will be derived … if not provided")
   */
  readonly atlasAzureAppId?: string;
  /**
   * The vault Atlas is to use, so that `requiredGrant` names it.
   * @default - the grant says "the Key Vault that holds the key"
   */
  readonly keyVault?: AzureKeyVaultScope;
  /**
   * What a stack deletion does with the Atlas role. DESTROY removes it once no encryption at rest uses it (Atlas
   * refuses to remove a role in use, and so does the library).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Secretless access from Atlas to Azure Key Vault: the Atlas cloud-provider-access role for the service principal
 * of Atlas's application in your tenant (`Custom::AtlasCloudProviderAccess`, providerName AZURE) and its
 * authorization (`Custom::AtlasCloudProviderAccessAuthorization`). Pass it to
 * `AzureKeyVaultIdentity.fromAtlasServicePrincipal`; no client secret exists, so none can expire.
 *
 * You do on the Azure side, before the deploy that enables encryption: create the service principal (see
 * `servicePrincipalId`) and make the grant in {@link AtlasAzureServicePrincipal.requiredGrant} (also a stack
 * output). Retained on stack deletion unless `removalPolicy` is DESTROY.
 */
export class AtlasAzureServicePrincipal extends Construct implements IAtlasAzureServicePrincipal {
  /** Atlas project id. */
  public readonly projectId: string;
  /** Atlas role id (deploy-time attribute). */
  public readonly roleId: string;
  /** Object id of the service principal. */
  public readonly servicePrincipalId: string;
  /** Entra ID tenant id. */
  public readonly tenantId: string;
  /** Application id of Atlas's Azure application, as Atlas stores it (deploy-time attribute). */
  public readonly atlasAzureAppId: string;
  /** The Azure grant the operator makes: roles, scope and the `az` commands. Also the stack output `RequiredGrant`. */
  public readonly requiredGrant: string;
  /** What Delete does with the Atlas role. */
  public readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: AtlasAzureServicePrincipalProps) {
    super(scope, id);
    const subject = 'Atlas Azure service principal';
    const r = new RuleReporter(CDK_VALIDATION);
    checkProjectId(props.projectId, subject, r);
    checkAzureServicePrincipal(subject, props, r);
    applyRuleResult(this, r.result());
    const base = roleBase(this, subject, props);
    this.projectId = props.projectId;
    this.servicePrincipalId = props.servicePrincipalId;
    this.tenantId = props.tenantId;
    this.removalPolicy = base.deletePolicy === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    const roleSpec: AzureCloudProviderAccessSpec = {
      ...base,
      providerName: 'AZURE',
      servicePrincipalId: props.servicePrincipalId,
      tenantId: props.tenantId,
      atlasAzureAppId: props.atlasAzureAppId,
    };
    const role = atlasCustomResource(this, 'CloudProviderAccess', AtlasResourceType.CLOUD_PROVIDER_ACCESS, roleSpec);
    this.roleId = role.getAttString('RoleId');
    this.atlasAzureAppId = role.getAttString('AtlasAzureAppId');

    // The app id Atlas stored (derived when not given): the authorization must name the same one.
    const authorizationSpec: AzureCloudProviderAccessAuthorizationSpec = {
      ...base,
      providerName: 'AZURE',
      roleId: this.roleId,
      servicePrincipalId: props.servicePrincipalId,
      tenantId: props.tenantId,
      atlasAzureAppId: this.atlasAzureAppId,
    };
    atlasCustomResource(
      this,
      'Authorization',
      AtlasResourceType.CLOUD_PROVIDER_ACCESS_AUTHORIZATION,
      authorizationSpec,
    );

    const vault = props.keyVault;
    const vaultScope = vault
      ? `/subscriptions/${vault.subscriptionId}/resourceGroups/${vault.resourceGroupName}/providers/Microsoft.KeyVault/vaults/${vault.keyVaultName}`
      : undefined;
    const assign = (role: string) =>
      `az role assignment create --assignee-object-id ${props.servicePrincipalId} --assignee-principal-type ServicePrincipal --role "${role}" --scope ${vaultScope ?? '<vault resource id>'}`;
    this.requiredGrant =
      `Grant service principal ${props.servicePrincipalId} (tenant ${props.tenantId}) the Azure roles ` +
      `${AZURE_KEY_VAULT_ROLES.map((x) => `"${x}"`).join(' and ')} on ${vaultScope ?? 'the Key Vault that holds the key'} ` +
      `(or a vault access policy with get, encrypt, decrypt, wrapKey and unwrapKey): ` +
      AZURE_KEY_VAULT_ROLES.map(assign).join(' && ');

    new CfnOutput(this, 'RoleIdOutput', {
      value: this.roleId,
      description: 'Atlas cloud-provider-access role id of the Azure service principal (azureKeyVault.roleId)',
    });
    new CfnOutput(this, 'RequiredGrant', {
      value: this.requiredGrant,
      description: 'What to grant on the Azure side before Atlas can use the key (CloudFormation cannot)',
    });
  }
}

/** Properties of an {@link AtlasGoogleCloudServiceAccount}. */
export interface AtlasGoogleCloudServiceAccountProps {
  /** Atlas project (group) id: 24 hexadecimal digits. */
  readonly projectId: string;
  /** Atlas API credentials the handler uses to create the role. */
  readonly credentials: AtlasCredentials;
  /**
   * The Cloud KMS key Atlas is to use (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`), so that
   * `requiredGrant` names it. A key version name is accepted and its key is used.
   * @default - the grant says "the key"
   */
  readonly cryptoKey?: string;
  /**
   * What a stack deletion does with the Atlas role. DESTROY removes it once no encryption at rest uses it.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Role-based access from Atlas to Google Cloud KMS: the service account Atlas creates for the project through
 * cloud-provider-access (`Custom::AtlasCloudProviderAccess`, providerName GCP; the deploy waits until Atlas reports
 * it COMPLETE). Pass it to `GoogleCloudKmsIdentity.fromAtlasServiceAccount`; no service-account key exists.
 *
 * Its email is known only once the role exists, so the grant in {@link AtlasGoogleCloudServiceAccount.requiredGrant}
 * (also a stack output) comes between two deploys: first this construct, then, after the grant, the project
 * encryption that uses it (Atlas checks the key when encryption is enabled). Once a project uses the role, Atlas no
 * longer accepts a service-account key for it. Retained on stack deletion unless `removalPolicy` is DESTROY.
 */
export class AtlasGoogleCloudServiceAccount extends Construct implements IAtlasGoogleCloudServiceAccount {
  /** Atlas project id. */
  public readonly projectId: string;
  /** Atlas role id (deploy-time attribute). */
  public readonly roleId: string;
  /** Email of the service account Atlas created (deploy-time attribute). */
  public readonly serviceAccountEmail: string;
  /** The Google Cloud grant the operator makes: role, key and the `gcloud` command. Also the stack output `RequiredGrant`. */
  public readonly requiredGrant: string;
  /** What Delete does with the Atlas role. */
  public readonly removalPolicy: RemovalPolicy;

  constructor(scope: Construct, id: string, props: AtlasGoogleCloudServiceAccountProps) {
    super(scope, id);
    const subject = 'Atlas Google Cloud service account';
    const r = new RuleReporter(CDK_VALIDATION);
    checkProjectId(props.projectId, subject, r);
    const key = props.cryptoKey;
    if (key !== undefined && !r.deferIfUnresolved('SYN-GCP-1', subject, 'cryptoKey', key)) {
      if (typeof key !== 'string' || !(GCP_CRYPTO_KEY.test(key) || GCP_KEY_VERSION.test(key))) {
        r.report(
          'SYN-GCP-1',
          subject,
          'cryptoKey',
          key,
          'not a Cloud KMS crypto key name',
          'projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>',
        );
      }
    }
    applyRuleResult(this, r.result());
    const base = roleBase(this, subject, props);
    this.projectId = props.projectId;
    this.removalPolicy = base.deletePolicy === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    const roleSpec: GcpCloudProviderAccessSpec = { ...base, providerName: 'GCP' };
    const role = atlasCustomResource(this, 'CloudProviderAccess', AtlasResourceType.CLOUD_PROVIDER_ACCESS, roleSpec);
    this.roleId = role.getAttString('RoleId');
    this.serviceAccountEmail = role.getAttString('GcpServiceAccountForAtlas');

    const parts =
      typeof key === 'string' && !Token.isUnresolved(key)
        ? /^projects\/([^/]+)\/locations\/([^/]+)\/keyRings\/([^/]+)\/cryptoKeys\/([^/]+)/.exec(key)
        : null;
    const command = parts
      ? `gcloud kms keys add-iam-policy-binding ${parts[4]} --keyring ${parts[3]} --location ${parts[2]} --project ${parts[1]} --member serviceAccount:${this.serviceAccountEmail} --role ${GOOGLE_CLOUD_KMS_ROLE}`
      : `gcloud kms keys add-iam-policy-binding <key> --keyring <key ring> --location <location> --project <project> --member serviceAccount:${this.serviceAccountEmail} --role ${GOOGLE_CLOUD_KMS_ROLE}`;
    const keyName = parts ? parts[0] : 'the key';
    this.requiredGrant = `Grant ${GOOGLE_CLOUD_KMS_ROLE} on ${keyName} to serviceAccount:${this.serviceAccountEmail}: ${command}`;

    new CfnOutput(this, 'RoleIdOutput', {
      value: this.roleId,
      description: 'Atlas cloud-provider-access role id of the Google Cloud service account (googleCloudKms.roleId)',
    });
    new CfnOutput(this, 'ServiceAccountEmail', {
      value: this.serviceAccountEmail,
      description: 'Email of the service account Atlas uses for Google Cloud KMS',
    });
    new CfnOutput(this, 'RequiredGrant', {
      value: this.requiredGrant,
      description:
        'What to grant on the Google Cloud side before the project encryption uses the key (CloudFormation cannot)',
    });
  }
}

/** The Spec fields both roles share; the handler may read the credentials. */
function roleBase(
  scope: Construct,
  subject: string,
  props: { projectId: string; credentials: AtlasCredentials; removalPolicy?: RemovalPolicy },
): BaseSpec & { deletePolicy: 'RETAIN' | 'DESTROY' } {
  const deletePolicy = toDeletePolicy(
    scope,
    subject,
    'removalPolicy',
    props.removalPolicy,
    'a stack deletion removes the Atlas role once no encryption at rest uses it',
  );
  AtlasEncryptionAtRestProvider.of(scope).grantReadSecret(props.credentials.secret);
  return {
    projectId: props.projectId,
    credentialsSecretArn: props.credentials.secret.secretArn,
    baseUrl: props.credentials.baseUrl,
    deletePolicy,
  };
}
