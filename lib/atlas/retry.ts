/**
 * The one retry loop of the Atlas client; Admin API calls and the service-account token request both run in it.
 *
 * What is repeated depends on whether the failed request may have taken effect:
 * - not sent (connection refused, host not resolved) and rejected (429: Atlas's rate limiter refuses the request
 *   before doing any work): repeated for every method, POST included.
 * - uncertain (5xx, a reset after the request was sent, a timeout, a garbled success body): repeated only for
 *   repeatable calls (GET, PUT, PATCH, DELETE, the token request). A POST that failed this way may have been
 *   applied (a second cloud-provider-access role, a second alert configuration); the caller must read before
 *   creating again.
 * - final (any other Atlas answer): repeated only for the error codes the call names a time budget for (IAM and
 *   cloud-grant propagation), backing off from 5 s to a 30 s cap.
 * Transient repeats are capped by `maxRetries`; `Retry-After` (seconds or HTTP date) is honoured up to
 * `maxRetryAfterMs`, plus up to 1 s of jitter; without it, exponential backoff with equal jitter.
 * With a `deadline`, the loop never sleeps past it and caps each attempt's timeout at the time left: a Lambda
 * that runs out of time mid-sleep loses the Atlas error and reports only "Task timed out".
 *
 * Why not cockatiel's RetryPolicy: it sleeps with a real `setTimeout` (no injectable clock, so tests would wait
 * for real), and decisions here depend on the response (Retry-After, errorCode, whether it may have arrived) and
 * on wall-clock budgets that differ per errorCode. A small explicit loop is clearer and adds no bundle weight.
 */
import { AtlasApiError, DEADLINE_EXCEEDED, withHint } from './errors';

/** One structured log event per HTTP attempt. Never carries bodies, headers or secrets. */
export interface AtlasRequestLogEvent {
  /** HTTP method. */
  readonly method: string;
  /** Path below `/api/atlas/v2`, or `/api/oauth/token`; no query string. */
  readonly path: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** 1-based attempt number within the call. */
  readonly attempt: number;
  /** Time the attempt took, by the client's clock. */
  readonly durationMs: number;
  /** Atlas errorCode, for failed attempts. */
  readonly errorCode?: string;
  /** Planned wait before the next attempt, when the client will retry. */
  readonly retryInMs?: number;
}

/** Receives {@link AtlasRequestLogEvent}s (e.g. forward them to a structured logger). */
export type AtlasClientLogger = (event: AtlasRequestLogEvent) => void;

/** How a failed attempt relates to Atlas having acted on it. */
export type FailureKind = 'not-sent' | 'rejected' | 'uncertain' | 'final';

/** What one attempt produced. */
export type AttemptOutcome<T> =
  | { readonly ok: true; readonly status: number; readonly value: T }
  | {
      readonly ok: false;
      readonly error: AtlasApiError;
      readonly kind: FailureKind;
      /** Parsed `Retry-After`, in ms. */
      readonly retryAfterMs?: number;
    };

/** Error codes repeated within a wall-clock budget (measured from the call's first attempt). */
export interface CodeBudget {
  readonly codes: readonly string[];
  readonly budgetMs: number;
  /** What to check when the budget runs out. */
  readonly hint: string;
}

/** A call as the loop sees it. */
export interface RetriedCall {
  readonly method: string;
  /** For logs and errors. */
  readonly path: string;
  /** Safe to repeat after it may have reached Atlas. */
  readonly repeatable: boolean;
  readonly budgets?: readonly CodeBudget[];
}

/** What each attempt gets from the loop. */
export interface AttemptContext {
  /** 1-based. */
  readonly attempt: number;
  /** Abort the attempt after this long (the request timeout, capped by the deadline). */
  readonly timeoutMs: number;
}

/** Options of {@link RetryPolicy}. */
export interface RetryPolicyOptions {
  readonly maxRetries: number;
  readonly maxRetryAfterMs: number;
  readonly requestTimeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly random: () => number;
  /** Epoch ms (by `now`) the call must have returned by. */
  readonly deadline?: () => number;
  readonly logger?: AtlasClientLogger;
}

const seconds = (ms: number): number => Math.round(ms / 1000);

/** Runs attempts until one succeeds or the policy says stop. */
export class RetryPolicy {
  public constructor(private readonly o: RetryPolicyOptions) {}

