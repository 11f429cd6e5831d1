/**
 * What one restore check is: a pure function from the facts (and what the runner derived from them once, such as
 * the snapshot's key) to its verdict lines. Each check lives in `./checks` and can be run alone on
 * {@link checkContext}.
 */
import { clusterProviderOf, isKeyProvider, type KeyProvider } from '../../core/atlas/providers';
import type { CheckStatus, RestoreCheckLine, RestoreFacts, RestoreLineId } from './facts';
import { resolveSnapshotKey, type SnapshotKeyResolution } from './snapshot-key';

/** The facts as every check sees them. */
export interface CheckContext {
  /** What `restore-check` fetched. */
  readonly facts: RestoreFacts;
  /** Which key the snapshot needs (resolved once). */
  readonly snapshotKey: SnapshotKeyResolution;
  /** The target is in another project than the source. */
  readonly crossProject: boolean;
  /** The target as messages name it: `target cluster "copy" in project …`. */
  readonly target: string;
  /** The target cluster's `encryptionAtRestProvider` as Atlas reports it (`NONE` when absent); undefined without a target. */
  readonly targetProvider?: string;
  /** The target's key provider; undefined when the target uses none (or does not exist). */
  readonly targetKeyProvider?: KeyProvider;
}

/** One check: the lines it adds to the verdict (none when it does not apply). */
export type RestoreCheck = (context: CheckContext) => RestoreCheckLine[];

/** Derives what every check needs from the facts. */
export function checkContext(facts: RestoreFacts): CheckContext {
  const crossProject = facts.targetProjectId !== facts.sourceProjectId;
  const raw = facts.targetCluster ? (facts.targetCluster.encryptionAtRestProvider ?? 'NONE') : undefined;
  const keyProvider = clusterProviderOf(raw);
  return {
    facts,
    snapshotKey: resolveSnapshotKey(facts),
    crossProject,
    target: `target cluster "${facts.targetClusterName}"${crossProject ? ` in project ${facts.targetProjectId}` : ''}`,
    ...(raw !== undefined ? { targetProvider: raw } : {}),
    ...(isKeyProvider(keyProvider) ? { targetKeyProvider: keyProvider } : {}),
  };
}

/** A verdict line; `fix` only when there is one. */
export function line(id: RestoreLineId, status: CheckStatus, message: string, fix?: string): RestoreCheckLine {
  return fix === undefined ? { id, status, message } : { id, status, message, fix };
}
