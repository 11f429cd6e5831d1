/**
 * The emulator's HTTP pipeline on node:http: record → latency → OAuth endpoints → authentication →
 * route match (404/405) → media types (406/415) → faults → lifecycle advance → handler → Atlas error body.
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { decodeBasic, type AtlasEmulatorCredentials, type DigestServer } from './auth';
import { AtlasHttpError, defaultErrorCode, errorBody } from './errors';
import type { Faults } from './faults';
import type { ProjectFamilies, ProjectState } from './project';
import { appendRecord, redact, redactHeaders } from './recording';
import { page } from './paging';
import type { EmulatorCall, EmulatorState } from './state';

/** What a route handler sees. */
export interface RouteContext {
  /** Path parameters: `[groupId, …]`. */
  readonly params: string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The requested resource version (`YYYY-MM-DD`). */
  readonly version: string;
  readonly state: EmulatorState;
  /** The project named by the path (400 INVALID_GROUP_ID / 404 GROUP_NOT_FOUND otherwise). */
  project(): ProjectState;
  /** The resource families of that project. */
  families(): ProjectFamilies;
  /** A paging envelope of `items` for this request (honours the emulator's `totalCountSkew`). */
  page<T>(items: T[], selfPath: string): RouteResult;
}

/** A handler's answer. */
export interface RouteResult {
  readonly status: number;
  readonly body?: unknown;
}

/** One operation of the spec: method, path, the resource versions and statuses it declares, and its handler. */
export interface Route {
  /** The spec's operationId. */
  readonly operationId: string;
  readonly method: string;
  /** The spec's path template, e.g. `/api/atlas/v2/groups/{groupId}/encryptionAtRest`. */
  readonly path: string;
  readonly re: RegExp;
  readonly versions: readonly string[];
  /** HTTP statuses the spec declares for the operation. */
  readonly statuses: readonly number[];
  readonly handle: (ctx: RouteContext) => RouteResult;
}

/** What {@link route} needs. */
export interface RouteSpec {
  readonly operationId: string;
  readonly method: string;
  /** Path template under `/api/atlas/v2`, e.g. `/groups/{groupId}/clusters/{clusterName}`. */
  readonly path: string;
  readonly versions: readonly string[];
  readonly statuses: readonly number[];
}

/** A route under `/api/atlas/v2`; `{name}` segments match one path segment (`{cloudProvider}`: AWS|AZURE|GCP). */
export function route(spec: RouteSpec, handle: (ctx: RouteContext) => RouteResult): Route {
  const pattern = spec.path.replace(/\{(\w+)\}/g, (_m, name: string) =>
    name === 'cloudProvider' ? '(AWS|AZURE|GCP)' : '([^/]+)',
  );
  return {
    ...spec,
    path: `/api/atlas/v2${spec.path}`,
    re: new RegExp(`^/api/atlas/v2${pattern}$`),
    handle,
  };
}

/** What the pipeline needs. */
export interface ServerDeps {
  readonly routes: readonly Route[];
  readonly state: EmulatorState;
  readonly faults: Faults;
  readonly credentials: AtlasEmulatorCredentials;
  readonly digest: DigestServer;
  readonly now: () => number;
  readonly latencyMs?: number | ((call: { method: string; path: string }) => number);
  readonly tokenTtlSeconds: number;
  readonly recordFile?: string;
  readonly totalCountSkew: number;
}

/** A listening server. */
export interface Listening {
  readonly port: number;
  stop(): Promise<void>;
}

function versionOf(header: string | undefined): string | undefined {
  const m = /^\s*application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json\s*(;.*)?$/i.exec(header ?? '');
  return m?.[1];
}

