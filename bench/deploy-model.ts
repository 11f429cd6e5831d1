/**
 * Deploy model (run by bench/run.mjs, prints one JSON line): a discrete-event model of CloudFormation deploying
 * the example's topology, on a virtual clock (no real sleeping), with the REAL bundled handler from `cdk.out`
 * driven through test/support/cloudformation (the stack engine, the Provider framework's waiter, Lambda) against
 * the Atlas emulator. What the model adds is time: Atlas's operation durations, call latencies, and the AWS-side
 * overheads of the Provider framework. Per scenario it reports our wall time / Atlas's own time.
 *
 * The Provider framework's schedule, as aws-cdk-lib 2.276 implements it (aws/aws-cdk,
 * packages/aws-cdk-lib/custom-resources/lib/provider-framework/):
 * - runtime/framework.ts onEvent: invokes the user onEvent function, then (an isComplete handler being set) starts
 *   the waiter state machine with the response event as input; nothing answers CloudFormation from onEvent;
 * - waiter-state-machine.ts: one Task `framework-isComplete-task` (runs at once: the first isComplete call follows
 *   StartExecution with no wait) with `Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: interval,
 *   MaxAttempts: maxAttempts, BackoffRate: backoffRate }]`, and a Catch to `framework-onTimeout-task`;
 * - util.ts calculateRetryPolicy: interval = queryInterval (default 5 s), maxAttempts = totalTimeout / interval
 *   (must divide exactly), backoffRate = 1.
 * test/support/cloudformation/provider-framework.ts runs exactly that schedule (it reads IntervalSeconds,
 * MaxAttempts and BackoffRate from the synthesized state machine definition).
 *
 * Atlas's own time of a scenario = the longest path through the template's dependency graph (CloudFormation starts
 * a resource once its dependencies are done, AWS docs "DependsOn attribute") where each Atlas resource weighs the
 * Atlas work it caused: the latency of each successful write (POST/PATCH/DELETE) plus, for a cluster write, the
 * asynchronous operation it starts and one read that sees it done. Our handler's reads, safety checks, Digest
 * challenges, the waiter's granularity and the AWS overheads are what the ratio charges to us.
 */
import { randomUUID } from 'node:crypto';
import {
  logicalIdOf,
  mockParameterStore,
  mockSecrets,
  STACK,
  synthTopology,
  withClusterSpec,
} from '../test/e2e/support';
import { type EmulatorCall, startAtlasEmulator } from '../test/support/atlas-emulator';
import {
  CfnSimulator,
  type CfnTemplate,
  dependencies,
  dependencyOrder,
  loadTemplate,
  type StackOperationResult,
  VirtualClock,
} from '../test/support/cloudformation';
import { median } from './lib/stats';

/**
 * Real time per virtual time while the handler runs: its CPU time counts twice (a 256 MB Lambda has a fraction
 * of a vCPU; assumption), and the modeled latencies below take half their time in real sleeps.
 */
const SCALE = 0.5;
const REPS = Number(process.env.BENCH_DEPLOY_REPS ?? 3);

/**
 * Atlas durations (virtual ms). Atlas publishes none of them; each is a stated assumption.
 * - a read or an ordinary write: 150 ms (unverified; round trip to the Admin API from an AWS region);
 * - PATCH encryptionAtRest: 3 s, because Atlas validates the key with the KMS before it answers (the spec's
 *   updateEncryptionAtRest returns the configuration with `valid`; the time is unverified);
 * - cluster create: 10 min for an M10 replica set (unverified; the create-cluster tutorial gives no figure);
 * - encryption change on an existing cluster: a rolling initial sync of each of 3 nodes holding `DATA_GIB` at
 *   `SYNC_MB_S`, plus 1 min per node for the restart and election (the docs on enabling customer key management for
 *   a cluster say the change is applied node by node; rates unverified);
 * - cluster delete: 5 min (unverified);
 * - a key change (new customerMasterKeyId): no data rewrite ("These keys are rotated on a rolling basis and the
 *   process does not require the data to be rewritten", Atlas docs "Rotate your AWS Customer Master Key"), so the
 *   PATCH and its validation are all of Atlas's time.
 */
