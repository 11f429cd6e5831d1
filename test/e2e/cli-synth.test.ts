/**
 * The examples through the real CLIs a user runs: `npx cdk synth` (root cdk.json, aws-cdk-lib's built-in
 * validation and cdk-nag on) and `npx cdktf synth` (examples/azure-key-vault, examples/cdktf-aws and
 * examples/cdktf-gcp). Offline, no cloud account: nothing here may need credentials or the network.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const offline = {
  ...process.env,
  CHECKPOINT_DISABLE: '1', // cdktf telemetry
  CDK_DISABLE_VERSION_CHECK: 'true',
  AWS_ACCESS_KEY_ID: '',
  AWS_SECRET_ACCESS_KEY: '',
  AWS_PROFILE: '',
};

let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'atlas-ear-cli-synth-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

function npx(cwd: string, args: string[]): string {
  return execFileSync('npx', args, { cwd, env: offline, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

test('npx cdk synth writes the example template with one handler and both clusters', () => {
  npx(ROOT, ['cdk', 'synth', '--quiet', '--output', out]);
  const template = JSON.parse(readFileSync(join(out, 'AtlasEncryptionAtRestExample.template.json'), 'utf8'));
  const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
  expect(types.filter((t) => t === 'Custom::AtlasEncryptedCluster')).toHaveLength(2);
  expect(types).toContain('Custom::AtlasProjectEncryption');
  const handlers = Object.values(
    template.Resources as Record<string, { Type: string; Properties: { Handler?: string } }>,
  ).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === 'index.handler');
  expect(handlers).toHaveLength(1);
});

test('npx cdk synth --app runs the private-networking example offline, with an endpoint per cluster region', () => {
  npx(ROOT, ['cdk', 'synth', '--quiet', '--app', 'npx tsx examples/cdk-private-networking/app.ts', '--output', out]);
  const template = JSON.parse(readFileSync(join(out, 'AtlasEncryptionAtRestPrivateNetworking.template.json'), 'utf8'));
  const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
  expect(types.filter((t) => t === 'Custom::AtlasEncryptionAtRestPrivateEndpoint')).toHaveLength(2);
  expect(types.filter((t) => t === 'Custom::AtlasEncryptedCluster')).toHaveLength(2);
});

test('npx cdktf synth writes the Azure example offline', () => {
  npx(join(ROOT, 'examples', 'azure-key-vault'), ['cdktf', 'synth', '--output', out]);
  const file = join(out, 'stacks', 'atlas-ear-azure', 'cdk.tf.json');
  expect(existsSync(file)).toBe(true);
  const tf = JSON.parse(readFileSync(file, 'utf8'));
  expect(Object.keys(tf.resource)).toEqual(
    expect.arrayContaining(['azurerm_key_vault', 'azurerm_key_vault_key', 'mongodbatlas_encryption_at_rest']),
  );
});

test.each([
  {
    example: 'cdktf-aws',
    stack: 'atlas-ear-aws',
    types: [
      'aws_kms_key',
      'aws_iam_role',
      'mongodbatlas_cloud_provider_access_authorization',
      'mongodbatlas_encryption_at_rest',
      'mongodbatlas_advanced_cluster',
    ],
  },
  {
    example: 'cdktf-gcp',
    stack: 'atlas-ear-gcp',
    types: [
      'google_kms_key_ring',
      'google_kms_crypto_key',
      'google_kms_crypto_key_iam_member',
      'mongodbatlas_cloud_provider_access_setup',
      'mongodbatlas_encryption_at_rest',
    ],
  },
])('npx cdktf synth writes examples/$example offline', ({ example, stack, types }) => {
  npx(join(ROOT, 'examples', example), ['cdktf', 'synth', '--output', out]);
  const file = join(out, 'stacks', stack, 'cdk.tf.json');
  expect(existsSync(file)).toBe(true);
  const tf = JSON.parse(readFileSync(file, 'utf8'));
  expect(Object.keys(tf.resource)).toEqual(expect.arrayContaining(types));
});
