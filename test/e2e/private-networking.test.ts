/**
 * Deploy simulation of examples/cdk-private-networking from its cloud assembly against the Atlas emulator: the order
 * (project setting with requirePrivateNetworking, then one endpoint per cluster region, then the clusters) and the
 * number of Atlas calls one private-networking deploy makes.
 */
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { PrivateNetworkingExampleStack } from '../../examples/cdk-private-networking/app';
import { startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { CfnSimulator, dependencyOrder, loadTemplate, summarize, VirtualClock } from '../support/cloudformation';
import { mockParameterStore, mockSecrets, REPO, TIME_SCALE } from './support';

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
