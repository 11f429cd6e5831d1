/**
 * Reads secrets from Secrets Manager at deploy time: Atlas API credentials, the Azure client secret,
 * the GCP service-account key and the alert webhook. Only ARNs ever appear in templates (SYN-SEC-1);
 * values are registered with the invocation's {@link Redactor} the moment they are read.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretError } from './errors';
import { Redactor } from './log';

/**
 * The parsed content of the Atlas credentials secret, in the shape the Atlas client takes (the client declares the
 * same union for its option; the cdk construct `AtlasCredentials` is what names the secret in a stack).
 */
export type AtlasCredentialsSecretContent =
  | { readonly type: 'apiKey'; readonly publicKey: string; readonly privateKey: string }
  | { readonly type: 'serviceAccount'; readonly clientId: string; readonly clientSecret: string };

/** Returns the `SecretString` of a secret. */
export type SecretFetcher = (arn: string) => Promise<string>;

/** How long a secret value stays cached in a warm Lambda. Short, so a rotated secret is picked up quickly. */
export const SECRET_CACHE_TTL_MS = 5 * 60 * 1000;

/**
 * The only module-level state of the handler: secret values keyed by ARN, for warm invocations.
 * Never logged; entries expire after {@link SECRET_CACHE_TTL_MS}.
 */
const cache = new Map<string, { value: string; expires: number }>();

/** Empties the secret cache (tests; a warm Lambda otherwise refreshes entries after the TTL). */
export function clearSecretCache(): void {
  cache.clear();
}

let defaultClient: SecretsManagerClient | undefined;

/** The default fetcher: Secrets Manager `GetSecretValue`, cached by ARN. */
export const fetchSecretFromSecretsManager: SecretFetcher = async (arn) => {
  const hit = cache.get(arn);
  if (hit && hit.expires > Date.now()) return hit.value;
  defaultClient ??= new SecretsManagerClient({});
  let value: string | undefined;
  try {
    const out = await defaultClient.send(new GetSecretValueCommand({ SecretId: arn }));
    value = out.SecretString;
  } catch (err) {
    const name = (err as { name?: string }).name ?? 'Error';
    throw new SecretError(
      `cannot read secret ${arn} (${name}); check the handler's secretsmanager:GetSecretValue permission`,
    );
  }
  if (value === undefined || value.length === 0) {
    throw new SecretError(`secret ${arn} has no SecretString (binary secrets are not supported)`);
  }
  cache.set(arn, { value, expires: Date.now() + SECRET_CACHE_TTL_MS });
  return value;
};

/** Reads secrets for one invocation and registers every value with the redactor before anyone sees it. */
export class SecretReader {
  constructor(
    private readonly fetch: SecretFetcher,
    private readonly redactor: Redactor,
  ) {}

  /** The raw `SecretString`, registered as a secret. */
  public async string(arn: string): Promise<string> {
    const value = await this.fetch(arn);
    this.redactor.add(value);
    return value;
  }

  /** The secret parsed as a JSON object. */
  public async json(arn: string): Promise<Record<string, unknown>> {
    const raw = await this.string(arn);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new SecretError(`secret ${arn} is not a JSON object`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new SecretError(`secret ${arn} is not a JSON object`);
    }
    return parsed as Record<string, unknown>;
  }

  /** Atlas credentials: `{"publicKey","privateKey"}` (API key, Digest) or `{"clientId","clientSecret"}` (service account). */
  public async atlasCredentials(arn: string): Promise<AtlasCredentialsSecretContent> {
    const s = await this.json(arn);
    const str = (k: string): string | undefined =>
      typeof s[k] === 'string' && s[k] !== '' ? (s[k] as string) : undefined;
    const publicKey = str('publicKey');
    const privateKey = str('privateKey');
    const clientId = str('clientId');
    const clientSecret = str('clientSecret');
    if (publicKey && privateKey) {
      this.redactor.add(privateKey);
      return { type: 'apiKey', publicKey, privateKey };
    }
    if (clientId && clientSecret) {
      this.redactor.add(clientSecret);
      return { type: 'serviceAccount', clientId, clientSecret };
    }
    throw new SecretError(
      `secret ${arn} holds neither {"publicKey","privateKey"} (Atlas API key) nor {"clientId","clientSecret"} (service account); found keys: ${Object.keys(s).join(', ') || 'none'}`,
    );
  }
}
