/**
 * What goes back to the Provider framework: response data and failures, scrubbed of every secret value the
 * invocation read (data-safety invariant 5; no module puts a secret there, this is defence in depth).
 */
import type { HandlerContext } from './context';
import type { ResponseData } from './events';

/** Scrubs secrets from response data. */
export function redactData(ctx: HandlerContext, data: ResponseData | undefined): ResponseData | undefined {
  if (!data) return undefined;
  const out: ResponseData = {};
  for (const [k, v] of Object.entries(data)) out[k] = ctx.redactor.redact(String(v));
  return out;
}

/** Rethrows with a redacted message, keeping the error class (the framework shows only the message). */
export function redactError(ctx: HandlerContext, err: unknown): Error {
  if (err instanceof Error) {
    const message = ctx.redactor.redact(err.message);
    if (message !== err.message) {
      const copy = new Error(message);
      copy.name = err.name;
      return copy;
    }
    err.stack = err.stack ? ctx.redactor.redact(err.stack) : err.stack;
    return err;
  }
  return new Error(ctx.redactor.redact(String(err)));
}
