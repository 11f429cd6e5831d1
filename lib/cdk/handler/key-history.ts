/**
 * Key history and snapshot checks (DEP-KEEP-1).
 *
 * Snapshots are not re-encrypted when a project's key changes, so each key change is recorded as a
 * {@link KeyHistoryEntry} together with the date until which the previous key must stay enabled
 * (the latest `expiresAt` among snapshots of the clusters that used it; add the PIT window on top).
 *
 * Where the record lives:
 * - durably, in the SSM parameter `/atlas-encryption-at-rest/<projectId>/key-history` (a {@link KeyHistoryStore};
 *   {@link SsmKeyHistoryStore} in production): a JSON array of every entry ever recorded for the project. The
 *   handler creates it on the first key change and never deletes it, so it outlives the stack like the keys it
 *   describes; `atlas-ear` reads it by default;
 * - the resource's `Data`: `KeyHistory` (the cumulative history, the newest entries that fit
 *   {@link KEY_HISTORY_DATA_BYTES}) and `RetainPreviousKeysUntil`; the constructs expose them as stack outputs;
 * - one structured log line per change, `atlas-ear key-history {"projectId",…}`, in the handler's log group.
 */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { AtlasApi } from '../../atlas/api';
import type { ClusterWire, SnapshotWire } from '../../core/atlas/wire';
import type { EncryptionAtRestWire } from '../../core/atlas/wire';
import { keyHistoryParameterName } from '../../core/atlas/key-history';
import { HandlerError } from './errors';
import { blockOf, isEnabled, KEY_FIELD, KEY_PROVIDERS, KeyProvider, keyRefOf } from './providers';
import { atlasStatus, hasErrorCode } from './util';

/** One key change on a project. */
export interface KeyHistoryEntry {
  /** Provider whose key changed. */
  readonly provider: KeyProvider;
  /** Atlas field that holds the key reference (`customerMasterKeyID`, `keyIdentifier`, `keyVersionResourceID`). */
  readonly keyId: string;
  /** Previous key reference: keep it enabled until `retainPreviousKeyUntil`. */
  readonly from: string;
  /** New key reference. */
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
}

/** Snapshots on one cluster that may need a provider's key. */
export interface SnapshotsNeedingKey {
  readonly cluster: string;
  readonly snapshots: number;
  readonly latestExpiresAt?: string;
}

/** Whether a cluster may hold snapshots taken with provider `p`'s key. */
function mayHoldSnapshotsOf(cluster: ClusterWire, p: KeyProvider): boolean {
  const used = cluster.encryptionAtRestProvider;
  // A cluster at NONE (or unknown) may have been switched away from p; its older snapshots still need p's key.
  return used === p || used === 'NONE' || used === undefined;
}

/**
 * Lists, per cluster (deleted clusters with retained backups included), the unexpired snapshots that carry a
 * customer-key marker (`masterKeyUUID`) and may need provider `p`'s key. Atlas documents no mapping from
 * `masterKeyUUID` to a customer key (Atlas documents no such mapping), so snapshots of clusters now on another provider are
 * attributed to that provider.
 */
export async function snapshotsNeedingKey(
  api: AtlasApi,
  projectId: string,
  p: KeyProvider,
  now: number,
): Promise<SnapshotsNeedingKey[]> {
  const clusters = await api.listClusters(projectId, { includeDeletedWithRetainedBackups: true });
  const out: SnapshotsNeedingKey[] = [];
  for (const cluster of clusters) {
    if (!mayHoldSnapshotsOf(cluster, p)) continue;
    let snapshots: SnapshotWire[];
    try {
      snapshots = await api.listSnapshots(projectId, cluster.name);
    } catch (err) {
      if (atlasStatus(err) === 404 || hasErrorCode(err, 'CLUSTER_NOT_FOUND', 'RESOURCE_NOT_FOUND')) continue;
      throw err;
    }
    const live = snapshots.filter(
      (s) => s.masterKeyUUID && s.status !== 'failed' && (!s.expiresAt || Date.parse(s.expiresAt) > now),
    );
    if (live.length === 0) continue;
    const expiries = live.map((s) => s.expiresAt).filter((e): e is string => !!e);
    const latest = expiries.sort().at(-1);
    out.push({ cluster: cluster.name, snapshots: live.length, latestExpiresAt: latest });
  }
  return out;
}

