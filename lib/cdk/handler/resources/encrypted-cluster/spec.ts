/**
 * The `Custom::AtlasEncryptedCluster` spec: parsing, the physical id, and the cluster it describes in the core
 * model (mode CREATE), so the synth-time cluster rules run again before anything is created.
 */
import type { ClusterEncryptionProvider } from '../../../../core/atlas';
import type { ClusterSpec } from '../../../../core/model/cluster';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import { InvalidRequestError } from '../../runtime/errors';
import type { SpecProperties } from '../../runtime/events';
import { parseSpec } from '../../runtime/spec';

/** The resource type, as messages name it. */
export const WHAT = 'Custom::AtlasEncryptedCluster';
/** Default total wait for IDLE: 45 minutes, inside CloudFormation's one-hour custom-resource limit. */
export const DEFAULT_TIMEOUT_SECONDS = 45 * 60;
const PROVIDERS: readonly ClusterEncryptionProvider[] = ['AWS', 'AZURE', 'GCP', 'NONE'];

/** Parses the spec; CREATE needs at least one region. */
export function parse(props: SpecProperties | undefined): EncryptedClusterSpec {
  const parsed = parseSpec<EncryptedClusterSpec>(props, WHAT, ['name', 'encryptionProvider']);
  // The constructs leave the default out (about 20 bytes per cluster).
  const spec: EncryptedClusterSpec = { ...parsed, mode: parsed.mode ?? 'CREATE' };
  if (spec.mode !== 'CREATE' && spec.mode !== 'ADOPT') {
    throw new InvalidRequestError(`${WHAT}: mode must be CREATE or ADOPT (got ${JSON.stringify(spec.mode)})`);
  }
  if (!PROVIDERS.includes(spec.encryptionProvider)) {
    throw new InvalidRequestError(
      `${WHAT}: encryptionProvider must be one of ${PROVIDERS.join(', ')} (got ${JSON.stringify(spec.encryptionProvider)})`,
    );
  }
  if (spec.mode === 'CREATE' && (!spec.regions || spec.regions.length === 0)) {
    throw new InvalidRequestError(`${WHAT}: mode CREATE needs at least one region`);
  }
  return spec;
}

/** `<projectId>:<name>`. */
export function physicalId(spec: EncryptedClusterSpec): string {
  return `${spec.projectId}:${spec.name}`;
}

/** Total time isComplete may wait, in ms. */
export function timeoutMs(spec: EncryptedClusterSpec): number {
  return (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
}

/** The spec's cluster as the core rules see it (CREATE mode). */
export function specToModel(spec: EncryptedClusterSpec): ClusterSpec {
  return {
    name: spec.name,
    clusterType: spec.topology ?? 'REPLICASET',
    regions: (spec.regions ?? []).map((r) => ({
      cloud: r.cloud,
      regionName: r.regionName,
      instanceSize: r.instanceSize,
      nodeCount: r.nodeCount,
      readOnlyInstanceSize: r.readOnlyInstanceSize,
      readOnlyNodeCount: r.readOnlyNodeCount,
      analyticsInstanceSize: r.analyticsInstanceSize,
      analyticsNodeCount: r.analyticsNodeCount,
      autoScalingMinInstanceSize: r.autoScalingMinInstanceSize,
      autoScalingMaxInstanceSize: r.autoScalingMaxInstanceSize,
    })),
    encryptionProvider: spec.encryptionProvider,
    backupEnabled: spec.cloudBackup ?? true,
    pitEnabled: spec.pointInTime ?? false,
    mongoDbMajorVersion: spec.mongoDbMajorVersion,
    diskSizeGb: spec.diskSizeGb,
    diskAutoScaling: spec.diskAutoScaling,
    terminationProtectionEnabled: spec.terminationProtectionEnabled,
    tags: spec.tags,
  };
}
