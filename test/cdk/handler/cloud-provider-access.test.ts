import { AtlasResourceType } from '../../../lib/cdk/custom-resources/properties';
import { atlasCalls, base, event, Harness, IAM_ROLE_ARN, KEY_ARN, PROJECT, run, START, startHarness } from './harness';

const CPA = AtlasResourceType.CLOUD_PROVIDER_ACCESS;
const AUTH = AtlasResourceType.CLOUD_PROVIDER_ACCESS_AUTHORIZATION;

describe('Custom::AtlasCloudProviderAccess', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.stop());

  const spec = (deletePolicy: 'RETAIN' | 'DESTROY' = 'RETAIN') => ({
    ...base(deletePolicy, h.emu.url),
    providerName: 'AWS',
  });

  test('Create returns the role id as physical id, with the Atlas ARN and external id', async () => {
    const out = await run(h, event(CPA, 'Create', spec()));
    expect(out.PhysicalResourceId).toMatch(/^[0-9a-f]{24}$/);
    expect(out.Data).toMatchObject({
      RoleId: out.PhysicalResourceId,
      AtlasAwsAccountArn: 'arn:aws:iam::536727724300:root',
      ExternalId: expect.stringMatching(/.+/),
    });
    expect(h.emu.state.project(PROJECT).roles.size).toBe(1);
  });

  test('a retried Create after partial success converges on the same role instead of duplicating', async () => {
    const first = await h.handler.onEvent(event(CPA, 'Create', spec()));
    h.clock.now += 60_000; // e.g. the Lambda timed out after the POST and was retried a minute later
    const second = await h.handler.onEvent(event(CPA, 'Create', spec()));
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(second.Data).toEqual(first.Data);
    expect(h.emu.state.project(PROJECT).roles.size).toBe(1);
    expect(h.emu.state.callsTo('POST', `/groups/${PROJECT}/cloudProviderAccess`)).toHaveLength(1);
  });

  test('a POST whose answer is lost: the role Atlas created is found and used, not duplicated', async () => {
    h.emu.faults.add({ method: 'POST', path: `/groups/${PROJECT}/cloudProviderAccess`, times: 1, lostResponse: true });
    const out = await run(h, event(CPA, 'Create', spec()));
    expect(h.emu.state.project(PROJECT).roles.size).toBe(1);
    expect([...h.emu.state.project(PROJECT).roles.keys()]).toContain(out.PhysicalResourceId);
    expect(h.emu.state.callsTo('POST', `/groups/${PROJECT}/cloudProviderAccess`)).toHaveLength(1);
  });

  test('a POST that failed before Atlas acted (500) is tried again after looking', async () => {
    h.emu.faults.add({ method: 'POST', path: `/groups/${PROJECT}/cloudProviderAccess`, times: 1, status: 500 });
    const out = await run(h, event(CPA, 'Create', spec()));
    expect(out.PhysicalResourceId).toMatch(/^[0-9a-f]{24}$/);
    expect(h.emu.state.project(PROJECT).roles.size).toBe(1);
    expect(h.emu.state.callsTo('POST', `/groups/${PROJECT}/cloudProviderAccess`)).toHaveLength(2);
  });

  test('Create never reuses an authorized role, nor an old orphan', async () => {
    const p = h.emu.state.project(PROJECT);
    const authorized = p.seedAuthorizedAwsRole();
    const orphan = await h.handler.onEvent(event(CPA, 'Create', spec()));
    h.clock.now += 2 * 60 * 60 * 1000; // two hours later: not the same request any more
    const fresh = await h.handler.onEvent(event(CPA, 'Create', spec()));
    expect(new Set([authorized, orphan.PhysicalResourceId, fresh.PhysicalResourceId]).size).toBe(3);
  });

  test('Update without changes keeps the physical id and re-reads the data', async () => {
    const created = await run(h, event(CPA, 'Create', spec()));
    const updated = await run(
      h,
      event(CPA, 'Update', spec(), { physicalId: created.PhysicalResourceId, oldSpec: spec() }),
    );
    expect(updated.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(updated.Data.ExternalId).toBe(created.Data.ExternalId);
  });

  test('Delete with RETAIN (default) makes no Atlas call', async () => {
    const created = await run(h, event(CPA, 'Create', spec()));
    const before = h.emu.state.calls.length;
    const { deletePolicy: _d, ...noPolicy } = spec();
    await run(h, event(CPA, 'Delete', noPolicy, { physicalId: created.PhysicalResourceId }));
    expect(h.emu.state.calls.length).toBe(before);
    expect(h.emu.state.project(PROJECT).roles.has(created.PhysicalResourceId)).toBe(true);
  });

  test('Delete with DESTROY deauthorizes an unused role', async () => {
    const created = await run(h, event(CPA, 'Create', spec('DESTROY')));
    await run(h, event(CPA, 'Delete', spec('DESTROY'), { physicalId: created.PhysicalResourceId }));
    expect(h.emu.state.project(PROJECT).roles.has(created.PhysicalResourceId)).toBe(false);
    expect(atlasCalls(h)).toContain(
      `DELETE /api/atlas/v2/groups/${PROJECT}/cloudProviderAccess/AWS/${created.PhysicalResourceId}`,
    );
  });

  test('Delete with DESTROY: a 404 from the deauthorize means the role is gone, whatever its errorCode', async () => {
    const created = await run(h, event(CPA, 'Create', spec('DESTROY')));
    const path = `/groups/${PROJECT}/cloudProviderAccess/AWS/${created.PhysicalResourceId}`;
    h.emu.faults.add({ method: 'DELETE', path, times: 1, status: 404, errorCode: 'NOT_IN_GROUP' });
    await expect(
      run(h, event(CPA, 'Delete', spec('DESTROY'), { physicalId: created.PhysicalResourceId })),
    ).resolves.toMatchObject({ PhysicalResourceId: created.PhysicalResourceId });
    expect(h.emu.state.callsTo('DELETE', path)).toHaveLength(1);
  });

  test('Delete with DESTROY keeps a role that encryption at rest still uses', async () => {
    const p = h.emu.state.project(PROJECT);
    const roleId = p.seedAuthorizedAwsRole();
    p.patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY_ARN, region: 'US_EAST_1', roleId } });
    await expect(
      h.handler.onEvent(event(CPA, 'Delete', spec('DESTROY'), { physicalId: roleId })),
    ).resolves.toBeDefined();
    expect(h.logs.join('\n')).toMatch(/\[DEP-DIS-1\].*still uses it for encryption at rest/);
    expect(p.roles.has(roleId)).toBe(true);
  });

  test('survives 429 and 503 from Atlas', async () => {
    h.emu.faults.add({
      method: 'GET',
      path: `/groups/${PROJECT}/cloudProviderAccess`,
      times: 1,
      status: 429,
      retryAfterSeconds: 1,
    });
    h.emu.faults.add({ method: 'GET', path: `/groups/${PROJECT}/cloudProviderAccess`, times: 1, status: 503 });
    const out = await run(h, event(CPA, 'Create', spec()));
    expect(out.PhysicalResourceId).toMatch(/^[0-9a-f]{24}$/);
  });
});