/** The date until which the previous key of `p` must stay enabled, or `none`. */
export async function retainUntil(api: AtlasApi, projectId: string, p: KeyProvider, now: number): Promise<string> {
  const needs = await snapshotsNeedingKey(api, projectId, p, now);
  if (needs.length === 0) return 'none';
  if (needs.some((n) => !n.latestExpiresAt)) return 'indefinitely (a snapshot has no expiry)';
  return needs
    .map((n) => n.latestExpiresAt as string)
    .sort()
    .at(-1) as string;
}

/** Builds a key-history entry. */
export function keyChange(
  p: KeyProvider,
  from: string,
  to: string,
  changedAt: number,
  retain: string,
): KeyHistoryEntry {
  return {
    provider: p,
    keyId: KEY_FIELD[p],
    from,
    to,
    changedAt: new Date(changedAt).toISOString(),
    retainPreviousKeyUntil: retain,
  };
}

/** Durable per-project store of the key history (DEP-KEEP-1). */
export interface KeyHistoryStore {
  /** Every entry recorded for the project, oldest first; empty when nothing was recorded yet. */
  read(projectId: string): Promise<KeyHistoryEntry[]>;
  /** Replaces the project's record with `entries`. */
  write(projectId: string, entries: readonly KeyHistoryEntry[]): Promise<void>;
}

/** Largest value an SSM parameter holds (Advanced tier; Intelligent-Tiering moves past 4 KB on its own). */
export const KEY_HISTORY_MAX_BYTES = 8192;
/** Bytes of `KeyHistory` JSON kept in the resource's Data (a custom resource response holds at most 4 KB). */
export const KEY_HISTORY_DATA_BYTES = 2048;

/** Parses a stored key history; throws a {@link HandlerError} on anything but an array of entries. */
export function parseStoredHistory(text: string, where: string): KeyHistoryEntry[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const ok = (e: unknown): e is KeyHistoryEntry => {
    const r = (e ?? {}) as Record<string, unknown>;
    return (
      KEY_PROVIDERS.includes(r.provider as KeyProvider) &&
      ['from', 'to', 'changedAt'].every((k) => typeof r[k] === 'string' && r[k] !== '')
    );
  };
  if (!Array.isArray(doc) || !doc.every(ok)) {
    throw new HandlerError(
      `the key history in ${where} is not a JSON array of {provider, from, to, changedAt} entries; it was left as it is. Fix or restore it (parameter history: aws ssm get-parameter-history), then deploy again`,
      'DEP-KEEP-1',
    );
  }
  return doc;
}

/** Identity of an entry for de-duplication (the `status` marker aside). */
function entryKey(e: KeyHistoryEntry): string {
  return JSON.stringify([e.provider, e.keyId, e.from, e.to, e.changedAt, e.retainPreviousKeyUntil]);
}

/** `existing` followed by the entries of `added` it does not hold yet; an added entry replaces a pending twin. */
export function appendEntries(
  existing: readonly KeyHistoryEntry[],
  added: readonly KeyHistoryEntry[],
): KeyHistoryEntry[] {
  const byKey = new Map<string, KeyHistoryEntry>();
  for (const e of [...existing, ...added]) {
    const key = entryKey(e);
    const have = byKey.get(key);
    if (!have || have.status === 'pending') byKey.set(key, e);
  }
  return [...byKey.values()];
}

