/**
 * The package as a stranger gets it from npm: `npm pack` of the library, installed into fresh apps shaped like
 * `cdk init app --language typescript` and `cdktf init --template=typescript` (their own tsconfig.json, read from the
 * installed aws-cdk and cdktf-cli templates), each with only the peers README.md lists for it. Offline: an app's
 * node_modules is the extracted tarball plus symlinks to those peers (and the template's dev tools) in this
 * repository's node_modules. The README's code blocks are the apps' sources, so every snippet must compile under
 * node10 and node16 module resolution and synthesize as written.
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const NODE_MODULES = join(ROOT, 'node_modules');
const JEST = join(NODE_MODULES, 'jest', 'bin', 'jest.js');

/** The apps, the peers README.md lists for each, and the dev tools their templates install. */
const APPS = {
  cdk: {
    peers: ['aws-cdk-lib', 'constructs'],
    devTools: ['@types/node', '@types/jest', '@swc/core', '@swc/jest'],
    template: 'aws-cdk/lib/init-templates/app/typescript/tsconfig.json',
  },
  cdktf: {
    peers: [
      'cdktf',
      'constructs',
      '@cdktf/provider-mongodbatlas',
      '@cdktf/provider-azurerm',
      '@cdktf/provider-azuread',
      '@cdktf/provider-time',
    ],
    devTools: ['@types/node'],
    template: 'cdktf-cli/bundle/templates/typescript/tsconfig.json',
  },
  'cdktf-aws': {
    peers: ['cdktf', 'constructs', '@cdktf/provider-mongodbatlas'],
    devTools: ['@types/node'],
    template: 'cdktf-cli/bundle/templates/typescript/tsconfig.json',
  },
} as const;
type AppName = keyof typeof APPS;

/** The two resolutions every app compiles under (the cdk template uses nodenext, the cdktf one node10). */
const RESOLUTIONS = {
  node10: { module: 'commonjs', moduleResolution: 'node10' },
  node16: { module: 'node16', moduleResolution: 'node16' },
} as const;

interface Snippet {
  readonly app: AppName;
  readonly file: string;
  readonly code: string;
}

