/**
 * Deploy convergence benchmark (run by bench/run.mjs, prints one JSON line): the deploy-time handler, driven the way
 * the Provider framework drives it (onEvent, then isComplete polls), against the Atlas emulator with modeled
 * latencies. Scenario, in CloudFormation's order: `Custom::AtlasProjectEncryption` Create (AWS KMS, an authorized
 * role already in the project) then `Custom::AtlasEncryptedCluster` Create in mode ADOPT on an existing IDLE cluster
 * (the cluster enable: encryptionAtRestProvider NONE → AWS, then UPDATING for the modeled update duration).
 *
 * Modeled minimum = the latency of the calls Atlas strictly needs (PATCH encryptionAtRest, PATCH cluster, one GET
 * that sees IDLE) + the cluster update duration. Ratio = wall time / modeled minimum. Wall time includes every
 * other call the handler makes (its reads and safety checks, Digest challenges) and the poll granularity.
 *
 * Drives `createHandler` in-process rather than test/support/cloudformation: the simulator runs on a virtual
 * clock with the framework's 30 s waiter interval, so its time is simulated, while this ratio is about real wall
 * time against modeled Atlas latencies with a short poll interval.
 */
import { AtlasResourceType } from '../lib/cdk/custom-resources/properties';
import { createHandler, defaultAtlasApiFactory } from '../lib/cdk/handler';
import type { IsCompleteRequest, OnEventRequest } from '../lib/cdk/handler';
import { INSTANT_DURATIONS, startAtlasEmulator } from '../test/support/atlas-emulator';

const LATENCY_MS = Number(process.env.BENCH_ATLAS_LATENCY_MS ?? 50);
const CLUSTER_UPDATE_MS = Number(process.env.BENCH_CLUSTER_UPDATE_MS ?? 2000);
const POLL_INTERVAL_MS = Number(process.env.BENCH_POLL_MS ?? 100);
const REPS = Number(process.env.BENCH_DEPLOY_REPS ?? 3);

const PROJECT = '5f1a2b3c4d5e6f7a8b9c0d1e';
const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CREDS_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:atlas-creds-AbCdEf';
/** Calls Atlas strictly needs: PATCH encryptionAtRest, PATCH cluster, one GET cluster that sees IDLE. */
const STRICT_CALLS = 3;

interface Phase {
  readonly wallMs: number;
  readonly calls: number;
  readonly challenges: number;
  readonly polls: number;
  /** Calls made by onEvent (the rest are isComplete polls). */
  readonly onEventCalls: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function event(type: AtlasResourceType, spec: object): OnEventRequest {
  return {
    RequestType: 'Create',
    ResourceType: type,
    LogicalResourceId: 'Resource',
    RequestId: 'bench',
    StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/bench/1',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:bench',
      Spec: JSON.stringify(spec),
    },
  };
}

