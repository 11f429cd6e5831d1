/**
 * Where the CLI finds Atlas API credentials: a Secrets Manager secret named with `--credentials-secret`,
 * or the environment (`ATLAS_PUBLIC_KEY`/`ATLAS_PRIVATE_KEY`, or `ATLAS_CLIENT_ID`/`ATLAS_CLIENT_SECRET`;
 * `ATLAS_BASE_URL`). Secret values never appear in messages.
 */
import type { AtlasApiCredentials } from '../atlas';
import { awsErrorName, isMissingAwsCredentials, SecretsAdapter } from './aws';
import { CliError, ExitCode } from './errors';

/** Resolved credentials, where they came from, and the values to redact from any output. */
export interface ResolvedCredentials {
  /** The credentials for `AtlasClient`. */
  readonly credentials: AtlasApiCredentials;
  /** Atlas base URL (`ATLAS_BASE_URL`, or `baseUrl` in the secret). */
  readonly baseUrl?: string;
  /** Human description of the source, e.g. `environment (ATLAS_PUBLIC_KEY)`. */
  readonly source: string;
  /** Secret values to scrub from every line the CLI prints. */
  readonly secrets: readonly string[];
}

const ENV_HINT =
  'Set ATLAS_PUBLIC_KEY and ATLAS_PRIVATE_KEY (API key) or ATLAS_CLIENT_ID and ATLAS_CLIENT_SECRET (service account), ' +
  'or pass --credentials-secret <secret-arn>.';

/** The region of a Secrets Manager secret ARN, if it is one. */
export function secretRegion(secretId: string): string | undefined {
  return /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):/.exec(secretId)?.[1];
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim().length > 0;
}

/**
 * Reads credentials from a parsed secret. Accepts `{publicKey, privateKey}` or `{clientId, clientSecret}`
 * in camelCase, PascalCase (the MongoDB CloudFormation profile form, `PublicKey`/`PrivateKey`) or snake_case,
 * with an optional `baseUrl`.
 */
export function credentialsFromSecret(doc: unknown, secretId: string): ResolvedCredentials {
  const fields = new Map<string, unknown>();
  if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) fields.set(k.toLowerCase().replace(/[_-]/g, ''), v);
  }
  const publicKey = fields.get('publickey');
  const privateKey = fields.get('privatekey');
  const clientId = fields.get('clientid');
  const clientSecret = fields.get('clientsecret');
  const baseUrl = fields.get('baseurl');
  const source = `Secrets Manager secret ${secretId}`;
  const base = nonEmpty(baseUrl) ? { baseUrl } : {};
  if (nonEmpty(clientId) && nonEmpty(clientSecret)) {
    return {
      credentials: { type: 'serviceAccount', clientId, clientSecret },
      source,
      secrets: [clientSecret],
      ...base,
    };
  }
  if (nonEmpty(publicKey) && nonEmpty(privateKey)) {
    return { credentials: { type: 'apiKey', publicKey, privateKey }, source, secrets: [privateKey], ...base };
  }
  throw new CliError(
    `the secret ${secretId} holds no Atlas credentials`,
    ExitCode.USAGE,
    'Store a JSON object with publicKey and privateKey (API key) or clientId and clientSecret (service account).',
  );
}

/** Reads credentials from the environment, or throws {@link CliError} saying what to set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): ResolvedCredentials {
  const baseUrl = nonEmpty(env.ATLAS_BASE_URL) ? { baseUrl: env.ATLAS_BASE_URL.trim() } : {};
  const hasKey = nonEmpty(env.ATLAS_PUBLIC_KEY) || nonEmpty(env.ATLAS_PRIVATE_KEY);
  const hasSa = nonEmpty(env.ATLAS_CLIENT_ID) || nonEmpty(env.ATLAS_CLIENT_SECRET);
  if (hasKey && hasSa) {
    throw new CliError(
      'both an Atlas API key (ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY) and a service account (ATLAS_CLIENT_ID/ATLAS_CLIENT_SECRET) are set',
      ExitCode.USAGE,
      'Unset one pair so it is clear which identity the check runs as.',
    );
  }
  if (hasSa) {
    if (!nonEmpty(env.ATLAS_CLIENT_ID) || !nonEmpty(env.ATLAS_CLIENT_SECRET)) {
      throw new CliError('ATLAS_CLIENT_ID and ATLAS_CLIENT_SECRET must both be set', ExitCode.USAGE, ENV_HINT);
    }
    return {
      credentials: {
        type: 'serviceAccount',
        clientId: env.ATLAS_CLIENT_ID.trim(),
        clientSecret: env.ATLAS_CLIENT_SECRET,
      },
      source: 'environment (ATLAS_CLIENT_ID)',
      secrets: [env.ATLAS_CLIENT_SECRET],
      ...baseUrl,
    };
  }
  if (hasKey) {
    if (!nonEmpty(env.ATLAS_PUBLIC_KEY) || !nonEmpty(env.ATLAS_PRIVATE_KEY)) {
      throw new CliError('ATLAS_PUBLIC_KEY and ATLAS_PRIVATE_KEY must both be set', ExitCode.USAGE, ENV_HINT);
    }
    return {
      credentials: { type: 'apiKey', publicKey: env.ATLAS_PUBLIC_KEY.trim(), privateKey: env.ATLAS_PRIVATE_KEY },
      source: 'environment (ATLAS_PUBLIC_KEY)',
      secrets: [env.ATLAS_PRIVATE_KEY],
      ...baseUrl,
    };
  }
  throw new CliError('no Atlas credentials found', ExitCode.USAGE, ENV_HINT);
}

/**
 * Resolves credentials: `--credentials-secret` when given, else the environment. `ATLAS_BASE_URL` overrides a
 * base URL stored in the secret.
 */
export async function resolveCredentials(
  options: { readonly credentialsSecret?: string },
  env: NodeJS.ProcessEnv,
  secrets: SecretsAdapter,
): Promise<ResolvedCredentials> {
  const secretId = options.credentialsSecret?.trim();
  if (!secretId) return credentialsFromEnv(env);
  let text: string;
  try {
    text = await secrets.getSecretString(secretId, secretRegion(secretId));
  } catch (err) {
    const name = awsErrorName(err);
    if (isMissingAwsCredentials(err)) {
      throw new CliError(
        `cannot read ${secretId}: no AWS credentials found`,
        ExitCode.USAGE,
        'Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY for an identity allowed secretsmanager:GetSecretValue on it.',
      );
    }
    if (name === 'ResourceNotFoundException') {
      throw new CliError(`the secret ${secretId} does not exist`, ExitCode.USAGE, 'Check the ARN (and its region).');
    }
    if (name === 'AccessDeniedException') {
      throw new CliError(
        `your AWS identity may not read ${secretId}`,
        ExitCode.USAGE,
        'Grant secretsmanager:GetSecretValue on the secret (and kms:Decrypt on its key, if it uses a customer key).',
      );
    }
    throw new CliError(
      `cannot read ${secretId}: ${name}`,
      ExitCode.SERVICE,
      'Check the ARN, region and network, then retry.',
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new CliError(
      `the secret ${secretId} is not JSON`,
      ExitCode.USAGE,
      'Store a JSON object with publicKey and privateKey, or clientId and clientSecret.',
    );
  }
  const resolved = credentialsFromSecret(doc, secretId);
  return nonEmpty(env.ATLAS_BASE_URL) ? { ...resolved, baseUrl: env.ATLAS_BASE_URL.trim() } : resolved;
}
