import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { assertNoErrors, RuleReporter } from '../core';
import { checkBaseUrl } from '../core/rules/engine-settings';
import { CDK_VALIDATION } from './private/validation';

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
    const r = new RuleReporter(CDK_VALIDATION);
    checkBaseUrl('Atlas credentials', baseUrl, r);
    assertNoErrors(r.result());
    this.type = type;
    this.secret = secret;
    this.baseUrl = baseUrl?.replace(/\/+$/, '');
  }
}

/** Loopback hosts on which plain http is allowed (a local Atlas emulator in tests; the traffic never leaves the host). */
