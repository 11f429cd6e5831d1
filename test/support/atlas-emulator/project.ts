/**
 * One Atlas project: its resource families (encryption at rest, cloud-provider access, clusters, backups,
 * alert configurations, Backup Compliance Policy) plus the test hooks that seed and inspect them.
 */
import type { ClusterWire, EncryptionAtRestWire, SnapshotWire } from '../../../lib/core/atlas/wire';
import { AlertConfigs, type AlertConfigRecord } from './alert-configs';
import { Backups, type RestoreJobRecord, type SnapshotRecord, type TakeSnapshotOptions } from './backups';
import { BackupCompliancePolicy, type BackupCompliancePolicyRecord } from './backup-compliance-policy';
import { CloudProviderAccess, type RoleRecord } from './cloud-provider-access';
import { Clusters, type ClusterRecord } from './clusters';
import type { EmulatedProvider, Env } from './common';
import { EncryptionAtRest, type StoredEncryptionAtRest } from './encryption-at-rest';
import { AtlasHttpError } from './errors';
import { PrivateEndpoints, type EndpointRecord } from './private-endpoints';

/** The resource families of a project; the router dispatches to them. */
export interface ProjectFamilies {
  readonly encryptionAtRest: EncryptionAtRest;
  readonly cloudProviderAccess: CloudProviderAccess;
  readonly clusters: Clusters;
  readonly backups: Backups;
  readonly alertConfigs: AlertConfigs;
  readonly backupCompliancePolicy: BackupCompliancePolicy;
  readonly privateEndpoints: PrivateEndpoints;
}

/** One Atlas project. */
export class ProjectState {
  /** The resource families. */
  public readonly family: ProjectFamilies;
  /** Next n EAR PATCH / CPA authorize calls fail with CANNOT_ASSUME_ROLE. */
  public iamFailuresRemaining = 0;

  public constructor(
    public readonly groupId: string,
    env: Env,
  ) {
    this.family = {
      encryptionAtRest: new EncryptionAtRest(this, env),
      cloudProviderAccess: new CloudProviderAccess(this, env),
      clusters: new Clusters(this, env),
      backups: new Backups(this, env),
      alertConfigs: new AlertConfigs(this, env),
      backupCompliancePolicy: new BackupCompliancePolicy(this, env),
      privateEndpoints: new PrivateEndpoints(this, env),
    };
  }

  /** Applies every transition whose time has come (`force`: all of them now). */
  public advance(force = false): void {
    this.family.clusters.advance(force);
    this.family.cloudProviderAccess.advance(force);
    this.family.backups.advance(force);
    this.family.alertConfigs.advance(force);
    this.family.privateEndpoints.advance(force);
  }

  /**
   * Throws CANNOT_ASSUME_ROLE (400) while injected IAM-propagation failures remain: Atlas cannot assume a role
   * whose trust policy has not propagated yet (https://www.mongodb.com/docs/atlas/security/set-up-unified-aws-access/;
   * the code is the one terraform-provider-mongodbatlas retried on).
   */
  public consumeIamFailure(parameters: unknown[]): void {
    if (this.iamFailuresRemaining <= 0) return;
    this.iamFailuresRemaining--;
    throw new AtlasHttpError(
      400,
      'CANNOT_ASSUME_ROLE',
      'MongoDB Cloud cannot assume the specified IAM role.',
      parameters,
    );
  }

  // ------------------------------------------------------------------ stored state, for tests to inspect

