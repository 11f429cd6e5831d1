/**
 * Each provider package is an optional peer, loaded only by the construct that needs it: checked in a fresh Node
 * process (./support/load-probe.ts), whose require.cache shows what was really loaded.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const PROBE = join(__dirname, 'support', 'load-probe.ts');

interface Probe {
  readonly loaded: string[];
  readonly error?: string;
  readonly message?: string;
}

function probe(...args: string[]): Probe {
  const out = execFileSync(TSX, [PROBE, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as Probe;
}

jest.setTimeout(120_000);

describe('provider packages load only with the construct that needs them', () => {
  test('importing atlas-encryption-at-rest/cdktf and using the Azure key and an AWS key by reference does not load @cdktf/provider-aws', () => {
    const result = probe('azure');
    expect(result.error).toBeUndefined();
    // The probe does see what is loaded: the Azure packages the Azure key needs are there.
    expect(result.loaded).toEqual(expect.arrayContaining(['@cdktf/provider-azurerm', '@cdktf/provider-azuread']));
    expect(result.loaded).not.toContain('@cdktf/provider-aws');
    expect(result.loaded).not.toContain('@cdktf/provider-google');
  });

  test('AwsKmsEncryptionKey loads @cdktf/provider-aws and none of the Azure packages', () => {
    const result = probe('aws');
    expect(result.error).toBeUndefined();
    expect(result.loaded).toContain('@cdktf/provider-aws');
    expect(result.loaded).not.toContain('@cdktf/provider-azurerm');
    expect(result.loaded).not.toContain('@cdktf/provider-azuread');
  });

  test('without @cdktf/provider-aws, AwsKmsEncryptionKey names the package and its install line', () => {
    const range = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).peerDependencies['@cdktf/provider-aws'];
    expect(probe('aws', '--hide=@cdktf/provider-aws')).toEqual({
      error: 'MissingPeerError',
      message:
        'atlas-encryption-at-rest/cdktf AwsKmsEncryptionKey needs the peer package @cdktf/provider-aws, which is not ' +
        `installed. Install it: npm install @cdktf/provider-aws@${range}`,
      loaded: [],
    });
  });

  test('without @cdktf/provider-aws, the Azure key and an AWS key by reference still synthesize', () => {
    expect(probe('azure', '--hide=@cdktf/provider-aws').error).toBeUndefined();
  });
});
