/**
 * In-memory Atlas state: projects with encryption at rest, cloud-provider-access roles, clusters,
 * snapshots, restore jobs, alert configurations and a Backup Compliance Policy. Handlers mutate it
 * through the server; tests seed and inspect it directly. Time comes from an injectable clock and
 * lifecycle transitions are applied lazily, so there are no timers to leak.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  AlertConfigWire,
  AwsKmsWire,
  AzureKeyVaultWire,
  BackupCompliancePolicyWire,
  CloudProviderAccessRoleWire,
  ClusterWire,
  EncryptionAtRestWire,
  GoogleCloudKmsWire,
  RestoreJobWire,
  SnapshotWire,
} from '../../../lib/core/atlas/wire';
import { AtlasHttpError } from './errors';

/** A key provider of a project. */
export type EmulatedProvider = 'AWS' | 'AZURE' | 'GCP';

/** Status of a customer key, set by tests (`state.setKeyStatus`). */
export type EmulatedKeyStatus = 'ENABLED' | 'DISABLED' | 'DELETED';

/** Lifecycle timings in milliseconds of the emulator clock. */
export interface EmulatorDurations {
  /** CREATING → IDLE. @default 0 (the next read sees IDLE) */
  readonly clusterCreateMs?: number;
  /** UPDATING → IDLE. @default 0 */
  readonly clusterUpdateMs?: number;
  /** DELETING → gone. @default 0 */
  readonly clusterDeleteMs?: number;
  /** GCP role IN_PROGRESS → COMPLETE. @default 0 */
  readonly gcpRoleMs?: number;
  /** Restore job → finishedAt. @default 0 */
  readonly restoreMs?: number;
}

/** Atlas's shared AWS principal (not secret; the same for every customer). */
export const ATLAS_AWS_ACCOUNT_ARN = 'arn:aws:iam::536727724300:root';
const HEX24 = /^[a-f0-9]{24}$/;
const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
const SMALL_SIZES = new Set(['M0', 'M2', 'M5', 'FLEX']);
const ROTATION_EVENT = (p: EmulatedProvider): string => `${p}_ENCRYPTION_KEY_NEEDS_ROTATION`;

/** A new 24-hex Atlas id. */
export function newId(): string {
  return randomBytes(12).toString('hex');
}

/** Stored AWS block (write-only fields kept, never returned). */
type StoredAws = AwsKmsWire & { accessKeyID?: string; secretAccessKey?: string };

/** A cloud-provider-access role as stored. */
export interface RoleRecord {
  readonly id: string;
  readonly providerName: EmulatedProvider;
  readonly createdDate: string;
  atlasAWSAccountArn?: string;
  atlasAssumedRoleExternalId?: string;
  iamAssumedRoleArn?: string;
  authorizedDate?: string;
  atlasAzureAppId?: string;
  servicePrincipalId?: string;
  tenantId?: string;
  gcpServiceAccountForAtlas?: string;
  gcpReadyAt?: number;
}

/** A cluster as stored. */
export interface ClusterRecord {
  wire: ClusterWire & { groupId: string; createDate: string };
  stateName: 'IDLE' | 'CREATING' | 'UPDATING' | 'DELETING' | 'REPAIRING';
  /** When the current transition completes (emulator clock). */
  until?: number;
  retainBackups?: boolean;
}

/** A snapshot as stored: the wire shape plus the key it was taken with. */
export interface SnapshotRecord {
  readonly wire: SnapshotWire;
  readonly clusterName: string;
  /** Cluster provider at snapshot time. */
  readonly provider: EmulatedProvider | 'NONE';
  /** Key reference in effect (AWS key id/ARN, Azure key URL, GCP key version), if encrypted. */
  readonly keyRef?: string;
}

/** A restore job as stored. */
export interface RestoreJobRecord {
  wire: RestoreJobWire & { clusterName: string };
  finishAt: number;
  failOnFinish: boolean;
}

/** Shared emulator context a project needs. */
interface Env {
  now(): number;
  durations: Required<EmulatorDurations>;
  keyStatus(ref: string | undefined): EmulatedKeyStatus;
  project(groupId: string): ProjectState;
}

/** One Atlas project. */
export class ProjectState {
  /** EAR as stored, including write-only fields. */
  public readonly ear: {
    awsKms: StoredAws;
    azureKeyVault: AzureKeyVaultWire;
    googleCloudKms: GoogleCloudKmsWire;
    enabledForSearchNodes: boolean;
  } = {
    awsKms: { enabled: false },
    azureKeyVault: { enabled: false },
    googleCloudKms: { enabled: false },
    enabledForSearchNodes: false,
  };
  /** Cloud-provider-access roles by id. */
  public readonly roles = new Map<string, RoleRecord>();
  /** Live clusters by name. */
  public readonly clusters = new Map<string, ClusterRecord>();
  /** Deleted clusters whose backups were retained. */
  public readonly deletedClusters: ClusterRecord[] = [];
  /** Snapshots, newest last. */
  public readonly snapshots: SnapshotRecord[] = [];
  /** Restore jobs. */
  public readonly restoreJobs: RestoreJobRecord[] = [];
  /** Alert configurations. */
  public readonly alertConfigs: Array<
    AlertConfigWire & { id: string; groupId: string; created: string; updated: string }
  > = [];
  /** Backup Compliance Policy; undefined = none (GET answers 404). */
  public backupCompliancePolicy?: BackupCompliancePolicyWire & Record<string, unknown>;
  /** Next n EAR PATCH / CPA authorize calls fail with CANNOT_ASSUME_ROLE. */
  public iamFailuresRemaining = 0;
  /** Providers forced invalid by a test, whatever the key status. */
  public readonly forcedInvalid = new Set<EmulatedProvider>();

