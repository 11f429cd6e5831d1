/**
 * The project's key history as this resource keeps it (DEP-KEEP-1): each key change is a {@link KeyChange} with the
 * date until which the previous key must stay enabled. It is recorded as `pending` in the durable store before the
 * PATCH, confirmed after it, settled against the live key by the next deploy if an invocation stopped in between,
 * logged (`atlas-ear key-history {…}`) and returned as the `KeyHistory` and `RetainPreviousKeysUntil` attributes.
 */
import {
  identityOf,
  identityOfBlock,
  type KeyIdentity,
  type EncryptionAtRestWire,
  KEY_HISTORY_LOG_PREFIX,
  type KeyChange,
  type KeyProvider,
  keyIdOf,
  blockOf,
  isEnabled,
} from '../../../../core/atlas';
import type { ProjectEncryptionSpecWire } from '../../../custom-resources/properties';
import type { HandlerContext } from '../../runtime/context';
import { describeError } from '../../runtime/atlas-errors';
import { HandlerError } from '../../runtime/errors';
import type { ResponseData } from '../../runtime/events';
import { sameJson } from '../../runtime/util';

const WHAT = 'Custom::AtlasProjectEncryption';

/** Bytes of `KeyHistory` JSON kept in the resource's Data (a custom resource response holds at most 4 KB). */
export const KEY_HISTORY_DATA_BYTES = 2048;

/** The identities of a key change: the spec's for the new key, the live block's for the previous one. */
export interface ChangeIdentities {
  readonly identity?: KeyIdentity;
  readonly previousIdentity?: KeyIdentity;
}

/**
 * Which identity each side of a key change of `p` uses (kind and Atlas role id only: the spec names secrets by
 * their Secrets Manager ARN, which is not recorded either).
 */
export function changeIdentities(
  spec: ProjectEncryptionSpecWire,
  live: EncryptionAtRestWire,
  p: KeyProvider,
): ChangeIdentities {
  const wanted = p === 'AWS' ? spec.aws : p === 'AZURE' ? spec.azure : spec.gcp;
  const identity = wanted
    ? identityOf(p, { roleId: wanted.roleId, clientId: p === 'AZURE' ? spec.azure?.clientId : undefined })
    : undefined;
  const previousIdentity = identityOfBlock(blockOf(live, p), p);
  return { ...(identity ? { identity } : {}), ...(previousIdentity ? { previousIdentity } : {}) };
}

/** A key change of `p` applied now. */
export function keyChange(
  p: KeyProvider,
  from: string,
  to: string,
  changedAt: number,
  retain: string,
  identities: ChangeIdentities = {},
): KeyChange {
  return {
    provider: p,
    from,
    to,
    changedAt: new Date(changedAt).toISOString(),
    retainPreviousKeyUntil: retain,
    ...identities,
  };
}

/** Identity of a change for de-duplication (the `status` marker aside). */
function changeKey(e: KeyChange): string {
  return JSON.stringify([e.provider, e.from, e.to, e.changedAt, e.retainPreviousKeyUntil]);
}

/**
 * `existing` followed by the changes of `added` it does not hold yet; an added change replaces a pending twin.
 * `previousIdentity` is kept only on a provider's first change (readers use it only there: later intervals take
 * the identity of the change that started them), so identities cost the 8 KB parameter as little as they can.
 */
export function appendEntries(existing: readonly KeyChange[], added: readonly KeyChange[]): KeyChange[] {
  const byKey = new Map<string, KeyChange>();
  for (const e of [...existing, ...added]) {
    const key = changeKey(e);
    const have = byKey.get(key);
    if (!have || have.status === 'pending') byKey.set(key, e);
  }
  const seen = new Set<KeyProvider>();
  return [...byKey.values()].map((e) => {
    const first = !seen.has(e.provider);
    seen.add(e.provider);
    if (first || e.previousIdentity === undefined) return e;
    const { previousIdentity: _known, ...rest } = e;
    return rest;
  });
}

/**
 * Settles changes left `pending` by an invocation that stopped between recording and confirming them: confirmed
 * when Atlas has the change's new key, dropped when it still has the previous one, otherwise left pending.
 */
