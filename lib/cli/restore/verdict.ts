/**
 * The restore preflight as a pure function: runs every registered check (./checks) over the facts `restore-check`
 * fetched and derives the verdict from their lines. No I/O here, so every check is unit-testable alone and together.
 */
import { checkContext } from './check';
import { RESTORE_CHECKS } from './checks';
import type { RestoreCheckLine, RestoreFacts, RestoreVerdict, Verdict } from './facts';

/** `BLOCKED` when any line fails; with warnings when any warns or needs a manual check; else `RESTORABLE`. */
export function verdictOf(lines: readonly RestoreCheckLine[]): Verdict {
  if (lines.some((c) => c.status === 'fail')) return 'BLOCKED';
  if (lines.some((c) => c.status === 'warn' || c.status === 'manual')) return 'RESTORABLE_WITH_WARNINGS';
  return 'RESTORABLE';
}

/** Runs every registered check over the facts, in order. Pure: same facts, same verdict. */
export function restoreVerdict(facts: RestoreFacts): RestoreVerdict {
  const context = checkContext(facts);
  const lines = RESTORE_CHECKS.flatMap(([, check]) => check(context));
  const { snapshot } = facts;
  const resolution = context.snapshotKey;
  return {
    verdict: verdictOf(lines),
    snapshot: {
      id: snapshot.id,
      createdAt: snapshot.createdAt,
      projectId: facts.sourceProjectId,
      clusterName: facts.sourceClusterName,
      encrypted: resolution.encrypted,
      ...(snapshot.masterKeyUUID ? { masterKeyUUID: snapshot.masterKeyUUID } : {}),
    },
    ...(resolution.key && resolution.basis
      ? {
          key: {
            ...resolution.key,
            basis: resolution.basis,
            ...(resolution.identity ? { identity: resolution.identity } : {}),
          },
        }
      : {}),
    target: { projectId: facts.targetProjectId, clusterName: facts.targetClusterName },
    checks: lines,
  };
}
