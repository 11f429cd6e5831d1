import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { AtlasResourceType } from '../../../lib/cdk/custom-resources/properties';
import { SsmKeyHistoryStore } from '../../../lib/cdk/handler';
import {
  KEY_HISTORY_DATA_BYTES,
  newestThatFit,
} from '../../../lib/cdk/handler/resources/project-encryption/key-history';
import {
  AZURE_CLIENT_SECRET,
  AZURE_SECRET_ARN,
  base,
  event,
  Harness,
  KEY_ARN,
  KEY_ARN_2,
  CREDS_ARN,
  PROJECT,
  run,
  secretValues,
  startHarness,
  WEBHOOK_SECRET,
  WEBHOOK_SECRET_ARN,
} from './harness';

const PE = AtlasResourceType.PROJECT_ENCRYPTION;
/** SSM for the tests of the production key-history store. */
const ssm = mockClient(SSMClient);
const EAR_PATH = `/groups/${PROJECT}/encryptionAtRest`;
const AZURE_KEY = 'https://kv-atlas-1.vault.azure.net/keys/atlas/0123456789abcdef0123456789abcdef';

describe('Custom::AtlasProjectEncryption', () => {
  let h: Harness;
  let roleId: string;
  beforeEach(async () => {
    h = await startHarness();
    roleId = h.emu.state.project(PROJECT).seedAuthorizedAwsRole();
  });
  afterEach(async () => h.stop());

  const awsRegion = {
    regionConfigs: [
      {
        providerName: 'AWS',
        regionName: 'US_EAST_1',
        priority: 7,
        electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
      },
    ],
  };
  const awsSpec = (over: Record<string, unknown> = {}) => ({
    ...base('RETAIN', h.emu.url),
    aws: { customerMasterKeyId: KEY_ARN, region: 'US_EAST_1', roleId },
    ...over,
  });
  const azureBlock = {
    azureEnvironment: 'AZURE',
    tenantId: '11111111-2222-3333-4444-555555555555',
    subscriptionId: '66666666-7777-8888-9999-000000000000',
    resourceGroupName: 'rg-atlas',
    keyVaultName: 'kv-atlas-1',
    keyIdentifier: AZURE_KEY,
    clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    clientSecretArn: AZURE_SECRET_ARN,
  };
  const seedAzure = () =>
    h.emu.state.project(PROJECT).patchEar({
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        tenantID: azureBlock.tenantId,
        subscriptionID: azureBlock.subscriptionId,
        resourceGroupName: 'rg-atlas',
        keyVaultName: 'kv-atlas-1',
        keyIdentifier: AZURE_KEY,
        clientID: azureBlock.clientId,
        secret: 'seeded-secret-value',
      },
    });

  test('Create PATCHes only the managed block, then waits for valid: true', async () => {
    const out = await run(h, event(PE, 'Create', awsSpec()));
    expect(out.PhysicalResourceId).toBe(PROJECT);
    expect(out.Data).toMatchObject({ AwsValid: 'true', KeyHistory: '[]' });
    const patches = h.emu.state.callsTo('PATCH', EAR_PATH);
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toEqual({
      awsKms: { enabled: true, customerMasterKeyID: KEY_ARN, region: 'US_EAST_1', roleId },
    });
  });

  test('the resolved spec is re-validated with the core rules (token values at synth)', async () => {
    await expect(
      h.handler.onEvent(
        event(PE, 'Create', awsSpec({ aws: { customerMasterKeyId: 'alias/atlas', region: 'US_EAST_1', roleId } })),
      ),
    ).rejects.toThrow(/SYN-AWS-2/);
    expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(0);
  });

  test('IAM propagation on the PATCH is retried (DEP-IAM-1)', async () => {
    h.emu.state.iamPropagationFailures(PROJECT, 3);
    const out = await run(h, event(PE, 'Create', awsSpec()));
    expect(out.Data.AwsValid).toBe('true');
    expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(4);
  });

  test('survives 429 and 5xx on reads', async () => {
    h.emu.faults.add({ method: 'GET', path: EAR_PATH, times: 1, status: 429, retryAfterSeconds: 2 });
    h.emu.faults.add({ method: 'GET', path: EAR_PATH, times: 1, status: 500 });
    const out = await run(h, event(PE, 'Create', awsSpec()));
    expect(out.Data.AwsValid).toBe('true');
  });

  test('a provider already enabled with another key fails unless adopt (DEP-EAR-1)', async () => {
    h.emu.state
      .project(PROJECT)
      .patchEar({ awsKms: { enabled: true, customerMasterKeyID: KEY_ARN_2, region: 'US_EAST_1', roleId } });
    await expect(h.handler.onEvent(event(PE, 'Create', awsSpec()))).rejects.toThrow(
      /\[DEP-EAR-1\].*already enabled.*adopt: true/,
    );
    expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(0);

    const out = await run(h, event(PE, 'Create', awsSpec({ adopt: true })));
    expect(out.Data.AwsValid).toBe('true');
    const history = JSON.parse(out.Data.KeyHistory);
    expect(history).toEqual([expect.objectContaining({ provider: 'AWS', from: KEY_ARN_2, to: KEY_ARN })]);
  });

  test('a retried Create converges (same key already enabled is not a conflict)', async () => {
    await run(h, event(PE, 'Create', awsSpec()));
    const again = await run(h, event(PE, 'Create', awsSpec()));
    expect(again.Data.AwsValid).toBe('true');
  });

  test('never touches a provider it does not manage', async () => {
    seedAzure();
    await run(h, event(PE, 'Create', awsSpec()));
    for (const call of h.emu.state.callsTo('PATCH', EAR_PATH)) expect(call.body).not.toHaveProperty('azureKeyVault');
    expect(h.emu.state.project(PROJECT).ear.azureKeyVault.enabled).toBe(true);
  });

  test('Azure with a role id sends the role-based block only: no tenantID, client or secret', async () => {
    const p = h.emu.state.project(PROJECT);
    const azureRole = p.family.cloudProviderAccess.create({
      providerName: 'AZURE',
      tenantId: azureBlock.tenantId,
      servicePrincipalId: '44444444-4444-4444-4444-444444444444',
    });
    p.family.cloudProviderAccess.authorize(azureRole.roleId ?? (azureRole._id as string), {
      providerName: 'AZURE',
      atlasAzureAppId: azureRole.atlasAzureAppId,
      servicePrincipalId: '44444444-4444-4444-4444-444444444444',
      tenantId: azureBlock.tenantId,
    });
    const { clientId: _c, clientSecretArn: _s, ...roleBased } = azureBlock;
    const azure = { ...roleBased, roleId: azureRole.roleId ?? azureRole._id };
    const out = await run(h, event(PE, 'Create', { ...base('RETAIN', h.emu.url), azure }));
    expect(out.Data.AzureValid).toBe('true');
    expect(h.emu.state.callsTo('PATCH', EAR_PATH)[0].body).toEqual({
      azureKeyVault: {
        enabled: true,
        azureEnvironment: 'AZURE',
        subscriptionID: azureBlock.subscriptionId,
        resourceGroupName: 'rg-atlas',
        keyVaultName: 'kv-atlas-1',
        keyIdentifier: AZURE_KEY,
        roleId: azure.roleId,
      },
    });
  });

  test('a key change from a client secret to the secretless identity records both identities, never the secret (DEP-KEEP-1)', async () => {
    const p = h.emu.state.project(PROJECT);
    const withSecret = { ...base('RETAIN', h.emu.url), azure: azureBlock };
    const created = await run(h, event(PE, 'Create', withSecret));
    expect(created.Data.AzureValid).toBe('true');
    const azureRole = p.family.cloudProviderAccess.create({
      providerName: 'AZURE',
      tenantId: azureBlock.tenantId,
      servicePrincipalId: '44444444-4444-4444-4444-444444444444',
    });
    const azureRoleId = azureRole.roleId ?? (azureRole._id as string);
    p.family.cloudProviderAccess.authorize(azureRoleId, {
      providerName: 'AZURE',
      atlasAzureAppId: azureRole.atlasAzureAppId,
      servicePrincipalId: '44444444-4444-4444-4444-444444444444',
      tenantId: azureBlock.tenantId,
    });
    const { clientId: _c, clientSecretArn: _s, ...roleBased } = azureBlock;
    const newKey = AZURE_KEY.replace(/[0-9a-f]{32}$/, 'f'.repeat(32));
    const secretless = {
      ...base('RETAIN', h.emu.url),
      azure: { ...roleBased, keyIdentifier: newKey, roleId: azureRoleId },
    };
    const out = await run(
      h,
      event(PE, 'Update', secretless, { physicalId: created.PhysicalResourceId, oldSpec: withSecret }),
    );
    const [change] = JSON.parse(out.Data.KeyHistory);
    expect(change).toMatchObject({
      provider: 'AZURE',
      from: AZURE_KEY,
      to: newKey,
      identity: { kind: 'AZURE_SERVICE_PRINCIPAL', roleId: azureRoleId },
      previousIdentity: { kind: 'AZURE_CLIENT_SECRET', clientId: azureBlock.clientId },
    });
    const stored = JSON.stringify(h.keyHistory.entries.get(PROJECT));
    expect(stored).toContain('AZURE_CLIENT_SECRET');
    expect(stored).not.toContain(AZURE_CLIENT_SECRET);
    expect(stored).not.toContain(AZURE_SECRET_ARN);
  });

  test('valid: false after the PATCH fails after validationTimeoutMs with a provider-specific hint (DEP-VAL-1)', async () => {
    const p = h.emu.state.project(PROJECT);
    await expect(
      run(h, event(PE, 'Create', awsSpec({ validationTimeoutMs: 60_000 })), {
        beforePoll: () => p.setInvalid('AWS'),
      }),
    ).rejects.toThrow(/\[DEP-VAL-1\].*AWS.*valid=false.*kms:Encrypt, kms:Decrypt and kms:DescribeKey/);
  });

  test('valid: true arriving late is waited for', async () => {
    const p = h.emu.state.project(PROJECT);
    const out = await run(h, event(PE, 'Create', awsSpec({ validationTimeoutMs: 120_000 })), {
      beforePoll: (n) => p.setInvalid('AWS', n < 4),
    });
    expect(out.polls).toBe(4);
    expect(out.Data.AwsValid).toBe('true');
  });

  test('key change on Update is recorded with the date until which the old key must be kept (DEP-KEEP-1)', async () => {
    const created = await run(h, event(PE, 'Create', awsSpec()));
    const p = h.emu.state.project(PROJECT);
    p.seedCluster({
      name: 'orders',
      clusterType: 'REPLICASET',
      encryptionAtRestProvider: 'AWS',
      backupEnabled: true,
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'AWS',
              regionName: 'US_EAST_1',
              priority: 7,
              electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
            },
          ],
        },
      ],
    });
    const snap = p.takeSnapshot('orders', { retentionDays: 30 });
    const newSpec = awsSpec({ aws: { customerMasterKeyId: KEY_ARN_2, region: 'US_EAST_1', roleId } });
    const out = await run(
      h,
      event(PE, 'Update', newSpec, { physicalId: created.PhysicalResourceId, oldSpec: awsSpec() }),
    );
    const history = JSON.parse(out.Data.KeyHistory);
    expect(history).toEqual([
      {
        provider: 'AWS',
        from: KEY_ARN,
        to: KEY_ARN_2,
        changedAt: expect.stringMatching(/^2026-09-01T/),
        retainPreviousKeyUntil: snap.expiresAt,
        // Which identity Atlas used on each side: the spec's role for the new key, the live block's for the old.
        identity: { kind: 'AWS_ROLE', roleId },
        previousIdentity: { kind: 'AWS_ROLE', roleId },
      },
    ]);
    expect(out.Data.RetainPreviousKeysUntil).toBe(snap.expiresAt);
    expect(p.ear.awsKms.customerMasterKeyID).toBe(KEY_ARN_2);
    expect(h.logs.some((l) => l.includes('atlas-ear key-history') && l.includes(KEY_ARN_2))).toBe(true);
  });

  test('the key-change scan records unknown for unreadable snapshots and skips clusters that cannot hold any', async () => {
    const created = await run(h, event(PE, 'Create', awsSpec()));
    const p = h.emu.state.project(PROJECT);
    // Cloud Backup off: Atlas answers the snapshot list with an error (which one is not documented).
    p.seedCluster({
      name: 'nobackup',
      encryptionAtRestProvider: 'NONE',
      backupEnabled: false,
      replicationSpecs: [awsRegion],
    });
    // Shared tier (M0): no customer key, so never read.
    p.seedCluster({
      name: 'free',
      encryptionAtRestProvider: 'NONE',
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'TENANT',
              backingProviderName: 'AWS',
              regionName: 'US_EAST_1',
              electableSpecs: { instanceSize: 'M0' },
            },
          ],
        },
      ],
    });
    // Backup on, but its snapshots cannot be read.
    p.seedCluster({
      name: 'orders',
      encryptionAtRestProvider: 'AWS',
      backupEnabled: true,
      replicationSpecs: [awsRegion],
    });
    // Sharded: its snapshots are listed by an endpoint the handler does not call.
    p.seedCluster({
      name: 'big',
      clusterType: 'SHARDED',
      encryptionAtRestProvider: 'NONE',
      replicationSpecs: [awsRegion],
    });
    const snaps = (name: string) => `/groups/${PROJECT}/clusters/${name}/backup/snapshots`;
    h.emu.faults.add({ method: 'GET', path: snaps('nobackup'), times: 1, status: 400 });
    h.emu.faults.add({ method: 'GET', path: snaps('orders'), times: 1, status: 403, errorCode: 'FORBIDDEN' });
    const newSpec = awsSpec({ aws: { customerMasterKeyId: KEY_ARN_2, region: 'US_EAST_1', roleId } });
    const out = await run(
      h,
      event(PE, 'Update', newSpec, { physicalId: created.PhysicalResourceId, oldSpec: awsSpec() }),
    );
    const [change] = JSON.parse(out.Data.KeyHistory);
    expect(change.retainPreviousKeyUntil).toBe('unknown (snapshots of orders, big could not be read)');
    expect(out.Data.RetainPreviousKeysUntil).toBe(change.retainPreviousKeyUntil);
    expect(h.emu.state.callsTo('GET', snaps('free'))).toHaveLength(0);
    const logs = h.logs.join('\n');
    expect(logs).toMatch(
      /left out of the snapshot check: nobackup \(Cloud Backup off.*400 VALIDATION_ERROR\)\), free \(shared tier/,
    );
    expect(logs).toMatch(
      /the snapshots of orders \(snapshots could not be read \(403 FORBIDDEN\)\), big \(sharded.*\) could not be checked/,
    );
    expect(p.ear.awsKms.customerMasterKeyID).toBe(KEY_ARN_2);
  });

  test('a key change while the live key is invalid fails fast: restore key access first (DEP-KEY-1)', async () => {
    const created = await run(h, event(PE, 'Create', awsSpec()));
    h.emu.state.setKeyStatus(KEY_ARN, 'DISABLED');
    const before = h.emu.state.callsTo('PATCH', EAR_PATH).length;
    const newSpec = awsSpec({ aws: { customerMasterKeyId: KEY_ARN_2, region: 'US_EAST_1', roleId } });
    await expect(
      h.handler.onEvent(event(PE, 'Update', newSpec, { physicalId: created.PhysicalResourceId, oldSpec: awsSpec() })),
    ).rejects.toThrow(/\[DEP-KEY-1\].*restore key access first/);
    expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(before);
  });

  describe('rotation alert (DEP-ALERT-1)', () => {
    const rotation = { thresholdDays: 400, notifyProjectOwners: true };
    const rotationAlerts = () =>
      h.emu.state.project(PROJECT).alertConfigs.filter((a) => a.eventTypeName === 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION');

    test('updates the alert Atlas created instead of duplicating it, on every deploy', async () => {
      const created = await run(h, event(PE, 'Create', awsSpec({ rotationAlert: rotation })));
      expect(rotationAlerts()).toHaveLength(1);
      expect(rotationAlerts()[0].threshold?.threshold).toBe(400);
      expect(created.Data.RotationAlertIds).toBe(rotationAlerts()[0].id);
      const next = awsSpec({ rotationAlert: { ...rotation, thresholdDays: 500 } });
      await run(h, event(PE, 'Update', next, { physicalId: PROJECT, oldSpec: awsSpec({ rotationAlert: rotation }) }));
      expect(rotationAlerts()).toHaveLength(1);
      expect(rotationAlerts()[0].threshold?.threshold).toBe(500);
      expect(h.emu.state.callsTo('POST', `/groups/${PROJECT}/alertConfigs`)).toHaveLength(0);
    });

    test('creates the alert when none exists', async () => {
      const p = h.emu.state.project(PROJECT);
      await run(
        h,
        event(
          PE,
          'Create',
          awsSpec({
            rotationAlert: { ...rotation, emails: ['sec@example.com'], webhookSecretArn: WEBHOOK_SECRET_ARN },
          }),
        ),
        {
          beforePoll: () => {
            const i = p.alertConfigs.findIndex((a) => a.eventTypeName === 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION');
            if (i >= 0) p.alertConfigs.splice(i, 1);
          },
        },
      );
      expect(rotationAlerts()).toHaveLength(1);
      expect(rotationAlerts()[0].notifications.map((n) => n.typeName)).toEqual(['GROUP', 'EMAIL', 'WEBHOOK']);
      expect(h.logs.join('\n')).not.toContain(WEBHOOK_SECRET);
      expect(h.logs.join('\n')).not.toContain('T0K3N-in-url');
    });
  });

  describe('rotation alert fidelity (DEP-ALERT-1)', () => {
    const EVENT = 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION';
    const ALERTS = `/groups/${PROJECT}/alertConfigs`;
    const rotationAlerts = () => h.emu.state.project(PROJECT).alertConfigs.filter((a) => a.eventTypeName === EVENT);
    /** Atlas's own alert as the emulator creates it on the first enable (90 days, project owners). */
    const atlasDefault = () => ({
      eventTypeName: EVENT,
      enabled: true,
      threshold: { operator: 'GREATER_THAN' as const, threshold: 90, units: 'DAYS' },
      notifications: [
        { typeName: 'GROUP', roles: ['GROUP_OWNER'], emailEnabled: true, smsEnabled: false, intervalMin: 1440 },
      ],
    });

    test('the PUT keeps matchers, severityOverride and notifications the construct does not manage', async () => {
      let edited = false;
      await run(h, event(PE, 'Create', awsSpec({ rotationAlert: { thresholdDays: 400, notifyProjectOwners: true } })), {
        beforePoll: () => {
          // Atlas makes its own alert a while after the PATCH (the emulator's delay): edit it once it is there.
          h.emu.state.project(PROJECT).advance();
          if (edited || rotationAlerts().length === 0) return;
          edited = true;
          // Settings someone made on Atlas's alert in the UI.
          Object.assign(rotationAlerts()[0], {
            matchers: [{ fieldName: 'CLUSTER_NAME', operator: 'EQUALS', value: 'orders' }],
            severityOverride: 'CRITICAL',
          });
          rotationAlerts()[0].notifications.push({ typeName: 'USER', username: 'oncall@example.com' } as never);
        },
      });
      const [a] = rotationAlerts();
      expect(a.threshold?.threshold).toBe(400);
      expect(a).toMatchObject({
        matchers: [{ fieldName: 'CLUSTER_NAME', operator: 'EQUALS', value: 'orders' }],
        severityOverride: 'CRITICAL',
      });
      expect(a.notifications.map((n) => n.typeName)).toEqual(['GROUP', 'USER']);
      const [put] = h.emu.state.callsTo('PUT', new RegExp(`${ALERTS}/`));
      expect(put.body).not.toHaveProperty('created');
      expect(put.body).not.toHaveProperty('groupId');
    });

    test('an Update that leaves the alert as it is sends no PUT; a changed threshold does', async () => {
      const spec = awsSpec({ rotationAlert: { thresholdDays: 400, notifyProjectOwners: true } });
      await run(h, event(PE, 'Create', spec), { beforePoll: () => h.emu.state.project(PROJECT).advance() });
      const puts = () => h.emu.state.callsTo('PUT', new RegExp(`${ALERTS}/`)).length;
      const afterCreate = puts();
      expect(afterCreate).toBeGreaterThan(0);
      await run(h, event(PE, 'Update', spec, { physicalId: PROJECT, oldSpec: spec }));
      expect(puts()).toBe(afterCreate);
      expect(rotationAlerts()[0].threshold?.threshold).toBe(400);
      const longer = awsSpec({ rotationAlert: { thresholdDays: 395, notifyProjectOwners: true } });
      await run(h, event(PE, 'Update', longer, { physicalId: PROJECT, oldSpec: spec }));
      expect(puts()).toBe(afterCreate + 1);
      expect(rotationAlerts()[0].threshold?.threshold).toBe(395);
    });

    test("the threshold defaults to Atlas's own, 90 days", async () => {
      await run(h, event(PE, 'Create', awsSpec({ rotationAlert: { notifyProjectOwners: true } })));
      expect(rotationAlerts()).toHaveLength(1);
      expect(rotationAlerts()[0].threshold).toEqual({ operator: 'GREATER_THAN', threshold: 90, units: 'DAYS' });
    });

    test('an alert Atlas creates late is waited for and updated, not duplicated', async () => {
      const p = h.emu.state.project(PROJECT);
      await run(h, event(PE, 'Create', awsSpec({ rotationAlert: { thresholdDays: 400, notifyProjectOwners: true } })), {
        beforePoll: (n) => {
          // Atlas has not made its alert by the first polls; it appears 30 s after the PATCH.
          if (n === 1) p.alertConfigs.splice(0, p.alertConfigs.length);
          if (n === 3) p.family.alertConfigs.add(atlasDefault());
        },
      });
      expect(h.emu.state.callsTo('POST', ALERTS)).toHaveLength(0);
      expect(rotationAlerts()).toHaveLength(1);
      expect(rotationAlerts()[0].threshold?.threshold).toBe(400);
    });

    test('a later deploy keeps the oldest alert and disables copies, but not an alert with its own routing', async () => {
      const p = h.emu.state.project(PROJECT);
      const spec = awsSpec({ rotationAlert: { thresholdDays: 400, notifyProjectOwners: true } });
      await run(h, event(PE, 'Create', spec));
      const [first] = rotationAlerts();
      h.clock.now += 60_000;
      const copy = p.family.alertConfigs.add(atlasDefault());
      const own = p.family.alertConfigs.add({
        ...atlasDefault(),
        notifications: [{ typeName: 'USER', username: 'oncall@example.com' } as never],
      });
      await run(h, event(PE, 'Update', spec, { physicalId: PROJECT, oldSpec: spec }));
      const byId = new Map(rotationAlerts().map((a) => [a.id, a]));
      expect(byId.get(first.id)).toMatchObject({ enabled: true, threshold: { threshold: 400 } });
      expect(byId.get(copy.id as string)).toMatchObject({ enabled: false, threshold: { threshold: 90 } });
      expect(byId.get(own.id as string)).toMatchObject({ enabled: true });
      expect(h.logs.some((l) => l.includes(`another ${EVENT} alert (${own.id})`))).toBe(true);
    });

    test('an alert that would go back with a credential Atlas redacted is left unchanged, with a warning', async () => {
      const p = h.emu.state.project(PROJECT);
      let edited = false;
      await run(h, event(PE, 'Create', awsSpec({ rotationAlert: { thresholdDays: 400, notifyProjectOwners: true } })), {
        beforePoll: () => {
          p.advance();
          if (edited || rotationAlerts().length === 0) return;
          edited = true;
          // A Slack notification someone added: Atlas returns its token redacted (Admin API v2 notification docs).
          rotationAlerts()[0].notifications.push({
            typeName: 'SLACK',
            channelName: '#ops',
            apiToken: '****************************a23c',
          } as never);
        },
      });
      expect(h.emu.state.callsTo('PUT', new RegExp(`${ALERTS}/`))).toHaveLength(0);
      expect(rotationAlerts()[0].notifications.map((n) => n.typeName)).toEqual(['GROUP', 'SLACK']);
      expect(h.logs.some((l) => l.includes('left unchanged rather than overwrite that credential'))).toBe(true);
    });
  });

  describe('Delete', () => {
    test('RETAIN (default) makes no Atlas call at all', async () => {
      await run(h, event(PE, 'Create', awsSpec()));
      const before = h.emu.state.calls.length;
      await run(h, event(PE, 'Delete', awsSpec(), { physicalId: PROJECT }));
      expect(h.emu.state.calls.length).toBe(before);
      expect(h.emu.state.project(PROJECT).ear.awsKms.enabled).toBe(true);
    });

    test('create rollback (RetainExceptOnCreate): AWS enabled with this stack’s own role is disabled again', async () => {
      const spec = awsSpec({ undoOnCreateRollback: true });
      await run(h, event(PE, 'Create', spec));
      await run(h, event(PE, 'Delete', spec, { physicalId: PROJECT }));
      expect(h.emu.state.project(PROJECT).ear.awsKms.enabled).toBe(false);
      expect(h.logs.some((l) => l.includes('create rolled back: AWS'))).toBe(true);
    });

    test('create rollback: a configuration with another role is not provably ours and stays', async () => {
      await run(h, event(PE, 'Create', awsSpec()));
      const other = awsSpec({
        undoOnCreateRollback: true,
        aws: { customerMasterKeyId: KEY_ARN, region: 'US_EAST_1', roleId: '0123456789abcdef01234567' },
      });
      await run(h, event(PE, 'Delete', other, { physicalId: PROJECT }));
      expect(h.emu.state.project(PROJECT).ear.awsKms.enabled).toBe(true);
      expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(1);
    });

    test('DESTROY keeps a provider clusters still use, naming them, and the stack delete completes (DEP-DIS-1)', async () => {
      await run(h, event(PE, 'Create', awsSpec()));
      const p = h.emu.state.project(PROJECT);
      for (const name of ['orders', 'billing']) {
        p.seedCluster({
          name,
          encryptionAtRestProvider: 'AWS',
          replicationSpecs: [
            {
              regionConfigs: [
                { providerName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M10', nodeCount: 3 } },
              ],
            },
          ],
        });
      }
      const spec = { ...awsSpec(), deletePolicy: 'DESTROY' };
      await expect(h.handler.onEvent(event(PE, 'Delete', spec, { physicalId: PROJECT }))).resolves.toBeDefined();
      expect(h.logs.join('\n')).toMatch(/\[DEP-DIS-1\].*orders \(AWS\), billing \(AWS\)/);
      expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(1);
      expect(p.ear.awsKms.enabled).toBe(true);
    });

    test('DESTROY keeps the provider under a Backup Compliance Policy that requires encryption at rest', async () => {
      await run(h, event(PE, 'Create', awsSpec()));
      h.emu.state.project(PROJECT).backupCompliancePolicy = { encryptionAtRestEnabled: true };
      await expect(
        h.handler.onEvent(event(PE, 'Delete', { ...awsSpec(), deletePolicy: 'DESTROY' }, { physicalId: PROJECT })),
      ).resolves.toBeDefined();
      expect(h.logs.join('\n')).toMatch(/\[DEP-DIS-1\].*Backup Compliance Policy/);
    });

    test('DESTROY keeps the provider while retained snapshots may need the key (DEP-KEEP-1)', async () => {
      await run(h, event(PE, 'Create', awsSpec()));
      const p = h.emu.state.project(PROJECT);
      p.seedCluster({
        name: 'gone',
        encryptionAtRestProvider: 'AWS',
        replicationSpecs: [
          {
            regionConfigs: [
              { providerName: 'AWS', regionName: 'US_EAST_1', electableSpecs: { instanceSize: 'M10', nodeCount: 3 } },
            ],
          },
        ],
      });
      p.takeSnapshot('gone', { retentionDays: 14 });
      p.deleteCluster('gone', true);
      h.emu.state.settle();
      await expect(
        h.handler.onEvent(event(PE, 'Delete', { ...awsSpec(), deletePolicy: 'DESTROY' }, { physicalId: PROJECT })),
      ).resolves.toBeDefined();
      expect(h.logs.join('\n')).toMatch(/\[DEP-KEEP-1\].*gone \(1 snapshot/);
      expect(p.ear.awsKms.enabled).toBe(true);
    });

    test('DESTROY fails, naming the cause, when a deleted cluster’s retained snapshots cannot be read: unknown is not none', async () => {
      await run(h, event(PE, 'Create', awsSpec()));
      const p = h.emu.state.project(PROJECT);
      p.seedCluster({
        name: 'gone',
        encryptionAtRestProvider: 'AWS',
        backupEnabled: true,
        replicationSpecs: [awsRegion],
      });
      p.takeSnapshot('gone', { retentionDays: 14 });
      p.deleteCluster('gone', true);
      h.emu.state.settle();
      // Whether Atlas lists a deleted cluster's retained snapshots by its name is not documented: a 404 is plausible.
      h.emu.faults.add({
        method: 'GET',
        path: `/groups/${PROJECT}/clusters/gone/backup/snapshots`,
        times: 1,
        status: 404,
        errorCode: 'CLUSTER_NOT_FOUND',
      });
      await expect(
        h.handler.onEvent(event(PE, 'Delete', { ...awsSpec(), deletePolicy: 'DESTROY' }, { physicalId: PROJECT })),
      ).rejects.toThrow(
        /\[DEP-KEEP-1\].*snapshots of gone \(snapshots could not be read \(404 CLUSTER_NOT_FOUND\)\) could not be checked/,
      );
      expect(p.ear.awsKms.enabled).toBe(true);
    });

    test('DESTROY disables the managed provider only, never an unmanaged one', async () => {
      await run(h, event(PE, 'Create', awsSpec()));
      seedAzure();
      await run(h, event(PE, 'Delete', { ...awsSpec(), deletePolicy: 'DESTROY' }, { physicalId: PROJECT }));
      const p = h.emu.state.project(PROJECT);
      expect(p.ear.awsKms.enabled).toBe(false);
      expect(p.ear.azureKeyVault.enabled).toBe(true);
      const patches = h.emu.state.callsTo('PATCH', EAR_PATH);
      expect(patches.at(-1)?.body).toEqual({ awsKms: { enabled: false } });
      // The rotation alert Atlas created stays in place.
      expect(p.alertConfigs.some((a) => a.eventTypeName === 'AWS_ENCRYPTION_KEY_NEEDS_ROTATION')).toBe(true);
    });
  });

  describe('secrets never leak', () => {
    test('Azure client secret goes to Atlas but never into logs, Data or errors', async () => {
      const spec = { ...base('RETAIN', h.emu.url), azure: azureBlock };
      const out = await run(h, event(PE, 'Create', spec));
      expect(out.Data.AzureValid).toBe('true');
      expect(h.emu.state.project(PROJECT).ear.azureKeyVault.secret).toBe(AZURE_CLIENT_SECRET);
      // An Atlas error that echoes the secret is redacted before it reaches CloudFormation.
      h.emu.faults.add({
        method: 'PATCH',
        path: EAR_PATH,
        times: 1,
        status: 400,
        errorCode: 'INVALID_AZURE_API_REQUEST',
        detail: `rejected secret ${AZURE_CLIENT_SECRET}`,
      });
      const err = await h.handler
        .onEvent(event(PE, 'Update', spec, { physicalId: PROJECT, oldSpec: spec }))
        .catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain('INVALID_AZURE_API_REQUEST');
      const everything = [...h.logs, JSON.stringify(out), (err as Error).message, (err as Error).stack ?? ''].join(
        '\n',
      );
      for (const s of secretValues(h)) expect(everything).not.toContain(s);
    });

    test('service-account credentials work and never appear in logs', async () => {
      await h.stop();
      h = await startHarness({ credentialType: 'serviceAccount' });
      roleId = h.emu.state.project(PROJECT).seedAuthorizedAwsRole();
      const out = await run(h, event(PE, 'Create', awsSpec()));
      expect(out.Data.AwsValid).toBe('true');
      expect(h.emu.state.tokensIssued).toBeGreaterThan(0);
      for (const s of secretValues(h)) expect(h.logs.join('\n')).not.toContain(s);
    });

    test('a malformed credentials secret names the ARN and the keys found, never the values', async () => {
      h.secrets[base().credentialsSecretArn] = JSON.stringify({ user: 'someone', password: 'hunter2-very-secret' });
      const err = await h.handler.onEvent(event(PE, 'Create', awsSpec())).catch((e: Error) => e);
      expect((err as Error).message).toMatch(/neither .*publicKey.*found keys: user, password/);
      expect([...h.logs, (err as Error).message].join('\n')).not.toContain('hunter2-very-secret');
    });
  });
});

describe('Custom::AtlasProjectEncryption polling faults', () => {
  test('5xx and connection resets while polling valid are ridden out', async () => {
    const h = await startHarness();
    try {
      const roleId = h.emu.state.project(PROJECT).seedAuthorizedAwsRole();
      const spec = { ...base('RETAIN', h.emu.url), aws: { customerMasterKeyId: KEY_ARN, region: 'US_EAST_1', roleId } };
      const out = await run(h, event(PE, 'Create', spec), {
        beforePoll: (n) => {
          if (n === 1) h.emu.faults.add({ method: 'GET', path: EAR_PATH, times: 4, status: 502 });
          if (n === 2) h.emu.faults.add({ method: 'GET', path: EAR_PATH, times: 4, reset: true });
        },
      });
      expect(out.polls).toBe(3);
      expect(out.Data.AwsValid).toBe('true');
    } finally {
      await h.stop();
    }
  });
});

describe('durable key history: SSM parameter per project (DEP-KEEP-1)', () => {
  const KEY_ARN_3 = 'arn:aws:kms:us-east-1:111122223333:key/7777abcd-12ab-34cd-56ef-1234567890ab';
  const PARAM = `/atlas-encryption-at-rest/${PROJECT}/key-history`;
  let h: Harness;
  let roleId: string;
  beforeEach(() => ssm.reset());
  afterEach(async () => h?.stop());

  const start = async (options: Parameters<typeof startHarness>[0] = {}) => {
    h = await startHarness(options);
    roleId = h.emu.state.project(PROJECT).seedAuthorizedAwsRole();
  };
  const spec = (key: string) => ({
    ...base('RETAIN', h.emu.url),
    aws: { customerMasterKeyId: key, region: 'US_EAST_1', roleId },
  });
  const update = (from: string, to: string) =>
    run(h, event(PE, 'Update', spec(to), { physicalId: PROJECT, oldSpec: spec(from) }));
  const change = (from: string, to: string) => expect.objectContaining({ provider: 'AWS', from, to });

  test('two key changes in two deploys: the parameter and Data hold the cumulative history', async () => {
    await start();
    const created = await run(h, event(PE, 'Create', spec(KEY_ARN)));
    expect(created.Data.KeyHistory).toBe('[]');
    expect(h.keyHistory.writes).toEqual([]); // nothing to record: the parameter is not created

    const first = await update(KEY_ARN, KEY_ARN_2);
    expect(JSON.parse(first.Data.KeyHistory)).toEqual([change(KEY_ARN, KEY_ARN_2)]);
    h.clock.now += 86_400_000;
    const second = await update(KEY_ARN_2, KEY_ARN_3);

    const stored = h.keyHistory.entries.get(PROJECT)!;
    expect(stored).toEqual([change(KEY_ARN, KEY_ARN_2), change(KEY_ARN_2, KEY_ARN_3)]);
    // The previous identity is kept on the provider's first change only (readers need it only there: 8 KB).
    expect(stored.map((e) => e.previousIdentity)).toEqual([{ kind: 'AWS_ROLE', roleId }, undefined]);
    expect(stored.map((e) => e.identity)).toEqual([
      { kind: 'AWS_ROLE', roleId },
      { kind: 'AWS_ROLE', roleId },
    ]);
    expect(stored.every((e) => e.status === undefined)).toBe(true);
    expect(JSON.parse(second.Data.KeyHistory)).toEqual(stored);
    // Recorded before the PATCH (pending), confirmed after it: two writes per change.
    expect(h.keyHistory.writes.map((w) => w.map((e) => e.status ?? 'confirmed'))).toEqual([
      ['pending'],
      ['confirmed'],
      ['confirmed', 'pending'],
      ['confirmed', 'confirmed'],
    ]);
    // A later deploy without a key change still returns the whole history and writes nothing.
    const writes = h.keyHistory.writes.length;
    const again = await run(
      h,
      event(
        PE,
        'Update',
        { ...spec(KEY_ARN_3), validationTimeoutMs: 90_000 },
        {
          physicalId: PROJECT,
          oldSpec: spec(KEY_ARN_3),
        },
      ),
    );
    expect(JSON.parse(again.Data.KeyHistory)).toEqual(stored);
    expect(h.keyHistory.writes).toHaveLength(writes);
  });

  test('a failing PutParameter fails the deploy before the PATCH, with a clear message', async () => {
    await start({ keyHistoryStore: new SsmKeyHistoryStore(() => new SSMClient({ region: 'us-east-1' })) });
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('not found'), { name: 'ParameterNotFound' }));
    ssm.on(PutParameterCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await run(h, event(PE, 'Create', spec(KEY_ARN)));
    const patches = h.emu.state.callsTo('PATCH', EAR_PATH).length;
    await expect(
      h.handler.onEvent(event(PE, 'Update', spec(KEY_ARN_2), { physicalId: PROJECT, oldSpec: spec(KEY_ARN) })),
    ).rejects.toThrow(
      new RegExp(
        `^\\[DEP-KEEP-1\\] Custom::AtlasProjectEncryption: cannot write the key history parameter ${PARAM} \\(AccessDeniedException\\); check the handler's ssm:PutParameter permission on it\\. Atlas still has the previous configuration \\(the key change was not made\\)`,
      ),
    );
    expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(patches);
    expect(h.emu.state.project(PROJECT).ear.awsKms.customerMasterKeyID).toBe(KEY_ARN);
  });

  test('a PATCH that fails leaves its entry pending; the rollback Update settles it (dropped: Atlas kept the old key)', async () => {
    await start();
    await run(h, event(PE, 'Create', spec(KEY_ARN)));
    h.emu.faults.add({ method: 'PATCH', path: EAR_PATH, times: 1, status: 400, errorCode: 'INVALID_ATTRIBUTE' });
    await expect(update(KEY_ARN, KEY_ARN_2)).rejects.toThrow(/PATCH encryptionAtRest failed/);
    expect(h.keyHistory.entries.get(PROJECT)).toEqual([
      expect.objectContaining({ provider: 'AWS', from: KEY_ARN, to: KEY_ARN_2, status: 'pending' }),
    ]);
    // CloudFormation rolls back with the old properties: no key change, the pending entry is dropped.
    const rollback = await update(KEY_ARN_2, KEY_ARN);
    expect(h.keyHistory.entries.get(PROJECT)).toEqual([]);
    expect(rollback.Data.KeyHistory).toBe('[]');
  });

  test('a pending entry left by a stopped invocation is settled against the live key on the next deploy', async () => {
    await start();
    await run(h, event(PE, 'Create', spec(KEY_ARN_2)));
    const entry = (from: string, to: string) => ({
      provider: 'AWS' as const,
      from,
      to,
      changedAt: '2026-08-01T00:00:00.000Z',
      retainPreviousKeyUntil: 'none',
      status: 'pending' as const,
    });
    // Atlas has KEY_ARN_2: the change to it happened, the one back to KEY_ARN did not.
    h.keyHistory.entries.set(PROJECT, [entry(KEY_ARN, KEY_ARN_2), entry(KEY_ARN_2, KEY_ARN)]);
    const out = await run(h, event(PE, 'Create', spec(KEY_ARN_2)));
    const { status: _status, ...confirmed } = entry(KEY_ARN, KEY_ARN_2);
    expect(h.keyHistory.entries.get(PROJECT)).toEqual([confirmed]);
    expect(JSON.parse(out.Data.KeyHistory)).toEqual([confirmed]);
  });

  test('the attribute is read back at the last poll; a failed read there is tried again, not a failure', async () => {
    await start();
    await run(h, event(PE, 'Create', spec(KEY_ARN)));
    const ev = event(PE, 'Update', spec(KEY_ARN_2), { physicalId: PROJECT, oldSpec: spec(KEY_ARN) });
    const first = await h.handler.onEvent(ev);
    // onEvent's Data: when it started, and the project fields its clusters read (never the key history).
    expect(first.Data).toEqual({
      StartedAt: expect.any(String),
      Project: JSON.stringify({ projectId: PROJECT, credentialsSecretArn: CREDS_ARN, baseUrl: h.emu.url }),
    });
    const poll = { ...ev, PhysicalResourceId: PROJECT, Data: first.Data };
    h.keyHistory.failReads = new Error('cannot read the key history parameter (ThrottlingException)');
    h.clock.now += 10_000;
    await expect(h.handler.isComplete(poll)).resolves.toEqual({ IsComplete: false });
    h.keyHistory.failReads = undefined;
    h.clock.now += 10_000;
    const done = await h.handler.isComplete(poll);
    expect(JSON.parse(done.Data?.KeyHistory ?? '[]')).toEqual([change(KEY_ARN, KEY_ARN_2)]);
  });

  test('a read that fails fails the deploy; nothing changes in Atlas', async () => {
    await start();
    await run(h, event(PE, 'Create', spec(KEY_ARN)));
    const patches = h.emu.state.callsTo('PATCH', EAR_PATH).length;
    h.keyHistory.failReads = new Error('cannot read the key history parameter (ThrottlingException)');
    await expect(
      h.handler.onEvent(event(PE, 'Update', spec(KEY_ARN_2), { physicalId: PROJECT, oldSpec: spec(KEY_ARN) })),
    ).rejects.toThrow(/\[DEP-KEEP-1\].*ThrottlingException.*the key change was not made/);
    expect(h.emu.state.callsTo('PATCH', EAR_PATH)).toHaveLength(patches);
  });
});

describe('SsmKeyHistoryStore (production store, SSM mocked)', () => {
  const store = new SsmKeyHistoryStore(() => new SSMClient({ region: 'us-east-1' }));
  const PARAM = `/atlas-encryption-at-rest/${PROJECT}/key-history`;
  const entry = {
    provider: 'AWS' as const,
    from: KEY_ARN,
    to: KEY_ARN_2,
    changedAt: '2026-09-01T00:00:00.000Z',
    retainPreviousKeyUntil: 'none',
  };
  beforeEach(() => ssm.reset());

  test('ParameterNotFound reads as an empty history', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('x'), { name: 'ParameterNotFound' }));
    await expect(store.read(PROJECT)).resolves.toEqual([]);
    expect(ssm.commandCalls(GetParameterCommand)[0].args[0].input).toEqual({ Name: PARAM });
  });

  test('reads the stored array; refuses anything else rather than overwrite it', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAM, Value: JSON.stringify([entry]) } });
    await expect(store.read(PROJECT)).resolves.toEqual([entry]);
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAM, Value: '{"oops":1}' } });
    await expect(store.read(PROJECT)).rejects.toThrow(/\[DEP-KEEP-1\].*not a JSON array.*left as it is/);
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('x'), { name: 'AccessDeniedException' }));
    await expect(store.read(PROJECT)).rejects.toThrow(/AccessDeniedException.*ssm:GetParameter/);
  });

  test('writes a String parameter, overwriting, Intelligent-Tiering; refuses more than 8 KB', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 2, Tier: 'Standard' });
    await store.write(PROJECT, [entry]);
    expect(ssm.commandCalls(PutParameterCommand)[0].args[0].input).toEqual({
      Name: PARAM,
      Value: JSON.stringify([entry]),
      Type: 'String',
      Overwrite: true,
      Tier: 'Intelligent-Tiering',
      Description: expect.stringContaining('Do not delete'),
    });
    await expect(
      store.write(
        PROJECT,
        Array.from({ length: 40 }, () => entry),
      ),
    ).rejects.toThrow(/no longer fits the SSM parameter .*8192 bytes/);
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(1);
  });

  test('Data keeps the newest entries within 2 KB', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({
      ...entry,
      changedAt: `2026-09-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
    }));
    const kept = newestThatFit(many, KEY_HISTORY_DATA_BYTES);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(20);
    expect(kept.at(-1)).toEqual(many.at(-1));
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThanOrEqual(KEY_HISTORY_DATA_BYTES);
  });
});
