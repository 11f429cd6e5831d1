/**
 * Azure Key Vault rules: key identifier (SYN-AZ-1), ids and names (SYN-AZ-2), identity mode (SYN-AZ-3).
 */
import { AzureEnvironment } from '../model/enums';
import { AzureKeyVaultKeyConfig } from '../model/key-configs';
import { ATLAS_ROLE_ID } from './aws-kms';
import { RuleReporter } from './rule';

const SUBJECT = 'project encryption azureKeyVault';
/** An Entra (Azure AD) id: tenant, subscription, application (client) or object id. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Key Vault DNS suffix per Azure environment. */
export const KEY_VAULT_DNS_SUFFIX: Readonly<Record<AzureEnvironment, string>> = {
  [AzureEnvironment.AZURE]: 'vault.azure.net',
  [AzureEnvironment.AZURE_CHINA]: 'vault.azure.cn',
  [AzureEnvironment.AZURE_US_GOVERNMENT]: 'vault.usgovcloudapi.net',
};
/** `https://<vault>.<suffix>/keys/<name>[/<version>]`. */
const KEY_URL = /^https:\/\/([^./]+)\.([a-z0-9.-]+)\/keys\/([^/]+)(?:\/([^/]*))?\/?$/i;
const VAULT_NAME = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/i;
const KEY_NAME = /^[a-z0-9-]{1,127}$/i;
const KEY_VERSION = /^[0-9a-f]{32}$/i;
/** Maximum lifetime of a client secret Azure allows, and the library accepts. */
export const MAX_CLIENT_SECRET_DAYS = 730;

/** SYN-AZ-1..3 on one Azure configuration. `now` is injected so the rule stays pure. */
export function checkAzureKeyVault(config: AzureKeyVaultKeyConfig, r: RuleReporter, now: Date = new Date()): void {
  const s = SUBJECT;
  const envs = Object.values(AzureEnvironment) as string[];
  let suffix: string | undefined;
  if (!r.deferIfUnresolved('SYN-AZ-2', s, 'azureEnvironment', config.azureEnvironment)) {
    if (typeof config.azureEnvironment !== 'string' || !envs.includes(config.azureEnvironment)) {
      r.report(
        'SYN-AZ-2',
        s,
        'azureEnvironment',
        config.azureEnvironment,
        'unknown Azure environment',
        envs.join(', '),
      );
    } else {
      suffix = KEY_VAULT_DNS_SUFFIX[config.azureEnvironment as AzureEnvironment];
    }
  }
  for (const field of ['tenantId', 'subscriptionId'] as const) {
    const v = config[field];
    if (r.deferIfUnresolved('SYN-AZ-2', s, field, v)) continue;
    if (typeof v !== 'string' || !UUID.test(v))
      r.report('SYN-AZ-2', s, field, v, 'not a UUID', 'a UUID such as 00000000-0000-0000-0000-000000000000');
  }
  if (!r.deferIfUnresolved('SYN-AZ-2', s, 'keyVaultName', config.keyVaultName)) {
    if (typeof config.keyVaultName !== 'string' || !VAULT_NAME.test(config.keyVaultName)) {
      r.report(
        'SYN-AZ-2',
        s,
        'keyVaultName',
        config.keyVaultName,
        'not a Key Vault name',
        '3-24 letters, digits and hyphens, starting with a letter and ending with a letter or digit',
      );
    }
  }
  if (!r.deferIfUnresolved('SYN-AZ-2', s, 'resourceGroupName', config.resourceGroupName)) {
    if (
      typeof config.resourceGroupName !== 'string' ||
      config.resourceGroupName.trim().length === 0 ||
      config.resourceGroupName.length > 90
    ) {
      r.report(
        'SYN-AZ-2',
        s,
        'resourceGroupName',
        config.resourceGroupName,
        'a resource group name is required',
        '1-90 characters',
      );
    }
  }

  const id = config.keyIdentifier;
  if (!r.deferIfUnresolved('SYN-AZ-1', s, 'keyIdentifier', id)) {
    const m = typeof id === 'string' ? KEY_URL.exec(id) : null;
    const shape = 'https://<vault>.<suffix>/keys/<key name>/<32-hex version>';
    if (!m) {
      r.report(
        'SYN-AZ-1',
        s,
        'keyIdentifier',
        id,
        'not a Key Vault key URL (use the key id, not the ARM resource id)',
        shape,
      );
    } else {
      const [, vault, host, keyName, version] = m;
      if (host.toLowerCase().endsWith('managedhsm.azure.net')) {
        r.report(
          'SYN-AZ-1',
          s,
          'keyIdentifier',
          id,
          'Managed HSM keys are not documented for Atlas',
          `a Key Vault key URL (${shape})`,
        );
      } else if (suffix && host.toLowerCase() !== suffix) {
        r.report(
          'SYN-AZ-1',
          s,
          'keyIdentifier',
          id,
          `host ${vault}.${host} does not fit azureEnvironment ${config.azureEnvironment}`,
          `a URL on *.${suffix}`,
        );
      } else if (!suffix && !Object.values(KEY_VAULT_DNS_SUFFIX).includes(host.toLowerCase())) {
        r.report(
          'SYN-AZ-1',
          s,
          'keyIdentifier',
          id,
          `${host} is not a Key Vault host`,
          Object.values(KEY_VAULT_DNS_SUFFIX).join(', '),
        );
      }
      if (
        typeof config.keyVaultName === 'string' &&
        !r.isUnresolved(config.keyVaultName) &&
        vault.toLowerCase() !== config.keyVaultName.toLowerCase()
      ) {
        r.report(
          'SYN-AZ-1',
          s,
          'keyIdentifier',
          id,
          `the key lives in vault ${vault}, not in keyVaultName ${config.keyVaultName}`,
          `a key in vault ${config.keyVaultName}`,
        );
      }
      if (!KEY_NAME.test(keyName)) {
        r.report(
          'SYN-AZ-1',
          s,
          'keyIdentifier',
          id,
          `key name ${keyName} is not valid`,
          '1-127 letters, digits and hyphens',
        );
      }
      // A versionless URL is accepted: since February 2026 Atlas resolves it to the latest enabled key version
      // (Atlas changelog), so a rotation policy's new version needs no redeploy.
      if (version !== undefined && version !== '' && !KEY_VERSION.test(version)) {
        r.report('SYN-AZ-1', s, 'keyIdentifier', id, `key version ${version} is not 32 hexadecimal digits`, shape);
      }
    }
  }

  const hasRole = config.roleId !== undefined;
  const hasStatic = config.clientId !== undefined || config.hasClientSecret === true;
  if (hasRole && hasStatic) {
    r.report(
      'SYN-AZ-3',
      s,
      'roleId',
      config.roleId,
      'both a secretless role id and a client id/secret are configured',
      'exactly one identity: roleId (secretless) or clientId + client secret',
    );
  } else if (!hasRole && !hasStatic) {
    r.report(
      'SYN-AZ-3',
      s,
      'clientId',
      undefined,
      'no identity for Atlas to reach the vault',
      'roleId (secretless) or clientId + client secret',
    );
  } else if (hasRole) {
    if (
      !r.deferIfUnresolved('SYN-AZ-3', s, 'roleId', config.roleId) &&
      (typeof config.roleId !== 'string' || !ATLAS_ROLE_ID.test(config.roleId))
    ) {
      r.report(
        'SYN-AZ-3',
        s,
        'roleId',
        config.roleId,
        'not an Atlas cloud-provider-access id',
        '24 hexadecimal digits (the Atlas _id)',
      );
    }
  } else {
    if (!r.deferIfUnresolved('SYN-AZ-2', s, 'clientId', config.clientId)) {
      if (typeof config.clientId !== 'string' || !UUID.test(config.clientId)) {
        r.report('SYN-AZ-2', s, 'clientId', config.clientId, 'not a UUID', 'the application (client) id, a UUID');
      }
    }
    if (config.hasClientSecret !== true) {
      r.report(
        'SYN-AZ-3',
        s,
        'clientSecret',
        undefined,
        'a static identity needs a client secret reference',
        'a secret reference (never a literal)',
      );
    } else if (config.clientSecretExpiresAt === undefined || r.isUnresolved(config.clientSecretExpiresAt)) {
      r.report(
        'SYN-AZ-4',
        s,
        'clientSecretExpiresAt',
        config.clientSecretExpiresAt,
        'the client secret expiry is unknown; when it lapses Atlas loses the key and clusters become unavailable',
        'an expiry date (at most two years) so that rotation can be planned',
      );
    } else {
      const expires = typeof config.clientSecretExpiresAt === 'string' ? Date.parse(config.clientSecretExpiresAt) : NaN;
      const days = (expires - now.getTime()) / 86_400_000;
      if (Number.isNaN(expires)) {
        r.report(
          'SYN-AZ-3',
          s,
          'clientSecretExpiresAt',
          config.clientSecretExpiresAt,
          'not a date',
          'an ISO 8601 date',
        );
      } else if (days <= 0) {
        r.report(
          'SYN-AZ-3',
          s,
          'clientSecretExpiresAt',
          config.clientSecretExpiresAt,
          'the client secret has expired',
          'a future date',
        );
      } else if (days > MAX_CLIENT_SECRET_DAYS + 1) {
        r.report(
          'SYN-AZ-3',
          s,
          'clientSecretExpiresAt',
          config.clientSecretExpiresAt,
          'Azure caps client secrets at two years',
          'a date at most two years ahead',
        );
      }
    }
  }
}

