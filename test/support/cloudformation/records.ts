/** What the simulator reports: one record per custom-resource request, one result per stack operation. */

/** One custom-resource request and how it ended. */
export interface RequestRecord {
  /** Which stack operation sent it. */
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  /** Normal progress, rollback after a failure, or the cleanup phase of an update. */
  readonly phase: 'deploy' | 'rollback' | 'cleanup';
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly logicalId: string;
  readonly resourceType: string;
  /** Physical id CloudFormation holds for the resource after the request. */
  readonly physicalId: string;
  readonly status: 'SUCCESS' | 'FAILED';
  /** FAILED reason as CloudFormation shows it. */
  readonly reason?: string;
  /** Response Data. */
  readonly data?: Record<string, string>;
  /** isComplete invocations. */
  readonly polls: number;
  /** Simulated duration, ms. */
  readonly virtualMs: number;
  /** Real duration, ms. */
  readonly realMs: number;
}

/** Stack statuses the simulator ends an operation in (AWS docs, "Stack status codes"). */
export type StackStatus =
  | 'CREATE_COMPLETE'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

/** Result of one stack operation. */
export interface StackOperationResult {
  readonly status: StackStatus;
  /** Requests of this operation, in the order they were sent. */
  readonly requests: readonly RequestRecord[];
  /** The first FAILED request. */
  readonly failure?: RequestRecord;
  /** Simulated duration, ms. */
  readonly virtualMs: number;
}

/** The state of one deployed resource. */
export interface DeployedResource {
  readonly type: string;
  readonly physicalId: string;
  /** Resolved properties. */
  readonly properties: Record<string, unknown>;
  /** Custom resources: response Data (Fn::GetAtt). */
  readonly data: Record<string, string>;
}

/** A one-line-per-request summary of an operation, for test output. */
export function summarize(result: StackOperationResult): string {
  const lines = result.requests.map(
    (r) =>
      `${r.phase.padEnd(8)} ${r.requestType.padEnd(6)} ${r.logicalId.padEnd(36)} ${r.status.padEnd(7)} polls=${String(r.polls).padStart(3)} ` +
      `virtual=${(r.virtualMs / 1000).toFixed(1)}s${r.reason ? ` reason=${r.reason.split('\n')[0]}` : ''}`,
  );
  return [`${result.status} (virtual ${(result.virtualMs / 1000).toFixed(1)} s)`, ...lines].join('\n');
}
