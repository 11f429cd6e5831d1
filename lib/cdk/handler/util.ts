/** Small helpers shared by the resource modules. */
import type { BaseSpec } from '../custom-resources/properties';
import { InvalidRequestError } from './errors';
import type { SpecProperties } from './types';

/** Parses `ResourceProperties.Spec` (a JSON string written by the construct) and checks the base fields. */
export function parseSpec<T extends BaseSpec>(
  props: SpecProperties | undefined,
  what: string,
  required: readonly string[] = [],
): T {
  if (!props || typeof props.Spec !== 'string') {
    throw new InvalidRequestError(
      `${what}: ResourceProperties.Spec is missing (expected the JSON string the construct writes)`,
    );
  }
  let spec: unknown;
  try {
    spec = JSON.parse(props.Spec);
  } catch {
    throw new InvalidRequestError(`${what}: ResourceProperties.Spec is not valid JSON`);
  }
  if (!spec || typeof spec !== 'object') throw new InvalidRequestError(`${what}: Spec is not an object`);
  const s = spec as Record<string, unknown>;
  for (const key of ['projectId', 'credentialsSecretArn', ...required]) {
    if (s[key] === undefined || s[key] === null || s[key] === '') {
      throw new InvalidRequestError(`${what}: Spec.${key} is required`);
    }
  }
  if (s.deletePolicy !== undefined && s.deletePolicy !== 'RETAIN' && s.deletePolicy !== 'DESTROY') {
    throw new InvalidRequestError(
      `${what}: Spec.deletePolicy must be RETAIN or DESTROY (got ${JSON.stringify(s.deletePolicy)})`,
    );
  }
  return spec as T;
}

/** True when the spec asks Delete to remove the Atlas object. Anything else retains (data-safety invariant 1). */
export function isDestroy(spec: BaseSpec): boolean {
  return spec.deletePolicy === 'DESTROY';
}

/** The Atlas `errorCode` of an error from the Atlas client, if it is one. */
export function atlasErrorCode(err: unknown): string | undefined {
  const code = (err as { errorCode?: unknown } | undefined)?.errorCode;
  return typeof code === 'string' ? code : undefined;
}

/** The HTTP status of an error from the Atlas client, if it is one. */
export function atlasStatus(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** True when `err` is an Atlas error with one of `codes`. */
export function hasErrorCode(err: unknown, ...codes: string[]): boolean {
  const code = atlasErrorCode(err);
  return code !== undefined && codes.includes(code);
}

/** `CODE: detail` for messages. */
export function describeError(err: unknown): string {
  const code = atlasErrorCode(err);
  const detail = (err as { detail?: unknown } | undefined)?.detail;
  const message = err instanceof Error ? err.message : String(err);
  if (code)
    return typeof detail === 'string' && detail && !message.includes(detail) ? `${message} (${detail})` : message;
  return message;
}

/** `StartedAt` data value: when onEvent accepted the operation (epoch ms, as a string). */
export function startedAtData(now: number): { StartedAt: string } {
  return { StartedAt: String(now) };
}

/** Milliseconds since the `StartedAt` onEvent recorded (0 when absent, so a missing value never times out early). */
export function elapsedSince(data: Record<string, string> | undefined, now: number): number {
  const started = Number(data?.StartedAt);
  return Number.isFinite(started) && started > 0 ? Math.max(0, now - started) : 0;
}

/** Stable JSON for comparisons. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * True for errors a poll should ride out: Atlas 5xx and 429 (after the client's own retries),
 * and network failures. Never true for a deliberate handler failure or an Atlas 4xx.
 */
/**
 * True when a POST may have taken effect although its answer did not arrive intact: no answer, a server error,
 * or a success whose body was garbled. The caller looks for the result before trying again.
 */
export function answerLost(err: unknown): boolean {
  return isTransient(err) || hasErrorCode(err, 'MALFORMED_RESPONSE');
}

export function isTransient(err: unknown): boolean {
  const status = atlasStatus(err);
  // status 0: no response (the client's CONNECTION_ERROR / REQUEST_TIMEOUT after its own retries).
  if (status !== undefined) return status === 0 || status >= 500 || status === 429;
  const e = err as { name?: string; message?: string; code?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code;
  if (
    code &&
    ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)
  )
    return true;
  return e?.name === 'TypeError' && /fetch failed/i.test(e.message ?? '');
}
