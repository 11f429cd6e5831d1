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
  DEADLINE_EXCEEDED,
  IAM_PROPAGATION_CODES,
  MALFORMED_RESPONSE,
  PAGE_LIMIT_EXCEEDED,
  REQUEST_TIMEOUT,
  isAtlasError,
  isNotFound,
  isNotFoundInProject,
} from './errors';
export type { AtlasApiErrorInit } from './errors';
export { SECRET_FIELDS } from './redact';
export { AtlasClient } from './client';
export type { AtlasClientOptions } from './client';
export { CLUSTER_ALREADY_REQUESTED_DELETION } from './endpoints/clusters';
export { AtlasAuthSession, AtlasAuthSessions } from './auth/auth-session';
export type { AtlasApiCredentials } from './auth/credentials';
export type { AtlasClientLogger, AtlasRequestLogEvent } from './retry';
export type { AtlasClientComponent } from './user-agent';
export { userAgent } from './user-agent';
