/**
 * Marginal synth time per cluster (run by bench/run.mjs, prints one JSON line): `app.synth()` of a fresh App with
 * N = 1, 10, 50 clusters, this library (bench/lib/scale-topology.ts) against awscdk-resources-mongodbatlas
 * (bench/lib/mongodb-topology.ts), warm and in one process, sampled in blocks (bench/lib/stats.ts sampleInBlocks);
 * the slope is the least-squares fit over the medians. In one process the start-up, loader and imports (the same for every N, and
 * seconds of spread between processes on a shared machine) stay out of the slope. aws-cdk-lib's built-in template
 * validation is on, as in `cdk synth`.
 *
 * Options (environment): BENCH_PER_CLUSTER_ROUNDS (default 5; 5 timed runs per block).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { mongoDbCdkStack } from './lib/mongodb-topology';
import { scaleStack } from './lib/scale-topology';
import { median, sampleInBlocks, slope } from './lib/stats';

const ROUNDS = Math.max(1, Number(process.env.BENCH_PER_CLUSTER_ROUNDS ?? 5));
const PER_BLOCK = 5;
const NS = [1, 10, 50];
const SIDES: Record<string, (app: App, n: number) => Stack> = { ours: scaleStack, theirs: mongoDbCdkStack };

const timeOne = (side: string, n: number): number => {
  const outdir = mkdtempSync(join(tmpdir(), 'atlas-ear-percluster-'));
  try {
    const t0 = performance.now();
    const app = new App({ outdir });
    SIDES[side](app, n);
    app.synth();
    return performance.now() - t0;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
};

// One variant per side and N; the validation engine is shared by N of one side (the same resource types).
const variants = Object.fromEntries(
  Object.keys(SIDES).flatMap((side) => NS.map((n) => [`${side}:${n}`, () => timeOne(side, n)])),
);
const flat = sampleInBlocks(variants, ROUNDS, PER_BLOCK);
const samples: Record<string, Record<number, number[]>> = { ours: {}, theirs: {} };
for (const [k, xs] of Object.entries(flat)) {
  const [side, n] = k.split(':');
  samples[side][Number(n)] = xs;
}
const r2 = (x: number) => Number(x.toFixed(2));
const out = Object.fromEntries(
  Object.keys(SIDES).map((side) => {
    const med = NS.map((n) => median(samples[side][n]));
    return [
      side,
      {
        medianMs: Object.fromEntries(NS.map((n, i) => [n, r2(med[i])])),
        spreadMs: Object.fromEntries(
          NS.map((n) => [n, { min: r2(Math.min(...samples[side][n])), max: r2(Math.max(...samples[side][n])) }]),
        ),
        msPerCluster: r2(slope(NS.map((n, i) => [n, med[i]]))),
      },
    ];
  }),
);
process.stdout.write(
  `${JSON.stringify({
    synthMsPerClusterRatioVsMongoCdk: Number((out.ours.msPerCluster / out.theirs.msPerCluster).toFixed(3)),
    ...out,
    rounds: ROUNDS,
    method: `app.synth() of a new App per call, warm, one process, in blocks (${ROUNDS} rounds x ${PER_BLOCK} per side and N, sampleInBlocks); least-squares slope of the medians`,
  })}\n`,
);
