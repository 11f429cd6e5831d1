/**
 * The stack engine: one simulated CloudFormation stack whose custom resources are served by the Lambda functions
 * of a cloud assembly through the Provider framework ({@link runProviderFramework}). Non-custom resources get fake
 * physical ids and attributes ({@link FakeIds}); intrinsics are resolved against the deployed state.
 *
 * Stack operations follow CloudFormation: Create in dependency order; Update sends `OldResourceProperties`, and a
 * changed physical id triggers a cleanup Delete of the old one after the rest of the update; Delete in reverse
 * order. `DeletionPolicy: Retain` resources get no Delete (stack delete, removal, rollback; `RetainExceptOnCreate`
 * only on a Create rollback), nor do replaced ids under `UpdateReplacePolicy: Retain`. A failure rolls back: on
 * Create, Delete what was created (the failed resource included), in reverse order; on Update, re-Update what was
 * updated (the failed resource included) with its old properties and Delete what was created, in reverse order.
 */
import { VirtualClock } from './clock';
import { resolveIntrinsics } from './intrinsics';
import { loadLambdaHandler } from './lambda-assets';
import { invokeLambda, SimulatedFunction } from './lambda-runtime';
import { FakeIds, fakeUuid } from './physical-ids';
import { ProviderFunctions, runProviderFramework, waiterPolicyOf } from './provider-framework';
import type { DeployedResource, RequestRecord, StackOperationResult } from './records';
import { CfnResource, CfnTemplate, dependencyOrder, isCustomResource, loadTemplate } from './template';

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
  readonly beforeInvoke?: (info: {
    logicalId: string;
    requestType: string;
    phase: 'onEvent' | 'isComplete';
    attempt: number;
  }) => void | Promise<void>;
  /** Captures the handler's console output into {@link CfnSimulator.logs}. @default true */
  readonly captureLogs?: boolean;
  /** Real-time cap per stack operation (a hang guard), ms. @default 60_000 */
  readonly realTimeoutMs?: number;
}

/** The simulator. One instance is one stack (and one warm Lambda container per function). */
export class CfnSimulator {
  public readonly clock: VirtualClock;
  /** Every request of every operation. */
  public readonly requests: RequestRecord[] = [];
  /** Console output of the handler (when captured). */
  public readonly logs: string[] = [];
  /** Every response sent to CloudFormation (as the framework's cfn-response PUTs it). */
  public readonly responses: Array<Record<string, unknown>> = [];
  /** Deployed resources by logical id. */
  public readonly resources = new Map<string, DeployedResource>();
  /** The template currently deployed. */
  public template?: CfnTemplate;
  /** Loaded handler modules by file (to reach test helpers such as `clearSecretCache`). */
  public readonly modules = new Map<string, Record<string, unknown>>();

