/**
 * Fuzzed construct props through both engines. Every construction either synthesizes a template (cdk: the
 * assertions Template plus a full `App.synth()` with aws-cdk-lib's validation; cdktf: `Testing.synth`, which
 * must parse as JSON) or throws `EarValidationError` whose message starts with `[<catalogue rule id>]` (or, for
 * cross-construct rules run by `node.addValidation`, aws-cdk-lib's synth-time validation error whose every line
 * carries a rule id).
 * Any other exception is a crash and fails the test with the counterexample.
 */
import * as fc from 'fast-check';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { TerraformStack, Testing } from 'cdktf';
import { EarValidationError } from '../../lib/core';
import {
  AtlasCredentials,
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  CloudProvider,
  ClusterType,
  EncryptedCluster,
  EncryptionProvider,
} from '../../lib/cdk';
import * as tf from '../../lib/cdktf';

jest.setTimeout(180_000);

const RULE_ID = /^\[(SYN|DEP)-[A-Z]+-\d+\]/;
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/**
 * Crashes found by this fuzz and reported to the lead (the code is outside this change), so they are listed here
 * rather than fixed; any other crash fails the test.
 * - `AwsKmsEncryptionKey` passes `alias` straight to `kms.Alias`: `alias: 'alias/aws/x'` throws aws-cdk-lib's
 *   AliasCannotStart and `alias: ''` its AliasIncludeValueAfter, instead of a `[SYN-…]` rule error.
 * - `EncryptedCluster` with `timeout` above the provider's 55-minute total timeout throws a plain Error without a
 *   rule id ("timeout … exceeds the provider's total timeout 55 minutes").
 */
/** Inputs that crashed, by engine. */
const crashes: Array<{ engine: string; name: string; message: string; input: unknown }> = [];

/** Records a crash unless `err` is an EarValidationError with a rule id up front. */
function expectRuleError(engine: string, err: unknown, input: unknown): void {
  if (err instanceof EarValidationError && RULE_ID.test(err.message)) return;
  // Cross-construct rules run as `node.addValidation`: aws-cdk-lib reports them at synth as one
  // ValidationFailedWithErrors listing `[construct path] [RULE] message` lines; each must carry a rule id.
  const e0 = err as Error;
  if (e0?.name === 'ValidationFailedWithErrors') {
    const lines = e0.message
      .split('\n')
      .slice(1)
      .filter((l) => l.trim());
    if (lines.length > 0 && lines.every((l) => /^\s*\[[^\]]+\] \[(SYN|DEP)-[A-Z]+-\d+\]/.test(l))) return;
  }
  const e = err as Error;
  crashes.push({ engine, name: e?.name ?? typeof err, message: e?.message ?? String(err), input });
}

afterAll(() => {
  if (crashes.length)
    console.log(
      `fuzz crashes:\n${crashes.map((c) => `${c.engine} ${c.name}: ${c.message}\n  input ${JSON.stringify(c.input)}`).join('\n')}`,
    );
});

const hex24 = fc.stringMatching(/^[a-f0-9]{24}$/);
const projectId = fc.oneof(
  { arbitrary: hex24, weight: 8 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 1 },
  { arbitrary: fc.constantFrom('', '65F1C0FFEE0123456789ABCD'), weight: 1 },
);
const clusterName = fc.oneof(
  { arbitrary: fc.stringMatching(/^[a-z][a-z0-9]{0,20}$/), weight: 6 },
  { arbitrary: fc.string({ maxLength: 70 }), weight: 1 },
  { arbitrary: fc.constantFrom('', '-bad', 'a'.repeat(65), 'orders'), weight: 1 },
);
const instanceSize = fc.constantFrom(
  'M0',
  'M2',
  'M5',
  'FLEX',
  'M10',
  'M30',
  'M40',
  'R40',
  'M200',
  'M700',
  'X10',
  '',
  'm10',
);
const regionName = fc.constantFrom(
  'US_EAST_1',
  'EU_WEST_1',
  'US_EAST_2',
  'EUROPE_WEST',
  'CENTRAL_US',
  'NOWHERE',
  '',
  'us-east-1',
);
const cloud = fc.constantFrom(CloudProvider.AWS, CloudProvider.AZURE, CloudProvider.GCP);
const provider = fc.constantFrom(
  EncryptionProvider.AWS,
  EncryptionProvider.AZURE,
  EncryptionProvider.GCP,
  EncryptionProvider.NONE,
);
const topology = fc.constantFrom(ClusterType.REPLICASET, ClusterType.SHARDED, ClusterType.GEOSHARDED);
const region = fc.record(
  {
    cloud,
    regionName,
    instanceSize,
    nodeCount: fc.oneof(fc.constantFrom(3, 5, 7), fc.integer({ min: -2, max: 60 })),
  },
  { requiredKeys: ['cloud', 'regionName', 'instanceSize'] },
);
const backup = fc.record({ backupEnabled: fc.boolean(), pitEnabled: fc.boolean() }, { requiredKeys: [] });
const version = fc.constantFrom('7.0', '8.0', '6.0', '4.4', 'latest', '', '99');
const thresholdDays = fc.oneof(fc.integer({ min: -5, max: 800 }), fc.constantFrom(90, 365, 395));
/** Durations: aws-cdk-lib itself rejects negative amounts before any library code runs. */
const durationDays = fc.oneof(fc.integer({ min: 0, max: 800 }), fc.constantFrom(90, 365, 395));

