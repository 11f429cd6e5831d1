/**
 * The stack engine: one simulated CloudFormation stack whose custom resources are served by the Lambda functions
 * of a cloud assembly through the Provider framework ({@link runProviderFramework}); non-custom resources get fake
 * physical ids and attributes ({@link FakeIds}) and are recorded in {@link CfnSimulator.nativeEvents}.
 *
 * Stack operations, as the AWS CloudFormation User Guide describes them ("Stack status codes", "Update behaviors
 * of stack resources", "DeletionPolicy attribute", "UpdateReplacePolicy attribute"):
 *
 * - Create: resources in dependency order, independent ones in parallel ({@link runGraph}). A failure starts no
 *   new resource, lets the running ones finish, then rolls back (ROLLBACK_IN_PROGRESS): every resource the
 *   operation created or attempted, the failed one included, is deleted in reverse dependency order, going on past
 *   a failed Delete; DeletionPolicy Retain (and Snapshot) keeps a resource even then, RetainExceptOnCreate deletes
 *   it ("If the stack operation that created the resource is rolled back, CloudFormation deletes the resource").
 *   ROLLBACK_COMPLETE leaves an empty stack that can only be deleted; {@link deploy} then deletes and recreates it,
 *   as the CDK CLI does (aws-cdk `deploy-stack.ts`: a stack that previously failed creation is deleted before it
 *   is re-created). A new stack instance gets new physical ids (new KMS key and IAM role ARNs).
 * - Update: changed resources in dependency order, in parallel where independent. A custom resource whose response
 *   carries a new physical id is replaced: the old id is deleted in UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, after the
 *   whole update, unless UpdateReplacePolicy is Retain or Snapshot; resources removed from the template are deleted
 *   then too, under their DeletionPolicy. Cleanup failures do not change the stack status.
 * - Update rollback (UPDATE_ROLLBACK_IN_PROGRESS): every resource updated in place, the failed one included, gets
 *   an Update back with the properties swapped (ResourceProperties = the previous ones, OldResourceProperties =
 *   the ones that were attempted), in dependency order of the previous template; a replaced resource goes back to
 *   its old physical id without a request. Then UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS deletes what the update
 *   created (as a create rollback: Retain keeps, RetainExceptOnCreate deletes) and the new physical ids of
 *   replaced resources (under UpdateReplacePolicy; unverified, the docs name only the old id), as the stack events
 *   of aws/aws-cdk#2126 show (the custom resource that failed to create is deleted after
 *   UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS). A failed rollback Update ends in UPDATE_ROLLBACK_FAILED.
 * - Delete: reverse dependency order, in parallel, going on past a failure (what depends on nothing undeleted is
 *   still deleted); DELETE_FAILED keeps what was not deleted. DeletionPolicy Retain, Snapshot and
 *   RetainExceptOnCreate keep a resource. `retainResources` (DeleteStack RetainResources) is accepted only for a
 *   stack in DELETE_FAILED, and keeps those resources.
 * - A stack in ROLLBACK_FAILED, UPDATE_ROLLBACK_FAILED or DELETE_FAILED cannot be updated.
 */
import { VirtualClock } from './clock';
import { awaitResponse, CustomResourceVerdict, serviceTimeoutMs } from './custom-resource';
import { runGraph } from './graph';
import { resolveIntrinsics } from './intrinsics';
import { loadLambdaHandler } from './lambda-assets';
import { invokeLambda, SimulatedFunction } from './lambda-runtime';
import { FakeIds, fakeUuid } from './physical-ids';
import { ProviderFunctions, runProviderFramework, waiterPolicyOf } from './provider-framework';
import type { DeployedResource, RequestRecord, StackOperationResult, StackStatus } from './records';
import { CfnResource, CfnTemplate, dependencies, dependencyOrder, isCustomResource, loadTemplate } from './template';

