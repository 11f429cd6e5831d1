/**
 * `atlas-ear`: command-line checks for MongoDB Atlas Encryption at Rest using your Key Management.
 *
 * ```
 * atlas-ear restore-check --project <id> --cluster <name> --snapshot <id> [--target-cluster <name>]
 *     [--target-project <id>] [--pit] [--key-history <file>] [--region <aws-region>] [--strict] [--json]
 *     [--credentials-secret <arn>]
 * atlas-ear status --project <id> [--template <file>]... [--key-history <file>] [--region <aws-region>] [--strict]
 *     [--json] [--credentials-secret <arn>]
 * ```
 *
 * Without `--key-history`, both read the key history from the SSM parameter
 * `/atlas-encryption-at-rest/<project>/key-history` in `--region` (default `AWS_REGION`); when it cannot be read they
 * warn and run without it.
 *
 * Exit codes: 0 OK (possibly with warnings), 1 blocker found, 2 usage or credentials problem, 3 Atlas, AWS or
 * network failure. Bundled by scripts/bundle.mjs into assets/cli/atlas-ear.js; bin/atlas-ear.js runs it.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { AtlasClient, type AtlasApi, type AtlasRequestLogEvent } from '../atlas';
import { isAtlasError } from '../atlas/errors';
import { AwsKmsAdapter, AwsSecretsAdapter, AwsSsmAdapter, KmsAdapter, SecretsAdapter, SsmAdapter } from './aws';
import { resolveCredentials, ResolvedCredentials } from './credentials';
import { CliError, ExitCode } from './errors';
import { Output, TerminalStream } from './output';
import { RestoreCheckOptions, runRestoreCheck } from './restore-check';
import { runStatus, StatusOptions } from './status';

/** What `main` needs from the outside world; every field defaults to the real thing. */
export interface MainDeps {
  /** Environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Result stream. @default process.stdout */
  readonly stdout?: NodeJS.WritableStream;
  /** Progress and error stream. @default process.stderr */
  readonly stderr?: TerminalStream;
  /** Builds the Atlas client from resolved credentials. @default new AtlasClient(...) */
  readonly atlasFactory?: (creds: ResolvedCredentials, log: (e: AtlasRequestLogEvent) => void) => AtlasApi;
  /** KMS adapter. @default AwsKmsAdapter */
  readonly kms?: KmsAdapter;
  /** Secrets Manager adapter. @default AwsSecretsAdapter */
  readonly secrets?: SecretsAdapter;
  /** SSM Parameter Store adapter (the key-history parameter). @default AwsSsmAdapter */
  readonly ssm?: SsmAdapter;
  /** Clock for `status`. @default now */
  readonly now?: () => Date;
}

/** Options every command takes. */
interface CommonOptions {
  readonly json?: boolean;
  readonly credentialsSecret?: string;
  readonly progress?: boolean;
  readonly region?: string;
}

const VERSION = '0.1.0';

