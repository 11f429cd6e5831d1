/**
 * Which key a snapshot needs (DEP-KEEP-1). Atlas documents no mapping from a snapshot to a customer key (it exposes
 * only `masterKeyUUID`), so the answer comes from the library's key history, else from the project's current key.
 */
import type { KeyInterval } from '../../core/atlas/key-history';
import { identityOfBlock, type KeyIdentity } from '../../core/atlas/key-identity';
import { blockOf, isKeyProvider, type KeyProvider } from '../../core/atlas/providers';
import { recordsAt } from '../key-history';
import { awsKeyRegion, currentKey, KeyRef, sameKeyId } from '../key-ref';
import type { KeyBasis, RestoreFacts } from './facts';

/** Which key a snapshot needs, and how sure the CLI is. */
export interface SnapshotKeyResolution {
  /** Whether the snapshot is encrypted with a customer key; undefined when that cannot be told. */
  readonly encrypted: boolean | undefined;
  /** The key provider that encrypted it. */
  readonly provider?: KeyProvider;
  /** The key; undefined when unknown. */
  readonly key?: KeyRef;
  /** `history`: from the key history (`--key-history` or the SSM parameter); `current-key`: assumed to be the project's current key. */
  readonly basis?: KeyBasis;
  /**
   * The identity Atlas used to reach the key: the history record's, else (for the project's current key) the live
   * configuration's.
   * @default - not known (a history entry written before identities were recorded)
   */
  readonly identity?: KeyIdentity;
  /** Why the answer may be wrong. */
  readonly warnings: readonly string[];
}

/**
 * The key-history record of the snapshot's provider whose `[from, to)` contains the snapshot's `createdAt`;
 * without a history (or a covering record), the project's current key, with a warning.
 */
export function resolveSnapshotKey(
  facts: Pick<RestoreFacts, 'snapshot' | 'sourceCluster' | 'sourceEncryption' | 'keyHistory'>,
): SnapshotKeyResolution {
  const { snapshot, sourceCluster, sourceEncryption, keyHistory } = facts;
  const warnings: string[] = [];
  const created = new Date(snapshot.createdAt);
  const clusterProvider = sourceCluster?.encryptionAtRestProvider;

  let provider: KeyProvider | undefined;
  if (isKeyProvider(clusterProvider)) {
    provider = clusterProvider;
  } else if (keyHistory) {
    const providers = [...new Set(recordsAt(keyHistory, created).map((r) => r.provider))];
    if (providers.length === 1 && snapshot.masterKeyUUID) {
      provider = providers[0];
      warnings.push(
        `the source cluster ${sourceCluster ? `now uses provider ${clusterProvider ?? 'NONE'}` : 'is gone'}; ` +
          `the snapshot carries a masterKeyUUID and the key history has a ${provider} key at ${snapshot.createdAt}, so ${provider} is assumed`,
      );
    }
  }
  if (!provider) {
    if (snapshot.masterKeyUUID) {
      return {
        encrypted: true,
        warnings: [
          ...warnings,
          `the snapshot carries masterKeyUUID ${snapshot.masterKeyUUID} (encrypted with a customer key), but the source cluster ` +
            `${sourceCluster ? 'no longer uses one' : 'is gone'} and no key history record covers ${snapshot.createdAt}`,
        ],
      };
    }
    return { encrypted: false, warnings };
  }

  const current = currentKey(sourceEncryption, provider);
  const liveIdentity = identityOfBlock(blockOf(sourceEncryption, provider), provider);
  const withRegion = (r: KeyInterval): KeyRef => {
    if (r.provider !== 'AWS') return { provider: r.provider, keyId: r.keyId };
    let region = awsKeyRegion(r.keyId, r.region);
    if (!region && current && sameKeyId(current.keyId, r.keyId)) region = current.region;
    if (!region && current?.region) {
      region = current.region;
      warnings.push(
        `key history gives no region for AWS key ${r.keyId}; assuming the project's current key region ${current.region}`,
      );
    }
    return { provider: 'AWS', keyId: r.keyId, ...(region ? { region } : {}) };
  };

  if (keyHistory) {
    const covering = recordsAt(keyHistory, created, provider);
    if (covering.length > 0) {
      if (covering.length > 1) {
        warnings.push(
          `key history has ${covering.length} overlapping ${provider} records at ${snapshot.createdAt}; using the latest (from ${covering[0].from})`,
        );
      }
      const record = covering[0];
      // The record of the current key takes the live configuration's identity: it is the same key configuration,
      // and the history records identities only with key changes (an identity switched on the same key, or an
      // entry written before identities were recorded, would otherwise be stale or missing).
      const isCurrent = !record.to && current !== undefined && sameKeyId(current.keyId, record.keyId);
      const identity = (isCurrent ? liveIdentity : undefined) ?? record.identity;
      return {
        encrypted: true,
        provider,
        key: withRegion(record),
        basis: 'history',
        ...(identity ? { identity } : {}),
        warnings,
      };
    }
    warnings.push(
      `key history has no ${provider} key covering the snapshot time ${snapshot.createdAt}` +
        (current
          ? `; falling back to the project's current ${provider} key, which may not be the key that encrypted it`
          : ''),
    );
  } else {
    warnings.push(
      'no key history (no --key-history file, and no key-history SSM parameter could be read): Atlas does not say which customer key encrypted a snapshot (it exposes only masterKeyUUID), ' +
        `so the project's current ${provider} key is assumed; if the key changed after ${snapshot.createdAt}, the snapshot needs the earlier key`,
    );
  }
  if (!current) return { encrypted: true, provider, warnings };
  return {
    encrypted: true,
    provider,
    key: current,
    basis: 'current-key',
    ...(liveIdentity ? { identity: liveIdentity } : {}),
    warnings,
  };
}
