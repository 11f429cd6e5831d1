import { AtlasResourceType } from '../../../lib/cdk/custom-resources/properties';
import * as handler from '../../../lib/cdk/handler';
import { Redactor, redactingLogger } from '../../../lib/cdk/handler/runtime/log';
import {
  atlasCalls,
  base,
  event,
  failedResponseBody,
  Harness,
  IAM_ROLE_ARN,
  KEY_ARN,
  KEY_ARN_2,
  PROJECT,
  run,
  secretValues,
  startHarness,
} from './harness';

describe('handler entry point', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.stop());

  test('exports the Provider framework handlers', () => {
    expect(typeof handler.handler).toBe('function');
    expect(typeof handler.onEvent).toBe('function');
    expect(typeof handler.isComplete).toBe('function');
  });

  test('one entry point serves both phases: the onEvent response marks the framework polls', async () => {
    const spec = { ...base('RETAIN', h.emu.url), providerName: 'AWS' };
    const created = (await h.handler.handler(
      event(AtlasResourceType.CLOUD_PROVIDER_ACCESS, 'Create', spec),
    )) as unknown as Record<string, unknown>;
    expect(created[handler.POLL_MARKER]).toBe(true);
    expect(created.IsComplete).toBeUndefined();
    // The framework merges the onEvent response into the isComplete event.
    const polled = await h.handler.handler({
      ...event(AtlasResourceType.CLOUD_PROVIDER_ACCESS, 'Create', spec),
      ...created,
    } as never);
    expect(polled).toMatchObject({ IsComplete: true });
    expect(h.emu.state.callsTo('POST', /cloudProviderAccess$/)).toHaveLength(1);
  });

  test('an unknown resource type fails with a named error', async () => {
    const ev = { ...event(AtlasResourceType.PROJECT_ENCRYPTION, 'Create', base()), ResourceType: 'Custom::Nope' };
    await expect(h.handler.onEvent(ev)).rejects.toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('Custom::Nope'),
    });
  });

  test('a Spec that is not JSON fails clearly', async () => {
    const ev = event(AtlasResourceType.PROJECT_ENCRYPTION, 'Create', base());
    const bad = { ...ev, ResourceProperties: { ...ev.ResourceProperties, Spec: '{not json' } };
    await expect(h.handler.onEvent(bad)).rejects.toThrow(/Spec is not valid JSON/);
  });

  test('an unreadable credentials secret names the ARN, not a value', async () => {
    const spec = {
      ...base('RETAIN', h.emu.url),
      credentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:missing',
      providerName: 'AWS',
    };
    await expect(h.handler.onEvent(event(AtlasResourceType.CLOUD_PROVIDER_ACCESS, 'Create', spec))).rejects.toThrow(
      /cannot read secret arn:aws:secretsmanager:.*:missing \(ResourceNotFoundException\)/,
    );
  });

  test('a FAILED message stays under 1 KB with its cause first; the full message is in the log', async () => {
    const roleId = h.emu.state.project(PROJECT).seedAuthorizedAwsRole();
    const long = `the key ${'x'.repeat(6000)} is not usable`;
    h.emu.faults.add({
      method: 'PATCH',
      path: `/groups/${PROJECT}/encryptionAtRest`,
      times: 1,
      status: 400,
      detail: long,
    });
    const ev = event(AtlasResourceType.PROJECT_ENCRYPTION, 'Create', {
      ...base('RETAIN', h.emu.url),
      aws: { customerMasterKeyId: KEY_ARN, region: 'US_EAST_1', roleId },
    });
    const err = (await h.handler.onEvent(ev).catch((e: Error) => e)) as Error;
    expect(err.name).toBe('HandlerError');
    expect(Buffer.byteLength(err.message)).toBeLessThanOrEqual(handler.MAX_FAILURE_MESSAGE_BYTES);
    expect(err.message).toMatch(/^Custom::AtlasProjectEncryption: PATCH encryptionAtRest failed: Atlas PATCH .* 400 /);
    expect(err.message).toMatch(/… \[\d+ bytes in all; the full message is in the handler's log\]$/);
    expect(err.stack).toBe(`${err.name}: ${err.message}`);
    expect(Buffer.byteLength(failedResponseBody(ev, err))).toBeLessThan(4096);
    expect(h.logs.some((l) => l.includes(long))).toBe(true);
  });

  test('a FAILED response from isComplete carries no key history (the framework echoes the onEvent Data)', async () => {
    const roleId = h.emu.state.project(PROJECT).seedAuthorizedAwsRole();
    const spec = (key: string) => ({
      ...base('RETAIN', h.emu.url),
      aws: { customerMasterKeyId: key, region: 'US_EAST_1', roleId },
      validationTimeoutMs: 60_000,
    });
    await run(h, event(AtlasResourceType.PROJECT_ENCRYPTION, 'Create', spec(KEY_ARN)));
    // A project with a long history: the Data attribute holds its newest 2 KB.
    const old = { provider: 'AWS' as const, changedAt: '2025-01-01T00:00:00.000Z', retainPreviousKeyUntil: 'none' };
    h.keyHistory.entries.set(
      PROJECT,
      Array.from({ length: 30 }, (_, i) => ({ ...old, from: `${KEY_ARN}-${i}`, to: `${KEY_ARN}-${i + 1}` })),
    );
    const ev = event(AtlasResourceType.PROJECT_ENCRYPTION, 'Update', spec(KEY_ARN_2), {
      physicalId: PROJECT,
      oldSpec: spec(KEY_ARN),
    });
    const first = await h.handler.onEvent(ev);
    h.emu.state.project(PROJECT).setInvalid('AWS');
    const poll = { ...ev, PhysicalResourceId: first.PhysicalResourceId, Data: first.Data };
    let err: Error | undefined;
    for (let i = 0; i < 20 && !err; i++) {
      h.clock.now += 10_000;
      err = await h.handler.isComplete(poll).then(
        () => undefined,
        (e: Error) => e,
      );
    }
    expect(err?.message).toMatch(/\[DEP-VAL-1\]/);
    const body = failedResponseBody(poll, err as Error);
    expect(JSON.parse(body).Data).not.toHaveProperty('KeyHistory');
    expect(body).not.toContain(`${KEY_ARN}-29`);
    expect(Buffer.byteLength(body)).toBeLessThan(4096);
  });

  test('a whole AWS deploy and DESTROY teardown, with no secret in any captured log line', async () => {
    const b = base('DESTROY', h.emu.url);
    const cpa = await run(h, event(AtlasResourceType.CLOUD_PROVIDER_ACCESS, 'Create', { ...b, providerName: 'AWS' }));
    const roleId = cpa.PhysicalResourceId;
    const auth = await run(
      h,
      event(AtlasResourceType.CLOUD_PROVIDER_ACCESS_AUTHORIZATION, 'Create', {
        ...b,
        roleId,
        iamAssumedRoleArn: IAM_ROLE_ARN,
      }),
    );
    const peSpec = {
      ...b,
      aws: { customerMasterKeyId: KEY_ARN, region: 'us-east-1', roleId },
      rotationAlert: { thresholdDays: 400, notifyProjectOwners: true },
    };
    const pe = await run(h, event(AtlasResourceType.PROJECT_ENCRYPTION, 'Create', peSpec));
    expect(pe.Data.AwsValid).toBe('true');
    const ecSpec = {
      ...b,
      name: 'orders',
      mode: 'CREATE',
      encryptionProvider: 'AWS',
      regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M10' }],
    };
    const ec = await run(h, event(AtlasResourceType.ENCRYPTED_CLUSTER, 'Create', ecSpec));
    expect(ec.Data.Converged).toBe('true');

    // Teardown in CloudFormation's reverse dependency order.
    await run(h, event(AtlasResourceType.ENCRYPTED_CLUSTER, 'Delete', ecSpec, { physicalId: ec.PhysicalResourceId }));
    await run(h, event(AtlasResourceType.PROJECT_ENCRYPTION, 'Delete', peSpec, { physicalId: pe.PhysicalResourceId }));
    await run(
      h,
      event(
        AtlasResourceType.CLOUD_PROVIDER_ACCESS_AUTHORIZATION,
        'Delete',
        { ...b, roleId, iamAssumedRoleArn: IAM_ROLE_ARN },
        { physicalId: auth.PhysicalResourceId },
      ),
    );
    await run(
      h,
      event(AtlasResourceType.CLOUD_PROVIDER_ACCESS, 'Delete', { ...b, providerName: 'AWS' }, { physicalId: roleId }),
    );
    const p = h.emu.state.project(PROJECT);
    expect(p.clusters.size).toBe(0);
    expect(p.ear.awsKms.enabled).toBe(false);
    expect(p.roles.size).toBe(0);
    expect(atlasCalls(h)).toContain(`DELETE /api/atlas/v2/groups/${PROJECT}/clusters/orders`);

    expect(h.logs.length).toBeGreaterThan(10);
    const all = h.logs.join('\n');
    for (const s of secretValues(h)) expect(all).not.toContain(s);
  });
});

