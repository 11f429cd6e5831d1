// Bundles the two runtime artifacts the package ships, with esbuild. Runs on `npm ci` (prepare) and
// `npm run build`; `node scripts/bundle.mjs handler|cli` bundles one. Output is deterministic (no
// timestamps, no absolute paths, no source maps), so the CDK asset hash changes only when handler code does.
//
// - handler: the deploy-time Lambda (lib/cdk/handler) → assets/handler/index.js. The Lambda Node.js runtime
//   ships AWS SDK v3, so `@aws-sdk/*` stays external.
// - cli: the `atlas-ear` command (lib/cli/main.ts) → assets/cli/atlas-ear.js, required by bin/atlas-ear.js.
//   It runs on users' machines, where no SDK is provided and this package has no runtime dependencies, so
//   everything (AWS SDK clients, commander, ora, the Atlas client) is bundled.
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The Atlas client's User-Agent names the package version; a bundle has no package.json beside it.
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
export const TARGETS = {
  handler: {
    entry: 'lib/cdk/handler/index.ts',
    outfile: 'assets/handler/index.js',
    target: 'node22',
    external: ['@aws-sdk/*'],
  },
  // keepNames: error classes are matched by name (AtlasApiError, AWS SDK exceptions).
  cli: {
    entry: 'lib/cli/main.ts',
    outfile: 'assets/cli/atlas-ear.js',
    target: 'node20',
    external: [],
    keepNames: true,
  },
};

/** esbuild options of one target; `overrides` lets the benchmarks build the same bundle elsewhere. */
export function buildOptions(name, overrides = {}) {
  const t = TARGETS[name];
  if (!t) throw new Error(`bundle: unknown target ${name} (known: ${Object.keys(TARGETS).join(', ')})`);
  return {
    absWorkingDir: root,
    entryPoints: [t.entry],
    outfile: t.outfile,
    bundle: true,
    platform: 'node',
    target: t.target,
    format: 'cjs',
    minify: true,
    keepNames: t.keepNames ?? false,
    legalComments: 'none',
    sourcemap: false,
    metafile: true,
    external: t.external,
    define: { __ATLAS_EAR_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
    ...overrides,
  };
}

/** Bundles one target; resolves to its size in bytes. */
export async function bundle(name, overrides = {}) {
  const options = buildOptions(name, overrides);
  if (!existsSync(join(root, TARGETS[name].entry))) throw new Error(`bundle: ${TARGETS[name].entry} not found`);
  if (options.outfile) mkdirSync(dirname(join(root, options.outfile)), { recursive: true });
  const result = await build(options);
  return Object.values(result.metafile.outputs)[0].bytes;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quiet = process.argv.includes('--quiet');
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  try {
    for (const name of names.length > 0 ? names : Object.keys(TARGETS)) {
      const bytes = await bundle(name);
      if (!quiet) console.log(`bundle: ${TARGETS[name].outfile} ${bytes} bytes`);
    }
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
