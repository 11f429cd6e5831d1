/**
 * The AWS side of a project's customer key for the Terraform engine: the KMS key, Atlas's AWS role, the IAM role
 * Atlas assumes, its least-privilege grant, the IAM propagation wait and the authorization.
 */
// Provider classes: types only here; the constructor loads them on first use (./private/providers).
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { CloudProviderAccessAuthorization } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-authorization';
import type { CloudProviderAccessSetup } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-setup';
import type { Sleep } from '@cdktf/provider-time/lib/sleep';
import { Fn } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import {
  atlasRegionToAws,
  AwsKmsKeyConfig,
  mergeResults,
  parseKeyArn,
  RuleReporter,
  validateKeyAlias,
  validateProjectEncryption,
  validateProjectIds,
} from '../core';
import { checkSafetyDefault } from '../core/rules/engine-settings';
import { assertAwsKeyPeers, aws, AWS_KEY, mongodbatlasAccess, time } from './private/providers';
import { enforce, TF_VALIDATION, tfUnresolved } from './private/validation';

/** KMS rotates a key with automatic rotation on every 365 days unless told otherwise. */
const KMS_DEFAULT_ROTATION_DAYS = 365;

const MARKER = Symbol.for('atlas-encryption-at-rest/cdktf.AwsKmsEncryptionKey');

/** Properties of {@link AwsKmsEncryptionKey}. */
export interface AwsKmsEncryptionKeyProps {
  /** The Atlas project id (24 hex characters, or a reference). */
  readonly projectId: string;
  /**
   * The AWS region of the key, `us-east-1` or `US_EAST_1` (SYN-AWS-1): the key's region, not the cluster's. A new key
   * is created there (resource-level `region`, AWS provider 6), whatever the AWS provider's default region.
   */
  readonly region: string;
  /**
   * The ARN of an existing KMS key to use instead of creating one (SYN-AWS-2: a key ARN, never an alias). Only the
   * grant is then made; the key itself is never managed, so never deleted.
   * @default - a new symmetric key with automatic rotation on
   */
  readonly existingKeyArn?: string;
  /**
   * An alias for a new key, `alias/<name>` (SYN-AWS-5). Atlas is always given the key ARN, never the alias.
   * @default - no alias
   */
  readonly alias?: string;
  /**
   * Keep the key, the IAM role and Atlas's role and authorization when the stack is destroyed
   * (`lifecycle.prevent_destroy`). `false` is allowed and said at synth (SYN-KEEP-2).
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * How long to wait after the IAM role and policy are created before Atlas uses them (a Terraform duration).
   * @default '30s'
   */
  readonly iamPropagationDelay?: string;
}

/**
 * A customer-managed AWS KMS key that Atlas may use: the key (symmetric, automatic rotation on, 30-day deletion
 * window, `prevent_destroy`) or an existing one, Atlas's access role (`mongodbatlas_cloud_provider_access_setup`
 * AWS), the IAM role trusting Atlas's AWS account with the setup's external id, a least-privilege policy
 * (kms:Encrypt, kms:Decrypt, kms:DescribeKey on that key only), a `time_sleep` so Atlas validates the role only once
 * IAM has propagated, and the authorization. Pass it to {@link AwsKmsConfiguration.fromEncryptionKey}.
 *
 * Needs `@cdktf/provider-aws` and `@cdktf/provider-time` (loaded only when this construct is created) and their
 * `AwsProvider` and `TimeProvider` in the stack.
 */
export class AwsKmsEncryptionKey extends Construct {
  /** True when `x` is an AwsKmsEncryptionKey (works across copies of the library). */
  public static isAwsKmsEncryptionKey(x: unknown): x is AwsKmsEncryptionKey {
    return typeof x === 'object' && x !== null && (x as { [MARKER]?: boolean })[MARKER] === true;
  }

  /** The key's ARN. */
  public readonly keyArn: string;
  /** The AWS region of the key, as given. */
  public readonly region: string;
  /** The Atlas project id. */
  public readonly projectId: string;
  /** The created key, when one was created. */
  public readonly key?: KmsKey;
  /** The alias of the created key, when one was asked for. */
  public readonly alias?: KmsAlias;
  /** The IAM role Atlas assumes. */
  public readonly role: IamRole;
  /** Atlas's access role. */
  public readonly accessSetup: CloudProviderAccessSetup;
  /** The authorization of Atlas's access role; the encryption resource depends on it. */
  public readonly authorization: CloudProviderAccessAuthorization;
  /** The IAM propagation wait. */
  public readonly iamPropagation: Sleep;
  /** The Atlas role id to put in the encryption configuration. */
  public readonly roleId: string;
  /** Automatic rotation period of a created key in days (undefined for an existing key: unknown). */
  public readonly rotationPeriodDays?: number;
  /** The key as the core rules see it. */
  public readonly keyConfig: AwsKmsKeyConfig;

