// `npm run bench`: measures the library against its performance targets, prints a table and writes
// bench/results.json. Every app runs in a fresh Node process with the same loader (`node --import tsx`), its own
// empty CDK_OUTDIR and aws-cdk-lib's built-in template validation on; the two sides of a ratio are interleaved
// (ABAB…) in the same run and summarized by medians. Options (environment): BENCH_REPS (default 5) repetitions per
// side, BENCH_INIT_REPS (default 15) handler init samples, BENCH_SKIP (comma list of sections to skip: synth,
// import, scale, handler, deploy, cdktf). Nothing here runs under jest and nothing asserts on time.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bench = join(root, 'bench');
const probe = join(bench, 'lib', 'probe.cjs');
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 5));
const INIT_REPS = Math.max(3, Number(process.env.BENCH_INIT_REPS ?? 15));
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const OUT = process.env.BENCH_OUT ?? join(root, 'bench', 'results.json');
const MERGE = (process.env.BENCH_MERGE ?? '').split(',').filter(Boolean);
const work = mkdtempSync(join(tmpdir(), 'atlas-ear-bench-'));
let seq = 0;

// ---------------------------------------------------------------- helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 0) => (x === undefined || x === null || Number.isNaN(x) ? null : Number(x.toFixed(d)));
const spread = (xs) => ({ min: round(Math.min(...xs)), max: round(Math.max(...xs)), n: xs.length });
const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

/** Runs a command; resolves with exit code, wall ms, stdout, stderr and the probe lines (peak RSS per process). */
function run(cmd, args, { env = {}, cwd = root, probeChildren = false } = {}) {
  const probeFile = join(work, `probe-${++seq}.jsonl`);
  const childEnv = { ...process.env, ...env, BENCH_PROBE: probeFile };
  if (probeChildren) childEnv.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim();
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      const probes = existsSync(probeFile)
        ? readFileSync(probeFile, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l))
        : [];
      resolve({ code, ms, stdout, stderr, maxRssKb: Math.max(0, ...probes.map((p) => p.maxRssKb)) });
    });
  });
}

/** Synthesizes one cdk app (TypeScript, via tsx) into a fresh CDK_OUTDIR. */
async function synthCdk(app, env = {}) {
  const outdir = join(work, `cdk-${++seq}`);
  mkdirSync(outdir);
  const r = await run(process.execPath, ['--import', 'tsx', '--require', probe, join(bench, 'apps', app)], {
    env: { CDK_OUTDIR: outdir, ...env },
  });
  return { ...r, outdir };
}

