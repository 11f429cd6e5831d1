/**
 * Benchmark app for template size: bench/lib/scale-topology.ts with `BENCH_CLUSTERS` (default 1) clusters.
 */
import { App } from 'aws-cdk-lib';
import { scaleStack } from '../lib/scale-topology';

const app = new App();
scaleStack(app, Number(process.env.BENCH_CLUSTERS ?? '1'));
app.synth();
