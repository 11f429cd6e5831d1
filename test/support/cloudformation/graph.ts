/**
 * Runs actions over a dependency graph as CloudFormation does: every node whose prerequisites are done starts at
 * once, so independent resources progress in parallel (AWS docs, "DependsOn attribute": "CloudFormation creates
 * or deletes resources in parallel" where no dependency orders them).
 *
 * - `stopOnFailure` (create, update): after a failure no new node starts; nodes already running finish.
 * - otherwise (delete, rollback): the walk goes on past a failure; only nodes that wait on a failed or skipped
 *   node are skipped (CloudFormation cannot delete a resource another undeleted resource still depends on).
 */
export interface GraphOutcome {
  readonly ok: ReadonlySet<string>;
  readonly failed: ReadonlySet<string>;
  /** Never started. */
  readonly skipped: ReadonlySet<string>;
}

/**
 * @param nodes the nodes, in the order to start them when several are ready
 * @param waitsFor node → the nodes it must wait for (others are ignored)
 * @param action resolves true on success
 */
export async function runGraph(
  nodes: readonly string[],
  waitsFor: (node: string) => Iterable<string>,
  action: (node: string) => Promise<boolean>,
  stopOnFailure: boolean,
): Promise<GraphOutcome> {
  const inSet = new Set(nodes);
  const prereq = new Map(nodes.map((n) => [n, [...waitsFor(n)].filter((d) => inSet.has(d) && d !== n)]));
  const ok = new Set<string>();
  const failed = new Set<string>();
  const skipped = new Set<string>();
  const started = new Set<string>();
  const running = new Map<string, Promise<void>>();
  for (;;) {
    const halted = stopOnFailure && failed.size > 0;
    if (!halted) {
      for (const n of nodes) {
        if (started.has(n) || skipped.has(n)) continue;
        const p = prereq.get(n)!;
        if (p.some((d) => failed.has(d) || skipped.has(d))) {
          skipped.add(n);
          continue;
        }
        if (!p.every((d) => ok.has(d))) continue;
        started.add(n);
        running.set(
          n,
          action(n).then(
            (good) => void (good ? ok : failed).add(n),
            () => void failed.add(n),
          ),
        );
      }
    }
    if (running.size === 0) break;
    const done = await Promise.race([...running.entries()].map(([n, p]) => p.then(() => n)));
    running.delete(done);
  }
  for (const n of nodes) if (!started.has(n)) skipped.add(n);
  return { ok, failed, skipped };
}
