/** Fault injection: make the next N matching requests fail in a chosen way. */

/** A fault to inject. Matching requests consume `times`; faults apply after authentication. */
export interface FaultSpec {
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  /** Exact path (with or without the `/api/atlas/v2` prefix, no query) or a RegExp tested on the full path. */
  readonly path: string | RegExp;
  /** How many matching requests fail. */
  readonly times: number;
  /** Status to answer with (Atlas-shaped error body unless `malformedBody`). */
  readonly status?: number;
  /** errorCode of the body (defaults by status: 429 RATE_LIMITED, 503 SERVICE_UNAVAILABLE, …). */
  readonly errorCode?: string;
  /** `detail` of the body. */
  readonly detail?: string;
  /** Adds `Retry-After: <seconds>`. */
  readonly retryAfterSeconds?: number;
  /** Waits this long before answering (alone: then the request proceeds normally, e.g. to force a client timeout). */
  readonly delayMs?: number;
  /** Destroys the socket instead of answering (connection reset). */
  readonly reset?: true;
  /** Processes the request as usual, then drops the answer (connection reset): a POST that took effect unseen. */
  readonly lostResponse?: true;
  /** Answers with a truncated JSON body (status defaults to 200). */
  readonly malformedBody?: true;
}

/** A registered fault and how many times it still fires. */
export interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
  /** Requests it has fired on. */
  fired: number;
}

/** The fault registry of one emulator. */
export class Faults {
  private readonly list: ActiveFault[] = [];

  /** Registers a fault; returns a handle to inspect how often it fired. */
  public add(spec: FaultSpec): ActiveFault {
    const f: ActiveFault = { spec, remaining: spec.times, fired: 0 };
    this.list.push(f);
    return f;
  }

  /** Removes every fault. */
  public clear(): void {
    this.list.length = 0;
  }

  /** Faults that still have firings left. */
  public get pending(): readonly ActiveFault[] {
    return this.list.filter((f) => f.remaining > 0);
  }

  /** Consumes and returns the first fault matching the request, if any. */
  public take(method: string, path: string): FaultSpec | undefined {
    const f = this.list.find(
      (x) =>
        x.remaining > 0 && (!x.spec.method || x.spec.method.toUpperCase() === method) && matches(x.spec.path, path),
    );
    if (!f) return undefined;
    f.remaining--;
    f.fired++;
    return f.spec;
  }
}

function matches(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(path);
  return path === pattern || path === `/api/atlas/v2${pattern}`;
}