const cdkCase = fc.record({
  projectId,
  keyProjectId: fc.oneof(fc.constant(undefined), projectId),
  alias: fc.oneof(fc.constant(undefined), fc.constantFrom('alias/atlas-ear/x', 'alias/aws/bad', 'nope', '')),
  withAws: fc.boolean(),
  withAzure: fc.boolean(),
  enabledForSearchNodes: fc.boolean(),
  allowShardedClusters: fc.boolean(),
  allowGcpClusters: fc.boolean(),
  rotationDays: fc.oneof(fc.constant(undefined), durationDays),
  validationSeconds: fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 4000 })),
  clusters: fc.array(
    fc.record({
      name: clusterName,
      provider,
      adopt: fc.boolean(),
      regions: fc.array(region, { minLength: 1, maxLength: 2 }),
      topology: fc.option(topology, { nil: undefined }),
      backup: fc.option(backup, { nil: undefined }),
      version: fc.option(version, { nil: undefined }),
      timeoutMinutes: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
});

describe('fuzzed props: cdk engine', () => {
  test(`${NUM_RUNS} random prop sets: a template or a rule-id error, never a crash`, () => {
    let synthesized = 0;
    let rejected = 0;
    fc.assert(
      fc.property(cdkCase, (c) => {
        const app = new App();
        const stack = new Stack(app, 'Fuzz', { env: { account: '123456789012', region: 'us-east-1' } });
        try {
          const credentials = AtlasCredentials.fromApiKeySecret(
            secretsmanager.Secret.fromSecretCompleteArn(
              stack,
              'Creds',
              'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/api-key-AbCdEf',
            ),
          );
          const awsKey = c.withAws
            ? new AwsKmsEncryptionKey(stack, 'Key', {
                projectId: c.keyProjectId ?? c.projectId,
                credentials,
                ...(c.alias !== undefined ? { alias: c.alias } : {}),
              })
            : undefined;
          const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
            projectId: c.projectId,
            credentials,
            awsKms: awsKey,
            azureKeyVault: c.withAzure
              ? {
                  tenantId: '11111111-2222-3333-4444-555555555555',
                  subscriptionId: '66666666-7777-8888-9999-000000000000',
                  resourceGroupName: 'atlas-ear',
                  keyVaultName: 'atlas-ear-vault',
                  keyIdentifier:
                    'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear/0123456789abcdef0123456789abcdef',
                  identity: AzureKeyVaultIdentityFor(stack),
                }
              : undefined,
            enabledForSearchNodes: c.enabledForSearchNodes,
            allowShardedClusters: c.allowShardedClusters,
            allowGcpClusters: c.allowGcpClusters,
            ...(c.rotationDays !== undefined ? { rotationAlert: { threshold: Duration.days(c.rotationDays) } } : {}),
            ...(c.validationSeconds !== undefined ? { validationTimeout: Duration.seconds(c.validationSeconds) } : {}),
          });
          c.clusters.forEach((cl, i) => {
            const common = {
              projectEncryption: encryption,
              clusterName: cl.name,
              encryptionProvider: cl.provider,
              ...(cl.timeoutMinutes !== undefined ? { timeout: Duration.minutes(cl.timeoutMinutes) } : {}),
            };
            if (cl.adopt) EncryptedCluster.adoptExistingCluster(stack, `Cluster${i}`, common);
            else
              new EncryptedCluster(stack, `Cluster${i}`, {
                ...common,
                regions: cl.regions,
                ...(cl.topology ? { clusterType: cl.topology } : {}),
                ...(cl.backup ?? {}),
                ...(cl.version ? { mongoDbMajorVersion: cl.version } : {}),
              });
          });
          const template = Template.fromStack(stack).toJSON() as { Resources?: object };
          if (!template.Resources) throw new Error('crash: synthesized template has no Resources');
          app.synth({ validateOnSynthesis: true });
          synthesized++;
        } catch (err) {
          expectRuleError('cdk', err, c);
          rejected++;
        }
      }),
      { numRuns: NUM_RUNS, seed: Number(process.env.FUZZ_SEED ?? 20260901) },
    );
    const mine = crashes.filter((x) => x.engine === 'cdk');
    console.log(
      `cdk fuzz: ${NUM_RUNS} runs, ${synthesized} synthesized, ${rejected - mine.length} rejected with a rule id, ${mine.length} crashes`,
    );
    expect(synthesized + rejected).toBe(NUM_RUNS);
    expect(mine).toEqual([]);
  });
});

