/** Backup Compliance Policy: `/groups/{groupId}/backupCompliancePolicy`. */
import type { BackupCompliancePolicyWire } from '../../core/atlas/wire';
import type { AtlasApi } from '../api';
import { isNotFoundInProject } from '../errors';
import { atlasPath, type AtlasCaller } from '../request';
import { ATLAS_API_VERSIONS } from '../versions';

/** The Backup Compliance Policy call of {@link AtlasApi}. */
export class ComplianceEndpoints implements Pick<AtlasApi, 'getBackupCompliancePolicy'> {
  public constructor(private readonly atlas: AtlasCaller) {}

  /** `GET /groups/{groupId}/backupCompliancePolicy`; undefined when the project has none (404). */
  public getBackupCompliancePolicy(groupId: string): Promise<BackupCompliancePolicyWire | undefined> {
    return this.atlas
      .call<BackupCompliancePolicyWire>({
        method: 'GET',
        path: atlasPath`/groups/${groupId}/backupCompliancePolicy`,
        version: ATLAS_API_VERSIONS.backupCompliancePolicy,
      })
      .catch((err: unknown) => {
        if (isNotFoundInProject(err)) return undefined;
        throw err;
      });
  }
}
