/**
 * Auth state that outlives one client: the Digest nonce or the service-account token. A warm Lambda keeps
 * sessions in module scope so that each invocation does not pay the Digest 401 round trip or a new token
 * request; the key is a hash, so no credential is held as a map key.
 */
import { createHash } from 'node:crypto';
import type { AtlasApiCredentials } from './credentials';
import { DigestAuthenticator } from './digest';

/** The auth state of one credential against one Atlas base URL. */
export class AtlasAuthSession {
  /** Digest state for an API key. */
  public readonly digest?: DigestAuthenticator;
  /** The cached Bearer token of a service account. */
  public token?: { readonly value: string; readonly expiresAt: number };
  /** The token request in flight, shared by concurrent calls. */
  public tokenInFlight?: Promise<string>;

  public constructor(credentials: AtlasApiCredentials) {
    if (credentials.type === 'apiKey')
      this.digest = new DigestAuthenticator(credentials.publicKey, credentials.privateKey);
  }
}

/** Sessions by credential and base URL; one per warm Lambda container. */
export class AtlasAuthSessions {
  private readonly sessions = new Map<string, AtlasAuthSession>();

  /** The session for these credentials at this base URL, created on first use. */
  public sessionFor(baseUrl: string, credentials: AtlasApiCredentials): AtlasAuthSession {
    const material =
      credentials.type === 'apiKey'
        ? ['apiKey', credentials.publicKey, credentials.privateKey]
        : ['serviceAccount', credentials.clientId, credentials.clientSecret];
    const key = createHash('sha256')
      .update(JSON.stringify([baseUrl, ...material]))
      .digest('hex');
    let session = this.sessions.get(key);
    if (!session) {
      session = new AtlasAuthSession(credentials);
      this.sessions.set(key, session);
    }
    return session;
  }
}
