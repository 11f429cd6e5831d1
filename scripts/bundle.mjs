// Bundles the two runtime artifacts the package ships, with esbuild, and writes THIRD_PARTY_NOTICES for the code
// they contain. Runs from `npm run build` (so once per `npm pack`), from cdk.json's app and from jest's globalSetup
// (both with --if-stale). `node scripts/bundle.mjs handler|cli` bundles one. Output is deterministic (no timestamps,
// no absolute paths, no source maps), so the CDK asset hash changes only when handler code does.
//
// - handler: the deploy-time Lambda (lib/cdk/handler) → assets/handler/index.js. The Lambda Node.js runtime
//   ships AWS SDK v3, so `@aws-sdk/*` stays external.
// - cli: the `atlas-ear` command (lib/cli/main.ts) → assets/cli/atlas-ear.js, required by bin/atlas-ear.js.
//   It runs on users' machines, where no SDK is provided and this package has no runtime dependencies, so
//   everything (AWS SDK clients, commander, ora, the Atlas client) is bundled.
//
// --if-stale skips a target whose output exists and whose recorded inputs (esbuild's metafile of the last build)
// still have the same content: a content hash, not file times, so the answer is the same on every machine.
import { build, version as esbuildVersion } from 'esbuild';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
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
    runtimeRuleRegistry: true,
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
/** Per-target record of the last build (inputs, their hash, bundled packages); outside assets/handler, which is the Lambda asset. */
const STATE_DIR = 'assets/.bundle';
export const NOTICES_FILE = 'THIRD_PARTY_NOTICES';

const REGISTRY = 'lib/core/catalogue/rule-registry.ts';
const DEFINITIONS_START = 'const DEFINITIONS = {';
const DEFINITIONS_END = '} as const satisfies Record<string, RuleDefinition>;';

/**
 * The rule registry as the handler runs it: each rule's stage and severity, which is all code reads at run time
 * (RuleReporter looks up the severity); the summaries, notes and check names are documentation (docs/rules.md,
 * the CLI) and about 12 kB of the Lambda bundle otherwise. The registry stays the one source: its definitions are
 * evaluated here and written back as data.
 */
const runtimeRuleRegistry = {
  name: 'runtime-rule-registry',
  setup(b) {
    b.onLoad({ filter: /[\\/]core[\\/]catalogue[\\/]rule-registry\.ts$/ }, async ({ path }) => {
      const source = readFileSync(path, 'utf8');
      const at = source.indexOf(DEFINITIONS_START);
      const end = source.indexOf(DEFINITIONS_END, at);
      if (at < 0 || end < 0)
        throw new Error(`bundle: ${REGISTRY} no longer has the DEFINITIONS literal the handler build reads`);
      const compiled = await build({
        entryPoints: [path],
        bundle: true,
        format: 'cjs',
        platform: 'node',
        write: false,
      });
      const module = { exports: {} };
      new Function('module', 'exports', compiled.outputFiles[0].text)(module, module.exports);
      const data = Object.fromEntries(
        Object.entries(module.exports.RULES).map(([id, r]) => [id, { stage: r.stage, severity: r.severity }]),
      );
      const contents = `${source.slice(0, at)}const DEFINITIONS = ${JSON.stringify(data)} as const;${source.slice(end + DEFINITIONS_END.length)}`;
      return { contents, loader: 'ts' };
    });
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
    plugins: t.runtimeRuleRegistry ? [runtimeRuleRegistry] : [],
    logLevel: 'warning',
    ...overrides,
  };
}

const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** Hash over the build options, esbuild's version and the content of every input. */
function inputsKey(name, inputs) {
  const h = createHash('sha256').update(JSON.stringify({ options: buildOptions(name), esbuildVersion }));
  for (const input of [...inputs].sort()) {
    const file = join(root, input);
    h.update(`${input}\0${existsSync(file) ? sha256(readFileSync(file)) : 'missing'}\0`);
  }
  return h.digest('hex');
}

const statePath = (name) => join(root, STATE_DIR, `${name}.json`);

function readState(name) {
  try {
    return JSON.parse(readFileSync(statePath(name), 'utf8'));
  } catch {
    return undefined;
  }
}

