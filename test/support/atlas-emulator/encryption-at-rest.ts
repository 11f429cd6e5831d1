/** `GET|PATCH /groups/{groupId}/encryptionAtRest`: the project's customer-key configuration per provider. */
import type {
  AwsKmsWire,
  AzureKeyVaultWire,
  EncryptionAtRestWire,
  GoogleCloudKmsWire,
} from '../../../lib/core/atlas/wire';
import { HEX24, type EmulatedProvider, type Env } from './common';
import { AtlasHttpError, badRequest, invalidAttribute } from './errors';
import type { ProjectState } from './project';

/** Stored AWS block (write-only fields kept, never returned). */
type StoredAws = AwsKmsWire & { accessKeyID?: string; secretAccessKey?: string };

/** The project's EAR as stored, including write-only fields. */
export interface StoredEncryptionAtRest {
  awsKms: StoredAws;
  azureKeyVault: AzureKeyVaultWire;
  googleCloudKms: GoogleCloudKmsWire;
  enabledForSearchNodes: boolean;
}

type BlockName = 'awsKms' | 'azureKeyVault' | 'googleCloudKms';

// The emulator keeps its own copy of Atlas's provider block names on purpose: it stands in for Atlas.
const BLOCKS: ReadonlyArray<readonly [EmulatedProvider, BlockName]> = [
  ['AWS', 'awsKms'],
  ['AZURE', 'azureKeyVault'],
  ['GCP', 'googleCloudKms'],
];

/** Encryption at rest of one project. */
export class EncryptionAtRest {
  /** EAR as stored, including write-only fields. */
  public readonly stored: StoredEncryptionAtRest = {
    awsKms: { enabled: false },
    azureKeyVault: { enabled: false },
    googleCloudKms: { enabled: false },
    enabledForSearchNodes: false,
  };
  /** Providers forced invalid by a test, whatever the key status. */
  public readonly forcedInvalid = new Set<EmulatedProvider>();

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /** Marks a provider's key configuration invalid (or clears it with `false`), e.g. to model a revoked grant. */
  public setInvalid(provider: EmulatedProvider, invalid = true): void {
    if (invalid) this.forcedInvalid.add(provider);
    else this.forcedInvalid.delete(provider);
  }

  /** The key reference of a provider's current configuration, if enabled. */
  public keyRef(provider: EmulatedProvider): string | undefined {
    const e = this.stored;
    if (provider === 'AWS') return e.awsKms.enabled ? e.awsKms.customerMasterKeyID : undefined;
    if (provider === 'AZURE') return e.azureKeyVault.enabled ? e.azureKeyVault.keyIdentifier : undefined;
    return e.googleCloudKms.enabled ? e.googleCloudKms.keyVersionResourceID : undefined;
  }

  /** Whether an enabled block references the role (it then shows ENCRYPTION_AT_REST in featureUsages). */
  public usesRole(id: string): boolean {
    return BLOCKS.some(([, key]) => this.stored[key].enabled === true && this.stored[key].roleId === id);
  }

  /** Whether a provider's configuration is usable (`valid` in GET). */
  public isValid(provider: EmulatedProvider): boolean {
    if (this.forcedInvalid.has(provider)) return false;
    const roles = this.project.family.cloudProviderAccess.roles;
    if (provider === 'AWS') {
      const b = this.stored.awsKms;
      const role = b.roleId ? roles.get(b.roleId) : undefined;
      return !!(
        b.enabled &&
        b.customerMasterKeyID &&
        b.region &&
        role?.providerName === 'AWS' &&
        role.authorizedDate &&
        this.env.keyStatus(b.customerMasterKeyID) === 'ENABLED'
      );
    }
    if (provider === 'AZURE') {
      const b = this.stored.azureKeyVault;
      const role = b.roleId ? roles.get(b.roleId) : undefined;
      const roleOk = role?.providerName === 'AZURE' && !!role.authorizedDate;
      const staticOk = !!(b.clientID && b.tenantID && b.secret);
      return !!(
        b.enabled &&
        b.keyIdentifier &&
        b.keyVaultName &&
        b.subscriptionID &&
        b.resourceGroupName &&
        b.azureEnvironment &&
        (roleOk || staticOk) &&
        this.env.keyStatus(b.keyIdentifier) === 'ENABLED'
      );
    }
    const b = this.stored.googleCloudKms;
    const role = b.roleId ? roles.get(b.roleId) : undefined;
    const roleOk = role?.providerName === 'GCP' && role.gcpReadyAt === undefined;
    return !!(
      b.enabled &&
      b.keyVersionResourceID &&
      (roleOk || b.serviceAccountKey) &&
      this.env.keyStatus(b.keyVersionResourceID) === 'ENABLED'
    );
  }

