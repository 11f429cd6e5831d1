/**
 * Deploy simulation of examples/cdk-private-networking from its cloud assembly against the Atlas emulator: the order
 * (project setting with requirePrivateNetworking, then one endpoint per cluster region, then the clusters) and the
 * number of Atlas calls one private-networking deploy makes.
 */
import { join } from 'node:path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { PrivateNetworkingExampleStack } from '../../examples/cdk-private-networking/app';
import {
  AtlasCredentials,
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
} from '../../lib/cdk';
import { startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { CfnSimulator, dependencyOrder, loadTemplate, summarize, VirtualClock } from '../support/cloudformation';
import { ATLAS_SECRET_ARN, mockParameterStore, mockSecrets, REPO, TIME_SCALE } from './support';

jest.setTimeout(120_000);

const STACK = 'AtlasEncryptionAtRestPrivateNetworking';
const PROJECT = '65f1c0ffee0123456789abcd';
const PE = 'Custom::AtlasEncryptionAtRestPrivateEndpoint';

let emu: AtlasEmulator;
let clock: VirtualClock;
let cdkOut: string;
beforeAll(async () => {
  clock = new VirtualClock(TIME_SCALE);
  emu = await startAtlasEmulator({
    now: () => clock.now(),
    durations: { clusterCreateMs: 600_000, privateEndpointCreateMs: 300_000 },
  });
  mockSecrets(emu);
  mockParameterStore();
  cdkOut = join(REPO, 'cdk.out', 'e2e', 'private-networking');
  const app = new App({ outdir: cdkOut, context: { 'aws:cdk:enable-asset-metadata': true } });
  new PrivateNetworkingExampleStack(app, STACK, {
    env: { account: '123456789012', region: 'us-east-1' },
    atlasBaseUrl: emu.url,
  });
  app.synth();
});
afterAll(async () => emu?.stop());

test('create: project setting, then the endpoints of both regions (waited until ACTIVE), then the clusters', async () => {
  const template = loadTemplate(cdkOut, STACK);
  const ids = (type: string) => Object.keys(template.Resources).filter((id) => template.Resources[id].Type === type);
  const order = dependencyOrder(template);
  const [ear] = ids('Custom::AtlasProjectEncryption');
  const endpoints = ids(PE);
  const clusters = ids('Custom::AtlasEncryptedCluster');
  expect(endpoints).toHaveLength(2);
  for (const e of endpoints) {
    expect(order.indexOf(ear)).toBeLessThan(order.indexOf(e));
    for (const c of clusters) expect(order.indexOf(e)).toBeLessThan(order.indexOf(c));
  }

  const sim = new CfnSimulator({ cdkOut, stackName: STACK, clock });
  const result = await sim.deploy(template);
  console.log(summarize(result));
  expect(result.status).toBe('CREATE_COMPLETE');
  const p = emu.state.project(PROJECT);
  expect(p.earView().awsKms).toMatchObject({ enabled: true, valid: true, requirePrivateNetworking: true });
  expect(p.privateEndpoints.map((e) => `${e.regionName}:${e.status}`).sort()).toEqual([
    'EU_WEST_1:ACTIVE',
    'US_EAST_1:ACTIVE',
  ]);
  expect([...p.clusters.keys()].sort()).toEqual(['orders', 'orders-eu']);

  // The Atlas calls of one private-networking deploy (reported in the closing note).
  const calls = emu.state.calls.filter((c) => c.path.includes(PROJECT));
  const endpointCalls = calls.filter((c) => c.path.includes('/privateEndpoints'));
  console.log(
    `Atlas calls for the private-networking deploy: ${calls.length} in all, ${endpointCalls.length} on private endpoints ` +
      `(${endpointCalls.filter((c) => c.method === 'POST').length} POST)`,
  );
  expect(endpointCalls.filter((c) => c.method === 'POST')).toHaveLength(2);
  expect(emu.state.defects).toEqual([]);
});

/** Synthesizes a private-networking stack for `projectId` with clusters in `regions` into cdk.out/e2e/<name>. */
function synthPrivate(name: string, projectId: string, regions: readonly string[], removal = RemovalPolicy.RETAIN) {
  const outdir = join(REPO, 'cdk.out', 'e2e', name);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, STACK, { env: { account: '123456789012', region: 'us-east-1' } });
  const credentials = AtlasCredentials.fromApiKeySecret(
    secretsmanager.Secret.fromSecretCompleteArn(stack, 'AtlasApiKey', ATLAS_SECRET_ARN),
    { baseUrl: emu.url },
  );
  const key = new AwsKmsEncryptionKey(stack, 'AwsKey', {
    projectId,
    credentials,
    removalPolicy: removal,
    requirePrivateNetworking: true,
  });
  const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
    projectId,
    credentials,
    awsKms: key,
    removalPolicy: removal,
  });
  for (const regionName of regions) {
    const id = regionName.toLowerCase().replace(/_/g, '-');
    new EncryptedCluster(stack, id, {
      projectEncryption: encryption,
      clusterName: id,
      encryptionProvider: EncryptionProvider.AWS,
      removalPolicy: removal,
      regions: [{ cloud: CloudProvider.AWS, regionName, instanceSize: 'M10' }],
    });
  }
  app.synth();
  return outdir;
}