/** Maps any error to a {@link CliError}: a sentence, a hint, an exit code. */
export function toCliError(err: unknown, creds?: ResolvedCredentials, baseUrl?: string): CliError {
  if (err instanceof CliError) return err;
  const host = baseUrl ?? creds?.baseUrl ?? 'https://cloud.mongodb.com';
  if (isAtlasError(err)) {
    const from = creds ? ` (credentials from ${creds.source})` : '';
    const code = err.errorCode;
    if (err.status === 401 || (err.path.includes('/oauth/') && (err.status === 400 || err.status === 401))) {
      return new CliError(
        `Atlas rejected the credentials${from}: ${err.status} ${code}`,
        ExitCode.USAGE,
        creds?.credentials.type === 'serviceAccount'
          ? 'Check ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET (or the secret): the service account must exist and its secret must not be expired or revoked.'
          : 'Check ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY (or the secret): they must be the public and private key of one Atlas API key with access to the project.',
      );
    }
    if (code === 'IP_ADDRESS_NOT_ON_ACCESS_LIST') {
      return new CliError(
        `Atlas refused the call from this machine's IP address (${code})`,
        ExitCode.USAGE,
        "Add this machine's public IP to the API key's (or service account's) access list in Atlas.",
      );
    }
    if (err.status === 403) {
      return new CliError(
        `Atlas denied ${err.method} ${err.path}${from}: ${code}`,
        ExitCode.USAGE,
        'Grant the API key or service account at least Project Read Only on the project (and on the target project).',
      );
    }
    if (
      code === 'GROUP_NOT_FOUND' ||
      code === 'NOT_IN_GROUP' ||
      (err.status === 404 && /^\/groups\/[^/]+$/.test(err.path))
    ) {
      return new CliError(
        `Atlas project not found or not visible to these credentials (${code} on ${err.path})`,
        ExitCode.USAGE,
        'Check the project id (24 hex digits, from the Atlas project settings) and that the credentials belong to its organization.',
      );
    }
    if (err.status === 0) {
      return new CliError(
        `cannot reach Atlas at ${host}: ${err.detail ?? code}`,
        ExitCode.SERVICE,
        'Check the network, a proxy, or ATLAS_BASE_URL, then retry.',
      );
    }
    if (code === 'VERSION_GONE') {
      return new CliError(
        err.message,
        ExitCode.SERVICE,
        'Atlas retired an API version this CLI uses: update atlas-encryption-at-rest.',
      );
    }
    return new CliError(
      err.message,
      err.status >= 500 || err.status === 429 ? ExitCode.SERVICE : ExitCode.USAGE,
      err.status >= 500 || err.status === 429
        ? 'Atlas is unavailable or rate-limiting: retry in a few minutes.'
        : undefined,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new CliError(
    `unexpected error: ${message}`,
    ExitCode.SERVICE,
    'This is likely a bug in atlas-ear; set ATLAS_EAR_DEBUG=1 to print details, and report it.',
  );
}

/** Heading of the options a command cannot run without (commander lists them under it). */
const REQUIRED = 'Required:';

/** The options every command takes, under their own heading after the command's own. */
function addCommonOptions(cmd: Command): Command {
  return cmd
    .optionsGroup('Common options:')
    .option('--json', 'print one JSON document on stdout (no progress output)')
    .option(
      '--credentials-secret <arn>',
      'read Atlas credentials from this Secrets Manager secret instead of the environment',
    )
    .option('--region <aws-region>', "AWS region of the stack's key-history SSM parameter (default: AWS_REGION)")
    .option('--no-progress', 'never show progress on stderr')
    .showHelpAfterError(`(run atlas-ear ${cmd.name()} --help for usage)`);
}

/** Collects a repeatable option's values. */
function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

/**
 * Runs the CLI with `argv` (as `process.argv`: node, script, args…). Resolves the exit code; never throws and
 * never prints a stack trace (unless `ATLAS_EAR_DEBUG=1`) or a secret.
 */
export async function main(argv: readonly string[], deps: MainDeps = {}): Promise<number> {
  const env = deps.env ?? process.env;
  const stdout = deps.stdout ?? process.stdout;
  const stderr = deps.stderr ?? process.stderr;
  let exitCode: number = ExitCode.OK;
  let out = new Output({ stdout, stderr, json: argv.includes('--json'), progress: false });
  let creds: ResolvedCredentials | undefined;

  const setup = async (
    o: CommonOptions,
  ): Promise<{ atlas: AtlasApi; kms: KmsAdapter; ssm: SsmAdapter; region: string | undefined }> => {
    out = new Output({ stdout, stderr, json: o.json === true, ...(o.progress === false ? { progress: false } : {}) });
    creds = await out.step('Reading credentials', () =>
      resolveCredentials({ credentialsSecret: o.credentialsSecret }, env, deps.secrets ?? new AwsSecretsAdapter()),
    );
    out.addSecrets(creds.secrets);
    const log = (e: AtlasRequestLogEvent): void => {
      if (e.retryInMs !== undefined)
        out.note(`${e.status || e.errorCode} on ${e.method} ${e.path}, retrying in ${Math.ceil(e.retryInMs / 1000)} s`);
    };
    const resolved = creds;
    const atlas = deps.atlasFactory
      ? deps.atlasFactory(resolved, log)
      : new AtlasClient({
          credentials: resolved.credentials,
          component: 'cli',
          ...(resolved.baseUrl ? { baseUrl: resolved.baseUrl } : {}),
          logger: log,
        });
    return {
      atlas,
      kms: deps.kms ?? new AwsKmsAdapter(),
      ssm: deps.ssm ?? new AwsSsmAdapter(),
      region: o.region ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined),
    };
  };

  const program = new Command('atlas-ear')
    .description(
      'Checks for MongoDB Atlas Encryption at Rest using your Key Management (AWS KMS, Azure Key Vault, Google Cloud KMS).',
    )
    .usage('restore-check|status [options]')
    .version(VERSION)
    .showHelpAfterError(
      '(run atlas-ear --help for the commands, atlas-ear restore-check --help or atlas-ear status --help for their options)',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => stdout.write(s),
      writeErr: (s) => stderr.write(s),
      outputError: (s, write) => write(`atlas-ear: ${s.replace(/^error: /, 'error: ')}`),
    })
    .addHelpText(
      'after',
      '\nCredentials: ATLAS_PUBLIC_KEY + ATLAS_PRIVATE_KEY (API key) or ATLAS_CLIENT_ID + ATLAS_CLIENT_SECRET (service account),\n' +
        'optional ATLAS_BASE_URL; or --credentials-secret <arn>. AWS keys and the key-history SSM parameter are read with the default AWS credential chain.\n' +
        'Exit codes: 0 ok, 1 blocker found, 2 usage or credentials problem, 3 Atlas/AWS/network failure.',
    );

  addCommonOptions(
    program
      .command('restore-check')
      .usage('--project <id> --cluster <name> --snapshot <id> [options]')
      .description(
        'Check that a snapshot can be restored: its key and the Atlas role that reaches it are usable and the target cluster fits (DEP-RST-1 to DEP-RST-9).',
      )
      .optionsGroup(REQUIRED)
      .requiredOption('--project <id>', 'source project id (24 hex digits)')
      .requiredOption('--cluster <name>', 'source cluster name')
      .requiredOption('--snapshot <id>', 'snapshot id (24 hex digits)')
      .optionsGroup('Options:')
      .option('--target-cluster <name>', 'target cluster (default: the source cluster)')
      .option('--target-project <id>', 'target project id (default: the source project)')
      .option(
        '--key-history <file>',
        'key history: the stack output KeyHistory, a copy of the SSM parameter, or a JSON array of {provider, keyId, from, to} records (default: read the SSM parameter /atlas-encryption-at-rest/<project>/key-history)',
      )
      .option('--pit', 'the restore is point-in-time: also require the current key to be valid (default: off)')
      .option('--strict', 'exit 1 on warnings and on checks the CLI could not verify (default: exit 0 on those)')
      .exitOverride(),
  ).action(async (o: RestoreCheckOptions & CommonOptions) => {
    const { atlas, kms, ssm, region } = await setup(o);
    exitCode = await runRestoreCheck({ ...o, region }, { atlas, kms, ssm, out });
  });

  addCommonOptions(
    program
      .command('status')
      .usage('--project <id> [options]')
      .description(
        'Show key providers and their valid flags, clusters and their providers, key ages, rotation alerts, and pending provider changes.',
      )
      .optionsGroup(REQUIRED)
      .requiredOption('--project <id>', 'project id (24 hex digits)')
      .optionsGroup('Options:')
      .option(
        '--template <file>',
        'JSON template the stack deploys (cdk.out/<stack>.template.json, aws cloudformation get-template output, or cdktf cdk.tf.json), ' +
          'to show clusters whose provider differs from it; repeat for several stacks (default: none, clusters at NONE are shown as possibly pending)',
        collect,
      )
      .option(
        '--key-history <file>',
        'key history, for the age of each current key: the stack output KeyHistory or a JSON array of key records (default: read the SSM parameter /atlas-encryption-at-rest/<project>/key-history)',
      )
      .option('--strict', 'exit 1 when there is any warning or a difference from the template (default: exit 0)')
      .exitOverride(),
  ).action(async (o: StatusOptions & CommonOptions) => {
    const { atlas, kms, ssm, region } = await setup(o);
    exitCode = await runStatus({ ...o, region }, { atlas, kms, ssm, out, ...(deps.now ? { now: deps.now } : {}) });
  });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; every parse error is a usage error (commander already printed it).
      return err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version'
        ? ExitCode.OK
        : ExitCode.USAGE;
    }
    const cliError = toCliError(err, creds);
    out.error(cliError);
    if (env.ATLAS_EAR_DEBUG === '1' && err instanceof Error && err.stack) stderr.write(out.redact(err.stack) + '\n');
    return cliError.exitCode;
  }
}

/** Entry point of the binary: runs {@link main} on `process.argv` and sets `process.exitCode`. */
export function run(): void {
  // The bundle pins its AWS SDK version, so the SDK's notice about *future* SDK releases needing Node 22 does not
  // apply to this binary; it would only clutter stderr on Node 20.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = ExitCode.SERVICE;
    },
  );
}