function mustSucceed(r, what) {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stderr.slice(-2000)}`);
  return r;
}

/** Interleaves two apps ABAB… after one untimed warm-up each (tsx's transform cache, the OS file cache). */
async function compare(a, b, reps) {
  for (const s of [a, b]) mustSucceed(await synthCdk(s.app, s.env), s.app);
  const out = { a: [], b: [], aRss: [], bRss: [], pairRatios: [] };
  for (let i = 0; i < reps; i++) {
    const order = i % 2 === 0 ? [a, b] : [b, a];
    const got = {};
    for (const s of order) {
      const r = mustSucceed(await synthCdk(s.app, s.env), s.app);
      got[s === a ? 'a' : 'b'] = r;
      rmSync(r.outdir, { recursive: true, force: true });
    }
    out.a.push(got.a.ms);
    out.b.push(got.b.ms);
    out.aRss.push(got.a.maxRssKb);
    out.bRss.push(got.b.maxRssKb);
    out.pairRatios.push(got.a.ms / got.b.ms);
    log(`  ${a.app} ${got.a.ms.toFixed(0)} ms | ${b.app} ${got.b.ms.toFixed(0)} ms`);
  }
  return {
    aMedianMs: round(median(out.a)),
    bMedianMs: round(median(out.b)),
    aSpreadMs: spread(out.a),
    bSpreadMs: spread(out.b),
    aPeakRssMb: round(median(out.aRss) / 1024),
    bPeakRssMb: round(median(out.bRss) / 1024),
    ratio: round(median(out.a) / median(out.b), 3),
    pairRatioSpread: { min: round(Math.min(...out.pairRatios), 3), max: round(Math.max(...out.pairRatios), 3) },
  };
}

/** Minified template (the way CloudFormation counts a template body) and its resource count. */
function templateStats(outdir, stackArtifact) {
  const template = JSON.parse(readFileSync(join(outdir, `${stackArtifact}.template.json`), 'utf8'));
  return {
    bytes: Buffer.byteLength(JSON.stringify(template)),
    resources: Object.keys(template.Resources ?? {}).length,
    template,
  };
}

async function scaleStats(app, stack, n, env = {}) {
  const r = await synthCdk(app, { BENCH_CLUSTERS: String(n), ...env });
  if (r.code !== 0) return { ok: false, stderr: r.stderr };
  const s = templateStats(r.outdir, stack);
  rmSync(r.outdir, { recursive: true, force: true });
  return { ok: true, ...s, ms: r.ms };
}

// ---------------------------------------------------------------- sections

const results = {};
const extra = {};

async function synthSection() {
  log(`synth: example stack vs awscdk-resources-mongodbatlas, ${REPS} interleaved repetitions`);
  const c = await compare({ app: 'example-cdk.ts' }, { app: 'mongodb-cdk.ts' }, REPS);
  results.synthRatioVsMongoCdk = c.ratio;
  extra.synth = { ours: 'bench/apps/example-cdk.ts', theirs: 'bench/apps/mongodb-cdk.ts (BENCH_CLUSTERS=2)', ...c };
  // Diagnosis: aws-cdk-lib's built-in CloudFormation validation dominates synth time (a fixed start-up plus a cost
  // per resource type), so the same comparison with it off on both sides (CDK_VALIDATION=false) is reported too.
  log('synth: the same with the built-in validation off on both sides (diagnosis)');
  const off = { CDK_VALIDATION: 'false' };
  const nv = await compare({ app: 'example-cdk.ts', env: off }, { app: 'mongodb-cdk.ts', env: off }, REPS);
  results.synthRatioVsMongoCdkWithoutValidation = nv.ratio;
  extra.synthWithoutValidation = nv;
  if (process.env.BENCH_NAG === '1') {
    log('synth: the same with cdk-nag AwsSolutions on both sides');
    const n = await compare(
      { app: 'example-cdk.ts', env: { BENCH_NAG: '1' } },
      { app: 'mongodb-cdk.ts', env: { BENCH_NAG: '1' } },
      REPS,
    );
    results.synthRatioVsMongoCdkWithNag = n.ratio;
    extra.synthWithNag = n;
  }
}

async function importSection() {
  log(`import: empty app with vs without the library, ${REPS} interleaved repetitions`);
  const c = await compare({ app: 'empty-with-library.ts' }, { app: 'empty-without-library.ts' }, REPS);
  results.importOverheadRatio = c.ratio;
  results.importOverheadMs = round(c.aMedianMs - c.bMedianMs);
  extra.import = c;
  log('import: the same with the built-in validation off on both sides (diagnosis)');
  const off = { CDK_VALIDATION: 'false' };
  const nv = await compare(
    { app: 'empty-with-library.ts', env: off },
    { app: 'empty-without-library.ts', env: off },
    REPS,
  );
  results.importOverheadRatioWithoutValidation = nv.ratio;
  extra.importWithoutValidation = nv;
}

/** Template rewrites that model candidate byte savings per cluster (measured, never shipped from here). */
const clusterResources = (t) => Object.values(t.Resources).filter((r) => r.Type === 'Custom::AtlasEncryptedCluster');
const WHAT_IF = {
  omitSpecDeletePolicyRetain: (t) => {
    for (const r of clusterResources(t)) {
      const spec = JSON.parse(r.Properties.Spec);
      if (spec.deletePolicy === 'RETAIN') delete spec.deletePolicy;
      r.Properties.Spec = JSON.stringify(spec);
    }
    return t;
  },
  dropUpdateReplacePolicy: (t) => {
    for (const r of clusterResources(t)) delete r.UpdateReplacePolicy;
    return t;
  },
  shortOnEventLogicalId: (t) =>
    JSON.parse(JSON.stringify(t).replaceAll('AtlasEarProviderframeworkonEvent5B418D6D', 'AtlasEarOnEvent')),
  omitSpecDeletePolicyRetainAndShortOnEventLogicalId: (t) =>
    WHAT_IF.shortOnEventLogicalId(WHAT_IF.omitSpecDeletePolicyRetain(t)),
};

async function scaleSection() {
  log('scale: template bytes and resources at N = 1, 10, 100 clusters');
  const at = {};
  for (const n of [1, 10, 100]) {
    const s = await scaleStats('scale.ts', 'ScaleBench', n);
    if (!s.ok) throw new Error(`scale.ts N=${n} failed:\n${s.stderr.slice(-2000)}`);
    at[n] = s;
    log(`  N=${n}: ${s.bytes} bytes, ${s.resources} resources`);
  }
  const slope = (k) => (at[100][k] - at[10][k]) / 90;
  const bytesPerCluster = slope('bytes');
  const resourcesPerCluster = slope('resources');
  const fixedBytes = at[1].bytes - bytesPerCluster;
  const fixedResources = at[1].resources - resourcesPerCluster;
  const predicted = Math.floor((500 - fixedResources) / resourcesPerCluster);
  // Verify: N = predicted synthesizes within 500 resources; N + 1 does not (aws-cdk-lib refuses > 500).
  let maxN = predicted;
  let verified = await scaleStats('scale.ts', 'ScaleBench', maxN);
  while (!verified.ok || verified.resources > 500) {
    maxN -= 1;
    verified = await scaleStats('scale.ts', 'ScaleBench', maxN);
  }
  let above = await scaleStats('scale.ts', 'ScaleBench', maxN + 1);
  while (above.ok && above.resources <= 500 && maxN < predicted + 50) {
    maxN += 1;
    verified = above;
    above = await scaleStats('scale.ts', 'ScaleBench', maxN + 1);
  }
  const aboveFits = above.ok && above.resources <= 500;
  log(`  max N = ${maxN} (${verified.resources} resources, ${verified.bytes} bytes); N+1 fits: ${aboveFits}`);
  // One cluster resource as synthesized (for the report).
  const sample = Object.entries(at[1].template.Resources).find(([, r]) => r.Type === 'Custom::AtlasEncryptedCluster');
  // The same with the path metadata `cdk synth`/`cdk deploy` add by default (aws:cdk:path per resource).
  const withMeta = {};
  for (const n of [10, 100]) {
    const s = await scaleStats('scale.ts', 'ScaleBench', n, {
      CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:enable-path-metadata': true }),
    });
    if (s.ok) withMeta[n] = s.bytes;
  }
  // MongoDB's library, same counting, for reference.
  const theirs = {};
  for (const n of [10, 100]) {
    const s = await scaleStats('mongodb-cdk.ts', 'MongoDbCdkBaseline', n);
    if (s.ok) theirs[n] = s;
  }
  // What-if byte savings, measured on the same templates (not applied to the library; see bench/README.md).
  const savings = {};
  for (const [name, fn] of Object.entries(WHAT_IF)) {
    const b = (n) => Buffer.byteLength(JSON.stringify(fn(JSON.parse(JSON.stringify(at[n].template)))));
    savings[name] = round((b(100) - b(10)) / 90, 1);
  }
  results.templateBytesPerCluster = round(bytesPerCluster, 1);
  results.resourcesPerCluster = round(resourcesPerCluster, 3);
  results.templateFixedBytes = round(fixedBytes);
  results.templateFixedResources = round(fixedResources, 1);
  results.maxClustersPerStack = aboveFits ? null : maxN;
  results.templateBytesAtMaxClusters = verified.bytes;
  if (withMeta[10] && withMeta[100]) {
    results.templateBytesPerClusterWithPathMetadata = round((withMeta[100] - withMeta[10]) / 90, 1);
  }
  if (theirs[10] && theirs[100]) {
    results.mongoCdkTemplateBytesPerCluster = round((theirs[100].bytes - theirs[10].bytes) / 90, 1);
    results.mongoCdkResourcesPerCluster = round((theirs[100].resources - theirs[10].resources) / 90, 3);
  }
  extra.scale = {
    app: 'bench/apps/scale.ts (AWS KMS key, one project, N x EncryptedCluster create, AWS US_EAST_1 M10)',
    points: Object.fromEntries(Object.entries(at).map(([n, s]) => [n, { bytes: s.bytes, resources: s.resources }])),
    predictedMaxClusters: predicted,
    verifiedAt: { clusters: maxN, resources: verified.resources, bytes: verified.bytes },
    nextUpFits: aboveFits,
    whatIfBytesPerCluster: savings,
    sampleClusterResource: sample
      ? { logicalId: sample[0], bytes: Buffer.byteLength(JSON.stringify(sample[1])), resource: sample[1] }
      : null,
  };
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p[0], 0) / n;
  const my = points.reduce((a, p) => a + p[1], 0) / n;
  const num = points.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const den = points.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return num / den;
}

async function perClusterSection() {
  const ns = [1, 10, 50];
  log(`percluster: N = ${ns.join(', ')} clusters, ours vs awscdk-resources-mongodbatlas: bytes, then warm synth time`);
  const sides = {
    ours: { app: 'scale.ts', stack: 'ScaleBench' },
    theirs: { app: 'mongodb-cdk.ts', stack: 'MongoDbCdkBaseline' },
  };
  // Bytes: the template each app writes (deterministic, one synth per N).
  const bytes = { ours: {}, theirs: {} };
  for (const n of ns) {
    for (const side of ['ours', 'theirs']) {
      const st = await scaleStats(sides[side].app, sides[side].stack, n);
      if (!st.ok) throw new Error(`${sides[side].app} N=${n} failed:\n${st.stderr.slice(-2000)}`);
      bytes[side][n] = st.bytes;
    }
  }
  // Time: warm, in one process (bench/per-cluster.ts), so process start-up and its spread stay out of the slope.
  const t = mustSucceed(await run(process.execPath, ['--import', 'tsx', join(bench, 'per-cluster.ts')]), 'per-cluster');
  const timing = JSON.parse(t.stdout.trim().split('\n').pop());
  const out = {};
  for (const side of ['ours', 'theirs']) {
    out[side] = {
      ...timing[side],
      bytes: bytes[side],
      bytesPerCluster: round(slope(ns.map((n) => [n, bytes[side][n]])), 1),
    };
    log(
      `  ${side}: ${ns.map((n) => timing[side].medianMs[n]).join('/')} ms, ${timing[side].msPerCluster} ms and ${out[side].bytesPerCluster} B per cluster`,
    );
  }
  // A slope that is not positive means the spread hid the per-cluster cost: no ratio then, rather than a meaningless one.
  const msUsable = out.ours.msPerCluster > 0 && out.theirs.msPerCluster > 0;
  results.synthMsPerClusterRatioVsMongoCdk = msUsable ? timing.synthMsPerClusterRatioVsMongoCdk : null;
  results.templateBytesPerClusterRatioVsMongoCdk = round(out.ours.bytesPerCluster / out.theirs.bytesPerCluster, 3);
  results.synthMsPerCluster = out.ours.msPerCluster;
  results.mongoCdkSynthMsPerCluster = out.theirs.msPerCluster;
  extra.perCluster = {
    method: `bytes: least-squares slope over N = ${ns.join(', ')} of the minified template bytes (bench/apps/scale.ts, bench/apps/mongodb-cdk.ts); time: ${timing.method} (bench/per-cluster.ts, ${timing.rounds} rounds)`,
    msSlopeUsable: msUsable,
    ours: 'bench/lib/scale-topology.ts',
    theirs: 'bench/lib/mongodb-topology.ts',
    ...out,
  };
}

/** Parts of the library's per-stack provider, each added alone to MongoDB's topology (bench/apps/provider-parts.ts). */
const PARTS = ['', 'asset', 'logGroup', 'function', 'framework', 'alias', 'library'];

async function partsSection() {
  log(`parts: fixed synth cost of each provider part over MongoDB's topology, ${REPS} interleaved rounds`);
  const env = (p) => ({ BENCH_PARTS: p });
  mustSucceed(await synthCdk('provider-parts.ts', env('library')), 'provider-parts.ts');
  const samples = Object.fromEntries(PARTS.map((p) => [p, []]));
  for (let r = 0; r < REPS; r++) {
    const order = r % 2 === 0 ? PARTS : [...PARTS].reverse();
    for (const p of order) {
      const got = mustSucceed(await synthCdk('provider-parts.ts', env(p)), `provider-parts.ts ${p}`);
      rmSync(got.outdir, { recursive: true, force: true });
      samples[p].push(got.ms);
    }
    log(`  round ${r + 1}: ${PARTS.map((p) => `${p || 'base'} ${samples[p].at(-1).toFixed(0)}`).join(', ')}`);
  }
  const base = median(samples['']);
  const costMs = Object.fromEntries(PARTS.filter(Boolean).map((p) => [p, round(median(samples[p]) - base)]));
  results.fixedSynthOverheadRatioLibraryProvider = round(median(samples.library) / base, 3);
  extra.parts = {
    app: 'bench/apps/provider-parts.ts (MongoDB topology, 2 clusters, + BENCH_PARTS)',
    baseMedianMs: round(base),
    costMsOverBase: costMs,
    medianMs: Object.fromEntries(PARTS.map((p) => [p || 'base', round(median(samples[p]))])),
    spreadMs: Object.fromEntries(PARTS.map((p) => [p || 'base', spread(samples[p])])),
  };
}

