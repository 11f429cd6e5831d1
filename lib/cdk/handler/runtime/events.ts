/**
 * The slice of the CloudFormation custom-resource event and the aws-cdk-lib Provider framework
 * contract the handler uses (declared here so the bundle needs no `aws-lambda` types).
 */

/** CloudFormation request types. */
export type RequestType = 'Create' | 'Update' | 'Delete';

/** Resource properties as CloudFormation delivers them: every custom resource carries one `Spec` JSON string. */
export interface SpecProperties {
  readonly ServiceToken?: string;
  /** JSON string of the typed spec (lib/cdk/custom-resources/properties.ts). */
  readonly Spec: string;
  readonly [key: string]: unknown;
}

/** The event `onEvent` receives. */
export interface OnEventRequest {
  readonly RequestType: RequestType;
  readonly ResourceType: string;
  readonly LogicalResourceId?: string;
  readonly RequestId?: string;
  readonly StackId?: string;
  readonly ResponseURL?: string;
  /** Present on Update and Delete. */
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: SpecProperties;
  /** Present on Update. */
  readonly OldResourceProperties?: SpecProperties;
}

/** Data values are strings, so `Fn::GetAtt` always resolves to a string. */
export type ResponseData = Record<string, string>;

/** What `onEvent` returns. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: ResponseData;
}

/** The event `isComplete` receives: the onEvent event merged with the onEvent response. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly PhysicalResourceId: string;
  readonly Data?: ResponseData;
}

/** What `isComplete` returns. `Data` is merged into the resource's attributes once complete. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: ResponseData;
}
