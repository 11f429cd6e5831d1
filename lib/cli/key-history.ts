/**
 * The CLI's reader of the library's key history (DEP-KEEP-1): Atlas exposes only `masterKeyUUID` on a snapshot,
 * with no documented mapping to a customer key, so the deploy-time handler records every key change (core's
 * `KeyChange`) and the CLI maps a snapshot to its key through the intervals (`KeyInterval`) those changes make.
 * The record shapes, the parameter name and the log prefix are core's, so the writer and this reader cannot drift.
 */
import {
  intervalsFromChanges,
  KEY_HISTORY_LOG_PREFIX,
  keyHistoryParameterName,
  type KeyChange,
  type KeyInterval,
} from '../core/atlas/key-history';
import { isKeyIdentityKind, KEY_IDENTITY_KINDS, type KeyIdentity } from '../core/atlas/key-identity';
import { isKeyProvider, type KeyProvider } from '../core/atlas/providers';
import { awsErrorName, isMissingAwsCredentials, SsmAdapter } from './aws';
import { CliError, ExitCode } from './errors';

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !Number.isNaN(Date.parse(value));
}

/** The part of a {@link KeyChange} that places a key in time, with the identities Atlas used. */
type ChangeInTime = Pick<KeyChange, 'provider' | 'from' | 'to' | 'changedAt' | 'identity' | 'previousIdentity'>;

/**
 * An identity field of a record: undefined when absent (entries written before identities were recorded);
 * otherwise a kind of the record's provider with an optional role id and client id, else the reason it is not.
 */
function parseIdentity(value: unknown, provider: KeyProvider): KeyIdentity | string | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const kinds = Object.keys(KEY_IDENTITY_KINDS).filter(
    (k) => KEY_IDENTITY_KINDS[k as keyof typeof KEY_IDENTITY_KINDS].provider === provider,
  );
  if (typeof value !== 'object' || !isKeyIdentityKind(v.kind) || KEY_IDENTITY_KINDS[v.kind].provider !== provider) {
    return `kind must be one of ${kinds.join(', ')}`;
  }
  if (v.roleId !== undefined && (typeof v.roleId !== 'string' || v.roleId === '')) return 'roleId must be a string';
  if (v.clientId !== undefined && typeof v.clientId !== 'string') return 'clientId must be a string';
  return {
    kind: v.kind,
    ...(typeof v.roleId === 'string' ? { roleId: v.roleId } : {}),
    ...(typeof v.clientId === 'string' && v.clientId !== '' ? { clientId: v.clientId } : {}),
  };
}

/** A change names its time; an interval does not (its `from` and `to` are times, a change's are keys). */
function isChange(r: Record<string, unknown>): boolean {
  return r.changedAt !== undefined;
}

/** Reads the handler's `atlas-ear key-history {…}` log lines out of a log export; undefined when there are none. */
function parseLogLines(text: string): unknown[] | undefined {
  const docs: unknown[] = [];
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(KEY_HISTORY_LOG_PREFIX);
    if (at < 0) continue;
    const doc = safeParse(line.slice(at + KEY_HISTORY_LOG_PREFIX.length).trim());
    if (doc !== undefined) docs.push(doc);
  }
  return docs.length > 0 ? docs : undefined;
}

/**
 * Parses a key history document. Accepted forms:
 * - an array of intervals `{provider, keyId, from, to}` (`from`/`to` ISO times, `to` null for the current key);
 * - an array of the handler's changes `{provider, from, to, changedAt}` (`from`/`to` keys; core's `KeyChange`), as in
 *   the stack output `KeyHistory` and the SSM parameter (several deploys' arrays may be concatenated);
 * - either array inside `{"KeyHistory": …}`, or encoded as a JSON string (a CloudFormation output value is a string);
 * - a log export holding the handler's `atlas-ear key-history {…}` lines.
 * Records of another project (a `projectId` that differs from `projectId`) are ignored.
 * Throws {@link CliError} naming the first bad record.
 */
