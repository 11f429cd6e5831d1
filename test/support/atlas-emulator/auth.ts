/**
 * Server side of Atlas authentication: HTTP Digest (RFC 7616, realm "MMS Public API", MD5, qop=auth,
 * nonce lifetime and nonce-count replay checks) for API keys, and OAuth2 client credentials (Basic
 * client auth, RFC 6749 §2.3.1 form-encoding) plus Bearer validation for service accounts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The realm Atlas uses for Digest (unverified: seen in Atlas's challenges, not documented). */
export const DIGEST_REALM = 'MMS Public API';

/** Parses `k=v, k="v"` auth parameters. */
export function parseParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let m = re.exec(header); m; m = re.exec(header))
    out[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  return out;
}

const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Result of checking a request's Authorization header. */
export type AuthResult = { ok: true; principal: string } | { ok: false; stale: boolean };

/** Digest verifier with its issued nonces. */
export class DigestServer {
  private readonly nonces = new Map<string, { issuedAt: number; seen: Set<string> }>();

  public constructor(
    private readonly users: Map<string, string>,
    private readonly now: () => number,
    private readonly nonceTtlMs: number,
  ) {}

  /** A fresh `WWW-Authenticate` challenge. */
  public challenge(stale = false): string {
    const nonce = randomBytes(24).toString('base64url');
    this.nonces.set(nonce, { issuedAt: this.now(), seen: new Set() });
    return `Digest realm="${DIGEST_REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`;
  }

  /** Number of nonces issued and still remembered. */
  public get nonceCount(): number {
    return this.nonces.size;
  }

  /** Checks `Authorization: Digest …` for `method` and the raw request-target `url`. */
  public verify(header: string | undefined, method: string, url: string): AuthResult {
    if (!header || !/^digest\s/i.test(header)) return { ok: false, stale: false };
    const p = parseParams(header.replace(/^digest\s+/i, ''));
    const password = p.username !== undefined ? this.users.get(p.username) : undefined;
    if (password === undefined || p.realm !== DIGEST_REALM || p.uri !== url) return { ok: false, stale: false };
    if ((p.algorithm ?? 'MD5').toUpperCase() !== 'MD5' || p.qop !== 'auth' || !p.nc || !p.cnonce || !p.response) {
      return { ok: false, stale: false };
    }
    const n = this.nonces.get(p.nonce ?? '');
    if (!n || this.now() - n.issuedAt > this.nonceTtlMs) {
      if (n) this.nonces.delete(p.nonce);
      return { ok: false, stale: true };
    }
    const ha1 = md5(`${p.username}:${DIGEST_REALM}:${password}`);
    const ha2 = md5(`${method}:${p.uri}`);
    const expected = md5(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
    if (!safeEqual(expected, p.response.toLowerCase())) return { ok: false, stale: false };
    // Replay protection: a nonce-count may be used once per (nonce, cnonce).
    const key = `${p.cnonce}:${p.nc}`;
    if (n.seen.has(key)) return { ok: false, stale: true };
    n.seen.add(key);
    return { ok: true, principal: p.username };
  }
}

/** Decodes `Authorization: Basic` client credentials (form-decoding each part, RFC 6749 §2.3.1). */
export function decodeBasic(header: string | undefined): { id: string; secret: string } | undefined {
  if (!header || !/^basic\s/i.test(header)) return undefined;
  const raw = Buffer.from(header.replace(/^basic\s+/i, '').trim(), 'base64').toString('utf8');
  const i = raw.indexOf(':');
  if (i < 0) return undefined;
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  return { id: dec(raw.slice(0, i)), secret: dec(raw.slice(i + 1)) };
}

/** Credentials the emulator accepts, shaped like `AtlasCredentials`. */
export interface AtlasEmulatorCredentials {
  readonly apiKey: { readonly type: 'apiKey'; readonly publicKey: string; readonly privateKey: string };
  readonly serviceAccount: {
    readonly type: 'serviceAccount';
    readonly clientId: string;
    readonly clientSecret: string;
  };
}
