/** The AWS adapters and the credential sources, with the SDK mocked in-process by aws-sdk-client-mock. */
import { DescribeKeyCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsKmsAdapter, AwsSecretsAdapter, AwsSsmAdapter, checkAwsKey } from '../../lib/cli/aws';
import { credentialsFromEnv, resolveCredentials, secretRegion } from '../../lib/cli/credentials';
import { CliError, ExitCode } from '../../lib/cli/errors';
import { KEY_1 } from './fixtures';

const kmsMock = mockClient(KMSClient);
const smMock = mockClient(SecretsManagerClient);
const ssmMock = mockClient(SSMClient);
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:atlas-creds-AbCdEf';
const PRIVATE = 'e3b0c442-98fc-1c14-9afb-f4c8996fb924';

beforeEach(() => {
  kmsMock.reset();
  smMock.reset();
  ssmMock.reset();
});

describe('AwsSsmAdapter', () => {
  it('resolves the value, in the given region; ParameterNotFound is undefined; other errors are thrown', async () => {
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: '[]' } });
    const ssm = new AwsSsmAdapter();
    await expect(ssm.getParameter('/p', 'eu-west-1')).resolves.toBe('[]');
    await expect(ssmMock.commandCalls(GetParameterCommand)[0].thisValue.config.region()).resolves.toBe('eu-west-1');
    ssmMock.reset();
    ssmMock.on(GetParameterCommand).rejects(Object.assign(new Error('not found'), { name: 'ParameterNotFound' }));
    await expect(ssm.getParameter('/p', 'eu-west-1')).resolves.toBeUndefined();
    ssmMock.reset();
    ssmMock.on(GetParameterCommand).rejects(Object.assign(new Error('no'), { name: 'AccessDeniedException' }));
    await expect(ssm.getParameter('/p', 'eu-west-1')).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });
});

describe('checkAwsKey over AwsKmsAdapter', () => {
  const key = { provider: 'AWS' as const, keyId: KEY_1, region: 'EU_WEST_1' };

  it('Enabled is usable, and DescribeKey goes to the key region', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_1, KeyState: 'Enabled' } });
    await expect(checkAwsKey(new AwsKmsAdapter(), key)).resolves.toEqual({ status: 'usable', keyState: 'Enabled' });
    const call = kmsMock.commandCalls(DescribeKeyCommand)[0];
    expect(call.args[0].input).toEqual({ KeyId: KEY_1 });
    await expect(call.thisValue.config.region()).resolves.toBe('eu-west-1');
  });

  it.each([
    [
      'PendingDeletion',
      new Date('2025-06-01T00:00:00Z'),
      { status: 'unusable', keyState: 'PendingDeletion', deletionDate: '2025-06-01T00:00:00.000Z' },
    ],
    ['Disabled', undefined, { status: 'unusable', keyState: 'Disabled' }],
  ])('%s is unusable', async (state, deletionDate, expected) => {
    kmsMock
      .on(DescribeKeyCommand)
      .resolves({ KeyMetadata: { KeyId: KEY_1, KeyState: state as 'Disabled', DeletionDate: deletionDate } });
    await expect(checkAwsKey(new AwsKmsAdapter(), key)).resolves.toEqual(expected);
  });

  it('NotFoundException is not-found', async () => {
    kmsMock.on(DescribeKeyCommand).rejects(new NotFoundException({ message: 'no such key', $metadata: {} }));
    await expect(checkAwsKey(new AwsKmsAdapter(), key)).resolves.toMatchObject({ status: 'not-found' });
  });

  it('AccessDenied and missing credentials are unverified, not blockers', async () => {
    kmsMock.on(DescribeKeyCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(checkAwsKey(new AwsKmsAdapter(), key)).resolves.toMatchObject({
      status: 'unverified',
      detail: expect.stringMatching(/kms:DescribeKey/),
    });
    kmsMock
      .on(DescribeKeyCommand)
      .rejects(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      );
    await expect(checkAwsKey(new AwsKmsAdapter(), key)).resolves.toMatchObject({
      status: 'unverified',
      detail: expect.stringMatching(/no AWS credentials/),
    });
  });

  it('a key without a known region is unverified without a call', async () => {
    await expect(checkAwsKey(new AwsKmsAdapter(), { provider: 'AWS', keyId: KEY_1 })).resolves.toMatchObject({
      status: 'unverified',
    });
    expect(kmsMock.calls()).toHaveLength(0);
  });
});

