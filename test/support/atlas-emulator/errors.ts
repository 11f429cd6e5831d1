/** Atlas-shaped errors raised by emulator handlers and rendered as `{detail, error, errorCode, parameters, reason}`. */

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
  ) {
    super(`${status} ${errorCode}: ${detail}`);
    this.name = 'AtlasHttpError';
  }

  /** The JSON body Atlas sends (plain application/json, not versioned). */
  public toBody(): Record<string, unknown> {
    return errorBody(this.status, this.errorCode, this.detail, this.parameters);
  }
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