  constructor(scope: Construct, id: string, props: AwsKmsEncryptionKeyProps) {
    super(scope, id);
    Object.defineProperty(this, MARKER, { value: true });
    assertAwsKeyPeers();
    const retain = props.retainOnDestroy ?? true;
    this.region = props.region;
    this.projectId = props.projectId;
    const created = props.existingKeyArn === undefined;
    this.rotationPeriodDays = created ? KMS_DEFAULT_ROTATION_DAYS : undefined;
    const existing = props.existingKeyArn;

    const { KmsKey } = aws.kmsKey();
    const { KmsAlias } = aws.kmsAlias();
    const { IamRole } = aws.iamRole();
    const { IamRolePolicy } = aws.iamRolePolicy();
    const { CloudProviderAccessSetup } = mongodbatlasAccess.setup(AWS_KEY);
    const { CloudProviderAccessAuthorization } = mongodbatlasAccess.authorization(AWS_KEY);
    const { Sleep } = time.sleep(AWS_KEY);

    if (existing === undefined) {
      // Both region forms become the AWS form; a reference is converted by Terraform.
      const awsRegion = tfUnresolved(props.region)
        ? Fn.replace(Fn.lower(props.region), '_', '-')
        : atlasRegionToAws(props.region);
      this.key = new KmsKey(this, 'Resource', {
        description: 'MongoDB Atlas encryption at rest: customer key',
        region: awsRegion,
        customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
        keyUsage: 'ENCRYPT_DECRYPT',
        enableKeyRotation: true,
        // The longest window KMS allows: a scheduled deletion can still be cancelled for 30 days.
        deletionWindowInDays: 30,
        lifecycle: { preventDestroy: retain },
      });
      this.keyArn = this.key.arn;
      if (props.alias !== undefined) {
        this.alias = new KmsAlias(this, 'Alias', { name: props.alias, targetKeyId: this.key.keyId, region: awsRegion });
      }
    } else {
      this.keyArn = existing;
    }

    this.accessSetup = new CloudProviderAccessSetup(this, 'AccessSetup', {
      projectId: props.projectId,
      providerName: 'AWS',
      lifecycle: { preventDestroy: retain },
    });
    const awsConfig = this.accessSetup.awsConfig.get(0);
    this.role = new IamRole(this, 'Role', {
      description: 'Assumed by MongoDB Atlas to use the encryption-at-rest customer key',
      assumeRolePolicy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: awsConfig.atlasAwsAccountArn },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': awsConfig.atlasAssumedRoleExternalId } },
          },
        ],
      }),
      lifecycle: { preventDestroy: retain },
    });
    const policy = new IamRolePolicy(this, 'Policy', {
      role: this.role.id,
      policy: Fn.jsonencode({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey'], Resource: [this.keyArn] },
        ],
      }),
    });
    this.iamPropagation = new Sleep(this, 'IamPropagation', {
      createDuration: props.iamPropagationDelay ?? '30s',
      triggers: { role: this.role.arn },
      dependsOn: [this.role, policy],
    });
    this.authorization = new CloudProviderAccessAuthorization(this, 'Authorization', {
      projectId: props.projectId,
      roleId: this.accessSetup.roleId,
      aws: { iamAssumedRoleArn: this.role.arn },
      dependsOn: [this.iamPropagation],
      lifecycle: { preventDestroy: retain },
    });
    this.roleId = this.authorization.roleId;

    this.keyConfig = {
      customerMasterKeyId: this.keyArn,
      region: props.region,
      keyAccountId: existing !== undefined && !tfUnresolved(existing) ? parseKeyArn(existing)?.account : undefined,
      // What this construct creates: a symmetric encryption key with rotation on.
      keySpec: created ? 'SYMMETRIC_DEFAULT' : undefined,
      keyUsage: created ? 'ENCRYPT_DECRYPT' : undefined,
      rotationPeriodDays: this.rotationPeriodDays,
    };
    enforce(this, this.check(props, created));
  }

  /**
   * The rules the cdk engine's AWS key runs: the key as Atlas will see it (SYN-PROJ-4, SYN-AWS-1 region, SYN-AWS-2
   * key ARN, SYN-AWS-4 spec), the alias (SYN-AWS-5), one AWS key construct per project (SYN-PROJ-2) and the safety
   * default (SYN-KEEP-2).
   */
  private check(props: AwsKmsEncryptionKeyProps, created: boolean) {
    const others = this.node.root.node
      .findAll()
      .filter((c: IConstruct) => c !== this && AwsKmsEncryptionKey.isAwsKmsEncryptionKey(c))
      .map((c) => (c as AwsKmsEncryptionKey).projectId);
    const r = new RuleReporter(TF_VALIDATION);
    const subject = `AwsKmsEncryptionKey ${JSON.stringify(this.node.path)}`;
    if (!created && props.alias !== undefined) {
      r.report(
        'SYN-AWS-5',
        subject,
        'alias',
        props.alias,
        'an alias is made only for a key this construct creates, not for existingKeyArn',
        'no alias with existingKeyArn (alias the existing key where it is managed)',
      );
    }
    if (props.retainOnDestroy === false) {
      checkSafetyDefault(
        subject,
        'retainOnDestroy',
        false,
        created
          ? 'cdktf destroy schedules the key for deletion and removes the role Atlas uses to reach it'
          : 'cdktf destroy removes the role Atlas uses to reach the key',
        r,
      );
    }
    return mergeResults(
      validateProjectEncryption({ projectId: props.projectId, aws: this.keyConfig }, TF_VALIDATION),
      created ? validateKeyAlias(props.alias, TF_VALIDATION) : { violations: [], deferred: [] },
      validateProjectIds([...others, props.projectId], TF_VALIDATION, 'AWS KMS key'),
      r.result(),
    );
  }
}
