/** The cluster PATCH, with Atlas's refusals mapped to rule-tagged failures that say what to do. */
import type { AtlasApi } from '../../../../atlas/api';
import type { ClusterWire } from '../../../../core/atlas';
import type { EncryptedClusterSpec } from '../../../custom-resources/properties';
import { describeError, hasErrorCode, isTransient } from '../../runtime/atlas-errors';
import { ConflictError, HandlerError } from '../../runtime/errors';
import { WHAT } from './spec';

/** `PATCH /groups/{groupId}/clusters/{name}`; transient faults are rethrown as they are (the caller polls on). */
export async function patchCluster(
  api: AtlasApi,
  spec: EncryptedClusterSpec,
  body: Partial<ClusterWire>,
): Promise<void> {
  try {
    await api.updateCluster(spec.projectId, spec.name, body);
  } catch (err) {
    if (hasErrorCode(err, 'CANNOT_UPDATE_PAUSED_CLUSTER')) {
      throw new ConflictError(
        `${WHAT}: cluster ${spec.name} is paused and Atlas accepts no change but resuming it (CANNOT_UPDATE_PAUSED_CLUSTER): resume it, then deploy again`,
        'DEP-CLU-1',
      );
    }
    if (hasErrorCode(err, 'CANNOT_CHANGE_ENCRYPTION_AT_REST_PROVIDER')) {
      throw new ConflictError(
        `${WHAT}: Atlas refused a direct provider switch on ${spec.name}; the switch goes through NONE: ${describeError(err)}`,
        'DEP-SW-1',
      );
    }
    if (hasErrorCode(err, 'ENCRYPTION_AT_REST_NOT_ENABLED')) {
      throw new ConflictError(
        `${WHAT}: provider ${spec.encryptionProvider} is not enabled on project ${spec.projectId}: ${describeError(err)}`,
        'SYN-PROJ-1',
      );
    }
    if (isTransient(err)) throw err;
    throw new HandlerError(`${WHAT}: PATCH cluster ${spec.name} failed: ${describeError(err)}`);
  }
}
