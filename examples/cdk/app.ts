/**
 * Example app (`npx cdk synth` at the repository root, via cdk.json). Synthesizes without AWS credentials:
 * the environment is a fixed dummy account and region. cdk-nag's AwsSolutions pack runs on every synth.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AtlasEncryptionAtRestExampleStack } from './stack';

const app = new App();
new AtlasEncryptionAtRestExampleStack(app, 'AtlasEncryptionAtRestExample', {
  env: { account: '123456789012', region: 'us-east-1' },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
