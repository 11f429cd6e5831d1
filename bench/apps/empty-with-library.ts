/** Benchmark for import overhead: the same empty app, importing this library's CDK entry point. */
import { App, Stack } from 'aws-cdk-lib';
import * as ear from 'atlas-encryption-at-rest/cdk';

const app = new App();
new Stack(app, 'Empty');
// Reference the module so the import is not elided.
if (Object.keys(ear).length === 0) throw new Error('library failed to load');
app.synth();
