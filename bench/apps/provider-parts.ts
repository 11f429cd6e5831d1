/**
 * Benchmark app for the fixed synth overhead: MongoDB's topology (bench/lib/mongodb-topology.ts, 2 clusters) plus
 * the parts of this library's per-stack provider named in `BENCH_PARTS` (comma list), each built the way
 * lib/cdk/provider.ts builds it, so that each part's cost is its synth time over the topology alone:
 *
 * - `asset`: staging the handler asset alone (an `aws-s3-assets` Asset of assets/handler);
 * - `logGroup`: the provider's log group (retention one year, retained);
 * - `function`: the handler Lambda function from the asset, with its role and the log group;
 * - `framework`: the function plus aws-cdk-lib's Provider framework (onEvent, isComplete, onTimeout functions, the
 *   Step Functions waiter, their roles and the framework's own runtime asset), as provider.ts configures it;
 * - `alias`: a KMS alias on the key (AwsKmsEncryptionKey gives its key one);
 * - `library`: the library's own `AtlasEncryptionAtRestProvider.of(stack)` (all of the above but the alias).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as assets from 'aws-cdk-lib/aws-s3-assets';
import * as cr from 'aws-cdk-lib/custom-resources';
import { AtlasEncryptionAtRestProvider } from 'atlas-encryption-at-rest/cdk';
import { mongoDbCdkStack } from '../lib/mongodb-topology';

const parts = new Set((process.env.BENCH_PARTS ?? '').split(',').filter(Boolean));
const handlerDir = join(__dirname, '..', '..', 'assets', 'handler');
if (!existsSync(join(handlerDir, 'index.js'))) throw new Error('run node scripts/bundle.mjs first');

const app = new App();
const stack: Stack = mongoDbCdkStack(app, 2);
const role = () =>
  new iam.Role(stack, `Role${stack.node.children.length}`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
const logGroup = () =>
  new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
const fn = (group: logs.ILogGroup) =>
  new lambda.Function(stack, 'Handler', {
    code: lambda.Code.fromAsset(handlerDir),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    timeout: Duration.minutes(5),
    role: role(),
    logGroup: group,
    loggingFormat: lambda.LoggingFormat.JSON,
  });

if (parts.has('asset')) new assets.Asset(stack, 'HandlerAsset', { path: handlerDir });
if (parts.has('logGroup') && !parts.has('function') && !parts.has('framework')) logGroup();
if (parts.has('function') || parts.has('framework')) {
  const group = logGroup();
  const handler = fn(group);
  if (parts.has('framework')) {
    new cr.Provider(stack, 'Provider', {
      onEventHandler: handler,
      isCompleteHandler: handler,
      queryInterval: AtlasEncryptionAtRestProvider.QUERY_INTERVAL,
      totalTimeout: AtlasEncryptionAtRestProvider.TOTAL_TIMEOUT,
      logGroup: group,
      frameworkOnEventRole: role(),
      frameworkCompleteAndTimeoutRole: role(),
    });
  }
}
if (parts.has('alias')) {
  const key = stack.node.findChild('Key') as kms.Key;
  key.addAlias('alias/atlas-ear/bench');
}
if (parts.has('library')) AtlasEncryptionAtRestProvider.of(stack);
app.synth();