/** Options of {@link CfnSimulator}. */
export interface CfnSimulatorOptions {
  /** Cloud assembly directory. */
  readonly cdkOut: string;
  /** Stack (artifact) name; the template is `<cdkOut>/<stackName>.template.json`. */
  readonly stackName: string;
  /** @default '123456789012' */
  readonly account?: string;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** Real time per simulated time while the handler runs. @default 0.02 */
  readonly timeScale?: number;
  /** Clock to use (shared with an emulator). @default a new VirtualClock(timeScale) */
  readonly clock?: VirtualClock;
  /** Overrides fake physical ids of non-custom resources (logical id → physical id), e.g. a replaced KMS key. */
  readonly physicalIds?: Record<string, string>;
  /** Overrides fake attributes of non-custom resources (`<logicalId>.<attr>` → value). */
  readonly attributes?: Record<string, string>;
  /** Called before each handler invocation (inject faults, move time). */
  readonly beforeInvoke?: (info: InvocationInfo) => void | Promise<void>;
  /** Called when CloudFormation creates, replaces or deletes a non-custom resource (wire AWS side effects). */
  readonly onNativeResource?: (event: NativeResourceEvent) => void;
  /** Captures the handler's console output into {@link CfnSimulator.logs}. @default true */
  readonly captureLogs?: boolean;
  /** Real-time cap per stack operation (a hang guard), ms. @default 60_000 */
  readonly realTimeoutMs?: number;
}

/** What {@link CfnSimulatorOptions.beforeInvoke} is told. */
export interface InvocationInfo {
  readonly logicalId: string;
  readonly requestType: string;
  readonly phase: 'onEvent' | 'isComplete';
  readonly attempt: number;
  /** The stack operation and its phase. */
  readonly operation: RequestRecord['operation'];
  readonly stackPhase: RequestRecord['phase'];
}

/** A non-custom resource CloudFormation created or deleted (the simulator makes no AWS call). */
export interface NativeResourceEvent {
  readonly action: 'create' | 'delete';
  readonly operation: RequestRecord['operation'];
  readonly phase: RequestRecord['phase'];
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** Fn::GetAtt Arn where the type has one. */
  readonly arn: string;
}

/** A resource CloudFormation left in the account when it removed it from the stack. */
export interface RetainedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly operation: RequestRecord['operation'];
  readonly why: 'DeletionPolicy' | 'UpdateReplacePolicy' | 'RetainResources';
}

/** Stack instances created in this process: each gets its own physical ids. */
let stackInstances = 0;

interface OpContext {
  readonly operation: RequestRecord['operation'];
  /** Records in the order requests were sent (slots are filled when they end). */
  readonly records: Array<RequestRecord | undefined>;
  /** Provider runs CloudFormation stopped waiting for. */
  readonly late: Array<Promise<unknown>>;
}

type DeleteMode = 'createRollback' | 'other';

/** The simulator. One instance is one stack name (and one warm Lambda container per function). */
export class CfnSimulator {
  public readonly clock: VirtualClock;
  /** Every request of every operation. */
  public readonly requests: RequestRecord[] = [];
  /** Console output of the handler (when captured). */
  public readonly logs: string[] = [];
  /** Every response sent to CloudFormation (as the framework's cfn-response PUTs it), late ones included. */
  public readonly responses: Array<Record<string, unknown>> = [];
  /** Deployed resources by logical id. */
  public readonly resources = new Map<string, DeployedResource>();
  /** Non-custom resources created and deleted, in order. */
  public readonly nativeEvents: NativeResourceEvent[] = [];
  /** Resources removed from the stack but kept in the account. */
  public readonly retained: RetainedResource[] = [];
  /** The template currently deployed. */
  public template?: CfnTemplate;
  /** The stack's status after the last operation (undefined: no stack yet). */
  public status?: StackStatus;
  /** Loaded handler modules by file (to reach test helpers such as `clearSecretCache`). */
  public readonly modules = new Map<string, Record<string, unknown>>();

