import { AtlasProjectEncryption, AwsKmsConfiguration, CloudProvider, EncryptedCluster, EncryptionProvider } from 'atlas-encryption-at-rest/cdktf';
import { synth } from './helpers';
import { PROJECT_ID } from './fixtures';

test('smoke', () => {
  const json = synth((scope) => {
    const e = new AtlasProjectEncryption(scope, 'Encryption', {
      projectId: PROJECT_ID,
      awsKms: AwsKmsConfiguration.fromAttributes({ customerMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555', region: 'us-east-1', roleId: '5f1e2d3c4b5a69788796a5b5', requirePrivateNetworking: true }),
    });
    new EncryptedCluster(scope, 'Cluster', { projectEncryption: e, clusterName: 'orders', encryptionProvider: EncryptionProvider.AWS, regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10', nodeCount: 2 }, { cloud: CloudProvider.AWS, regionName: 'US_WEST_2', instanceSize: 'M10', nodeCount: 1 }] });
  });
  console.log(JSON.stringify({ r: json.resource?.mongodbatlas_encryption_at_rest_private_endpoint, c: json.resource?.mongodbatlas_advanced_cluster, o: json.output }, null, 1));
});
