/**
 * A small CloudFormation + aws-cdk-lib Provider-framework simulator for deploy tests and benchmarks.
 *
 * It loads a synthesized template and the handler module from a cloud assembly (cdk.out): the Lambda asset, the
 * bundled file, not the TypeScript source. It resolves intrinsics with fake physical ids for non-custom resources,
 * orders resources by Ref / Fn::GetAtt / Fn::Sub / DependsOn and drives every custom resource exactly as
 * `custom-resources/lib/provider-framework/runtime/framework.js` does:
 *
 * - onEvent gets the CloudFormation request; its result is merged: `{...request, ...result, PhysicalResourceId}`
 *   (a Delete may not change the physical id; a missing id defaults to the RequestId on Create);
 * - the waiter state machine calls isComplete at once, then every `IntervalSeconds` up to `MaxAttempts` retries
 *   (read from the template's waiter definition); `IsComplete: false` with Data is an error; running out of
 *   attempts answers FAILED "Operation timed out";
 * - the final response merges Data: `{...event.Data, ...isComplete.Data}`;
 * - any error answers FAILED with the user function's error message (plus the framework's "Logs:" trailer);
 *   a failed Create answers the `CREATE_FAILED` marker physical id, and a later Delete of it is ignored;
 * - user-function payloads and results go through JSON, as Lambda's invoke does; a user invocation that runs past
 *   the function's `Timeout` (simulated time) fails with Lambda's "Task timed out" message.
 *
 * Stack operations follow CloudFormation: Create in dependency order; Update sends `OldResourceProperties`, and a
 * changed physical id triggers a cleanup Delete of the old one after the rest of the update; Delete in reverse
 * order. `DeletionPolicy: Retain` resources get no Delete (stack delete, removal, rollback; `RetainExceptOnCreate`
 * only on a Create rollback), nor do replaced ids under `UpdateReplacePolicy: Retain`. A failure rolls back: on Create, Delete what was
 * created (the failed resource included), in reverse order; on Update, re-Update what was updated (the failed
 * resource included) with its old properties and Delete what was created, in reverse order.
 *
 * Time: a {@link VirtualClock} replaces `Date.now` while the simulator runs a request. It stands still between
 * invocations, jumps by the waiter interval between polls, and runs `1/scale` times as fast as real time while
 * the handler runs. The bundled handler reads `ATLAS_EAR_TEST_TIME_SCALE` (set here before it is loaded) and
 * shortens its real sleeps and request timeout by the same factor, so retry budgets, Lambda timeouts and the
 * framework's total timeout all hold in simulated time while a full deploy takes a fraction of a second.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** A CloudFormation template as JSON. */
export interface CfnTemplate {
  readonly Parameters?: Record<string, { Default?: unknown }>;
  readonly Resources: Record<string, CfnResource>;
  readonly Outputs?: Record<string, unknown>;
}

/** A template resource. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

/** A simulated clock: `now()` in epoch ms. */
export class VirtualClock {
  private base: number;
  private realStart = 0;
  private running = 0;
  private saved?: () => number;

  /**
   * @param scale real time per simulated time while running (0.02: one simulated second takes 20 real ms)
   * @param start simulated start, epoch ms
   */
  constructor(
    public readonly scale: number,
    start = Date.parse('2026-09-01T00:00:00Z'),
  ) {
    this.base = start;
  }

  /** Simulated epoch ms. */
  public now(): number {
    return this.running > 0 ? this.base + (performance.now() - this.realStart) / this.scale : this.base;
  }

  /** Jumps forward. */
  public advance(ms: number): void {
    this.base += ms;
  }

  /** Runs `fn` with the clock running and `Date.now` replaced; nested calls share one run. */
  public async run<T>(fn: () => Promise<T>): Promise<T> {
    this.start();
    try {
      return await fn();
    } finally {
      this.stop();
    }
  }

  /** Replaces `Date.now` with this clock (stopped) until {@link uninstall}. */
  public install(): void {
    if (this.saved) return;
    this.saved = Date.now;
    Date.now = () => Math.floor(this.now());
  }

  /** Restores `Date.now`. */
  public uninstall(): void {
    if (this.saved) Date.now = this.saved;
    this.saved = undefined;
  }

  private start(): void {
    if (this.running++ === 0) this.realStart = performance.now();
  }

  private stop(): void {
    if (--this.running === 0) this.base += (performance.now() - this.realStart) / this.scale;
  }
}

