/**
 * Entry point of the deploy-time Lambda behind every custom resource of this library
 * (aws-cdk-lib Provider framework: `onEvent` starts an operation, `isComplete` polls it).
 * Bundled by scripts/bundle.mjs; never imported by construct code.
 *
 * `createHandler(deps)` builds the pair from injectable dependencies (tests pass a fast `sleep`, a
 * Secrets Manager mock, the loopback emulator's URL); `onEvent`/`isComplete` are the Lambda exports
 * with the production dependencies.
 */
import { AtlasAuthSessions, AtlasClient } from '../../atlas';
import { AtlasResourceType } from '../custom-resources/properties';
import * as authorization from './authorization';
import * as cloudProviderAccess from './cloud-provider-access';
import { AtlasApiFactory, HandlerContext, HandlerDeps } from './context';
import * as encryptedCluster from './encrypted-cluster';
import { InvalidRequestError } from './errors';
import * as projectEncryption from './project-encryption';
import type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse, ResponseData } from './types';

export * from './errors';
export type { HandlerDeps, AtlasApiFactory, AtlasApiFactoryOptions } from './context';
export type { IsCompleteRequest, IsCompleteResponse, OnEventRequest, OnEventResponse } from './types';
export { clearSecretCache } from './secrets';
export { SsmKeyHistoryStore } from './key-history';
export type { KeyHistoryEntry, KeyHistoryStore } from './key-history';

/** A resource module: what every custom resource type implements. */
interface ResourceModule {
  onCreate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse>;
  onUpdate(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse>;
  onDelete(ctx: HandlerContext, event: OnEventRequest): Promise<OnEventResponse>;
  isComplete(ctx: HandlerContext, event: IsCompleteRequest): Promise<IsCompleteResponse>;
}

function moduleFor(resourceType: string): ResourceModule {
  switch (resourceType) {
    case AtlasResourceType.CLOUD_PROVIDER_ACCESS:
      return cloudProviderAccess;
    case AtlasResourceType.CLOUD_PROVIDER_ACCESS_AUTHORIZATION:
      return authorization;
    case AtlasResourceType.PROJECT_ENCRYPTION:
      return projectEncryption;
    case AtlasResourceType.ENCRYPTED_CLUSTER:
      return encryptedCluster;
    default:
      throw new InvalidRequestError(`unknown resource type ${JSON.stringify(resourceType)}`);
  }
}

/** Top-level key of the onEvent response that marks the framework's later isComplete calls. */
export const POLL_MARKER = 'AtlasEarPoll';

/** Azure/GCP grant-propagation budget per onEvent (DEP-IAM-3), sized for a 5-minute Lambda. */
export const CLOUD_GRANT_BUDGET_MS = 240_000;

/**
 * Test seam, ignored unless set (never set in Lambda): `ATLAS_EAR_TEST_TIME_SCALE=<s>` with 0 < s < 1 makes the
 * production client's waits `s` times as long in real time (each retry sleep and the 30 s per-attempt timeout).
 * A deploy simulation pairs it with a clock running `1/s` times as fast (test/support/cfn-simulator.ts), so retry
 * budgets and timeouts keep their production values in simulated time while the test takes seconds.
 */
const TEST_TIME_SCALE = ((v: string | undefined): number | undefined => {
  const n = Number(v);
  return v && n > 0 && n < 1 ? n : undefined;
})(process.env.ATLAS_EAR_TEST_TIME_SCALE);

/**
 * Digest nonces and service-account tokens kept across warm invocations (the one piece of auth state in module
 * scope, keyed by a hash of the credentials): without it every onEvent and every isComplete poll would start
 * with a 401 challenge or a token request.
 */
const authSessions = new AtlasAuthSessions();

/** The production Atlas client factory. */
export const defaultAtlasApiFactory: AtlasApiFactory = (o) =>
  new AtlasClient({
    credentials: o.credentials,
    baseUrl: o.baseUrl,
    component: 'handler',
    authSession: authSessions.sessionFor(o.baseUrl ?? 'https://cloud.mongodb.com', o.credentials),
    now: o.now,
    ...(TEST_TIME_SCALE !== undefined
      ? {
          sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms * TEST_TIME_SCALE)),
          requestTimeoutMs: 30_000 * TEST_TIME_SCALE,
        }
      : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
    ...(o.propagationBudgetMs !== undefined ? { propagationBudgetMs: o.propagationBudgetMs } : {}),
    // Azure/GCP grant retries must end inside one onEvent invocation (the provider's Lambda timeout is 5 min);
    // the client's 10-minute default would let Lambda time out mid-retry and fail the resource.
    cloudGrantBudgetMs: CLOUD_GRANT_BUDGET_MS,
    logger: (e) => {
      const line = `atlas ${e.method} ${e.path} -> ${e.status}${e.errorCode ? ` ${e.errorCode}` : ''} (attempt ${e.attempt}, ${e.durationMs} ms${
        e.retryInMs !== undefined ? `, retry in ${e.retryInMs} ms` : ''
      })`;
      if (e.retryInMs !== undefined || e.status >= 400 || e.status === 0) o.logger.info(line);
      else o.logger.debug(line);
    },
  });

/** Scrubs secrets from response data (defence in depth: no module puts a secret there). */
function redactData(ctx: HandlerContext, data: ResponseData | undefined): ResponseData | undefined {
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

/** Builds the Lambda entry points from dependencies. */
export function createHandler(deps: HandlerDeps): {
  onEvent(event: OnEventRequest): Promise<OnEventResponse>;
  isComplete(event: IsCompleteRequest): Promise<IsCompleteResponse>;
  /** Routes a framework poll (it carries the onEvent response's marker) to isComplete, anything else to onEvent. */
  handler(event: OnEventRequest | IsCompleteRequest): Promise<OnEventResponse | IsCompleteResponse>;
} {
  return {
    handler(event) {
      return POLL_MARKER in event ? this.isComplete(event as IsCompleteRequest) : this.onEvent(event);
    },
    async onEvent(event) {
      const ctx = new HandlerContext(deps);
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
        const safe = redactError(ctx, err);
        ctx.log.error(`onEvent ${tag} failed: ${safe.name}: ${safe.message}`);
        throw safe;
      }
    },
    async isComplete(event) {
      const ctx = new HandlerContext(deps);
      const tag = `${event.ResourceType} ${event.RequestType} ${event.LogicalResourceId ?? ''}`.trim();
      try {
        const out = await moduleFor(event.ResourceType).isComplete(ctx, event);
        const result: IsCompleteResponse = out.Data
          ? { IsComplete: out.IsComplete, Data: redactData(ctx, out.Data) }
          : out;
        if (out.IsComplete) ctx.log.info(`isComplete ${tag} complete: ${JSON.stringify(result)}`);
        return result;
      } catch (err) {
        const safe = redactError(ctx, err);
        ctx.log.error(`isComplete ${tag} failed: ${safe.name}: ${safe.message}`);
        throw safe;
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
export const handler = (event: OnEventRequest | IsCompleteRequest): Promise<OnEventResponse | IsCompleteResponse> =>
  production.handler(event);

/** Provider framework `onEventHandler`. */
export const onEvent = (event: OnEventRequest): Promise<OnEventResponse> => production.onEvent(event);
/** Provider framework `isCompleteHandler`. */
export const isComplete = (event: IsCompleteRequest): Promise<IsCompleteResponse> => production.isComplete(event);
