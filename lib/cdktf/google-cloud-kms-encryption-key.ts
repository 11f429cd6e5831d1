/**
 * The Google Cloud side of a project's customer key for the Terraform engine: key ring and crypto key (new or
 * existing), the service account Atlas creates for the project, its grants on the key, and a wait for IAM.
 */
// Provider classes: types only here; the constructor loads them on first use (./private/providers).
import type { KmsCryptoKey } from '@cdktf/provider-google/lib/kms-crypto-key';
import type { KmsCryptoKeyIamMember } from '@cdktf/provider-google/lib/kms-crypto-key-iam-member';
import type { KmsKeyRing } from '@cdktf/provider-google/lib/kms-key-ring';
import type { CloudProviderAccessAuthorization } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-authorization';
import type { CloudProviderAccessSetup } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-setup';
import type { Sleep } from '@cdktf/provider-time/lib/sleep';
import { Fn, Op, Token } from 'cdktf';
import { Construct } from 'constructs';
import { RuleReporter } from '../core';
import { checkSafetyDefault } from '../core/rules/engine-settings';
import { checkGcpKmsIds, GcpKmsIdKind } from '../core/rules/google-cloud-kms';
import { assertGoogleKeyPeers, google, GOOGLE_KEY, mongodbatlasAccess, time } from './private/providers';
import { enforce, TF_VALIDATION, tfUnresolved } from './private/validation';

/**
 * The roles Atlas's service account needs on the crypto key: encrypt and decrypt, and read the key and its
 * versions (docs/permissions.md; the mongodbatlas provider's `encryption_at_rest/gcp` example grants the same two).
 */
export const ATLAS_GCP_KEY_ROLES: readonly string[] = [
  'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  'roles/cloudkms.viewer',
];

/** Longest rotation period Cloud KMS accepts: 876,000 hours (CryptoKey `rotationPeriod`). */
export const MAX_GCP_ROTATION_DAYS = 36_500;

/** Where a key ring is: its name, location and project. */
export interface GoogleCloudKeyRingOptions {
  /** Key ring name: 1-63 letters, digits, underscores or hyphens (SYN-GCP-1). */
  readonly name: string;
  /** Cloud KMS location, e.g. `us-east1`, `europe-west3`, `us` or `global` (SYN-GCP-1). */
  readonly location: string;
  /**
   * Google Cloud project id of the key ring (SYN-GCP-1).
   * @default - the google provider's project
   */
  readonly project?: string;
}

/** What {@link GoogleCloudKeyRing} renders to, once bound to a construct. */
export interface BoundKeyRing {
  /** `projects/<p>/locations/<l>/keyRings/<r>`. */
  readonly id: string;
  /** The key ring resource when the library creates it. */
  readonly resource?: KmsKeyRing;
}

/**
 * The key ring of a new crypto key: one the construct creates, or one that exists. A choice, so a class with static
 * factories.
 */
export abstract class GoogleCloudKeyRing {
  /**
   * A new key ring. Google Cloud keeps key rings: the google provider's destroy only removes one from the state and
   * the name stays taken in that project and location, so choose the name for good.
   */
  public static create(options: GoogleCloudKeyRingOptions): GoogleCloudKeyRing {
    return new NewKeyRing(options);
  }

  /** An existing key ring, looked up with the `google_kms_key_ring` data source. */
  public static fromName(options: GoogleCloudKeyRingOptions): GoogleCloudKeyRing {
    return new ExistingKeyRing(options);
  }

  /** @param options the key ring's name, location and Google Cloud project */
  protected constructor(
    /** The key ring's name, location and Google Cloud project, as given. */
    public readonly options: GoogleCloudKeyRingOptions,
  ) {}

  /** Renders the ring under `scope` (child id `KeyRing`). @internal */
  public abstract _bind(scope: Construct, preventDestroy: boolean): BoundKeyRing;
}

class NewKeyRing extends GoogleCloudKeyRing {
  constructor(options: GoogleCloudKeyRingOptions) {
    super(options);
  }
  public _bind(scope: Construct, preventDestroy: boolean): BoundKeyRing {
    const { KmsKeyRing } = google.kmsKeyRing();
    const { name, location, project } = this.options;
    const resource = new KmsKeyRing(scope, 'KeyRing', { name, location, project, lifecycle: { preventDestroy } });
    return { id: resource.id, resource };
  }
}

