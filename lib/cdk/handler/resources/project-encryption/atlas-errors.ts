/** The project PATCH, with Atlas's refusals mapped to rule-tagged failures that say what to do. */
import type { AtlasApi } from '../../../../atlas/api';
import { CLOUD_GRANT_CODES, type EncryptionAtRestWire, IAM_PROPAGATION_CODES } from '../../../../core/atlas';
import { describeError, hasErrorCode } from '../../runtime/atlas-errors';
import { HandlerError, KeyValidationError, UnsafeChangeError } from '../../runtime/errors';
import { WHAT } from './spec';

/** Codes Atlas answers when it refuses to disable encryption at rest (Admin API v2 error codes). */
const DISABLE_REFUSED_CODES = [
  'CANNOT_DISABLE_ENCRYPTION_AT_REST',
  'CANNOT_DISABLE_ENCRYPTION_AT_REST_WITH_BACKUP_COMPLIANCE_POLICY',
  'CAN_NOT_DISABLE_ALL_ENCRYPTION_AT_REST_SETTINGS_WHILE_BACKUP_COMPLIANCE_POLICY_ENCRYPTION_ENABLED',
  'CANNOT_DISABLE_ENCRYPTION_AT_REST_DUE_TO_PRIVATE_ENDPOINTS',
  'CANNOT_DISABLE_ENCRYPTION_AT_REST_REQUIRE_PRIVATE_NETWORKING_WHILE_PRIVATE_ENDPOINTS_EXIST',
];

/** `PATCH /groups/{groupId}/encryptionAtRest`; the client has already retried propagation codes within budget. */
export async function patchEncryptionAtRest(
  api: AtlasApi,
  projectId: string,
  body: EncryptionAtRestWire,
): Promise<EncryptionAtRestWire> {
  try {
    return await api.updateEncryptionAtRest(projectId, body);
  } catch (err) {
    if (hasErrorCode(err, 'ENCRYPTION_AT_REST_SETTINGS_INVALID')) {
      throw new KeyValidationError(
        `${WHAT}: Atlas rejected the change because the current key is invalid: restore key access first. ${describeError(err)}`,
        'DEP-KEY-1',
      );
    }
    if (hasErrorCode(err, ...IAM_PROPAGATION_CODES)) {
      throw new KeyValidationError(
        `${WHAT}: Atlas could not use the AWS role within the IAM propagation budget: check the role's trust policy (Atlas AWS account ARN, external id), its KMS grant, and that the role is authorized. ${describeError(err)}`,
        'DEP-IAM-1',
      );
    }
    if (hasErrorCode(err, ...CLOUD_GRANT_CODES)) {
      throw new KeyValidationError(
        `${WHAT}: Atlas could not use the key within the grant propagation budget: check the identity's permissions on the key (docs/permissions.md). ${describeError(err)}`,
        'DEP-IAM-3',
      );
    }
    if (hasErrorCode(err, ...DISABLE_REFUSED_CODES)) {
      throw new UnsafeChangeError(
        `${WHAT}: Atlas refused to disable encryption at rest: ${describeError(err)}`,
        'DEP-DIS-1',
      );
    }
    throw new HandlerError(`${WHAT}: PATCH encryptionAtRest failed: ${describeError(err)}`);
  }
}
