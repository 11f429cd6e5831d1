/** `cdktf synth` entry point of the Google Cloud KMS example. */
import { App } from 'cdktf';
import { GoogleCloudKmsExampleStack } from './stack';

const app = new App();
new GoogleCloudKmsExampleStack(app, 'atlas-ear-gcp');
app.synth();