class ExistingKeyRing extends GoogleCloudKeyRing {
  constructor(options: GoogleCloudKeyRingOptions) {
    super(options);
  }
  public _bind(scope: Construct): BoundKeyRing {
    const { DataGoogleKmsKeyRing } = google.existingKmsKeyRing();
    const { name, location, project } = this.options;
    return { id: new DataGoogleKmsKeyRing(scope, 'KeyRing', { name, location, project }).id };
  }
}

/** Props of {@link GoogleCloudKmsEncryptionKey}. */
export interface GoogleCloudKmsEncryptionKeyProps {
  /** The Atlas project id (24 hex characters) whose service account gets access to the key. */
  readonly projectId: string;
  /**
   * Key ring of a new crypto key: `GoogleCloudKeyRing.create(...)` or `GoogleCloudKeyRing.fromName(...)`.
   * Exactly one of this and `existingCryptoKeyId` (SYN-GCP-1).
   * @default - none: `existingCryptoKeyId` is given
   */
  readonly keyRing?: GoogleCloudKeyRing;
  /**
   * Name of the new crypto key (SYN-GCP-1).
   * @default 'atlas-encryption-at-rest'
   */
  readonly cryptoKeyName?: string;
  /**
   * Id of an existing crypto key, `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`, to use instead of
   * creating one: the stack then only grants Atlas access to it, and Atlas gets its primary version.
   * @default - a new crypto key in `keyRing`
   */
  readonly existingCryptoKeyId?: string;
  /**
   * Days after which Cloud KMS makes a new primary version of a new key (`rotation_period`), 1 to 36500. 90 matches
   * the rotation alert Atlas creates. Atlas is given a version, so each rotation shows as a change of
   * `key_version_resource_id` in the next plan; applying it performs the Atlas rotation.
   * @default 90
   */
  readonly rotationPeriodDays?: number;
  /**
   * Make the versions of a new key in a hardware security module (`protection_level = HSM`).
   * @default false
   */
  readonly hardwareProtected?: boolean;
  /**
   * Labels on a new crypto key.
   * @default - no labels
   */
  readonly labels?: Record<string, string>;
  /**
   * Protect a new key ring and crypto key, Atlas's access role and its grants on the key with
   * `lifecycle.prevent_destroy` (SYN-KEEP-1). Destroying a crypto key schedules every version for destruction,
   * which makes each cluster and snapshot encrypted with it unreadable once the schedule ends. `false` is allowed
   * and said at synth (SYN-KEEP-2); a key ring is never deleted either way.
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * How long to wait after the grants before Atlas validates the key. Google Cloud IAM changes typically apply in
   * 2 minutes, potentially 7 or longer (cloud.google.com/iam/docs/access-change-propagation). A Terraform duration.
   * @default '7m'
   */
  readonly iamPropagationDelay?: string;
}

/**
 * A Google Cloud KMS key that a MongoDB Atlas project can use, with the identity Atlas reaches it with:
 *
 * - a key ring (new or existing) and a symmetric `ENCRYPT_DECRYPT` crypto key rotating every `rotationPeriodDays`,
 *   or an existing crypto key;
 * - Atlas's service account for the project (`mongodbatlas_cloud_provider_access_setup`, provider `GCP`, which
 *   the provider waits for until its status is `COMPLETE`) and its authorization;
 * - `roles/cloudkms.cryptoKeyEncrypterDecrypter` and `roles/cloudkms.viewer` on the crypto key for that service
 *   account (`google_kms_crypto_key_iam_member`, which leaves the key's other members alone);
 * - a `time_sleep` so Atlas validates the key only once IAM has propagated.
 *
 * Pass it to {@link GoogleCloudKmsConfiguration.fromEncryptionKey}: Atlas gets the role id, so no service-account
 * key exists anywhere. Once a project uses the role, Atlas no longer accepts a service-account key for it.
 *
 * **Rotating.** Cloud KMS makes a new primary version every `rotationPeriodDays` and keeps the older ones enabled;
 * the next plan moves Atlas to the new primary (`primary[0].name`). Never disable or destroy an older version
 * while a snapshot may need it.
 */
