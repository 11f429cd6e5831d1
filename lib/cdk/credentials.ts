import { Token } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';

/** How the handler authenticates to the Atlas Administration API. */
export enum AtlasCredentialsType {
  /** Programmatic API key, HTTP Digest. Secret JSON: `{"publicKey": "…", "privateKey": "…"}`. */
  API_KEY = 'API_KEY',
  /** Service account, OAuth 2.0 client credentials. Secret JSON: `{"clientId": "…", "clientSecret": "…"}`. */
  SERVICE_ACCOUNT = 'SERVICE_ACCOUNT',
}

/** Options shared by every {@link AtlasCredentials} factory. */
export interface AtlasCredentialsOptions {
  /**
   * Base URL of the Atlas Administration API, e.g. `https://cloud.mongodbgov.com` for Atlas for Government.
   * Must be https; plain `http://` is accepted only on a loopback host (`127.0.0.1`, `localhost`, `[::1]`), for a
   * local Atlas emulator in tests.
   * @default - `https://cloud.mongodb.com` (decided by the handler)
   */
  readonly baseUrl?: string;
}

/**
 * Where the deploy-time handler finds Atlas API credentials: a Secrets Manager secret.
 *
 * Only the secret's ARN enters a template; the handler reads the secret at deploy time, and its role may read
 * this secret and nothing else (plus the Azure/GCP secrets a project encryption references). The credentials need
 * the Project Owner role on every project they manage.
 *
 * @example
 * const secret = secretsmanager.Secret.fromSecretCompleteArn(this, 'AtlasKey', 'arn:aws:secretsmanager:…');
 * const credentials = AtlasCredentials.fromApiKeySecret(secret);
 */
export class AtlasCredentials {
  /**
   * Credentials from a secret holding a programmatic API key as JSON `{"publicKey": "…", "privateKey": "…"}`.
   * @param secret the secret
   * @param options base URL override
   */
  public static fromApiKeySecret(
    secret: secretsmanager.ISecret,
    options: AtlasCredentialsOptions = {},
  ): AtlasCredentials {
    return new AtlasCredentials(AtlasCredentialsType.API_KEY, secret, options);
  }

  /**
   * Credentials from a secret holding an Atlas service account as JSON `{"clientId": "…", "clientSecret": "…"}`.
   * @param secret the secret
   * @param options base URL override
   */
  public static fromServiceAccountSecret(
    secret: secretsmanager.ISecret,
    options: AtlasCredentialsOptions = {},
  ): AtlasCredentials {
    return new AtlasCredentials(AtlasCredentialsType.SERVICE_ACCOUNT, secret, options);
  }

  /** Kind of credentials the secret holds. */
  public readonly type: AtlasCredentialsType;
  /** The secret holding the credentials. */
  public readonly secret: secretsmanager.ISecret;
  /**
   * Base URL of the Atlas Administration API.
   * @default - the handler's default, `https://cloud.mongodb.com`
   */
  public readonly baseUrl?: string;

  private constructor(type: AtlasCredentialsType, secret: secretsmanager.ISecret, options: AtlasCredentialsOptions) {
    const baseUrl = options.baseUrl;
    if (baseUrl !== undefined && !Token.isUnresolved(baseUrl) && !isAllowedBaseUrl(baseUrl)) {
      throw new Error(
        `AtlasCredentials baseUrl must be an https:// URL, e.g. https://cloud.mongodbgov.com, or http:// on a loopback host for a local emulator (got ${JSON.stringify(baseUrl)})`,
      );
    }
    this.type = type;
    this.secret = secret;
    this.baseUrl = baseUrl?.replace(/\/+$/, '');
  }
}

/** Loopback hosts on which plain http is allowed (a local Atlas emulator in tests; the traffic never leaves the host). */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `https://host[/path]`, or `http://` on a loopback host (optionally with a port). */
function isAllowedBaseUrl(value: string): boolean {
  if (/^https:\/\/[^/\s]+(\/[^\s]*)?$/.test(value)) return true;
  const m = /^http:\/\/([^/\s]+)(\/[^\s]*)?$/.exec(value);
  if (!m) return false;
  const host = m[1].replace(/:\d{1,5}$/, '').toLowerCase();
  return LOOPBACK_HOSTS.has(host);
}