async function userTestsSection() {
  log('usertests: Template.fromStack, warm, one process (validation on, then off)');
  const on = mustSucceed(
    await run(process.execPath, ['--import', 'tsx', join(bench, 'user-tests.ts')]),
    'user-tests (validation on)',
  );
  const off = mustSucceed(
    await run(process.execPath, ['--import', 'tsx', join(bench, 'user-tests.ts')], {
      env: { BENCH_USER_TEST_VALIDATION: 'false' },
    }),
    'user-tests (validation off)',
  );
  const a = JSON.parse(on.stdout.trim().split('\n').pop());
  const b = JSON.parse(off.stdout.trim().split('\n').pop());
  results.userTestSynthRatioVsMongoCdk = a.userTestSynthRatioVsMongoCdk;
  results.userTestSynthAddedMs = a.userTestSynthAddedMs;
  results.userTestSynthRatioVsMongoCdkWithoutValidation = b.userTestSynthRatioVsMongoCdk;
  results.userTestSynthAddedMsWithoutValidation = b.userTestSynthAddedMs;
  results.userTestFirstTestRatioVsMongoCdk = a.firstTestRatioVsMongoCdk;
  extra.userTests = { validationOn: a, validationOff: b };
}

async function handlerSection() {
  log('handler: bundle size and module init time');
  const { build } = await import('esbuild');
  const { buildOptions } = await import('../scripts/bundle.mjs');
  const dir = join(work, 'handler');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'index.js');
  // Exactly the shipped bundle's options (scripts/bundle.mjs), written elsewhere.
  const result = await build(buildOptions('handler', { outfile, logLevel: 'silent' }));
  const bytes = statSync(outfile).size;
  const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)
    .map(([path, v]) => ({ path, bytes: v.bytesInOutput }))
    .sort((x, y) => y.bytes - x.bytes);
  const byPackage = {};
  for (const i of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i.path);
    const key = m ? m[1] : i.path.split('/').slice(0, 2).join('/');
    byPackage[key] = (byPackage[key] ?? 0) + i.bytes;
  }
  const shipped = join(root, 'assets/handler/index.js');
  results.handlerBundleBytes = bytes;
  results.handlerBundlesAwsSdk = inputs.some((i) => i.path.includes('node_modules/@aws-sdk/'));
  if (existsSync(shipped)) results.handlerShippedAssetBytes = statSync(shipped).size;
  // Init: fresh processes that require the bundle; @aws-sdk/* resolves from the repository's node_modules, as the
  // Lambda runtime provides it. Time of the require only (not Node's own start-up).
  const script = [
    "const { performance } = require('node:perf_hooks');",
    'const t0 = performance.now();',
    `const m = require(${JSON.stringify(outfile)});`,
    'const ms = performance.now() - t0;',
    "const sdk = Object.keys(require.cache).filter((k) => k.includes('@aws-sdk')).length;",
    "if (typeof m.onEvent !== 'function' || typeof m.isComplete !== 'function') throw new Error('no handler exports');",
    'process.stdout.write(JSON.stringify({ ms, sdkModules: sdk }));',
  ].join('\n');
  const samples = [];
  let sdkModules = 0;
  for (let i = 0; i <= INIT_REPS; i++) {
    const r = mustSucceed(
      await run(process.execPath, ['-e', script], { env: { NODE_PATH: join(root, 'node_modules') } }),
      'handler init',
    );
    const o = JSON.parse(r.stdout);
    sdkModules = o.sdkModules;
    if (i > 0) samples.push(o.ms); // the first run warms the OS file cache
  }
  results.handlerInitMs = round(median(samples), 1);
  extra.handler = {
    bundleBytesByPackage: Object.fromEntries(
      Object.entries(byPackage)
        .sort((x, y) => y[1] - x[1])
        .slice(0, 12),
    ),
    initSpreadMs: { min: round(Math.min(...samples), 1), max: round(Math.max(...samples), 1), n: samples.length },
    awsSdkModulesLoadedAtInit: sdkModules,
  };
}

