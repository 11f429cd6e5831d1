/**
 * The aws-cdk-lib Provider framework (`custom_resources.Provider`), as aws-cdk-lib 2.276 runs it:
 * `custom-resources/lib/provider-framework/runtime/{framework,cfn-response,outbound,util}.js` and
 * `waiter-state-machine.js` (packages/aws-cdk-lib/custom-resources/lib/provider-framework/ in aws/aws-cdk).
 * One driver serves the stack simulator (bundled handler as a simulated Lambda) and the handler unit tests
 * (the handler called in-process): both hand it an `invoke` and a `sleep`.
 *
 * - framework.onEvent invokes the user onEvent function with the CloudFormation request and builds the response
 *   event `{...request, ...result, PhysicalResourceId}` (createResponseEvent: the id defaults to the RequestId on
 *   Create and to the request's id otherwise; a Delete may not change it);
 * - without an isComplete function that event is the SUCCESS response; with one, the waiter state machine runs:
 *   its only task calls framework.isComplete at once, and Step Functions retries it (the `Retry` error the
 *   framework throws while `IsComplete` is false) after `IntervalSeconds`, each wait `BackoffRate` times the
 *   previous, at most `MaxAttempts` times (AWS Step Functions docs, "Handling errors in Step Functions
 *   workflows", Retrier fields); then the Catch runs framework.onTimeout, which answers FAILED "Operation timed out";
 * - isComplete answering false with Data is an error; answering true merges
 *   `{...event, ...result, Data: {...event.Data, ...result.Data}}`;
 * - cfn-response.safeHandler acknowledges a Delete of the `CREATE_FAILED` marker without calling the user, and
 *   turns any error into FAILED with `Reason: e.stack` (includeStackTraces is true); a Create that fails before it
 *   has a physical id answers the marker id, so that the rollback Delete is ignored;
 * - invokeUserFunction turns a FunctionError into an Error whose message is the function's `errorMessage` plus
 *   `\n\nLogs: /aws/lambda/<function name>\n` and whose stack is that message followed by the function's own
 *   trace lines (`trace.slice(1)`);
 * - submitResponse PUTs `{Status, Reason (default: the status), StackId, RequestId, PhysicalResourceId (default:
 *   the MISSING_PHYSICAL_ID marker), LogicalResourceId, NoEcho, Data}`.
 */

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Marker physical id the framework answers for a failed Create (cfn-response.js). */
export const CREATE_FAILED_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
/** Physical id the framework answers when an event has none (cfn-response.js). */
export const MISSING_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID';

/** The waiter's retry policy, as the state machine definition carries it. */
export interface WaiterPolicy {
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
}

/** The framework's defaults (provider-framework/util.js calculateRetryPolicy): 5 s for at most 30 minutes. */
export const DEFAULT_WAITER: WaiterPolicy = { intervalSeconds: 5, maxAttempts: 360, backoffRate: 1 };

/** Step Functions' wait before retry `n` (1-based): IntervalSeconds × BackoffRate^(n-1), in ms. */
export function retryDelayMs(policy: WaiterPolicy, retry: number): number {
  return policy.intervalSeconds * 1000 * Math.pow(policy.backoffRate, retry - 1);
}

/**
 * Reads the retry policy of the waiter state machine from its definition (waiter-state-machine.js): the
 * `framework-isComplete-task` state's first Retrier. Undefined when the definition is not the framework's.
 */
export function waiterPolicyOf(definition: string): WaiterPolicy | undefined {
  if (!definition.includes('framework-isComplete-task')) return undefined;
  const parsed = JSON.parse(definition) as {
    States: Record<string, { Retry?: Array<{ IntervalSeconds: number; MaxAttempts: number; BackoffRate?: number }> }>;
  };
  const retry = parsed.States['framework-isComplete-task']?.Retry?.[0];
  if (!retry) return undefined;
  return {
    intervalSeconds: retry.IntervalSeconds,
    maxAttempts: retry.MaxAttempts,
    backoffRate: retry.BackoffRate ?? 2,
  };
}

/** What Lambda's synchronous Invoke answers: the JSON payload and, for a function error, `FunctionError`. */
export interface InvokeResult {
  readonly Payload: string;
  readonly FunctionError?: string;
}

/** Invokes a user function, as outbound.invokeFunction does. */
export type InvokeFunction = (functionArn: string, payload: string) => Promise<InvokeResult>;

/** The user functions behind one provider. */
export interface ProviderFunctions {
  readonly onEventArn: string;
  readonly isCompleteArn?: string;
  /** @default DEFAULT_WAITER */
  readonly waiter?: WaiterPolicy;
}

/** What the driver needs from its host. */
export interface FrameworkHost {
  readonly invoke: InvokeFunction;
  /** Waits between waiter attempts (advance a clock). */
  sleep(ms: number): Promise<void>;
  /** Called before each user-function invocation; attempt 0 is the first isComplete. */
  beforeInvoke?(phase: 'onEvent' | 'isComplete', attempt: number): void | Promise<void>;
}

/** The body cfn-response.submitResponse PUTs to the ResponseURL. */
export interface CfnResponseBody {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly PhysicalResourceId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho?: true;
  readonly Data?: Record<string, unknown>;
}

/** How one request ended. */
export interface FrameworkOutcome {
  readonly body: CfnResponseBody;
  /** The last event the framework held (the waiter's input once onEvent succeeded). */
  readonly event: Record<string, unknown>;
  /** isComplete invocations. */
  readonly polls: number;
  /** What made it fail: the user function's error as the framework rethrew it, or the framework's own. */
  readonly error?: Error;
}