  /** The current time by the policy's clock. */
  public now(): number {
    return this.o.now();
  }

  public async run<T>(call: RetriedCall, attempt: (ctx: AttemptContext) => Promise<AttemptOutcome<T>>): Promise<T> {
    const start = this.o.now();
    let transientRetries = 0;
    let budgetRetries = 0;
    for (let n = 1; ; n++) {
      const t0 = this.o.now();
      const outcome = await attempt({ attempt: n, timeoutMs: this.attemptTimeout(call, n) });
      const durationMs = this.o.now() - t0;
      const log = (status: number, errorCode?: string, retryInMs?: number): void =>
        this.o.logger?.({ method: call.method, path: call.path, status, attempt: n, durationMs, errorCode, retryInMs });
      if (outcome.ok) {
        log(outcome.status);
        return outcome.value;
      }

      const { error } = outcome;
      let delay: number | undefined;
      let hint: string | undefined;
      const transient =
        outcome.kind === 'not-sent' || outcome.kind === 'rejected' || (outcome.kind === 'uncertain' && call.repeatable);
      if (transient) {
        if (transientRetries < this.o.maxRetries) {
          delay =
            outcome.retryAfterMs !== undefined
              ? Math.min(outcome.retryAfterMs, this.o.maxRetryAfterMs) + Math.floor(this.o.random() * 1000)
              : this.backoff(transientRetries, error.status === 429 ? 2000 : 1000);
          transientRetries++;
        }
      } else if (outcome.kind === 'final') {
        const budget = call.budgets?.find((b) => b.codes.includes(error.errorCode));
        if (budget) {
          const base = Math.min(30_000, 5_000 * 2 ** budgetRetries);
          const wait = Math.round(base * (0.9 + 0.2 * this.o.random()));
          const elapsed = this.o.now() - start;
          if (elapsed + wait <= budget.budgetMs) {
            delay = wait;
            budgetRetries++;
          } else {
            hint =
              `Gave up after ${n} attempts over ${seconds(elapsed)} s ` +
              `(budget ${seconds(budget.budgetMs)} s): ${budget.hint}`;
          }
        }
      }
      if (delay !== undefined && this.o.deadline) {
        const remaining = this.o.deadline() - this.o.now();
        if (delay >= remaining) {
          hint =
            `Stopped retrying after ${n} attempt${n === 1 ? '' : 's'} because the invocation's time is running out ` +
            `(the next attempt would wait ${seconds(delay)} s; ${seconds(Math.max(0, remaining))} s remain)`;
          delay = undefined;
        }
      }

      log(error.status, error.errorCode, delay);
      if (delay === undefined) throw hint ? withHint(error, hint, n) : error;
      await this.o.sleep(delay);
    }
  }

  /** The request timeout, capped by the time left; throws when no time is left to send at all. */
  private attemptTimeout(call: RetriedCall, attempt: number): number {
    if (!this.o.deadline) return this.o.requestTimeoutMs;
    const remaining = this.o.deadline() - this.o.now();
    if (remaining <= 0) {
      throw new AtlasApiError({
        method: call.method,
        path: call.path,
        status: 0,
        errorCode: DEADLINE_EXCEEDED,
        detail: "not sent: the invocation's time has run out",
        attempts: attempt,
      });
    }
    return Math.min(this.o.requestTimeoutMs, remaining);
  }

  /** Exponential backoff with equal jitter: half fixed, half random, capped at 30 s. */
  private backoff(retry: number, baseMs: number): number {
    const d = Math.min(30_000, baseMs * 2 ** retry);
    return Math.round(d / 2 + (this.o.random() * d) / 2);
  }
}

/** Parses `Retry-After` (delta seconds or HTTP date, RFC 9110 §10.2.3) to milliseconds, or undefined. */
export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get('retry-after');
  if (!raw) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(raw)) return Math.round(Number(raw) * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Server errors after which the request may or may not have been applied. */
const UNCERTAIN_STATUSES: readonly number[] = [500, 502, 503, 504];

/** The failure kind of an HTTP error status. */
export function failureKindOfStatus(status: number): FailureKind {
  if (status === 429) return 'rejected';
  return UNCERTAIN_STATUSES.includes(status) ? 'uncertain' : 'final';
}