const CALL_MS = 150;
const EAR_PATCH_MS = 3000;
const CLUSTER_CREATE_MS = 600_000;
const DATA_GIB = Number(process.env.BENCH_DATA_GIB ?? 10);
const SYNC_MB_S = 50;
const NODES = 3;
const CLUSTER_UPDATE_MS = Math.round(NODES * ((DATA_GIB * 1024) / SYNC_MB_S) * 1000 + NODES * 60_000);
const CLUSTER_DELETE_MS = 300_000;
/**
 * Atlas creates its own 90-day rotation alert after the first enable (spec updateEncryptionAtRest); the handler
 * waits for it before it adjusts it (DEP-ALERT-1). The delay is the emulator's, unverified; it is Atlas's time.
 */
const ROTATION_ALERT_DELAY_MS = 10_000;

/**
 * AWS-side overheads (virtual ms), stated assumptions (AWS publishes no latency figures for these):
 * - a synchronous Lambda Invoke of a warm function: 30 ms; the framework chains two (its function, then ours);
 * - a cold start: 600 ms (Node.js runtime init plus our bundle's measured ~100 ms require), once per chain per
 *   stack operation (the containers stay warm across the waiter's retries, which are at most 30 s apart);
 * - Step Functions StartExecution up to the first Task: 200 ms; a Retry's scheduling beyond IntervalSeconds: 50 ms;
 * - CloudFormation noticing the response the framework PUT to its pre-signed S3 URL: 1 s (unverified). Modeled
 *   before onEvent (same total on the critical path, simpler to place).
 */
const INVOKE_MS = 30;
const COLD_START_MS = 600;
const SFN_START_MS = 200;
const SFN_RETRY_MS = 50;
const CFN_RESPONSE_MS = 1000;

interface TimedCall {
  readonly t: number;
  readonly call: EmulatorCall;
}

interface ScenarioOutcome {
  readonly status: string;
  readonly wallMs: number;
  readonly atlasMs: number;
  readonly ratio: number;
  readonly calls: number;
  readonly callsExcludingAuthChallenges: number;
  readonly writes: number;
  readonly polls: number;
  /** Most calls to one endpoint set (here: one path shape) in any 60 s window. */
  readonly peakCallsPerMinute: number;
  readonly peakEndpoint: string;
  /** Modeled AWS-side overheads (Lambda, Step Functions, CloudFormation), summed over the operation's requests. */
  readonly awsOverheadMs: number;
}

const CLUSTER = 'Custom::AtlasEncryptedCluster';

/** The path shape of a call (ids replaced), as a stand-in for Atlas's endpoint sets. */
function endpointOf(path: string): string {
  return path
    .replace(/\/groups\/[0-9a-f]{24}/, '/groups/{groupId}')
    .replace(/\/clusters\/[^/]+/, '/clusters/{clusterName}')
    .replace(/\/cloudProviderAccess\/[0-9a-f]{24}/, '/cloudProviderAccess/{roleId}')
    .replace(/\/alertConfigs\/[0-9a-f]{24}/, '/alertConfigs/{alertConfigId}');
}

function peakPerMinute(calls: readonly TimedCall[]): { peak: number; endpoint: string } {
  const by = new Map<string, number[]>();
  for (const c of calls) {
    const k = `${c.call.method} ${endpointOf(c.call.path)}`;
    (by.get(k) ?? by.set(k, []).get(k)!).push(c.t);
  }
  let peak = 0;
  let endpoint = '';
  for (const [k, ts] of by) {
    let lo = 0;
    for (let hi = 0; hi < ts.length; hi++) {
      while (ts[hi] - ts[lo] >= 60_000) lo++;
      if (hi - lo + 1 > peak) {
        peak = hi - lo + 1;
        endpoint = k;
      }
    }
  }
  return { peak, endpoint };
}