/** An error whose stack is exactly `stack` (what safeHandler reports as the Reason). */
function errorWithStack(message: string, stack: string): Error {
  const e = new Error(message);
  e.stack = stack;
  return e;
}

/** An error the framework itself throws: Node's `Error: <message>` stack with a frame in framework.js. */
function frameworkError(message: string, where: string): Error {
  return errorWithStack(message, `Error: ${message}\n    at ${where} (/var/task/framework.js)`);
}

/** parseJsonPayload (runtime/util.js). */
function parseJsonPayload(payload: string): any {
  if (!payload) return {};
  try {
    return JSON.parse(payload);
  } catch {
    throw frameworkError(
      `return values from user-handlers must be JSON objects. got: "${payload}"`,
      'parseJsonPayload',
    );
  }
}

async function invokeUserFunction(host: FrameworkHost, functionArn: string, payload: object): Promise<any> {
  const resp = await host.invoke(functionArn, JSON.stringify(payload));
  const json = parseJsonPayload(resp.Payload);
  if (resp.FunctionError) {
    const errorMessage = json?.errorMessage || 'error';
    const functionName = functionArn.split(':').pop();
    const message = [errorMessage, '', `Logs: /aws/lambda/${functionName}`, ''].join('\n');
    const stack = Array.isArray(json?.trace)
      ? [message, ...(json.trace as string[]).slice(1)].join('\n')
      : `Error: ${message}\n    at invokeUserFunction (/var/task/framework.js)`;
    throw errorWithStack(message, stack);
  }
  return json;
}

function body(status: 'SUCCESS' | 'FAILED', event: Record<string, any>, reason?: string): CfnResponseBody {
  // JSON round trip: undefined fields are not sent, exactly as JSON.stringify in submitResponse drops them.
  return JSON.parse(
    JSON.stringify({
      Status: status,
      Reason: reason || status,
      StackId: event.StackId,
      RequestId: event.RequestId,
      PhysicalResourceId: event.PhysicalResourceId || MISSING_PHYSICAL_ID_MARKER,
      LogicalResourceId: event.LogicalResourceId,
      NoEcho: event.NoEcho ? true : undefined,
      Data: event.Data,
    }),
  ) as CfnResponseBody;
}

/** createResponseEvent + defaultPhysicalResourceId (framework.js). */
function createResponseEvent(request: Record<string, any>, result: Record<string, any> | null): Record<string, any> {
  const r = result || {};
  const physicalResourceId =
    r.PhysicalResourceId || (request.RequestType === 'Create' ? request.RequestId : request.PhysicalResourceId);
  if (request.RequestType === 'Delete' && physicalResourceId !== request.PhysicalResourceId) {
    throw frameworkError(
      `DELETE: cannot change the physical resource ID from "${request.PhysicalResourceId}" to "${r.PhysicalResourceId}" during deletion`,
      'createResponseEvent',
    );
  }
  return { ...request, ...r, PhysicalResourceId: physicalResourceId };
}

/** Serves one CloudFormation request through the framework; resolves with the response it would PUT. */
export async function runProviderFramework(
  request: Record<string, unknown>,
  provider: ProviderFunctions,
  host: FrameworkHost,
): Promise<FrameworkOutcome> {
  // safeHandler: a Delete that follows a failed Create is acknowledged without calling the user function.
  if (request.RequestType === 'Delete' && request.PhysicalResourceId === CREATE_FAILED_PHYSICAL_ID_MARKER) {
    return { body: body('SUCCESS', request), event: request, polls: 0 };
  }
  // safeHandler's catch works on the event its handler was called with: the request for onEvent, the waiter's
  // input for isComplete; only a Create without a physical id gets the marker.
  const fail = (event: Record<string, any>, e: Error, polls: number): FrameworkOutcome => {
    const ev =
      !event.PhysicalResourceId && event.RequestType === 'Create'
        ? { ...event, PhysicalResourceId: CREATE_FAILED_PHYSICAL_ID_MARKER }
        : event;
    return { body: body('FAILED', ev, e.stack), event: ev, polls, error: e };
  };

  let event: Record<string, any>;
  try {
    await host.beforeInvoke?.('onEvent', 0);
    const result = await invokeUserFunction(host, provider.onEventArn, {
      ...request,
      ResourceProperties: request.ResourceProperties ?? {},
    });
    event = createResponseEvent(request, result);
  } catch (e) {
    return fail(request, e as Error, 0);
  }
  if (!provider.isCompleteArn) return { body: body('SUCCESS', event), event, polls: 0 };

  const waiter = provider.waiter ?? DEFAULT_WAITER;
  let polls = 0;
  for (let attempt = 0; attempt <= waiter.maxAttempts; attempt++) {
    if (attempt > 0) await host.sleep(retryDelayMs(waiter, attempt));
    polls++;
    let result: any;
    try {
      await host.beforeInvoke?.('isComplete', attempt);
      result = await invokeUserFunction(host, provider.isCompleteArn, event);
      if (!result.IsComplete) {
        if (result.Data && Object.keys(result.Data).length > 0) {
          throw frameworkError('"Data" is not allowed if "IsComplete" is "False"', 'isComplete');
        }
        continue; // cfnResponse.Retry: Step Functions retries the task
      }
    } catch (e) {
      return fail(event, e as Error, polls);
    }
    const response = { ...event, ...result, Data: { ...event.Data, ...result.Data } };
    return { body: body('SUCCESS', response), event: response, polls };
  }
  // The Catch: framework.onTimeout answers FAILED for the isComplete request it reads back from the error.
  return {
    body: body('FAILED', event, 'Operation timed out'),
    event,
    polls,
    error: frameworkError('Operation timed out', 'onTimeout'),
  };
}