async function deploySection() {
  log('deploy: custom-resource convergence against the Atlas emulator with modeled latencies');
  const r = mustSucceed(
    await run(process.execPath, ['--import', 'tsx', join(bench, 'deploy-convergence.ts')]),
    'deploy-convergence',
  );
  const o = JSON.parse(r.stdout.trim().split('\n').pop());
  results.deployConvergenceRatio = o.deployConvergenceRatio;
  results.atlasCallsPerClusterEnable = o.atlasCallsPerClusterEnable;
  results.atlasCallsClusterEnableOnEvent = o.atlasCallsClusterEnableOnEvent;
  extra.deploy = o;
  log('deploy: the deploy model (virtual clock, Provider-framework schedule, modeled Atlas durations)');
  const m = mustSucceed(
    await run(process.execPath, ['--import', 'tsx', join(bench, 'deploy-model.ts')]),
    'deploy-model',
  );
  const d = JSON.parse(m.stdout.trim().split('\n').pop());
  for (const k of [
    'deployRatioCreate',
    'deployRatioKeyChange',
    'deployRatioProviderSwitch',
    'deployRatioTeardown',
    'deployRatioKeyChangeFrameworkFloor',
    'keyChangeHandlerExtraMs',
    'atlasCallsPerDeployCreate',
  ]) {
    results[k] = d[k];
  }
  results.atlasPeakCallsPerMinutePerEndpoint = Math.max(...Object.values(d.scenarios).map((x) => x.peakCallsPerMinute));
  extra.deployModel = d;
}

