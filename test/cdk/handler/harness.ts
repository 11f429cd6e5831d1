/**
 * Test harness for the deploy-time handler: the loopback Atlas emulator over real HTTP, Secrets Manager
 * mocked with aws-sdk-client-mock, the key history in memory ({@link MemoryKeyHistoryStore}), a shared fake clock (the client's `sleep` advances it, so retry budgets
 * run instantly), captured console output, and {@link run}: the Provider framework's driver shared with the stack
 * simulator (onEvent, then isComplete polls with the onEvent result merged in).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { AtlasClient } from '../../../lib/atlas';
import type { AtlasApi } from '../../../lib/atlas/api';
import { AtlasResourceType } from '../../../lib/cdk/custom-resources/properties';
import { clearSecretCache, createHandler } from '../../../lib/cdk/handler';
import type {
  IsCompleteRequest,
  IsCompleteResponse,
  KeyChange,
  KeyHistoryStore,
  OnEventRequest,
  OnEventResponse,
} from '../../../lib/cdk/handler';
import { AtlasEmulator, EmulatorDurations, startAtlasEmulator } from '../../support/atlas-emulator';
import { InvokeResult, runProviderFramework } from '../../support/cloudformation/provider-framework';

export const PROJECT = '5f1a2b3c4d5e6f7a8b9c0d1e';
export const KEY_ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
export const KEY_ARN_2 = 'arn:aws:kms:us-east-1:111122223333:key/9999abcd-12ab-34cd-56ef-1234567890ab';
export const IAM_ROLE_ARN = 'arn:aws:iam::111122223333:role/atlas-kms';
export const CREDS_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:atlas-creds-AbCdEf';
export const AZURE_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:azure-client-secret-AbCdEf';
export const WEBHOOK_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:webhook-AbCdEf';
/** A recognisable Azure client secret, to prove it never leaks. */
export const AZURE_CLIENT_SECRET = 'azSecret~VeryS3cretValue-0123456789';
export const WEBHOOK_SECRET = 'whsec-TopSecretWebhookToken-42';
export const START = Date.parse('2026-09-01T00:00:00Z');

/** How the Provider framework polls: one isComplete every this many ms. */
export const QUERY_INTERVAL_MS = 10_000;

/** The key-history store in memory, with a switch to make reads or writes fail. */
export class MemoryKeyHistoryStore implements KeyHistoryStore {
  /** Stored entries per project. */
  public readonly entries = new Map<string, KeyChange[]>();
  /** Every write, in order (what the parameter held after each). */
  public readonly writes: KeyChange[][] = [];
  /** When set, the next writes throw this error. */
  public failWrites?: Error;
  /** When set, reads throw this error. */
  public failReads?: Error;

  public async read(projectId: string): Promise<KeyChange[]> {
    if (this.failReads) throw this.failReads;
    return [...(this.entries.get(projectId) ?? [])];
  }

  public async write(projectId: string, entries: readonly KeyChange[]): Promise<void> {
    if (this.failWrites) throw this.failWrites;
    this.writes.push([...entries]);
    this.entries.set(projectId, [...entries]);
  }
}

export interface Harness {
  /** The project's key history as the handler stored it. */
  readonly keyHistory: MemoryKeyHistoryStore;
  readonly emu: AtlasEmulator;
  readonly handler: ReturnType<typeof createHandler>;
  /** Every console line the handler wrote. */
  readonly logs: string[];
  /** The fake clock (epoch ms). */
  clock: { now: number };
  /** Secrets as stored in the mocked Secrets Manager. */
  readonly secrets: Record<string, string>;
  /** Which credential type the handler uses. */
  credentialType: 'apiKey' | 'serviceAccount';
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly durations?: EmulatorDurations;
  readonly credentialType?: 'apiKey' | 'serviceAccount';
  readonly propagationBudgetMs?: number;
  /** Replaces the in-memory key-history store (e.g. the production store over a mocked SSM client). */
  readonly keyHistoryStore?: KeyHistoryStore;
  /** Changes each Atlas client the handler builds (e.g. adds a call the client does not offer yet). */
  readonly decorateApi?: (api: AtlasApi) => AtlasApi;
}