/** A client-secret identity for the Azure block (secret by reference). */
function AzureKeyVaultIdentityFor(stack: Stack) {
  // Imported lazily to keep the arbitrary's construction close to the example.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AzureKeyVaultIdentity } = require('../../lib/cdk') as typeof import('../../lib/cdk');
  return AzureKeyVaultIdentity.fromClientSecret({
    clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    clientSecret: secretsmanager.Secret.fromSecretCompleteArn(
      stack,
      'AzureSecret',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/azure-client-secret-GhIjKl',
    ),
    expiresAt: new Date('2027-06-30T00:00:00Z'),
  });
}

const tfCase = fc.record({
  projectId,
  awsRegion: fc.oneof(
    { arbitrary: fc.constantFrom('us-east-1', 'US_EAST_1'), weight: 6 },
    { arbitrary: fc.constantFrom('eu-west-1', 'mars-1', ''), weight: 1 },
  ),
  roleId: fc.oneof(
    { arbitrary: hex24, weight: 6 },
    { arbitrary: fc.constantFrom('arn:aws:iam::123456789012:role/x', ''), weight: 1 },
  ),
  keyId: fc.oneof(
    {
      arbitrary: fc.constantFrom(
        'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        '1234abcd-12ab-34cd-56ef-1234567890ab',
      ),
      weight: 6,
    },
    { arbitrary: fc.constantFrom('alias/my-key', ''), weight: 1 },
  ),
  enabledForSearchNodes: fc.boolean(),
  allowShardedClusters: fc.boolean(),
  allowGcpClusters: fc.boolean(),
  rotationDays: fc.oneof(fc.constant(undefined), thresholdDays),
  // Private networking: endpoints per cluster region plus explicit ones (valid, wrong-form and empty names).
  requirePrivateNetworking: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.boolean(), weight: 2 },
  ),
  privateEndpointRegions: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.subarray(['US_EAST_1', 'EU_WEST_1']), weight: 2 },
    {
      arbitrary: fc.array(fc.constantFrom('us-east-1', 'EUROPE_WEST', 'GLOBAL', '', 'a/b'), { maxLength: 2 }),
      weight: 1,
    },
  ),
  clusters: fc.array(
    fc.record({
      name: clusterName,
      provider,
      regions: fc.array(region, { minLength: 1, maxLength: 2 }),
      topology: fc.option(topology, { nil: undefined }),
      numShards: fc.option(fc.integer({ min: -1, max: 80 }), { nil: undefined }),
      cloudBackup: fc.option(fc.boolean(), { nil: undefined }),
      pointInTime: fc.option(fc.boolean(), { nil: undefined }),
      version: fc.option(version, { nil: undefined }),
    }),
    { maxLength: 2 },
  ),
});

describe('fuzzed props: cdktf engine', () => {
  test(`${NUM_RUNS} random prop sets: a Terraform JSON or a rule-id error, never a crash`, () => {
    let synthesized = 0;
    let rejected = 0;
    fc.assert(
      fc.property(tfCase, (c) => {
        const app = Testing.app();
        const stack = new TerraformStack(app, 'fuzz');
        try {
          const encryption = new tf.AtlasProjectEncryption(stack, 'Encryption', {
            projectId: c.projectId,
            awsKms: tf.AwsKmsConfiguration.fromAttributes({
              customerMasterKeyId: c.keyId,
              region: c.awsRegion,
              roleId: c.roleId,
              requirePrivateNetworking: c.requirePrivateNetworking,
              privateEndpointRegions: c.privateEndpointRegions,
            }),
            enabledForSearchNodes: c.enabledForSearchNodes,
            allowShardedClusters: c.allowShardedClusters,
            allowGcpClusters: c.allowGcpClusters,
            ...(c.rotationDays !== undefined ? { rotationAlert: { thresholdDays: c.rotationDays } } : {}),
          });
          c.clusters.forEach((cl, i) => {
            new tf.EncryptedCluster(stack, `Cluster${i}`, {
              projectEncryption: encryption,
              clusterName: cl.name,
              encryptionProvider: cl.provider,
              regions: cl.regions,
              ...(cl.topology ? { clusterType: cl.topology } : {}),
              ...(cl.numShards !== undefined ? { numShards: cl.numShards } : {}),
              backupEnabled: cl.cloudBackup,
              pitEnabled: cl.pointInTime,
              ...(cl.version ? { mongoDbMajorVersion: cl.version } : {}),
            });
          });
          const json = JSON.parse(Testing.synth(stack)) as { resource?: object };
          if (!json.resource) throw new Error('crash: Terraform JSON has no resources');
          synthesized++;
        } catch (err) {
          expectRuleError('cdktf', err, c);
          rejected++;
        }
      }),
      { numRuns: NUM_RUNS, seed: Number(process.env.FUZZ_SEED ?? 20260901) },
    );
    const mine = crashes.filter((x) => x.engine === 'cdktf');
    console.log(
      `cdktf fuzz: ${NUM_RUNS} runs, ${synthesized} synthesized, ${rejected - mine.length} rejected with a rule id, ${mine.length} crashes`,
    );
    expect(synthesized + rejected).toBe(NUM_RUNS);
    expect(mine).toEqual([]);
  });
});
