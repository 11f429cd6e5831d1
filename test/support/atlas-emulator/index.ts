/**
 * A loopback Atlas Admin API v2 emulator on node:http, faithful enough that `AtlasClient` cannot tell
 * it from Atlas: Digest and service-account auth, versioned media types (406/415), Atlas error bodies,
 * paging envelopes, EAR/CPA/cluster/backup/alert semantics, fault injection and request recording.
 */
import { appendFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AlertConfigWire, ClusterWire, RestoreJobWire } from '../../../lib/core/atlas/wire';
import { DigestServer, decodeBasic } from './auth';
import { AtlasHttpError, defaultErrorCode, errorBody } from './errors';
import { Faults } from './faults';
import { EmulatorState, ProjectState, maskAlert, type EmulatorCall, type EmulatorDurations } from './state';

export { AtlasHttpError } from './errors';
export type { FaultSpec, ActiveFault } from './faults';
export { Faults } from './faults';
export * from './state';

/** Options of {@link startAtlasEmulator}. */
export interface AtlasEmulatorOptions {
  /** Lifecycle timings (cluster create/update/delete, GCP role, restore). All default to 0 ms. */
  readonly durations?: EmulatorDurations;
  /** Clock for lifecycles, nonces and token expiry. @default Date.now */
  readonly now?: () => number;
  /** Modeled latency per call, for benchmarks. @default 0 */
  readonly latencyMs?: number | ((call: { method: string; path: string }) => number);
  /** OAuth token lifetime. @default 3600 */
  readonly tokenTtlSeconds?: number;
  /** Digest nonce lifetime. @default 300_000 */
  readonly nonceTtlMs?: number;
  /** Answer 404 GROUP_NOT_FOUND for projects not seeded with `state.project()`. @default false */
  readonly knownProjectsOnly?: boolean;
  /** JSON-lines record file. @default process.env.ATLAS_EMULATOR_RECORD */
  readonly recordFile?: string;
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

/** A running emulator. */
export interface AtlasEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54321` (pass as `baseUrl`). */
  readonly url: string;
  /** Listening port. */
  readonly port: number;
  /** Seed and inspect Atlas state. */
  readonly state: EmulatorState;
  /** Fault injection. */
  readonly faults: Faults;
  /** Accepted credentials. */
  readonly credentials: AtlasEmulatorCredentials;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

type Handler = (ctx: RouteContext) => { status: number; body?: unknown };

interface RouteContext {
  readonly params: string[];
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly state: EmulatorState;
  project(): ProjectState;
}

interface Route {
  readonly method: string;
  readonly re: RegExp;
  readonly versions: readonly string[];
  readonly handle: Handler;
}

const V1 = ['2023-01-01'];
const CLUSTER_READ = ['2023-02-01', '2024-08-05'];
const CLUSTER_WRITE = ['2023-02-01', '2024-08-05', '2024-10-23'];
const CLUSTER_DELETE = ['2023-01-01', '2023-02-01'];
const SECRET_KEYS = new Set([
  'secret',
  'serviceAccountKey',
  'secretAccessKey',
  'webhookSecret',
  'privateKey',
  'clientSecret',
  'client_secret',
  'password',
  'token',
  'apiKey',
  'serviceKey',
  'routingKey',
]);

const G = '/groups/([^/]+)';
const C = `${G}/clusters/([^/]+)`;
const r = (method: string, path: string, versions: readonly string[], handle: Handler): Route => ({
  method,
  re: new RegExp(`^/api/atlas/v2${path}$`),
  versions,
  handle,
});

/** Paging envelope `{results, totalCount, links}` honouring itemsPerPage (1–500) and pageNum. */
function page<T>(items: T[], query: URLSearchParams, selfPath: string): { status: number; body: unknown } {
  const per = Number(query.get('itemsPerPage') ?? 100);
  const num = Number(query.get('pageNum') ?? 1);
  if (!Number.isInteger(per) || per < 1 || per > 500)
    throw new AtlasHttpError(400, 'INVALID_QUERY_PARAMETER', 'itemsPerPage must be between 1 and 500.', [
      'itemsPerPage',
    ]);
  if (!Number.isInteger(num) || num < 1)
    throw new AtlasHttpError(400, 'INVALID_QUERY_PARAMETER', 'pageNum must be at least 1.', ['pageNum']);
  const body: Record<string, unknown> = {
    links: [{ href: `https://cloud.mongodb.com${selfPath}?pageNum=${num}&itemsPerPage=${per}`, rel: 'self' }],
    results: items.slice((num - 1) * per, num * per),
  };
  if (query.get('includeCount') !== 'false') body.totalCount = items.length;
  return { status: 200, body };
}