async function cdktfSection() {
  log('cdktf: Azure example synth (npx tsx main.ts), 3 runs');
  const cwd = join(root, 'examples/azure-key-vault');
  const gnuTime = existsSync('/usr/bin/time');
  const ms = [];
  const rss = [];
  for (let i = 0; i <= 3; i++) {
    const outdir = join(work, `cdktf-${++seq}`);
    const env = { CDKTF_OUTDIR: outdir };
    const r = gnuTime
      ? await run('/usr/bin/time', ['-v', 'npx', 'tsx', 'main.ts'], { cwd, env })
      : await run('npx', ['tsx', 'main.ts'], { cwd, env, probeChildren: true });
    mustSucceed(r, 'cdktf synth');
    if (!existsSync(join(outdir, 'manifest.json'))) throw new Error('cdktf synth wrote no manifest.json');
    const kb = gnuTime ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]) : r.maxRssKb;
    rmSync(outdir, { recursive: true, force: true });
    if (i === 0) continue; // warm-up (npx resolution, tsx cache)
    ms.push(r.ms);
    rss.push(kb);
  }
  results.cdktfSynthMs = round(median(ms));
  results.cdktfPeakRssMb = round(median(rss) / 1024);
  // The same resources written with the provider bindings directly (bench/apps/cdktf-raw-azure.ts), interleaved
  // with the example in one loop: the Terraform engine's own cost.
  log(`cdktf: example vs the same resources with raw provider bindings, ${REPS} interleaved rounds`);
  const raw = join(bench, 'apps', 'cdktf-raw-azure.ts');
  const synthOne = async (which) => {
    const outdir = join(work, `cdktf-${++seq}`);
    const r =
      which === 'ours'
        ? await run(process.execPath, ['--import', 'tsx', 'main.ts'], { cwd, env: { CDKTF_OUTDIR: outdir } })
        : await run(process.execPath, ['--import', 'tsx', raw], { env: { CDKTF_OUTDIR: outdir } });
    mustSucceed(r, `cdktf ${which}`);
    rmSync(outdir, { recursive: true, force: true });
    return r.ms;
  };
  await synthOne('raw');
  const pair = { ours: [], raw: [] };
  for (let i = 0; i < REPS; i++) {
    for (const w of i % 2 === 0 ? ['ours', 'raw'] : ['raw', 'ours']) pair[w].push(await synthOne(w));
  }
  results.cdktfSynthRatioVsRawBindings = round(median(pair.ours) / median(pair.raw), 3);
  extra.cdktf = {
    command: 'npx tsx main.ts (examples/azure-key-vault, CDKTF_OUTDIR in a temp dir)',
    rssSource: gnuTime
      ? '/usr/bin/time -v (largest process in the tree)'
      : 'process.resourceUsage().maxRSS (largest process)',
    synthSpreadMs: spread(ms),
    vsRawBindings: {
      raw: 'bench/apps/cdktf-raw-azure.ts (node --import tsx)',
      ours: 'node --import tsx main.ts in examples/azure-key-vault (the same loader as the raw app)',
      oursMedianMs: round(median(pair.ours)),
      rawMedianMs: round(median(pair.raw)),
      oursSpreadMs: spread(pair.ours),
      rawSpreadMs: spread(pair.raw),
    },
  };
}

