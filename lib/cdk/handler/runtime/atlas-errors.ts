/**
 * Reading the errors the Atlas client throws: their status and code, whether a poll should ride them out, whether a
 * POST may have taken effect unseen, and the `CODE: detail` text for messages.
 */

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

/**
 * True when Atlas answered 404: the object (or the project holding it) does not exist. Decided by the HTTP status,
 * not the errorCode: Atlas names a missing object with many codes (CLUSTER_NOT_FOUND, RESOURCE_NOT_FOUND,
 * CLOUD_PROVIDER_ACCESS_ROLE_NOT_FOUND, GROUP_NOT_FOUND, …; the spec's `notFound` response documents only the
 * status), so codes stay for messages.
 */
export function isGone(err: unknown): boolean {
  return atlasStatus(err) === 404;
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

/**
 * True for errors a poll should ride out: Atlas 5xx and 429 (after the client's own retries),
 * and network failures. Never true for a deliberate handler failure or an Atlas 4xx.
 */
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

/**
 * True when a POST may have taken effect although its answer did not arrive intact: no answer, a server error,
 * or a success whose body was garbled. The caller looks for the result before trying again.
 */
export function answerLost(err: unknown): boolean {
  return isTransient(err) || hasErrorCode(err, 'MALFORMED_RESPONSE');
}
