/**
 * CloudFormation's side of one custom-resource request: the request it sends to the service token and how it
 * reads the answer (AWS docs, "Custom resource request objects" and "Custom resource response objects";
 * `AWS::CloudFormation::CustomResource` ServiceTimeout).
 *
 * - no response within `ServiceTimeout` seconds (an integer 1..3600, default 3600) fails the resource with
 *   "Custom Resource failed to stabilize in expected time" (the reason CloudFormation shows on a one-hour
 *   custom resource timeout, e.g. the stack events in aws/aws-cdk#2126; unverified for a shorter
 *   ServiceTimeout). A response that arrives later is ignored;
 * - "The total size of the response body can't exceed 4096 bytes" (inclusive, awsdocs/aws-cloudformation-user-guide
 *   #262): a larger body, SUCCESS or FAILED, fails the resource with "Response object is too long." (the reason
 *   reported in aws/aws-cdk#23958 and binxio/cfn-postgresql-user-provider#2);
 * - without a usable response CloudFormation has no physical id from the provider; the rollback Delete of such a
 *   Create carries one CloudFormation generated ({@link FakeIds.generatedCustomId}, unverified).
 */
import type { VirtualClock } from './clock';
import type { CfnResponseBody } from './provider-framework';

/** The 4096-byte limit on a response body. */
export const MAX_RESPONSE_BYTES = 4096;
/** ServiceTimeout's default and maximum, seconds. */
export const MAX_SERVICE_TIMEOUT_SECONDS = 3600;

export const TIMEOUT_REASON = 'Custom Resource failed to stabilize in expected time';
export const TOO_LONG_REASON = 'Response object is too long.';

/** What CloudFormation concluded from a request. */
export interface CustomResourceVerdict {
  readonly status: 'SUCCESS' | 'FAILED';
  readonly reason?: string;
  /** The provider's physical id, when CloudFormation accepted a response. */
  readonly physicalId?: string;
  readonly data?: Record<string, unknown>;
  /** The response as sent (absent on a timeout). */
  readonly body?: CfnResponseBody;
}

/** ServiceTimeout of a resource's resolved properties, ms. */
export function serviceTimeoutMs(properties: Record<string, unknown>): number {
  const raw = properties.ServiceTimeout;
  const s = raw === undefined ? MAX_SERVICE_TIMEOUT_SECONDS : Number(raw);
  if (!Number.isInteger(s) || s < 1 || s > MAX_SERVICE_TIMEOUT_SECONDS) {
    throw new Error(`ServiceTimeout must be an integer from 1 to 3600 (got ${String(raw)})`);
  }
  return s * 1000;
}

/** Reads a response body as CloudFormation does. */
export function readResponse(body: CfnResponseBody): CustomResourceVerdict {
  if (Buffer.byteLength(JSON.stringify(body), 'utf8') > MAX_RESPONSE_BYTES) {
    return { status: 'FAILED', reason: TOO_LONG_REASON, body };
  }
  return body.Status === 'SUCCESS'
    ? { status: 'SUCCESS', physicalId: body.PhysicalResourceId, data: body.Data, body }
    : { status: 'FAILED', reason: body.Reason, physicalId: body.PhysicalResourceId, body };
}

/**
 * Waits for `response` at most `timeoutMs` of simulated time. The provider keeps running after a timeout (as the
 * framework's Lambda functions and waiter would); `late` receives its promise so the caller can let it finish.
 */
export async function awaitResponse(
  response: Promise<CfnResponseBody>,
  timeoutMs: number,
  clock: VirtualClock,
  late: (p: Promise<unknown>) => void,
): Promise<CustomResourceVerdict> {
  const timer = clock.timer(timeoutMs);
  const result = await Promise.race([response, timer.done.then(() => undefined)]);
  timer.cancel();
  if (result === undefined) {
    late(response);
    return { status: 'FAILED', reason: TIMEOUT_REASON };
  }
  return readResponse(result);
}