// ---------------------------------------------------------------- main

const TARGETS = [
  ['deployRatioCreate', 'Deploy model: create project + 2 clusters / Atlas time', '<=', 1.1, 'x'],
  ['deployRatioKeyChange', 'Deploy model: key change / Atlas time', '<=', 1.1, 'x'],
  ['deployRatioKeyChangeFrameworkFloor', 'Key change: Atlas + Provider-framework overheads alone', null, null, 'x'],
  ['keyChangeHandlerExtraMs', "Key change: our handler's time beyond both", null, null, 'ms'],
  ['deployRatioProviderSwitch', 'Deploy model: provider switch (via NONE) / Atlas time', '<=', 1.1, 'x'],
  ['deployRatioTeardown', 'Deploy model: teardown (DESTROY) / Atlas time', '<=', 1.1, 'x'],
  ['atlasCallsPerDeployCreate', 'Atlas API calls, create scenario', null, null, ''],
  ['atlasPeakCallsPerMinutePerEndpoint', 'Peak calls per minute on one endpoint (any scenario)', null, null, ''],
  ['synthMsPerClusterRatioVsMongoCdk', 'Synth ms per added cluster vs theirs', '<=', 1.0, 'x'],
  ['templateBytesPerClusterRatioVsMongoCdk', 'Template bytes per added cluster vs theirs', '<=', 1.0, 'x'],
  ['synthRatioVsMongoCdk', 'Synth time vs awscdk-resources-mongodbatlas (fixed overhead)', '<=', 1.1, 'x'],
  ['fixedSynthOverheadRatioLibraryProvider', "Their topology + this library's provider / theirs", null, null, 'x'],
  ['userTestSynthRatioVsMongoCdk', 'User test: Template.fromStack vs theirs', '<=', 1.5, 'x'],
  ['userTestSynthAddedMs', 'User test: ms added over an empty stack', null, null, 'ms'],
  ['userTestFirstTestRatioVsMongoCdk', "User test: a file's first test vs theirs", null, null, 'x'],
  ['userTestSynthRatioVsMongoCdkWithoutValidation', 'User test vs theirs, validation off', '<=', 1.5, 'x'],
  [
    'userTestSynthAddedMsWithoutValidation',
    'User test: ms added over an empty stack, validation off',
    null,
    null,
    'ms',
  ],
  ['cdktfSynthRatioVsRawBindings', 'cdktf Azure example vs raw provider bindings', null, null, 'x'],
  ['synthRatioVsMongoCdkWithoutValidation', 'Synth ratio, built-in validation off (diagnosis)', null, null, 'x'],
  ['importOverheadRatio', 'Empty app importing the library vs not', '<=', 1.1, 'x'],
  ['importOverheadRatioWithoutValidation', 'Import ratio, built-in validation off (diagnosis)', null, null, 'x'],
  ['templateBytesPerCluster', 'Template bytes per encrypted cluster', '<=', 600, 'B'],
  ['resourcesPerCluster', 'Resources per encrypted cluster', '<=', 1, ''],
  ['templateFixedBytes', 'Fixed per-stack template bytes', null, null, 'B'],
  ['templateFixedResources', 'Fixed per-stack resources', null, null, ''],
  ['maxClustersPerStack', 'Max clusters within 500 resources', '>=', 450, ''],
  ['handlerBundleBytes', 'Handler bundle (minified, SDK external)', '<=', 150_000, 'B'],
  ['handlerInitMs', 'Handler module init (require)', '<=', 150, 'ms'],
  ['deployConvergenceRatio', 'Deploy wall / modeled Atlas minimum', '<=', 1.15, 'x'],
  ['atlasCallsPerClusterEnable', 'Atlas API calls per cluster enable (100 ms polls)', null, null, ''],
  ['atlasCallsClusterEnableOnEvent', 'Calls in onEvent (the rest: isComplete polls)', null, null, ''],
  ['cdktfSynthMs', 'cdktf Azure example synth', null, null, 'ms'],
  ['cdktfPeakRssMb', 'cdktf Azure example peak RSS', null, null, 'MB'],
];