const ROUTES: Route[] = [
  r('GET', `${G}/encryptionAtRest`, V1, (c) => ({ status: 200, body: c.project().earView() })),
  r('PATCH', `${G}/encryptionAtRest`, V1, (c) => ({ status: 200, body: c.project().patchEar(obj(c.body)) })),
  r('GET', `${G}/cloudProviderAccess`, V1, (c) => {
    const p = c.project();
    const views = [...p.roles.values()].map((x) => p.roleView(x));
    return {
      status: 200,
      body: {
        awsIamRoles: views.filter((v) => v.providerName === 'AWS'),
        azureServicePrincipals: views.filter((v) => v.providerName === 'AZURE'),
        gcpServiceAccounts: views.filter((v) => v.providerName === 'GCP'),
      },
    };
  }),
  r('POST', `${G}/cloudProviderAccess`, V1, (c) => ({ status: 200, body: c.project().createRole(obj(c.body)) })),
  r('GET', `${G}/cloudProviderAccess/([^/]+)`, V1, (c) => {
    const p = c.project();
    return { status: 200, body: p.roleView(p.getRole(c.params[1])) };
  }),
  r('PATCH', `${G}/cloudProviderAccess/([^/]+)`, V1, (c) => ({
    status: 200,
    body: c.project().authorizeRole(c.params[1], obj(c.body)),
  })),
  r('DELETE', `${G}/cloudProviderAccess/(AWS|AZURE|GCP)/([^/]+)`, V1, (c) => {
    c.project().deauthorizeRole(c.params[1], c.params[2]);
    return { status: 204 };
  }),
  r('GET', `${G}/clusters`, CLUSTER_READ, (c) => {
    const p = c.project();
    const live = [...p.clusters.values()];
    const all = c.query.get('includeDeletedWithRetainedBackups') === 'true' ? [...live, ...p.deletedClusters] : live;
    return page(
      all.map((x) => p.clusterView(x)),
      c.query,
      `/api/atlas/v2/groups/${p.groupId}/clusters`,
    );
  }),
  r('POST', `${G}/clusters`, CLUSTER_WRITE, (c) => ({
    status: 201,
    body: c.project().createCluster(obj(c.body) as unknown as ClusterWire),
  })),
  r('GET', C, CLUSTER_READ, (c) => {
    const p = c.project();
    return { status: 200, body: p.clusterView(p.getClusterRecord(c.params[1])) };
  }),
  r('PATCH', C, CLUSTER_WRITE, (c) => ({
    status: 200,
    body: c.project().updateCluster(c.params[1], obj(c.body) as Partial<ClusterWire>),
  })),
  r('DELETE', C, CLUSTER_DELETE, (c) => {
    c.project().deleteCluster(c.params[1], c.query.get('retainBackups') === 'true');
    return { status: 202 };
  }),
  r('GET', `${C}/backup/snapshots`, V1, (c) => {
    const p = c.project();
    const snaps = p.snapshotsOf(c.params[1]).map((s) => ({ ...s.wire }));
    return page(snaps.reverse(), c.query, `/api/atlas/v2/groups/${p.groupId}/clusters/${c.params[1]}/backup/snapshots`);
  }),
  r('GET', `${C}/backup/snapshots/([^/]+)`, V1, (c) => {
    const s = c
      .project()
      .snapshotsOf(c.params[1])
      .find((x) => x.wire.id === c.params[2]);
    if (!s)
      throw new AtlasHttpError(
        404,
        'SNAPSHOT_NOT_FOUND',
        `No snapshot with ID ${c.params[2]} exists for cluster ${c.params[1]}.`,
        [c.params[2]],
      );
    return { status: 200, body: { ...s.wire } };
  }),
  r('POST', `${C}/backup/restoreJobs`, V1, (c) => ({
    status: 200,
    body: c.project().createRestoreJob(c.params[1], obj(c.body) as unknown as RestoreJobWire),
  })),
  r('GET', `${C}/backup/restoreJobs`, V1, (c) => {
    const p = c.project();
    const jobs = p.restoreJobs
      .filter((j) => j.wire.clusterName === c.params[1])
      .map(({ wire: { clusterName: _c, ...w } }) => w);
    return page(jobs, c.query, `/api/atlas/v2/groups/${p.groupId}/clusters/${c.params[1]}/backup/restoreJobs`);
  }),
  r('GET', `${C}/backup/restoreJobs/([^/]+)`, V1, (c) => {
    const j = c.project().restoreJobs.find((x) => x.wire.id === c.params[2] && x.wire.clusterName === c.params[1]);
    if (!j)
      throw new AtlasHttpError(404, 'RESTORE_JOB_NOT_FOUND', `No restore job with ID ${c.params[2]}.`, [c.params[2]]);
    const { clusterName: _c, ...w } = j.wire;
    return { status: 200, body: w };
  }),
  r('GET', `${G}/alertConfigs`, V1, (c) => {
    const p = c.project();
    return page(p.alertConfigs.map(maskAlert), c.query, `/api/atlas/v2/groups/${p.groupId}/alertConfigs`);
  }),
  r('POST', `${G}/alertConfigs`, V1, (c) => ({
    status: 200,
    body: c.project().addAlertConfig(obj(c.body) as unknown as AlertConfigWire),
  })),
  r('GET', `${G}/alertConfigs/([^/]+)`, V1, (c) => {
    const a = c.project().alertConfigs.find((x) => x.id === c.params[1]);
    if (!a)
      throw new AtlasHttpError(404, 'ALERT_CONFIG_NOT_FOUND', `No alert configuration with ID ${c.params[1]}.`, [
        c.params[1],
      ]);
    return { status: 200, body: maskAlert(a) };
  }),
  r('PUT', `${G}/alertConfigs/([^/]+)`, V1, (c) => ({
    status: 200,
    body: c.project().replaceAlertConfig(c.params[1], obj(c.body) as unknown as AlertConfigWire),
  })),
  r('GET', `${G}/backupCompliancePolicy`, ['2023-01-01', '2023-10-01'], (c) => {
    const p = c.project();
    if (!p.backupCompliancePolicy) {
      throw new AtlasHttpError(
        404,
        'RESOURCE_NOT_FOUND',
        `Cannot find resource Backup Compliance Policy for group ${p.groupId}.`,
        [p.groupId],
      );
    }
    return { status: 200, body: { projectId: p.groupId, ...p.backupCompliancePolicy } };
  }),
];