export class GoogleCloudKmsEncryptionKey extends Construct {
  /** The key ring, when the construct creates it. */
  public readonly keyRing?: KmsKeyRing;
  /** The crypto key, when the construct creates it. */
  public readonly cryptoKey?: KmsCryptoKey;
  /** `projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`. */
  public readonly cryptoKeyId: string;
  /** The primary version, `…/cryptoKeyVersions/<n>`: what Atlas is given. */
  public readonly keyVersionResourceId: string;
  /** Atlas's access role (the service account Atlas creates for the project). */
  public readonly accessSetup: CloudProviderAccessSetup;
  /** The authorization of Atlas's access role. */
  public readonly authorization: CloudProviderAccessAuthorization;
  /** Email of the service account Atlas uses. */
  public readonly serviceAccountForAtlas: string;
  /** The grants of {@link ATLAS_GCP_KEY_ROLES} on the key to that service account. */
  public readonly iamMembers: readonly KmsCryptoKeyIamMember[];
  /** The IAM propagation wait; Atlas's validation must depend on it. */
  public readonly iamPropagation: Sleep;
  /** The Atlas role id to put in the encryption configuration. */
  public readonly roleId: string;
  /** Rotation period of a new key in days (unknown for an existing key). */
  public readonly rotationPeriodDays?: number;

  constructor(scope: Construct, id: string, props: GoogleCloudKmsEncryptionKeyProps) {
    super(scope, id);
    assertGoogleKeyPeers();
    const retain = props.retainOnDestroy ?? true;
    const rotationDays = props.rotationPeriodDays ?? 90;
    enforce(this, checkKeyProps(props, rotationDays, this));
    const { CloudProviderAccessSetup } = mongodbatlasAccess.setup(GOOGLE_KEY);
    const { CloudProviderAccessAuthorization } = mongodbatlasAccess.authorization(GOOGLE_KEY);
    const { KmsCryptoKeyIamMember } = google.kmsCryptoKeyIamMember();
    const { Sleep } = time.sleep(GOOGLE_KEY);

    if (props.existingCryptoKeyId === undefined) {
      const { KmsCryptoKey } = google.kmsCryptoKey();
      const ring = props.keyRing!._bind(this, retain);
      this.keyRing = ring.resource;
      this.rotationPeriodDays = rotationDays;
      this.cryptoKey = new KmsCryptoKey(this, 'Resource', {
        name: props.cryptoKeyName ?? 'atlas-encryption-at-rest',
        keyRing: ring.id,
        // Atlas needs a symmetric key (docs/permissions.md).
        purpose: 'ENCRYPT_DECRYPT',
        // A number token (e.g. a variable) is multiplied by Terraform, not by JavaScript.
        rotationPeriod: `${tfUnresolved(rotationDays) ? Token.asString(Op.mul(rotationDays, 86_400)) : rotationDays * 86_400}s`,
        versionTemplate: {
          algorithm: 'GOOGLE_SYMMETRIC_ENCRYPTION',
          protectionLevel: props.hardwareProtected ? 'HSM' : 'SOFTWARE',
        },
        labels: props.labels,
        lifecycle: { preventDestroy: retain },
      });
      this.cryptoKeyId = this.cryptoKey.id;
      this.keyVersionResourceId = this.cryptoKey.primary.get(0).name;
    } else {
      const { DataGoogleKmsCryptoKey } = google.existingKmsCryptoKey();
      // projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>: the ring is the first six segments, the name the eighth.
      const segments = Fn.split('/', props.existingCryptoKeyId);
      const existing = new DataGoogleKmsCryptoKey(this, 'Resource', {
        keyRing: Fn.join('/', Fn.slice(segments, 0, 6)),
        name: Fn.element(segments, 7),
      });
      this.cryptoKeyId = props.existingCryptoKeyId;
      this.keyVersionResourceId = existing.primary.get(0).name;
    }

    this.accessSetup = new CloudProviderAccessSetup(this, 'AccessSetup', {
      projectId: props.projectId,
      providerName: 'GCP',
      lifecycle: { preventDestroy: retain },
    });
    // Atlas's API needs no authorize call for GCP; the provider's example does authorize (terraform-provider-mongodbatlas
    // examples/mongodbatlas_encryption_at_rest/gcp), its delete is a no-op, and the setting takes the role id from it.
    this.authorization = new CloudProviderAccessAuthorization(this, 'Authorization', {
      projectId: props.projectId,
      roleId: this.accessSetup.roleId,
      lifecycle: { preventDestroy: retain },
    });
    this.serviceAccountForAtlas = this.accessSetup.gcpConfig.get(0).serviceAccountForAtlas;
    this.iamMembers = ATLAS_GCP_KEY_ROLES.map(
      (role) =>
        new KmsCryptoKeyIamMember(this, role.replace(/^roles\/cloudkms\./, 'Atlas-'), {
          cryptoKeyId: this.cryptoKeyId,
          role,
          member: `serviceAccount:${this.serviceAccountForAtlas}`,
          lifecycle: { preventDestroy: retain },
        }),
    );
    this.iamPropagation = new Sleep(this, 'IamPropagation', {
      createDuration: props.iamPropagationDelay ?? '7m',
      triggers: { serviceAccount: this.serviceAccountForAtlas, cryptoKey: this.cryptoKeyId },
      dependsOn: [...this.iamMembers],
    });
    this.roleId = this.authorization.roleId;
  }
}

