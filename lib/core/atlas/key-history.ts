/**
 * The project's key history (DEP-KEEP-1), one definition for its writer (the deploy-time handler) and its readers
 * (the constructs' grants and outputs, `atlas-ear`). Snapshots are not re-encrypted when a key changes, and Atlas
 * exposes only an opaque `masterKeyUUID` on a snapshot, so the handler records every key change and the CLI maps
 * a snapshot to its key through that record.
 */
import type { KeyIdentity } from './key-identity';
import { KEY_PROVIDER_NAMES, type KeyProvider } from './providers';

/** Prefix of the SSM parameters that hold each project's key history. */
export const KEY_HISTORY_PARAMETER_PREFIX = '/atlas-encryption-at-rest';

/**
 * Name of the SSM parameter that holds a project's key history: `/atlas-encryption-at-rest/<projectId>/key-history`.
 * The handler creates it on the first key change and never deletes it, so it outlives the stack like the keys it
 * names.
 * @param projectId Atlas project id (a token is fine in a construct)
 */
export function keyHistoryParameterName(projectId: string): string {
  return `${KEY_HISTORY_PARAMETER_PREFIX}/${projectId}/key-history`;
}

/** Text before the JSON of the handler's log line for each key change. */
export const KEY_HISTORY_LOG_PREFIX = 'atlas-ear key-history ';

/** One key change on a project, as the handler records it. `from` and `to` are keys (see `keyIdOf`). */
export interface KeyChange {
  /** Provider whose key changed. */
  readonly provider: KeyProvider;
  /** Previous key: keep it enabled until `retainPreviousKeyUntil`. */
  readonly from: string;
  /** New key. */
  readonly to: string;
  /** When the handler applied the change (ISO 8601). */
  readonly changedAt: string;
  /** Latest snapshot expiry among clusters that used the previous key, or `none` when there are no such snapshots. */
  readonly retainPreviousKeyUntil: string;
  /**
   * `pending` while the change is recorded but Atlas has not yet confirmed it (written before the PATCH). The
   * handler drops the marker once the PATCH succeeds, and the next deploy settles a leftover one against the live
   * key (confirmed when Atlas has the new key, dropped when it still has the previous one).
   * @default - confirmed
   */
  readonly status?: 'pending';
  /**
   * The identity Atlas uses for the new key (kind and Atlas role id; never a secret).
   * @default - not recorded (entries written before identities were recorded)
   */
  readonly identity?: KeyIdentity;
  /**
   * The identity Atlas used for the previous key, as Atlas reported it before the change.
   * @default - not recorded
   */
  readonly previousIdentity?: KeyIdentity;
}

/** The earliest time, used as the start of the first key when a history only records changes. */
export const BEGINNING = '1970-01-01T00:00:00.000Z';

/** The key `keyId` of `provider` was the project's key from `from` until `to` (exclusive). */
export interface KeyInterval {
  /** Key provider. */
  readonly provider: KeyProvider;
  /** AWS key id or ARN, Azure key URL, or GCP CryptoKeyVersion name. */
  readonly keyId: string;
  /**
   * AWS key region (either form); only for AWS keys given by id rather than ARN.
   * @default - the key ARN's region, or the project's current `awsKms.region`
   */
  readonly region?: string;
  /** ISO-8601 time the key became current. */
  readonly from: string;
  /**
   * ISO-8601 time the key stopped being current.
   * @default - still current
   */
  readonly to?: string | null;
  /**
   * The identity Atlas used for the key in this interval.
   * @default - not recorded
   */
  readonly identity?: KeyIdentity;
}

/**
 * Turns changes into intervals: before a provider's first change its `from` key was current (since
 * {@link BEGINNING}); after each change its `to` key, until the next change.
 */
export function intervalsFromChanges(
  changes: readonly Pick<KeyChange, 'provider' | 'from' | 'to' | 'changedAt' | 'identity' | 'previousIdentity'>[],
): KeyInterval[] {
  const out: KeyInterval[] = [];
  for (const provider of KEY_PROVIDER_NAMES) {
    const list = changes
      .filter((e) => e.provider === provider)
      .sort((a, b) => Date.parse(a.changedAt) - Date.parse(b.changedAt));
    if (list.length === 0) continue;
    const first = list[0];
    out.push({
      provider,
      keyId: first.from,
      from: BEGINNING,
      to: first.changedAt,
      ...identityField(first.previousIdentity),
    });
    list.forEach((e, i) => {
      out.push({
        provider,
        keyId: e.to,
        from: e.changedAt,
        to: list[i + 1]?.changedAt ?? null,
        ...identityField(e.identity),
      });
    });
  }
  return out;
}

function identityField(identity: KeyIdentity | undefined): { identity?: KeyIdentity } {
  return identity ? { identity } : {};
}
