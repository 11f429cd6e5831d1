/**
 * The size benchmarks' topology with this library: one project encrypted with an AWS KMS key and `clusters`
 * encrypted clusters created by the library (one AWS region, M10), like the example's AWS half. Shared by
 * bench/apps/scale.ts (template bytes, one process per N) and bench/per-cluster.ts (warm synth time per cluster).
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

/** Adds the topology with `clusters` clusters to a new stack of `app`. */
export function scaleStack(app: App, clusters: number, id = 'ScaleBench'): Stack {
  const projectId = '65f1c0ffee0123456789abcd';
  const stack = new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' } });
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
  return stack;
}
