/**
 * Example stack: one Atlas project encrypted with an AWS KMS key (created here) and an Azure Key Vault key
 * (created elsewhere, referenced by id; its client secret in Secrets Manager), and two clusters: one on AWS using
 * the AWS key, one on Azure using the Azure key.
 */
import { CfnOutput, Duration, Stack, StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  AtlasCredentials,
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  AzureKeyVaultIdentity,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdk';

/** Example values: replace them with your own. */
const PROJECT_ID = '65f1c0ffee0123456789abcd';
const ATLAS_API_KEY_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/api-key-AbCdEf';
const AZURE_CLIENT_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/azure-client-secret-GhIjKl';

/** Props of the example's stack. */
export interface AtlasEncryptionAtRestExampleStackProps extends StackProps {
  /**
   * Atlas Administration API base URL handed to the handler (tests point it at a loopback Atlas emulator).
   * @default - none: the handler uses `https://cloud.mongodb.com`
   */
  readonly atlasBaseUrl?: string;
}

/** The example's stack. */
export class AtlasEncryptionAtRestExampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: AtlasEncryptionAtRestExampleStackProps) {
    super(scope, id, props);

    const credentials = AtlasCredentials.fromApiKeySecret(
      secretsmanager.Secret.fromSecretCompleteArn(this, 'AtlasApiKey', ATLAS_API_KEY_SECRET_ARN),
      props?.atlasBaseUrl !== undefined ? { baseUrl: props.atlasBaseUrl } : {},
    );

    // AWS: a new KMS key, the Atlas role, the IAM role Atlas assumes and its authorization.
    const awsKey = new AwsKmsEncryptionKey(this, 'AwsKey', { projectId: PROJECT_ID, credentials });

    const encryption = new AtlasProjectEncryption(this, 'Encryption', {
      projectId: PROJECT_ID,
      credentials,
      awsKms: awsKey,
      // Azure: a key that exists elsewhere, by reference; the client secret stays in Secrets Manager.
      azureKeyVault: {
        tenantId: '11111111-2222-3333-4444-555555555555',
        subscriptionId: '66666666-7777-8888-9999-000000000000',
        resourceGroupName: 'atlas-ear',
        keyVaultName: 'atlas-ear-vault',
        keyIdentifier: 'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear/0123456789abcdef0123456789abcdef',
        identity: AzureKeyVaultIdentity.fromClientSecret({
          clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
          clientSecret: secretsmanager.Secret.fromSecretCompleteArn(this, 'AzureClientSecret', AZURE_CLIENT_SECRET_ARN),
          expiresAt: new Date('2027-06-30T00:00:00Z'),
        }),
      },
      // Alert when a key is older than 13 months: the AWS key rotates every 12 (SYN-ALERT-1).
      rotationAlert: { threshold: Duration.days(395) },
    });

    // Keep the key history: `atlas-ear restore-check --key-history` maps snapshots to keys with it.
    new CfnOutput(this, 'KeyHistory', { value: encryption.keyHistory });
    new CfnOutput(this, 'RetainPreviousKeysUntil', { value: encryption.retainPreviousKeysUntil });

    const orders = new EncryptedCluster(this, 'OrdersOnAws', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AWS,
      regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
      mongoDbMajorVersion: '8.0',
      backupEnabled: true,
      pitEnabled: true,
    });
    // Nothing pending is silent: whether Atlas finished the last change, and a provider-switch step still to apply.
    new CfnOutput(this, 'OrdersConverged', { value: orders.converged });
    new CfnOutput(this, 'OrdersPendingStep', { value: orders.pendingStep });

    new EncryptedCluster(this, 'CatalogOnAzure', {
      projectEncryption: encryption,
      clusterName: 'catalog',
      encryptionProvider: EncryptionProvider.AZURE,
      regions: [{ cloud: CloudProvider.AZURE, regionName: 'US_EAST_2', instanceSize: 'M10' }],
    });
  }
}