  public constructor(
    public readonly groupId: string,
    private readonly env: Env,
  ) {}

  private iso(): string {
    return new Date(this.env.now()).toISOString();
  }

  // ------------------------------------------------------------------ test hooks

  /** Marks a provider's key configuration invalid (or clears it with `false`), e.g. to model a revoked grant. */
  public setInvalid(provider: EmulatedProvider, invalid = true): void {
    if (invalid) this.forcedInvalid.add(provider);
    else this.forcedInvalid.delete(provider);
  }

  /** The key reference of a provider's current configuration, if enabled. */
  public keyRef(provider: EmulatedProvider): string | undefined {
    if (provider === 'AWS') return this.ear.awsKms.enabled ? this.ear.awsKms.customerMasterKeyID : undefined;
    if (provider === 'AZURE') return this.ear.azureKeyVault.enabled ? this.ear.azureKeyVault.keyIdentifier : undefined;
    return this.ear.googleCloudKms.enabled ? this.ear.googleCloudKms.keyVersionResourceID : undefined;
  }

  /** Seeds a cluster directly (IDLE), bypassing validation. */
  public seedCluster(wire: ClusterWire): ClusterWire {
    const rec: ClusterRecord = {
      wire: { ...defaults(wire), ...wire, id: wire.id ?? newId(), groupId: this.groupId, createDate: this.iso() },
      stateName: 'IDLE',
    };
    this.clusters.set(wire.name, rec);
    return this.clusterView(rec);
  }

  /** Seeds an authorized AWS role and returns its id. */
  public seedAuthorizedAwsRole(iamAssumedRoleArn = 'arn:aws:iam::111122223333:role/atlas-kms'): string {
    const role = this.createRole({ providerName: 'AWS' });
    const rec = this.roles.get(role.roleId as string) as RoleRecord;
    rec.iamAssumedRoleArn = iamAssumedRoleArn;
    rec.authorizedDate = this.iso();
    return rec.id;
  }

  /** Takes a snapshot of a cluster now, recording the project key in effect for the cluster's provider. */
  public takeSnapshot(
    clusterName: string,
    options: { retentionDays?: number; frequencyType?: string; status?: string } = {},
  ): SnapshotWire {
    const cluster = this.clusters.get(clusterName) ?? this.deletedClusters.find((c) => c.wire.name === clusterName);
    if (!cluster) throw new Error(`emulator: no cluster ${clusterName} in ${this.groupId}`);
    const provider = (cluster.wire.encryptionAtRestProvider ?? 'NONE') as EmulatedProvider | 'NONE';
    const keyRef = provider === 'NONE' ? undefined : this.keyRef(provider);
    const created = this.env.now();
    const wire: SnapshotWire = {
      id: newId(),
      createdAt: new Date(created).toISOString(),
      expiresAt: new Date(created + (options.retentionDays ?? 7) * 86_400_000).toISOString(),
      status: options.status ?? 'completed',
      snapshotType: 'scheduled',
      frequencyType: options.frequencyType ?? 'daily',
      cloudProvider: cluster.wire.replicationSpecs?.[0]?.regionConfigs?.[0]?.providerName ?? 'AWS',
      mongodVersion: cluster.wire.mongoDBVersion,
      type: cluster.wire.clusterType === 'SHARDED' ? 'shardedCluster' : 'replicaSet',
      masterKeyUUID: keyRef ? masterKeyUuid(this.groupId, provider, keyRef) : undefined,
    };
    this.snapshots.push({ wire, clusterName, provider, keyRef });
    return { ...wire };
  }

  // ------------------------------------------------------------------ lifecycle

  /** Applies every transition whose time has come. */
  public advance(force = false): void {
    const now = this.env.now();
    for (const [name, c] of [...this.clusters]) {
      if (c.until === undefined || (!force && c.until > now)) continue;
      c.until = undefined;
      if (c.stateName === 'DELETING') {
        this.clusters.delete(name);
        if (c.retainBackups) this.deletedClusters.push(c);
        else this.snapshots.splice(0, this.snapshots.length, ...this.snapshots.filter((s) => s.clusterName !== name));
      } else {
        c.stateName = 'IDLE';
      }
    }
    for (const r of this.roles.values()) {
      if (r.gcpReadyAt !== undefined && (force || r.gcpReadyAt <= now)) r.gcpReadyAt = undefined;
    }
    for (const j of this.restoreJobs) {
      if (j.wire.finishedAt === undefined && !j.wire.failed && (force || j.finishAt <= now)) {
        if (j.failOnFinish) j.wire.failed = true;
        else j.wire.finishedAt = new Date(Math.max(now, j.finishAt)).toISOString();
      }
    }
  }

