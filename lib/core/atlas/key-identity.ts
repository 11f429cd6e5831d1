/**
 * Which identity Atlas uses to reach a provider's key, in Atlas's terms: a cloud-provider-access role (AWS IAM role,
 * the service principal of Atlas's Azure application, Atlas's Google service account) or a static credential Atlas
 * holds (an Azure client secret, a Google service-account key). The key history records it per key configuration,
 * and the CLI checks a role against `GET /groups/{groupId}/cloudProviderAccess/{roleId}`. Never a secret: only the
 * kind, the Atlas role id and the Azure client id (an application id, not a credential).
 */
import type { KeyProvider } from './providers';
import type { AnyProviderBlockWire, CloudProviderAccessRoleWire } from './wire';

/** The identity kinds, each with the provider it belongs to and whether it is an Atlas role. */
export const KEY_IDENTITY_KINDS = {
  /** `awsKms.roleId`: an IAM role Atlas assumes (Atlas no longer accepts access keys). */
  AWS_ROLE: { provider: 'AWS', role: true, title: 'AWS IAM role' },
  /** `azureKeyVault.roleId`: the service principal of Atlas's application in the customer's tenant (secretless). */
  AZURE_SERVICE_PRINCIPAL: { provider: 'AZURE', role: true, title: 'Azure service principal (secretless)' },
  /** `azureKeyVault.clientID` with a `secret` Atlas holds; the secret expires (at most two years). */
  AZURE_CLIENT_SECRET: { provider: 'AZURE', role: false, title: 'Azure client secret' },
  /** `googleCloudKms.roleId`: the service account Atlas created for the project. */
  GCP_SERVICE_ACCOUNT: { provider: 'GCP', role: true, title: "Atlas's Google Cloud service account" },
  /** `googleCloudKms.serviceAccountKey`: a service-account key Atlas holds. */
  GCP_SERVICE_ACCOUNT_KEY: { provider: 'GCP', role: false, title: 'Google Cloud service-account key' },
} as const satisfies Record<string, { provider: KeyProvider; role: boolean; title: string }>;

/** An identity kind. */
export type KeyIdentityKind = keyof typeof KEY_IDENTITY_KINDS;

/** The identity of one key configuration. */
export interface KeyIdentity {
  /** Which kind of identity. */
  readonly kind: KeyIdentityKind;
  /**
   * The Atlas cloud-provider-access role id (role kinds).
   * @default - not known (the kind is a static credential, or the writer did not know it)
   */
  readonly roleId?: string;
  /**
   * Azure application (client) id of a client-secret identity; never the secret.
   * @default - not recorded
   */
  readonly clientId?: string;
}

/** True when the value names an identity kind. */
export function isKeyIdentityKind(value: unknown): value is KeyIdentityKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(KEY_IDENTITY_KINDS, value);
}

/** True when the identity is an Atlas cloud-provider-access role. */
export function isRoleIdentity(identity: KeyIdentity): boolean {
  return KEY_IDENTITY_KINDS[identity.kind].role;
}

/** What the identity's pieces are, as the fields of a provider block or a spec name them. */
export interface IdentityFields {
  readonly roleId?: string;
  readonly clientId?: string;
}

/**
 * The identity a provider configuration uses: a `roleId` makes it the provider's role kind; otherwise AWS has
 * none (Atlas needs a role), Azure is a client secret (with its client id when given) and GCP a service-account key.
 */
export function identityOf(p: KeyProvider, fields: IdentityFields): KeyIdentity | undefined {
  const roleId = fields.roleId !== undefined && fields.roleId !== '' ? fields.roleId : undefined;
  if (p === 'AWS') return roleId ? { kind: 'AWS_ROLE', roleId } : undefined;
  if (p === 'AZURE') {
    if (roleId) return { kind: 'AZURE_SERVICE_PRINCIPAL', roleId };
    return { kind: 'AZURE_CLIENT_SECRET', ...(fields.clientId ? { clientId: fields.clientId } : {}) };
  }
  return roleId ? { kind: 'GCP_SERVICE_ACCOUNT', roleId } : { kind: 'GCP_SERVICE_ACCOUNT_KEY' };
}

/**
 * The identity of a live `EncryptionAtRest` block (Atlas returns `roleId` on GET; the secret and key never).
 * Undefined for a block that is not configured.
 */
export function identityOfBlock(block: AnyProviderBlockWire | undefined, p: KeyProvider): KeyIdentity | undefined {
  if (!block || block.enabled !== true) return undefined;
  return identityOf(p, { roleId: block.roleId, clientId: block.clientID });
}

