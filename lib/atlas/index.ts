/**
 * Atlas Admin API v2 client used by the deploy-time handler and the CLI (never by construct code).
 * @module
 */
export * from './api';
export * from './versions';
export {
  AtlasApiError,
  CLOUD_GRANT_CODES,
  CONNECTION_ERROR,
  IAM_PROPAGATION_CODES,
  MALFORMED_RESPONSE,
  REQUEST_TIMEOUT,
  isAtlasError,
} from './errors';
export type { AtlasApiErrorInit } from './errors';
export { SECRET_FIELDS } from './redact';
export { AtlasClient } from './client';
export type { AtlasClientOptions } from './client';
export { AtlasAuthSession, AtlasAuthSessions } from './auth/auth-session';
export type { AtlasApiCredentials } from './auth/credentials';
export type { AtlasClientLogger, AtlasRequestLogEvent } from './retry';

import type { AtlasApiCredentials } from './auth/credentials';
/**
 * @deprecated Use {@link AtlasApiCredentials}; kept until lib/cli/credentials.ts and lib/cdk/handler switch.
 */
export type AtlasCredentials = AtlasApiCredentials;
