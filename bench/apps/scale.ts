/**
 * Benchmark app for template size: one project encrypted with an AWS KMS key and `BENCH_CLUSTERS` (default 1)
 * encrypted clusters created by the library (one AWS region, M10), like the example's AWS half.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AtlasCredentials,
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdk';

const clusters = Number(process.env.BENCH_CLUSTERS ?? '1');
const projectId = '65f1c0ffee0123456789abcd';
const app = new App();
const stack = new Stack(app, 'ScaleBench', { env: { account: '123456789012', region: 'us-east-1' } });
const credentials = AtlasCredentials.fromApiKeySecret(
  secretsmanager.Secret.fromSecretCompleteArn(
    stack,
    'AtlasApiKey',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/api-key-AbCdEf',
  ),
);
const awsKey = new AwsKmsEncryptionKey(stack, 'AwsKey', { projectId, credentials });
const encryption = new AtlasProjectEncryption(stack, 'Encryption', { projectId, credentials, awsKms: awsKey });
for (let i = 0; i < clusters; i++) {
  new EncryptedCluster(stack, `Cluster${i}`, {
    projectEncryption: encryption,
    clusterName: `cluster-${i}`,
    encryptionProvider: EncryptionProvider.AWS,
    regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
  });
}
app.synth();
