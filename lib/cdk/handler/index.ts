/**
 * Entry point of the deploy-time Lambda behind every custom resource of this library
 * (aws-cdk-lib Provider framework: `onEvent` starts an operation, `isComplete` polls it).
 * Bundled by scripts/bundle.mjs; never imported by construct code.
 *
 * `createHandler(deps)` builds the pair from injectable dependencies (tests pass a fast `sleep`, a
 * Secrets Manager mock, the loopback emulator's URL); `onEvent`/`isComplete` are the Lambda exports
 * with the production dependencies. The resource types live in resources/, what every invocation needs
 * (context, logging, secrets, errors, the Atlas client) in runtime/.
 */
import { moduleFor } from './resources';
import { defaultAtlasApiFactory } from './runtime/atlas-client';
import { HandlerContext, HandlerDeps } from './runtime/context';
import { InvalidRequestError } from './runtime/errors';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './runtime/events';
import { failure, redactData } from './runtime/response';

export * from './runtime/errors';
export type { HandlerDeps, AtlasApiFactory, AtlasApiFactoryOptions } from './runtime/context';
export type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './runtime/events';
export { clearSecretCache } from './runtime/secrets';
export { SsmKeyHistoryStore } from './runtime/key-history-store';
export type { KeyHistoryStore } from './runtime/key-history-store';
export type { KeyChange } from '../../core/atlas';
export { CLOUD_GRANT_BUDGET_MS, defaultAtlasApiFactory } from './runtime/atlas-client';
export { MAX_FAILURE_MESSAGE_BYTES } from './runtime/response';

/** Top-level key of the onEvent response that marks the framework's later isComplete calls. */
export const POLL_MARKER = 'AtlasEarPoll';

/** What the handler reads of Lambda's context object. */
export interface LambdaInvocation {
  /** Milliseconds left before Lambda stops the invocation. */
  getRemainingTimeInMillis?(): number;
}

/** Time kept back from the Lambda timeout to answer the framework: no Atlas wait may use it. */
const RESPONSE_MARGIN_MS = 15_000;

/** Builds the Lambda entry points from dependencies. */
export function createHandler(deps: HandlerDeps): {
  onEvent(event: OnEventRequest, lambda?: LambdaInvocation): Promise<OnEventResponse>;
  isComplete(event: IsCompleteRequest, lambda?: LambdaInvocation): Promise<IsCompleteResponse>;
  /** Routes a framework poll (it carries the onEvent response's marker) to isComplete, anything else to onEvent. */
  handler(
    event: OnEventRequest | IsCompleteRequest,
    lambda?: LambdaInvocation,
  ): Promise<OnEventResponse | IsCompleteResponse>;
} {
  // The Atlas client never sleeps (Retry-After, backoff) past the invocation's end, less a margin to respond.
  const contextFor = (lambda: LambdaInvocation | undefined): HandlerContext => {
    const now = deps.now ?? Date.now;
    const remaining = lambda?.getRemainingTimeInMillis?.();
    const deadline = remaining === undefined ? undefined : now() + remaining - RESPONSE_MARGIN_MS;
    return new HandlerContext(deps, deadline);
  };
  return {
    handler(event, lambda) {
      return POLL_MARKER in event ? this.isComplete(event as IsCompleteRequest, lambda) : this.onEvent(event, lambda);
    },
    async onEvent(event, lambda) {
      const ctx = contextFor(lambda);
      const tag = `${event.ResourceType} ${event.RequestType} ${event.LogicalResourceId ?? ''}`.trim();
      try {
        const mod = moduleFor(event.ResourceType);
        ctx.log.info(`onEvent ${tag} physical id ${event.PhysicalResourceId ?? '(new)'}`);
        let out: OnEventResponse;
        switch (event.RequestType) {
          case 'Create':
            out = await mod.onCreate(ctx, event);
            break;
          case 'Update':
            out = await mod.onUpdate(ctx, event);
            break;
          case 'Delete':
            out = await mod.onDelete(ctx, event);
            break;
          default:
            throw new InvalidRequestError(
              `unknown request type ${JSON.stringify((event as { RequestType: unknown }).RequestType)}`,
            );
        }
        const result = {
          PhysicalResourceId: out.PhysicalResourceId,
          Data: redactData(ctx, out.Data),
          [POLL_MARKER]: true as const,
        };
        ctx.log.info(`onEvent ${tag} done: ${JSON.stringify(result)}`);
        return result;
      } catch (err) {
        throw failure(ctx, `onEvent ${tag}`, err);
      }
    },
    async isComplete(event, lambda) {
      const ctx = contextFor(lambda);
      const tag = `${event.ResourceType} ${event.RequestType} ${event.LogicalResourceId ?? ''}`.trim();
      try {
        const out = await moduleFor(event.ResourceType).isComplete(ctx, event);
        const result: IsCompleteResponse = out.Data
          ? { IsComplete: out.IsComplete, Data: redactData(ctx, out.Data) }
          : out;
        if (out.IsComplete) ctx.log.info(`isComplete ${tag} complete: ${JSON.stringify(result)}`);
        return result;
      } catch (err) {
        throw failure(ctx, `isComplete ${tag}`, err);
      }
    },
  };
}

const production = createHandler({ createAtlasApi: defaultAtlasApiFactory });

/**
 * The single Lambda entry point: the Provider framework calls the same function as `onEventHandler` and
 * `isCompleteHandler`. It merges the onEvent response into every isComplete event, so the marker that
 * `onEvent` adds to its response tells a poll from a new request.
 */
export const handler = (
  event: OnEventRequest | IsCompleteRequest,
  lambda?: LambdaInvocation,
): Promise<OnEventResponse | IsCompleteResponse> => production.handler(event, lambda);

/** Provider framework `onEventHandler`. */
export const onEvent = (event: OnEventRequest, lambda?: LambdaInvocation): Promise<OnEventResponse> =>
  production.onEvent(event, lambda);
/** Provider framework `isCompleteHandler`. */
export const isComplete = (event: IsCompleteRequest, lambda?: LambdaInvocation): Promise<IsCompleteResponse> =>
  production.isComplete(event, lambda);
