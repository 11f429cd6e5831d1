/**
 * Atlas-shaped errors raised by emulator handlers and rendered as `{detail, error, errorCode, parameters, reason}`:
 * the fields of the spec's `ApiError` schema (Atlas Admin API v2 spec, components.schemas.ApiError, sent as
 * plain `application/json` per components.responses.badRequest). Error codes and their HTTP statuses come
 * from https://www.mongodb.com/docs/atlas/reference/api-errors/ unless a comment at the throw says otherwise.
 */

/** HTTP reason phrases Atlas puts in `reason`. */
export const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Thrown by handlers; the server turns it into an Atlas error response. */
export class AtlasHttpError extends Error {
  public constructor(
    public readonly status: number,
    public readonly errorCode: string,
    public readonly detail: string,
    public readonly parameters: unknown[] = [],
    /** Request validation Atlas applies to every operation, allowed even where the spec lists no 400. */
    public readonly generic = false,
  ) {
    super(`${status} ${errorCode}: ${detail}`);
    this.name = 'AtlasHttpError';
  }

  /** The JSON body Atlas sends (plain application/json, not versioned). */
  public toBody(): Record<string, unknown> {
    return errorBody(this.status, this.errorCode, this.detail, this.parameters);
  }
}

/**
 * A 400 from request validation (body shape, required or unknown attributes, enum values, query parameters).
 * Some operations (e.g. createGroupCloudProviderAccess, listGroupClusters) declare no 400 in the spec, yet
 * Atlas validates their input; the emulator answers 400 there too (unverified: no public source says which).
 */
export function badRequest(errorCode: string, detail: string, parameters: unknown[] = []): AtlasHttpError {
  return new AtlasHttpError(400, errorCode, detail, parameters, true);
}

/** `MISSING_ATTRIBUTE` (400): "The required attribute %s was not specified." */
export function missingAttribute(name: string): AtlasHttpError {
  return badRequest('MISSING_ATTRIBUTE', `The required attribute ${name} was not specified.`, [name]);
}

/** `INVALID_ATTRIBUTE` (400): "Invalid attribute %s specified." */
export function invalidAttribute(name: string, why = ''): AtlasHttpError {
  return badRequest('INVALID_ATTRIBUTE', `Invalid attribute ${name} specified.${why ? ` ${why}` : ''}`, [name]);
}

/** An Atlas error body. */
export function errorBody(
  status: number,
  errorCode: string,
  detail: string,
  parameters: unknown[] = [],
): Record<string, unknown> {
  return { detail, error: status, errorCode, parameters, reason: REASONS[status] ?? 'Error' };
}

/** Default errorCode per status for injected faults. */
export function defaultErrorCode(status: number): string {
  switch (status) {
    case 400:
      return 'VALIDATION_ERROR';
    case 401:
      return 'USER_UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'RESOURCE_NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 429:
      return 'RATE_LIMITED';
    case 502:
      return 'BAD_GATEWAY';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    case 504:
      return 'GATEWAY_TIMEOUT';
    default:
      return 'UNEXPECTED_ERROR';
  }
}