  private readonly account: string;
  private readonly region: string;
  private ids: FakeIds;
  private stackIdValue: string;
  private readonly timeScale: number;
  private readonly physicalOverrides: Record<string, string>;
  private readonly attributeOverrides: Record<string, string>;
  private requestSeq = 0;
  private readonly providers = new Map<string, ProviderFunctions>();
  private readonly functions = new Map<string, SimulatedFunction>();

  constructor(private readonly options: CfnSimulatorOptions) {
    this.account = options.account ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.timeScale = options.timeScale ?? options.clock?.scale ?? 0.02;
    this.clock = options.clock ?? new VirtualClock(this.timeScale);
    this.ids = this.newInstance();
    this.stackIdValue = this.ids.stackId();
    this.physicalOverrides = { ...(options.physicalIds ?? {}) };
    this.attributeOverrides = { ...(options.attributes ?? {}) };
  }

  /** The stack id of the current (or next) stack instance. */
  public get stackId(): string {
    return this.stackIdValue;
  }

  /** Loads the assembly's template. */
  public loadTemplate(): CfnTemplate {
    return loadTemplate(this.options.cdkOut, this.options.stackName);
  }

  /** Replaces the physical id of a non-custom resource from the next operation on (e.g. a replaced KMS key). */
  public setPhysicalId(logicalId: string, physicalId: string): void {
    this.physicalOverrides[logicalId] = physicalId;
  }

  /** Creates the stack, or updates it when it exists (`cdk deploy`). */
  public async deploy(template: CfnTemplate = this.loadTemplate()): Promise<StackOperationResult> {
    if (
      this.status === 'ROLLBACK_FAILED' ||
      this.status === 'UPDATE_ROLLBACK_FAILED' ||
      this.status === 'DELETE_FAILED'
    ) {
      // Unverified wording of CloudFormation's ValidationError; the refusal itself is documented.
      throw new Error(`Stack:${this.stackId} is in ${this.status} state and can not be updated.`);
    }
    return this.guard((ctx) => (this.template ? this.update(ctx, template) : this.create(ctx, template)), 'CREATE');
  }

  /** Deletes the stack (`cdk destroy`; `retainResources` only for a stack in DELETE_FAILED). */
  public async destroy(options: { retainResources?: readonly string[] } = {}): Promise<StackOperationResult> {
    const keep = new Set(options.retainResources ?? []);
    if (keep.size > 0 && this.status !== 'DELETE_FAILED') {
      // DeleteStack RetainResources: "For stacks in the DELETE_FAILED state" (unverified wording of the refusal).
      throw new Error(`RetainResources can only be specified for a stack in DELETE_FAILED state (got ${this.status})`);
    }
    return this.guard((ctx) => this.remove(ctx, keep), 'DELETE');
  }

  /** Resolves intrinsics against the deployed state. */
  public resolve(value: unknown, template = this.template!): unknown {
    return resolveIntrinsics(value, {
      account: this.account,
      region: this.region,
      stackName: this.options.stackName,
      stackId: this.stackId,
      template,
      physicalId: (id) => this.physicalIdOf(id, template),
      attribute: (id, attr) => this.attribute(id, attr, template),
    });
  }

  /** Fake physical id (Ref) of a non-custom resource. */
  public fakePhysicalId(logicalId: string, type: string): string {
    return this.physicalOverrides[logicalId] ?? this.ids.physicalId(logicalId, type);
  }

  // ------------------------------------------------------------------ stack operations

  private newInstance(): FakeIds {
    return new FakeIds(this.options.stackName, this.account, this.region, String(++stackInstances));
  }