/** One custom-resource request and how it ended. */
export interface RequestRecord {
  /** Which stack operation sent it. */
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  /** Normal progress, rollback after a failure, or the cleanup phase of an update. */
  readonly phase: 'deploy' | 'rollback' | 'cleanup';
  readonly requestType: 'Create' | 'Update' | 'Delete';
  readonly logicalId: string;
  readonly resourceType: string;
  /** Physical id sent to CloudFormation in the response. */
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

/** Result of one stack operation. */
export interface StackOperationResult {
  readonly status:
    | 'CREATE_COMPLETE'
    | 'ROLLBACK_COMPLETE'
    | 'ROLLBACK_FAILED'
    | 'UPDATE_COMPLETE'
    | 'UPDATE_ROLLBACK_COMPLETE'
    | 'UPDATE_ROLLBACK_FAILED'
    | 'DELETE_COMPLETE'
    | 'DELETE_FAILED';
  /** Requests of this operation, in order. */
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

/** The Lambda entry the simulator invokes. */
export type LambdaHandler = (event: any) => Promise<any>;

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

/** Marker physical id the framework answers for a failed Create (framework cfn-response.js). */
export const CREATE_FAILED_PHYSICAL_ID_MARKER = 'AWSCDK::CustomResourceProviderFramework::CREATE_FAILED';
const NO_VALUE = Symbol('AWS::NoValue');

/** Whether a resource type is served by a custom-resource provider. */
export function isCustomResource(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** Loads `<cdkOut>/<stackName>.template.json`. */
export function loadTemplate(cdkOut: string, stackName: string): CfnTemplate {
  return JSON.parse(readFileSync(join(cdkOut, `${stackName}.template.json`), 'utf8')) as CfnTemplate;
}

/** Logical ids referenced by Ref / Fn::GetAtt / Fn::Sub anywhere in `value`. */
export function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencedIds(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'Ref' && typeof v === 'string') out.add(v);
      else if (k === 'Fn::GetAtt') out.add(Array.isArray(v) ? String(v[0]) : String(v).split('.')[0]);
      else if (k === 'Fn::Sub') {
        const s = Array.isArray(v) ? v[0] : v;
        for (const m of String(s).matchAll(/\$\{([^}!.]+)(\.[^}]+)?\}/g)) out.add(m[1]);
        if (Array.isArray(v)) referencedIds(v[1], out);
      } else referencedIds(v, out);
    }
  }
  return out;
}

/** Resources in dependency order (Kahn's algorithm, ties by template order); throws on a cycle. */
export function dependencyOrder(template: CfnTemplate): string[] {
  const ids = Object.keys(template.Resources);
  const deps = new Map<string, Set<string>>();
  for (const id of ids) {
    const r = template.Resources[id];
    const d = referencedIds(r.Properties);
    for (const x of r.DependsOn === undefined ? [] : ([] as string[]).concat(r.DependsOn)) d.add(x);
    deps.set(id, new Set([...d].filter((x) => x in template.Resources && x !== id)));
  }
  const order: string[] = [];
  const done = new Set<string>();
  while (order.length < ids.length) {
    const next = ids.find((id) => !done.has(id) && [...deps.get(id)!].every((d) => done.has(d)));
    if (!next) throw new Error(`dependency cycle among ${ids.filter((id) => !done.has(id)).join(', ')}`);
    order.push(next);
    done.add(next);
  }
  return order;
}

function shortHash(s: string, n = 12): string {
  return createHash('sha256').update(s).digest('hex').slice(0, n);
}

