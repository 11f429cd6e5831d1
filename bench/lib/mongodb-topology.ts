/**
 * The example app's AWS topology built with MongoDB's own CDK library (awscdk-resources-mongodbatlas): a KMS key,
 * the IAM role Atlas assumes (hand-built, since that library has no cloud-provider-access resource),
 * CfnEncryptionAtRest and one CfnCluster per cluster. Shared by the synth apps and the user-test benchmark.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AdvancedRegionConfigProviderName,
  CfnCluster,
  CfnClusterPropsEncryptionAtRestProvider,
  CfnEncryptionAtRest,
} from 'awscdk-resources-mongodbatlas';

/** Adds the topology with `clusters` clusters to a new stack of `app`. */
export function mongoDbCdkStack(app: App, clusters: number, id = 'MongoDbCdkBaseline'): Stack {
  const stack = new Stack(app, id, { env: { account: '111122223333', region: 'us-east-1' } });
  const projectId = '5f1a2b3c4d5e6f7a8b9c0d1e';
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const role = new iam.Role(stack, 'AtlasRole', {
    assumedBy: new iam.ArnPrincipal('arn:aws:iam::536727724300:root').withConditions({
      StringEquals: { 'sts:ExternalId': 'external-id-from-atlas' },
    }),
  });
  key.grant(role, 'kms:Encrypt', 'kms:Decrypt', 'kms:DescribeKey');
  const ear = new CfnEncryptionAtRest(stack, 'Encryption', {
    projectId,
    profile: 'default',
    awsKmsConfig: {
      enabled: true,
      customerMasterKeyId: key.keyId,
      region: 'US_EAST_1',
      roleId: '65f0c0ffee0123456789abcd',
    },
  });
  for (let i = 0; i < clusters; i++) {
    const cluster = new CfnCluster(stack, `Cluster${i}`, {
      projectId,
      profile: 'default',
      name: `cluster-${i}`,
      clusterType: 'REPLICASET',
      backupEnabled: true,
      pitEnabled: true,
      encryptionAtRestProvider: CfnClusterPropsEncryptionAtRestProvider.AWS,
      replicationSpecs: [
        {
          advancedRegionConfigs: [
            {
              providerName: AdvancedRegionConfigProviderName.AWS,
              regionName: 'US_EAST_1',
              priority: 7,
              electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
            },
          ],
        },
      ],
    });
    cluster.addDependency(ear);
  }
  return stack;
}
