import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { CloudProviderAccessAuthorization } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-authorization';
import type { CloudProviderAccessSetup } from '@cdktf/provider-mongodbatlas/lib/cloud-provider-access-setup';
import type { Sleep } from '@cdktf/provider-time/lib/sleep';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { assertAwsKeyPeers, aws, AWS_KEY, mongodbatlasAccess, time } from './private/providers';

/** Properties of {@link AwsKmsEncryptionKey}. */
export interface AwsKmsEncryptionKeyProps {
  /** The Atlas project id (24 hex characters). */
  readonly projectId: string;
  /** The AWS region of the key, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The ARN of an existing KMS key to use instead of creating one. The stack then only grants Atlas access to it.
   * @default - a new key with rotation on
   */
  readonly existingKeyArn?: string;
  /**
   * An alias for a new key (without the `alias/` prefix).
   * @default - no alias
   */
  readonly alias?: string;
  /**
   * Keep the key and the Atlas access role when the stack is destroyed (`lifecycle.prevent_destroy`).
   * @default true
   */
  readonly retainOnDestroy?: boolean;
  /**
   * How long to wait after the IAM role and policy are created before Atlas uses them.
   * @default '30s'
   */
  readonly iamPropagationDelay?: string;
}

/**
 * A customer-managed AWS KMS key that Atlas may use: the key (or an existing one), Atlas's access role
 * (`mongodbatlas_cloud_provider_access_setup`), the IAM role trusting Atlas's AWS account with the setup's external
 * id, a least-privilege policy (kms:Encrypt, kms:Decrypt, kms:DescribeKey on that key only), the authorization, and
 * a `time_sleep` so Atlas validates the key only once IAM has propagated. Pass it to
 * {@link AwsKmsConfiguration.fromEncryptionKey}.
 */
export class AwsKmsEncryptionKey extends Construct {
  /** The key's ARN. */
  public readonly keyArn: string;
  /** The AWS region of the key. */
  public readonly region: string;
  /** The created key, when one was created. */
  public readonly key?: KmsKey;
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

  constructor(scope: Construct, id: string, props: AwsKmsEncryptionKeyProps) {
    super(scope, id);
    assertAwsKeyPeers();
    const { KmsKey } = aws.kmsKey();
    const { KmsAlias } = aws.kmsAlias();
    const { IamRole } = aws.iamRole();
    const { IamRolePolicy } = aws.iamRolePolicy();
    const { CloudProviderAccessSetup } = mongodbatlasAccess.setup(AWS_KEY);
    const { CloudProviderAccessAuthorization } = mongodbatlasAccess.authorization(AWS_KEY);
    const { Sleep } = time.sleep(AWS_KEY);
    const retain = props.retainOnDestroy ?? true;
    this.region = props.region;

    if (props.existingKeyArn === undefined) {
      this.key = new KmsKey(this, 'Resource', {
        description: 'MongoDB Atlas encryption at rest',
        enableKeyRotation: true,
        lifecycle: { preventDestroy: retain },
      });
      this.keyArn = this.key.arn;
      if (props.alias !== undefined) {
        new KmsAlias(this, 'Alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
      }
    } else {
      this.keyArn = props.existingKeyArn;
    }

    this.accessSetup = new CloudProviderAccessSetup(this, 'AccessSetup', {
      projectId: props.projectId,
      providerName: 'AWS',
      lifecycle: { preventDestroy: retain },
    });
    const awsConfig = this.accessSetup.awsConfig.get(0);
    this.role = new IamRole(this, 'Role', {
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
  }
}
