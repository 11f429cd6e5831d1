/**
 * What a user's own snapshot test pays (run by bench/run.mjs, prints one JSON line): `Template.fromStack` of a
 * fresh App and stack per call, as a jest test does, warm (after a first build of every variant) and in one
 * process, sampled in blocks per variant (bench/lib/stats.ts sampleInBlocks: the tests of one file share their
 * stack's resource types), medians per variant; and the first test of a file (right after the other library's
 * stack).
 *
 * - ours: the example's stack (examples/cdk/stack.ts: AWS KMS key, Azure key by reference, two clusters);
 * - theirs: the same AWS topology with awscdk-resources-mongodbatlas (bench/lib/mongodb-topology.ts);
 * - empty: an empty stack (what any test pays);
 * - provider: an empty stack holding only this library's provider (the Provider framework's constructs, the
 *   handler function, its log group and roles, and both assets) — the fixed part of "ours";
 * - keyAndRole: a bare KMS key and IAM role (the AWS half both sides share).
 *
 * aws-cdk-lib's built-in CloudFormation validation runs in `Template.fromStack` as in `cdk synth` (on by default);
 * `BENCH_USER_TEST_VALIDATION=false` measures the same with it off (a user's `new App({
 * builtinCloudFormationValidation: false })` or `CDK_VALIDATION=false`), and `BENCH_USER_TEST_STAGING=false` with
 * asset staging off (context `aws:cdk:disable-asset-staging`: no asset copy into the test's `cdk.out`; the template
 * is the same). README "Testing your stack" names both.
 *
 * Options (environment): BENCH_USER_TEST_ROUNDS (default 3; 5 timed calls per block, bench/lib/stats.ts sampleInBlocks).
 */
import { performance } from 'node:perf_hooks';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AtlasEncryptionAtRestProvider } from 'atlas-encryption-at-rest/cdk';
import { AtlasEncryptionAtRestExampleStack } from '../examples/cdk/stack';
import { mongoDbCdkStack } from './lib/mongodb-topology';
import { median, sampleInBlocks } from './lib/stats';

const ROUNDS = Math.max(1, Number(process.env.BENCH_USER_TEST_ROUNDS ?? 3));
const PER_BLOCK = 5;
const env = { account: '123456789012', region: 'us-east-1' };
const validation = process.env.BENCH_USER_TEST_VALIDATION !== 'false';
const staging = process.env.BENCH_USER_TEST_STAGING !== 'false';
const newApp = () =>
  new App({
    builtinCloudFormationValidation: validation,
    ...(!staging && { context: { 'aws:cdk:disable-asset-staging': true } }),
  });

const VARIANTS: Record<string, () => Stack> = {
  ours: () => new AtlasEncryptionAtRestExampleStack(newApp(), 'Example', { env }),
  theirs: () => mongoDbCdkStack(newApp(), 2),
  empty: () => new Stack(newApp(), 'Empty', { env }),
  provider: () => {
    const stack = new Stack(newApp(), 'ProviderOnly', { env });
    AtlasEncryptionAtRestProvider.of(stack);
    return stack;
  },
  keyAndRole: () => {
    const stack = new Stack(newApp(), 'KeyAndRole', { env });
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    key.grantEncryptDecrypt(new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() }));
    return stack;
  },
};

const timeOne = (build: () => Stack): number => {
  const t0 = performance.now();
  const template = Template.fromStack(build());
  const ms = performance.now() - t0;
  if (Object.keys(template.toJSON().Resources ?? {}).length === 0 && build !== VARIANTS.empty) {
    throw new Error('empty template');
  }
  return ms;
};

const names = Object.keys(VARIANTS);
for (const n of names) timeOne(VARIANTS[n]); // the first build: module loading, JIT, asset hashing
const samples = sampleInBlocks(
  Object.fromEntries(names.map((n) => [n, () => timeOne(VARIANTS[n])])),
  ROUNDS,
  PER_BLOCK,
);
// The first test of a file: the call right after the other library's stack (with validation on, the engine is
// rebuilt for this stack's resource types), median of ROUNDS.
const firstCall = (side: 'ours' | 'theirs'): number => {
  const xs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    timeOne(VARIANTS[side === 'ours' ? 'theirs' : 'ours']);
    xs.push(timeOne(VARIANTS[side]));
  }
  return median(xs);
};
const firstCallMs = { ours: firstCall('ours'), theirs: firstCall('theirs') };
const med = Object.fromEntries(names.map((n) => [n, median(samples[n])]));
const r1 = (x: number) => Number(x.toFixed(1));
process.stdout.write(
  `${JSON.stringify({
    userTestSynthRatioVsMongoCdk: Number((med.ours / med.theirs).toFixed(3)),
    userTestSynthAddedMs: r1(med.ours - med.empty),
    medianMs: Object.fromEntries(names.map((n) => [n, r1(med[n])])),
    spreadMs: Object.fromEntries(
      names.map((n) => [
        n,
        { min: r1(Math.min(...samples[n])), max: r1(Math.max(...samples[n])), n: samples[n].length },
      ]),
    ),
    providerFrameworkAndAssetsMs: r1(med.provider - med.empty),
    oursBeyondProviderMs: r1(med.ours - med.provider),
    theirsAddedMs: r1(med.theirs - med.empty),
    keyAndRoleAddedMs: r1(med.keyAndRole - med.empty),
    builtinCloudFormationValidation: validation,
    assetStaging: staging,
    firstTestMs: { ours: r1(firstCallMs.ours), theirs: r1(firstCallMs.theirs) },
    firstTestRatioVsMongoCdk: Number((firstCallMs.ours / firstCallMs.theirs).toFixed(3)),
    method: 'Template.fromStack(new stack in a new App), one process, warm, in blocks per variant (sampleInBlocks)',
  })}\n`,
);