  /** Whether the provider is enabled and valid (what cluster writes need). */
  public isUsable(provider: EmulatedProvider): boolean {
    return this.blockOf(provider).enabled === true && this.isValid(provider);
  }

  private blockOf(p: EmulatedProvider): { enabled?: boolean } {
    return this.stored[(BLOCKS.find(([q]) => q === p) as (typeof BLOCKS)[number])[1]];
  }

  /**
   * GET/PATCH view: every block, secrets removed, `valid` computed. `roleId` is returned although the spec marks
   * it writeOnly: terraform-provider-mongodbatlas reads it back (internal/service/encryptionatrest/model.go,
   * `awsKms.GetRoleId()`), and its AWS import test (resource_test.go, TestAccEncryptionAtRest_basicAWS) verifies
   * role_id with no ImportStateVerifyIgnore, while it ignores Azure `secret` and GCP `serviceAccountKey` as
   * "a sensitive value not returned by the API".
   */
  public view(): EncryptionAtRestWire {
    const { secretAccessKey: _s, ...aws } = this.stored.awsKms;
    const { secret: _a, ...azure } = this.stored.azureKeyVault;
    const { serviceAccountKey: _g, ...gcp } = this.stored.googleCloudKms;
    return {
      awsKms: { ...aws, enabled: !!aws.enabled, valid: this.isValid('AWS') },
      azureKeyVault: { ...azure, enabled: !!azure.enabled, valid: this.isValid('AZURE') },
      googleCloudKms: { ...gcp, enabled: !!gcp.enabled, valid: this.isValid('GCP') },
      enabledForSearchNodes: this.stored.enabledForSearchNodes,
    };
  }

