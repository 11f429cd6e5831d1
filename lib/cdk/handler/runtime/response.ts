/**
 * What goes back to the Provider framework: response data and failures, scrubbed of every secret value the
 * invocation read (data-safety invariant 5; no module puts a secret there, this is defence in depth), and failures
 * kept small enough for CloudFormation to take.
 */
import type { HandlerContext } from './context';
import type { ResponseData } from './events';
import { truncateUtf8 } from './util';

/**
 * Bytes a failure message may take. CloudFormation refuses a custom-resource response larger than 4096 bytes (AWS
 * CloudFormation User Guide, custom resource response objects), and the Provider framework builds the FAILED
 * response's Reason from the message plus `\n\nLogs: /aws/lambda/<function>` and the Lambda error's trace lines,
 * next to `Data` echoed from the onEvent response (aws-cdk-lib custom-resources provider-framework runtime,
 * framework.js and cfn-response.js). 1 KB leaves room for all of that.
 */
export const MAX_FAILURE_MESSAGE_BYTES = 1024;

/** Scrubs secrets from response data. */
export function redactData(ctx: HandlerContext, data: ResponseData | undefined): ResponseData | undefined {
  if (!data) return undefined;
  const out: ResponseData = {};
  for (const [k, v] of Object.entries(data)) out[k] = ctx.redactor.redact(String(v));
  return out;
}

/** Rethrows with a redacted message, keeping the error class (the framework shows only the message). */
function redactError(ctx: HandlerContext, err: unknown): Error {
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

/**
 * The error to throw for a failed invocation: redacted, logged in full (message and stack), and with a message of
 * at most {@link MAX_FAILURE_MESSAGE_BYTES} (the cause comes first in every handler message, so the end is what is
 * cut, and the cut is marked). Its stack is the message alone: the frames would only lengthen the FAILED reason.
 */
export function failure(ctx: HandlerContext, what: string, err: unknown): Error {
  const safe = redactError(ctx, err);
  ctx.log.error(`${what} failed: ${safe.stack ?? `${safe.name}: ${safe.message}`}`);
  const bytes = Buffer.byteLength(safe.message);
  if (bytes > MAX_FAILURE_MESSAGE_BYTES) {
    const marker = ` … [${bytes} bytes in all; the full message is in the handler's log]`;
    (safe as { message: string }).message =
      truncateUtf8(safe.message, MAX_FAILURE_MESSAGE_BYTES - Buffer.byteLength(marker)) + marker;
  }
  safe.stack = `${safe.name}: ${safe.message}`;
  return safe;
}
