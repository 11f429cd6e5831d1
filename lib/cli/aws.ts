/**
 * Small adapters over the AWS SDK v3 clients the CLI uses, so commands depend on three tiny interfaces and
 * tests mock the SDK with `aws-sdk-client-mock` (in-process) or point it at a loopback stub
 * (`AWS_ENDPOINT_URL_KMS`, `AWS_ENDPOINT_URL_SSM`, honoured by SDK v3, for the spawned binary).
 */
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { atlasRegionToAws } from '../core';
import type { KeyAccess, KeyRef } from './key-ref';

/** What `kms:DescribeKey` says about a key. */
export interface KmsKeyInfo {
  /** Key ARN. */
  readonly arn?: string;
  /** `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, … */
  readonly keyState?: string;
  /** When a key pending deletion will be deleted. */
  readonly deletionDate?: Date;
  /** When the key was created. */
  readonly creationDate?: Date;
}

/** The one KMS call the CLI makes. */
export interface KmsAdapter {
  /** `kms:DescribeKey` in `region` (AWS form, e.g. `eu-west-1`). */
  describeKey(keyId: string, region: string): Promise<KmsKeyInfo>;
}

/** The one Secrets Manager call the CLI makes. */
export interface SecretsAdapter {
  /** `secretsmanager:GetSecretValue`; resolves the `SecretString`. */
  getSecretString(secretId: string, region: string | undefined): Promise<string>;
}

/** The one SSM Parameter Store call the CLI makes. */
export interface SsmAdapter {
  /**
   * `ssm:GetParameter`; resolves the value, or `undefined` when the parameter does not exist (`ParameterNotFound`).
   * @param region AWS region; the SDK's default (profile) when undefined
   */
  getParameter(name: string, region: string | undefined): Promise<string | undefined>;
}

/** {@link KmsAdapter} over `@aws-sdk/client-kms`, one client per region, default credential chain. */
export class AwsKmsAdapter implements KmsAdapter {
  private readonly clients = new Map<string, KMSClient>();

  /** @inheritdoc */
  public async describeKey(keyId: string, region: string): Promise<KmsKeyInfo> {
    let client = this.clients.get(region);
    if (!client) {
      client = new KMSClient({ region, maxAttempts: 3 });
      this.clients.set(region, client);
    }
    const out = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
    const meta = out.KeyMetadata;
    return {
      arn: meta?.Arn,
      keyState: meta?.KeyState,
      deletionDate: meta?.DeletionDate,
      creationDate: meta?.CreationDate,
    };
  }
}

/** {@link SecretsAdapter} over `@aws-sdk/client-secrets-manager`, default credential chain. */
export class AwsSecretsAdapter implements SecretsAdapter {
  /** @inheritdoc */
  public async getSecretString(secretId: string, region: string | undefined): Promise<string> {
    const client = new SecretsManagerClient({ ...(region ? { region } : {}), maxAttempts: 3 });
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    if (typeof out.SecretString !== 'string') {
      throw Object.assign(new Error('the secret has no SecretString (binary secrets are not supported)'), {
        name: 'BinarySecret',
      });
    }
    return out.SecretString;
  }
}

/** {@link SsmAdapter} over `@aws-sdk/client-ssm`, default credential chain. */
export class AwsSsmAdapter implements SsmAdapter {
  /** @inheritdoc */
  public async getParameter(name: string, region: string | undefined): Promise<string | undefined> {
    const client = new SSMClient({ ...(region ? { region } : {}), maxAttempts: 3 });
    try {
      const out = await client.send(new GetParameterCommand({ Name: name }));
      return out.Parameter?.Value;
    } catch (err) {
      if (awsErrorName(err) === 'ParameterNotFound') return undefined;
      throw err;
    }
  }
}

/** The error name of an AWS SDK error (`NotFoundException`, `CredentialsProviderError`, …). */
export function awsErrorName(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.name, e.Code, e.code]) if (typeof v === 'string' && v !== 'Error') return v;
  }
  return 'Error';
}

/** True for the SDK's "no credentials found" errors. */
export function isMissingAwsCredentials(err: unknown): boolean {
  const name = awsErrorName(err);
  const message = err instanceof Error ? err.message : '';
  return name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(message);
}

/**
 * Checks an AWS key with `kms:DescribeKey` and turns the answer into a {@link KeyAccess}: `Enabled` is usable,
 * any other state unusable, `NotFoundException` not found; missing credentials, access denied or an unreachable
 * KMS are `unverified` (the key may be fine: the caller's credentials just cannot see it).
 */
export async function checkAwsKey(kms: KmsAdapter, key: KeyRef): Promise<KeyAccess> {
  if (!key.region) return { status: 'unverified', detail: 'the key region is unknown' };
  try {
    const info = await kms.describeKey(key.keyId, atlasRegionToAws(key.region));
    if (info.keyState === 'Enabled') return { status: 'usable', keyState: 'Enabled' };
    return {
      status: 'unusable',
      ...(info.keyState ? { keyState: info.keyState } : {}),
      ...(info.deletionDate ? { deletionDate: info.deletionDate.toISOString() } : {}),
    };
  } catch (err) {
    const name = awsErrorName(err);
    if (name === 'NotFoundException') {
      return {
        status: 'not-found',
        detail:
          'KMS NotFoundException: deleted, or in another account or region (a key in another account needs its ARN)',
      };
    }
    if (
      name === 'AccessDeniedException' ||
      name === 'UnrecognizedClientException' ||
      name === 'ExpiredTokenException'
    ) {
      return { status: 'unverified', detail: `your AWS credentials may not call kms:DescribeKey on it (${name})` };
    }
    if (isMissingAwsCredentials(err)) {
      return {
        status: 'unverified',
        detail: 'no AWS credentials found (set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)',
      };
    }
    return { status: 'unverified', detail: `KMS DescribeKey failed: ${name}` };
  }
}
