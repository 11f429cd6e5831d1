/**
 * Benchmark baseline: the example app's AWS topology built with MongoDB's own CDK library
 * (bench/lib/mongodb-topology.ts). `BENCH_CLUSTERS` sets the cluster count (default 2, like the example).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { mongoDbCdkStack } from '../lib/mongodb-topology';

const app = new App();
mongoDbCdkStack(app, Number(process.env.BENCH_CLUSTERS ?? '2'));
// cdk-nag only with BENCH_NAG=1, on both sides of the comparison (see example-cdk.ts).
if (process.env.BENCH_NAG === '1') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
