/**
 * The real `atlas-ear` binary (bundled by scripts/bundle.mjs, run as `node bin/atlas-ear.js`) against the Atlas
 * emulator (real HTTP, Digest auth) and a loopback KMS and SSM stub reached through `AWS_ENDPOINT_URL_KMS` and
 * `AWS_ENDPOINT_URL_SSM`.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { cluster } from './fixtures';
import { KmsStub, startKmsStub } from './kms-stub';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'atlas-ear.js');
const T0 = Date.parse('2025-03-01T00:00:00Z');

const P_OK = '65f0c0ffee0123456789a001';
const P_DELETION = '65f0c0ffee0123456789a002';
const P_DISABLED = '65f0c0ffee0123456789a003';
const P_MIXED = '65f0c0ffee0123456789a004';
const P_PIT = '65f0c0ffee0123456789a005';
const P_PIT_TARGET = '65f0c0ffee0123456789a006';

const key = (n: number): string => `${String(n).padStart(8, '0')}-12ab-34cd-56ef-1234567890ab`;
const AZURE_KEY = 'https://kv1.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef';
const AZURE_SECRET = 'azure-client-secret-value-xyz';

let emu: AtlasEmulator;
let kms: KmsStub;
let clock = T0;
let dir: string;
const snapshots: Record<string, string> = {};

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function baseEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    ATLAS_PUBLIC_KEY: emu.credentials.apiKey.publicKey,
    ATLAS_PRIVATE_KEY: emu.credentials.apiKey.privateKey,
    ATLAS_BASE_URL: emu.url,
    AWS_ENDPOINT_URL_KMS: kms.url,
    AWS_ENDPOINT_URL_SSM: kms.url,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Runs the binary; asserts that no secret ever appears in its output. */
function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const fullEnv = { ...baseEnv(), ...env };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: fullEnv as NodeJS.ProcessEnv, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        const all = `${stdout}\n${stderr}`;
        for (const secret of [
          emu.credentials.apiKey.privateKey,
          fullEnv.ATLAS_PRIVATE_KEY,
          fullEnv.AWS_SECRET_ACCESS_KEY,
          AZURE_SECRET,
        ]) {
          if (secret) expect(all).not.toContain(secret);
        }
        expect(all).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // never a stack trace
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function enableAws(groupId: string, keyId: string, region = 'US_EAST_1'): void {
  const p = emu.state.project(groupId);
  const roleId = p.seedAuthorizedAwsRole();
  p.patchEar({ awsKms: { enabled: true, customerMasterKeyID: keyId, region, roleId } });
  kms.keys.set(keyId, { state: 'Enabled', region: region.toLowerCase().replace(/_/g, '-') });
}

function jsonFile(name: string, records: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(records));
  return path;
}

