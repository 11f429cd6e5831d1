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

/**
 * Project id: 6-30 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen
 * (cloud.google.com/resource-manager/docs/creating-managing-projects), optionally behind a legacy `domain:` prefix.
 */
export const GCP_PROJECT_ID = /^(?:[a-z0-9][a-z0-9.-]*[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** Cloud KMS location: `global`, a region (`us-east1`) or a multi-region (`us`, `nam-eur-asia1`); `gcloud kms locations list`. */
export const GCP_KMS_LOCATION = /^[a-z][a-z0-9-]*[a-z0-9]$/;
/** Key ring and crypto key names: 1-63 letters, digits, underscores or hyphens (cloud.google.com/kms/docs/resource-hierarchy). */
export const GCP_KMS_NAME = /^[A-Za-z0-9_-]{1,63}$/;
/** Full crypto key id (not a version). */
export const GCP_CRYPTO_KEY_ID =
  /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[A-Za-z0-9_-]{1,63}\/cryptoKeys\/[A-Za-z0-9_-]{1,63}$/;

/** Which id a value is: the parts a Cloud KMS key's version name is built from. */
export type GcpKmsIdKind = 'project' | 'location' | 'keyRingName' | 'cryptoKeyName' | 'cryptoKeyId';

/** Per kind: format, what a bad value is not, what is allowed. */
const GCP_ID_FORMATS: Record<GcpKmsIdKind, [RegExp, string, string]> = {
  project: [
    GCP_PROJECT_ID,
    'not a Google Cloud project id',
    '6-30 lowercase letters, digits or hyphens, starting with a letter, not ending with a hyphen',
  ],
  location: [GCP_KMS_LOCATION, 'not a Cloud KMS location', 'a location such as global, us-east1, us or europe-west3'],
  keyRingName: [GCP_KMS_NAME, 'not a key ring name', '1-63 letters, digits, underscores or hyphens'],
  cryptoKeyName: [GCP_KMS_NAME, 'not a crypto key name', '1-63 letters, digits, underscores or hyphens'],
  cryptoKeyId: [GCP_CRYPTO_KEY_ID, 'not a crypto key id', 'projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>'],
};

/**
 * SYN-GCP-1 on the ids a key construct builds the key version name from, so that a typo fails at synth and not
 * after the key ring (which Google Cloud keeps) exists. Each entry names the prop as the user wrote it.
 */
export function checkGcpKmsIds(
  subject: string,
  ids: ReadonlyArray<{ readonly prop: string; readonly kind: GcpKmsIdKind; readonly value: unknown }>,
  r: RuleReporter,
): void {
  for (const { prop, kind, value } of ids) {
    if (value === undefined || r.deferIfUnresolved('SYN-GCP-1', subject, prop, value)) continue;
    const [format, notA, allowed] = GCP_ID_FORMATS[kind];
    if (typeof value !== 'string' || !format.test(value)) {
      const problem =
        kind === 'cryptoKeyId' && typeof value === 'string' && GCP_KEY_VERSION.test(value)
          ? 'this is a key version; give the crypto key (drop /cryptoKeyVersions/<n>)'
          : notA;
      r.report('SYN-GCP-1', subject, prop, value, problem, allowed);
    }
  }
}
