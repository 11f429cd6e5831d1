/**
 * The production Atlas client of the handler: one `AtlasClient` per invocation and secret, sharing auth sessions
 * across warm invocations, logging through the redacting logger.
 */
import { AtlasAuthSessions, AtlasClient } from '../../../atlas';
import { sleep, TEST_TIME_SCALE } from './clock';
import type { AtlasApiFactory } from './context';

/** Azure/GCP grant-propagation budget per onEvent (DEP-IAM-3), sized for a 5-minute Lambda. */
export const CLOUD_GRANT_BUDGET_MS = 240_000;

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
    ...(TEST_TIME_SCALE !== undefined ? { sleep, requestTimeoutMs: 30_000 * TEST_TIME_SCALE } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
    ...(o.propagationBudgetMs !== undefined ? { propagationBudgetMs: o.propagationBudgetMs } : {}),
    ...(o.deadline ? { deadline: o.deadline } : {}),
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