describe('credentials', () => {
  it('reads an API key from the environment', () => {
    const r = credentialsFromEnv({
      ATLAS_PUBLIC_KEY: 'abcdefgh',
      ATLAS_PRIVATE_KEY: PRIVATE,
      ATLAS_BASE_URL: 'http://127.0.0.1:1',
    });
    expect(r.credentials).toEqual({ type: 'apiKey', publicKey: 'abcdefgh', privateKey: PRIVATE });
    expect(r.baseUrl).toBe('http://127.0.0.1:1');
    expect(r.secrets).toEqual([PRIVATE]);
  });

  it('reads a service account from the environment', () => {
    const r = credentialsFromEnv({ ATLAS_CLIENT_ID: 'mdb_sa_id_1', ATLAS_CLIENT_SECRET: 'mdb_sa_sk_secret' });
    expect(r.credentials).toEqual({
      type: 'serviceAccount',
      clientId: 'mdb_sa_id_1',
      clientSecret: 'mdb_sa_sk_secret',
    });
  });

  it.each([
    ['nothing set', {}, /no Atlas credentials found/],
    ['half a key pair', { ATLAS_PUBLIC_KEY: 'abcdefgh' }, /must both be set/],
    [
      'both kinds',
      { ATLAS_PUBLIC_KEY: 'a', ATLAS_PRIVATE_KEY: PRIVATE, ATLAS_CLIENT_ID: 'x', ATLAS_CLIENT_SECRET: 'y' },
      /both an Atlas API key/,
    ],
  ])('rejects %s with a usage error that never echoes the secret', (_name, env, re) => {
    let err: unknown;
    try {
      credentialsFromEnv(env);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(ExitCode.USAGE);
    expect((err as CliError).message).toMatch(re);
    expect(`${(err as CliError).message} ${(err as CliError).hint}`).not.toContain(PRIVATE);
  });

  it('reads the named secret in its own region (PascalCase fields accepted)', async () => {
    smMock
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ PublicKey: 'abcdefgh', PrivateKey: PRIVATE }) });
    const r = await resolveCredentials({ credentialsSecret: SECRET_ARN }, {}, new AwsSecretsAdapter());
    expect(r.credentials).toEqual({ type: 'apiKey', publicKey: 'abcdefgh', privateKey: PRIVATE });
    expect(r.source).toContain(SECRET_ARN);
    const call = smMock.commandCalls(GetSecretValueCommand)[0];
    expect(call.args[0].input).toEqual({ SecretId: SECRET_ARN });
    await expect(call.thisValue.config.region()).resolves.toBe('eu-west-1');
    expect(secretRegion(SECRET_ARN)).toBe('eu-west-1');
  });

  it('a service-account secret wins over nothing and takes ATLAS_BASE_URL from the environment', async () => {
    smMock
      .on(GetSecretValueCommand)
      .resolves({ SecretString: JSON.stringify({ clientId: 'id', clientSecret: 'sk-secret-value' }) });
    const r = await resolveCredentials(
      { credentialsSecret: SECRET_ARN },
      { ATLAS_BASE_URL: 'http://x' },
      new AwsSecretsAdapter(),
    );
    expect(r.credentials.type).toBe('serviceAccount');
    expect(r.baseUrl).toBe('http://x');
  });

  it.each([
    [new ResourceNotFoundException({ message: 'gone', $metadata: {} }), /does not exist/, ExitCode.USAGE],
    [Object.assign(new Error('no'), { name: 'AccessDeniedException' }), /may not read/, ExitCode.USAGE],
    [
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      /no AWS credentials/,
      ExitCode.USAGE,
    ],
  ])('secret errors say what to do (%#)', async (error, re, code) => {
    smMock.on(GetSecretValueCommand).rejects(error);
    await expect(
      resolveCredentials({ credentialsSecret: SECRET_ARN }, {}, new AwsSecretsAdapter()),
    ).rejects.toMatchObject({
      message: expect.stringMatching(re),
      exitCode: code,
    });
  });

  it('a secret without credentials is a usage error', async () => {
    smMock.on(GetSecretValueCommand).resolves({ SecretString: '{"user":"x"}' });
    await expect(resolveCredentials({ credentialsSecret: SECRET_ARN }, {}, new AwsSecretsAdapter())).rejects.toThrow(
      /holds no Atlas credentials/,
    );
  });
});
