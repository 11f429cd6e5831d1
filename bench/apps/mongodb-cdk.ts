/**
 * Benchmark baseline: the example app's AWS topology built with MongoDB's own CDK library
 * (awscdk-resources-mongodbatlas): a KMS key, the IAM role Atlas assumes (hand-built, since that
 * library has no cloud-provider-access resource), CfnEncryptionAtRest and one CfnCluster per cluster.
 * `BENCH_CLUSTERS` sets the cluster count (default 2, like the example).
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  AdvancedRegionConfigProviderName,
  CfnCluster,
  CfnClusterPropsEncryptionAtRestProvider,
  CfnEncryptionAtRest,
} from 'awscdk-resources-mongodbatlas';
import { AwsSolutionsChecks } from 'cdk-nag';

const clusters = Number(process.env.BENCH_CLUSTERS ?? '2');
const app = new App();
const stack = new Stack(app, 'MongoDbCdkBaseline', { env: { account: '111122223333', region: 'us-east-1' } });
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
// cdk-nag only with BENCH_NAG=1, on both sides of the comparison (see example-cdk.ts).
if (process.env.BENCH_NAG === '1') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