const sm = mockClient(SecretsManagerClient);

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = { now: START };
  const now = (): number => clock.now;
  const emu = await startAtlasEmulator({ now, durations: options.durations });
  const credentialType = options.credentialType ?? 'apiKey';
  const secrets: Record<string, string> = {
    [CREDS_ARN]: JSON.stringify(
      credentialType === 'apiKey'
        ? { publicKey: emu.credentials.apiKey.publicKey, privateKey: emu.credentials.apiKey.privateKey }
        : {
            clientId: emu.credentials.serviceAccount.clientId,
            clientSecret: emu.credentials.serviceAccount.clientSecret,
          },
    ),
    [AZURE_SECRET_ARN]: AZURE_CLIENT_SECRET,
    [WEBHOOK_SECRET_ARN]: JSON.stringify({
      url: 'https://hooks.example.com/atlas/T0K3N-in-url',
      secret: WEBHOOK_SECRET,
    }),
  };
  sm.reset();
  clearSecretCache();
  sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    const value = secrets[input.SecretId];
    if (value === undefined) {
      const err = new Error(`Secrets Manager can't find the specified secret.`);
      err.name = 'ResourceNotFoundException';
      throw err;
    }
    return { SecretString: value, ARN: input.SecretId };
  });
  const logs: string[] = [];
  const capture =
    (level: string) =>
    (...args: unknown[]): void => {
      logs.push(`${level} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    };
  for (const level of ['log', 'debug', 'info', 'warn', 'error'] as const) {
    jest.spyOn(console, level).mockImplementation(capture(level));
  }
  const keyHistory = new MemoryKeyHistoryStore();
  const handler = createHandler({
    keyHistoryStore: options.keyHistoryStore ?? keyHistory,
    // The production factory's shape, with the test clock and an instant sleep that advances it.
    createAtlasApi: (o) => {
      const api = new AtlasClient({
        credentials: o.credentials,
        baseUrl: o.baseUrl,
        now,
        sleep: async (ms) => {
          clock.now += ms;
        },
        random: () => 0.5,
        ...(options.propagationBudgetMs !== undefined ? { propagationBudgetMs: options.propagationBudgetMs } : {}),
        logger: (e) => o.logger.debug(`atlas ${e.method} ${e.path} -> ${e.status} ${e.errorCode ?? ''}`),
      });
      return options.decorateApi ? options.decorateApi(api) : api;
    },
    now,
    // The handler's own waits advance the clock too.
    sleep: async (ms) => {
      clock.now += ms;
    },
  });
  return {
    keyHistory,
    emu,
    handler,
    logs,
    clock,
    secrets,
    credentialType,
    async stop() {
      jest.restoreAllMocks();
      await emu.stop();
    },
  };
}

/** A custom-resource event carrying `spec` as the construct writes it. */
export function event(
  type: AtlasResourceType,
  requestType: 'Create' | 'Update' | 'Delete',
  spec: object,
  extra: { physicalId?: string; oldSpec?: object } = {},
): OnEventRequest {
  return {
    RequestType: requestType,
    ResourceType: type,
    LogicalResourceId: 'Resource',
    RequestId: 'req-1',
    StackId: 'arn:aws:cloudformation:us-east-1:111122223333:stack/test/1',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
      Spec: JSON.stringify(spec),
    },
    ...(extra.physicalId ? { PhysicalResourceId: extra.physicalId } : {}),
    ...(extra.oldSpec
      ? {
          OldResourceProperties: {
            ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:provider',
            Spec: JSON.stringify(extra.oldSpec),
          },
        }
      : {}),
  };
}

export interface RunResult {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
  /** isComplete invocations. */
  readonly polls: number;
}

const ON_EVENT_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:atlas-ear-handler';
const IS_COMPLETE_ARN = 'arn:aws:lambda:us-east-1:111122223333:function:atlas-ear-handler-is-complete';

/**
 * Plays the Provider framework (test/support/cloudformation/provider-framework.ts, the driver the stack simulator
 * uses too): onEvent, then isComplete every {@link QUERY_INTERVAL_MS} (advancing the shared clock) until complete.
 * `beforePoll(n)` runs before the n-th isComplete (to inject faults or move state). A FAILED response rejects with
 * the handler's own error. One difference from the real framework, kept so that these unit tests see every poll
 * on the same grid: the first isComplete comes one interval after onEvent here, while the waiter calls it at once
 * (the stack simulator does that).
 */
export async function run(
  h: Harness,
  ev: OnEventRequest,
  opts: { maxPolls?: number; beforePoll?: (poll: number) => void | Promise<void> } = {},
): Promise<RunResult> {
  let thrown: unknown;
  // The handler called in-process, answering as Lambda's Invoke would (a FunctionError keeps the error to rethrow).
  const invoke = async (arn: string, payload: string): Promise<InvokeResult> => {
    try {
      const input = JSON.parse(payload) as OnEventRequest & IsCompleteRequest;
      const out: OnEventResponse | IsCompleteResponse =
        arn === ON_EVENT_ARN ? await h.handler.onEvent(input) : await h.handler.isComplete(input);
      return { Payload: JSON.stringify(out ?? null) };
    } catch (err) {
      thrown = err;
      const e = err as Error;
      return { FunctionError: 'Unhandled', Payload: JSON.stringify({ errorMessage: e.message, trace: [] }) };
    }
  };
  const outcome = await runProviderFramework(
    ev as unknown as Record<string, unknown>,
    {
      onEventArn: ON_EVENT_ARN,
      isCompleteArn: IS_COMPLETE_ARN,
      waiter: { intervalSeconds: QUERY_INTERVAL_MS / 1000, maxAttempts: (opts.maxPolls ?? 400) - 1, backoffRate: 1 },
    },
    {
      invoke,
      sleep: async (ms) => {
        h.clock.now += ms;
      },
      beforeInvoke: async (phase, attempt) => {
        if (phase !== 'isComplete') return;
        if (attempt === 0) h.clock.now += QUERY_INTERVAL_MS;
        await opts.beforePoll?.(attempt + 1);
      },
    },
  );
  if (outcome.body.Status === 'FAILED') {
    if (thrown) throw thrown;
    throw new Error(`isComplete did not complete: ${outcome.body.Reason}`);
  }
  return {
    PhysicalResourceId: outcome.body.PhysicalResourceId,
    Data: (outcome.body.Data ?? {}) as Record<string, string>,
    polls: outcome.polls,
  };
}

/** Base fields of every spec. */
export function base(
  deletePolicy: 'RETAIN' | 'DESTROY' = 'RETAIN',
  baseUrl?: string,
): {
  projectId: string;
  credentialsSecretArn: string;
  deletePolicy: 'RETAIN' | 'DESTROY';
  baseUrl?: string;
} {
  return { projectId: PROJECT, credentialsSecretArn: CREDS_ARN, deletePolicy, ...(baseUrl ? { baseUrl } : {}) };
}

/** Calls that reached Atlas (excluding nothing): method + path. */
export function atlasCalls(h: Harness): string[] {
  return h.emu.state.calls.map((c) => `${c.method} ${c.path}`);
}

/** Asserts no captured log line contains any secret value. */
export function secretValues(h: Harness): string[] {
  return [
    h.emu.credentials.apiKey.privateKey,
    h.emu.credentials.serviceAccount.clientSecret,
    AZURE_CLIENT_SECRET,
    WEBHOOK_SECRET,
  ];
}

/**
 * The FAILED response body the aws-cdk-lib Provider framework would send CloudFormation for `err`, thrown by the
 * handler for `ev` (an isComplete event carries the onEvent response's Data). As the framework builds it
 * (custom-resources/lib/provider-framework/runtime): the Lambda runtime reports `errorMessage` and `trace` (the
 * stack's lines); framework.js makes the reason `[errorMessage, '', 'Logs: /aws/lambda/<function>', '']` joined by
 * newlines, followed by `trace.slice(1)`; cfn-response.js sends `{Status, Reason, StackId, RequestId,
 * PhysicalResourceId, LogicalResourceId, Data: event.Data}`.
 */
export function failedResponseBody(ev: OnEventRequest | IsCompleteRequest, err: Error): string {
  const message = [err.message, '', 'Logs: /aws/lambda/AtlasEncryptionAtRest-ProviderHandler-0123456789AB', ''].join(
    '\n',
  );
  const trace = (err.stack ?? '').split('\n').slice(1);
  return JSON.stringify({
    Status: 'FAILED',
    Reason: [message, ...trace].join('\n'),
    StackId: ev.StackId,
    RequestId: ev.RequestId,
    PhysicalResourceId: ev.PhysicalResourceId ?? 'AWSCDK::CustomResourceProviderFramework::MISSING_PHYSICAL_ID',
    LogicalResourceId: ev.LogicalResourceId,
    Data: (ev as IsCompleteRequest).Data,
  });
}
