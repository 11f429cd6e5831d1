/** MongoDB version comparison for the restore preflight (a snapshot restores to the same or a newer version). */

/**
 * Compares two MongoDB versions (`7.0`, `7.0.12`, `8.0.4-rc1`) on the parts both give.
 * Returns negative when `a` is lower, 0 when equal, positive when higher; undefined when either is unparseable.
 */
export function compareMongoVersions(a: string | undefined, b: string | undefined): number | undefined {
  const parse = (v: string | undefined): number[] | undefined => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v?.trim() ?? '');
    if (!m) return undefined;
    return [m[1], m[2], m[3]].filter((x): x is string => x !== undefined).map(Number);
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return undefined;
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}
