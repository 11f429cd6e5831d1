/**
 * Atlas error type, the error-code groups the client retries, and secret redaction.
 * Callers branch on `errorCode` (the parsed Atlas code), never on error identity (an error class may differ between copies of a module).
 */
import type { AtlasErrorBody } from '../core/atlas/wire';

// The propagation codes are Atlas vocabulary, shared with the handler (one definition in core).
export { CLOUD_GRANT_CODES, IAM_PROPAGATION_CODES } from '../core/atlas/providers';

/** errorCode used when an Atlas response body is not the JSON it should be. */
export const MALFORMED_RESPONSE = 'MALFORMED_RESPONSE';
/** errorCode used when the connection failed (reset, refused, DNS) and retries are spent. */
export const CONNECTION_ERROR = 'CONNECTION_ERROR';
/** errorCode used when a request exceeded `requestTimeoutMs` and retries are spent. */
export const REQUEST_TIMEOUT = 'REQUEST_TIMEOUT';

/** What `AtlasApiError` is built from. */
export interface AtlasApiErrorInit {
  /** HTTP method of the failed call. */
  readonly method: string;
  /** Path below `/api/atlas/v2` (or the OAuth path), no query string. */
  readonly path: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** Atlas `errorCode` (or one of this module's synthetic codes). */
  readonly errorCode: string;
  /** Atlas `detail`, already redacted. */
  readonly detail?: string | null;
  /** Atlas `reason`. */
  readonly reason?: string | null;
  /** Atlas `parameters`, already redacted. */
  readonly parameters?: unknown[];
  /** Atlas `badRequestDetail`, already redacted. */
  readonly badRequestDetail?: AtlasErrorBody['badRequestDetail'];
  /** How many attempts were made before giving up. */
  readonly attempts?: number;
  /** Extra sentence appended to the message (e.g. the retry budget that ran out). */
  readonly hint?: string;
}

/**
 * An Atlas Admin API call failed. The message names the call, the status and the errorCode so a
 * CloudFormation event or a CLI line is actionable on its own; it never contains a secret.
 */
export class AtlasApiError extends Error {
  /** HTTP status; 0 when no response arrived (connection error or timeout). */
  public readonly status: number;
  /** Parsed Atlas `errorCode`, e.g. `CANNOT_ASSUME_ROLE`. */
  public readonly errorCode: string;
  /** Atlas `detail` (redacted), or undefined. */
  public readonly detail?: string;
  /** Atlas `reason` (HTTP reason phrase), or undefined. */
  public readonly reason?: string;
  /** Atlas `parameters` (redacted), or an empty array. */
  public readonly parameters: unknown[];
  /** Atlas `badRequestDetail` for validation errors, if any. */
  public readonly badRequestDetail?: AtlasErrorBody['badRequestDetail'];
  /** HTTP method of the failed call. */
  public readonly method: string;
  /** Path of the failed call below `/api/atlas/v2`. */
  public readonly path: string;
  /** Attempts made, including the first. */
  public readonly attempts: number;

  public constructor(init: AtlasApiErrorInit) {
    const detail = init.detail ?? undefined;
    const fields = init.badRequestDetail?.fields?.map((f) => `${f.field}: ${f.description}`).join('; ');
    super(
      `Atlas ${init.method} ${init.path} failed: ${init.status} ${init.errorCode}` +
        (detail ? `: ${detail}` : '') +
        (fields ? ` (${fields})` : '') +
        (init.hint ? `. ${init.hint}` : ''),
    );
    this.name = 'AtlasApiError';
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.detail = detail;
    this.reason = init.reason ?? undefined;
    this.parameters = init.parameters ?? [];
    this.badRequestDetail = init.badRequestDetail;
    this.method = init.method;
    this.path = init.path;
    this.attempts = init.attempts ?? 1;
  }
}

/**
 * True when `err` is an `AtlasApiError` and, if codes are given, its errorCode is one of them.
 * Duck-typed on `name` + `errorCode` so an error crossing a bundle boundary still matches.
 */
export function isAtlasError(err: unknown, ...codes: string[]): err is AtlasApiError {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { name?: unknown; errorCode?: unknown; status?: unknown };
  if (e.name !== 'AtlasApiError' || typeof e.errorCode !== 'string' || typeof e.status !== 'number') return false;
  return codes.length === 0 || codes.includes(e.errorCode);
}

/** Field names whose values are secrets wherever they appear in a request body. */
export const SECRET_FIELDS: readonly string[] = Object.freeze([
  'secret',
  'serviceAccountKey',
  'secretAccessKey',
  'webhookSecret',
  'privateKey',
  'clientSecret',
  'client_secret',
  'password',
  'apiKey',
  'apiToken',
  'serviceKey',
  'routingKey',
  'private_key',
]);

const REDACTED = '[REDACTED]';

/** Collects the secret string values of a request body (recursively), so echoes of them can be removed. */
export function collectSecretValues(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) collectSecretValues(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_FIELDS.includes(k) && typeof v === 'string' && v.length > 0) {
        out.add(v);
        // A GCP service-account key is JSON in a string: its private key may be echoed on its own.
        if (v.trimStart().startsWith('{')) {
          try {
            collectSecretValues(JSON.parse(v), out);
          } catch {
            // Not JSON: the whole string is already collected.
          }
        }
      } else {
        collectSecretValues(v, out);
      }
    }
  }
  return out;
}

/** Replaces every occurrence of every secret in `text`. Short values (< 4 chars) are skipped: they would shred text. */
export function redactText(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    result = result.split(s).join(REDACTED);
    // JSON-escaped form (a PEM key echoed inside a JSON string has `\n` escaped).
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) result = result.split(escaped).join(REDACTED);
  }
  return result;
}

/** Deep-redacts strings inside an arbitrary JSON value. */
export function redactValue<T>(value: T, secrets: Iterable<string>): T {
  const list = [...secrets];
  if (list.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, list);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, SECRET_FIELDS.includes(k) && typeof x === 'string' ? REDACTED : walk(x)]),
      );
    }
    return v;
  };
  return walk(value) as T;
}