describe('Redactor', () => {
  test('scrubs registered values, their JSON-escaped form and the string members of a JSON secret', () => {
    const r = new Redactor();
    const saKey = JSON.stringify({
      type: 'service_account',
      private_key: '-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----\n',
    });
    r.add(saKey);
    r.add('p@ss"word-123');
    const body = JSON.stringify({ googleCloudKms: { serviceAccountKey: saKey }, other: 'p@ss"word-123' });
    const out = r.redact(body);
    expect(out).not.toContain('MIIEabc');
    expect(out).not.toContain('p@ss');
    expect(r.redact('short ab')).toBe('short ab');
  });

  test('the redacting logger scrubs every argument', () => {
    const r = new Redactor();
    r.add('topsecretvalue');
    const lines: string[] = [];
    const sink = {
      debug: (m: string) => lines.push(m),
      info: (m: string) => lines.push(m),
      warn: (m: string) => lines.push(m),
      error: (m: string) => lines.push(m),
    };
    const log = redactingLogger(r, sink);
    log.info('value topsecretvalue', { nested: 'topsecretvalue' }, new Error('boom topsecretvalue'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('topsecretvalue');
  });
});

describe('the invocation deadline', () => {
  test("the Atlas client gets Lambda's remaining time, less the margin to answer the framework", async () => {
    const seen: Array<(() => number) | undefined> = [];
    const now = () => 1_000_000;
    const h = handler.createHandler({
      now,
      fetchSecret: async () => JSON.stringify({ publicKey: 'pub', privateKey: 'priv-0123456789' }),
      createAtlasApi: (o) => {
        seen.push(o.deadline);
        throw new Error('stop here: only the options are checked');
      },
    });
    const spec = {
      ...base('RETAIN', 'http://127.0.0.1:9'),
      providerName: 'AWS',
    };
    await expect(
      h.onEvent(event(AtlasResourceType.CLOUD_PROVIDER_ACCESS, 'Create', spec), {
        getRemainingTimeInMillis: () => 60_000,
      }),
    ).rejects.toThrow(/stop here/);
    expect(seen[0]?.()).toBe(1_000_000 + 60_000 - 15_000);
    await expect(h.onEvent(event(AtlasResourceType.CLOUD_PROVIDER_ACCESS, 'Create', spec))).rejects.toThrow(
      /stop here/,
    );
    expect(seen[1]).toBeUndefined();
  });
});