  /**
   * `PATCH /encryptionAtRest` (updateGroupEncryptionAtRest): validates every block sent, then merges only those
   * blocks. Spec: "If you enabled Encryption at Rest using Customer Key Management, administrators can pass only
   * the changed fields"; passing only `enabled: false` disables the provider and removes its configuration.
   */
  public patch(body: Record<string, unknown>): EncryptionAtRestWire {
    this.project.consumeIamFailure([]);
    const apply: Array<() => void> = [];
    for (const [provider, key] of BLOCKS) {
      const sent = body[key];
      if (sent === undefined) continue;
      if (typeof sent !== 'object' || sent === null)
        throw badRequest(
          'INVALID_JSON_ATTRIBUTE',
          `Received JSON for the ${key} attribute does not match expected format.`,
          [key],
        );
      const b = sent as Record<string, unknown>;
      const stored = this.stored[key] as Record<string, unknown>;
      const keyUnhealthy =
        stored.enabled === true &&
        (this.forcedInvalid.has(provider) || this.env.keyStatus(this.keyRef(provider)) !== 'ENABLED');
      // ENCRYPTION_AT_REST_SETTINGS_INVALID (400): "You cannot change your encryption key until access to your
      // current encryption key has been restored." (error-code list).
      if (keyUnhealthy) {
        throw new AtlasHttpError(
          400,
          'ENCRYPTION_AT_REST_SETTINGS_INVALID',
          `Atlas is unable to access your ${provider} encryption key. You cannot change your encryption key until access to your current encryption key has been restored.`,
        );
      }
      const endpoints =
        provider === 'GCP' ? [] : this.project.family.privateEndpoints.of(provider).map((e) => e.regionName);
      // CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS (400) and
      // CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST (400, the regions as
      // parameters): terraform-provider-mongodbatlas acceptance-test reports (TestAccEncryptionAtRestPrivateEndpoint_AWS_basic
      // 2026-04, TestMigEncryptionAtRestPrivateEndpoint_AWS_basic 2025-07). Endpoints still DELETING count (unverified).
      if (b.enabled === false && endpoints.length > 0) {
        throw new AtlasHttpError(
          400,
          'CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
          'Encryption at Rest cannot be disabled when private endpoints are present.',
        );
      }
      if (b.requirePrivateNetworking === false && stored.requirePrivateNetworking === true && endpoints.length > 0) {
        const regions = [...new Set(endpoints)];
        throw new AtlasHttpError(
          400,
          'CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST',
          `Cannot disable requirePrivateNetworking field when there are private endpoints. Remove private endpoints in region(s) ${regions.join(', ')} to disable requirePrivateNetworking.`,
          regions,
        );
      }
      if (b.enabled === false) {
        const users = this.project.family.clusters.namesUsing(provider);
        // CANNOT_DISABLE_ENCRYPTION_AT_REST (409): still enabled on one or more clusters (error-code list).
        if (users.length > 0) {
          throw new AtlasHttpError(
            409,
            'CANNOT_DISABLE_ENCRYPTION_AT_REST',
            `Cannot disable encryption at rest for ${provider} while clusters use it: ${users.join(', ')}.`,
            users,
          );
        }
        // CANNOT_DISABLE_ENCRYPTION_AT_REST_WITH_BACKUP_COMPLIANCE_POLICY (400, error-code list).
        if (this.project.family.backupCompliancePolicy.policy?.encryptionAtRestEnabled) {
          throw new AtlasHttpError(
            400,
            'CANNOT_DISABLE_ENCRYPTION_AT_REST_WITH_BACKUP_COMPLIANCE_POLICY',
            'Encryption at rest cannot be disabled while the Backup Compliance Policy requires it.',
          );
        }
        apply.push(() => {
          (this.stored as unknown as Record<string, unknown>)[key] = { enabled: false };
        });
        continue;
      }
      const merged = stored.enabled === true ? { ...stored, ...b } : { ...b };
      this.validateBlock(provider, merged);
      const firstEnable = stored.enabled !== true && merged.enabled === true;
      apply.push(() => {
        const { valid: _v, ...rest } = merged;
        (this.stored as unknown as Record<string, unknown>)[key] = rest;
        if (firstEnable) this.project.family.alertConfigs.scheduleRotationAlert(provider);
      });
    }
    if (typeof body.enabledForSearchNodes === 'boolean') {
      const v = body.enabledForSearchNodes;
      apply.push(() => {
        this.stored.enabledForSearchNodes = v;
      });
    }
    for (const f of apply) f();
    return this.view();
  }