export function settlePending(entries: readonly KeyChange[], live: EncryptionAtRestWire): KeyChange[] {
  const out: KeyChange[] = [];
  for (const e of entries) {
    if (e.status !== 'pending') {
      out.push(e);
      continue;
    }
    const liveKey = isEnabled(live, e.provider) ? keyIdOf(blockOf(live, e.provider), e.provider) : undefined;
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

/** The newest changes whose JSON fits `maxBytes` (the whole history when it fits). */
export function newestThatFit(entries: readonly KeyChange[], maxBytes: number): KeyChange[] {
  const out = [...entries];
  while (out.length > 0 && Buffer.byteLength(JSON.stringify(out)) > maxBytes) out.shift();
  return out;
}

/**
 * Reads the project's durable key history, settles changes an earlier invocation left pending, and records this
 * deploy's `changes` as pending *before* the PATCH: a key change is never made without its record, and a failed read
 * or write fails the deploy while Atlas still has the previous key. Returns the settled history without `changes`.
 */
export async function recordKeyChanges(
  ctx: HandlerContext,
  projectId: string,
  live: EncryptionAtRestWire,
  changes: readonly KeyChange[],
): Promise<KeyChange[]> {
  try {
    const stored = await ctx.keyHistory.read(projectId);
    const settled = settlePending(stored, live);
    const pending = changes.map((c): KeyChange => ({ ...c, status: 'pending' }));
    if (pending.length > 0 || !sameJson(settled, stored)) {
      await ctx.keyHistory.write(projectId, appendEntries(settled, pending));
    }
    return settled;
  } catch (err) {
    const what = changes.length > 0 ? 'the key change was not made' : 'nothing was changed';
    throw new HandlerError(
      `${WHAT}: ${describeError(err).replace(/^\[DEP-KEEP-1\] /, '')}. Atlas still has the previous configuration (${what}): a key change is made only once it is recorded`,
      'DEP-KEEP-1',
    );
  }
}

/** Writes the confirmed history after the PATCH; a failure only warns (the next deploy settles the pending changes). */
export async function confirmHistory(
  ctx: HandlerContext,
  projectId: string,
  entries: readonly KeyChange[],
): Promise<void> {
  try {
    await ctx.keyHistory.write(projectId, entries);
  } catch (err) {
    ctx.log.warn(
      `${WHAT}: ${describeError(err)}; the new entries stay marked pending until the next deploy settles them`,
    );
  }
}

/** Logs each applied change (one structured line for log search) and what to keep (DEP-KEEP-1). */
export function logChanges(ctx: HandlerContext, projectId: string, changes: readonly KeyChange[]): void {
  for (const h of changes) {
    ctx.log.info(`${KEY_HISTORY_LOG_PREFIX}${JSON.stringify({ projectId, ...h })}`);
    ctx.log.warn(
      `DEP-KEEP-1: keep the previous ${h.provider} key ${h.from} enabled until ${h.retainPreviousKeyUntil} (plus the point-in-time restore window): snapshots taken with it are not re-encrypted`,
    );
  }
}

/**
 * `KeyHistory` (the cumulative history; the newest changes when it exceeds {@link KEY_HISTORY_DATA_BYTES}, the SSM
 * parameter keeps them all) and `RetainPreviousKeysUntil` (the latest date over the whole history; `indefinitely…`
 * when a snapshot never expires; `unknown…` when a change was recorded while some snapshots could not be read).
 */
export function historyData(history: readonly KeyChange[]): ResponseData {
  const retains = history.map((h) => h.retainPreviousKeyUntil);
  const retain = retains
    .filter((r) => /^\d{4}-/.test(r))
    .sort()
    .at(-1);
  return {
    KeyHistory: JSON.stringify(newestThatFit(history, KEY_HISTORY_DATA_BYTES)),
    RetainPreviousKeysUntil:
      retains.find((r) => r.startsWith('indefinitely')) ??
      retains.find((r) => r.startsWith('unknown')) ??
      retain ??
      'none',
  };
}