beforeAll(async () => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), 'cli', '--quiet'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  dir = mkdtempSync(join(tmpdir(), 'atlas-ear-'));
  emu = await startAtlasEmulator({ now: () => clock });
  kms = await startKmsStub();

  // A healthy AWS project.
  enableAws(P_OK, key(1));
  emu.state.project(P_OK).seedCluster(cluster('orders'));
  snapshots.ok = emu.state.takeSnapshot(P_OK, 'orders').id;

  // The snapshot's key was scheduled for deletion after the snapshot.
  enableAws(P_DELETION, key(2));
  emu.state.project(P_DELETION).seedCluster(cluster('orders'));
  snapshots.deletion = emu.state.takeSnapshot(P_DELETION, 'orders').id;
  kms.keys.set(key(2), {
    state: 'PendingDeletion',
    region: 'us-east-1',
    deletionDate: new Date('2025-03-08T00:00:00Z'),
  });
  emu.state.setKeyStatus(key(2), 'DISABLED');

  // The snapshot's key was disabled.
  enableAws(P_DISABLED, key(3));
  emu.state.project(P_DISABLED).seedCluster(cluster('orders'));
  snapshots.disabled = emu.state.takeSnapshot(P_DISABLED, 'orders').id;
  kms.keys.set(key(3), { state: 'Disabled', region: 'us-east-1' });
  emu.state.setKeyStatus(key(3), 'DISABLED');

  // AWS and Azure in one project; targets of the wrong provider, tier and version.
  enableAws(P_MIXED, key(4));
  const mixed = emu.state.project(P_MIXED);
  mixed.patchEar({
    azureKeyVault: {
      enabled: true,
      azureEnvironment: 'AZURE',
      clientID: 'c2f5a1d0-0000-4000-8000-000000000001',
      tenantID: 'c2f5a1d0-0000-4000-8000-000000000002',
      subscriptionID: 'c2f5a1d0-0000-4000-8000-000000000003',
      resourceGroupName: 'rg',
      keyVaultName: 'kv1',
      keyIdentifier: AZURE_KEY,
      secret: AZURE_SECRET,
    },
  });
  mixed.seedCluster(cluster('orders'));
  mixed.seedCluster(cluster('azure-target', { encryptionAtRestProvider: 'AZURE' }));
  mixed.seedCluster(
    cluster('small', {
      encryptionAtRestProvider: 'NONE',
      replicationSpecs: [
        {
          regionConfigs: [{ providerName: 'TENANT', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M5' } }],
        },
      ],
    }),
  );
  mixed.seedCluster(cluster('old', { mongoDBMajorVersion: '6.0', mongoDBVersion: '6.0.19' }));
  snapshots.mixed = emu.state.takeSnapshot(P_MIXED, 'orders').id;

  // PIT: the snapshot was taken under key 5, then the project rotated to key 6, which is now disabled.
  enableAws(P_PIT, key(5));
  emu.state.project(P_PIT).seedCluster(cluster('orders'));
  snapshots.pit = emu.state.takeSnapshot(P_PIT, 'orders').id;
  clock = T0 + 86_400_000;
  const roleId = emu.state.project(P_PIT).seedAuthorizedAwsRole();
  emu.state
    .project(P_PIT)
    .patchEar({ awsKms: { enabled: true, customerMasterKeyID: key(6), region: 'US_EAST_1', roleId } });
  kms.keys.set(key(6), { state: 'Disabled', region: 'us-east-1' });
  emu.state.setKeyStatus(key(6), 'DISABLED');
  enableAws(P_PIT_TARGET, key(7));
  emu.state.project(P_PIT_TARGET).seedCluster(cluster('copy'));
}, 60_000);