function fakeUuid(seed: string): string {
  const h = shortHash(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** How the framework's waiter polls: read from the waiter state machine definition. */
interface WaiterConfig {
  intervalMs: number;
  maxAttempts: number;
}

/** A user function the framework invokes. */
interface UserFunction {
  readonly logicalId: string;
  readonly name: string;
  readonly timeoutMs: number;
  readonly fn: LambdaHandler;
}

/** The provider behind a service token. */
interface ProviderBinding {
  readonly onEvent: UserFunction;
  readonly isComplete?: UserFunction;
  readonly waiter: WaiterConfig;
}

/**
 * Loads the handler of a Lambda function resource from its asset in `cdkOut` (`Metadata['aws:asset:path']`, or
 * the `Code.S3Key` hash). Sets `ATLAS_EAR_TEST_TIME_SCALE` first (the bundle reads it once, at load).
 */
export function loadLambdaHandler(
  cdkOut: string,
  resource: CfnResource,
  timeScale: number,
): { fn: LambdaHandler; module: Record<string, unknown>; file: string } {
  const props = resource.Properties ?? {};
  const handler = String(props.Handler ?? '');
  const [file, exportName] = [handler.slice(0, handler.lastIndexOf('.')), handler.slice(handler.lastIndexOf('.') + 1)];
  let assetDir = resource.Metadata?.['aws:asset:path'] as string | undefined;
  if (!assetDir) {
    const key = (props.Code as { S3Key?: unknown } | undefined)?.S3Key;
    const m = typeof key === 'string' ? /([a-f0-9]{64})\.zip$/.exec(key) : null;
    if (m) assetDir = `asset.${m[1]}`;
  }
  if (!assetDir) throw new Error(`cannot find the asset of handler ${handler}`);
  const path = join(cdkOut, assetDir, `${file}.js`);
  if (!existsSync(path)) throw new Error(`handler file ${path} not found`);
  process.env.ATLAS_EAR_TEST_TIME_SCALE = String(timeScale);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path) as Record<string, unknown>;
  const fn = mod[exportName];
  if (typeof fn !== 'function') throw new Error(`${path} has no export ${exportName}`);
  return { fn: fn as LambdaHandler, module: mod, file: path };
}

class LambdaTimeout extends Error {}

/** The simulator. One instance is one stack (and one warm Lambda container). */
export class CfnSimulator {
  public readonly clock: VirtualClock;
  /** Every request of every operation. */
  public readonly requests: RequestRecord[] = [];
  /** Console output of the handler (when captured). */
  public readonly logs: string[] = [];
  /** Every response sent to CloudFormation (as the framework's cfn-response would PUT it). */
  public readonly responses: Array<Record<string, unknown>> = [];
  /** Deployed resources by logical id. */
  public readonly resources = new Map<string, DeployedResource>();
  /** The template currently deployed. */
  public template?: CfnTemplate;
  /** Loaded handler modules by file (to reach test helpers such as `clearSecretCache`). */
  public readonly modules = new Map<string, Record<string, unknown>>();

  private readonly account: string;
  private readonly region: string;
  private readonly stackId: string;
  private readonly timeScale: number;
  private readonly physicalOverrides: Record<string, string>;
  private readonly attributeOverrides: Record<string, string>;
  private requestSeq = 0;

  constructor(private readonly options: CfnSimulatorOptions) {
    this.account = options.account ?? '123456789012';
    this.region = options.region ?? 'us-east-1';
    this.timeScale = options.timeScale ?? options.clock?.scale ?? 0.02;
    this.clock = options.clock ?? new VirtualClock(this.timeScale);
    this.stackId = `arn:aws:cloudformation:${this.region}:${this.account}:stack/${options.stackName}/${fakeUuid(options.stackName)}`;
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
    let polls = 0;
    const finish = (status: 'SUCCESS' | 'FAILED', event: Record<string, unknown>, reason?: string): RequestRecord => {
      const physicalId = String(
        event.PhysicalResourceId ?? 'AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID',
      );
      const data = event.Data as Record<string, string> | undefined;
      this.responses.push({
        Status: status,
        Reason: reason ?? status,
        StackId: this.stackId,
        RequestId: requestId,
        PhysicalResourceId: physicalId,
        LogicalResourceId: logicalId,
        Data: data,
      });
      const rec: RequestRecord = {
        operation,
        phase,
        requestType,
        logicalId,
        resourceType,
        physicalId,
        status,
        reason,
        data: status === 'SUCCESS' ? stringData(data) : undefined,
        polls,
        virtualMs: this.clock.now() - v0,
        realMs: performance.now() - r0,
      };
      this.requests.push(rec);
      return rec;
    };

    // safeHandler: a Delete of a failed Create is acknowledged without calling the user function.
    if (requestType === 'Delete' && extra.physicalId === CREATE_FAILED_PHYSICAL_ID_MARKER) {
      return finish('SUCCESS', cfnRequest);
    }
    let event: Record<string, unknown> = cfnRequest;
    try {
      const provider = this.providerFor(properties.ServiceToken);
      await this.options.beforeInvoke?.({ logicalId, requestType, phase: 'onEvent', attempt: 0 });
      const onEventResult = (await this.callUser(provider.onEvent, { ...cfnRequest })) ?? {};
      const physicalId =
        (onEventResult as { PhysicalResourceId?: string }).PhysicalResourceId ||
        (requestType === 'Create' ? requestId : extra.physicalId);
      if (requestType === 'Delete' && physicalId !== extra.physicalId) {
        throw new Error(
          `DELETE: cannot change the physical resource ID from "${extra.physicalId}" to "${physicalId}" during deletion`,
        );
      }
      event = { ...cfnRequest, ...(onEventResult as object), PhysicalResourceId: physicalId };
      if (!provider.isComplete) return finish('SUCCESS', event);

      // The waiter: isComplete now, then after each interval, up to MaxAttempts retries.
      for (let attempt = 0; attempt <= provider.waiter.maxAttempts; attempt++) {
        if (attempt > 0) this.clock.advance(provider.waiter.intervalMs);
        polls++;
        await this.options.beforeInvoke?.({ logicalId, requestType, phase: 'isComplete', attempt });
        const res = ((await this.callUser(provider.isComplete, { ...event })) ?? {}) as {
          IsComplete?: boolean;
          Data?: Record<string, unknown>;
        };
        if (res.IsComplete) {
          return finish('SUCCESS', {
            ...event,
            ...res,
            Data: { ...((event.Data as object) ?? {}), ...(res.Data ?? {}) },
          });
        }
        if (res.Data && Object.keys(res.Data).length > 0) {
          throw new Error('"Data" is not allowed if "IsComplete" is "False"');
        }
      }
      return finish('FAILED', event, 'Operation timed out');
    } catch (err) {
      if (!event.PhysicalResourceId && requestType === 'Create') {
        event = { ...event, PhysicalResourceId: CREATE_FAILED_PHYSICAL_ID_MARKER };
      }
      return finish('FAILED', event, (err as Error).message);
    }
  }

  /** Invokes a user function as Lambda does: JSON in and out, errors as FunctionError, the timeout enforced. */
  private async callUser(fn: UserFunction, payload: Record<string, unknown>): Promise<unknown> {
    const input = JSON.parse(JSON.stringify(payload));
    const restore = this.options.captureLogs === false ? () => undefined : this.captureConsole();
    const start = this.clock.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await this.clock.run(() =>
        Promise.race([
          fn.fn(input),
          new Promise<never>((_, reject) => {
            const check = (): void => {
              if (this.clock.now() - start > fn.timeoutMs) reject(new LambdaTimeout());
              else timer = setTimeout(check, Math.max(5, (fn.timeoutMs * this.timeScale) / 20));
            };
            timer = setTimeout(check, Math.max(5, (fn.timeoutMs * this.timeScale) / 20));
          }),
        ]),
      );
      return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    } catch (err) {
      const message =
        err instanceof LambdaTimeout
          ? `${new Date(this.clock.now()).toISOString()} ${fakeUuid(String(start))} Task timed out after ${(fn.timeoutMs / 1000).toFixed(2)} seconds`
          : ((err as Error)?.message ?? String(err));
      // framework.js invokeUserFunction: the error message plus a pointer to the function's logs.
      throw new Error([message, '', `Logs: /aws/lambda/${fn.name}`, ''].join('\n'), { cause: err });
    } finally {
      clearTimeout(timer);
      restore();
    }
  }

  private captureConsole(): () => void {
    const saved: Array<[string, unknown]> = [];
    const target = console as unknown as Record<string, unknown>;
    for (const level of ['log', 'debug', 'info', 'warn', 'error']) {
      saved.push([level, target[level]]);
      target[level] = (...args: unknown[]) => {
        this.logs.push(
          `${level.toUpperCase()} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
        );
      };
    }
    return () => {
      for (const [level, fn] of saved) target[level] = fn;
    };
  }

  private readonly providers = new Map<string, ProviderBinding>();

  /** Service token → framework onEvent function → the user functions and the waiter's retry policy. */
  private providerFor(serviceToken: unknown): ProviderBinding {
    const template = this.template!;
    const key = String(serviceToken);
    const cached = this.providers.get(key);
    if (cached) return cached;
    const fnId = this.findByArn(template, key);
    if (!fnId) throw new Error(`service token ${key} is not a function of this stack`);
    const env =
      (template.Resources[fnId].Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {};
    let binding: ProviderBinding;
    if (env.USER_ON_EVENT_FUNCTION_ARN) {
      const onEventId = this.findByArn(template, String(this.resolve(env.USER_ON_EVENT_FUNCTION_ARN)))!;
      const isCompleteArn = env.USER_IS_COMPLETE_FUNCTION_ARN;
      const isCompleteId = isCompleteArn ? this.findByArn(template, String(this.resolve(isCompleteArn))) : undefined;
      binding = {
        onEvent: this.userFunction(onEventId),
        isComplete: isCompleteId ? this.userFunction(isCompleteId) : undefined,
        waiter: this.waiterConfig(template),
      };
    } else {
      // A plain Lambda-backed custom resource: the function answers directly.
      binding = { onEvent: this.userFunction(fnId), waiter: { intervalMs: 0, maxAttempts: 0 } };
    }
    this.providers.set(key, binding);
    return binding;
  }

  private userFunction(logicalId: string): UserFunction {
    const res = this.template!.Resources[logicalId];
    const { fn, module, file } = loadLambdaHandler(this.options.cdkOut, res, this.timeScale);
    if (!this.modules.has(file)) {
      // A new container: no warm caches from an earlier simulator in the same process.
      (module.clearSecretCache as (() => void) | undefined)?.();
      this.modules.set(file, module);
    }
    return {
      logicalId,
      name: this.fakePhysicalId(logicalId, res.Type),
      timeoutMs: Number(res.Properties?.Timeout ?? 3) * 1000,
      fn,
    };
  }

  private waiterConfig(template: CfnTemplate): WaiterConfig {
    for (const res of Object.values(template.Resources)) {
      if (res.Type !== 'AWS::StepFunctions::StateMachine') continue;
      const def = String(this.resolve(res.Properties?.DefinitionString ?? ''));
      if (!def.includes('framework-isComplete-task')) continue;
      const parsed = JSON.parse(def) as {
        States: Record<
          string,
          { Retry?: Array<{ IntervalSeconds: number; MaxAttempts: number; BackoffRate?: number }> }
        >;
      };
      const retry = parsed.States['framework-isComplete-task']?.Retry?.[0];
      if (retry) return { intervalMs: retry.IntervalSeconds * 1000, maxAttempts: retry.MaxAttempts };
    }
    return { intervalMs: 5_000, maxAttempts: 360 };
  }

  private findByArn(template: CfnTemplate, arn: string): string | undefined {
    return Object.keys(template.Resources).find(
      (id) => template.Resources[id].Type === 'AWS::Lambda::Function' && this.attribute(id, 'Arn', template) === arn,
    );
  }

  // ------------------------------------------------------------------ intrinsics and fake ids

  /** Fake physical id (Ref) of a non-custom resource. */
  public fakePhysicalId(logicalId: string, type: string): string {
    const override = this.physicalOverrides[logicalId];
    if (override) return override;
    const suffix = shortHash(`${this.options.stackName}/${logicalId}`, 12).toUpperCase();
    const name = `${this.options.stackName}-${logicalId}`.slice(0, 50) + `-${suffix}`;
    const arnPrefix = `arn:aws:%s:${this.region}:${this.account}`;
    switch (type) {
      case 'AWS::KMS::Key':
        return fakeUuid(`${this.options.stackName}/${logicalId}`);
      case 'AWS::KMS::Alias':
        return `alias/${logicalId}`;
      case 'AWS::SecretsManager::Secret':
        return `${arnPrefix.replace('%s', 'secretsmanager')}:secret:${name}-AbCdEf`;
      case 'AWS::StepFunctions::StateMachine':
        return `${arnPrefix.replace('%s', 'states')}:stateMachine:${name}`;
      case 'AWS::IAM::Policy':
        return `${this.options.stackName.slice(0, 20)}-${suffix}`;
      default:
        return name;
    }
  }

  private attribute(logicalId: string, attr: string, template = this.template!): string {
    const override = this.attributeOverrides[`${logicalId}.${attr}`];
    if (override !== undefined) return override;
    const res = template.Resources[logicalId];
    if (!res) throw new Error(`Fn::GetAtt of unknown resource ${logicalId}`);
    if (isCustomResource(res.Type)) {
      const data = this.resources.get(logicalId)?.data;
      const v = data?.[attr];
      if (v === undefined) throw new Error(`Fn::GetAtt ${logicalId}.${attr}: the custom resource returned no ${attr}`);
      return v;
    }
    const id = this.resources.get(logicalId)?.physicalId ?? this.fakePhysicalId(logicalId, res.Type);
    const region = this.region;
    const acct = this.account;
    if (attr === 'Arn') {
      switch (res.Type) {
        case 'AWS::KMS::Key':
          return `arn:aws:kms:${region}:${acct}:key/${id}`;
        case 'AWS::IAM::Role':
          return `arn:aws:iam::${acct}:role/${id}`;
        case 'AWS::Lambda::Function':
          return `arn:aws:lambda:${region}:${acct}:function:${id}`;
        case 'AWS::Logs::LogGroup':
          return `arn:aws:logs:${region}:${acct}:log-group:${id}:*`;
        case 'AWS::StepFunctions::StateMachine':
        case 'AWS::SecretsManager::Secret':
          return id;
        default: {
          const svc = res.Type.split('::')[1].toLowerCase();
          return `arn:aws:${svc}:${region}:${acct}:${logicalId.toLowerCase()}/${id}`;
        }
      }
    }
    if (attr === 'KeyId') return id;
    if (attr === 'RoleId') return `AROA${shortHash(id, 17).toUpperCase()}`;
    return `${id}.${attr}`;
  }

  private pseudo(name: string): string | typeof NO_VALUE | undefined {
    switch (name) {
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::Region':
        return this.region;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.options.stackName;
      case 'AWS::StackId':
        return this.stackId;
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  }

  /** Resolves intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::Base64, pseudo parameters). */
  public resolve(value: unknown, template = this.template!): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v, template)).filter((v) => v !== NO_VALUE);
    if (!value || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [k, v] = entries[0];
      switch (k) {
        case 'Ref': {
          const p = this.pseudo(String(v));
          if (p !== undefined) return p;
          if (template.Parameters?.[String(v)]) return template.Parameters[String(v)].Default;
          const res = template.Resources[String(v)];
          if (!res) throw new Error(`Ref to unknown ${String(v)}`);
          return this.resources.get(String(v))?.physicalId ?? this.fakePhysicalId(String(v), res.Type);
        }
        case 'Fn::GetAtt': {
          const [id, attr] = Array.isArray(v) ? v : String(v).split(/\.(.*)/);
          return this.attribute(String(id), String(attr), template);
        }
        case 'Fn::Join': {
          const [sep, parts] = v as [string, unknown[]];
          return (this.resolve(parts, template) as unknown[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [i, list] = v as [unknown, unknown];
          return (this.resolve(list, template) as unknown[])[Number(this.resolve(i, template))];
        }
        case 'Fn::Split': {
          const [sep, s] = v as [string, unknown];
          return String(this.resolve(s, template)).split(sep);
        }
        case 'Fn::Base64':
          return Buffer.from(String(this.resolve(v, template))).toString('base64');
        case 'Fn::Sub': {
          const [text, vars] = Array.isArray(v) ? (v as [string, Record<string, unknown>]) : [String(v), {}];
          const resolvedVars = this.resolve(vars ?? {}, template) as Record<string, unknown>;
          return text.replace(/\$\{([^}]+)\}/g, (whole, expr: string) => {
            if (expr.startsWith('!')) return `\${${expr.slice(1)}}`;
            if (expr in resolvedVars) return String(resolvedVars[expr]);
            const p = this.pseudo(expr);
            if (typeof p === 'string') return p;
            const [id, attr] = expr.split(/\.(.*)/);
            if (attr) return this.attribute(id, attr, template);
            if (template.Resources[id]) return String(this.resolve({ Ref: id }, template));
            throw new Error(`Fn::Sub: cannot resolve ${whole}`);
          });
        }
        default:
          if (k.startsWith('Fn::')) throw new Error(`intrinsic ${k} is not supported by the simulator`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const r = this.resolve(v, template);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }
}

function stringData(data: Record<string, unknown> | undefined): Record<string, string> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
}

/** A one-line summary of an operation's requests, for test output. */
export function summarize(result: StackOperationResult): string {
  const lines = result.requests.map(
    (r) =>
      `${r.phase.padEnd(8)} ${r.requestType.padEnd(6)} ${r.logicalId.padEnd(36)} ${r.status.padEnd(7)} polls=${String(r.polls).padStart(3)} ` +
      `virtual=${(r.virtualMs / 1000).toFixed(1)}s${r.reason ? ` reason=${r.reason.split('\n')[0]}` : ''}`,
  );
  return [`${result.status} (virtual ${(result.virtualMs / 1000).toFixed(1)} s)`, ...lines].join('\n');
}