export function parseKeyHistory(text: string, source = 'key history', projectId?: string): KeyInterval[] {
  const usage = 'Pass the stack output KeyHistory (a JSON array), or an array of {provider, keyId, from, to} records.';
  let doc: unknown = safeParse(text);
  if (doc === undefined) doc = parseLogLines(text);
  if (doc === undefined) throw new CliError(`${source} is not valid JSON`, ExitCode.USAGE, usage);
  if (typeof doc === 'string') doc = safeParse(doc);
  if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) {
    const obj = doc as Record<string, unknown>;
    doc = obj.KeyHistory ?? obj.keyHistory;
    if (typeof doc === 'string') doc = safeParse(doc);
  }
  if (!Array.isArray(doc)) throw new CliError(`${source} is not an array of key records`, ExitCode.USAGE, usage);
  const intervals: KeyInterval[] = [];
  const changes: ChangeInTime[] = [];
  doc.forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const bad = (what: string): never => {
      throw new CliError(
        `${source} record ${i}: ${what}`,
        ExitCode.USAGE,
        'Each record needs provider (AWS, AZURE or GCP), keyId, from (ISO time) and optionally to (ISO time or null) ' +
          'and identity {kind, roleId}, or is a change {provider, from, to, changedAt} from the stack output KeyHistory.',
      );
    };
    if (projectId !== undefined && typeof r.projectId === 'string' && r.projectId !== projectId) return;
    const provider = typeof r.provider === 'string' ? r.provider.toUpperCase() : undefined;
    if (!isKeyProvider(provider)) return bad('provider must be AWS, AZURE or GCP');
    const identityField = (field: 'identity' | 'previousIdentity'): { [k in typeof field]?: KeyIdentity } => {
      const parsed = parseIdentity(r[field], provider);
      if (typeof parsed === 'string') bad(`${field}: ${parsed}`);
      return parsed === undefined ? {} : { [field]: parsed as KeyIdentity };
    };
    if (isChange(r)) {
      // A change's key is `to`; any other field on it (older handlers also wrote `keyId`) is not read.
      if (!isIsoTime(r.changedAt)) bad('changedAt must be an ISO-8601 time');
      if (typeof r.from !== 'string' || r.from.length === 0) bad('from (the previous key) is missing');
      if (typeof r.to !== 'string' || r.to.length === 0) bad('to (the new key) is missing');
      changes.push({
        provider,
        from: r.from as string,
        to: r.to as string,
        changedAt: r.changedAt as string,
        ...identityField('identity'),
        ...identityField('previousIdentity'),
      });
      return;
    }
    if (typeof r.keyId !== 'string' || r.keyId.length === 0) bad('keyId is missing');
    if (!isIsoTime(r.from)) bad('from must be an ISO-8601 time');
    if (r.to !== undefined && r.to !== null && !isIsoTime(r.to)) bad('to must be an ISO-8601 time or null');
    if (r.region !== undefined && typeof r.region !== 'string') bad('region must be a string');
    intervals.push({
      provider,
      keyId: r.keyId as string,
      from: r.from as string,
      to: (r.to as string | null | undefined) ?? null,
      ...(typeof r.region === 'string' ? { region: r.region } : {}),
      ...identityField('identity'),
    });
  });
  return [...intervals, ...intervalsFromChanges(changes)];
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True when `at` lies in the record's `[from, to)` interval. */
export function recordCovers(record: KeyInterval, at: Date): boolean {
  const t = at.getTime();
  const from = Date.parse(record.from);
  const to = record.to ? Date.parse(record.to) : Number.POSITIVE_INFINITY;
  return from <= t && t < to;
}

/**
 * The records of `provider` (or of any provider) whose `[from, to)` contains `at`, latest `from` first.
 */
export function recordsAt(history: readonly KeyInterval[], at: Date, provider?: string): KeyInterval[] {
  return history
    .filter((r) => (provider === undefined || r.provider === provider) && recordCovers(r, at))
    .sort((a, b) => Date.parse(b.from) - Date.parse(a.from));
}

/** The record of the provider's current key (open-ended `to`), latest `from` first. */
export function currentRecord(history: readonly KeyInterval[], provider: string): KeyInterval | undefined {
  return history
    .filter((r) => r.provider === provider && !r.to)
    .sort((a, b) => Date.parse(b.from) - Date.parse(a.from))[0];
}

/** Where {@link readKeyHistoryParameter} looks and how it reports. */
export interface KeyHistoryParameterOptions {
  /** Atlas project id. */
  readonly projectId: string;
  /** AWS region of the stack; the SDK's default (profile) when undefined. */
  readonly region: string | undefined;
  /** SSM adapter. */
  readonly ssm: SsmAdapter;
  /** Prints a warning (stderr). */
  readonly warn: (message: string) => void;
}

/**
 * Reads the key history the deploy-time handler keeps in SSM Parameter Store
 * (`/atlas-encryption-at-rest/<projectId>/key-history`, in the stack's account and region). Never throws: a missing
 * parameter (no key change recorded, or another region) resolves `undefined` quietly; no credentials, access denied,
 * a network failure or an unreadable value resolve `undefined` with a warning, so the command runs as without a
 * history. Entries still marked `pending` (a deploy stopped between recording and confirming a change) are used,
 * with a warning.
 */
export async function readKeyHistoryParameter(o: KeyHistoryParameterOptions): Promise<KeyInterval[] | undefined> {
  const name = keyHistoryParameterName(o.projectId);
  const where = `SSM parameter ${name}${o.region ? ` (${o.region})` : ''}`;
  const fallback = 'continuing without a key history; pass --key-history <file.json> (the stack output KeyHistory)';
  let text: string | undefined;
  try {
    text = await o.ssm.getParameter(name, o.region);
  } catch (err) {
    const why = isMissingAwsCredentials(err)
      ? 'no AWS credentials found'
      : /region is missing/i.test(err instanceof Error ? err.message : '')
        ? 'no AWS region: set AWS_REGION or pass --region'
        : /AccessDenied|UnrecognizedClient|ExpiredToken|InvalidClientTokenId/.test(awsErrorName(err))
          ? `${awsErrorName(err)}: your AWS credentials may not call ssm:GetParameter on it`
          : `${awsErrorName(err)}: SSM did not answer`;
    o.warn(`cannot read the key history from ${where} (${why}); ${fallback}`);
    return undefined;
  }
  if (text === undefined) return undefined;
  try {
    const records = parseKeyHistory(text, where, o.projectId);
    const pending = (safeParse(text) as Array<{ status?: unknown }> | undefined)?.filter?.(
      (e) => e?.status === 'pending',
    ).length;
    if (pending) {
      o.warn(
        `${where} has ${pending} key change(s) still marked pending (a deploy stopped before Atlas confirmed them); they are used as if made`,
      );
    }
    return records;
  } catch (err) {
    o.warn(`${where} is not a key history (${err instanceof Error ? err.message : String(err)}); ${fallback}`);
    return undefined;
  }
}
