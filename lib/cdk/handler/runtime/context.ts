/**
 * Per-invocation context: the redactor, the redacting logger, secret reading, the key-history store and the Atlas
 * client.
 * Everything an invocation needs hangs off one {@link HandlerContext}, built fresh for each event, so no
 * state leaks between invocations (the secret cache in secrets.ts is the one deliberate exception).
 */
import type { AtlasApi } from '../../../atlas/api';
import type { BaseSpec } from '../../custom-resources/properties';
import { KeyHistoryStore, SsmKeyHistoryStore } from './key-history-store';
import { sleep } from './clock';
import { Logger, Redactor, redactingLogger } from './log';
import { AtlasCredentialsSecretContent, fetchSecretFromSecretsManager, SecretFetcher, SecretReader } from './secrets';

/** What the Atlas client factory gets. */
export interface AtlasApiFactoryOptions {
  readonly credentials: AtlasCredentialsSecretContent;
  readonly baseUrl?: string;
  /** Redacting logger. */
  readonly logger: Logger;
  /** Injected clock and sleep (tests make retries instant). */
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** IAM-propagation retry budget of the client (DEP-IAM-1/2). @default the client's (180 s) */
  readonly propagationBudgetMs?: number;
  /** Epoch ms by `now` past which the client may not wait (the invocation's end less a margin). */
  readonly deadline?: () => number;
}

/** Builds the Atlas client for one set of credentials. */
export type AtlasApiFactory = (options: AtlasApiFactoryOptions) => AtlasApi;

/** Everything the handler takes from outside; tests replace any of it. */
export interface HandlerDeps {
  /** Builds the Atlas client. */
  readonly createAtlasApi: AtlasApiFactory;
  /** Reads a secret's `SecretString`. @default Secrets Manager, cached by ARN */
  readonly fetchSecret?: SecretFetcher;
  /**
   * Durable key history per project (DEP-KEEP-1).
   * @default SSM Parameter Store, `/atlas-encryption-at-rest/<projectId>/key-history`
   */
  readonly keyHistoryStore?: KeyHistoryStore;
  /** Clock in epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Sleep used by the Atlas client's retries and the handler's own waits. @default the client's own; setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** IAM-propagation retry budget handed to the client. @default the client's (180 s) */
  readonly propagationBudgetMs?: number;
  /**
   * How long after a cluster PATCH an IDLE state is trusted when Atlas cannot say whether the change is applied
   * (a benchmark with compressed Atlas timings compresses this too).
   * @default 30 s (encrypted-cluster SETTLE_MS)
   */
  readonly clusterSettleMs?: number;
  /** Where log lines go (after redaction). @default console */
  readonly sink?: Logger;
}

/** The production store, shared by warm invocations (it holds only the SSM client). */
let defaultKeyHistoryStore: KeyHistoryStore | undefined;

/** The per-invocation context. */
export class HandlerContext {
  public readonly redactor = new Redactor();
  public readonly log: Logger;
  public readonly secrets: SecretReader;
  public readonly now: () => number;
  /** Waits inside the invocation (the handler's own settle waits). */
  public readonly sleep: (ms: number) => Promise<void>;
  /** {@link HandlerDeps.clusterSettleMs}, when given. */
  public readonly clusterSettleMs?: number;
  /** Where the project's key history is kept. */
  public readonly keyHistory: KeyHistoryStore;
  private readonly clients = new Map<string, Promise<AtlasApi>>();

  constructor(
    private readonly deps: HandlerDeps,
    /** Epoch ms by {@link HandlerContext.now} when this invocation must stop waiting; none outside Lambda. */
    public readonly deadline?: number,
  ) {
    this.log = redactingLogger(this.redactor, deps.sink ?? console);
    this.secrets = new SecretReader(deps.fetchSecret ?? fetchSecretFromSecretsManager, this.redactor);
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? sleep;
    this.clusterSettleMs = deps.clusterSettleMs;
    this.keyHistory = deps.keyHistoryStore ?? (defaultKeyHistoryStore ??= new SsmKeyHistoryStore());
  }

  /** The Atlas client for a spec's credentials and base URL (one per invocation and secret). */
  public atlas(spec: Pick<BaseSpec, 'credentialsSecretArn' | 'baseUrl'>): Promise<AtlasApi> {
    const key = `${spec.credentialsSecretArn}|${spec.baseUrl ?? ''}`;
    let client = this.clients.get(key);
    if (!client) {
      client = this.secrets.atlasCredentials(spec.credentialsSecretArn).then((credentials) =>
        this.deps.createAtlasApi({
          credentials,
          baseUrl: spec.baseUrl,
          logger: this.log,
          now: this.now,
          sleep: this.deps.sleep,
          propagationBudgetMs: this.deps.propagationBudgetMs,
          ...(this.deadline !== undefined ? { deadline: () => this.deadline as number } : {}),
        }),
      );
      this.clients.set(key, client);
    }
    return client;
  }
}