/**
 * Settles entries left `pending` by an invocation that stopped between recording and confirming a change: confirmed
 * when Atlas has the entry's new key, dropped when it still has the previous one, otherwise left pending.
 */
export function settlePending(entries: readonly KeyHistoryEntry[], live: EncryptionAtRestWire): KeyHistoryEntry[] {
  const out: KeyHistoryEntry[] = [];
  for (const e of entries) {
    if (e.status !== 'pending') {
      out.push(e);
      continue;
    }
    const liveKey = isEnabled(live, e.provider) ? keyRefOf(blockOf(live, e.provider), e.provider) : undefined;
    if (liveKey === e.from) continue;
    if (liveKey === e.to) {
      const { status: _pending, ...confirmed } = e;
      out.push(confirmed);
    } else {
      out.push(e);
    }
  }
  return out;
}

/** The newest entries whose JSON fits `maxBytes` (the whole history when it fits). */
export function newestThatFit(entries: readonly KeyHistoryEntry[], maxBytes: number): KeyHistoryEntry[] {
  const out = [...entries];
  while (out.length > 0 && Buffer.byteLength(JSON.stringify(out)) > maxBytes) out.shift();
  return out;
}

/** Error name of an AWS SDK error. */
function sdkErrorName(err: unknown): string {
  const name = (err as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

/**
 * {@link KeyHistoryStore} over SSM Parameter Store: one `String` parameter per project
 * (`keyHistoryParameterName(projectId)`), tier `Intelligent-Tiering` (Standard up to 4 KB, Advanced up to 8 KB when
 * the history grows past that). The handler only ever reads and overwrites it; nothing deletes it.
 */
export class SsmKeyHistoryStore implements KeyHistoryStore {
  private client?: SSMClient;

  /** @param newClient builds the SSM client (region and credentials from the Lambda environment by default) */
  constructor(private readonly newClient: () => SSMClient = () => new SSMClient({})) {}

  /** @inheritdoc */
  public async read(projectId: string): Promise<KeyHistoryEntry[]> {
    const name = keyHistoryParameterName(projectId);
    let value: string | undefined;
    try {
      const out = await this.ssm().send(new GetParameterCommand({ Name: name }));
      value = out.Parameter?.Value;
    } catch (err) {
      if (sdkErrorName(err) === 'ParameterNotFound') return [];
      throw new HandlerError(
        `cannot read the key history parameter ${name} (${sdkErrorName(err)}); check the handler's ssm:GetParameter permission on it`,
        'DEP-KEEP-1',
      );
    }
    return value === undefined || value === '' ? [] : parseStoredHistory(value, `SSM parameter ${name}`);
  }

  /** @inheritdoc */
  public async write(projectId: string, entries: readonly KeyHistoryEntry[]): Promise<void> {
    const name = keyHistoryParameterName(projectId);
    const value = JSON.stringify(entries);
    if (Buffer.byteLength(value) > KEY_HISTORY_MAX_BYTES) {
      throw new HandlerError(
        `the key history of project ${projectId} (${entries.length} entries, ${Buffer.byteLength(value)} bytes) no longer fits the SSM parameter ${name} (${KEY_HISTORY_MAX_BYTES} bytes): archive the entries whose keys no snapshot needs any more and remove them from the parameter, then deploy again`,
        'DEP-KEEP-1',
      );
    }
    try {
      await this.ssm().send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Type: 'String',
          Overwrite: true,
          Tier: 'Intelligent-Tiering',
          Description:
            'atlas-encryption-at-rest key history (DEP-KEEP-1): keys that snapshots may need. Do not delete.',
        }),
      );
    } catch (err) {
      throw new HandlerError(
        `cannot write the key history parameter ${name} (${sdkErrorName(err)}); check the handler's ssm:PutParameter permission on it`,
        'DEP-KEEP-1',
      );
    }
  }

  private ssm(): SSMClient {
    this.client ??= this.newClient();
    return this.client;
  }
}
