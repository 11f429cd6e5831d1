/**
 * Time across the Provider framework's polls: onEvent records when it accepted an operation (`StartedAt` in the
 * response data, which the framework merges into every isComplete event), and each poll measures from there.
 */

/** `StartedAt` data value: when onEvent accepted the operation (epoch ms, as a string). */
export function startedAtData(now: number): { StartedAt: string } {
  return { StartedAt: String(now) };
}

/** Milliseconds since the `StartedAt` onEvent recorded (0 when absent, so a missing value never times out early). */
export function elapsedSince(data: Record<string, string> | undefined, now: number): number {
  const started = Number(data?.StartedAt);
  return Number.isFinite(started) && started > 0 ? Math.max(0, now - started) : 0;
}
