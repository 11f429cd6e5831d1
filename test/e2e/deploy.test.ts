/**
 * End-to-end deploy of the cdk example as CloudFormation would drive it: the example app synthesized into a
 * cloud assembly, the bundled handler loaded from its asset in cdk.out, every custom resource driven through the
 * Provider framework's onEvent/isComplete contract (test/support/cloudformation) against the Atlas emulator,
 * with Secrets Manager and SSM mocked. Create, Update (key change, then a cluster provider switch), Delete.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnSimulator, CfnTemplate, dependencyOrder, summarize } from '../support/cloudformation';
import {
  AZURE_CLIENT_SECRET,
  E2EStack,
  E2EWorld,
  logicalIdOf,
  newStack,
  secretsManagerCalls,
  secretValuesSeen,
  ssmParameters,
  startWorld,
  withClusterSpec,
} from './support';

jest.setTimeout(120_000);

const CPA = 'Custom::AtlasCloudProviderAccess';
const AUTH = 'Custom::AtlasCloudProviderAccessAuthorization';
const EAR = 'Custom::AtlasProjectEncryption';
const CLUSTER = 'Custom::AtlasEncryptedCluster';

let world: E2EWorld;
beforeAll(async () => {
  world = await startWorld('deploy', { clusterCreateMs: 600_000, clusterUpdateMs: 300_000, clusterDeleteMs: 120_000 });
});
afterAll(async () => world?.stop());

describe('deploy simulation of examples/cdk from cdk.out', () => {
  let stack: E2EStack;
  let sim: CfnSimulator;
  let cdkOut: string;

  beforeAll(() => {
    stack = newStack(world);
    sim = stack.sim;
    cdkOut = world.cdkOut;
  });

  const project = () => world.emu.state.project(stack.projectId);
  const ids = () => ({
    cpa: logicalIdOf(stack.template, CPA),
    auth: logicalIdOf(stack.template, AUTH),
    ear: logicalIdOf(stack.template, EAR),
    orders: logicalIdOf(stack.template, CLUSTER, 'Orders'),
    catalog: logicalIdOf(stack.template, CLUSTER, 'Catalog'),
    key: logicalIdOf(stack.template, 'AWS::KMS::Key'),
    role: logicalIdOf(stack.template, 'AWS::IAM::Role', 'AwsKeyRole'),
  });

  test('the handler comes from the bundled asset in cdk.out', () => {
    const fnId = Object.keys(stack.template.Resources).find(
      (id) => (stack.template.Resources[id].Properties as { Handler?: string })?.Handler === 'index.handler',
    )!;
    const assetPath = stack.template.Resources[fnId].Metadata?.['aws:asset:path'] as string;
    expect(assetPath).toMatch(/^asset\.[a-f0-9]{64}$/);
    const file = join(cdkOut, assetPath, 'index.js');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toMatch(/from ['"]\.\.\/\.\.\/atlas/); // bundled, not the TS sources
  });

  test('Create: every custom resource in dependency order, Atlas configured', async () => {
    const order = dependencyOrder(stack.template).filter((id) =>
      stack.template.Resources[id].Type.startsWith('Custom::'),
    );
    const { cpa, auth, ear, orders, catalog } = ids();
    expect(order.indexOf(cpa)).toBeLessThan(order.indexOf(auth));
    expect(order.indexOf(auth)).toBeLessThan(order.indexOf(ear));
    expect(order.indexOf(ear)).toBeLessThan(order.indexOf(orders));
    expect(order.indexOf(ear)).toBeLessThan(order.indexOf(catalog));

    const result = await sim.deploy(stack.template);
    console.log(summarize(result));
    expect(result.status).toBe('CREATE_COMPLETE');
    expect(result.requests.map((r) => `${r.requestType} ${r.logicalId} ${r.status}`)).toEqual(
      order.map((id) => `Create ${id} SUCCESS`),
    );
    // The bundled handler read its secrets through the mocked Secrets Manager client.
    expect(secretsManagerCalls()).toBeGreaterThan(0);

    // Atlas: the role is authorized for the IAM role the stack created, both providers enabled and valid.
    const p = project();
    const roleId = sim.resources.get(cpa)!.physicalId;
    const role = p.roles.get(roleId)!;
    expect(role.authorizedDate).toBeDefined();
    expect(role.iamAssumedRoleArn).toBe(sim.resolve({ 'Fn::GetAtt': [ids().role, 'Arn'] }));
    const view = p.earView();
    expect(view.awsKms).toMatchObject({
      enabled: true,
      valid: true,
      customerMasterKeyID: sim.resolve({ 'Fn::GetAtt': [ids().key, 'Arn'] }),
      region: 'US_EAST_1',
    });
    expect(p.ear.awsKms.roleId).toBe(roleId);
    expect(view.azureKeyVault).toMatchObject({ enabled: true, valid: true, keyVaultName: 'atlas-ear-vault' });
    expect(p.ear.azureKeyVault.secret).toBe(AZURE_CLIENT_SECRET); // read from Secrets Manager at deploy time
    // Trust policy of the IAM role: Atlas's principal and the external id the CPA resource returned.
    const trust = JSON.stringify(sim.resources.get(ids().role)!.properties.AssumeRolePolicyDocument);
    expect(trust).toContain(role.atlasAssumedRoleExternalId!);
    expect(trust).toContain(role.atlasAWSAccountArn!);
    // Clusters: waited for IDLE across isComplete polls, each with its provider.
    expect(p.clusters.get('orders')).toMatchObject({
      stateName: 'IDLE',
      wire: { encryptionAtRestProvider: 'AWS' },
    });
    expect(p.clusters.get('catalog')).toMatchObject({
      stateName: 'IDLE',
      wire: { encryptionAtRestProvider: 'AZURE' },
    });
    const clusterCreate = result.requests.find((r) => r.logicalId === orders)!;
    expect(clusterCreate.polls).toBeGreaterThan(1);
    expect(clusterCreate.virtualMs).toBeGreaterThanOrEqual(600_000);
    // The rotation alert threshold (395 days) is set on the Atlas-created alert, no duplicate.
    const rotation = p.alertConfigs.filter((a) => /ENCRYPTION_KEY_NEEDS_ROTATION/.test(String(a.eventTypeName)));
    expect(rotation.length).toBeGreaterThan(0);
  });

  test('Update (key change): a replaced KMS key re-points the project, keeps the role and the clusters', async () => {
    const { key, ear, cpa } = ids();
    const oldKeyArn = project().ear.awsKms.customerMasterKeyID;
    sim.setPhysicalId(key, '0b7f3a2e-5c4d-4e1f-9a8b-7c6d5e4f3a2b');
    // An entry a previous deploy recorded: the handler appends to it.
    const parameterName = `/atlas-encryption-at-rest/${stack.projectId}/key-history`;
    const earlier = {
      provider: 'AZURE',
      keyId: 'keyIdentifier',
      from: 'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear/00000000000000000000000000000001',
      to: 'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear/00000000000000000000000000000002',
      changedAt: '2025-01-01T00:00:00.000Z',
      retainPreviousKeyUntil: 'none',
    };
    ssmParameters.set(parameterName, JSON.stringify([earlier]));
    const result = await sim.deploy(stack.template);
    console.log(summarize(result));
    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(result.requests.map((r) => `${r.requestType} ${r.logicalId} ${r.status}`)).toEqual([
      `Update ${ear} SUCCESS`,
    ]);
    const p = project();
    const newKeyArn = 'arn:aws:kms:us-east-1:123456789012:key/0b7f3a2e-5c4d-4e1f-9a8b-7c6d5e4f3a2b';
    expect(p.earView().awsKms).toMatchObject({ enabled: true, valid: true, customerMasterKeyID: newKeyArn });
    expect(p.ear.awsKms.roleId).toBe(sim.resources.get(cpa)!.physicalId);
    // The previous key is recorded in the key history the resource returns (DEP-KEEP-1).
    expect(JSON.stringify(sim.resources.get(ear)!.data)).toContain(String(oldKeyArn));
    // ... and durably, in the project's SSM parameter, which the resource's data mirrors.
    const parameter = ssmParameters.get(parameterName);
    expect(JSON.parse(parameter!)).toEqual([
      earlier,
      expect.objectContaining({ provider: 'AWS', from: oldKeyArn, to: newKeyArn, changedAt: expect.any(String) }),
    ]);
    expect(JSON.parse(parameter!)[1]).not.toHaveProperty('status');
    expect(JSON.parse(sim.resources.get(ear)!.data.KeyHistory)).toEqual(JSON.parse(parameter!));
    expect([...p.clusters.values()].every((c) => c.stateName === 'IDLE')).toBe(true);
  });

  test('Update (provider switch): the AWS cluster moves to Azure through NONE', async () => {
    const { orders } = ids();
    const switched = withClusterSpec(stack.template, orders, (s) => ({ ...s, encryptionProvider: 'AZURE' }));
    const before = world.emu.state.calls.length;
    const result = await sim.deploy(switched);
    console.log(summarize(result));
    expect(result.status).toBe('UPDATE_COMPLETE');
    expect(result.requests.map((r) => `${r.requestType} ${r.logicalId} ${r.status}`)).toEqual([
      `Update ${orders} SUCCESS`,
    ]);
    const patches = world.emu.state.calls
      .slice(before)
      .filter((c) => c.method === 'PATCH' && /\/clusters\/orders$/.test(c.path))
      .map((c) => (c.body as { encryptionAtRestProvider?: string }).encryptionAtRestProvider);
    expect(patches).toEqual(['NONE', 'AZURE']);
    expect(project().clusters.get('orders')).toMatchObject({
      stateName: 'IDLE',
      wire: { encryptionAtRestProvider: 'AZURE' },
    });
    expect(result.requests[0].polls).toBeGreaterThan(2);
  });

  test('Delete: the custom resources are retained (Retain, or RetainExceptOnCreate outside a create rollback), so CloudFormation sends them no Delete', async () => {
    const deployed = sim.template!;
    for (const id of Object.keys(deployed.Resources).filter((i) => deployed.Resources[i].Type.startsWith('Custom::'))) {
      // The project encryption is RetainExceptOnCreate: kept on delete, undone only on its own create's rollback.
      expect(['Retain', 'RetainExceptOnCreate']).toContain(deployed.Resources[id].DeletionPolicy);
    }
    const result = await sim.destroy();
    console.log(summarize(result));
    expect(result.status).toBe('DELETE_COMPLETE');
    expect(result.requests).toEqual([]);
    const p = project();
    expect(p.earView()).toMatchObject({ awsKms: { enabled: true, valid: true }, azureKeyVault: { enabled: true } });
    expect([...p.clusters.keys()].sort()).toEqual(['catalog', 'orders']);
  });

  test('no secret value in responses, handler logs or failure reasons', () => {
    const outputs = [JSON.stringify(sim.responses), sim.logs.join('\n'), JSON.stringify(sim.requests)];
    for (const secret of secretValuesSeen) for (const out of outputs) expect(out).not.toContain(secret);
    expect(sim.logs.length).toBeGreaterThan(0);
  });
});

/**
 * The template with every DeletionPolicy/UpdateReplacePolicy dropped and each Spec's deletePolicy set
 * (the constructs leave RETAIN, the handler's default, out of the Spec; every Spec starts with projectId).
 */
