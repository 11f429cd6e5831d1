/**
 * HTTP transport to Atlas: native `fetch`, one timeout per attempt, the versioned media types and the
 * User-Agent; and the classification of a failed exchange (did the request possibly reach Atlas?).
 */
import { CONNECTION_ERROR, REQUEST_TIMEOUT } from './errors';
import { atlasMediaType } from './versions';

/** Prefix of every Admin API v2 path. */
export const API_PREFIX = '/api/atlas/v2';

/** What the transport is built from. */
export interface TransportOptions {
  /** Atlas host, without a trailing slash. */
  readonly baseUrl: string;
  /** `fetch` implementation. */
  readonly fetch: typeof fetch;
  /** User-Agent sent on every request. */
  readonly userAgent: string;
}

/** One HTTP request to Atlas. */
export interface TransportRequest {
  readonly method: string;
  /** Path and query below the host (`/api/atlas/v2/…`); also the Digest `uri`. */
  readonly uri: string;
  /** Resource version; sets Accept, and Content-Type when there is a body. */
  readonly version: string;
  readonly body?: string;
  readonly authorization?: string;
  /** Abort the attempt after this long. */
  readonly timeoutMs: number;
}

/** A failed exchange without a usable response. */
export interface NetworkFailure {
  readonly errorCode: string;
  readonly detail: string;
  /**
   * False only when the request provably never left (the connection was refused or the host did not resolve):
   * then even a POST can be repeated. A reset or a timeout may come after Atlas received and applied it.
   */
  readonly maybeSent: boolean;
}

/**
 * Socket codes that mean no connection was made, so no byte of the request was sent (Node.js error codes:
 * https://nodejs.org/api/errors.html#common-system-errors; undici `UND_ERR_CONNECT_TIMEOUT` is a connect timeout).
 */
const NOT_CONNECTED_CODES: readonly string[] = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'];

/** Classifies a thrown fetch error; undici hides the socket code in `cause`. */
export function classifyNetworkError(err: unknown): NetworkFailure {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') {
    return { errorCode: REQUEST_TIMEOUT, detail: 'the request timed out', maybeSent: true };
  }
  const code = e?.cause?.code ?? e?.code ?? 'UNKNOWN';
  return {
    errorCode: CONNECTION_ERROR,
    detail: `connection failed (${code})`,
    maybeSent: !NOT_CONNECTED_CODES.includes(code),
  };
}

/** Sends requests to one Atlas host. */
export class Transport {
  public readonly baseUrl: string;
  public readonly fetchImpl: typeof fetch;
  public readonly userAgent: string;

  public constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl;
    this.fetchImpl = options.fetch;
    this.userAgent = options.userAgent;
  }

  /** One HTTP exchange; rejects on a network failure or timeout (classify with {@link classifyNetworkError}). */
  public send(req: TransportRequest): Promise<Response> {
    const media = atlasMediaType(req.version);
    const headers: Record<string, string> = { Accept: media, 'User-Agent': this.userAgent };
    if (req.body !== undefined) headers['Content-Type'] = media;
    if (req.authorization) headers.Authorization = req.authorization;
    return this.fetchImpl(`${this.baseUrl}${req.uri}`, {
      method: req.method,
      headers,
      body: req.body,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
  }
}