  // ------------------------------------------------------------------ encryption at rest

  /** Whether a provider's configuration is usable (`valid` in GET). */
  public isValid(provider: EmulatedProvider): boolean {
    if (this.forcedInvalid.has(provider)) return false;
    if (provider === 'AWS') {
      const b = this.ear.awsKms;
      const role = b.roleId ? this.roles.get(b.roleId) : undefined;
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
      const b = this.ear.azureKeyVault;
      const role = b.roleId ? this.roles.get(b.roleId) : undefined;
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
    const b = this.ear.googleCloudKms;
    const role = b.roleId ? this.roles.get(b.roleId) : undefined;
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
    return p === 'AWS' ? this.ear.awsKms : p === 'AZURE' ? this.ear.azureKeyVault : this.ear.googleCloudKms;
  }

  /** GET view: every block, write-only fields removed, `valid` computed. */
  public earView(): EncryptionAtRestWire {
    const { secretAccessKey: _s, roleId: _r, ...aws } = this.ear.awsKms;
    const { secret: _a, ...azure } = this.ear.azureKeyVault;
    const { serviceAccountKey: _g, ...gcp } = this.ear.googleCloudKms;
    return {
      awsKms: { ...aws, enabled: !!aws.enabled, valid: this.isValid('AWS') },
      azureKeyVault: { ...azure, enabled: !!azure.enabled, valid: this.isValid('AZURE') },
      googleCloudKms: { ...gcp, enabled: !!gcp.enabled, valid: this.isValid('GCP') },
      enabledForSearchNodes: this.ear.enabledForSearchNodes,
    };
  }

  /** Providers enabled by this project's EAR. */
  private clustersUsing(provider: EmulatedProvider): string[] {
    return [...this.clusters.values()]
      .filter((c) => c.wire.encryptionAtRestProvider === provider)
      .map((c) => c.wire.name);
  }

  /** `PATCH /encryptionAtRest`: validates every block sent, then merges only those blocks. */
  public patchEar(body: Record<string, unknown>): EncryptionAtRestWire {
    if (this.iamFailuresRemaining > 0) {
      this.iamFailuresRemaining--;
      throw new AtlasHttpError(400, 'CANNOT_ASSUME_ROLE', 'MongoDB Cloud cannot assume the specified IAM role.', []);
    }
    const blocks: Array<[EmulatedProvider, 'awsKms' | 'azureKeyVault' | 'googleCloudKms']> = [
      ['AWS', 'awsKms'],
      ['AZURE', 'azureKeyVault'],
      ['GCP', 'googleCloudKms'],
    ];
    const apply: Array<() => void> = [];
    for (const [provider, key] of blocks) {
      const sent = body[key];
      if (sent === undefined) continue;
      if (typeof sent !== 'object' || sent === null)
        throw new AtlasHttpError(400, 'INVALID_JSON', `Invalid value for ${key}.`);
      const b = sent as Record<string, unknown>;
      const stored = this.ear[key] as Record<string, unknown>;
      const keyUnhealthy =
        stored.enabled === true &&
        (this.forcedInvalid.has(provider) || this.env.keyStatus(this.keyRef(provider)) !== 'ENABLED');
      if (keyUnhealthy) {
        throw new AtlasHttpError(
          400,
          'ENCRYPTION_AT_REST_SETTINGS_INVALID',
          `The ${provider} encryption at rest settings are invalid; restore key access first.`,
        );
      }
      if (b.enabled === false) {
        const users = this.clustersUsing(provider);
        if (users.length > 0) {
          throw new AtlasHttpError(
            409,
            'CANNOT_DISABLE_ENCRYPTION_AT_REST',
            `Cannot disable encryption at rest for ${provider} while clusters use it: ${users.join(', ')}.`,
            users,
          );
        }
        if (this.backupCompliancePolicy?.encryptionAtRestEnabled) {
          throw new AtlasHttpError(
            400,
            'CANNOT_DISABLE_ENCRYPTION_AT_REST_WITH_BACKUP_COMPLIANCE_POLICY',
            'Encryption at rest cannot be disabled while the Backup Compliance Policy requires it.',
          );
        }
        apply.push(() => {
          (this.ear as Record<string, unknown>)[key] = { enabled: false };
        });
        continue;
      }
      const merged = stored.enabled === true ? { ...stored, ...b } : { ...b };
      this.validateBlock(provider, merged);
      const firstEnable = stored.enabled !== true && merged.enabled === true;
      apply.push(() => {
        const { valid: _v, ...rest } = merged;
        (this.ear as Record<string, unknown>)[key] = rest;
        if (firstEnable) this.ensureRotationAlert(provider);
      });
    }
    if (typeof body.enabledForSearchNodes === 'boolean') {
      const v = body.enabledForSearchNodes;
      apply.push(() => {
        this.ear.enabledForSearchNodes = v;
      });
    }
    for (const f of apply) f();
    return this.earView();
  }

  private validateBlock(provider: EmulatedProvider, b: Record<string, unknown>): void {
    const str = (k: string): string | undefined => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
    const role = str('roleId') ? this.roles.get(str('roleId') as string) : undefined;
    if (str('roleId') && !HEX24.test(str('roleId') as string)) {
      throw new AtlasHttpError(400, 'INVALID_ATTRIBUTE', `Invalid attribute roleId specified.`, ['roleId']);
    }
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
      if (str('accessKeyID') || str('secretAccessKey')) {
        throw new AtlasHttpError(
          400,
          'AWS_KMS_CREDENTIALS_AUTH_DEPRECATED',
          'AWS KMS access keys are no longer supported; use roleId.',
        );
      }
      requireAuthorized(role);
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
      if (role && role.gcpReadyAt !== undefined) {
        throw new AtlasHttpError(
          400,
          'INVALID_GOOGLE_CLOUD_CREDENTIALS',
          'The Google Cloud service account is not ready.',
        );
      }
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

  private ensureRotationAlert(provider: EmulatedProvider): void {
    if (this.alertConfigs.some((a) => a.eventTypeName === ROTATION_EVENT(provider))) return;
    this.addAlertConfig({
      eventTypeName: ROTATION_EVENT(provider),
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: 90, units: 'DAYS' },
      notifications: [
        {
          typeName: 'GROUP',
          roles: ['GROUP_OWNER'],
          emailEnabled: true,
          smsEnabled: false,
          delayMin: 0,
          intervalMin: 1440,
        },
      ],
    });
  }

  // ------------------------------------------------------------------ cloud provider access

  /** Roles in use by an enabled EAR block carry ENCRYPTION_AT_REST in featureUsages. */
  private roleInUse(id: string): boolean {
    const e = this.ear;
    return (
      (e.awsKms.enabled === true && e.awsKms.roleId === id) ||
      (e.azureKeyVault.enabled === true && e.azureKeyVault.roleId === id) ||
      (e.googleCloudKms.enabled === true && e.googleCloudKms.roleId === id)
    );
  }

  /** Wire view of a role. */
  public roleView(r: RoleRecord): CloudProviderAccessRoleWire {
    const featureUsages = this.roleInUse(r.id)
      ? [{ featureType: 'ENCRYPTION_AT_REST', featureId: { groupId: this.groupId } }]
      : [];
    if (r.providerName === 'AWS') {
      return {
        providerName: 'AWS',
        roleId: r.id,
        atlasAWSAccountArn: r.atlasAWSAccountArn,
        atlasAssumedRoleExternalId: r.atlasAssumedRoleExternalId,
        createdDate: r.createdDate,
        featureUsages,
        ...(r.iamAssumedRoleArn ? { iamAssumedRoleArn: r.iamAssumedRoleArn } : {}),
        ...(r.authorizedDate ? { authorizedDate: r.authorizedDate } : {}),
      };
    }
    if (r.providerName === 'AZURE') {
      return {
        providerName: 'AZURE',
        _id: r.id,
        atlasAzureAppId: r.atlasAzureAppId,
        servicePrincipalId: r.servicePrincipalId,
        tenantId: r.tenantId,
        createdDate: r.createdDate,
        featureUsages,
        ...(r.authorizedDate ? { authorizedDate: r.authorizedDate } : {}),
      };
    }
    return {
      providerName: 'GCP',
      roleId: r.id,
      gcpServiceAccountForAtlas: r.gcpServiceAccountForAtlas,
      createdDate: r.createdDate,
      featureUsages,
      status: r.gcpReadyAt === undefined ? 'COMPLETE' : 'IN_PROGRESS',
    };
  }

  /** `POST /cloudProviderAccess`. */
  public createRole(body: Record<string, unknown>): CloudProviderAccessRoleWire {
    const provider = body.providerName;
    const id = newId();
    const createdDate = this.iso();
    let rec: RoleRecord;
    if (provider === 'AWS') {
      rec = {
        id,
        providerName: 'AWS',
        createdDate,
        atlasAWSAccountArn: ATLAS_AWS_ACCOUNT_ARN,
        atlasAssumedRoleExternalId: randomUUID(),
      };
    } else if (provider === 'AZURE') {
      for (const k of ['tenantId', 'servicePrincipalId']) {
        if (typeof body[k] !== 'string' || !body[k])
          throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', `The required attribute ${k} was not specified.`, [k]);
      }
      rec = {
        id,
        providerName: 'AZURE',
        createdDate,
        atlasAzureAppId:
          typeof body.atlasAzureAppId === 'string' ? body.atlasAzureAppId : '9f2deb0d-be22-4524-a403-df531868bac0',
        servicePrincipalId: body.servicePrincipalId as string,
        tenantId: body.tenantId as string,
      };
    } else if (provider === 'GCP') {
      rec = {
        id,
        providerName: 'GCP',
        createdDate,
        gcpServiceAccountForAtlas: `mongodb-atlas-${id.slice(0, 8)}@p-${this.groupId.slice(0, 12)}.iam.gserviceaccount.com`,
        gcpReadyAt: this.env.now() + this.env.durations.gcpRoleMs,
      };
    } else {
      throw new AtlasHttpError(400, 'INVALID_PROVIDER', `Invalid provider ${String(provider)}.`, [provider]);
    }
    this.roles.set(id, rec);
    return this.roleView(rec);
  }

  /** `GET /cloudProviderAccess/{roleId}`. */
  public getRole(roleId: string): RoleRecord {
    const r = this.roles.get(roleId);
    if (!r)
      throw new AtlasHttpError(
        404,
        'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND',
        `No cloud provider access role with ID ${roleId}.`,
        [roleId],
      );
    return r;
  }

  /** `PATCH /cloudProviderAccess/{roleId}` (authorize). */
  public authorizeRole(roleId: string, body: Record<string, unknown>): CloudProviderAccessRoleWire {
    const r = this.getRole(roleId);
    if (body.providerName !== r.providerName) {
      throw new AtlasHttpError(400, 'INVALID_PROVIDER', `Role ${roleId} is not a ${String(body.providerName)} role.`, [
        body.providerName,
      ]);
    }
    if (this.iamFailuresRemaining > 0) {
      this.iamFailuresRemaining--;
      throw new AtlasHttpError(400, 'CANNOT_ASSUME_ROLE', 'MongoDB Cloud cannot assume the specified IAM role.', [
        body.iamAssumedRoleArn,
      ]);
    }
    if (r.providerName === 'AWS') {
      const arn = body.iamAssumedRoleArn;
      if (typeof arn !== 'string' || !/^arn:aws(-us-gov|-cn)?:iam::\d{12}:role\/.+$/.test(arn)) {
        throw new AtlasHttpError(400, 'INVALID_IAM_ROLE_ARN', `Invalid IAM role ARN ${String(arn)}.`, [arn]);
      }
      r.iamAssumedRoleArn = arn;
    } else if (r.providerName === 'AZURE') {
      for (const k of ['atlasAzureAppId', 'servicePrincipalId', 'tenantId']) {
        if (typeof body[k] !== 'string')
          throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', `The required attribute ${k} was not specified.`, [k]);
      }
    } else {
      throw new AtlasHttpError(
        400,
        'CLOUD_PROVIDER_ACCESS_AUTHORIZATION_NOT_SUPPORTED',
        'GCP roles do not need authorization.',
      );
    }
    r.authorizedDate = this.iso();
    return this.roleView(r);
  }

  /** `DELETE /cloudProviderAccess/{provider}/{roleId}` (deauthorize). */
  public deauthorizeRole(provider: string, roleId: string): void {
    const r = this.getRole(roleId);
    if (r.providerName !== provider)
      throw new AtlasHttpError(404, 'CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND', `No ${provider} role with ID ${roleId}.`, [
        roleId,
      ]);
    if (this.roleInUse(roleId)) {
      throw new AtlasHttpError(
        409,
        'CLOUD_PROVIDER_ACCESS_ROLE_IN_USE',
        `Role ${roleId} is in use by encryption at rest.`,
        [roleId],
      );
    }
    this.roles.delete(roleId);
  }

  // ------------------------------------------------------------------ clusters

  /** Wire view of a cluster. */
  public clusterView(c: ClusterRecord): ClusterWire {
    return structuredClone({ ...c.wire, stateName: c.stateName });
  }

  private checkEar(provider: unknown, wire: ClusterWire): void {
    if (provider === undefined || provider === 'NONE') return;
    if (provider !== 'AWS' && provider !== 'AZURE' && provider !== 'GCP') {
      throw new AtlasHttpError(
        400,
        'INVALID_ENCRYPTION_AT_REST_PROVIDER',
        `Invalid encryption at rest provider ${String(provider)}.`,
        [provider],
      );
    }
    for (const spec of wire.replicationSpecs ?? []) {
      for (const rc of spec.regionConfigs ?? []) {
        if (rc.providerName === 'TENANT') {
          throw new AtlasHttpError(
            400,
            'CANNOT_USE_ENCRYPTION_AT_REST_TENANT',
            'Encryption at rest is not available on shared-tier clusters.',
          );
        }
        const sizes = [rc.electableSpecs, rc.readOnlySpecs, rc.analyticsSpecs]
          .filter((s) => s && (s.nodeCount === undefined || s.nodeCount > 0))
          .map((s) => s?.instanceSize);
        sizes.push(rc.autoScaling?.compute?.enabled ? rc.autoScaling.compute.minInstanceSize : undefined);
        const small = sizes.find((s) => s !== undefined && SMALL_SIZES.has(s));
        if (small) {
          throw new AtlasHttpError(
            400,
            'INSUFFICIENT_INSTANCE_SIZE',
            `Encryption at rest requires M10 or larger; got ${small}.`,
            [small],
          );
        }
      }
    }
    if (!this.isUsable(provider)) {
      throw new AtlasHttpError(
        400,
        'ENCRYPTION_AT_REST_NOT_ENABLED',
        `Encryption at rest with ${provider} is not enabled and valid for this project.`,
        [provider],
      );
    }
  }

  /** `POST /clusters`. */
  public createCluster(body: ClusterWire): ClusterWire {
    if (typeof body.name !== 'string' || !CLUSTER_NAME.test(body.name) || body.name.length > 64) {
      throw new AtlasHttpError(400, 'CLUSTER_NAME_INVALID', `Cluster name ${String(body.name)} is invalid.`, [
        body.name,
      ]);
    }
    if (this.clusters.has(body.name)) {
      throw new AtlasHttpError(
        400,
        'DUPLICATE_CLUSTER_NAME',
        `A cluster named ${body.name} is already present in group ${this.groupId}.`,
        [body.name, this.groupId],
      );
    }
    if (!Array.isArray(body.replicationSpecs) || body.replicationSpecs.length === 0) {
      throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', 'The required attribute replicationSpecs was not specified.', [
        'replicationSpecs',
      ]);
    }
    if (body.providerBackupEnabled !== undefined) {
      throw new AtlasHttpError(400, 'INVALID_ATTRIBUTE', 'Invalid attribute providerBackupEnabled specified.', [
        'providerBackupEnabled',
      ]);
    }
    if (body.stateName !== undefined || body.id !== undefined) {
      throw new AtlasHttpError(400, 'ATTRIBUTE_READ_ONLY', 'Attribute stateName/id is read-only.', ['stateName']);
    }
    this.checkEar(body.encryptionAtRestProvider, body);
    const rec: ClusterRecord = {
      wire: {
        ...defaults(body),
        ...structuredClone(body),
        replicationSpecs: body.replicationSpecs.map((s) => ({
          ...structuredClone(s),
          id: s.id ?? newId(),
          zoneName: s.zoneName ?? 'Zone 1',
        })),
        id: newId(),
        groupId: this.groupId,
        createDate: this.iso(),
      },
      stateName: 'CREATING',
      until: this.env.now() + this.env.durations.clusterCreateMs,
    };
    this.clusters.set(body.name, rec);
    return this.clusterView(rec);
  }

  /** Live cluster or 404. */
  public getClusterRecord(name: string): ClusterRecord {
    const c = this.clusters.get(name);
    if (!c)
      throw new AtlasHttpError(404, 'CLUSTER_NOT_FOUND', `No cluster named ${name} exists in group ${this.groupId}.`, [
        name,
        this.groupId,
      ]);
    return c;
  }

  /** `PATCH /clusters/{name}`. */
  public updateCluster(name: string, body: Partial<ClusterWire>): ClusterWire {
    const c = this.getClusterRecord(name);
    const keys = Object.keys(body);
    if (c.wire.paused && !(keys.length === 1 && body.paused === false)) {
      throw new AtlasHttpError(
        409,
        'CANNOT_UPDATE_PAUSED_CLUSTER',
        `Cannot update cluster ${name} while it is paused or being paused.`,
        [name],
      );
    }
    if (c.stateName === 'DELETING') {
      throw new AtlasHttpError(400, 'CLUSTER_IS_BEING_DELETED', `Cluster ${name} is being deleted.`, [name]);
    }
    for (const ro of ['stateName', 'id', 'groupId', 'createDate', 'mongoDBVersion']) {
      if (ro in body) throw new AtlasHttpError(400, 'ATTRIBUTE_READ_ONLY', `Attribute ${ro} is read-only.`, [ro]);
    }
    if (body.name !== undefined && body.name !== name) {
      throw new AtlasHttpError(400, 'ATTRIBUTE_READ_ONLY', 'Attribute name is read-only.', ['name']);
    }
    const from = c.wire.encryptionAtRestProvider ?? 'NONE';
    const to = body.encryptionAtRestProvider ?? from;
    if (from !== 'NONE' && to !== 'NONE' && from !== to) {
      throw new AtlasHttpError(
        409,
        'CANNOT_CHANGE_ENCRYPTION_AT_REST_PROVIDER',
        `Cannot change the encryption at rest provider of ${name} from ${from} to ${to}; set it to NONE first.`,
        [from, to],
      );
    }
    const merged = { ...c.wire, ...structuredClone(body) } as ClusterRecord['wire'];
    if (body.replicationSpecs) {
      merged.replicationSpecs = body.replicationSpecs.map((s) => ({
        ...s,
        id: s.id ?? newId(),
        zoneName: s.zoneName ?? 'Zone 1',
      }));
    }
    if (to !== 'NONE' && (to !== from || body.replicationSpecs)) this.checkEar(to, merged);
    c.wire = merged;
    c.stateName = 'UPDATING';
    c.until = this.env.now() + this.env.durations.clusterUpdateMs;
    return this.clusterView(c);
  }

  /** `DELETE /clusters/{name}`. */
  public deleteCluster(name: string, retainBackups: boolean): void {
    const c = this.getClusterRecord(name);
    if (c.wire.terminationProtectionEnabled) {
      throw new AtlasHttpError(
        400,
        'CANNOT_TERMINATE_CLUSTER_WHEN_TERMINATION_PROTECTION_ENABLED',
        `Termination protection is enabled for ${name}.`,
        [name],
      );
    }
    if (c.stateName === 'DELETING') return;
    c.stateName = 'DELETING';
    c.retainBackups = retainBackups;
    c.until = this.env.now() + this.env.durations.clusterDeleteMs;
  }

  // ------------------------------------------------------------------ backups

  /** Snapshots of a cluster (live, or deleted with retained backups). */
  public snapshotsOf(clusterName: string): SnapshotRecord[] {
    const exists = this.clusters.has(clusterName) || this.deletedClusters.some((c) => c.wire.name === clusterName);
    if (!exists)
      throw new AtlasHttpError(
        404,
        'CLUSTER_NOT_FOUND',
        `No cluster named ${clusterName} exists in group ${this.groupId}.`,
        [clusterName, this.groupId],
      );
    return this.snapshots.filter((s) => s.clusterName === clusterName);
  }

  /** `POST /clusters/{name}/backup/restoreJobs`. */
  public createRestoreJob(clusterName: string, body: RestoreJobWire): RestoreJobWire {
    const source = this.snapshotsOf(clusterName);
    if (!['automated', 'download', 'pointInTime'].includes(body.deliveryType)) {
      throw new AtlasHttpError(
        400,
        'INVALID_ENUM_VALUE',
        `Invalid enumeration value ${String(body.deliveryType)} for deliveryType.`,
        [body.deliveryType],
      );
    }
    let provider: EmulatedProvider | 'NONE';
    let keyRef: string | undefined;
    if (body.deliveryType === 'pointInTime') {
      if (body.pointInTimeUTCSeconds === undefined) {
        throw new AtlasHttpError(
          400,
          'MISSING_ATTRIBUTE',
          'The required attribute pointInTimeUTCSeconds was not specified.',
          ['pointInTimeUTCSeconds'],
        );
      }
      const src = this.getClusterRecord(clusterName);
      provider = (src.wire.encryptionAtRestProvider ?? 'NONE') as EmulatedProvider | 'NONE';
      keyRef = provider === 'NONE' ? undefined : this.keyRef(provider);
    } else {
      const snap = source.find((s) => s.wire.id === body.snapshotId);
      if (!snap)
        throw new AtlasHttpError(
          404,
          'SNAPSHOT_NOT_FOUND',
          `No snapshot with ID ${String(body.snapshotId)} exists for cluster ${clusterName}.`,
          [body.snapshotId],
        );
      provider = snap.provider;
      keyRef = snap.keyRef;
    }
    if (body.deliveryType !== 'download') {
      if (!body.targetClusterName) {
        throw new AtlasHttpError(
          400,
          'MISSING_ATTRIBUTE',
          'The required attribute targetClusterName was not specified.',
          ['targetClusterName'],
        );
      }
      const target = this.env.project(body.targetGroupId ?? this.groupId).getClusterRecord(body.targetClusterName);
      const targetProvider = target.wire.encryptionAtRestProvider ?? 'NONE';
      if (targetProvider !== provider) {
        throw new AtlasHttpError(
          400,
          'INVALID_SNAPSHOT_RESTORE_ENCRYPTION',
          `The snapshot uses encryption at rest provider ${provider} but the target cluster uses ${targetProvider}.`,
          [provider, targetProvider],
        );
      }
    }
    const job: RestoreJobRecord = {
      wire: { ...structuredClone(body), id: newId(), clusterName, failed: false, cancelled: false, expired: false },
      finishAt: this.env.now() + this.env.durations.restoreMs,
      // A restore needs the snapshot's key: a disabled or deleted key makes the job fail.
      failOnFinish: keyRef !== undefined && this.env.keyStatus(keyRef) !== 'ENABLED',
    };
    this.restoreJobs.push(job);
    const { clusterName: _c, ...wire } = job.wire;
    return wire;
  }

  // ------------------------------------------------------------------ alerts

  /** Adds an alert configuration (POST, or Atlas's own auto-creation). */
  public addAlertConfig(body: AlertConfigWire): AlertConfigWire {
    validateAlert(body);
    const now = this.iso();
    const rec = { ...structuredClone(body), id: newId(), groupId: this.groupId, created: now, updated: now };
    this.alertConfigs.push(rec);
    return maskAlert(rec);
  }

  /** `PUT /alertConfigs/{id}`. */
  public replaceAlertConfig(id: string, body: AlertConfigWire): AlertConfigWire {
    const i = this.alertConfigs.findIndex((a) => a.id === id);
    if (i < 0)
      throw new AtlasHttpError(
        404,
        'ALERT_CONFIG_NOT_FOUND',
        `No alert configuration with ID ${id} exists in group ${this.groupId}.`,
        [id, this.groupId],
      );
    validateAlert(body);
    const prev = this.alertConfigs[i];
    const rec = { ...structuredClone(body), id, groupId: this.groupId, created: prev.created, updated: this.iso() };
    this.alertConfigs[i] = rec;
    return maskAlert(rec);
  }
}