/** Which resource of the template an Atlas write belongs to (by path, and by name for clusters). */
function ownerOf(template: CfnTemplate, call: EmulatorCall): string | undefined {
  const ofType = (type: string) => Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
  const { method, path } = call;
  if (/\/encryptionAtRest$/.test(path) || /\/alertConfigs/.test(path))
    return ofType('Custom::AtlasProjectEncryption')[0];
  if (/\/cloudProviderAccess$/.test(path) && method === 'POST') return ofType('Custom::AtlasCloudProviderAccess')[0];
  if (/\/cloudProviderAccess\/[0-9a-f]{24}$/.test(path)) {
    return method === 'PATCH'
      ? ofType('Custom::AtlasCloudProviderAccessAuthorization')[0]
      : ofType('Custom::AtlasCloudProviderAccess')[0];
  }
  const name =
    /\/clusters\/([^/]+)$/.exec(path)?.[1] ??
    (/\/clusters$/.test(path) ? (call.body as { name?: string } | undefined)?.name : undefined);
  if (name) {
    return ofType(CLUSTER).find((id) => {
      const spec = (template.Resources[id].Properties as { Spec?: unknown }).Spec;
      return typeof spec === 'string' && (JSON.parse(spec) as { name?: string }).name === decodeURIComponent(name);
    });
  }
  return undefined;
}

/** Atlas's own time of one stack operation: the longest path of Atlas work through the dependency graph. */
function atlasOwnMs(template: CfnTemplate, calls: readonly TimedCall[], firstEnable: boolean): number {
  const weight = new Map<string, number>();
  for (const { call } of calls) {
    if (call.method === 'GET' || (call.status ?? 0) >= 400) continue;
    const owner = ownerOf(template, call);
    if (!owner) continue;
    let ms = /\/encryptionAtRest$/.test(call.path) && call.method === 'PATCH' ? EAR_PATCH_MS : CALL_MS;
    if (template.Resources[owner].Type === CLUSTER) {
      const body = (call.body ?? {}) as Record<string, unknown>;
      const async =
        call.method === 'POST'
          ? CLUSTER_CREATE_MS
          : call.method === 'DELETE'
            ? CLUSTER_DELETE_MS
            : 'encryptionAtRestProvider' in body || 'replicationSpecs' in body
              ? CLUSTER_UPDATE_MS
              : 0;
      if (async > 0) ms += async + CALL_MS; // the operation, and the one read that sees it done
    }
    weight.set(owner, (weight.get(owner) ?? 0) + ms);
  }
  const alertWriter = calls.find(
    (c) => /\/alertConfigs/.test(c.call.path) && c.call.method !== 'GET' && (c.call.status ?? 0) < 400,
  );
  if (firstEnable && alertWriter) {
    const owner = ownerOf(template, alertWriter.call)!;
    weight.set(owner, (weight.get(owner) ?? 0) + ROTATION_ALERT_DELAY_MS);
  }
  const deps = dependencies(template);
  const finish = new Map<string, number>();
  for (const id of dependencyOrder(template)) {
    const start = Math.max(0, ...[...(deps.get(id) ?? [])].map((d) => finish.get(d) ?? 0));
    finish.set(id, start + (weight.get(id) ?? 0));
  }
  return Math.max(0, ...finish.values());
}

/** The template with another waiter interval (what-if; the library's own value is the template as synthesized). */
function withQueryInterval(template: CfnTemplate, seconds: number, totalSeconds: number): CfnTemplate {
  const text = JSON.stringify(template).replace(
    /\\"IntervalSeconds\\":\d+,\\"MaxAttempts\\":\d+/g,
    `\\"IntervalSeconds\\":${seconds},\\"MaxAttempts\\":${totalSeconds / seconds}`,
  );
  return JSON.parse(text) as CfnTemplate;
}

