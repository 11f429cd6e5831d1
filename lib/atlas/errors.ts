/**
 * The Atlas error type, its parsing from an Atlas error body, and the predicates callers branch on.
 * Whether a resource is gone is decided by HTTP status (404), as terraform-provider-mongodbatlas does
 * (`resp.StatusCode == http.StatusNotFound`); error codes are kept for messages. Predicates are duck-typed
 * on `name`, never on class identity (an error class may differ between copies of a module).
 */
import type { AtlasErrorBody } from '../core/atlas/wire';
import { redactText, redactValue } from './redact';

// Redaction moved to ./redact; re-exported for callers that import it from here (lib/cli/output.ts).
export { SECRET_FIELDS, collectSecretValues, redactText, redactValue } from './redact';

// The propagation codes are Atlas vocabulary, shared with the handler (one definition in core).
export { CLOUD_GRANT_CODES, IAM_PROPAGATION_CODES } from '../core/atlas/providers';

/** errorCode used when an Atlas response body is not the JSON it should be. */
export const MALFORMED_RESPONSE = 'MALFORMED_RESPONSE';
/** errorCode used when the connection failed (reset, refused, DNS) and retries are spent. */
export const CONNECTION_ERROR = 'CONNECTION_ERROR';
/** errorCode used when a request exceeded `requestTimeoutMs` and retries are spent. */
export const REQUEST_TIMEOUT = 'REQUEST_TIMEOUT';
/** errorCode used when the caller's deadline had passed before the request could be sent. */
export const DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED';
/** errorCode used when a list kept returning full pages past the client's page bound. */
export const PAGE_LIMIT_EXCEEDED = 'PAGE_LIMIT_EXCEEDED';

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

/** The same error with a hint appended to its message and the final attempt count. */
export function withHint(err: AtlasApiError, hint: string, attempts: number): AtlasApiError {
  return new AtlasApiError({
    method: err.method,
    path: err.path,
    status: err.status,
    errorCode: err.errorCode,
    detail: err.detail,
    reason: err.reason,
    parameters: err.parameters,
    badRequestDetail: err.badRequestDetail,
    hint,
    attempts,
  });
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

/**
 * True when Atlas answered 404: the resource (or its project) does not exist. Decided by status, whatever the
 * code (`CLUSTER_NOT_FOUND`, `RESOURCE_NOT_FOUND`, `CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND`, `GROUP_NOT_FOUND`, …).
 */
export function isNotFound(err: unknown): err is AtlasApiError {
  return isAtlasError(err) && err.status === 404;
}

/**
 * True when Atlas answered 404 for a resource inside a project that exists. A 404 `GROUP_NOT_FOUND` says the
 * project itself is missing (a wrong project id): a read then fails rather than reporting the resource absent.
 */
export function isNotFoundInProject(err: unknown): err is AtlasApiError {
  return isNotFound(err) && err.errorCode !== 'GROUP_NOT_FOUND';
}

/** Where a failed request was, for building its error. */
export interface FailedRequest {
  readonly method: string;
  readonly path: string;
  readonly attempts: number;
}

/**
 * Parses an Atlas error response. Atlas error bodies are plain JSON whatever the Content-Type says;
 * anything else becomes MALFORMED_RESPONSE. Echoed `secrets` are removed from detail and parameters.
 */
export function parseAtlasError(
  req: FailedRequest,
  status: number,
  text: string,
  secrets: Iterable<string>,
): AtlasApiError {
  let body: Partial<AtlasErrorBody> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      body = parsed as Partial<AtlasErrorBody>;
  } catch {
    body = undefined;
  }
  if (!body || typeof body.errorCode !== 'string') {
    return new AtlasApiError({
      ...req,
      status,
      errorCode: MALFORMED_RESPONSE,
      detail: `error body is not an Atlas error (${text.length} bytes)`,
    });
  }
  const list = [...secrets];
  return new AtlasApiError({
    ...req,
    status,
    errorCode: body.errorCode,
    detail: typeof body.detail === 'string' ? redactText(body.detail, list) : undefined,
    reason: typeof body.reason === 'string' ? body.reason : undefined,
    parameters: Array.isArray(body.parameters) ? redactValue(body.parameters, list) : [],
    badRequestDetail: body.badRequestDetail ? redactValue(body.badRequestDetail, list) : undefined,
  });
}
