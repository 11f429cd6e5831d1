/**
 * The Azure RBAC roles the library assigns, as one table (docs/permissions.md), granted through one function.
 * @internal
 */
import type { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import type { Construct } from 'constructs';
import { azurerm } from './providers';

/** Who receives a set of roles on the vault. */
export enum VaultGrantee {
  /** The service principal Atlas signs in as: Atlas's own app (secretless) or the app registration (client secret). */
  ATLAS = 'Atlas',
  /** The principal that runs `terraform apply`, which must create keys in an RBAC vault. */
  DEPLOYER = 'Deployer',
}

/**
 * Built-in roles per grantee, scoped to the vault only.
 * - Atlas: `Key Vault Crypto User` (keys/read, encrypt, decrypt, wrapKey, unwrapKey data actions) and
 *   `Reader` (`Microsoft.KeyVault/vaults/read`), the pair Atlas documents for RBAC vaults.
 * - Deployer: `Key Vault Crypto Officer` to create the key and its rotation policy.
 */
export const VAULT_ROLES: Readonly<Record<VaultGrantee, readonly string[]>> = {
  [VaultGrantee.ATLAS]: ['Key Vault Crypto User', 'Reader'],
  [VaultGrantee.DEPLOYER]: ['Key Vault Crypto Officer'],
};

/** Construct-id fragment for a role name: `Key Vault Crypto User` -> `KeyVaultCryptoUser`. */
function roleId(role: string): string {
  return role.replace(/[^A-Za-z0-9]/g, '');
}

/**
 * Assigns every role of `grantee` to `principalId` on `vaultId`. Construct ids are
 * `<Grantee><Role>` (e.g. `AtlasKeyVaultCryptoUser`), so they are stable and readable.
 */
export function grantVaultRoles(
  scope: Construct,
  grantee: VaultGrantee,
  vaultId: string,
  principalId: string,
  principalType: 'ServicePrincipal' | 'User' | undefined,
  preventDestroy = false,
): RoleAssignment[] {
  const { RoleAssignment } = azurerm.roleAssignment();
  return VAULT_ROLES[grantee].map(
    (role) =>
      new RoleAssignment(scope, `${grantee}${roleId(role)}`, {
        scope: vaultId,
        roleDefinitionName: role,
        principalId,
        principalType,
        description: `${role} on the Key Vault for MongoDB Atlas encryption at rest (${grantee.toLowerCase()})`,
        ...(preventDestroy ? { lifecycle: { preventDestroy } } : {}),
      }),
  );
}
