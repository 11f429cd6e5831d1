// Bundles the deploy-time handler (lib/cdk/handler) into assets/handler/index.js with esbuild.
// Runs on `npm ci` (prepare) and `npm run build`; the output is deterministic (no timestamps,
// no absolute paths, no source maps), so the CDK asset hash changes only when handler code does.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'lib/cdk/handler/index.ts');
const outfile = join(root, 'assets/handler/index.js');

if (!existsSync(entry)) {
  console.error(`bundle-handler: ${entry} not found`);
  process.exit(1);
}
mkdirSync(dirname(outfile), { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  // The Lambda Node.js runtime ships AWS SDK v3: keep it out of the bundle.
  external: ['@aws-sdk/*'],
  logLevel: 'warning',
});
const bytes = Object.values(result.metafile.outputs)[0].bytes;
console.log(`bundle-handler: assets/handler/index.js ${bytes} bytes`);