/** SYN-GCP-1 on the ids, the rotation period's range (SYN-INPUT-1), and destroy protection turned off (SYN-KEEP-2). */
function checkKeyProps(props: GoogleCloudKmsEncryptionKeyProps, rotationDays: number, scope: Construct) {
  const r = new RuleReporter(TF_VALIDATION);
  const s = `GoogleCloudKmsEncryptionKey ${JSON.stringify(scope.node.path)}`;
  const existing = props.existingCryptoKeyId !== undefined;
  if (existing === (props.keyRing !== undefined)) {
    r.report(
      'SYN-GCP-1',
      s,
      existing ? 'existingCryptoKeyId' : 'keyRing',
      existing ? props.existingCryptoKeyId : undefined,
      existing ? 'both an existing crypto key and a key ring for a new one are given' : 'no key ring for the new key',
      'exactly one: keyRing (GoogleCloudKeyRing.create or fromName) for a new key, or existingCryptoKeyId',
    );
  }
  const ids: Array<{ prop: string; kind: GcpKmsIdKind; value: unknown }> = [];
  if (props.keyRing !== undefined) {
    const ring = props.keyRing.options;
    ids.push(
      { prop: 'keyRing.project', kind: 'project', value: ring.project },
      { prop: 'keyRing.location', kind: 'location', value: ring.location },
      { prop: 'keyRing.name', kind: 'keyRingName', value: ring.name },
      { prop: 'cryptoKeyName', kind: 'cryptoKeyName', value: props.cryptoKeyName },
    );
  }
  ids.push({ prop: 'existingCryptoKeyId', kind: 'cryptoKeyId', value: props.existingCryptoKeyId });
  checkGcpKmsIds(s, ids, r);
  if (
    !existing &&
    !r.deferIfUnresolved('SYN-INPUT-1', s, 'rotationPeriodDays', rotationDays) &&
    (!Number.isInteger(rotationDays) || rotationDays < 1 || rotationDays > MAX_GCP_ROTATION_DAYS)
  ) {
    r.report(
      'SYN-INPUT-1',
      s,
      'rotationPeriodDays',
      rotationDays,
      'Cloud KMS rotates a key every 24 hours at the most often and every 876,000 hours at the least',
      `a whole number of days from 1 to ${MAX_GCP_ROTATION_DAYS}, e.g. 90`,
    );
  }
  if (existing) {
    // Props of a new key only: silently ignoring them would leave the user believing they took effect.
    for (const prop of ['cryptoKeyName', 'rotationPeriodDays', 'hardwareProtected', 'labels'] as const) {
      if (props[prop] === undefined) continue;
      r.report(
        'SYN-INPUT-1',
        s,
        prop,
        props[prop],
        'an existing crypto key keeps its own settings; the construct does not change them',
        'leave it unset with existingCryptoKeyId',
      );
    }
  }
  if (props.retainOnDestroy === false) {
    checkSafetyDefault(
      s,
      'retainOnDestroy',
      false,
      'cdktf destroy schedules every version of the key for destruction and removes the grants Atlas reaches it with',
      r,
    );
  }
  return r.result();
}