afterAll(async () => {
  await emu?.stop();
  await kms?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rc = (project: string, snapshot: string, ...more: string[]): string[] => [
  'restore-check',
  '--project',
  project,
  '--cluster',
  'orders',
  '--snapshot',
  snapshot,
  ...more,
];

describe('atlas-ear restore-check (binary against the emulator)', () => {
  it('a restorable snapshot exits 0, names the key, and is quiet on a non-TTY stderr', async () => {
    const history = jsonFile('ok', [{ provider: 'AWS', keyId: key(1), from: '2024-01-01T00:00:00Z', to: null }]);
    const r = await runCli(rc(P_OK, snapshots.ok, '--key-history', history));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Key needed: AWS KMS key ${key(1)} (us-east-1) (from the key history)`);
    expect(r.stdout).toMatch(/Verdict: RESTORABLE$/m);
    expect(kms.calls).toContainEqual({ keyId: key(1), region: 'us-east-1' });
  });

  it('without --key-history: falls back to the current key and says so (still exit 0)', async () => {
    const r = await runCli(rc(P_OK, snapshots.ok));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/WARN\s+DEP-KEEP-1\s+no key history \(no --key-history file/);
    expect(r.stdout).toContain("assumed: the project's current key");
    expect(r.stdout).toMatch(/Verdict: RESTORABLE WITH WARNINGS/);
  });

  it('--strict turns warnings into exit 1', async () => {
    const r = await runCli(rc(P_OK, snapshots.ok, '--strict'));
    expect(r.code).toBe(1);
  });

  it('--json prints one parseable document', async () => {
    const r = await runCli(rc(P_OK, snapshots.ok, '--json'));
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      verdict: 'RESTORABLE_WITH_WARNINGS',
      snapshot: { id: snapshots.ok, projectId: P_OK, clusterName: 'orders', encrypted: true },
      key: { provider: 'AWS', keyId: key(1), region: 'US_EAST_1', basis: 'current-key' },
      target: { projectId: P_OK, clusterName: 'orders' },
    });
    expect(doc.checks).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'DEP-RST-2', status: 'pass' })]));
  });

  it('a snapshot whose AWS key is PendingDeletion: exit 1, names the key and says to cancel the deletion', async () => {
    const r = await runCli(rc(P_DELETION, snapshots.deletion));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `FAIL\\s+DEP-RST-2\\s+the snapshot's key AWS KMS key ${key(2)} \\(us-east-1\\) is PendingDeletion \\(deletion scheduled for 2025-03-08`,
      ),
    );
    expect(r.stdout).toContain(`aws kms cancel-key-deletion --key-id ${key(2)} --region us-east-1`);
    expect(r.stdout).toMatch(/Verdict: BLOCKED/);
  });

  it('a snapshot whose AWS key is Disabled: exit 1, says to enable it', async () => {
    const r = await runCli(rc(P_DISABLED, snapshots.disabled));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${key(3)} (us-east-1) is Disabled`);
    expect(r.stdout).toContain(`aws kms enable-key --key-id ${key(3)} --region us-east-1`);
  });

  it('provider mismatch: exit 1 on DEP-RST-3', async () => {
    const r = await runCli(rc(P_MIXED, snapshots.mixed, '--target-cluster', 'azure-target'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAIL\s+DEP-RST-3\s+target cluster "azure-target" uses provider AZURE, but the snapshot was encrypted with AWS/,
    );
  });

  it('target below M10: exit 1 on DEP-RST-6 with the core SYN-TIER-1 message', async () => {
    const r = await runCli(rc(P_MIXED, snapshots.mixed, '--target-cluster', 'small'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+DEP-RST-6\s+target cluster "small" is below M10: \[SYN-TIER-1\]/);
    expect(r.stdout).toMatch(/FAIL\s+DEP-RST-4/);
  });

  it('target on a lower MongoDB version: exit 1', async () => {
    const r = await runCli(rc(P_MIXED, snapshots.mixed, '--target-cluster', 'old'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /FAIL\s+DEP-RST-6\s+target cluster "old" runs MongoDB 6.0.19, lower than the snapshot's 7.0.12/,
    );
    expect(r.stdout).toContain('Upgrade the target to MongoDB 7.0.12 or newer');
  });

  describe('point-in-time', () => {
    const history = (): string =>
      jsonFile('pit', [
        { provider: 'AWS', keyId: key(5), from: '2024-01-01T00:00:00Z', to: new Date(T0 + 3_600_000).toISOString() },
        { provider: 'AWS', keyId: key(6), from: new Date(T0 + 3_600_000).toISOString(), to: null },
      ]);
    const args = (): string[] =>
      rc(
        P_PIT,
        snapshots.pit,
        '--key-history',
        history(),
        '--target-project',
        P_PIT_TARGET,
        '--target-cluster',
        'copy',
      );

    it('a snapshot restore across projects passes: the snapshot key (from history) is enabled', async () => {
      const r = await runCli(args());
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Key needed: AWS KMS key ${key(5)} (us-east-1) (from the key history)`);
      expect(r.stdout).toMatch(/PASS\s+DEP-RST-5\s+both AWS keys are in US_EAST_1/);
    });

    it("the stack output KeyHistory (the handler's change events) works as --key-history", async () => {
      const output = jsonFile('pit-stack-output', {
        KeyHistory: JSON.stringify([
          {
            provider: 'AWS',
            from: key(5),
            to: key(6),
            changedAt: new Date(T0 + 3_600_000).toISOString(),
            retainPreviousKeyUntil: new Date(T0 + 8 * 86_400_000).toISOString(),
          },
        ]),
      });
      const r = await runCli(
        rc(P_PIT, snapshots.pit, '--key-history', output, '--target-project', P_PIT_TARGET, '--target-cluster', 'copy'),
      );
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Key needed: AWS KMS key ${key(5)} (us-east-1) (from the key history)`);
    });

    it('without --key-history: reads the SSM parameter the handler keeps, in AWS_REGION or --region', async () => {
      const name = `/atlas-encryption-at-rest/${P_PIT}/key-history`;
      kms.parameters.set(
        name,
        JSON.stringify([
          {
            provider: 'AWS',
            from: key(5),
            to: key(6),
            changedAt: new Date(T0 + 3_600_000).toISOString(),
            retainPreviousKeyUntil: 'none',
          },
        ]),
      );
      try {
        const target = ['--target-project', P_PIT_TARGET, '--target-cluster', 'copy'];
        const r = await runCli(rc(P_PIT, snapshots.pit, ...target));
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout).toContain(`Key needed: AWS KMS key ${key(5)} (us-east-1) (from the key history)`);
        expect(kms.parameterCalls.at(-1)).toEqual({ name, region: 'us-east-1' });
        const other = await runCli(rc(P_PIT, snapshots.pit, ...target, '--region', 'eu-west-3'));
        expect(other.code).toBe(0);
        expect(kms.parameterCalls.at(-1)).toEqual({ name, region: 'eu-west-3' });
      } finally {
        kms.parameters.delete(name);
      }
    });

    it('--pit with the current key invalid: exit 1 on DEP-RST-7, naming the current key', async () => {
      const r = await runCli([...args(), '--pit']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(
        new RegExp(
          `FAIL\\s+DEP-RST-7\\s+a point-in-time restore needs the current AWS key valid, but Atlas reports the current key ${key(6)} as not valid`,
        ),
      );
      expect(r.stdout).toContain(`aws kms enable-key --key-id ${key(6)}`);
    });
  });

  it('SSM access denied: a warning, then the check runs as without a key history', async () => {
    const name = `/atlas-encryption-at-rest/${P_OK}/key-history`;
    kms.deniedParameters.add(name);
    try {
      const r = await runCli(rc(P_OK, snapshots.ok));
      expect(r.code).toBe(0);
      expect(r.stderr).toBe(
        `atlas-ear: warning: cannot read the key history from SSM parameter ${name} (us-east-1) (AccessDeniedException: your AWS credentials may not call ssm:GetParameter on it); continuing without a key history; pass --key-history <file.json> (the stack output KeyHistory)\n`,
      );
      expect(r.stdout).toContain("assumed: the project's current key");
    } finally {
      kms.deniedParameters.delete(name);
    }
  });

  it('no AWS credentials: a warning, never a crash', async () => {
    const r = await runCli(rc(P_OK, snapshots.ok, '--json'), {
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^atlas-ear: warning: cannot read the key history .*\(no AWS credentials found\)/);
    expect(JSON.parse(r.stdout)).toMatchObject({ key: { basis: 'current-key' } });
  });

  it('an unknown snapshot: exit 2 with what to do', async () => {
    const r = await runCli(rc(P_OK, '65f0c0ffee0123456789ffff'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/atlas-ear: error: snapshot 65f0c0ffee0123456789ffff of cluster orders was not found/);
  });

  it('a malformed project id: exit 2 before any call', async () => {
    const r = await runCli(['restore-check', '--project', 'nope', '--cluster', 'orders', '--snapshot', snapshots.ok]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--project "nope" is not valid');
  });
});

describe('atlas-ear restore-check and status: role-based identities (DEP-RST-9)', () => {
  const P_GCP = '65f0c0ffee0123456789a007';
  const P_AZ = '65f0c0ffee0123456789a008';
  const GCP_KEY = 'projects/p/locations/us-east4/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1';
  const AZ_1 = 'https://kv2.vault.azure.net/keys/atlas/1123456789abcdef0123456789abcdef';
  const AZ_2 = 'https://kv2.vault.azure.net/keys/atlas/2123456789abcdef0123456789abcdef';
  const tenantId = 'c2f5a1d0-0000-4000-8000-000000000002';
  let gcpRole: string;
  let azRole1: string;
  let azRole2: string;

  /** An authorized Atlas Azure role (Azure roles show an authorization only as a later lastUpdatedDate). */
  const azureRole = (groupId: string, servicePrincipalId: string): string => {
    const cpa = emu.state.project(groupId).family.cloudProviderAccess;
    const role = cpa.create({ providerName: 'AZURE', tenantId, servicePrincipalId });
    const id = (role.roleId ?? role._id) as string;
    clock += 60_000;
    cpa.authorize(id, { providerName: 'AZURE', atlasAzureAppId: role.atlasAzureAppId, servicePrincipalId, tenantId });
    return id;
  };
  const azureBlock = (keyIdentifier: string, roleId: string) => ({
    azureKeyVault: {
      enabled: true,
      azureEnvironment: 'AZURE',
      subscriptionID: 'c2f5a1d0-0000-4000-8000-000000000003',
      resourceGroupName: 'rg',
      keyVaultName: 'kv2',
      keyIdentifier,
      roleId,
    },
  });

  beforeAll(() => {
    // Google Cloud through Atlas's own service account (the first role of a project is set up asynchronously).
    const gcp = emu.state.project(P_GCP);
    gcpRole = gcp.family.cloudProviderAccess.create({ providerName: 'GCP' }).roleId as string;
    clock += emu.state.durations.gcpRoleMs + 1;
    gcp.family.cloudProviderAccess.advance(false);
    gcp.patchEar({ googleCloudKms: { enabled: true, keyVersionResourceID: GCP_KEY, roleId: gcpRole } });
    gcp.seedCluster(cluster('orders', { encryptionAtRestProvider: 'GCP' }));
    snapshots.gcp = emu.state.takeSnapshot(P_GCP, 'orders').id;

    // Azure secretless: the snapshot was taken under role 1; the project then moved to key 2 with role 2, and
    // role 1 was removed (Atlas allows that once no configuration uses it).
    const az = emu.state.project(P_AZ);
    azRole1 = azureRole(P_AZ, 'c2f5a1d0-0000-4000-8000-000000000011');
    az.patchEar(azureBlock(AZ_1, azRole1));
    az.seedCluster(cluster('orders', { encryptionAtRestProvider: 'AZURE' }));
    snapshots.az = emu.state.takeSnapshot(P_AZ, 'orders').id;
    clock += 86_400_000;
    azRole2 = azureRole(P_AZ, 'c2f5a1d0-0000-4000-8000-000000000012');
    az.patchEar(azureBlock(AZ_2, azRole2));
    az.family.cloudProviderAccess.deauthorize('AZURE', azRole1);
  });

  it("Google Cloud: the project's service-account role is read and passes", async () => {
    const r = await runCli(rc(P_GCP, snapshots.gcp, '--json'));
    const doc = JSON.parse(r.stdout);
    expect(doc.key).toMatchObject({ provider: 'GCP', identity: { kind: 'GCP_SERVICE_ACCOUNT', roleId: gcpRole } });
    expect(doc.checks).toContainEqual(
      expect.objectContaining({ id: 'DEP-RST-9', status: 'pass', message: expect.stringContaining(gcpRole) }),
    );
  });

  it('Azure: the role the snapshot key used is gone: a warning that names the role the project now uses', async () => {
    const history = jsonFile('az', [
      {
        provider: 'AZURE',
        from: AZ_1,
        to: AZ_2,
        changedAt: new Date(clock - 3_600_000).toISOString(),
        retainPreviousKeyUntil: 'none',
        previousIdentity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: azRole1 },
        identity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: azRole2 },
      },
    ]);
    const r = await runCli(rc(P_AZ, snapshots.az, '--key-history', history));
    expect(r.stdout).toContain(`Azure service principal (secretless), Atlas role ${azRole1} no longer exists`);
    expect(r.stdout).toMatch(/WARN\s+DEP-RST-9/);
    expect(r.stdout).toContain(`now uses Azure service principal (secretless), Atlas role ${azRole2}`);
  });

  it('Google Cloud: a FAILED service-account role blocks the restore (exit 1) and status warns', async () => {
    const P = '65f0c0ffee0123456789a009';
    const p = emu.state.project(P);
    const role = p.family.cloudProviderAccess.create({ providerName: 'GCP' }).roleId as string;
    p.family.cloudProviderAccess.advance(true);
    p.patchEar({ googleCloudKms: { enabled: true, keyVersionResourceID: GCP_KEY, roleId: role } });
    p.seedCluster(cluster('orders', { encryptionAtRestProvider: 'GCP' }));
    const snap = emu.state.takeSnapshot(P, 'orders').id;
    p.family.cloudProviderAccess.failGcpRole(role);

    const r = await runCli(rc(P, snap));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL\s+DEP-RST-9/);
    expect(r.stdout).toContain(`Atlas role ${role} in project ${P} is FAILED, not COMPLETE`);
    expect(r.stdout).toContain('Create a new Google Cloud role');

    const st = await runCli(['status', '--project', P, '--json']);
    const doc = JSON.parse(st.stdout);
    expect(doc.providers.find((x: { provider: string }) => x.provider === 'GCP').identity.roleState).toBe('FAILED');
    expect(doc.warnings).toContainEqual(
      expect.stringContaining(`GCP: Atlas's Google Cloud service account, Atlas role ${role}`),
    );
  });

  it('status shows the identity kind per provider and the state of its Atlas role', async () => {
    const r = await runCli(['status', '--project', P_AZ, '--json']);
    const doc = JSON.parse(r.stdout);
    const azure = doc.providers.find((p: { provider: string }) => p.provider === 'AZURE');
    expect(azure.identity).toEqual({
      kind: 'AZURE_SERVICE_PRINCIPAL',
      description: `Azure service principal (secretless), Atlas role ${azRole2}`,
      roleId: azRole2,
      roleState: 'AUTHORIZED',
    });
    expect(doc.warnings.join('\n')).not.toMatch(/Atlas role/);
    const text = await runCli(['status', '--project', P_GCP]);
    expect(text.stdout).toContain(`identity: Atlas's Google Cloud service account, Atlas role ${gcpRole}, authorized`);
  });
});