/** The waiter's IntervalSeconds and its total (IntervalSeconds × MaxAttempts) as synthesized. */
function waiterOf(template: CfnTemplate): { intervalSeconds: number; totalSeconds: number } {
  const m = /\\"IntervalSeconds\\":(\d+),\\"MaxAttempts\\":(\d+)/.exec(JSON.stringify(template));
  if (!m) throw new Error('no Provider framework waiter in the template');
  return { intervalSeconds: Number(m[1]), totalSeconds: Number(m[1]) * Number(m[2]) };
}

type Scenario = 'create' | 'keyChange' | 'providerSwitch' | 'teardown';

/**
 * One run of the four scenarios on a fresh emulator and stack. `synthesized` points the handler at `synthUrl`;
 * the run re-points it at its own emulator (the base URL is a plain string in each Spec).
 */
async function once(
  cdkOut: string,
  synthesized: CfnTemplate,
  synthUrl: string,
  intervalSeconds?: number,
): Promise<Record<Scenario, ScenarioOutcome>> {
  const clock = new VirtualClock(SCALE);
  const timed: TimedCall[] = [];
  const emu: Awaited<ReturnType<typeof startAtlasEmulator>> = await startAtlasEmulator({
    now: () => clock.now(),
    durations: {
      clusterCreateMs: CLUSTER_CREATE_MS,
      clusterUpdateMs: CLUSTER_UPDATE_MS,
      clusterDeleteMs: CLUSTER_DELETE_MS,
      rotationAlertDelayMs: ROTATION_ALERT_DELAY_MS,
    },
    // Called once per request, right after the emulator recorded it: time-stamp it, then answer after the
    // modeled latency (real ms = virtual ms × SCALE; the clock runs while the handler waits for it).
    latencyMs: ({ method, path }) => {
      timed.push({ t: clock.now(), call: emu.state.calls[emu.state.calls.length - 1] });
      return (method === 'PATCH' && /\/encryptionAtRest$/.test(path) ? EAR_PATCH_MS : CALL_MS) * SCALE;
    },
  });
  mockSecrets(emu);
  mockParameterStore();
  try {
    let template = JSON.parse(JSON.stringify(synthesized).split(synthUrl).join(emu.url)) as CfnTemplate;
    if (intervalSeconds !== undefined) {
      template = withQueryInterval(template, intervalSeconds, waiterOf(template).totalSeconds);
    }
    const cold = { onEvent: true, isComplete: true };
    let awsOverheadMs = 0;
    const sim = new CfnSimulator({
      cdkOut,
      stackName: STACK,
      clock,
      realTimeoutMs: 600_000,
      beforeInvoke: async (info) => {
        let ms = 2 * INVOKE_MS;
        if (info.phase === 'onEvent') ms += CFN_RESPONSE_MS;
        if (info.phase === 'isComplete') ms += info.attempt === 0 ? SFN_START_MS : SFN_RETRY_MS;
        if (cold[info.phase]) {
          cold[info.phase] = false;
          ms += COLD_START_MS;
        }
        awsOverheadMs += ms;
        await clock.sleep(ms);
      },
    });
    const out = {} as Record<Scenario, ScenarioOutcome>;
    const step = async (name: Scenario, tpl: CfnTemplate, op: () => Promise<StackOperationResult>) => {
      cold.onEvent = true;
      cold.isComplete = true;
      awsOverheadMs = 0;
      const from = timed.length;
      const r = await op();
      if (!/_COMPLETE$/.test(r.status) || /ROLLBACK/.test(r.status)) {
        throw new Error(`${name}: ${r.status} ${r.failure?.reason?.split('\n')[0] ?? ''}`);
      }
      const calls = timed.slice(from);
      if (process.env.BENCH_DEPLOY_TRACE === '1') {
        for (const c of calls) {
          process.stderr.write(
            `${name} call ${Math.round(c.t)} ${c.call.method} ${endpointOf(c.call.path)} ${c.call.status ?? ''}\n`,
          );
        }
        for (const q of r.requests) {
          process.stderr.write(
            `${name} ${q.requestType} ${q.logicalId}: ${Math.round(q.virtualMs)} ms virtual, ${Math.round(q.realMs)} ms real, ${q.polls} polls\n`,
          );
        }
      }
      const atlasMs = atlasOwnMs(tpl, calls, name === 'create');
      const peak = peakPerMinute(calls);
      out[name] = {
        status: r.status,
        wallMs: Math.round(r.virtualMs),
        atlasMs: Math.round(atlasMs),
        ratio: Number((r.virtualMs / atlasMs).toFixed(3)),
        calls: calls.length,
        callsExcludingAuthChallenges: calls.filter((c) => c.call.status !== 401).length,
        writes: calls.filter((c) => c.call.method !== 'GET' && (c.call.status ?? 0) < 400).length,
        polls: r.requests.reduce((n, q) => n + q.polls, 0),
        peakCallsPerMinute: peak.peak,
        peakEndpoint: peak.endpoint,
        awsOverheadMs,
      };
    };
    await step('create', template, () => sim.deploy(template));
    // Key change: the KMS key is replaced (a new key id), so the project's customerMasterKeyId changes.
    sim.setPhysicalId(logicalIdOf(template, 'AWS::KMS::Key'), randomUUID());
    await step('keyChange', template, () => sim.deploy(template));
    // Provider switch: the `orders` cluster from AWS to Azure (through NONE, DEP-SW-1).
    const orders = Object.keys(template.Resources).find(
      (id) => template.Resources[id].Type === CLUSTER && id.includes('Orders'),
    )!;
    const switched = withClusterSpec(template, orders, (s) => ({ ...s, encryptionProvider: 'AZURE' }));
    await step('providerSwitch', switched, () => sim.deploy(switched));
    await step('teardown', switched, () => sim.destroy());
    return out;
  } finally {
    await emu.stop();
  }
}

