/**
 * One Admin API call end to end: URL and body, authentication, the retry loop, and the mapping of each
 * attempt's response to a parsed body or an `AtlasApiError`. Endpoint families describe calls as
 * {@link CallSpec}s and run them through an {@link AtlasCaller}.
 */
import type { PageWire } from '../core/atlas/wire';
import type { RequestAuthenticator } from './auth/authenticator';
import { AtlasApiError, MALFORMED_RESPONSE, isAtlasError, parseAtlasError } from './errors';
import { collectPages } from './pagination';
import { collectSecretValues } from './redact';
import {
  failureKindOfStatus,
  retryAfterMs,
  type AttemptContext,
  type AttemptOutcome,
  type CodeBudget,
  type RetryPolicy,
} from './retry';
import { API_PREFIX, classifyNetworkError, type Transport } from './transport';

/** Query parameter values; undefined ones are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/** A request to the Admin API. */
export interface CallSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Below `/api/atlas/v2`, segments encoded (see {@link atlasPath}). */
  readonly path: string;
  /** Resource version (`YYYY-MM-DD`). */
  readonly version: string;
  readonly query?: QueryParams;
  readonly body?: unknown;
  /** Repeat IAM-propagation and cloud-grant codes within their budgets. */
  readonly retryPropagation?: boolean;
}

/** Runs calls; what endpoint families are written against. */
export interface AtlasCaller {
  /** Resolves the parsed body, or undefined when the success body is empty. */
  call<T>(spec: CallSpec): Promise<T | undefined>;
  /** A call whose success must carry a JSON body. */
  callJson<T>(spec: CallSpec): Promise<T>;
  /** Every page of a list. */
  listAll<T>(path: string, version: string, query?: QueryParams): Promise<T[]>;
}

/** Builds a path, encoding each interpolated value as one path segment. */
export function atlasPath(strings: TemplateStringsArray, ...segments: string[]): string {
  return strings.reduce((out, s, i) => out + s + (i < segments.length ? encodeURIComponent(segments[i]) : ''), '');
}

/** Methods that may be repeated after the request may have reached Atlas (RFC 9110 §9.2.2). */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'PUT', 'PATCH', 'DELETE']);

/** The {@link AtlasCaller} over HTTP. */
export class AtlasRequester implements AtlasCaller {
  public constructor(
    private readonly transport: Transport,
    private readonly auth: RequestAuthenticator,
    private readonly retry: RetryPolicy,
    /** Applied to calls with `retryPropagation`. */
    private readonly propagationBudgets: readonly CodeBudget[],
  ) {}

  public async call<T>(spec: CallSpec): Promise<T | undefined> {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) search.set(k, String(v));
    const qs = search.toString();
    const uri = `${API_PREFIX}${spec.path}${qs ? `?${qs}` : ''}`;
    const bodyText = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    const bodySecrets = [...collectSecretValues(spec.body)];
    return this.retry.run(
      {
        method: spec.method,
        path: spec.path,
        repeatable: IDEMPOTENT.has(spec.method),
        budgets: spec.retryPropagation ? this.propagationBudgets : undefined,
      },
      (ctx) => this.attempt<T>(spec, uri, bodyText, bodySecrets, ctx),
    );
  }

  public async callJson<T>(spec: CallSpec): Promise<T> {
    const body = await this.call<T>(spec);
    if (body === undefined) {
      throw new AtlasApiError({
        method: spec.method,
        path: spec.path,
        status: 200,
        errorCode: MALFORMED_RESPONSE,
        detail: 'empty response body',
      });
    }
    return body;
  }

  public listAll<T>(path: string, version: string, query: QueryParams = {}): Promise<T[]> {
    return collectPages<T>(path, async (page) =>
      this.call<PageWire<T>>({ method: 'GET', path, version, query: { ...query, ...page } }),
    );
  }

  /** One HTTP exchange, auth handshake included, mapped to an outcome for the retry loop. */
  private async attempt<T>(
    spec: CallSpec,
    uri: string,
    bodyText: string | undefined,
    bodySecrets: readonly string[],
    ctx: AttemptContext,
  ): Promise<AttemptOutcome<T | undefined>> {
    const req = { method: spec.method, path: spec.path, attempts: ctx.attempt };
    let res: Response;
    let text: string;
    try {
      res = await this.auth.exchange(spec.method, uri, (authorization) =>
        this.transport.send({
          method: spec.method,
          uri,
          version: spec.version,
          body: bodyText,
          authorization,
          timeoutMs: ctx.timeoutMs,
        }),
      );
      text = await res.text();
    } catch (err) {
      if (isAtlasError(err)) throw err; // the token request failed; already mapped and retried
      const nf = classifyNetworkError(err);
      return {
        ok: false,
        kind: nf.maybeSent ? 'uncertain' : 'not-sent',
        error: new AtlasApiError({ ...req, status: 0, errorCode: nf.errorCode, detail: nf.detail }),
      };
    }
    if (res.status >= 200 && res.status < 300) {
      if (text.trim() === '') return { ok: true, status: res.status, value: undefined };
      try {
        return { ok: true, status: res.status, value: JSON.parse(text) as T };
      } catch {
        // A truncated or garbled success body (a proxy, a cut connection): the call may have been applied.
        return {
          ok: false,
          kind: 'uncertain',
          error: new AtlasApiError({
            ...req,
            status: res.status,
            errorCode: MALFORMED_RESPONSE,
            detail: `response body is not valid JSON (${text.length} bytes)`,
          }),
        };
      }
    }
    return {
      ok: false,
      kind: failureKindOfStatus(res.status),
      error: parseAtlasError(req, res.status, text, [...bodySecrets, ...this.auth.secrets()]),
      retryAfterMs: retryAfterMs(res.headers, this.retry.now()),
    };
  }
}