describe('Custom::AtlasCloudProviderAccessAuthorization', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  const spec = (roleId: string, arn = IAM_ROLE_ARN, deletePolicy: 'RETAIN' | 'DESTROY' = 'RETAIN') => ({
    ...base(deletePolicy, h.emu.url),
    roleId,
    iamAssumedRoleArn: arn,
  });

  async function newRole(): Promise<string> {
    const created = await run(h, event(CPA, 'Create', { ...base('RETAIN', h.emu.url), providerName: 'AWS' }));
    return created.PhysicalResourceId;
  }

  test('Create authorizes the IAM role; physical id is <projectId>:<roleId>', async () => {
    h = await startHarness();
    const roleId = await newRole();
    const out = await run(h, event(AUTH, 'Create', spec(roleId)));
    expect(out.PhysicalResourceId).toBe(`${PROJECT}:${roleId}`);
    expect(out.Data).toMatchObject({
      RoleId: roleId,
      IamAssumedRoleArn: IAM_ROLE_ARN,
      AuthorizedDate: expect.stringMatching(/^20/),
    });
    expect(h.emu.state.project(PROJECT).roles.get(roleId)?.iamAssumedRoleArn).toBe(IAM_ROLE_ARN);
  });

  test('IAM propagation: CANNOT_ASSUME_ROLE is retried until the trust policy propagates', async () => {
    h = await startHarness();
    const roleId = await newRole();
    h.emu.state.iamPropagationFailures(PROJECT, 4);
    const start = h.clock.now;
    const out = await run(h, event(AUTH, 'Create', spec(roleId)));
    expect(out.Data.AuthorizedDate).toBeTruthy();
    expect(h.emu.state.callsTo('PATCH', `/groups/${PROJECT}/cloudProviderAccess/${roleId}`)).toHaveLength(5);
    expect(h.clock.now - start).toBeGreaterThan(15_000); // backed off on the fake clock, not in real time
  });

  test('IAM propagation that never ends fails with a trust-policy hint (DEP-IAM-2)', async () => {
    h = await startHarness({ propagationBudgetMs: 60_000 });
    const roleId = await newRole();
    h.emu.state.iamPropagationFailures(PROJECT, 1000);
    await expect(h.handler.onEvent(event(AUTH, 'Create', spec(roleId)))).rejects.toThrow(/\[DEP-IAM-2\].*trust policy/);
  });

  test('Update with a new IAM role ARN re-authorizes', async () => {
    h = await startHarness();
    const roleId = await newRole();
    const created = await run(h, event(AUTH, 'Create', spec(roleId)));
    const newArn = 'arn:aws:iam::111122223333:role/atlas-kms-v2';
    const out = await run(
      h,
      event(AUTH, 'Update', spec(roleId, newArn), { physicalId: created.PhysicalResourceId, oldSpec: spec(roleId) }),
    );
    expect(out.PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(h.emu.state.project(PROJECT).roles.get(roleId)?.iamAssumedRoleArn).toBe(newArn);
  });

  test('a retried Create with the same ARN is a no-op', async () => {
    h = await startHarness();
    const roleId = await newRole();
    await run(h, event(AUTH, 'Create', spec(roleId)));
    await run(h, event(AUTH, 'Create', spec(roleId)));
    expect(h.emu.state.callsTo('PATCH', `/groups/${PROJECT}/cloudProviderAccess/${roleId}`)).toHaveLength(1);
  });

  test('Delete retains the authorization: no Atlas call with RETAIN, no write with DESTROY', async () => {
    h = await startHarness();
    const roleId = await newRole();
    const created = await run(h, event(AUTH, 'Create', spec(roleId)));
    const before = h.emu.state.calls.length;
    await run(h, event(AUTH, 'Delete', spec(roleId), { physicalId: created.PhysicalResourceId }));
    expect(h.emu.state.calls.length).toBe(before);
    await run(
      h,
      event(AUTH, 'Delete', spec(roleId, IAM_ROLE_ARN, 'DESTROY'), { physicalId: created.PhysicalResourceId }),
    );
    expect(h.emu.state.calls.slice(before).filter((c) => c.method !== 'GET')).toEqual([]);
    expect(h.emu.state.project(PROJECT).roles.get(roleId)?.authorizedDate).toBeTruthy();
  });

  test('Delete with DESTROY keeps the authorization while encryption at rest still uses the role', async () => {
    // CloudFormation deletes the authorization, then the IAM role and its key policy (plain resources), and only
    // then the cloud-provider-access role: the in-use check must stop the teardown here, before the IAM role goes.
    h = await startHarness();
    const p = h.emu.state.project(PROJECT);
    const roleId = p.seedAuthorizedAwsRole();
    p.patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY_ARN, region: 'US_EAST_1', roleId } });
    await expect(
      h.handler.onEvent(
        event(AUTH, 'Delete', spec(roleId, IAM_ROLE_ARN, 'DESTROY'), { physicalId: `${PROJECT}:${roleId}` }),
      ),
    ).resolves.toBeDefined();
    expect(h.logs.join('\n')).toMatch(/\[DEP-DIS-1\].*still uses it for encryption at rest/);
    expect(p.roles.get(roleId)?.authorizedDate).toBeTruthy();
  });

  test('a role that does not exist fails clearly', async () => {
    h = await startHarness();
    await expect(h.handler.onEvent(event(AUTH, 'Create', spec('0123456789abcdef01234567')))).rejects.toThrow(
      /does not exist in project/,
    );
  });
});