  private async guard(
    fn: (ctx: OpContext) => Promise<StackStatus>,
    operation: RequestRecord['operation'],
  ): Promise<StackOperationResult> {
    this.clock.install();
    const limit = this.options.realTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const ctx: OpContext = { operation, records: [], late: [] };
    const t0 = this.clock.now();
    try {
      const status = await Promise.race([
        (async () => {
          const s = await fn(ctx);
          // The simulation ends when the provider runs CloudFormation gave up on end too (their answers are ignored).
          await Promise.allSettled(ctx.late);
          return s;
        })(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`stack operation still running after ${limit} ms real time (hung)`)),
            limit,
          );
        }),
      ]);
      this.status = status;
      const requests = ctx.records.filter((r): r is RequestRecord => r !== undefined);
      this.requests.push(...requests);
      return {
        status,
        requests,
        failure: requests.find((r) => r.status === 'FAILED'),
        virtualMs: this.clock.now() - t0,
      };
    } finally {
      clearTimeout(timer);
      this.clock.uninstall();
    }
  }

  private async create(ctx: OpContext, template: CfnTemplate): Promise<StackStatus> {
    (ctx as { operation: RequestRecord['operation'] }).operation = 'CREATE';
    if (this.status !== undefined) {
      // A new stack instance (after ROLLBACK_COMPLETE the CDK CLI deletes the empty stack first).
      this.ids = this.newInstance();
      this.stackIdValue = this.ids.stackId();
      this.providers.clear();
      this.functions.clear();
      this.modules.clear();
    }
    this.template = template;
    const deps = dependencies(template);
    const order = dependencyOrder(template);
    const run = await runGraph(
      order,
      (id) => deps.get(id)!,
      (id) => this.createResource(ctx, 'deploy', id, template),
      true,
    );
    if (run.failed.size === 0) return 'CREATE_COMPLETE';

    const dependents = invert(deps);
    const attempted = [...order].reverse().filter((id) => this.resources.has(id));
    const rollback = await runGraph(
      attempted,
      (id) => dependents.get(id) ?? [],
      (id) => this.deleteResource(ctx, 'rollback', id, template.Resources[id], 'createRollback'),
      false,
    );
    for (const id of rollback.ok) this.resources.delete(id);
    if (rollback.failed.size > 0 || rollback.skipped.size > 0) return 'ROLLBACK_FAILED';
    this.template = undefined;
    return 'ROLLBACK_COMPLETE';
  }

  private async update(ctx: OpContext, template: CfnTemplate): Promise<StackStatus> {
    (ctx as { operation: RequestRecord['operation'] }).operation = 'UPDATE';
    const old = this.template!;
    const before = new Map(this.resources);
    type Kind = 'created' | 'updated' | 'replaced' | 'failed-update';
    const kinds = new Map<string, Kind>();
    const attempted = new Map<string, Record<string, unknown>>();
    /** Replaced resources: the state of the new physical resource. */
    const replacements = new Map<string, DeployedResource>();
    this.template = template;

    const deps = dependencies(template);
    const order = dependencyOrder(template);
    const run = await runGraph(
      order,
      (id) => deps.get(id)!,
      async (id) => {
        const res = template.Resources[id];
        const prev = before.get(id);
        if (!prev || old.Resources[id]?.Type !== res.Type) {
          kinds.set(id, 'created');
          return this.createResource(ctx, 'deploy', id, template);
        }
        const props = this.resolve(res.Properties ?? {}, template) as Record<string, unknown>;
        if (!isCustomResource(res.Type)) {
          const physicalId = this.physicalOverrides[id] ?? prev.physicalId;
          const next = { ...prev, physicalId, properties: props };
          this.resources.set(id, next);
          if (physicalId !== prev.physicalId) {
            kinds.set(id, 'replaced');
            replacements.set(id, next);
            this.native('create', ctx.operation, 'deploy', id, res.Type);
          }
          return true;
        }
        if (JSON.stringify(props) === JSON.stringify(prev.properties)) return true;
        attempted.set(id, props);
        const rec = await this.request(ctx, 'deploy', 'Update', id, res.Type, props, {
          physicalId: prev.physicalId,
          oldProperties: prev.properties,
        });
        if (rec.status === 'FAILED') {
          kinds.set(id, 'failed-update');
          return false;
        }
        const next = { type: res.Type, physicalId: rec.physicalId, properties: props, data: rec.data ?? {} };
        this.resources.set(id, next);
        if (rec.physicalId !== prev.physicalId) {
          kinds.set(id, 'replaced');
          replacements.set(id, next);
        } else kinds.set(id, 'updated');
        return true;
      },
      true,
    );

    if (run.failed.size === 0) {
      // UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: old physical ids of replaced resources, and removed resources.
      const oldDeps = dependencies(old);
      const oldDependents = invert(oldDeps);
      const removed = Object.keys(old.Resources).filter(
        (id) => !(id in template.Resources) || template.Resources[id].Type !== old.Resources[id].Type,
      );
      const nodes = dependencyOrder(old)
        .reverse()
        .filter((id) => removed.includes(id) || kinds.get(id) === 'replaced');
      await runGraph(
        nodes,
        (id) => oldDependents.get(id) ?? [],
        (id) =>
          removed.includes(id)
            ? this.deleteResource(ctx, 'cleanup', id, old.Resources[id], 'other', before.get(id))
            : this.deleteReplaced(ctx, 'cleanup', id, old.Resources[id], before.get(id)!),
        false,
      );
      for (const id of removed) if (!(id in template.Resources)) this.resources.delete(id);
      return 'UPDATE_COMPLETE';
    }

    // UPDATE_ROLLBACK_IN_PROGRESS: back to the previous template, in its dependency order.
    const oldDeps = dependencies(old);
    const back = dependencyOrder(old).filter((id) => kinds.has(id) && kinds.get(id) !== 'created');
    const rollback = await runGraph(
      back,
      (id) => oldDeps.get(id)!,
      async (id) => {
        const prev = before.get(id)!;
        if (kinds.get(id) === 'replaced' || !isCustomResource(prev.type)) {
          this.resources.set(id, prev);
          return true;
        }
        const rec = await this.request(ctx, 'rollback', 'Update', id, prev.type, prev.properties, {
          physicalId: prev.physicalId,
          oldProperties: attempted.get(id),
        });
        if (rec.status === 'FAILED') return false;
        this.resources.set(id, { ...prev, data: rec.data ?? prev.data });
        return true;
      },
      false,
    );
    // Resources the update did not touch keep (or get back) their previous state.
    for (const [id, st] of before) if (!kinds.has(id) && !isCustomResource(st.type)) this.resources.set(id, st);
    if (rollback.failed.size > 0 || rollback.skipped.size > 0) {
      this.template = old;
      return 'UPDATE_ROLLBACK_FAILED';
    }
    this.template = old;

    // UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: what the update created, and new ids of replaced resources.
    const dependents = invert(deps);
    const discard = order.reverse().filter((id) => kinds.get(id) === 'created' || replacements.has(id));
    await runGraph(
      discard,
      (id) => dependents.get(id) ?? [],
      async (id) => {
        const res = template.Resources[id];
        if (kinds.get(id) === 'created') {
          const state = this.resources.get(id);
          const ok = state ? await this.deleteResource(ctx, 'cleanup', id, res, 'createRollback', state) : true;
          if (ok) this.resources.delete(id);
          if (before.has(id)) this.resources.set(id, before.get(id)!);
          return ok;
        }
        return this.deleteReplaced(ctx, 'cleanup', id, res, replacements.get(id)!);
      },
      false,
    );
    return 'UPDATE_ROLLBACK_COMPLETE';
  }

  private async remove(ctx: OpContext, keep: ReadonlySet<string>): Promise<StackStatus> {
    const template = this.template;
    if (!template) {
      this.resources.clear();
      return 'DELETE_COMPLETE';
    }
    const dependents = invert(dependencies(template));
    const nodes = dependencyOrder(template)
      .reverse()
      .filter((id) => this.resources.has(id));
    const run = await runGraph(
      nodes,
      (id) => dependents.get(id) ?? [],
      async (id) => {
        const res = template.Resources[id];
        if (keep.has(id)) {
          this.retain(ctx, id, res.Type, this.resources.get(id)!.physicalId, 'RetainResources');
          return true;
        }
        return this.deleteResource(ctx, 'deploy', id, res, 'other');
      },
      false,
    );
    for (const id of run.ok) this.resources.delete(id);
    if (run.failed.size > 0 || run.skipped.size > 0) return 'DELETE_FAILED';
    this.template = undefined;
    return 'DELETE_COMPLETE';
  }

  private async createResource(
    ctx: OpContext,
    phase: RequestRecord['phase'],
    id: string,
    template: CfnTemplate,
  ): Promise<boolean> {
    const res = template.Resources[id];
    const props = this.resolve(res.Properties ?? {}, template) as Record<string, unknown>;
    if (!isCustomResource(res.Type)) {
      this.resources.set(id, {
        type: res.Type,
        physicalId: this.fakePhysicalId(id, res.Type),
        properties: props,
        data: {},
      });
      this.native('create', ctx.operation, phase, id, res.Type);
      return true;
    }
    const rec = await this.request(ctx, phase, 'Create', id, res.Type, props, {});
    this.resources.set(id, { type: res.Type, physicalId: rec.physicalId, properties: props, data: rec.data ?? {} });
    return rec.status === 'SUCCESS';
  }

  /**
   * Deletes a resource under its DeletionPolicy: Retain and Snapshot keep it; RetainExceptOnCreate keeps it except
   * when the operation that created it is rolled back.
   */
  private async deleteResource(
    ctx: OpContext,
    phase: RequestRecord['phase'],
    id: string,
    res: CfnResource,
    mode: DeleteMode,
    state = this.resources.get(id),
  ): Promise<boolean> {
    if (!state) return true;
    const policy = res.DeletionPolicy ?? 'Delete';
    if (
      policy === 'Retain' ||
      policy === 'Snapshot' ||
      (policy === 'RetainExceptOnCreate' && mode !== 'createRollback')
    ) {
      this.retain(ctx, id, res.Type, state.physicalId, 'DeletionPolicy');
      return true;
    }
    if (!isCustomResource(res.Type)) {
      this.nativeDeleted(ctx.operation, phase, id, res.Type, state.physicalId);
      return true;
    }
    const rec = await this.request(ctx, phase, 'Delete', id, res.Type, state.properties, {
      physicalId: state.physicalId,
    });
    return rec.status === 'SUCCESS';
  }

  /** Deletes one physical instance of a replaced resource under its UpdateReplacePolicy. */
  private async deleteReplaced(
    ctx: OpContext,
    phase: RequestRecord['phase'],
    id: string,
    res: CfnResource,
    state: DeployedResource,
  ): Promise<boolean> {
    if (res.UpdateReplacePolicy === 'Retain' || res.UpdateReplacePolicy === 'Snapshot') {
      this.retain(ctx, id, res.Type, state.physicalId, 'UpdateReplacePolicy');
      return true;
    }
    if (!isCustomResource(res.Type)) {
      this.nativeDeleted(ctx.operation, phase, id, res.Type, state.physicalId);
      return true;
    }
    const rec = await this.request(ctx, phase, 'Delete', id, res.Type, state.properties, {
      physicalId: state.physicalId,
    });
    return rec.status === 'SUCCESS';
  }

  private retain(
    ctx: OpContext,
    logicalId: string,
    type: string,
    physicalId: string,
    why: RetainedResource['why'],
  ): void {
    this.retained.push({ logicalId, type, physicalId, operation: ctx.operation, why });
  }

  private native(
    action: 'create',
    operation: RequestRecord['operation'],
    phase: RequestRecord['phase'],
    id: string,
    type: string,
  ): void {
    this.nativeEvent(action, operation, phase, id, type, this.resources.get(id)!.physicalId);
  }

  private nativeDeleted(
    operation: RequestRecord['operation'],
    phase: RequestRecord['phase'],
    id: string,
    type: string,
    physicalId: string,
  ): void {
    this.nativeEvent('delete', operation, phase, id, type, physicalId);
  }

  private nativeEvent(
    action: NativeResourceEvent['action'],
    operation: RequestRecord['operation'],
    phase: RequestRecord['phase'],
    logicalId: string,
    type: string,
    physicalId: string,
  ): void {
    const arn = this.ids.attribute(logicalId, type, physicalId, 'Arn');
    const e: NativeResourceEvent = { action, operation, phase, logicalId, type, physicalId, arn };
    this.nativeEvents.push(e);
    this.options.onNativeResource?.(e);
  }

  // ------------------------------------------------------------------ one custom-resource request

  private async request(
    ctx: OpContext,
    phase: RequestRecord['phase'],
    requestType: 'Create' | 'Update' | 'Delete',
    logicalId: string,
    resourceType: string,
    properties: Record<string, unknown>,
    extra: { physicalId?: string; oldProperties?: Record<string, unknown> },
  ): Promise<RequestRecord> {
    const slot = ctx.records.length;
    ctx.records.push(undefined);
    const v0 = this.clock.now();
    const r0 = performance.now();
    const requestId = fakeUuid(`${this.stackId}/${++this.requestSeq}`);
    const cfnRequest: Record<string, unknown> = {
      RequestType: requestType,
      ServiceToken: properties.ServiceToken,
      ResponseURL: `https://cloudformation-custom-resource-response-${this.region}.s3.amazonaws.com/${requestId}?X-Amz-Signature=simulated`,
      StackId: this.stackId,
      RequestId: requestId,
      LogicalResourceId: logicalId,
      ResourceType: resourceType,
      ResourceProperties: properties,
      ...(extra.physicalId !== undefined ? { PhysicalResourceId: extra.physicalId } : {}),
      ...(extra.oldProperties ? { OldResourceProperties: extra.oldProperties } : {}),
    };
    let polls = 0;
    let verdict: CustomResourceVerdict;
    try {
      const provider = this.providerFor(properties.ServiceToken);
      const response = runProviderFramework(cfnRequest, provider, {
        invoke: (arn, payload) => invokeLambda(this.functionByArn(arn), payload, this.clock, this.logSink()),
        sleep: (ms) => this.clock.sleep(ms),
        beforeInvoke: (p, attempt) =>
          this.options.beforeInvoke?.({
            logicalId,
            requestType,
            phase: p,
            attempt,
            operation: ctx.operation,
            stackPhase: phase,
          }),
      }).then((o) => {
        polls = o.polls;
        this.responses.push({ ...o.body });
        return o.body;
      });
      verdict = await awaitResponse(response, serviceTimeoutMs(properties), this.clock, (p) => ctx.late.push(p));
    } catch (err) {
      // CloudFormation could not send the request (a service token of no function of this stack).
      verdict = { status: 'FAILED', reason: (err as Error).message };
    }
    // The physical id CloudFormation holds afterwards: the provider's on success and for a failed Create that
    // answered one; the request's otherwise; one CloudFormation made up for a Create with no usable answer.
    const physicalId =
      verdict.status === 'SUCCESS'
        ? verdict.physicalId!
        : requestType === 'Create'
          ? (verdict.physicalId ?? this.ids.generatedCustomId(logicalId, requestId))
          : extra.physicalId!;
    const rec: RequestRecord = {
      operation: ctx.operation,
      phase,
      requestType,
      logicalId,
      resourceType,
      physicalId,
      status: verdict.status,
      reason: verdict.status === 'FAILED' ? verdict.reason : undefined,
      data: verdict.status === 'SUCCESS' ? stringData(verdict.data) : undefined,
      polls,
      virtualMs: this.clock.now() - v0,
      realMs: performance.now() - r0,
    };
    ctx.records[slot] = rec;
    return rec;
  }

  private logSink(): string[] | undefined {
    return this.options.captureLogs === false ? undefined : this.logs;
  }

  /** Service token → framework onEvent function → the user functions and the waiter's retry policy. */
  private providerFor(serviceToken: unknown): ProviderFunctions {
    const template = this.template!;
    const key = String(serviceToken);
    const cached = this.providers.get(key);
    if (cached) return cached;
    const fnId = this.findByArn(template, key);
    if (!fnId) throw new Error(`service token ${key} is not a function of this stack`);
    const env =
      (template.Resources[fnId].Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {};
    let binding: ProviderFunctions;
    if (env.USER_ON_EVENT_FUNCTION_ARN) {
      const onEventArn = String(this.resolve(env.USER_ON_EVENT_FUNCTION_ARN));
      const isCompleteArn = env.USER_IS_COMPLETE_FUNCTION_ARN
        ? String(this.resolve(env.USER_IS_COMPLETE_FUNCTION_ARN))
        : undefined;
      binding = { onEventArn, isCompleteArn, waiter: this.waiterPolicy(template) };
    } else {
      // A plain Lambda-backed custom resource: the function answers directly.
      binding = { onEventArn: key };
    }
    this.providers.set(key, binding);
    return binding;
  }

  private functionByArn(arn: string): SimulatedFunction {
    const cached = this.functions.get(arn);
    if (cached) return cached;
    const template = this.template!;
    const logicalId = this.findByArn(template, arn);
    if (!logicalId) throw new Error(`function ${arn} is not a function of this stack`);
    const res = template.Resources[logicalId];
    const { fn, module, file } = loadLambdaHandler(this.options.cdkOut, res, this.timeScale);
    if (!this.modules.has(file)) {
      // A new container: no warm caches from an earlier simulator or stack instance in the same process.
      (module.clearSecretCache as (() => void) | undefined)?.();
      this.modules.set(file, module);
    }
    const f: SimulatedFunction = {
      logicalId,
      name: arn.split(':').pop()!,
      timeoutMs: Number(res.Properties?.Timeout ?? 3) * 1000,
      fn,
    };
    this.functions.set(arn, f);
    return f;
  }

  private waiterPolicy(template: CfnTemplate) {
    for (const res of Object.values(template.Resources)) {
      if (res.Type !== 'AWS::StepFunctions::StateMachine') continue;
      const policy = waiterPolicyOf(String(this.resolve(res.Properties?.DefinitionString ?? '', template)));
      if (policy) return policy;
    }
    return undefined;
  }

  private findByArn(template: CfnTemplate, arn: string): string | undefined {
    return Object.keys(template.Resources).find(
      (id) => template.Resources[id].Type === 'AWS::Lambda::Function' && this.attribute(id, 'Arn', template) === arn,
    );
  }

  // ------------------------------------------------------------------ references

  private physicalIdOf(logicalId: string, template: CfnTemplate): string {
    const res = template.Resources[logicalId];
    return this.resources.get(logicalId)?.physicalId ?? this.fakePhysicalId(logicalId, res.Type);
  }

  private attribute(logicalId: string, attr: string, template = this.template!): string {
    const override = this.attributeOverrides[`${logicalId}.${attr}`];
    if (override !== undefined) return override;
    const res = template.Resources[logicalId];
    if (!res) throw new Error(`Fn::GetAtt of unknown resource ${logicalId}`);
    if (isCustomResource(res.Type)) {
      const v = this.resources.get(logicalId)?.data?.[attr];
      if (v === undefined) throw new Error(`Fn::GetAtt ${logicalId}.${attr}: the custom resource returned no ${attr}`);
      return v;
    }
    return this.ids.attribute(logicalId, res.Type, this.physicalIdOf(logicalId, template), attr);
  }
}

/** node → the nodes that depend on it. */
function invert(deps: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [id, ds] of deps) for (const d of ds) (out.get(d) ?? out.set(d, new Set()).get(d)!).add(id);
  return out;
}

function stringData(data: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
}
