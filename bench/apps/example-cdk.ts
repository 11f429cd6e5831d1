/**
 * Benchmark app: the example's stack (examples/cdk/stack.ts: AWS KMS key, Azure key by reference, two clusters) in an
 * app set up exactly like bench/apps/mongodb-cdk.ts. aws-cdk-lib's built-in template validation stays on (as in
 * every app); cdk-nag's AwsSolutions pack runs only with `BENCH_NAG=1`, on both sides of the comparison.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AtlasEncryptionAtRestExampleStack } from '../../examples/cdk/stack';

const app = new App();
new AtlasEncryptionAtRestExampleStack(app, 'AtlasEncryptionAtRestExample', {
  env: { account: '123456789012', region: 'us-east-1' },
});
if (process.env.BENCH_NAG === '1') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
