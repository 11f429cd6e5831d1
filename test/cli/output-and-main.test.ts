/**
 * In-process: the printer (progress, JSON, redaction) and `main()` against the Atlas emulator with the AWS SDK
 * mocked by aws-sdk-client-mock (KMS DescribeKey, Secrets Manager GetSecretValue, SSM GetParameter).
 */
import { Writable } from 'node:stream';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { main } from '../../lib/cli/main';
import { CliError, ExitCode } from '../../lib/cli/errors';
import { Output, ProgressFactory } from '../../lib/cli/output';
import { toCliError } from '../../lib/cli/main';
import { AtlasApiError } from '../../lib/atlas';
import { cluster, KEY_1 } from './fixtures';

class Capture extends Writable {
  public text = '';
  public isTTY?: boolean;
  public columns?: number;
  constructor(tty = false, columns = 80) {
    super();
    if (tty) {
      this.isTTY = true;
      this.columns = columns;
    }
  }
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

function recordingFactory(events: string[]): ProgressFactory {
  return (text) => {
    events.push(`start ${text}`);
    return {
      update: (t) => events.push(`update ${t}`),
      succeed: () => events.push(`ok ${text}`),
      fail: () => events.push(`fail ${text}`),
    };
  };
}

describe('Output', () => {
  it('shows progress on a TTY with a width, and not with --json, a pipe, or a zero-width TTY', async () => {
    for (const [stderr, json, expected] of [
      [new Capture(true), false, true],
      [new Capture(true), true, false],
      [new Capture(false), false, false],
      [new Capture(true, 0), false, false],
    ] as const) {
      const events: string[] = [];
      const out = new Output({ stdout: new Capture(), stderr, json, progressFactory: recordingFactory(events) });
      await out.step('Reading', async () => out.note('429 on GET /x, retrying in 2 s'));
      await expect(out.step('Failing', async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
      expect(events.length > 0).toBe(expected);
      if (expected)
        expect(events).toEqual([
          'start Reading',
          'update 429 on GET /x, retrying in 2 s',
          'ok Reading',
          'start Failing',
          'fail Failing',
        ]);
    }
  });

  it('redacts registered secrets from text, JSON and errors', () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const out = new Output({ stdout, stderr, json: true });
    out.addSecrets(['s3cr3t-value']);
    out.data({ note: 'token s3cr3t-value' });
    expect(JSON.parse(stdout.text)).toEqual({ note: 'token [REDACTED]' });
    stdout.text = '';
    out.error(new CliError('bad s3cr3t-value', ExitCode.USAGE, 'hint s3cr3t-value'));
    expect(stderr.text).toBe('atlas-ear: error: bad [REDACTED]\n  hint [REDACTED]\n');
    expect(JSON.parse(stdout.text)).toEqual({
      error: { message: 'bad [REDACTED]', hint: 'hint [REDACTED]', exitCode: 2 },
    });
  });
});

describe('toCliError', () => {
  const err = (status: number, errorCode: string, path = '/groups/abc/clusters'): AtlasApiError =>
    new AtlasApiError({ method: 'GET', path, status, errorCode });
  it.each([
    [err(401, 'USER_UNAUTHORIZED'), ExitCode.USAGE, /rejected the credentials/],
    [err(400, 'INVALID_CLIENT', '/api/oauth/token'), ExitCode.USAGE, /rejected the credentials/],
    [err(403, 'IP_ADDRESS_NOT_ON_ACCESS_LIST'), ExitCode.USAGE, /IP address/],
    [err(403, 'FORBIDDEN'), ExitCode.USAGE, /denied/],
    [err(404, 'GROUP_NOT_FOUND', '/groups/abc'), ExitCode.USAGE, /project not found/],
    [err(0, 'CONNECTION_ERROR'), ExitCode.SERVICE, /cannot reach Atlas/],
    [err(410, 'VERSION_GONE'), ExitCode.SERVICE, /VERSION_GONE/],
    [err(503, 'SERVICE_UNAVAILABLE'), ExitCode.SERVICE, /SERVICE_UNAVAILABLE/],
    [new TypeError('boom'), ExitCode.SERVICE, /unexpected error: boom/],
  ])('maps error %# to a message and an exit code', (e, code, re) => {
    const c = toCliError(e);
    expect(c.exitCode).toBe(code);
    expect(c.message).toMatch(re);
  });
});

describe('main() in-process against the emulator', () => {
  const P = '65f0c0ffee0123456789b001';
  const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:atlas-AbCdEf';
  const kmsMock = mockClient(KMSClient);
  const smMock = mockClient(SecretsManagerClient);
  const ssmMock = mockClient(SSMClient);
  let emu: AtlasEmulator;
  let snapshotId: string;

  beforeAll(async () => {
    emu = await startAtlasEmulator();
    const p = emu.state.project(P);
    const roleId = p.seedAuthorizedAwsRole();
    p.patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY_1, region: 'EU_WEST_1', roleId } });
    p.seedCluster(cluster('orders'));
    snapshotId = emu.state.takeSnapshot(P, 'orders').id;
  });
  afterAll(async () => emu.stop());
  beforeEach(() => {
    kmsMock.reset();
    smMock.reset();
    ssmMock.reset();
    ssmMock.on(GetParameterCommand).rejects(Object.assign(new Error(''), { name: 'ParameterNotFound' }));
  });