/** Azure ids as the customer's tenant has them (the service principal of Atlas's application). */
const TENANT = '11111111-2222-4333-8444-555555555555';
const PRINCIPAL = '66666666-7777-4888-9999-aaaaaaaaaaaa';
const ATLAS_APP = '9f2deb0d-be22-4524-a403-df531868bac0';
const AZURE_KEY = 'https://atlas-vault.vault.azure.net/keys/atlas-key';
const START_ISO = new Date(START).toISOString();
const GCP_KEY = 'projects/p/locations/us-east4/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1';

describe('Custom::AtlasCloudProviderAccess for AZURE', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.stop());

  const spec = (deletePolicy: 'RETAIN' | 'DESTROY' = 'RETAIN', extra: object = {}) => ({
    ...base(deletePolicy, h.emu.url),
    providerName: 'AZURE',
    servicePrincipalId: PRINCIPAL,
    tenantId: TENANT,
    atlasAzureAppId: ATLAS_APP,
    ...extra,
  });
  const authSpec = (roleId: string, deletePolicy: 'RETAIN' | 'DESTROY' = 'RETAIN') => ({
    ...base(deletePolicy, h.emu.url),
    providerName: 'AZURE',
    roleId,
    servicePrincipalId: PRINCIPAL,
    tenantId: TENANT,
    atlasAzureAppId: ATLAS_APP,
  });

  test('Create POSTs the service principal, tenant and app id; Data carries the ids as Atlas stores them', async () => {
    const out = await run(h, event(CPA, 'Create', spec()));
    expect(out.PhysicalResourceId).toMatch(/^[0-9a-f]{24}$/);
    expect(out.Data).toEqual({
      RoleId: out.PhysicalResourceId,
      AtlasAzureAppId: ATLAS_APP,
      ServicePrincipalId: PRINCIPAL,
      TenantId: TENANT,
    });
    const post = h.emu.state.callsTo('POST', `/groups/${PROJECT}/cloudProviderAccess`);
    expect(post).toHaveLength(1);
    expect(post[0].body).toEqual({
      providerName: 'AZURE',
      servicePrincipalId: PRINCIPAL,
      tenantId: TENANT,
      atlasAzureAppId: ATLAS_APP,
    });
  });

  test('without atlasAzureAppId Atlas derives it, and Data returns the derived one', async () => {
    const { atlasAzureAppId: _a, ...noApp } = spec();
    const out = await run(h, event(CPA, 'Create', noApp));
    expect(h.emu.state.callsTo('POST', `/groups/${PROJECT}/cloudProviderAccess`)[0].body).not.toHaveProperty(
      'atlasAzureAppId',
    );
    expect(out.Data.AtlasAzureAppId).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('a retried Create reuses the unauthorized role of the same principal, not one of another principal', async () => {
    const other = await run(
      h,
      event(CPA, 'Create', spec('RETAIN', { servicePrincipalId: 'bbbbbbbb-7777-4888-9999-aaaaaaaaaaaa' })),
    );
    const first = await run(h, event(CPA, 'Create', spec()));
    h.clock.now += 60_000;
    const second = await run(h, event(CPA, 'Create', spec()));
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(second.PhysicalResourceId).not.toBe(other.PhysicalResourceId);
    expect(h.emu.state.project(PROJECT).roles.size).toBe(2);
  });

  test('a Create never reuses an authorized role of the same principal', async () => {
    const first = await run(h, event(CPA, 'Create', spec()));
    h.clock.now += 60_000;
    await run(h, event(AUTH, 'Create', authSpec(first.PhysicalResourceId)));
    h.clock.now += 60_000;
    const second = await run(h, event(CPA, 'Create', spec()));
    expect(second.PhysicalResourceId).not.toBe(first.PhysicalResourceId);
  });

  test('ids that are not UUIDs are refused before any Atlas call', async () => {
    await expect(h.handler.onEvent(event(CPA, 'Create', spec('RETAIN', { tenantId: 'contoso' })))).rejects.toThrow(
      /Spec\.tenantId "contoso" is not a UUID/,
    );
    expect(h.emu.state.calls).toHaveLength(0);
  });

  test('an unknown providerName is refused', async () => {
    await expect(
      h.handler.onEvent(event(CPA, 'Create', { ...base('RETAIN', h.emu.url), providerName: 'ORACLE' })),
    ).rejects.toThrow(/providerName "ORACLE" is not supported \(AWS, AZURE or GCP\)/);
  });

  test('Update to another service principal creates a new role (new physical id); the old one stays', async () => {
    const created = await run(h, event(CPA, 'Create', spec()));
    const next = spec('RETAIN', { servicePrincipalId: 'cccccccc-7777-4888-9999-aaaaaaaaaaaa' });
    const updated = await run(
      h,
      event(CPA, 'Update', next, { physicalId: created.PhysicalResourceId, oldSpec: spec() }),
    );
    expect(updated.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    expect(updated.Data.ServicePrincipalId).toBe('cccccccc-7777-4888-9999-aaaaaaaaaaaa');
    expect(h.emu.state.project(PROJECT).roles.has(created.PhysicalResourceId)).toBe(true);
  });

  test('Update that writes the app id Atlas derived keeps the role; another app id makes a new one', async () => {
    const { atlasAzureAppId: _a, ...derived } = spec();
    const created = await run(h, event(CPA, 'Create', derived));
    const same = spec('RETAIN', { atlasAzureAppId: created.Data.AtlasAzureAppId });
    const kept = await run(h, event(CPA, 'Update', same, { physicalId: created.PhysicalResourceId, oldSpec: derived }));
    expect(kept.PhysicalResourceId).toBe(created.PhysicalResourceId);
    const other = spec('RETAIN', { atlasAzureAppId: 'dddddddd-be22-4524-a403-df531868bac0' });
    const replaced = await run(
      h,
      event(CPA, 'Update', other, { physicalId: created.PhysicalResourceId, oldSpec: derived }),
    );
    expect(replaced.PhysicalResourceId).not.toBe(created.PhysicalResourceId);
    expect(replaced.Data.AtlasAzureAppId).toBe('dddddddd-be22-4524-a403-df531868bac0');
  });

  test('authorization PATCHes the three ids (AZURE) and answers with lastUpdatedDate', async () => {
    const created = await run(h, event(CPA, 'Create', spec()));
    h.clock.now += 60_000;
    const out = await run(h, event(AUTH, 'Create', authSpec(created.PhysicalResourceId)));
    expect(out.PhysicalResourceId).toBe(`${PROJECT}:${created.PhysicalResourceId}`);
    expect(out.Data).toEqual({
      RoleId: created.PhysicalResourceId,
      ServicePrincipalId: PRINCIPAL,
      LastUpdatedDate: h.emu.state.project(PROJECT).roles.get(created.PhysicalResourceId)?.lastUpdatedDate,
    });
    expect(Date.parse(out.Data.LastUpdatedDate)).toBeGreaterThan(Date.parse(START_ISO));
    const patch = h.emu.state.callsTo('PATCH', `/groups/${PROJECT}/cloudProviderAccess/${created.PhysicalResourceId}`);
    expect(patch.map((c) => c.body)).toEqual([
      { providerName: 'AZURE', atlasAzureAppId: ATLAS_APP, servicePrincipalId: PRINCIPAL, tenantId: TENANT },
    ]);
  });

  test('an authorization Atlas refuses says which service principal and tenant to check', async () => {
    const created = await run(h, event(CPA, 'Create', spec()));
    const path = `/groups/${PROJECT}/cloudProviderAccess/${created.PhysicalResourceId}`;
    h.emu.faults.add({ method: 'PATCH', path, times: 1, status: 400, errorCode: 'INVALID_ATTRIBUTE' });
    await expect(h.handler.onEvent(event(AUTH, 'Create', authSpec(created.PhysicalResourceId)))).rejects.toThrow(
      new RegExp(`service principal ${PRINCIPAL} exists in tenant ${TENANT}.*az ad sp create --id ${ATLAS_APP}`),
    );
  });

  test('an AZURE authorization of an AWS role is refused', async () => {
    const aws = await run(h, event(CPA, 'Create', { ...base('RETAIN', h.emu.url), providerName: 'AWS' }));
    await expect(h.handler.onEvent(event(AUTH, 'Create', authSpec(aws.PhysicalResourceId)))).rejects.toThrow(
      /is a AWS role, not an Azure one/,
    );
  });

  test('Delete with DESTROY removes an unused role (DELETE …/AZURE/{roleId}) and keeps one in use', async () => {
    const unused = await run(h, event(CPA, 'Create', spec('DESTROY')));
    await run(h, event(CPA, 'Delete', spec('DESTROY'), { physicalId: unused.PhysicalResourceId }));
    expect(atlasCalls(h)).toContain(
      `DELETE /api/atlas/v2/groups/${PROJECT}/cloudProviderAccess/AZURE/${unused.PhysicalResourceId}`,
    );
    expect(h.emu.state.project(PROJECT).roles.has(unused.PhysicalResourceId)).toBe(false);

    const used = await run(h, event(CPA, 'Create', spec('DESTROY')));
    h.clock.now += 60_000;
    await run(h, event(AUTH, 'Create', authSpec(used.PhysicalResourceId, 'DESTROY')));
    const p = h.emu.state.project(PROJECT);
    p.patchEar({
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        subscriptionID: '22222222-3333-4444-8555-666666666666',
        resourceGroupName: 'rg',
        keyVaultName: 'atlas-vault',
        keyIdentifier: AZURE_KEY,
        roleId: used.PhysicalResourceId,
      },
    });
    const before = h.emu.state.calls.length;
    await run(
      h,
      event(AUTH, 'Delete', authSpec(used.PhysicalResourceId, 'DESTROY'), {
        physicalId: `${PROJECT}:${used.PhysicalResourceId}`,
      }),
    );
    await run(h, event(CPA, 'Delete', spec('DESTROY'), { physicalId: used.PhysicalResourceId }));
    expect(h.emu.state.calls.slice(before).filter((c) => c.method !== 'GET')).toEqual([]);
    expect(h.logs.join('\n')).toMatch(/\[DEP-DIS-1\].*role .* is kept in Atlas/);
    expect(p.roles.has(used.PhysicalResourceId)).toBe(true);
  });
});

