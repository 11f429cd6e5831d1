/**
 * The library's own key history (DEP-KEEP-1): Atlas exposes only `masterKeyUUID` on a snapshot, with no
 * documented mapping to a customer key, so the deploy-time handler records every key
 * change as `{provider, keyId, from, to}` and the CLI maps a snapshot to its key through that history.
 */
import { keyHistoryParameterName } from '../core/atlas/key-history';
import { awsErrorName, isMissingAwsCredentials, SsmAdapter } from './aws';
import { CliError, ExitCode } from './errors';

/** Key providers a key history record can name. */
export type KeyProviderName = 'AWS' | 'AZURE' | 'GCP';

/** One key change: the key `keyId` of `provider` was the project's key from `from` until `to` (exclusive). */
export interface KeyHistoryRecord {
  /** Key provider. */
  readonly provider: KeyProviderName;
  /** AWS key id or ARN, Azure versioned key URL, or GCP CryptoKeyVersion name. */
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
}

const PROVIDERS: readonly string[] = ['AWS', 'AZURE', 'GCP'];

function isIsoTime(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && !Number.isNaN(Date.parse(value));
}

/** The earliest time, used as the start of the first key when a history only records changes. */
export const BEGINNING = '1970-01-01T00:00:00.000Z';

/** Text before the JSON of the handler's log line for each key change. */
const LOG_PREFIX = 'atlas-ear key-history ';

/**
 * A key change as the deploy-time handler records it (stack output `KeyHistory`, and its log line
 * `atlas-ear key-history {…}`): `from`/`to` are the previous and new key references, `changedAt` the time.
 */
interface KeyChangeEvent {
  readonly provider: KeyProviderName;
  readonly from: string;
  readonly to: string;
  readonly changedAt: string;
}

function isChangeEvent(r: Record<string, unknown>): boolean {
  return r.changedAt !== undefined;
}

/**
 * Turns change events into intervals: before a provider's first change its `from` key was current (since
 * {@link BEGINNING}); after each change its `to` key, until the next change.
 */
export function intervalsFromChanges(events: readonly KeyChangeEvent[]): KeyHistoryRecord[] {
  const out: KeyHistoryRecord[] = [];
  for (const provider of PROVIDERS as readonly KeyProviderName[]) {
    const list = events
      .filter((e) => e.provider === provider)
      .sort((a, b) => Date.parse(a.changedAt) - Date.parse(b.changedAt));
    if (list.length === 0) continue;
    out.push({ provider, keyId: list[0].from, from: BEGINNING, to: list[0].changedAt });
    list.forEach((e, i) => {
      out.push({ provider, keyId: e.to, from: e.changedAt, to: list[i + 1]?.changedAt ?? null });
    });
  }
  return out;
}

/** Reads the handler's `atlas-ear key-history {…}` log lines out of a log export; undefined when there are none. */
function parseLogLines(text: string): unknown[] | undefined {
  const docs: unknown[] = [];
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(LOG_PREFIX);
    if (at < 0) continue;
    const doc = safeParse(line.slice(at + LOG_PREFIX.length).trim());
    if (doc !== undefined) docs.push(doc);
  }
  return docs.length > 0 ? docs : undefined;
}

/**
 * Parses a key history document. Accepted forms:
 * - an array of intervals `{provider, keyId, from, to}` (`from`/`to` ISO times, `to` null for the current key);
 * - an array of the handler's change events `{provider, from, to, changedAt}` (`from`/`to` key references), as in the
 *   stack output `KeyHistory` (several deploys' arrays may be concatenated);
 * - either array inside `{"KeyHistory": …}`, or encoded as a JSON string (a CloudFormation output value is a string);
 * - a log export holding the handler's `atlas-ear key-history {…}` lines.
 * Records of another project (a `projectId` that differs from `projectId`) are ignored.
 * Throws {@link CliError} naming the first bad record.
 */
export function parseKeyHistory(text: string, source = 'key history', projectId?: string): KeyHistoryRecord[] {
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
  const intervals: KeyHistoryRecord[] = [];
  const events: KeyChangeEvent[] = [];
  doc.forEach((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const bad = (what: string): never => {
      throw new CliError(
        `${source} record ${i}: ${what}`,
        ExitCode.USAGE,
        'Each record needs provider (AWS, AZURE or GCP), keyId, from (ISO time) and optionally to (ISO time or null), ' +
          'or is a change {provider, from, to, changedAt} from the stack output KeyHistory.',
      );
    };
    if (projectId !== undefined && typeof r.projectId === 'string' && r.projectId !== projectId) return;
    if (typeof r.provider !== 'string' || !PROVIDERS.includes(r.provider.toUpperCase()))
      bad('provider must be AWS, AZURE or GCP');
    const provider = (r.provider as string).toUpperCase() as KeyProviderName;
    if (isChangeEvent(r)) {
      if (!isIsoTime(r.changedAt)) bad('changedAt must be an ISO-8601 time');
      if (typeof r.from !== 'string' || r.from.length === 0) bad('from (the previous key) is missing');
      if (typeof r.to !== 'string' || r.to.length === 0) bad('to (the new key) is missing');
      events.push({ provider, from: r.from as string, to: r.to as string, changedAt: r.changedAt as string });
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
    });
  });
  return [...intervals, ...intervalsFromChanges(events)];
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** True when `at` lies in the record's `[from, to)` interval. */
export function recordCovers(record: KeyHistoryRecord, at: Date): boolean {
  const t = at.getTime();
  const from = Date.parse(record.from);
  const to = record.to ? Date.parse(record.to) : Number.POSITIVE_INFINITY;
  return from <= t && t < to;
}

/**
 * The records of `provider` (or of any provider) whose `[from, to)` contains `at`, latest `from` first.
 */
export function recordsAt(history: readonly KeyHistoryRecord[], at: Date, provider?: string): KeyHistoryRecord[] {
  return history
    .filter((r) => (provider === undefined || r.provider === provider) && recordCovers(r, at))
    .sort((a, b) => Date.parse(b.from) - Date.parse(a.from));
}

/** The record of the provider's current key (open-ended `to`), latest `from` first. */
export function currentRecord(history: readonly KeyHistoryRecord[], provider: string): KeyHistoryRecord | undefined {
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
export async function readKeyHistoryParameter(o: KeyHistoryParameterOptions): Promise<KeyHistoryRecord[] | undefined> {
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
