/** Benchmark baseline for import overhead: an aws-cdk-lib app that defines one empty stack. */
import { App, Stack } from 'aws-cdk-lib';

const app = new App();
new Stack(app, 'Empty');
app.synth();
