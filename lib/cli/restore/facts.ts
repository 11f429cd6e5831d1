/**
 * What the restore preflight reads (the facts `restore-check` fetched) and what it answers (the verdict). Types
 * only: the checks are in `./checks`, the runner in `./verdict`.
 */
import type { RuleId } from '../../core/catalogue/rule-registry';
import type { ClusterWire, EARPrivateEndpointWire, EncryptionAtRestWire, SnapshotWire } from '../../core/atlas/wire';
import type { KeyInterval } from '../../core/atlas/key-history';
import type { AccessRoleLookup, KeyIdentity } from '../../core/atlas/key-identity';
import type { KeyAccess, KeyRef } from '../key-ref';

/** Everything `restore-check` fetched. */
export interface RestoreFacts {
  /** Source project id. */
  readonly sourceProjectId: string;
  /** Source cluster name. */
  readonly sourceClusterName: string;
  /** The source cluster; undefined when it is deleted and Atlas no longer returns it. */
  readonly sourceCluster?: ClusterWire;
  /** `GET /encryptionAtRest` of the source project. */
  readonly sourceEncryption: EncryptionAtRestWire;
  /** The snapshot. */
  readonly snapshot: SnapshotWire;
  /** Target project id (the source project when not given). */
  readonly targetProjectId: string;
  /** Target cluster name (the source cluster when not given). */
  readonly targetClusterName: string;
  /** The target cluster; undefined when it does not exist. */
  readonly targetCluster?: ClusterWire;
  /** `GET /encryptionAtRest` of the target project. */
  readonly targetEncryption: EncryptionAtRestWire;
  /**
   * The target provider's encryption-at-rest private endpoints, when it requires private networking.
   * @default - not listed
   */
  readonly targetPrivateEndpoints?: readonly EARPrivateEndpointWire[];
  /**
   * The library's key history (`--key-history`, or the project's SSM key-history parameter).
   * @default - none: the snapshot is assumed to use the project's current key, with a warning
   */
  readonly keyHistory?: readonly KeyInterval[];
  /**
   * The restore is a point-in-time restore (DEP-RST-7).
   * @default false
   */
  readonly pointInTime?: boolean;
  /**
   * What the KMS said about the snapshot's key.
   * @default - not checked
   */
  readonly snapshotKeyAccess?: KeyAccess;
  /**
   * What `GET /groups/{source}/cloudProviderAccess/{roleId}` answered for the Atlas role the snapshot's key
   * configuration used (DEP-RST-9).
   * @default - not looked up
   */
  readonly snapshotKeyRole?: AccessRoleLookup;
  /**
   * What the KMS said about the source project's current key (point-in-time restores).
   * @default - not checked
   */
  readonly currentKeyAccess?: KeyAccess;
}

/** Outcome of one check. `manual` means the CLI cannot see it and says exactly what to verify. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'manual' | 'info';

/**
 * What a line is about that no registered rule covers: the snapshot itself (completed, sane dates) and the target
 * cluster's existence and state (exists, not paused, IDLE). Atlas needs both for any restore, encrypted or not.
 */
export type RestorePrecondition = 'SNAPSHOT' | 'TARGET';

/** The id a verdict line carries: a registered rule, or a precondition. */
export type RestoreLineId = RuleId | RestorePrecondition;

/** One line of the verdict. */
export interface RestoreCheckLine {
  /** Rule id, e.g. `DEP-RST-2`, or a precondition. */
  readonly id: RestoreLineId;
  /** Outcome. */
  readonly status: CheckStatus;
  /** What was found. */
  readonly message: string;
  /** What to do (for `fail`, `warn` and `manual`). */
  readonly fix?: string;
}

/** The overall answer. */
export type Verdict = 'RESTORABLE' | 'RESTORABLE_WITH_WARNINGS' | 'BLOCKED';

/** The snapshot a verdict is about. */
export interface SnapshotSummary {
  /** Snapshot id. */
  readonly id: string;
  /** When it was taken (ISO time). */
  readonly createdAt: string;
  /** Source project id. */
  readonly projectId: string;
  /** Source cluster name. */
  readonly clusterName: string;
  /** Encrypted with a customer key; undefined when that cannot be told. */
  readonly encrypted: boolean | undefined;
  /** Atlas's `masterKeyUUID`, when the snapshot has one. */
  readonly masterKeyUUID?: string;
}

/** Where the snapshot's key came from. */
export type KeyBasis = 'history' | 'current-key';

/** The key a snapshot needs, and where that answer came from. */
export interface SnapshotKey extends KeyRef {
  /** `history`: from the key history (`--key-history` or the SSM parameter); `current-key`: assumed to be the project's current key. */
  readonly basis: KeyBasis;
  /**
   * The identity Atlas used to reach it (kind and Atlas role id).
   * @default - not known
   */
  readonly identity?: KeyIdentity;
}

/** The restore target. */
export interface RestoreTarget {
  /** Target project id. */
  readonly projectId: string;
  /** Target cluster name. */
  readonly clusterName: string;
}

/** The result of the preflight. */
export interface RestoreVerdict {
  /** The overall answer: `BLOCKED` when any check failed. */
  readonly verdict: Verdict;
  /** The snapshot. */
  readonly snapshot: SnapshotSummary;
  /** The key the snapshot needs, when known. */
  readonly key?: SnapshotKey;
  /** The restore target. */
  readonly target: RestoreTarget;
  /** One line per check: the preconditions, then the rules in id order. */
  readonly checks: readonly RestoreCheckLine[];
}
