/**
 * HTTP Digest (RFC 7616) for Atlas programmatic API keys, on `node:crypto`.
 *
 * Why not `digest-fetch`: it pulls pure-JS SHA-256/SHA-512 libraries (~40 kB minified) and a dynamic
 * `import('node-fetch')` that esbuild bundles (~300 kB) unless marked external, which breaks the
 * Lambda's 150 kB budget; it also keeps one mutable nonce count for concurrent requests and logs
 * whole request options (headers included) to its logger. This is the same algorithm in ~100 lines.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { RequestAuthenticator, SendWithAuthorization } from './authenticator';

/** A parsed `WWW-Authenticate: Digest …` challenge plus the client's nonce count for it. */
interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  qop?: 'auth';
  algorithm: string;
  nc: number;
}

const HASHES: Record<string, string> = {
  MD5: 'md5',
  'MD5-SESS': 'md5',
  'SHA-256': 'sha256',
  'SHA-256-SESS': 'sha256',
  'SHA-512-256': 'sha512-256',
  'SHA-512-256-SESS': 'sha512-256',
};

/** Parses `key=value, key="quoted value"` auth parameters (RFC 7235 §2.1). */
export function parseAuthParams(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return params;
}

const quote = (s: string): string => `"${s.replace(/[\\"]/g, '\\$&')}"`;

/** Digest credentials for one API key; caches the server nonce so later calls skip the 401 round trip. */
export class DigestAuthenticator implements RequestAuthenticator {
  private challenge?: DigestChallenge;

  public constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** True once a challenge is cached (so the next request carries credentials up front). */
  public get hasChallenge(): boolean {
    return this.challenge !== undefined;
  }

  /**
   * Stores a Digest challenge from a 401. Returns false when the header is not a usable Digest challenge
   * (then the 401 is final).
   */
  public accept(wwwAuthenticate: string | null): boolean {
    if (!wwwAuthenticate || !/^\s*digest\s/i.test(wwwAuthenticate)) return false;
    const p = parseAuthParams(wwwAuthenticate.replace(/^\s*digest\s+/i, ''));
    const algorithm = (p.algorithm ?? 'MD5').toUpperCase();
    if (!p.nonce || !HASHES[algorithm]) return false;
    const qops = (p.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
    if (p.qop !== undefined && !qops.includes('auth')) return false; // auth-int would need the body hash
    this.challenge = {
      realm: p.realm ?? '',
      nonce: p.nonce,
      opaque: p.opaque,
      qop: p.qop !== undefined ? 'auth' : undefined,
      algorithm,
      nc: 0,
    };
    return true;
  }

  /**
   * Sends with the cached nonce (none on first use); on a 401 with a fresh challenge, answers it once. A second
   * 401 is final and forgets the nonce.
   */
  public async exchange(method: string, uri: string, send: SendWithAuthorization): Promise<Response> {
    let res = await send(this.authorization(method, uri));
    if (res.status === 401 && this.accept(res.headers.get('www-authenticate'))) {
      await res.arrayBuffer().catch(() => undefined);
      res = await send(this.authorization(method, uri));
      if (res.status === 401) this.reset();
    }
    return res;
  }

  /** Digest sends only hashes; the password itself is the secret to redact. */
  public secrets(): string[] {
    return [this.password];
  }

  /** Forgets the cached nonce (after a final 401). */
  public reset(): void {
    this.challenge = undefined;
  }

  /** The `Authorization` header for `method uri` (uri = path + query), or undefined before any challenge. */
  public authorization(method: string, uri: string): string | undefined {
    const c = this.challenge;
    if (!c) return undefined;
    const hashName = HASHES[c.algorithm];
    const h = (s: string): string => createHash(hashName).update(s, 'utf8').digest('hex');
    c.nc += 1;
    const nc = c.nc.toString(16).padStart(8, '0');
    const cnonce = randomBytes(16).toString('hex');
    let ha1 = h(`${this.username}:${c.realm}:${this.password}`);
    if (c.algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${c.nonce}:${cnonce}`);
    const ha2 = h(`${method.toUpperCase()}:${uri}`);
    const response = c.qop ? h(`${ha1}:${c.nonce}:${nc}:${cnonce}:${c.qop}:${ha2}`) : h(`${ha1}:${c.nonce}:${ha2}`);
    const parts = [
      `username=${quote(this.username)}`,
      `realm=${quote(c.realm)}`,
      `nonce=${quote(c.nonce)}`,
      `uri=${quote(uri)}`,
      `algorithm=${c.algorithm.replace(/-SESS$/, '-sess')}`,
      `response=${quote(response)}`,
    ];
    if (c.qop) parts.push(`qop=${c.qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
    return `Digest ${parts.join(', ')}`;
  }
}