/** Webhook secrets are never returned. */
export function maskAlert<T extends AlertConfigWire>(a: T): T {
  const copy = structuredClone(a);
  for (const n of copy.notifications ?? []) if (n.webhookSecret) n.webhookSecret = '****************';
  return copy;
}

function validateAlert(body: AlertConfigWire): void {
  if (typeof body?.eventTypeName !== 'string' || !body.eventTypeName) {
    throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', 'The required attribute eventTypeName was not specified.', [
      'eventTypeName',
    ]);
  }
  if (/_ENCRYPTION_KEY_NEEDS_ROTATION$/.test(body.eventTypeName) && !body.threshold) {
    throw new AtlasHttpError(
      400,
      'MISSING_THRESHOLD',
      `Alert configurations for ${body.eventTypeName} need a threshold.`,
      [body.eventTypeName],
    );
  }
  if (!Array.isArray(body.notifications) || body.notifications.length === 0) {
    throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', 'The required attribute notifications was not specified.', [
      'notifications',
    ]);
  }
  for (const n of body.notifications) {
    if (n.intervalMin !== undefined && n.intervalMin < 5) {
      throw new AtlasHttpError(400, 'INVALID_ATTRIBUTE', 'intervalMin must be at least 5.', ['intervalMin']);
    }
  }
}