  private validateBlock(provider: EmulatedProvider, b: Record<string, unknown>): void {
    const str = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
    const role = str('roleId') ? this.project.family.cloudProviderAccess.roles.get(str('roleId') as string) : undefined;
    // Spec: roleId pattern ^([a-f0-9]{24})$.
    if (str('roleId') && !HEX24.test(str('roleId') as string)) throw invalidAttribute('roleId');
    // Unverified: the error code for a role id that names no role of this provider.
    if (str('roleId') && (!role || role.providerName !== provider)) {
      throw new AtlasHttpError(
        400,
        'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND',
        `No ${provider} cloud provider access role with ID ${str('roleId')}.`,
        [str('roleId')],
      );
    }
    if (b.enabled !== true) return;
    if (provider === 'AWS') {
      // Unverified: Atlas's answer to the deprecated static AWS credentials (the handler never sends them).
      if (str('accessKeyID') || str('secretAccessKey')) {
        throw new AtlasHttpError(
          400,
          'AWS_KMS_CREDENTIALS_AUTH_DEPRECATED',
          'AWS KMS access keys are no longer supported; use roleId.',
        );
      }
      requireAuthorized(role);
      // AWS_CUSTOMER_MASTER_KEY_NOT_FOUND (404), AWS_KMS_CUSTOMER_MASTER_KEY_NOT_ENABLED (400): error-code list.
      const status = this.env.keyStatus(str('customerMasterKeyID'));
      if (status === 'DELETED')
        throw new AtlasHttpError(
          404,
          'AWS_CUSTOMER_MASTER_KEY_NOT_FOUND',
          'The AWS customer master key was not found.',
        );
      if (status === 'DISABLED')
        throw new AtlasHttpError(
          400,
          'AWS_KMS_CUSTOMER_MASTER_KEY_NOT_ENABLED',
          'The AWS customer master key is not enabled.',
        );
    } else if (provider === 'AZURE') {
      // AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT, _KEY_NOT_FOUND, _KEY_NOT_ENABLED (all 400): error-code list.
      const kid = str('keyIdentifier');
      if (kid !== undefined && !/^https:\/\/[^/]+\/keys\/[^/]+(\/[^/]+)?$/.test(kid)) {
        throw new AtlasHttpError(
          400,
          'AZURE_KEY_VAULT_KEY_IDENTIFIER_INVALID_FORMAT',
          'The Azure Key Vault key identifier has an invalid format.',
        );
      }
      requireAuthorized(role);
      const status = this.env.keyStatus(kid);
      if (status === 'DELETED')
        throw new AtlasHttpError(400, 'AZURE_KEY_VAULT_KEY_NOT_FOUND', 'The Azure Key Vault key was not found.');
      if (status === 'DISABLED')
        throw new AtlasHttpError(400, 'AZURE_KEY_VAULT_KEY_NOT_ENABLED', 'The Azure Key Vault key is not enabled.');
    } else {
      // INVALID_GOOGLE_CLOUD_CREDENTIALS (400, error-code list) for a service account still IN_PROGRESS (unverified).
      if (role && role.gcpReadyAt !== undefined) {
        throw new AtlasHttpError(
          400,
          'INVALID_GOOGLE_CLOUD_CREDENTIALS',
          'The Google Cloud service account is not ready.',
        );
      }
      // GOOGLE_CLOUD_KMS_KEY_VERSION_DESTROYED / _DISABLED (400): error-code list.
      const status = this.env.keyStatus(str('keyVersionResourceID'));
      if (status === 'DELETED')
        throw new AtlasHttpError(
          400,
          'GOOGLE_CLOUD_KMS_KEY_VERSION_DESTROYED',
          'The Google Cloud KMS key version was destroyed.',
        );
      if (status === 'DISABLED')
        throw new AtlasHttpError(
          400,
          'GOOGLE_CLOUD_KMS_KEY_VERSION_DISABLED',
          'The Google Cloud KMS key version is disabled.',
        );
    }
  }
}

/**
 * Atlas refuses an EAR configuration whose cloud-provider-access role (AWS, Azure) is not authorized yet: the role
 * must be authorized before use (https://www.mongodb.com/docs/atlas/security/set-up-unified-aws-access/); the
 * error code is unverified.
 */
function requireAuthorized(role: { id: string; authorizedDate?: string } | undefined): void {
  if (role && !role.authorizedDate) {
    throw new AtlasHttpError(
      400,
      'CLOUD_PROVIDER_ACCESS_ROLE_NOT_AUTHORIZED',
      `Cloud provider access role ${role.id} is not authorized.`,
      [role.id],
    );
  }
}
