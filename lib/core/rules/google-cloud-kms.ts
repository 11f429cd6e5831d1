/**
 * Google Cloud KMS rules: key version resource name (SYN-GCP-1), identity (SYN-GCP-2).
 */
import { GoogleCloudKmsKeyConfig } from '../model/key-configs';
import { ATLAS_ROLE_ID } from './aws-kms';
import { RuleReporter } from './rule';

const SUBJECT = 'project encryption googleCloudKms';
/** Full CryptoKeyVersion name. */
export const GCP_KEY_VERSION =
  /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[A-Za-z0-9_-]{1,63}\/cryptoKeys\/[A-Za-z0-9_-]{1,63}\/cryptoKeyVersions\/[1-9]\d*$/;
/** Full crypto key name (not a version). */
export const GCP_CRYPTO_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

/** SYN-GCP-1 and SYN-GCP-2. */
export function checkGcpKms(config: GoogleCloudKmsKeyConfig, r: RuleReporter): void {
  const s = SUBJECT;
  const id = config.keyVersionResourceId;
  if (!r.deferIfUnresolved('SYN-GCP-1', s, 'keyVersionResourceId', id)) {
    if (typeof id !== 'string' || !GCP_KEY_VERSION.test(id)) {
      const problem =
        typeof id === 'string' && GCP_CRYPTO_KEY.test(id)
          ? `this is a crypto key, not a key version (${r.forEngine({
              'aws-cdk-lib': 'append /cryptoKeyVersions/<n> of the version to use',
              cdktf: 'use the key version, e.g. google_kms_crypto_key_version.name or the key primary[0].name',
              neutral: 'append /cryptoKeyVersions/<n> of the version to use',
            })})`
          : 'not a CryptoKeyVersion resource name';
      r.report(
        'SYN-GCP-1',
        s,
        'keyVersionResourceId',
        id,
        problem,
        'projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>/cryptoKeyVersions/<n>',
      );
    }
  }
  const hasRole = config.roleId !== undefined;
  const hasKey = config.hasServiceAccountKey === true;
  if (hasRole === hasKey) {
    r.report(
      'SYN-GCP-2',
      s,
      hasRole ? 'roleId' : 'serviceAccountKey',
      hasRole ? config.roleId : undefined,
      hasRole ? 'both a role id and a service-account key are configured' : 'no identity for Atlas to reach the key',
      'exactly one: roleId (Atlas-managed service account) or a service-account key secret reference',
    );
  } else if (
    hasRole &&
    !r.deferIfUnresolved('SYN-GCP-2', s, 'roleId', config.roleId) &&
    (typeof config.roleId !== 'string' || !ATLAS_ROLE_ID.test(config.roleId))
  ) {
    r.report(
      'SYN-GCP-2',
      s,
      'roleId',
      config.roleId,
      'not an Atlas cloud-provider-access role id',
      '24 hexadecimal digits',
    );
  }
}
