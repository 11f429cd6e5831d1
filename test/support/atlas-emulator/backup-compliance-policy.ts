/** `GET /groups/{groupId}/backupCompliancePolicy`: the project's Backup Compliance Policy, if any. */
import type { BackupCompliancePolicyWire } from '../../../lib/atlas/types';
import { AtlasHttpError } from './errors';
import type { ProjectState } from './project';

/** A Backup Compliance Policy as stored (seeded by tests). */
export type BackupCompliancePolicyRecord = BackupCompliancePolicyWire & Record<string, unknown>;

/** The Backup Compliance Policy of one project. */
export class BackupCompliancePolicy {
  /** The policy; undefined = none (GET answers 404). */
  public policy?: BackupCompliancePolicyRecord;

  public constructor(private readonly project: ProjectState) {}

  /** `GET /backupCompliancePolicy`. */
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
    return { projectId: groupId, ...this.policy };
  }
}
