/**
 * Waiting in the handler, with the one test seam on time.
 *
 * `ATLAS_EAR_TEST_TIME_SCALE=<s>` with 0 < s < 1 (ignored unless set; never set in Lambda) makes every wait `s` times
 * as long in real time (the Atlas client's retry sleeps and 30 s per-attempt timeout, and the handler's own waits).
 * A deploy simulation pairs it with a clock running `1/s` times as fast (test/support/cfn-simulator.ts), so budgets
 * and timeouts keep their production values in simulated time while the test takes seconds.
 */

/** The time scale of the test seam, or undefined in production. */
export const TEST_TIME_SCALE = ((v: string | undefined): number | undefined => {
  const n = Number(v);
  return v && n > 0 && n < 1 ? n : undefined;
})(process.env.ATLAS_EAR_TEST_TIME_SCALE);

/** Sleeps `ms` (scaled by {@link TEST_TIME_SCALE} when set). */
export function sleep(ms: number): Promise<void> {
  return new Promise<void>((resolve) => setTimeout(resolve, ms * (TEST_TIME_SCALE ?? 1)));
}
