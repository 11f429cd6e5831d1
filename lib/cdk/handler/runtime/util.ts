/** Small pure helpers shared by the resource modules. */

/** Stable JSON for comparisons. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
