/**
 * Example stack: an Atlas project encrypted with an AWS KMS key the stack creates, and one encrypted cluster.
 * Kept separate from main.ts so tests can build it without writing cdktf.out.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { TimeProvider } from '@cdktf/provider-time/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import {
  AtlasProjectEncryption,
  AwsKmsConfiguration,
  AwsKmsEncryptionKey,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdktf';

/** Settings of the example stack. */
export interface AwsKmsExampleProps {
  /**
   * AWS region of the key (and of the example cluster).
   * @default 'us-east-1'
   */
  readonly region?: string;
}

/** The example: AWS KMS key with Atlas's role, project encryption, rotation alert, one cluster. */
export class AwsKmsExampleStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: AwsKmsExampleProps = {}) {
    super(scope, id);
    const region = props.region ?? 'us-east-1';

    // Atlas credentials: sensitive variables only (set TF_VAR_atlas_public_key / TF_VAR_atlas_private_key).
    const atlasPublicKey = new TerraformVariable(this, 'atlas_public_key', {
      type: 'string',
      sensitive: true,
      description: 'Atlas programmatic API public key (Project Owner on the project)',
    });
    const atlasPrivateKey = new TerraformVariable(this, 'atlas_private_key', {
      type: 'string',
      sensitive: true,
      description: 'Atlas programmatic API private key',
    });
    const projectId = new TerraformVariable(this, 'atlas_project_id', {
      type: 'string',
      description: 'Atlas project (group) id, 24 hexadecimal digits',
    }).stringValue;

    new MongodbatlasProvider(this, 'mongodbatlas', {
      publicKey: atlasPublicKey.stringValue,
      privateKey: atlasPrivateKey.stringValue,
    });
    // AWS credentials come from the environment or the shared config (AWS_PROFILE, ...), never from the stack.
    new AwsProvider(this, 'aws', { region });
    new TimeProvider(this, 'time', {});

    // KMS key (rotation on, prevent_destroy), Atlas's AWS role, the IAM role trusting Atlas with the external id,
    // the least-privilege policy, the IAM propagation wait and the authorization.
    const key = new AwsKmsEncryptionKey(this, 'AtlasKey', {
      projectId,
      region,
      alias: 'alias/atlas-ear-example',
    });

    const encryption = new AtlasProjectEncryption(this, 'Encryption', {
      projectId,
      awsKms: AwsKmsConfiguration.fromEncryptionKey(key),
      rotationAlert: { thresholdDays: 400 },
    });

    new EncryptedCluster(this, 'Orders', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AWS,
      regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
      backupEnabled: true,
      pitEnabled: true,
    });

    new TerraformOutput(this, 'key_arn', { value: key.keyArn });
    new TerraformOutput(this, 'atlas_role_id', { value: key.roleId });
    new TerraformOutput(this, 'iam_role_arn', { value: key.role.arn });
  }
}
