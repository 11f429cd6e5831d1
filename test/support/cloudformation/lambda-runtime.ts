/**
 * A warm Lambda container for one function: synchronous Invoke as the Provider framework calls it.
 *
 * - payload and result go through JSON (the Invoke API carries JSON text);
 * - a thrown error answers `FunctionError: 'Unhandled'` with the Node.js runtime's error payload
 *   `{errorType, errorMessage, trace}` (AWS Lambda docs, "AWS Lambda function errors in Node.js");
 * - an invocation that runs past the function's `Timeout` (simulated time) is cut off: `FunctionError` with
 *   `Task timed out after N.NN seconds` (AWS Lambda docs, "Troubleshoot invocation issues": the message names the
 *   timeout; the exact prefix of the message is unverified, and nothing here depends on it);
 * - console output is captured (CloudWatch Logs of the function).
 */
import type { VirtualClock } from './clock';
import type { LambdaHandler } from './lambda-assets';
import type { InvokeResult } from './provider-framework';
import { fakeUuid } from './physical-ids';

class LambdaTimeout extends Error {}

/** One deployed function. */
export interface SimulatedFunction {
  readonly logicalId: string;
  /** Function name (the last part of its ARN). */
  readonly name: string;
  readonly timeoutMs: number;
  readonly fn: LambdaHandler;
}

/** Invokes `fn` as Lambda does, on `clock`; console lines go to `logs` unless `captureLogs` is false. */
export async function invokeLambda(
  fn: SimulatedFunction,
  payload: string,
  clock: VirtualClock,
  logs: string[] | undefined,
): Promise<InvokeResult> {
  const input = JSON.parse(payload) as unknown;
  const restore = logs ? captureConsole(logs) : () => undefined;
  const start = clock.now();
  let timer: NodeJS.Timeout | undefined;
  const tick = Math.max(5, (fn.timeoutMs * clock.scale) / 20);
  try {
    const result = await clock.run(() =>
      Promise.race([
        fn.fn(input),
        new Promise<never>((_, reject) => {
          const check = (): void => {
            if (clock.now() - start > fn.timeoutMs) reject(new LambdaTimeout());
            else timer = setTimeout(check, tick);
          };
          timer = setTimeout(check, tick);
        }),
      ]),
    );
    return { Payload: result === undefined ? 'null' : JSON.stringify(result) };
  } catch (err) {
    if (err instanceof LambdaTimeout) {
      const errorMessage = `${new Date(clock.now()).toISOString()} ${fakeUuid(String(start))} Task timed out after ${(fn.timeoutMs / 1000).toFixed(2)} seconds`;
      return { FunctionError: 'Unhandled', Payload: JSON.stringify({ errorMessage }) };
    }
    const e = err instanceof Error ? err : new Error(String(err));
    return {
      FunctionError: 'Unhandled',
      Payload: JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: String(e.stack ?? '').split('\n') }),
    };
  } finally {
    clearTimeout(timer);
    restore();
  }
}

/** Where console lines go while invocations run; one patch of `console` however many invocations overlap. */
const sinks = new Map<string[], number>();
let savedConsole: Array<[string, unknown]> | undefined;

function captureConsole(logs: string[]): () => void {
  sinks.set(logs, (sinks.get(logs) ?? 0) + 1);
  const target = console as unknown as Record<string, unknown>;
  if (!savedConsole) {
    savedConsole = [];
    for (const level of ['log', 'debug', 'info', 'warn', 'error']) {
      savedConsole.push([level, target[level]]);
      target[level] = (...args: unknown[]) => {
        const line = `${level.toUpperCase()} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`;
        for (const sink of sinks.keys()) sink.push(line);
      };
    }
  }
  return () => {
    const n = (sinks.get(logs) ?? 1) - 1;
    if (n > 0) sinks.set(logs, n);
    else sinks.delete(logs);
    if (sinks.size === 0 && savedConsole) {
      for (const [level, f] of savedConsole) target[level] = f;
      savedConsole = undefined;
    }
  };
}