describe('atlas-ear status (binary against the emulator)', () => {
  it('--json: providers with valid flags, clusters with providers, key ages, rotation alerts', async () => {
    const history = jsonFile('mixed', [
      { provider: 'AWS', keyId: key(4), from: '2024-01-01T00:00:00Z', to: null },
      { provider: 'AZURE', keyId: AZURE_KEY, from: '2024-06-01T00:00:00Z', to: null },
    ]);
    const r = await runCli(['status', '--project', P_MIXED, '--json', '--key-history', history]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual([
      'clusters',
      'enabledForSearchNodes',
      'pending',
      'projectId',
      'providers',
      'warnings',
    ]);
    // Without a template, a cluster at NONE in a project with key providers may have a switch left half done.
    expect(doc.pending).toEqual([expect.objectContaining({ cluster: 'small', current: 'NONE', basis: 'possible' })]);
    expect(doc.pending[0].message).toMatch(/possibly pending: .*AWS, AZURE enabled.*pass --template/);
    expect(doc.projectId).toBe(P_MIXED);
    expect(doc.providers.map((p: { provider: string }) => p.provider)).toEqual(['AWS', 'AZURE', 'GCP']);
    const [aws, azure, gcp] = doc.providers;
    expect(aws).toMatchObject({
      provider: 'AWS',
      enabled: true,
      valid: true,
      keyId: key(4),
      region: 'US_EAST_1',
      keyState: 'Enabled',
      currentSince: '2024-01-01T00:00:00Z',
      keyCreatedAt: '2024-01-01T00:00:00.000Z',
      ageBasis: 'key-history',
      rotationAlert: { configured: true, enabled: true, thresholdDays: 90 },
      clusters: ['orders', 'old'],
    });
    expect(typeof aws.ageDays).toBe('number');
    expect(azure).toMatchObject({
      provider: 'AZURE',
      enabled: true,
      keyId: AZURE_KEY,
      clusters: ['azure-target'],
      ageBasis: 'key-history',
    });
    expect(gcp).toMatchObject({ provider: 'GCP', enabled: false, clusters: [] });
    expect(doc.clusters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'orders',
          provider: 'AWS',
          clusterType: 'REPLICASET',
          instanceSizes: ['M10'],
          mongoDBVersion: '7.0.12',
        }),
        expect.objectContaining({ name: 'small', provider: 'NONE', instanceSizes: ['M5'] }),
      ]),
    );
    // Keys older than the 90-day alert threshold are flagged.
    expect(doc.warnings.join('\n')).toMatch(
      /AWS: the key has been the project key for \d+ days, past the 90-day rotation alert threshold/,
    );
  });

  it('--template: clusters whose provider differs from the template are pending, and --strict exits 1', async () => {
    // The shape `cdk synth` writes for Custom::AtlasEncryptedCluster: Spec is a JSON string, or Fn::Join around tokens.
    const spec = (name: string, provider: string): unknown => ({
      'Fn::Join': [
        '',
        [
          `{"projectId":"${P_MIXED}","credentialsSecretArn":"`,
          { Ref: 'AtlasSecret' },
          `","name":"${name}","mode":"ADOPT","encryptionProvider":"${provider}"}`,
        ],
      ],
    });
    const resource = (name: string, provider: string): unknown => ({
      Type: 'Custom::AtlasEncryptedCluster',
      Properties: { ServiceToken: { 'Fn::GetAtt': ['OnEvent', 'Arn'] }, Spec: spec(name, provider) },
    });
    const template = jsonFile('template', {
      Resources: {
        Orders: resource('orders', 'AWS'),
        Small: resource('small', 'AWS'),
        AzureTarget: resource('azure-target', 'AWS'),
        Missing: {
          Type: 'Custom::AtlasEncryptedCluster',
          Properties: { Spec: JSON.stringify({ projectId: P_MIXED, name: 'missing', encryptionProvider: 'AZURE' }) },
        },
        Old: resource('old', 'AZURE'),
      },
    });
    const other = jsonFile('other-project-template', {
      Resources: {
        Old: {
          Type: 'Custom::AtlasEncryptedCluster',
          Properties: {
            Spec: JSON.stringify({ projectId: P_OK, name: 'old', encryptionProvider: 'NONE' }),
          },
        },
      },
    });
    const r = await runCli(['status', '--project', P_MIXED, '--template', template, '--template', other, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Pending:');
    expect(r.stdout).toMatch(
      /cluster small is IDLE at NONE but the template asks for AWS: step 2 of the provider switch/,
    );
    expect(r.stdout).toMatch(/cluster azure-target uses AZURE \(IDLE\) but the template asks for AWS/);
    expect(r.stdout).toMatch(/cluster missing is in the template .* but not in Atlas/);
    // "old" is in both templates: AZURE in this project's (pending), NONE in another project's (ignored).
    expect(r.stdout).toMatch(/cluster old uses AWS \(IDLE\) but the template asks for AZURE/);
    expect(r.stdout).not.toMatch(/possibly pending/);
    const json = await runCli(['status', '--project', P_MIXED, '--template', template, '--json']);
    expect(json.code).toBe(0);
    const pending = JSON.parse(json.stdout).pending as Array<{ cluster: string; step?: string; basis: string }>;
    expect(pending.map((p) => [p.cluster, p.step ?? null, p.basis])).toEqual([
      ['small', 'encryptionAtRestProvider=AWS', 'template'],
      ['azure-target', 'encryptionAtRestProvider=NONE, then encryptionAtRestProvider=AWS', 'template'],
      ['missing', null, 'template'],
      ['old', 'encryptionAtRestProvider=NONE, then encryptionAtRestProvider=AZURE', 'template'],
    ]);
  });

  it('--template that is not a template: exit 2', async () => {
    const r = await runCli(['status', '--project', P_MIXED, '--template', jsonFile('not-a-template', { a: 1 })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no cluster to compare .*\n.*cdk\.out\/<stack>\.template\.json/);
  });

  it('without --key-history: key ages come from the SSM parameter', async () => {
    const name = `/atlas-encryption-at-rest/${P_MIXED}/key-history`;
    kms.parameters.set(
      name,
      JSON.stringify([
        {
          provider: 'AWS',
          from: key(40),
          to: key(4),
          changedAt: '2024-02-01T00:00:00.000Z',
          retainPreviousKeyUntil: 'none',
        },
      ]),
    );
    try {
      const r = await runCli(['status', '--project', P_MIXED, '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const aws = JSON.parse(r.stdout).providers[0];
      expect(aws).toMatchObject({ keyId: key(4), ageBasis: 'key-history', currentSince: '2024-02-01T00:00:00.000Z' });
      expect(kms.parameterCalls.at(-1)).toEqual({ name, region: 'us-east-1' });
    } finally {
      kms.parameters.delete(name);
    }
  });

  it('status: SSM access denied warns and falls back to the KMS creation date', async () => {
    const name = `/atlas-encryption-at-rest/${P_MIXED}/key-history`;
    kms.deniedParameters.add(name);
    try {
      const r = await runCli(['status', '--project', P_MIXED, '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^atlas-ear: warning: cannot read the key history .*AccessDeniedException/);
      expect(JSON.parse(r.stdout).providers[0]).toMatchObject({ ageBasis: 'kms-creation-date' });
    } finally {
      kms.deniedParameters.delete(name);
    }
  });

  it('text output names the invalid provider', async () => {
    const r = await runCli(['status', '--project', P_DISABLED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/AWS\s+enabled, NOT VALID/);
    expect(r.stdout).toContain('Restore key access first');
  });
});

describe('atlas-ear credentials and errors', () => {
  it('bad credentials: exit 2, a clear message, no secret', async () => {
    const wrong = 'c0ffee00-dead-beef-0000-123456789abc';
    const r = await runCli(['status', '--project', P_OK], { ATLAS_PRIVATE_KEY: wrong });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /atlas-ear: error: Atlas rejected the credentials \(credentials from environment \(ATLAS_PUBLIC_KEY\)\): 401/,
    );
    expect(r.stderr).toContain('Check ATLAS_PUBLIC_KEY/ATLAS_PRIVATE_KEY');
    expect(`${r.stdout}${r.stderr}`).not.toContain(wrong);
  });

  it('bad credentials with --json: the error is also a JSON document on stdout', async () => {
    const r = await runCli(['status', '--project', P_OK, '--json'], {
      ATLAS_PRIVATE_KEY: 'c0ffee00-dead-beef-0000-123456789abc',
    });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      error: { exitCode: 2, message: expect.stringMatching(/rejected the credentials/) },
    });
  });

  it('a service account works too', async () => {
    const r = await runCli(['status', '--project', P_OK], {
      ATLAS_PUBLIC_KEY: undefined,
      ATLAS_PRIVATE_KEY: undefined,
      ATLAS_CLIENT_ID: emu.credentials.serviceAccount.clientId,
      ATLAS_CLIENT_SECRET: emu.credentials.serviceAccount.clientSecret,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(emu.credentials.serviceAccount.clientSecret);
  });

  it('no credentials: exit 2 and what to set', async () => {
    const r = await runCli(['status', '--project', P_OK], {
      ATLAS_PUBLIC_KEY: undefined,
      ATLAS_PRIVATE_KEY: undefined,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no Atlas credentials found');
    expect(r.stderr).toContain('ATLAS_CLIENT_ID');
  });

  it('Atlas unreachable: exit 3', async () => {
    const r = await runCli(['status', '--project', P_OK], { ATLAS_BASE_URL: 'http://127.0.0.1:9' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot reach Atlas at http:\/\/127.0.0.1:9/);
  });

  it('missing required options: exit 2 with usage', async () => {
    const r = await runCli(['restore-check', '--project', P_OK]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--cluster <name>' not specified/);
  });
});