function obj(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AtlasHttpError(400, 'INVALID_JSON', 'Received JSON does not match expected format.');
  }
  return body as Record<string, unknown>;
}

/** Deep copy with secret fields replaced. */
function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[REDACTED]' : redact(v)]),
    );
  }
  return value;
}

function versionOf(header: string | undefined): string | undefined {
  const m = /^\s*application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json\s*(;.*)?$/i.exec(header ?? '');
  return m?.[1];
}

/** Starts the emulator on 127.0.0.1 and a random port. */
export async function startAtlasEmulator(options: AtlasEmulatorOptions = {}): Promise<AtlasEmulator> {
  const now = options.now ?? Date.now;
  const state = new EmulatorState(now, options.durations ?? {}, options.knownProjectsOnly ?? false);
  const faults = new Faults();
  const credentials: AtlasEmulatorCredentials = {
    apiKey: { type: 'apiKey', publicKey: randomBytes(4).toString('hex'), privateKey: randomUUID() },
    serviceAccount: {
      type: 'serviceAccount',
      clientId: `mdb_sa_id_${randomBytes(12).toString('hex')}`,
      clientSecret: `mdb_sa_sk_${randomBytes(24).toString('base64url')}`,
    },
  };
  const digest = new DigestServer(
    new Map([[credentials.apiKey.publicKey, credentials.apiKey.privateKey]]),
    now,
    options.nonceTtlMs ?? 300_000,
  );
  const recordFile = options.recordFile ?? process.env.ATLAS_EMULATOR_RECORD;
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
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue;
      headers[k] =
        k === 'authorization' || k === 'cookie'
          ? `${String(v).split(' ')[0]} [REDACTED]`
          : Array.isArray(v)
            ? v.join(', ')
            : v;
    }
    const call: EmulatorCall = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: redact(parsed),
    };
    state.calls.push(call);
    if (recordFile) {
      appendFileSync(recordFile, `${JSON.stringify({ method, path, query: call.query, headers, body: call.body })}\n`);
    }
    const latency =
      typeof options.latencyMs === 'function' ? options.latencyMs({ method, path }) : (options.latencyMs ?? 0);
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

    // ---- OAuth (not versioned, not under /api/atlas/v2)
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
      const ttl = options.tokenTtlSeconds ?? 3600;
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

    if (!path.startsWith('/api/atlas/v2/') && path !== '/api/atlas/v2') {
      return sendError(
        res,
        call,
        new AtlasHttpError(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [path]),
      );
    }

    // ---- authentication
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

    // ---- routing
    let route: Route | undefined;
    let params: string[] = [];
    let pathKnown = false;
    for (const candidate of ROUTES) {
      const m = candidate.re.exec(path);
      if (!m) continue;
      pathKnown = true;
      if (candidate.method === method) {
        route = candidate;
        params = m.slice(1).map(decodeURIComponent);
        break;
      }
    }
    if (!route) {
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

    // ---- media types
    const version = versionOf(req.headers.accept);
    if (!version || !route.versions.includes(version)) {
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
    if (parseFailed)
      return sendError(res, call, new AtlasHttpError(400, 'INVALID_JSON', 'Received JSON is malformed.'));

    if (await applyFault()) return;

    state.advance();
    const matched = route;
    const ctx: RouteContext = {
      params,
      query: url.searchParams,
      body: parsed,
      state,
      project: () => state.lookup(params[0]),
    };
    try {
      const out = matched.handle(ctx);
      send(res, call, out.status, out.body, { 'Content-Type': `application/vnd.atlas.${version}+json;charset=utf-8` });
    } catch (e) {
      if (e instanceof AtlasHttpError) return sendError(res, call, e);
      sendError(res, call, new AtlasHttpError(500, 'UNEXPECTED_ERROR', 'Unexpected error.'));
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
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    faults,
    credentials,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