async function once(): Promise<{ project: Phase; cluster: Phase; wallMs: number }> {
  // Atlas's own times are modeled by the latencies and the update duration alone (the emulator's realistic
  // defaults would add minutes of real time that the modeled minimum does not count).
  const emu = await startAtlasEmulator({
    latencyMs: LATENCY_MS,
    durations: { ...INSTANT_DURATIONS, clusterUpdateMs: CLUSTER_UPDATE_MS },
  });
  try {
    const p = emu.state.project(PROJECT);
    const roleId = p.seedAuthorizedAwsRole();
    p.seedCluster({
      name: 'orders',
      clusterType: 'REPLICASET',
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'AWS',
              regionName: 'US_EAST_1',
              priority: 7,
              electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
            },
          ],
        },
      ],
    } as Parameters<typeof p.seedCluster>[0]);
    const secret = JSON.stringify({
      publicKey: emu.credentials.apiKey.publicKey,
      privateKey: emu.credentials.apiKey.privateKey,
    });
    const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const handler = createHandler({
      // The factory the Lambda ships with, so warm-container auth reuse is measured as deployed.
      createAtlasApi: defaultAtlasApiFactory,
      fetchSecret: async () => secret,
      // The key history lives in SSM in production; in memory here (no AWS account, no network in the measurement).
      keyHistoryStore: { read: async () => [], write: async () => undefined },
      sink: silent,
      // The handler trusts IDLE 30 s after a PATCH, as long as the Provider's 30 s query interval: compressed alike.
      clusterSettleMs: POLL_INTERVAL_MS,
    });
    const base = { projectId: PROJECT, credentialsSecretArn: CREDS_ARN, baseUrl: emu.url, deletePolicy: 'RETAIN' };

    const drive = async (ev: OnEventRequest): Promise<Phase> => {
      const before = emu.state.calls.length;
      const t0 = performance.now();
      const first = await handler.onEvent(ev);
      const onEventCalls = emu.state.calls.length - before;
      const poll: IsCompleteRequest = { ...ev, PhysicalResourceId: first.PhysicalResourceId, Data: first.Data };
      let polls = 0;
      for (;;) {
        const done = await handler.isComplete(poll);
        polls++;
        if (done.IsComplete) break;
        if (polls > 10_000) throw new Error('no convergence');
        await sleep(POLL_INTERVAL_MS);
      }
      const wallMs = performance.now() - t0;
      const calls = emu.state.calls.slice(before);
      return {
        wallMs,
        calls: calls.length,
        challenges: calls.filter((c) => c.status === 401).length,
        polls,
        onEventCalls,
      };
    };

    const t0 = performance.now();
    const project = await drive(
      event(AtlasResourceType.PROJECT_ENCRYPTION, {
        ...base,
        aws: { customerMasterKeyId: KEY_ARN, region: 'US_EAST_1', roleId },
      }),
    );
    const cluster = await drive(
      event(AtlasResourceType.ENCRYPTED_CLUSTER, { ...base, name: 'orders', mode: 'ADOPT', encryptionProvider: 'AWS' }),
    );
    const wallMs = performance.now() - t0;
    const wire = p.clusters.get('orders')?.wire as { encryptionAtRestProvider?: string } | undefined;
    if (wire?.encryptionAtRestProvider !== 'AWS') throw new Error('cluster was not enabled');
    return { project, cluster, wallMs };
  } finally {
    await emu.stop();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main(): Promise<void> {
  await once(); // warm-up: module loading and JIT, not timed
  const runs = [];
  for (let i = 0; i < REPS; i++) runs.push(await once());
  const modeledMinimumMs = STRICT_CALLS * LATENCY_MS + CLUSTER_UPDATE_MS;
  const wall = runs.map((r) => r.wallMs);
  const last = runs[runs.length - 1];
  const r2 = (x: number): number => Number(x.toFixed(2));
  process.stdout.write(
    `${JSON.stringify({
      deployConvergenceRatio: Number((median(wall) / modeledMinimumMs).toFixed(3)),
      atlasCallsPerClusterEnable: last.cluster.calls,
      atlasCallsPerClusterEnableExcludingAuthChallenges: last.cluster.calls - last.cluster.challenges,
      atlasCallsClusterEnableOnEvent: last.cluster.onEventCalls,
      atlasCallsPerIsCompletePoll: (last.cluster.calls - last.cluster.onEventCalls) / last.cluster.polls,
      atlasCallsProjectEncryption: last.project.calls,
      digestChallengesPerClusterEnable: last.cluster.challenges,
      wallMedianMs: r2(median(wall)),
      wallSpreadMs: { min: r2(Math.min(...wall)), max: r2(Math.max(...wall)), n: wall.length },
      modeledMinimumMs,
      model: {
        latencyPerCallMs: LATENCY_MS,
        clusterUpdateMs: CLUSTER_UPDATE_MS,
        pollIntervalMs: POLL_INTERVAL_MS,
        strictCalls: 'PATCH encryptionAtRest, PATCH cluster, GET cluster (IDLE)',
      },
      phases: {
        projectEncryption: { wallMs: r2(last.project.wallMs), calls: last.project.calls, polls: last.project.polls },
        clusterEnable: { wallMs: r2(last.cluster.wallMs), calls: last.cluster.calls, polls: last.cluster.polls },
      },
      driver: 'createHandler in-process (test/support/cloudformation not used)',
    })}\n`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
