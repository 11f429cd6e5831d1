/**
 * Run by test/cdktf/peers.test.ts in a fresh Node process (jest keeps its own module registry, so only a real
 * process shows what `require` loaded). Argument: `azure` builds an Azure key with its project encryption and an AWS
 * configuration by reference; `aws` builds an AwsKmsEncryptionKey. With `--hide=<package>` that package cannot be
 * resolved, as if it were not installed. Prints one JSON line: the provider packages loaded, or the error.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- the probe controls when modules load */
import Module = require('node:module');

const hide = process.argv.find((a) => a.startsWith('--hide='))?.slice('--hide='.length);
if (hide) {
  const resolve = (Module as unknown as { _resolveFilename: (...args: unknown[]) => string })._resolveFilename;
  (Module as unknown as { _resolveFilename: (...args: unknown[]) => string })._resolveFilename = function (
    request: unknown,
    ...rest: unknown[]
  ) {
    if (typeof request === 'string' && (request === hide || request.startsWith(`${hide}/`))) {
      throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
    }
    return resolve.call(this, request, ...rest);
  };
}

function loadedProviders(): string[] {
  const found = new Set<string>();
  for (const file of Object.keys(require.cache)) {
    const m = /node_modules[\\/](@cdktf[\\/]provider-[a-z]+)[\\/]/.exec(file);
    if (m) found.add(m[1].replace('\\', '/'));
  }
  return [...found].sort();
}

try {
  const { Testing } = require('cdktf') as typeof import('cdktf');
  const lib = require('../../../lib/cdktf') as typeof import('../../../lib/cdktf');
  const projectId = '65f1c0ffee0123456789abcd';
  Testing.synthScope((scope) => {
    if (process.argv.includes('aws')) {
      new lib.AwsKmsEncryptionKey(scope, 'Key', { projectId, region: 'us-east-1' });
      return;
    }
    const key = new lib.AzureKeyVaultEncryptionKey(scope, 'Key', {
      projectId,
      resourceGroup: lib.KeyVaultResourceGroup.create({ name: 'rg', location: 'westeurope' }),
      keyVaultName: 'probe-vault',
    });
    new lib.AtlasProjectEncryption(scope, 'Encryption', {
      projectId,
      azureKeyVault: lib.AzureKeyVaultConfiguration.fromEncryptionKey(key),
      awsKms: lib.AwsKmsConfiguration.fromAttributes({
        customerMasterKeyId: '11111111-2222-3333-4444-555555555555',
        region: 'us-east-1',
        roleId: '65f1c0ffee0123456789abce',
      }),
    });
  });
  process.stdout.write(JSON.stringify({ loaded: loadedProviders() }) + '\n');
} catch (err) {
  const e = err as Error;
  process.stdout.write(JSON.stringify({ error: e.name, message: e.message, loaded: loadedProviders() }) + '\n');
}