function defaults(wire: ClusterWire): Partial<ClusterWire> {
  return {
    clusterType: 'REPLICASET',
    backupEnabled: false,
    pitEnabled: false,
    encryptionAtRestProvider: 'NONE',
    paused: false,
    terminationProtectionEnabled: false,
    mongoDBMajorVersion: wire.mongoDBMajorVersion ?? '8.0',
    mongoDBVersion: `${wire.mongoDBMajorVersion ?? '8.0'}.4`,
  };
}

/** Deterministic per (project, provider, key): a new key gives a new masterKeyUUID. */
export function masterKeyUuid(groupId: string, provider: string, keyRef: string): string {
  const h = createHash('sha256').update(`${groupId}|${provider}|${keyRef}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The emulator-wide state: projects, key statuses, issued tokens, recorded calls. */
export class EmulatorState {
  private readonly projects = new Map<string, ProjectState>();
  private readonly keys = new Map<string, EmulatedKeyStatus>();
  /** Every request the server received, in order (secrets redacted). */
  public readonly calls: EmulatorCall[] = [];
  /** OAuth tokens issued so far. */
  public tokensIssued = 0;
  /** Live bearer tokens → expiry (emulator clock). */
  public readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  private readonly env: Env;

  public constructor(
    public readonly now: () => number,
    durations: EmulatorDurations,
    private readonly knownProjectsOnly: boolean,
  ) {
    this.env = {
      now,
      durations: {
        clusterCreateMs: 0,
        clusterUpdateMs: 0,
        clusterDeleteMs: 0,
        gcpRoleMs: 0,
        restoreMs: 0,
        ...durations,
      },
      keyStatus: (ref) => (ref === undefined ? 'ENABLED' : (this.keys.get(ref) ?? 'ENABLED')),
      project: (g) => this.lookup(g),
    };
  }

  /** The project (created on first use): seed and inspect it. */
  public project(groupId: string): ProjectState {
    let p = this.projects.get(groupId);
    if (!p) {
      p = new ProjectState(groupId, this.env);
      this.projects.set(groupId, p);
    }
    return p;
  }

  /** Lookup used by request handlers: validates the id and, if configured, requires a seeded project. */
  public lookup(groupId: string): ProjectState {
    if (!HEX24.test(groupId))
      throw new AtlasHttpError(400, 'INVALID_GROUP_ID', `An invalid group ID ${groupId} was specified.`, [groupId]);
    if (this.knownProjectsOnly && !this.projects.has(groupId)) {
      throw new AtlasHttpError(404, 'GROUP_NOT_FOUND', `No group with ID ${groupId} exists.`, [groupId]);
    }
    return this.project(groupId);
  }

  /** Makes the next `n` EAR PATCH / CPA authorize calls of a project fail with CANNOT_ASSUME_ROLE. */
  public iamPropagationFailures(groupId: string, n: number): void {
    this.project(groupId).iamFailuresRemaining = n;
  }

  /** Sets a customer key's status (by key id/ARN, Azure key URL or GCP key version name). */
  public setKeyStatus(keyRef: string, status: EmulatedKeyStatus): void {
    this.keys.set(keyRef, status);
  }

  /** Takes a snapshot of a cluster now (see {@link ProjectState.takeSnapshot}). */
  public takeSnapshot(
    groupId: string,
    clusterName: string,
    options?: Parameters<ProjectState['takeSnapshot']>[1],
  ): SnapshotWire {
    return this.project(groupId).takeSnapshot(clusterName, options);
  }

  /** Applies due transitions in every project (`force` completes them all now). */
  public advance(force = false): void {
    for (const p of this.projects.values()) p.advance(force);
  }

  /** Completes every pending transition now. */
  public settle(): void {
    this.advance(true);
  }

  /** Invalidates every issued bearer token (models a revoked or expired token). */
  public revokeAllTokens(): void {
    this.tokens.clear();
  }

  /** Calls matching a method and/or path pattern. */
  public callsTo(method?: string, path?: string | RegExp): EmulatorCall[] {
    return this.calls.filter(
      (c) =>
        (!method || c.method === method) &&
        (!path ||
          (typeof path === 'string' ? c.path === path || c.path === `/api/atlas/v2${path}` : path.test(c.path))),
    );
  }
}

/** One received request (headers and body redacted). */
export interface EmulatorCall {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** Response status (set when the response is sent). */
  status?: number;
}

/** Atlas refuses an EAR configuration whose cloud-provider-access role (AWS, Azure) is not authorized yet. */
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