  private readonly account: string;
  private readonly region: string;
  private readonly ids: FakeIds;
  private readonly stackId: string;
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
    this.ids = new FakeIds(options.stackName, this.account, this.region, '');
    this.stackId = this.ids.stackId();
    this.physicalOverrides = { ...(options.physicalIds ?? {}) };
    this.attributeOverrides = { ...(options.attributes ?? {}) };
  }

  /** Loads the assembly's template. */
  public loadTemplate(): CfnTemplate {
    return loadTemplate(this.options.cdkOut, this.options.stackName);
  }

  /** Replaces the physical id of a non-custom resource from the next operation on (e.g. a replaced KMS key). */
  public setPhysicalId(logicalId: string, physicalId: string): void {
    this.physicalOverrides[logicalId] = physicalId;
  }

  /** Creates the stack, or updates it when it exists. */
  public async deploy(template: CfnTemplate = this.loadTemplate()): Promise<StackOperationResult> {
    return this.guard(() => (this.template ? this.update(template) : this.create(template)));
  }

  /** Deletes the stack. */
  public async destroy(): Promise<StackOperationResult> {
    return this.guard(async () => {
      const t0 = this.clock.now();
      const requests: RequestRecord[] = [];
      const template = this.template;
      if (!template) return { status: 'DELETE_COMPLETE', requests, virtualMs: 0 };
      const order = dependencyOrder(template).reverse();
      let failure: RequestRecord | undefined;
      for (const id of order) {
        const rec = await this.deleteResource('DELETE', 'deploy', id, template.Resources[id]);
        if (rec) {
          requests.push(rec);
          if (rec.status === 'FAILED') {
            failure = rec;
            break;
          }
        }
        if (!failure) this.resources.delete(id);
      }
      if (!failure) this.template = undefined;
      return {
        status: failure ? 'DELETE_FAILED' : 'DELETE_COMPLETE',
        requests,
        failure,
        virtualMs: this.clock.now() - t0,
      };
    });
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

  private async guard(fn: () => Promise<StackOperationResult>): Promise<StackOperationResult> {
    this.clock.install();
    const limit = this.options.realTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        fn(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`stack operation still running after ${limit} ms real time (hung)`)),
            limit,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.clock.uninstall();
    }
  }

  private async create(template: CfnTemplate): Promise<StackOperationResult> {
    const t0 = this.clock.now();
    const requests: RequestRecord[] = [];
    const created: string[] = [];
    this.template = template;
    for (const id of dependencyOrder(template)) {
      const res = template.Resources[id];
      const rec = await this.createResource('CREATE', 'deploy', id, res, template);
      created.push(id);
      if (rec) {
        requests.push(rec);
        if (rec.status === 'FAILED') {
          // Rollback: delete everything created, the failed resource included, in reverse order.
          let rollbackFailed = false;
          for (const rid of created.reverse()) {
            const del = await this.deleteResource('CREATE', 'rollback', rid, template.Resources[rid]);
            if (del) {
              requests.push(del);
              if (del.status === 'FAILED') rollbackFailed = true;
            }
            this.resources.delete(rid);
          }
          this.template = undefined;
          return {
            status: rollbackFailed ? 'ROLLBACK_FAILED' : 'ROLLBACK_COMPLETE',
            requests,
            failure: rec,
            virtualMs: this.clock.now() - t0,
          };
        }
      }
    }
    return { status: 'CREATE_COMPLETE', requests, virtualMs: this.clock.now() - t0 };
  }

  private async update(template: CfnTemplate): Promise<StackOperationResult> {
    const t0 = this.clock.now();
    const requests: RequestRecord[] = [];
    const old = this.template!;
    const before = new Map(this.resources);
    /** What this update did, in order, for rollback. */
    const done: Array<{ id: string; kind: 'created' | 'updated' | 'replaced' }> = [];
    const cleanup: Array<{ id: string; resource: CfnResource; state: DeployedResource }> = [];
    let failure: RequestRecord | undefined;
    this.template = template;

    for (const id of dependencyOrder(template)) {
      const res = template.Resources[id];
      const prev = before.get(id);
      if (!prev || old.Resources[id]?.Type !== res.Type) {
        const rec = await this.createResource('UPDATE', 'deploy', id, res, template);
        done.push({ id, kind: 'created' });
        if (rec) requests.push(rec);
        if (rec?.status === 'FAILED') {
          failure = rec;
          break;
        }
        continue;
      }
      const props = this.resolve(res.Properties ?? {}) as Record<string, unknown>;
      if (!isCustomResource(res.Type)) {
        const physicalId = this.physicalOverrides[id] ?? prev.physicalId;
        this.resources.set(id, { ...prev, physicalId, properties: props });
        continue;
      }
      if (JSON.stringify(props) === JSON.stringify(prev.properties)) continue;
      const rec = await this.invoke('UPDATE', 'deploy', 'Update', id, res.Type, props, {
        physicalId: prev.physicalId,
        oldProperties: prev.properties,
      });
      requests.push(rec);
      done.push({ id, kind: rec.physicalId !== prev.physicalId ? 'replaced' : 'updated' });
      if (rec.status === 'FAILED') {
        failure = rec;
        break;
      }
      this.resources.set(id, { type: res.Type, physicalId: rec.physicalId, properties: props, data: rec.data ?? {} });
      if (rec.physicalId !== prev.physicalId) cleanup.push({ id, resource: old.Resources[id], state: prev });
    }

    if (failure) {
      // UPDATE_ROLLBACK: undo in reverse order; then restore the old template's view.
      let rollbackFailed = false;
      for (const step of [...done].reverse()) {
        const cur = this.resources.get(step.id);
        const prev = before.get(step.id);
        const res = template.Resources[step.id];
        if (step.kind === 'created') {
          const del = await this.deleteResource('UPDATE', 'rollback', step.id, res);
          if (del) requests.push(del);
          if (del?.status === 'FAILED') rollbackFailed = true;
          this.resources.delete(step.id);
          continue;
        }
        if (!prev || !isCustomResource(prev.type)) continue;
        // The failed or updated resource goes back to its old properties (a replacement answers a new id
        // on the way back; CloudFormation then deletes the new one).
        const physicalId = step.kind === 'replaced' && cur ? cur.physicalId : prev.physicalId;
        const attempted = cur?.properties ?? (this.resolve(res.Properties ?? {}) as Record<string, unknown>);
        const rec = await this.invoke('UPDATE', 'rollback', 'Update', step.id, prev.type, prev.properties, {
          physicalId,
          oldProperties: attempted,
        });
        requests.push(rec);
        if (rec.status === 'FAILED') rollbackFailed = true;
        this.resources.set(step.id, prev);
        if (step.kind === 'replaced' && cur && cur.physicalId !== prev.physicalId && res.DeletionPolicy !== 'Retain') {
          const del = await this.invoke('UPDATE', 'rollback', 'Delete', step.id, cur.type, cur.properties, {
            physicalId: cur.physicalId,
          });
          requests.push(del);
        }
      }
      this.template = old;
      for (const [id, st] of before) {
        if (!this.resources.has(id) || !isCustomResource(st.type)) this.resources.set(id, st);
      }
      return {
        status: rollbackFailed ? 'UPDATE_ROLLBACK_FAILED' : 'UPDATE_ROLLBACK_COMPLETE',
        requests,
        failure,
        virtualMs: this.clock.now() - t0,
      };
    }

    // UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: delete replaced physical ids and removed resources, reverse order.
    for (const c of cleanup.reverse()) {
      if (c.resource.UpdateReplacePolicy === 'Retain' || c.resource.UpdateReplacePolicy === 'Snapshot') continue;
      const rec = await this.invoke('UPDATE', 'cleanup', 'Delete', c.id, c.state.type, c.state.properties, {
        physicalId: c.state.physicalId,
      });
      requests.push(rec);
    }
    for (const id of dependencyOrder(old).reverse()) {
      if (id in template.Resources) continue;
      const rec = await this.deleteResource('UPDATE', 'cleanup', id, old.Resources[id], before.get(id));
      if (rec) requests.push(rec);
      this.resources.delete(id);
    }
    return { status: 'UPDATE_COMPLETE', requests, virtualMs: this.clock.now() - t0 };
  }

  private async createResource(
    operation: RequestRecord['operation'],
    phase: RequestRecord['phase'],
    id: string,
    res: CfnResource,
    template: CfnTemplate,
  ): Promise<RequestRecord | undefined> {
    const props = this.resolve(res.Properties ?? {}, template) as Record<string, unknown>;
    if (!isCustomResource(res.Type)) {
      this.resources.set(id, {
        type: res.Type,
        physicalId: this.fakePhysicalId(id, res.Type),
        properties: props,
        data: {},
      });
      return undefined;
    }
    const rec = await this.invoke(operation, phase, 'Create', id, res.Type, props, {});
    this.resources.set(id, { type: res.Type, physicalId: rec.physicalId, properties: props, data: rec.data ?? {} });
    return rec;
  }

  private async deleteResource(
    operation: RequestRecord['operation'],
    phase: RequestRecord['phase'],
    id: string,
    res: CfnResource,
    state = this.resources.get(id),
  ): Promise<RequestRecord | undefined> {
    if (!state || !isCustomResource(res.Type)) return undefined;
    // DeletionPolicy applies to stack deletion, removal on update and rollbacks alike; RetainExceptOnCreate
    // deletes only when rolling back the Create that made the resource.
    const policy = res.DeletionPolicy ?? 'Delete';
    const createRollback = operation === 'CREATE' && phase === 'rollback';
    if (policy === 'Retain' || policy === 'Snapshot' || (policy === 'RetainExceptOnCreate' && !createRollback)) {
      return undefined;
    }
    return this.invoke(operation, phase, 'Delete', id, res.Type, state.properties, { physicalId: state.physicalId });
  }

  // ------------------------------------------------------------------ the provider framework

  private async invoke(
    operation: RequestRecord['operation'],
    phase: RequestRecord['phase'],
    requestType: 'Create' | 'Update' | 'Delete',
    logicalId: string,
    resourceType: string,
    properties: Record<string, unknown>,
    extra: { physicalId?: string; oldProperties?: Record<string, unknown> },
  ): Promise<RequestRecord> {
    const v0 = this.clock.now();
    const r0 = performance.now();
    const requestId = `${fakeUuid(`${this.options.stackName}/${++this.requestSeq}`)}`;
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
    let outcome;
    try {
      const provider = this.providerFor(properties.ServiceToken);
      outcome = await runProviderFramework(cfnRequest, provider, {
        invoke: (arn, payload) => invokeLambda(this.functionByArn(arn), payload, this.clock, this.logSink()),
        sleep: async (ms) => this.clock.advance(ms),
        beforeInvoke: (phase, attempt) => this.options.beforeInvoke?.({ logicalId, requestType, phase, attempt }),
      });
    } catch (err) {
      // The service token names no function of this stack: CloudFormation cannot invoke it.
      outcome = {
        body: {
          Status: 'FAILED' as const,
          Reason: (err as Error).message,
          PhysicalResourceId: extra.physicalId ?? requestId,
          Data: undefined,
        },
        polls: 0,
      };
    }
    const res = outcome.body;
    this.responses.push({ ...res });
    const rec: RequestRecord = {
      operation,
      phase,
      requestType,
      logicalId,
      resourceType,
      physicalId: res.PhysicalResourceId,
      status: res.Status,
      reason: res.Status === 'FAILED' ? res.Reason : undefined,
      data: res.Status === 'SUCCESS' ? stringData(res.Data) : undefined,
      polls: outcome.polls,
      virtualMs: this.clock.now() - v0,
      realMs: performance.now() - r0,
    };
    this.requests.push(rec);
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
      // A new container: no warm caches from an earlier simulator in the same process.
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

function stringData(data: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
}