/** The ids of an Atlas Azure cloud-provider-access role (the service principal of Atlas's app in the tenant). */
export interface AzureServicePrincipalIds {
  readonly servicePrincipalId: unknown;
  readonly tenantId: unknown;
  /** Optional: Atlas derives it when absent (spec CloudProviderAccessAzureServicePrincipal). */
  readonly atlasAzureAppId?: unknown;
}

/**
 * SYN-AZ-2 on the ids of an Atlas Azure role: each a UUID (the spec declares them `format: uuid`), so a typo fails at
 * synth instead of after Atlas stored the role.
 * @param props the prop name of each id as the user wrote it in the engine
 */
export function checkAzureServicePrincipal(
  subject: string,
  ids: AzureServicePrincipalIds,
  r: RuleReporter,
  props: Readonly<Record<keyof AzureServicePrincipalIds, string>> = {
    servicePrincipalId: 'servicePrincipalId',
    tenantId: 'tenantId',
    atlasAzureAppId: 'atlasAzureAppId',
  },
): void {
  const what: Record<keyof AzureServicePrincipalIds, string> = {
    servicePrincipalId: "the object id of the service principal of Atlas's application in your tenant, a UUID",
    tenantId: 'the Entra ID tenant id, a UUID',
    atlasAzureAppId: "the application id of Atlas's Azure application, a UUID",
  };
  for (const k of ['servicePrincipalId', 'tenantId', 'atlasAzureAppId'] as const) {
    const v = ids[k];
    if (k === 'atlasAzureAppId' && v === undefined) continue;
    if (r.deferIfUnresolved('SYN-AZ-2', subject, props[k], v)) continue;
    if (typeof v !== 'string' || !UUID.test(v)) r.report('SYN-AZ-2', subject, props[k], v, 'not a UUID', what[k]);
  }
}
