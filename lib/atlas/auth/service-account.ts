/**
 * Service-account auth: OAuth2 client credentials (`POST /api/oauth/token`, HTTP Basic) for a 1-hour Bearer
 * token, cached in the auth session and refreshed when less than 10 minutes remain or after a Bearer 401.
 * The token request runs in the client's one retry loop; it is repeatable (a second grant only issues a second
 * token, which expires on its own).
 */
import * as oauth from 'oauth4webapi';
import { AtlasApiError, MALFORMED_RESPONSE, redactText } from '../errors';
import { failureKindOfStatus, retryAfterMs, type AttemptOutcome, type RetryPolicy } from '../retry';
import { classifyNetworkError, type Transport } from '../transport';
import type { AtlasAuthSession } from './auth-session';
import type { RequestAuthenticator, SendWithAuthorization } from './authenticator';

/** Path of the token endpoint. */
export const TOKEN_PATH = '/api/oauth/token';
const REVOKE_PATH = '/api/oauth/revoke';
const TOKEN_REFRESH_MARGIN_MS = 10 * 60_000;

/** Bearer auth for one service account. */
export class ServiceAccountAuthenticator implements RequestAuthenticator {
  private readonly client: oauth.Client;

  public constructor(
    clientId: string,
    private readonly clientSecret: string,
    private readonly session: AtlasAuthSession,
    private readonly transport: Transport,
    private readonly retry: RetryPolicy,
    private readonly requestTimeoutMs: number,
  ) {
    this.client = { client_id: clientId };
  }

  public async exchange(_method: string, _uri: string, send: SendWithAuthorization): Promise<Response> {
    const res = await send(`Bearer ${await this.accessToken(false)}`);
    if (res.status !== 401) return res;
    await res.arrayBuffer().catch(() => undefined);
    return send(`Bearer ${await this.accessToken(true)}`);
  }

  public secrets(): string[] {
    return this.session.token ? [this.clientSecret, this.session.token.value] : [this.clientSecret];
  }

  /**
   * Revokes the cached token (`POST /api/oauth/revoke`). Optional: tokens expire after an hour, and the revoke
   * endpoint is rate-limited too.
   */
  public async revoke(): Promise<void> {
    const token = this.session.token?.value;
    this.session.token = undefined;
    if (!token) return;
    const res = await oauth.revocationRequest(
      this.authorizationServer(),
      this.client,
      oauth.ClientSecretBasic(this.clientSecret),
      token,
      this.oauthOptions(this.requestTimeoutMs),
    );
    await oauth.processRevocationResponse(res).catch(() => undefined);
  }

  /** The cached token, or a new one when < 10 minutes remain (or `force`); one request in flight at a time. */
  private async accessToken(force: boolean): Promise<string> {
    const cached = this.session.token;
    if (!force && cached && cached.expiresAt - this.retry.now() > TOKEN_REFRESH_MARGIN_MS) return cached.value;
    if (force) this.session.token = undefined;
    if (!this.session.tokenInFlight) {
      this.session.tokenInFlight = this.retry
        .run({ method: 'POST', path: TOKEN_PATH, repeatable: true }, ({ attempt, timeoutMs }) =>
          this.tokenAttempt(attempt, timeoutMs),
        )
        .finally(() => {
          this.session.tokenInFlight = undefined;
        });
    }
    return this.session.tokenInFlight;
  }

  private async tokenAttempt(attempt: number, timeoutMs: number): Promise<AttemptOutcome<string>> {
    const fail = (status: number, errorCode: string, detail: string | undefined): AtlasApiError =>
      new AtlasApiError({
        method: 'POST',
        path: TOKEN_PATH,
        status,
        errorCode,
        detail: detail === undefined ? undefined : redactText(detail, [this.clientSecret]),
        attempts: attempt,
      });
    const as = this.authorizationServer();
    let res: Response;
    try {
      res = await oauth.clientCredentialsGrantRequest(
        as,
        this.client,
        oauth.ClientSecretBasic(this.clientSecret),
        new URLSearchParams(),
        this.oauthOptions(timeoutMs),
      );
    } catch (err) {
      const nf = classifyNetworkError(err);
      return { ok: false, error: fail(0, nf.errorCode, nf.detail), kind: nf.maybeSent ? 'uncertain' : 'not-sent' };
    }
    if (res.status === 200) {
      try {
        const tr = await oauth.processClientCredentialsResponse(as, this.client, res);
        const ttl = typeof tr.expires_in === 'number' ? tr.expires_in * 1000 : 3_600_000;
        this.session.token = { value: tr.access_token, expiresAt: this.retry.now() + ttl };
        return { ok: true, status: 200, value: tr.access_token };
      } catch {
        // Not repeated: a 200 whose body is no token response will not improve.
        return {
          ok: false,
          error: fail(200, MALFORMED_RESPONSE, 'token response is not a valid OAuth token response'),
          kind: 'final',
        };
      }
    }
    const text = await res.text().catch(() => '');
    const { errorCode, detail } = parseTokenError(res.status, text);
    return {
      ok: false,
      error: fail(res.status, errorCode, detail),
      kind: failureKindOfStatus(res.status),
      retryAfterMs: retryAfterMs(res.headers, this.retry.now()),
    };
  }

  private authorizationServer(): oauth.AuthorizationServer {
    const base = this.transport.baseUrl;
    return { issuer: base, token_endpoint: `${base}${TOKEN_PATH}`, revocation_endpoint: `${base}${REVOKE_PATH}` };
  }

  private oauthOptions(timeoutMs: number): oauth.HttpRequestOptions<'POST', URLSearchParams> {
    return {
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'User-Agent': this.transport.userAgent },
      [oauth.customFetch]: this.transport.fetchImpl,
      // Plain http is only for the loopback emulator; Atlas itself is https.
      [oauth.allowInsecureRequests]: this.transport.baseUrl.startsWith('http:'),
    };
  }
}

/** An error answer of the token endpoint: Atlas-shaped (`errorCode`) or OAuth-shaped (`error`, RFC 6749 §5.2). */
function parseTokenError(status: number, text: string): { errorCode: string; detail: string | undefined } {
  try {
    const b = JSON.parse(text) as {
      error?: unknown;
      error_description?: unknown;
      errorCode?: unknown;
      detail?: unknown;
    };
    if (typeof b.errorCode === 'string') {
      return { errorCode: b.errorCode, detail: typeof b.detail === 'string' ? b.detail : undefined };
    }
    if (typeof b.error === 'string') {
      return {
        errorCode: b.error.toUpperCase(),
        detail: typeof b.error_description === 'string' ? b.error_description : undefined,
      };
    }
  } catch {
    // not JSON: MALFORMED_RESPONSE below
  }
  return { errorCode: MALFORMED_RESPONSE, detail: `token endpoint answered ${status}` };
}