/** Starts the pipeline on 127.0.0.1 and a random port. */
export async function listen(deps: ServerDeps): Promise<Listening> {
  const { state, faults, credentials, digest, now } = deps;
  const sockets = new Set<Socket>();

  const send = (
    res: ServerResponse,
    call: EmulatorCall,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {},
  ): void => {
    call.status = status;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, {
      ...(body === undefined
        ? {}
        : { 'Content-Type': status >= 400 ? 'application/json' : (headers['Content-Type'] ?? 'application/json') }),
      ...Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'Content-Type')),
      'Content-Length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  };
  const sendError = (
    res: ServerResponse,
    call: EmulatorCall,
    e: AtlasHttpError,
    headers: Record<string, string> = {},
  ): void => send(res, call, e.status, e.toBody(), headers);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const contentType = req.headers['content-type'];
    let parsed: unknown = undefined;
    let parseFailed = false;
    if (raw.length > 0) {
      if (/x-www-form-urlencoded/i.test(contentType ?? '')) parsed = Object.fromEntries(new URLSearchParams(raw));
      else {
        try {
          parsed = JSON.parse(raw);
        } catch {
          parseFailed = true;
          parsed = '[unparseable]';
        }
      }
    }
    const call: EmulatorCall = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: redactHeaders(req.headers),
      body: redact(parsed),
    };
    state.calls.push(call);
    if (deps.recordFile) appendRecord(deps.recordFile, call);
    const latency = typeof deps.latencyMs === 'function' ? deps.latencyMs({ method, path }) : (deps.latencyMs ?? 0);
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    const applyFault = async (): Promise<boolean> => {
      const f = faults.take(method, path);
      if (!f) return false;
      if (f.delayMs) await new Promise((resolve) => setTimeout(resolve, f.delayMs));
      if (f.reset) {
        call.status = 0;
        req.socket.resetAndDestroy();
        return true;
      }
      if (f.lostResponse) {
        // Let the request take effect, but never deliver the answer.
        res.writeHead = (() => res) as unknown as typeof res.writeHead;
        res.end = (() => {
          call.status = 0;
          req.socket.resetAndDestroy();
          return res;
        }) as unknown as typeof res.end;
        return false;
      }
      const extra: Record<string, string> =
        f.retryAfterSeconds !== undefined ? { 'Retry-After': String(f.retryAfterSeconds) } : {};
      if (f.malformedBody) {
        const status = f.status ?? 200;
        call.status = status;
        const text = '{"detail":"Unexpected end of';
        res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(text.length), ...extra });
        res.end(text);
        return true;
      }
      if (f.status) {
        const code = f.errorCode ?? defaultErrorCode(f.status);
        send(res, call, f.status, errorBody(f.status, code, f.detail ?? `Injected fault ${code}.`), extra);
        return true;
      }
      return false; // delay only: proceed normally
    };

    // ---- OAuth (not versioned, not under /api/atlas/v2): client credentials, Basic client auth (RFC 6749 §2.3.1),
    // tokens valid 3600 s (spec info description). The revoke endpoint and the error bodies are unverified.
    if (path === '/api/oauth/token' || path === '/api/oauth/revoke') {
      if (await applyFault()) return;
      if (method !== 'POST')
        return send(res, call, 405, { error: 'invalid_request', error_description: 'Method not allowed.' });
      const basic = decodeBasic(req.headers.authorization);
      const sa = credentials.serviceAccount;
      if (!basic || basic.id !== sa.clientId || basic.secret !== sa.clientSecret) {
        return send(res, call, 401, { error: 'invalid_client', error_description: 'Invalid client credentials.' });
      }
      if (!/^application\/x-www-form-urlencoded/i.test(contentType ?? '')) {
        return send(res, call, 400, { error: 'invalid_request', error_description: 'Expected a form-encoded body.' });
      }
      const form = new URLSearchParams(raw);
      if (path === '/api/oauth/revoke') {
        const token = form.get('token');
        if (token) state.tokens.delete(token);
        return send(res, call, 200);
      }
      if (form.get('grant_type') !== 'client_credentials') {
        return send(res, call, 400, {
          error: 'unsupported_grant_type',
          error_description: 'Only client_credentials is supported.',
        });
      }
      const ttl = deps.tokenTtlSeconds;
      const token = randomBytes(32).toString('base64url');
      state.tokens.set(token, { clientId: sa.clientId, expiresAt: now() + ttl * 1000 });
      state.tokensIssued++;
      return send(
        res,
        call,
        200,
        { access_token: token, token_type: 'Bearer', expires_in: ttl },
        { 'Cache-Control': 'no-store' },
      );
    }

    // RESOURCE_NOT_FOUND (404, error-code list).
    if (!path.startsWith('/api/atlas/v2/') && path !== '/api/atlas/v2') {
      return sendError(
        res,
        call,
        new AtlasHttpError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [path]),
      );
    }

    // ---- authentication: Bearer (service accounts) or Digest (API keys), per the spec's info description;
    // 401 USER_UNAUTHORIZED (error-code list) with a fresh Digest challenge.
    const authz = req.headers.authorization;
    let authenticated: boolean;
    let stale = false;
    if (authz && /^bearer\s/i.test(authz)) {
      const t = state.tokens.get(authz.replace(/^bearer\s+/i, '').trim());
      authenticated = !!t && t.expiresAt > now();
    } else {
      const result = digest.verify(authz, method, req.url ?? '/');
      authenticated = result.ok;
      stale = !result.ok && result.stale;
    }
    if (!authenticated) {
      return sendError(
        res,
        call,
        new AtlasHttpError(401, 'USER_UNAUTHORIZED', 'You are not authorized for this resource.'),
        {
          'WWW-Authenticate': digest.challenge(stale),
        },
      );
    }

    // ---- routing: unknown path 404 RESOURCE_NOT_FOUND (error-code list); other method 405 (unverified).
    let matched: Route | undefined;
    let params: string[] = [];
    let pathKnown = false;
    for (const candidate of deps.routes) {
      const m = candidate.re.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (candidate.method === method) {
        matched = candidate;
        params = m.slice(1).map(decodeURIComponent);
        break;
      }
    }
    if (!matched) {
      if (pathKnown)
        return sendError(
          res,
          call,
          new AtlasHttpError(405, 'METHOD_NOT_ALLOWED', `Method ${method} is not allowed for ${path}.`, [method]),
        );
      return sendError(
        res,
        call,
        new AtlasHttpError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [path]),
      );
    }

    // ---- media types: each operation serves the versions its spec lists as `application/vnd.atlas.<date>+json`;
    // another version answers 406, a body of another media type 415 (statuses and codes unverified).
    const version = versionOf(req.headers.accept);
    if (!version || !matched.versions.includes(version)) {
      return sendError(
        res,
        call,
        new AtlasHttpError(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.'),
      );
    }
    if (raw.length > 0 && versionOf(contentType) !== version) {
      return sendError(
        res,
        call,
        new AtlasHttpError(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          `Content type ${String(contentType)} is not supported; send application/vnd.atlas.${version}+json.`,
        ),
      );
    }
    // MALFORMED_JSON (400): "Received JSON is malformed." (error-code list).
    if (parseFailed)
      return sendError(res, call, new AtlasHttpError(400, 'MALFORMED_JSON', 'Received JSON is malformed.'));

    if (await applyFault()) return;

    state.advance();
    const ctx: RouteContext = {
      params,
      query: url.searchParams,
      body: parsed,
      version,
      state,
      project: () => state.lookup(params[0]),
      families: () => state.lookup(params[0]).family,
      page: (items, selfPath) => page(items, url.searchParams, selfPath, deps.totalCountSkew),
    };
    // An answer the operation does not declare is an emulator defect: recorded, and answered as a 500.
    const undeclared = (status: number, generic: boolean): boolean => {
      if (matched.statuses.includes(status) || (generic && status === 400)) return false;
      state.defects.push(`${matched.operationId} answered ${status}, which the spec does not declare`);
      sendError(res, call, new AtlasHttpError(500, 'UNEXPECTED_ERROR', 'Unexpected error.'));
      return true;
    };
    try {
      const out = matched.handle(ctx);
      if (undeclared(out.status, false)) return;
      send(res, call, out.status, out.body, { 'Content-Type': `application/vnd.atlas.${version}+json;charset=utf-8` });
    } catch (e) {
      if (!(e instanceof AtlasHttpError)) {
        state.defects.push(`${matched.operationId} threw ${String(e)}`);
        return sendError(res, call, new AtlasHttpError(500, 'UNEXPECTED_ERROR', 'Unexpected error.'));
      }
      if (undeclared(e.status, e.generic)) return;
      sendError(res, call, e);
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(errorBody(500, 'UNEXPECTED_ERROR', 'Unexpected error.')));
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