const SCENARIOS: Scenario[] = ['create', 'keyChange', 'providerSwitch', 'teardown'];

function summarize(runs: Array<Record<Scenario, ScenarioOutcome>>) {
  return Object.fromEntries(
    SCENARIOS.map((s) => {
      const ratios = runs.map((r) => r[s].ratio);
      const last = runs[runs.length - 1][s];
      return [
        s,
        {
          ratio: Number(median(ratios).toFixed(3)),
          ratioSpread: { min: Math.min(...ratios), max: Math.max(...ratios), n: ratios.length },
          wallMedianMs: median(runs.map((r) => r[s].wallMs)),
          atlasMedianMs: median(runs.map((r) => r[s].atlasMs)),
          calls: last.calls,
          callsExcludingAuthChallenges: last.callsExcludingAuthChallenges,
          writes: last.writes,
          isCompletePolls: last.polls,
          peakCallsPerMinute: last.peakCallsPerMinute,
          peakEndpoint: last.peakEndpoint,
          awsOverheadSummedMs: last.awsOverheadMs,
        },
      ];
    }),
  );
}

async function main(): Promise<void> {
  // The example's topology with DESTROY on every construct, so that the teardown has Atlas work to do (with the
  // RETAIN default a teardown makes no Atlas call at all).
  const synthUrl = 'http://127.0.0.1:9';
  const cdkOut = synthTopology('bench-deploy-model', synthUrl, 'DESTROY');
  const synthesized = loadTemplate(cdkOut, STACK);
  const { intervalSeconds, totalSeconds } = waiterOf(synthesized);
  const onceAtNewUrl = (interval?: number) => once(cdkOut, synthesized, synthUrl, interval);

  const runAt = async (interval?: number) => {
    const runs = [];
    for (let i = 0; i < REPS; i++) runs.push(await onceAtNewUrl(interval));
    return summarize(runs);
  };
  await onceAtNewUrl(); // warm-up: module load and JIT of the bundle, not counted
  const current = await runAt();
  const whatIf: Record<string, Record<string, number>> = {};
  const candidates = process.env.BENCH_DEPLOY_WHATIF === '0' ? [] : [10, 20, 30];
  for (const s of candidates.filter((x) => x !== intervalSeconds && totalSeconds % x === 0)) {
    const r = summarize([await onceAtNewUrl(s)]);
    whatIf[`${s}s`] = Object.fromEntries(
      SCENARIOS.flatMap((k) => [
        [`${k}Ratio`, r[k].ratio],
        [`${k}Calls`, r[k].calls],
      ]),
    );
  }
  process.stdout.write(
    `${JSON.stringify({
      deployRatioCreate: current.create.ratio,
      deployRatioKeyChange: current.keyChange.ratio,
      deployRatioProviderSwitch: current.providerSwitch.ratio,
      deployRatioTeardown: current.teardown.ratio,
      // A key change is one resource's Update, so its AWS overheads are all on the critical path: Atlas's time plus
      // them is the least any Provider-framework resource could take (the floor), and the rest is our handler's
      // reads and work around Atlas's PATCH.
      deployRatioKeyChangeFrameworkFloor: Number(
        (
          (current.keyChange.atlasMedianMs + current.keyChange.awsOverheadSummedMs) /
          current.keyChange.atlasMedianMs
        ).toFixed(3),
      ),
      keyChangeHandlerExtraMs:
        current.keyChange.wallMedianMs - current.keyChange.atlasMedianMs - current.keyChange.awsOverheadSummedMs,
      atlasCallsPerDeployCreate: current.create.calls,
      queryIntervalSeconds: intervalSeconds,
      scenarios: current,
      queryIntervalWhatIf: whatIf,
      // Atlas Admin API rate limits (docs https://www.mongodb.com/docs/atlas/api/api-rate-limit): a token bucket per
      // endpoint set and scope (organization, project, user or IP); a 429 when it is empty. The page's example
      // bucket (api/atlas/v2/orgs): capacity 10, refill 5 per 60 s. Per-endpoint figures: GET /rateLimits.
      rateLimits: {
        source: 'https://www.mongodb.com/docs/atlas/api/api-rate-limit',
        documentedExample: { endpoint: 'api/atlas/v2/orgs', capacity: 10, refillPerMinute: 5 },
        peakCallsPerMinutePerEndpoint: Math.max(...SCENARIOS.map((k) => current[k].peakCallsPerMinute)),
      },
      model: {
        timeScale: SCALE,
        atlas: {
          callMs: CALL_MS,
          encryptionAtRestPatchMs: EAR_PATCH_MS,
          clusterCreateMs: CLUSTER_CREATE_MS,
          clusterUpdateMs: CLUSTER_UPDATE_MS,
          initialSync: { dataGiB: DATA_GIB, mbPerSecond: SYNC_MB_S, nodes: NODES, restartPerNodeMs: 60_000 },
          clusterDeleteMs: CLUSTER_DELETE_MS,
          rotationAlertDelayMs: ROTATION_ALERT_DELAY_MS,
        },
        aws: {
          lambdaInvokeMs: INVOKE_MS,
          coldStartMs: COLD_START_MS,
          stepFunctionsStartMs: SFN_START_MS,
          stepFunctionsRetryMs: SFN_RETRY_MS,
          cloudFormationResponseMs: CFN_RESPONSE_MS,
        },
        topology:
          'test/e2e/support.ts synthTopology DESTROY: AWS KMS key, project encryption AWS + Azure, orders (AWS), catalog (Azure)',
      },
    })}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
