/** The `POST /groups/{groupId}/clusters` body (ClusterDescription20240805) of a CREATE-mode spec, and its regions. */
import {
  type ClusterWire,
  electionPriorities,
  type RegionConfigWire,
  regionConfigWire,
  type StorageToBuild,
} from '../../../../core/atlas';
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
    ...(spec.terminationProtectionEnabled !== undefined
      ? { terminationProtectionEnabled: spec.terminationProtectionEnabled }
      : {}),
    // The proof of ownership that a retried Create and a DESTROY Delete check (ownership.ts), after the user's tags
    // (SYN-SHAPE-8 keeps its key out of them).
    ...(owner || spec.tags
      ? {
          tags: [
            ...Object.entries(spec.tags ?? {}).map(([key, value]) => ({ key, value })),
            ...(owner ? [{ key: OWNER_TAG, value: owner }] : []),
          ],
        }
      : {}),
    replicationSpecs: [replicationSpecOf(spec)],
  };
}

/**
 * One replication spec with every region of the spec, highest election priority first (create and resize).
 * @param storage disk size and disk auto-scaling; by default the spec's own
 */
export function replicationSpecOf(
  spec: EncryptedClusterSpec,
  storage: StorageToBuild = { diskSizeGb: spec.diskSizeGb, diskAutoScaling: spec.diskAutoScaling },
): { regionConfigs: RegionConfigWire[] } {
  const regions = spec.regions ?? [];
  const priorities = electionPriorities(regions);
  return { regionConfigs: regions.map((r, i) => regionConfigWire(r, priorities[i], storage)) };
}