/** Whether a cloud-provider-access role can be used to reach the key. */
export type AccessRoleState = 'AUTHORIZED' | 'UNAUTHORIZED' | 'IN_PROGRESS' | 'FAILED';

/**
 * The state of a role as `GET /cloudProviderAccess/{roleId}` returns it. AWS: authorized once it has an
 * `authorizedDate` or `iamAssumedRoleArn` (CloudProviderAccessAWSIAMRole). Azure: `authorizedDate` when Atlas
 * sends one, else (its schema CloudProviderAccessAzureServicePrincipal has only `lastUpdatedDate`) a role updated
 * after its creation (unverified which Atlas sends; both are accepted). Google Cloud needs no authorization: `status` COMPLETE
 * (CloudProviderAccessGCPServiceAccount), or, without a status, once it names its service account.
 */
export function accessRoleState(role: CloudProviderAccessRoleWire): AccessRoleState {
  if (role.providerName === 'GCP') {
    if (role.status === 'FAILED') return 'FAILED';
    if (role.status === undefined) return role.gcpServiceAccountForAtlas ? 'AUTHORIZED' : 'IN_PROGRESS';
    return role.status === 'COMPLETE' ? 'AUTHORIZED' : 'IN_PROGRESS';
  }
  // AWS: Atlas sets iamAssumedRoleArn only through the authorization (the PATCH sends it), so either field says so.
  if (role.authorizedDate || (role.providerName === 'AWS' && role.iamAssumedRoleArn)) return 'AUTHORIZED';
  if (role.providerName === 'AZURE' && role.lastUpdatedDate && role.lastUpdatedDate !== role.createdDate) {
    return 'AUTHORIZED';
  }
  return 'UNAUTHORIZED';
}

/** What `GET /cloudProviderAccess/{roleId}` answered for a role the key configuration uses. */
export type AccessRoleLookup =
  | { readonly roleId: string; readonly found: true; readonly role: CloudProviderAccessRoleWire }
  | { readonly roleId: string; readonly found: false }
  | { readonly roleId: string; readonly error: string };

/** Text for an identity: `Azure service principal (secretless), role 65f…`. */
export function describeIdentity(identity: KeyIdentity): string {
  const { title } = KEY_IDENTITY_KINDS[identity.kind];
  if (identity.roleId) return `${title}, Atlas role ${identity.roleId}`;
  if (identity.clientId) return `${title}, client id ${identity.clientId}`;
  return title;
}

/**
 * The verdict on a role lookup: undefined when the role exists and is authorized, else what is wrong and what to
 * do. Atlas cannot reach the key through a removed or unauthorized role, so clusters using it stop.
 */
export function roleProblem(
  identity: KeyIdentity,
  lookup: AccessRoleLookup,
  projectId: string,
): { readonly problem: string; readonly fix: string } | undefined {
  const what = describeIdentity(identity);
  const p = KEY_IDENTITY_KINDS[identity.kind].provider;
  if ('error' in lookup) {
    return {
      problem: `could not read ${what} in project ${projectId}: ${lookup.error}`,
      fix: `Check with: atlas cloudProviders accessRoles list --projectId ${projectId}.`,
    };
  }
  if (!lookup.found) {
    return {
      problem: `${what} no longer exists in project ${projectId}: Atlas cannot reach the key without it`,
      fix:
        `Create a new ${p} cloud-provider-access role in project ${projectId}, ` +
        (p === 'GCP'
          ? 'grant its service account roles/cloudkms.cryptoKeyEncrypterDecrypter on the key, '
          : p === 'AZURE'
            ? "authorize it and grant Atlas's service principal access to the vault, "
            : 'authorize it with an IAM role that may use the key, ') +
        'then set it as the key configuration roleId (deploy the stack again).',
    };
  }
  const state = accessRoleState(lookup.role);
  if (state === 'AUTHORIZED') return undefined;
  return {
    problem:
      state === 'UNAUTHORIZED'
        ? `${what} exists in project ${projectId} but is not authorized: Atlas cannot use it to reach the key`
        : `${what} in project ${projectId} is ${state}, not COMPLETE: Atlas cannot use it to reach the key`,
    fix:
      state === 'UNAUTHORIZED'
        ? `Authorize the role (PATCH /groups/${projectId}/cloudProviderAccess/${identity.roleId}) or deploy the stack that owns it again.`
        : state === 'FAILED'
          ? 'Create a new Google Cloud role, grant its service account on the key, and use it as the roleId.'
          : 'Wait until Atlas reports the role COMPLETE, then check again.',
  };
}