  async function run(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(['node', 'atlas-ear', ...args], { env, stdout, stderr });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  it('restore-check reads the key history from SSM in --region; pending entries are used with a warning', async () => {
    ssmMock.on(GetParameterCommand).resolves({
      Parameter: {
        Value: JSON.stringify([
          {
            provider: 'AWS',
            from: KEY_1,
            to: 'arn:aws:kms:eu-west-1:111122223333:key/99999999-12ab-34cd-56ef-1234567890ab',
            changedAt: '2099-01-01T00:00:00.000Z',
            retainPreviousKeyUntil: 'none',
            status: 'pending',
          },
        ]),
      },
    });
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_1, KeyState: 'Enabled' } });
    const r = await run(
      ['restore-check', '--project', P, '--cluster', 'orders', '--snapshot', snapshotId, '--region', 'eu-west-1'],
      {
        ATLAS_BASE_URL: emu.url,
        ATLAS_PUBLIC_KEY: emu.credentials.apiKey.publicKey,
        ATLAS_PRIVATE_KEY: emu.credentials.apiKey.privateKey,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Key needed: AWS KMS key ${KEY_1}`);
    expect(r.stdout).toContain('(from the key history)');
    expect(r.stderr).toMatch(/warning: SSM parameter .* has 1 key change\(s\) still marked pending/);
    const call = ssmMock.commandCalls(GetParameterCommand)[0];
    expect(call.args[0].input).toEqual({ Name: `/atlas-encryption-at-rest/${P}/key-history` });
    await expect(call.thisValue.config.region()).resolves.toBe('eu-west-1');
  });

  it('restore-check with --credentials-secret: reads the secret, checks the key in its region, exit 0', async () => {
    smMock.on(GetSecretValueCommand).resolves({
      SecretString: JSON.stringify({
        publicKey: emu.credentials.apiKey.publicKey,
        privateKey: emu.credentials.apiKey.privateKey,
      }),
    });
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_1, KeyState: 'Enabled' } });
    const r = await run(
      [
        'restore-check',
        '--project',
        P,
        '--cluster',
        'orders',
        '--snapshot',
        snapshotId,
        '--credentials-secret',
        SECRET_ARN,
        '--json',
      ],
      { ATLAS_BASE_URL: emu.url },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      verdict: 'RESTORABLE_WITH_WARNINGS',
      key: { keyId: KEY_1, region: 'EU_WEST_1' },
    });
    expect(kmsMock.commandCalls(DescribeKeyCommand)[0].args[0].input).toEqual({ KeyId: KEY_1 });
    await expect(kmsMock.commandCalls(DescribeKeyCommand)[0].thisValue.config.region()).resolves.toBe('eu-west-1');
    expect(r.stdout).not.toContain(emu.credentials.apiKey.privateKey);
  });

  it('restore-check: a PendingDeletion key at KMS blocks (exit 1)', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({
      KeyMetadata: { KeyId: KEY_1, KeyState: 'PendingDeletion', DeletionDate: new Date('2030-01-01T00:00:00Z') },
    });
    const r = await run(['restore-check', '--project', P, '--cluster', 'orders', '--snapshot', snapshotId], {
      ATLAS_BASE_URL: emu.url,
      ATLAS_PUBLIC_KEY: emu.credentials.apiKey.publicKey,
      ATLAS_PRIVATE_KEY: emu.credentials.apiKey.privateKey,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('cancel-key-deletion');
  });

  it('restore-check in place of a deleted cluster (backups retained): the target does not exist (exit 1)', async () => {
    const P_GONE = '65f0c0ffee0123456789b002';
    const p = emu.state.project(P_GONE);
    const roleId = p.seedAuthorizedAwsRole();
    p.patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY_1, region: 'EU_WEST_1', roleId } });
    p.seedCluster(cluster('gone'));
    const id = emu.state.takeSnapshot(P_GONE, 'gone').id;
    p.deleteCluster('gone', true);
    emu.state.advance(true);
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_1, KeyState: 'Enabled' } });
    const r = await run(['restore-check', '--project', P_GONE, '--cluster', 'gone', '--snapshot', id], {
      ATLAS_BASE_URL: emu.url,
      ATLAS_PUBLIC_KEY: emu.credentials.apiKey.publicKey,
      ATLAS_PRIVATE_KEY: emu.credentials.apiKey.privateKey,
    });
    // The snapshot and its key are found through the deleted cluster, but there is nothing to restore into.
    expect(r.stdout).toContain(`Key needed: AWS KMS key ${KEY_1}`);
    expect(r.stdout).toMatch(/FAIL\s+TARGET\s+target cluster "gone" does not exist/);
    expect(r.code).toBe(1);
  });

  it('status --strict exits 1 when there are warnings', async () => {
    kmsMock.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: KEY_1, KeyState: 'Disabled' } });
    const r = await run(['status', '--project', P, '--strict'], {
      ATLAS_BASE_URL: emu.url,
      ATLAS_CLIENT_ID: emu.credentials.serviceAccount.clientId,
      ATLAS_CLIENT_SECRET: emu.credentials.serviceAccount.clientSecret,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('KMS state Disabled');
  });

  it('status warns when KMS does not know the key', async () => {
    kmsMock.on(DescribeKeyCommand).rejects(Object.assign(new Error('Key not found'), { name: 'NotFoundException' }));
    const r = await run(['status', '--project', P, '--strict'], {
      ATLAS_BASE_URL: emu.url,
      ATLAS_PUBLIC_KEY: emu.credentials.apiKey.publicKey,
      ATLAS_PRIVATE_KEY: emu.credentials.apiKey.privateKey,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('KMS state NotFound');
    expect(r.stdout).toMatch(/is NotFound at KMS: check that the key ARN, account and region are right/);
  });

  it('a key history file that does not exist: exit 2', async () => {
    const r = await run(['status', '--project', P, '--key-history', '/nonexistent/history.json'], {
      ATLAS_BASE_URL: emu.url,
      ATLAS_PUBLIC_KEY: emu.credentials.apiKey.publicKey,
      ATLAS_PRIVATE_KEY: emu.credentials.apiKey.privateKey,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read the key history file /nonexistent/history.json (ENOENT)');
  });
});
