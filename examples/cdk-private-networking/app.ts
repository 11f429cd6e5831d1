/**
 * Example app: an Atlas project whose AWS KMS key Atlas reaches only over AWS PrivateLink, with clusters in two AWS
 * regions. The project encryption creates one private endpoint per cluster region (US_EAST_1, EU_WEST_1), after it
 * turns requirePrivateNetworking on and before the clusters use the key; a stack deletion runs the other way.
 *
 *   npx cdk synth --app "npx tsx examples/cdk-private-networking/app.ts"
 *
 * Synthesizes offline: a fixed dummy account and region, cdk-nag's AwsSolutions and NIST 800-53 rev 5 packs on.
 */
import { App, AppProps, CfnOutput, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  AtlasCredentials,
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdk';
import { acknowledgeNistFindings } from '../cdk/app';

/** Example values: replace them with your own. */
const PROJECT_ID = '65f1c0ffee0123456789abcd';
const ATLAS_API_KEY_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/api-key-AbCdEf';

/** Props of the example's stack. */
export interface PrivateNetworkingExampleStackProps extends StackProps {
  /**
   * Atlas Administration API base URL handed to the handler (tests point it at a loopback Atlas emulator).
   * @default - none: the handler uses `https://cloud.mongodb.com`
   */
  readonly atlasBaseUrl?: string;
}

/** AWS KMS over private endpoints, two clusters in two AWS regions. */
export class PrivateNetworkingExampleStack extends Stack {
  constructor(scope: Construct, id: string, props?: PrivateNetworkingExampleStackProps) {
    super(scope, id, props);
    const credentials = AtlasCredentials.fromApiKeySecret(
      secretsmanager.Secret.fromSecretCompleteArn(this, 'AtlasApiKey', ATLAS_API_KEY_SECRET_ARN),
      props?.atlasBaseUrl !== undefined ? { baseUrl: props.atlasBaseUrl } : {},
    );
    // Atlas reaches this key only over AWS PrivateLink. The clusters' regions get their endpoints automatically;
    // list here the regions of clusters managed elsewhere (none in this example).
    const awsKey = new AwsKmsEncryptionKey(this, 'AwsKey', {
      projectId: PROJECT_ID,
      credentials,
      requirePrivateNetworking: true,
    });
    const encryption = new AtlasProjectEncryption(this, 'Encryption', {
      projectId: PROJECT_ID,
      credentials,
      awsKms: awsKey,
    });
    new CfnOutput(this, 'KeyHistory', { value: encryption.keyHistory });

    for (const [id, name, regionName] of [
      ['OrdersUsEast', 'orders', 'US_EAST_1'],
      ['OrdersEuWest', 'orders-eu', 'EU_WEST_1'],
    ] as const) {
      new EncryptedCluster(this, id, {
        projectEncryption: encryption,
        clusterName: name,
        encryptionProvider: EncryptionProvider.AWS,
        // Private networking needs single-cloud clusters on the key's cloud (SYN-PN-2).
        regions: [{ cloud: CloudProvider.AWS, regionName, instanceSize: 'M10' }],
      });
    }
  }
}

/** Builds the example app with both cdk-nag packs. */
export function createPrivateNetworkingApp(
  options: { appProps?: AppProps; stackProps?: PrivateNetworkingExampleStackProps } = {},
): { app: App; stack: PrivateNetworkingExampleStack } {
  const app = new App(options.appProps);
  const stack = new PrivateNetworkingExampleStack(app, 'AtlasEncryptionAtRestPrivateNetworking', {
    env: { account: '123456789012', region: 'us-east-1' },
    ...options.stackProps,
  });
  acknowledgeNistFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app));
  return { app, stack };
}

if (require.main === module) {
  createPrivateNetworkingApp().app.synth();
}
