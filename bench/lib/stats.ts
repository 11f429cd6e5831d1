/** Summary statistics the TypeScript benchmarks share (bench/run.mjs, plain JavaScript, has its own). */

/** Median of the samples. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const mx = points.reduce((a, p) => a + p[0], 0) / points.length;
  const my = points.reduce((a, p) => a + p[1], 0) / points.length;
  const num = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return num / den;
}

/**
 * Samples each variant in blocks: per round, every variant in turn (order reversed on odd rounds) runs once
 * untimed, then `perBlock` timed runs. aws-cdk-lib's built-in validation keeps one validation engine per process,
 * initialized for a set of resource types and rebuilt (about 150 ms) whenever a template holds a type it lacks
 * (aws-cdk-lib core/lib/validation/cloudformation-validate-plugin.js, initializeEngine), so alternating variants
 * call by call would charge every call that rebuild; a user's test file, whose tests share their stack's types,
 * pays it once. The untimed first run of each block takes that rebuild.
 */
export function sampleInBlocks(
  variants: Readonly<Record<string, () => number>>,
  rounds: number,
  perBlock: number,
): Record<string, number[]> {
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 === 0 ? names : [...names].reverse()) {
      variants[n]();
      for (let i = 0; i < perBlock; i++) samples[n].push(variants[n]());
    }
  }
  return samples;
}