function deletable(template: CfnTemplate, deletePolicy: 'RETAIN' | 'DESTROY'): CfnTemplate {
  const copy = JSON.parse(JSON.stringify(template)) as CfnTemplate;
  for (const r of Object.values(copy.Resources) as Array<{
    Type: string;
    Properties?: { Spec?: unknown };
    DeletionPolicy?: string;
    UpdateReplacePolicy?: string;
  }>) {
    const spec = r.Type.startsWith('Custom::Atlas') ? r.Properties?.Spec : undefined;
    // The Spec is a JSON string, or an Fn::Join whose first piece opens the object.
    if (typeof spec === 'string') r.Properties!.Spec = spec.replace(/^\{/, `{"deletePolicy":"${deletePolicy}",`);
    const parts = (spec as { 'Fn::Join'?: [string, unknown[]] } | undefined)?.['Fn::Join']?.[1];
    if (parts && typeof parts[0] === 'string') parts[0] = parts[0].replace(/^\{/, `{"deletePolicy":"${deletePolicy}",`);
    delete r.DeletionPolicy;
    delete r.UpdateReplacePolicy;
  }
  return copy;
}

describe('stack Delete reaching the handler (DeletionPolicy removed from the template)', () => {
  test('Spec deletePolicy RETAIN: Delete in reverse dependency order, Atlas keeps everything', async () => {
    const stack = newStack(world);
    {
      const template = deletable(stack.template, 'RETAIN');
      expect((await stack.sim.deploy(template)).status).toBe('CREATE_COMPLETE');
      const result = await stack.sim.destroy();
      console.log(summarize(result));
      const order = dependencyOrder(template)
        .filter((id) => template.Resources[id].Type.startsWith('Custom::'))
        .reverse();
      expect(result.status).toBe('DELETE_COMPLETE');
      expect(result.requests.map((r) => `${r.requestType} ${r.logicalId} ${r.status}`)).toEqual(
        order.map((id) => `Delete ${id} SUCCESS`),
      );
      const p = world.emu.state.project(stack.projectId);
      expect(p.earView()).toMatchObject({ awsKms: { enabled: true, valid: true }, azureKeyVault: { enabled: true } });
      expect([...p.clusters.keys()].sort()).toEqual(['catalog', 'orders']);
      expect([...p.roles.values()].every((r) => r.authorizedDate)).toBe(true);
    }
  });

  test('Spec deletePolicy DESTROY: clusters go first, then the project setting, then the role (DEP-ORD-2)', async () => {
    const stack = newStack(world);
    {
      const template = deletable(stack.template, 'DESTROY');
      expect((await stack.sim.deploy(template)).status).toBe('CREATE_COMPLETE');
      const before = world.emu.state.calls.length;
      const result = await stack.sim.destroy();
      console.log(summarize(result));
      expect(result.status).toBe('DELETE_COMPLETE');
      const writes = world.emu.state.calls
        .slice(before)
        .filter((c) => c.method !== 'GET')
        .map((c) => `${c.method} ${c.path.replace(/^\/api\/atlas\/v2\/groups\/[^/]+/, '')}`);
      const lastClusterDelete = Math.max(...writes.map((w, i) => (/^DELETE \/clusters\//.test(w) ? i : -1)));
      const earDisable = writes.findIndex((w) => w === 'PATCH /encryptionAtRest');
      expect(lastClusterDelete).toBeGreaterThanOrEqual(0);
      if (earDisable >= 0) expect(earDisable).toBeGreaterThan(lastClusterDelete);
      const p = world.emu.state.project(stack.projectId);
      expect(p.clusters.size).toBe(0);
    }
  });
});
