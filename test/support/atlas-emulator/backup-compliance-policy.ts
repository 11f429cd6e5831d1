/** `GET /groups/{groupId}/backupCompliancePolicy` (getGroupBackupCompliancePolicy): the project's policy, if any. */
import type { BackupCompliancePolicyWire } from '../../../lib/core/atlas/wire';
import { isoAt, type Env } from './common';
import { AtlasHttpError } from './errors';
import type { ProjectState } from './project';

/** A Backup Compliance Policy as stored (seeded by tests; missing fields take the defaults of {@link view}). */
export type BackupCompliancePolicyRecord = BackupCompliancePolicyWire & Record<string, unknown>;

/** The Backup Compliance Policy of one project. */
export class BackupCompliancePolicy {
  /** The policy; undefined = none (GET answers 404). */
  public policy?: BackupCompliancePolicyRecord;

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /**
   * The policy as DataProtectionSettings20231001 (same fields in DataProtectionSettings, 2023-01-01), whose
   * required fields are authorizedEmail, authorizedUserFirstName and authorizedUserLastName; the booleans default
   * to false (spec defaults). The placeholder person and `state: ACTIVE` of a seeded policy are unverified. A
   * project without a policy answers 404 (declared by the spec; the error code is unverified).
   */
  public view(): Record<string, unknown> {
    const groupId = this.project.groupId;
    if (!this.policy) {
      throw new AtlasHttpError(
        404,
        'RESOURCE_NOT_FOUND',
        `Cannot find resource Backup Compliance Policy for group ${groupId}.`,
        [groupId],
      );
    }
    return {
      projectId: groupId,
      authorizedEmail: 'compliance-officer@example.com',
      authorizedUserFirstName: 'Compliance',
      authorizedUserLastName: 'Officer',
      copyProtectionEnabled: false,
      encryptionAtRestEnabled: false,
      pitEnabled: false,
      deletable: false,
      scheduledPolicyItems: [],
      state: 'ACTIVE',
      updatedDate: isoAt(this.env.now()),
      updatedUser: 'compliance-officer@example.com',
      ...this.policy,
    };
  }
}