/** README code blocks, each under a `<!-- consumer-check: <app> <file> -->` marker. */
function readmeSnippets(): { snippets: Snippet[]; codeBlocks: number } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const snippets = [...readme.matchAll(/<!-- consumer-check: (\S+) (\S+) -->\s*```(?:ts|js)\n([\s\S]*?)```/g)].map(
    (m) => ({ app: m[1] as AppName, file: m[2], code: m[3] }),
  );
  return { snippets, codeBlocks: [...readme.matchAll(/^```(?:ts|js)$/gm)].length };
}

interface Run {
  readonly code: number | null;
  readonly out: string;
}

/** Runs a command without printing; resolves with its exit code and combined output. */
function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

/** At most two processes at a time (the machine has two cores). */
function limiter(slots: number) {
  const waiting: (() => void)[] = [];
  let busy = 0;
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (busy >= slots) await new Promise<void>((r) => waiting.push(r));
    busy++;
    try {
      return await task();
    } finally {
      busy--;
      waiting.shift()?.();
    }
  };
}
const slot = limiter(2);

let work: string;
let tarball: string;
let tarFiles: string[];
const appDir = (app: AppName) => join(work, app);
const diagnostics = new Map<string, string>();
const pending: Promise<unknown>[] = [];
/** Starts a command now (two at a time); the test that needs it awaits it. */
const started = <T>(p: Promise<T>): Promise<T> => (pending.push(p), p);
const runs: Record<string, Promise<Run>> = {};

/** Packs the library as `npm pack` publishes it, from a staging copy whose dist/ {@link compileAll} compiled. */
function pack(stage: string): string {
  for (const f of ['package.json', 'README.md', 'LICENSE', 'THIRD_PARTY_NOTICES', 'assets', 'bin', 'docs']) {
    cpSync(join(ROOT, f), join(stage, f), { recursive: true });
  }
  const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false' };
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', work], {
    cwd: stage,
    env,
    stdio: 'pipe',
  });
  return join(
    work,
    readdirSync(work).find((f) => f.endsWith('.tgz'))!,
  );
}

/**
 * Compiles tsconfig files as `tsc -p` does, in this process, sharing parsed declaration files between programs
 * (aws-cdk-lib's are parsed once, not once per app and resolution). Returns each config's diagnostics.
 */
function compileAll(configs: { path: string; outDir?: string }[]): string[] {
  const parsed = new Map<string, ts.SourceFile>();
  const formatHost: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => ROOT,
    getNewLine: () => '\n',
  };
  return configs.map(({ path, outDir }) => {
    const config = ts.getParsedCommandLineOfConfigFile(path, outDir ? { outDir } : {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    });
    if (!config) throw new Error(`cannot read ${path}`);
    const host = ts.createCompilerHost(config.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, language, onError, fresh) => {
      if (!fileName.includes('/node_modules/')) return read(fileName, language, onError, fresh);
      const key = `${fileName}|${JSON.stringify(language)}`;
      const file = (!fresh && parsed.get(key)) || read(fileName, language, onError, fresh);
      if (file) parsed.set(key, file);
      return file;
    };
    const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, host });
    const emitted = program.emit();
    const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
    return ts.formatDiagnostics(diagnostics, formatHost);
  });
}

/** An app directory: its package.json, the extracted tarball, symlinked peers and dev tools, the template's tsconfig. */
function makeApp(app: AppName, snippets: Snippet[]): void {
  const dir = appDir(app);
  const pkgDir = join(dir, 'node_modules', 'atlas-encryption-at-rest');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
  for (const name of [...APPS[app].peers, ...APPS[app].devTools]) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(NODE_MODULES, name), join(dir, 'node_modules', name), 'dir');
  }
  const dependencies = Object.fromEntries(['atlas-encryption-at-rest', ...APPS[app].peers].map((p) => [p, '*']));
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: app, version: '0.1.0', private: true, dependencies }),
  );
  for (const s of snippets.filter((x) => x.app === app)) {
    mkdirSync(dirname(join(dir, s.file)), { recursive: true });
    writeFileSync(join(dir, s.file), s.code);
  }
  const template = JSON.parse(readFileSync(join(NODE_MODULES, APPS[app].template), 'utf8'));
  for (const [name, options] of Object.entries(RESOLUTIONS)) {
    // node10 emits JavaScript to build/, which the synth tests run; node16 only type-checks.
    const emit = name === 'node10' ? { noEmit: false, outDir: 'build', incremental: false } : { noEmit: true };
    const config = {
      ...template,
      compilerOptions: { ...template.compilerOptions, ...options, ...emit },
      include: ['**/*.ts'],
      exclude: ['node_modules', 'build', 'cdk.out', 'cdktf.out'],
    };
    writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
  }
}

const failure = (what: string, r: Run) => `${what} failed (exit ${r.code}):\n${r.out}`;

/** Runs a command in an app directory (after the compilation in beforeAll). */
const inApp = (app: AppName, args: string[], env: NodeJS.ProcessEnv = {}) =>
  slot(() => run(process.execPath, args, appDir(app), env));

const { snippets, codeBlocks } = readmeSnippets();
/** The runs start in beforeAll; a test waits for its own, on a machine shared with the other test files. */
const RUN_TIMEOUT = 150_000;

const CDK_BINS = snippets.filter((s) => s.app === 'cdk' && s.file.startsWith('bin/')).map((s) => s.file);
const cdkOut = (file: string) => join(appDir('cdk'), `cdk.out.${file.replace(/\W/g, '_')}`);
/** Runs the compiled cdk apps in one process (one aws-cdk-lib load), each with its own CDK_OUTDIR (read by `new App()`). */
const CDK_RUNNER = [
  "const { resolve } = require('node:path');",
  'for (const [file, out] of JSON.parse(process.argv[1])) {',
  '  process.env.CDK_OUTDIR = out;',
  '  require(resolve(file));',
  '}',
].join('\n');
/** From the AWS-only Terraform app: the cdk entry point without aws-cdk-lib, and the Azure key without the Azure packages. */
const PEER_PROBE = [
  'const messages = [];',
  "try { require('atlas-encryption-at-rest/cdk'); } catch (e) { messages.push(e.message); }",
  "const { App, TerraformStack } = require('cdktf');",
  "const { AzureKeyVaultEncryptionKey, KeyVaultResourceGroup } = require('atlas-encryption-at-rest/cdktf');",
  "const stack = new TerraformStack(new App(), 's');",
  'try {',
  "  new AzureKeyVaultEncryptionKey(stack, 'K', { keyVaultName: 'kv-atlas', resourceGroup: KeyVaultResourceGroup.fromName('rg') });",
  '} catch (e) { messages.push(e.message); }',
  'process.stdout.write(JSON.stringify(messages));',
].join('\n');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'atlas-ear-consumer-'));
  const stage = join(work, 'stage');
  const [lib] = compileAll([{ path: join(ROOT, 'tsconfig.build.json'), outDir: join(stage, 'dist') }]);
  if (lib !== '') throw new Error(`tsc -p tsconfig.build.json failed:\n${lib}`);
  tarball = pack(stage);
  tarFiles = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  const apps = Object.keys(APPS) as AppName[];
  for (const app of apps) makeApp(app, snippets);
  const configs = apps.flatMap((app) => Object.keys(RESOLUTIONS).map((r) => ({ app, r })));
  const results = compileAll(configs.map(({ app, r }) => ({ path: join(appDir(app), `tsconfig.${r}.json`) })));
  configs.forEach(({ app, r }, i) => diagnostics.set(`${app}:${r}`, results[i]));
  // The node10 builds emitted build/: start every run now, two at a time.
  const bins = CDK_BINS.map((f) => [join('build', f.replace(/\.ts$/, '.js')), cdkOut(f)]);
  runs.cdk = started(inApp('cdk', ['-e', CDK_RUNNER, JSON.stringify(bins)]));
  runs.cdktf = started(inApp('cdktf', [join('build', 'main.js')]));
  runs['cdktf-aws'] = started(inApp('cdktf-aws', [join('build', 'main.js')]));
  runs.probe = started(inApp('cdktf-aws', ['-e', PEER_PROBE]));
  runs.jest = started(
    inApp('cdk', [JEST, '--rootDir', appDir('cdk'), '--ci=false', '--watchman=false', '--colors=false']),
  );
}, 180_000);

afterAll(async () => {
  await Promise.allSettled(pending);
  if (work && !process.env.KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
});

describe('the published package', () => {
  test('ships the entry points, both bundles, LICENSE and THIRD_PARTY_NOTICES, and no install-time script', () => {
    for (const f of [
      'dist/lib/core/index.js',
      'dist/lib/cdk/index.d.ts',
      'dist/lib/cdk/testing/index.d.ts',
      'dist/lib/cdk/testing/jest-serializer.js',
      'dist/lib/cdktf/index.d.ts',
      'assets/handler/index.js',
      'assets/cli/atlas-ear.js',
      'bin/atlas-ear.js',
      'LICENSE',
      'THIRD_PARTY_NOTICES',
      'README.md',
    ]) {
      expect(tarFiles).toContain(f);
    }
    expect(
      tarFiles.filter((f) => f.startsWith('assets/.bundle') || f.startsWith('lib/') || f.startsWith('test/')),
    ).toEqual([]);
    const manifest = JSON.parse(
      readFileSync(join(appDir('cdk'), 'node_modules/atlas-encryption-at-rest/package.json'), 'utf8'),
    );
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(manifest.scripts?.[script]).toBeUndefined();
    for (const field of ['repository', 'homepage', 'bugs']) expect(manifest[field]).toBeDefined();
    const notices = readFileSync(
      join(appDir('cdk'), 'node_modules/atlas-encryption-at-rest/THIRD_PARTY_NOTICES'),
      'utf8',
    );
    expect(notices).toMatch(/assets\/cli\/atlas-ear\.js:\n( {2}- .+\n)* {2}- commander@/);
    expect(notices).toContain('Permission is hereby granted'); // an MIT text, verbatim
  });

  test('every ts and js block of README.md belongs to an app of this check', () => {
    expect(snippets).toHaveLength(codeBlocks);
    expect(new Set(snippets.map((s) => s.app))).toEqual(new Set(Object.keys(APPS)));
  });

  describe.each(Object.keys(APPS) as AppName[])('%s app', (app) => {
    test.each(Object.keys(RESOLUTIONS) as (keyof typeof RESOLUTIONS)[])('compiles under %s resolution', (r) => {
      expect(diagnostics.get(`${app}:${r}`)).toBe('');
    });
  });

  test(
    'the cdk snippets synthesize, each staging the shipped handler',
    async () => {
      expect(CDK_BINS.length).toBeGreaterThanOrEqual(3);
      const result = await runs.cdk;
      if (result.code !== 0) throw new Error(failure('synth of the cdk snippets', result));
      for (const file of CDK_BINS) {
        const out = cdkOut(file);
        const templates = readdirSync(out).filter((f) => f.endsWith('.template.json'));
        expect(templates).toHaveLength(1);
        const resources = Object.values(JSON.parse(readFileSync(join(out, templates[0]), 'utf8')).Resources);
        const types = resources.map((r) => (r as { Type: string }).Type);
        expect(types).toEqual(
          expect.arrayContaining(['Custom::AtlasProjectEncryption', 'Custom::AtlasEncryptedCluster']),
        );
        const assets = readdirSync(out).filter((f) => f.startsWith('asset.'));
        expect(assets.some((a) => existsSync(join(out, a, 'index.js')))).toBe(true);
      }
    },
    RUN_TIMEOUT,
  );

  test.each([
    ['cdktf', 'atlas-ear', ['mongodbatlas_encryption_at_rest', 'mongodbatlas_advanced_cluster', 'azurerm_key_vault']],
    ['cdktf-aws', 'atlas-ear-aws', ['mongodbatlas_encryption_at_rest', 'mongodbatlas_advanced_cluster']],
  ] as const)(
    'the %s snippet synthesizes with its provider constructs',
    async (app, stack, expected) => {
      const result = await runs[app];
      if (result.code !== 0) throw new Error(failure(`synth ${app}`, result));
      const tf = JSON.parse(readFileSync(join(appDir(app), 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8'));
      expect(Object.keys(tf.resource)).toEqual(expect.arrayContaining([...expected]));
      if (app === 'cdktf-aws') expect(Object.keys(tf.provider)).toEqual(['mongodbatlas']);
    },
    RUN_TIMEOUT,
  );

  test(
    'the AWS-only Terraform app has no Azure package, and a missing peer names itself and its install line',
    async () => {
      expect(existsSync(join(appDir('cdktf-aws'), 'node_modules', '@cdktf', 'provider-azurerm'))).toBe(false);
      const result = await runs.probe;
      if (result.code !== 0) throw new Error(failure('peer probe', result));
      const [cdk, azure] = JSON.parse(result.out) as string[];
      const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
      const peer = (p: string) => `${p}@${manifest.peerDependencies[p]}`;
      expect(cdk).toBe(
        `atlas-encryption-at-rest/cdk needs the peer package aws-cdk-lib, which is not installed. Install it: npm install ${peer('aws-cdk-lib')}`,
      );
      expect(azure).toBe(
        'atlas-encryption-at-rest/cdktf AzureKeyVaultEncryptionKey needs the peer packages @cdktf/provider-azurerm, ' +
          '@cdktf/provider-azuread, @cdktf/provider-time, which are not installed. Install them: npm install ' +
          ['@cdktf/provider-azurerm', '@cdktf/provider-azuread', '@cdktf/provider-time'].map(peer).join(' '),
      );
    },
    RUN_TIMEOUT,
  );

  test(
    "the README's stack test passes under jest with the serializer listed in snapshotSerializers",
    async () => {
      const dir = appDir('cdk');
      const result = await runs.jest;
      if (result.code !== 0) throw new Error(failure('jest in the cdk app', result));
      const snap = readFileSync(join(dir, 'test', '__snapshots__', 'atlas.test.ts.snap'), 'utf8');
      expect(snap).toContain('"Spec": JsonSpec {');
      expect(snap).toContain('"name": "orders"');
      expect(snap).toContain('[ASSET-HASH]');
      expect(snap).not.toMatch(/[0-9a-f]{64}/);
    },
    RUN_TIMEOUT,
  );
});