test('a cluster in a new region: its endpoint is created and ACTIVE before the cluster is created', async () => {
  const projectId = '65f1c0ffee0123456789abcf';
  const first = synthPrivate('private-networking-one', projectId, ['US_EAST_1']);
  const sim = new CfnSimulator({ cdkOut: first, stackName: STACK, clock });
  expect((await sim.deploy(loadTemplate(first, STACK))).status).toBe('CREATE_COMPLETE');
  const before = emu.state.calls.length;
  const second = synthPrivate('private-networking-two', projectId, ['US_EAST_1', 'AP_SOUTHEAST_2']);
  const update = await sim.deploy(loadTemplate(second, STACK));
  console.log(summarize(update));
  expect(update.status).toBe('UPDATE_COMPLETE');
  const calls = emu.state.calls.slice(before).filter((c) => c.path.includes(projectId));
  const endpointPost = calls.findIndex((c) => c.method === 'POST' && c.path.endsWith('/privateEndpoints'));
  const clusterPost = calls.findIndex((c) => c.method === 'POST' && c.path.endsWith('/clusters'));
  expect(endpointPost).toBeGreaterThanOrEqual(0);
  expect(endpointPost).toBeLessThan(clusterPost);
  const p = emu.state.project(projectId);
  expect(p.privateEndpoints.map((e) => `${e.regionName}:${e.status}`).sort()).toEqual([
    'AP_SOUTHEAST_2:ACTIVE',
    'US_EAST_1:ACTIVE',
  ]);
  expect([...p.clusters.keys()].sort()).toEqual(['ap-southeast-2', 'us-east-1']);
});

test('DESTROY teardown in Atlas order: clusters terminated, endpoints deleted and waited for, then the provider disabled', async () => {
  const projectId = '65f1c0ffee0123456789abce';
  const outdir = synthPrivate(
    'private-networking-destroy',
    projectId,
    ['US_EAST_1', 'EU_WEST_1'],
    RemovalPolicy.DESTROY,
  );
  const sim = new CfnSimulator({ cdkOut: outdir, stackName: STACK, clock });
  expect((await sim.deploy(loadTemplate(outdir, STACK))).status).toBe('CREATE_COMPLETE');
  const p = emu.state.project(projectId);
  expect(p.privateEndpoints).toHaveLength(2);
  const result = await sim.destroy();
  console.log(summarize(result));
  expect(result.status).toBe('DELETE_COMPLETE');
  expect(p.clusters.size).toBe(0);
  expect(p.privateEndpoints).toEqual([]);
  expect(p.earView().awsKms?.enabled).toBe(false);
  // Atlas's order: every cluster DELETE before the first endpoint DELETE, the last endpoint gone before the disable.
  const calls = emu.state.calls.filter((c) => c.path.includes(projectId));
  const last = (pred: (c: (typeof calls)[number]) => boolean) => calls.map(pred).lastIndexOf(true);
  const first = (pred: (c: (typeof calls)[number]) => boolean) => calls.findIndex(pred);
  const endpointDelete = (c: (typeof calls)[number]) => c.method === 'DELETE' && c.path.includes('/privateEndpoints/');
  expect(last((c) => c.method === 'DELETE' && c.path.includes('/clusters/'))).toBeLessThan(first(endpointDelete));
  expect(last(endpointDelete)).toBeLessThan(last((c) => c.method === 'PATCH' && c.path.endsWith('/encryptionAtRest')));
  expect(emu.state.defects).toEqual([]);
});