function table() {
  const rows = [['Metric', 'Value', 'Target', 'Result']];
  for (const [key, label, op, target, unit] of TARGETS) {
    const v = results[key];
    if (v === undefined) continue;
    const value = v === null ? 'n/a' : `${v}${unit && unit !== 'x' ? ` ${unit}` : unit}`;
    const tgt = op ? `${op} ${target}${unit && unit !== 'x' ? ` ${unit}` : unit}` : '(reported)';
    const pass = !op || v === null ? '' : (op === '<=' ? v <= target : v >= target) ? 'pass' : 'FAIL';
    rows.push([label, value, tgt, op ? pass || 'n/a' : '']);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [line(rows[0]), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

const started = performance.now();
const machine = `${cpus()[0]?.model?.trim() ?? 'unknown cpu'} x${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${process.platform}-${process.arch}, node ${process.version}`;
const loadBefore = loadavg();
try {
  const sections = {
    synth: synthSection,
    import: importSection,
    scale: scaleSection,
    percluster: perClusterSection,
    parts: partsSection,
    usertests: userTestsSection,
    handler: handlerSection,
    deploy: deploySection,
    cdktf: cdktfSection,
  };
  for (const [name, fn] of Object.entries(sections)) {
    if (SKIP.has(name)) continue;
    try {
      await fn();
    } catch (err) {
      log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      extra[`${name}Error`] = err instanceof Error ? err.message.slice(0, 2000) : String(err);
      process.exitCode = 1;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
// Earlier partial runs (BENCH_MERGE): their figures and details, under what this run measured.
const measuredHere = Object.keys(results);
const merged = MERGE.map((f) => JSON.parse(readFileSync(f, 'utf8')));
const known = new Set(['machine', 'date', 'targets', 'conditions', 'details']);
for (const m of merged) {
  for (const [k, v] of Object.entries(m)) if (!known.has(k) && !(k in results)) results[k] = v;
  for (const [k, v] of Object.entries(m.details ?? {})) if (!(k in extra)) extra[k] = v;
}
const out = {
  machine,
  date: new Date().toISOString(),
  ...results,
  targets: Object.fromEntries(TARGETS.filter((t) => t[2]).map(([k, , op, v]) => [k, `${op} ${v}`])),
  conditions: {
    repetitions: REPS,
    loader: 'node --import tsx (fresh process per app, own CDK_OUTDIR, built-in template validation on)',
    loadAverageBefore: loadBefore.map((x) => round(x, 2)),
    loadAverageAfter: loadavg().map((x) => round(x, 2)),
    freeMemMbAfter: round(freemem() / 2 ** 20),
    benchWallSeconds: round((performance.now() - started) / 1000, 1),
    ...(merged.length
      ? { mergedRuns: merged.map((m) => ({ date: m.date, conditions: m.conditions, measured: m.measured })) }
      : {}),
  },
  measured: measuredHere,
  details: extra,
};
writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);
console.log(`\n${machine}\n${out.date}\n\n${table()}\n\nwrote ${OUT}`);
