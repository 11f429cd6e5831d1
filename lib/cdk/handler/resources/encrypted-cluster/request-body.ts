/** The `POST /groups/{groupId}/clusters` body (ClusterDescription20240805) of a CREATE-mode spec, and its regions. */
import { type ClusterWire, electionPriorities, type RegionConfigWire, regionConfigWire } from '../../../../core/atlas';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import { OWNER_TAG } from './ownership';

export function createBody(spec: EncryptedClusterSpec, owner: string | undefined): ClusterWire {
  // Never the legacy backup fields (SYN-BKP-1): only backupEnabled (Cloud Backup) and pitEnabled.
  return {
    name: spec.name,
    clusterType: spec.topology ?? 'REPLICASET',
    backupEnabled: spec.cloudBackup ?? true,
    pitEnabled: spec.pointInTime ?? false,
    encryptionAtRestProvider: spec.encryptionProvider,
    ...(spec.mongoDbMajorVersion ? { mongoDBMajorVersion: spec.mongoDbMajorVersion } : {}),
    // The proof of ownership that a retried Create and a DESTROY Delete check (ownership.ts).
    ...(owner ? { tags: [{ key: OWNER_TAG, value: owner }] } : {}),
    replicationSpecs: [replicationSpecOf(spec)],
  };
}

/** One replication spec with every region of the spec, highest election priority first (create and resize). */
export function replicationSpecOf(spec: EncryptedClusterSpec): { regionConfigs: RegionConfigWire[] } {
  const regions = spec.regions ?? [];
  const priorities = electionPriorities(regions);
  return { regionConfigs: regions.map((r, i) => regionConfigWire(r, priorities[i])) };
}
