/** `cdktf synth` entry point of the AWS KMS example. */
import { App } from 'cdktf';
import { AwsKmsExampleStack } from './stack';

const app = new App();
new AwsKmsExampleStack(app, 'atlas-ear-aws');
app.synth();