/** True when the target's output exists and was built from inputs whose content has not changed since. */
export function isFresh(name) {
  const state = readState(name);
  return (
    state !== undefined && existsSync(join(root, TARGETS[name].outfile)) && inputsKey(name, state.inputs) === state.key
  );
}

/** The package directory (relative, ending in the package name) an input belongs to, if any. */
function packageDirOf(input) {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  return input.slice(0, at) + 'node_modules/' + rest.slice(0, rest[0].startsWith('@') ? 2 : 1).join('/');
}

/** Name, version, license and the license/notice files of every package whose code is in the bundle. */
function bundledPackages(metafile) {
  const output = Object.values(metafile.outputs)[0];
  const dirs = new Set();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const dir = packageDirOf(input);
    if (dir && bytesInOutput > 0) dirs.add(dir);
  }
  return [...dirs]
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
      const files = readdirSync(join(root, dir))
        .filter((f) => /^(licen[cs]e|copying|notice)([.-].*)?$/i.test(f))
        .sort();
      return { name: manifest.name, version: manifest.version, license: manifest.license ?? 'UNKNOWN', dir, files };
    })
    .sort((a, b) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`));
}

/** Rewrites THIRD_PARTY_NOTICES from the recorded builds: each distinct license text once, with its packages. */
function writeNotices() {
  const byText = new Map();
  const lines = [
    'THIRD-PARTY SOFTWARE NOTICES',
    '',
    'atlas-encryption-at-rest is licensed under the Apache License 2.0 (LICENSE). Its bundled files include code',
    'from the open-source packages below, under their own licenses. Bundle contents:',
    '',
  ];
  for (const name of Object.keys(TARGETS)) {
    const state = readState(name);
    if (!state) continue;
    const listed = state.packages.map((p) => `${p.name}@${p.version} (${p.license})`);
    lines.push(`${TARGETS[name].outfile}:`, ...(listed.length > 0 ? listed.map((l) => `  - ${l}`) : ['  (none)']), '');
    for (const p of state.packages) {
      const texts = p.files.map((f) => readFileSync(join(root, p.dir, f), 'utf8').replace(/\s+$/, ''));
      const text =
        texts.length > 0 ? texts.join('\n\n') : `No license file in the package; its manifest says: ${p.license}`;
      const id = `${p.name}@${p.version}`;
      if (!byText.has(text)) byText.set(text, new Set());
      byText.get(text).add(id);
    }
  }
  const rule = '-'.repeat(100);
  for (const [text, ids] of byText) lines.push(rule, '', `${[...ids].join(', ')}:`, '', text, '');
  writeFileSync(join(root, NOTICES_FILE), lines.join('\n'));
}

/** Bundles one target (or leaves it when `ifStale` and it is fresh); resolves to its size in bytes, or undefined if skipped. */
export async function bundle(name, overrides = {}, { ifStale = false } = {}) {
  const options = buildOptions(name, overrides);
  if (!existsSync(join(root, TARGETS[name].entry))) throw new Error(`bundle: ${TARGETS[name].entry} not found`);
  if (ifStale && isFresh(name)) return undefined;
  if (options.outfile) mkdirSync(dirname(join(root, options.outfile)), { recursive: true });
  // Written by rename, so a concurrent reader (a test staging the handler asset) never sees half a file.
  const result = await build({ ...options, write: false });
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  // Benchmarks build the same options elsewhere: only the shipped build records its state and notices.
  if (Object.keys(overrides).length === 0) {
    const inputs = Object.keys(result.metafile.inputs).sort();
    const state = { key: inputsKey(name, inputs), inputs, packages: bundledPackages(result.metafile) };
    mkdirSync(join(root, STATE_DIR), { recursive: true });
    writeFileSync(statePath(name), JSON.stringify(state, null, 1) + '\n');
    writeNotices();
  }
  return Object.values(result.metafile.outputs)[0].bytes;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quiet = process.argv.includes('--quiet');
  const ifStale = process.argv.includes('--if-stale');
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  try {
    for (const name of names.length > 0 ? names : Object.keys(TARGETS)) {
      const bytes = await bundle(name, {}, { ifStale });
      if (!quiet)
        console.log(`bundle: ${TARGETS[name].outfile} ${bytes === undefined ? 'up to date' : `${bytes} bytes`}`);
    }
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