describe('Custom::AtlasCloudProviderAccess for GCP', () => {
  let h: Harness;
  afterEach(async () => h.stop());

  const spec = (deletePolicy: 'RETAIN' | 'DESTROY' = 'RETAIN') => ({
    ...base(deletePolicy, h.emu.url),
    providerName: 'GCP',
  });
  const EMAIL = /^mongodb-atlas-[0-9a-z]{16}@p-[0-9a-z]{24}\.iam\.gserviceaccount\.com$/;

  test('Create waits in isComplete until Atlas reports the service account COMPLETE, then returns its email', async () => {
    h = await startHarness({ durations: { gcpRoleMs: 45_000 } });
    const out = await run(h, event(CPA, 'Create', spec()));
    expect(out.polls).toBeGreaterThanOrEqual(5); // 45 s at one poll every 10 s
    expect(out.Data).toEqual({
      RoleId: out.PhysicalResourceId,
      GcpServiceAccountForAtlas: expect.stringMatching(EMAIL),
    });
    expect(h.logs.join('\n')).toMatch(/is IN_PROGRESS; waiting for COMPLETE/);
    expect(h.emu.state.callsTo('POST', `/groups/${PROJECT}/cloudProviderAccess`)[0].body).toEqual({
      providerName: 'GCP',
    });
  });

  test('a role Atlas creates COMPLETE at once needs no poll beyond the first', async () => {
    h = await startHarness({ durations: { gcpRoleMs: 0 } });
    const out = await run(h, event(CPA, 'Create', spec()));
    expect(out.polls).toBe(1);
    expect(out.Data.GcpServiceAccountForAtlas).toMatch(EMAIL);
  });

  test('a FAILED set-up fails the deploy with what to do', async () => {
    h = await startHarness({ durations: { gcpRoleMs: 45_000 } });
    await expect(
      run(h, event(CPA, 'Create', spec()), {
        beforePoll: (n) => {
          if (n === 2)
            for (const id of h.emu.state.project(PROJECT).roles.keys()) h.emu.state.project(PROJECT).failGcpRole(id);
        },
      }),
    ).rejects.toThrow(/status FAILED/);
  });

  test('a retried Create reuses the role still IN_PROGRESS', async () => {
    h = await startHarness({ durations: { gcpRoleMs: 45_000 } });
    const first = await h.handler.onEvent(event(CPA, 'Create', spec()));
    h.clock.now += 10_000;
    const second = await run(h, event(CPA, 'Create', spec()));
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(h.emu.state.project(PROJECT).roles.size).toBe(1);
  });

  test('Delete with DESTROY removes an unused role and keeps the one encryption at rest uses', async () => {
    h = await startHarness({ durations: { gcpRoleMs: 0 } });
    const unused = await run(h, event(CPA, 'Create', spec('DESTROY')));
    await run(h, event(CPA, 'Delete', spec('DESTROY'), { physicalId: unused.PhysicalResourceId }));
    expect(atlasCalls(h)).toContain(
      `DELETE /api/atlas/v2/groups/${PROJECT}/cloudProviderAccess/GCP/${unused.PhysicalResourceId}`,
    );
    const used = await run(h, event(CPA, 'Create', spec('DESTROY')));
    const p = h.emu.state.project(PROJECT);
    p.patchEar({ googleCloudKms: { enabled: true, keyVersionResourceID: GCP_KEY, roleId: used.PhysicalResourceId } });
    await run(h, event(CPA, 'Delete', spec('DESTROY'), { physicalId: used.PhysicalResourceId }));
    expect(p.roles.has(used.PhysicalResourceId)).toBe(true);
    expect(h.logs.join('\n')).toMatch(/\[DEP-DIS-1\]/);
  });

  test('an authorization for a GCP role is refused (Google Cloud roles need none)', async () => {
    h = await startHarness();
    await expect(
      h.handler.onEvent(
        event(AUTH, 'Create', { ...base('RETAIN', h.emu.url), providerName: 'GCP', roleId: 'a'.repeat(24) }),
      ),
    ).rejects.toThrow(/providerName "GCP" is not supported \(AWS or AZURE\)/);
  });
});