  /** EAR as stored, including write-only fields. */
  public get ear(): StoredEncryptionAtRest {
    return this.family.encryptionAtRest.stored;
  }
  /** Providers forced invalid by a test, whatever the key status. */
  public get forcedInvalid(): Set<EmulatedProvider> {
    return this.family.encryptionAtRest.forcedInvalid;
  }
  /** Cloud-provider-access roles by id. */
  public get roles(): Map<string, RoleRecord> {
    return this.family.cloudProviderAccess.roles;
  }
  /** Live clusters by name. */
  public get clusters(): Map<string, ClusterRecord> {
    return this.family.clusters.live;
  }
  /** Deleted clusters whose backups were retained. */
  public get deletedClusters(): ClusterRecord[] {
    return this.family.clusters.deleted;
  }
  /** Snapshots, newest last. */
  public get snapshots(): SnapshotRecord[] {
    return this.family.backups.snapshots;
  }
  /** Restore jobs. */
  public get restoreJobs(): RestoreJobRecord[] {
    return this.family.backups.restoreJobs;
  }
  /** Alert configurations. */
  public get alertConfigs(): AlertConfigRecord[] {
    return this.family.alertConfigs.configs;
  }
  /** Backup Compliance Policy; undefined = none (GET answers 404). */
  public get backupCompliancePolicy(): BackupCompliancePolicyRecord | undefined {
    return this.family.backupCompliancePolicy.policy;
  }
  public set backupCompliancePolicy(policy: BackupCompliancePolicyRecord | undefined) {
    this.family.backupCompliancePolicy.policy = policy;
  }

  /** Encryption-at-rest private endpoints Atlas still lists. */
  public get privateEndpoints(): EndpointRecord[] {
    return this.family.privateEndpoints.records;
  }

  // ------------------------------------------------------------------ test hooks

  /** The vault owner approves an Azure private endpoint connection (PENDING_ACCEPTANCE → ACTIVE). */
  public approvePrivateEndpoint(endpointId: string): void {
    this.family.privateEndpoints.approve(endpointId);
  }

  /** Marks a provider's key configuration invalid (or clears it with `false`), e.g. to model a revoked grant. */
  public setInvalid(provider: EmulatedProvider, invalid = true): void {
    this.family.encryptionAtRest.setInvalid(provider, invalid);
  }

  /** The key reference of a provider's current configuration, if enabled. */
  public keyRef(provider: EmulatedProvider): string | undefined {
    return this.family.encryptionAtRest.keyRef(provider);
  }

  /** The EAR as `GET /encryptionAtRest` answers it. */
  public earView(): EncryptionAtRestWire {
    return this.family.encryptionAtRest.view();
  }

  /** Whether a provider's configuration is usable (`valid` in GET). */
  public isValid(provider: EmulatedProvider): boolean {
    return this.family.encryptionAtRest.isValid(provider);
  }

  /** Whether the provider is enabled and valid (what cluster writes need). */
  public isUsable(provider: EmulatedProvider): boolean {
    return this.family.encryptionAtRest.isUsable(provider);
  }

  /** Applies an EAR PATCH as Atlas would (same validation as the API). */
  public patchEar(body: Record<string, unknown>): EncryptionAtRestWire {
    return this.family.encryptionAtRest.patch(body);
  }

  /** Seeds a cluster directly (IDLE), bypassing validation. */
  public seedCluster(wire: ClusterWire): ClusterWire {
    return this.family.clusters.seed(wire);
  }

  /** Requests a cluster's deletion as `DELETE /clusters/{name}` would. */
  public deleteCluster(name: string, retainBackups: boolean): void {
    this.family.clusters.delete(name, retainBackups);
  }

  /** Seeds an authorized AWS role and returns its id. */
  public seedAuthorizedAwsRole(iamAssumedRoleArn = 'arn:aws:iam::111122223333:role/atlas-kms'): string {
    return this.family.cloudProviderAccess.seedAuthorizedAws(iamAssumedRoleArn);
  }

  /** Makes a GCP role's set-up fail (status FAILED, spec schema CloudProviderAccessGCPServiceAccount). */
  public failGcpRole(roleId: string): void {
    this.family.cloudProviderAccess.failGcpRole(roleId);
  }

  /** Takes a snapshot of a cluster now, recording the project key in effect for the cluster's provider. */
  public takeSnapshot(clusterName: string, options: TakeSnapshotOptions = {}): SnapshotWire {
    return this.family.backups.takeSnapshot(clusterName, options);
  }
}
