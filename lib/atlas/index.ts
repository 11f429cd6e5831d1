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
  SECRET_FIELDS,
  isAtlasError,
} from './errors';
export type { AtlasApiErrorInit } from './errors';
export { AtlasClient } from './client';
export { AtlasAuthSession, AtlasAuthSessions } from './auth-session';
export type { AtlasClientLogger, AtlasClientOptions, AtlasCredentials, AtlasRequestLogEvent } from './client';
