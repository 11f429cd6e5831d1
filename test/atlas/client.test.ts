/** AtlasClient against the loopback emulator over real HTTP: auth, media types, retries, errors, secrets. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import DigestClient from 'digest-fetch';
import { AtlasApiError, AtlasClient, IAM_PROPAGATION_CODES, isAtlasError, isNotFound } from '../../lib/atlas';
import { INSTANT_DURATIONS, startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { GROUP, awsBlock, clientFor, clusterBody, jsonResponse, refusedUrl, stubFetch } from './helpers';

let emu: AtlasEmulator;
beforeEach(async () => {
  emu = await startAtlasEmulator();
});
afterEach(async () => {
  await emu.stop();
});

const earPath = `/groups/${GROUP}/encryptionAtRest`;

async function caught(p: Promise<unknown>): Promise<AtlasApiError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AtlasApiError);
    return e as AtlasApiError;
  }
  throw new Error('expected a rejection');
}

describe('API key (HTTP Digest)', () => {
  test('answers the challenge once, then reuses the nonce', async () => {
    const { client } = clientFor(emu);
    const ear = await client.getEncryptionAtRest(GROUP);
    expect(ear.awsKms).toEqual({ enabled: false, valid: false });
    expect(emu.state.calls.map((c) => c.status)).toEqual([401, 200]);
    await client.getEncryptionAtRest(GROUP);
    await client.listClusters(GROUP);
    expect(emu.state.calls.map((c) => c.status)).toEqual([401, 200, 200, 200]);
  });

  test('the emulator interoperates with a third-party Digest client (digest-fetch)', async () => {
    const { publicKey, privateKey } = emu.credentials.apiKey;
    const res = await new DigestClient(publicKey, privateKey).fetch(`${emu.url}/api/atlas/v2${earPath}`, {
      headers: { Accept: 'application/vnd.atlas.2023-01-01+json' },
    });
    expect(res.status).toBe(200);
  });

  test('bad credentials fail with USER_UNAUTHORIZED and never echo the key', async () => {
    const privateKey = 'wrong-private-key-0000';
    const { client, events } = clientFor(emu, {
      type: 'apiKey',
      publicKey: emu.credentials.apiKey.publicKey,
      privateKey,
    });
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err.status).toBe(401);
    expect(err.errorCode).toBe('USER_UNAUTHORIZED');
    expect(err.message).toContain('401 USER_UNAUTHORIZED');
    expect(err.message).not.toContain(privateKey);
    expect(JSON.stringify(events)).not.toContain(privateKey);
    const first = emu.state.calls[0];
    expect(first.status).toBe(401);
  });

  test('a stale or forgotten nonce is re-challenged transparently', async () => {
    let t = 0;
    const short = await startAtlasEmulator({ nonceTtlMs: 60_000, now: () => t });
    try {
      const { client } = clientFor(short);
      await client.getEncryptionAtRest(GROUP);
      t += 61_000;
      await client.getEncryptionAtRest(GROUP);
      expect(short.state.calls.map((c) => c.status)).toEqual([401, 200, 401, 200]);
    } finally {
      await short.stop();
    }
  });
});

describe('service account (OAuth2 client credentials)', () => {
  test('fetches one token and reuses it across calls', async () => {
    const { client } = clientFor(emu, emu.credentials.serviceAccount);
    await client.getEncryptionAtRest(GROUP);
    await client.listClusters(GROUP);
    await client.listCloudProviderAccess(GROUP);
    expect(emu.state.tokensIssued).toBe(1);
    const tokenCall = emu.state.callsTo('POST', '/api/oauth/token')[0];
    expect(tokenCall.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
    expect(tokenCall.headers.authorization).toBe('Basic [REDACTED]');
    expect(
      emu.state.calls
        .filter((c) => c.path.startsWith('/api/atlas/v2'))
        .every((c) => c.headers.authorization === 'Bearer [REDACTED]'),
    ).toBe(true);
  });

  test('refreshes the token when less than 10 minutes remain', async () => {
    const { client, time } = clientFor(emu, emu.credentials.serviceAccount);
    await client.getEncryptionAtRest(GROUP);
    await time.sleep(49 * 60_000);
    await client.getEncryptionAtRest(GROUP);
    expect(emu.state.tokensIssued).toBe(1);
    await time.sleep(2 * 60_000);
    await client.getEncryptionAtRest(GROUP);
    expect(emu.state.tokensIssued).toBe(2);
  });

  test('a Bearer 401 refreshes once and succeeds', async () => {
    const { client } = clientFor(emu, emu.credentials.serviceAccount);
    await client.getEncryptionAtRest(GROUP);
    emu.state.revokeAllTokens();
    await client.getEncryptionAtRest(GROUP);
    expect(emu.state.tokensIssued).toBe(2);
  });

  test('a Bearer 401 after the refresh fails', async () => {
    const { client } = clientFor(emu, emu.credentials.serviceAccount);
    emu.faults.add({ method: 'GET', path: earPath, times: 2, status: 401, errorCode: 'USER_UNAUTHORIZED' });
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err.errorCode).toBe('USER_UNAUTHORIZED');
    expect(emu.state.tokensIssued).toBe(2);
  });

  test('a wrong client secret fails clearly without echoing it', async () => {
    const clientSecret = 'mdb_sa_sk_not-the-right-one';
    const { client, events } = clientFor(emu, {
      type: 'serviceAccount',
      clientId: emu.credentials.serviceAccount.clientId,
      clientSecret,
    });
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err.status).toBe(401);
    expect(err.errorCode).toBe('INVALID_CLIENT');
    expect(err.path).toBe('/api/oauth/token');
    expect(err.message).not.toContain(clientSecret);
    expect(JSON.stringify(events)).not.toContain(clientSecret);
  });

  test('revokeToken revokes the cached token', async () => {
    const { client } = clientFor(emu, emu.credentials.serviceAccount);
    await client.getEncryptionAtRest(GROUP);
    expect(emu.state.tokens.size).toBe(1);
    await client.revokeToken();
    expect(emu.state.tokens.size).toBe(0);
    expect(emu.state.callsTo('POST', '/api/oauth/revoke')).toHaveLength(1);
  });
});

describe('versioned media types', () => {
  test('every call sends the pinned version (checked in the record file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-rec-'));
    const file = join(dir, 'calls.jsonl');
    const prev = process.env.ATLAS_EMULATOR_RECORD;
    process.env.ATLAS_EMULATOR_RECORD = file;
    // Instant lifecycles: this test checks media types, not Atlas's timing (its default alert appears later).
    const rec = await startAtlasEmulator({ durations: INSTANT_DURATIONS });
    if (prev === undefined) delete process.env.ATLAS_EMULATOR_RECORD;
    else process.env.ATLAS_EMULATOR_RECORD = prev;
    try {
      const { client } = clientFor(rec, rec.credentials.apiKey);
      const role = await client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' });
      await client.authorizeCloudProviderAccessRole(GROUP, role.roleId as string, {
        providerName: 'AWS',
        iamAssumedRoleArn: 'arn:aws:iam::111122223333:role/atlas',
      });
      await client.getCloudProviderAccessRole(GROUP, role.roleId as string);
      await client.listCloudProviderAccess(GROUP);
      await client.updateEncryptionAtRest(GROUP, awsBlock(role.roleId as string));
      await client.getEncryptionAtRest(GROUP);
      await client.createCluster(GROUP, clusterBody('c1'));
      await client.getCluster(GROUP, 'c1');
      await client.listClusters(GROUP);
      await client.updateCluster(GROUP, 'c1', { pitEnabled: false });
      rec.state.takeSnapshot(GROUP, 'c1');
      const [snap] = await client.listSnapshots(GROUP, 'c1');
      await client.getSnapshot(GROUP, 'c1', snap.id);
      await client.createRestoreJob(GROUP, 'c1', {
        deliveryType: 'automated',
        snapshotId: snap.id,
        targetClusterName: 'c1',
      });
      const alerts = await client.listAlertConfigs(GROUP);
      await client.replaceAlertConfig(GROUP, alerts[0].id as string, {
        ...alerts[0],
        threshold: { operator: 'GREATER_THAN', threshold: 400, units: 'DAYS' },
      });
      await client.createAlertConfig(GROUP, {
        eventTypeName: 'AWS_ENCRYPTION_KEY_INVALID',
        enabled: true,
        notifications: [
          { typeName: 'WEBHOOK', webhookUrl: 'https://hooks.example.com/x', webhookSecret: 'hook-secret-123456' },
        ],
      });
      await client.getBackupCompliancePolicy(GROUP);
      await client.deleteCluster(GROUP, 'c1', { retainBackups: true });
      await client.deauthorizeCloudProviderAccessRole(GROUP, 'AWS', '0123456789abcdef01234567');

      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { method: string; path: string; headers: Record<string, string>; body: unknown });
      const expected = (method: string, path: string): string => {
        const p = path.replace(/^\/api\/atlas\/v2\/groups\/[^/]+/, '');
        if (p.startsWith('/clusters') && !p.includes('/backup')) {
          return method === 'GET' ? '2024-08-05' : method === 'DELETE' ? '2023-02-01' : '2024-10-23';
        }
        if (p.startsWith('/backupCompliancePolicy')) return '2023-10-01';
        return '2023-01-01';
      };
      expect(lines.length).toBeGreaterThan(18);
      for (const l of lines) {
        const media = `application/vnd.atlas.${expected(l.method, l.path)}+json`;
        expect(`${l.method} ${l.path} ${l.headers.accept}`).toBe(`${l.method} ${l.path} ${media}`);
        if (l.body !== undefined)
          expect(`${l.method} ${l.path} ${l.headers['content-type']}`).toBe(`${l.method} ${l.path} ${media}`);
        else expect(l.headers['content-type']).toBeUndefined();
      }
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(rec.credentials.apiKey.privateKey);
      expect(text).not.toContain('hook-secret-123456');
      expect(text).not.toMatch(/response="/); // Digest response hashes are redacted too
    } finally {
      await rec.stop();
    }
  });

  test('the emulator answers 406 for a missing or unknown version and 415 for a wrong Content-Type', async () => {
    const { clientId, clientSecret } = emu.credentials.serviceAccount;
    const tokenRes = await fetch(`${emu.url}/api/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const url = `${emu.url}/api/atlas/v2${earPath}`;
    for (const accept of [undefined, 'application/json', 'application/vnd.atlas.2024-08-05+json']) {
      const res = await fetch(url, {
        headers: { Authorization: `Bearer ${token}`, ...(accept ? { Accept: accept } : {}) },
      });
      expect(res.status).toBe(406);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({
        detail: 'Invalid accept header or version date.',
        error: 406,
        errorCode: 'INVALID_VERSION_DATE',
        parameters: [],
        reason: 'Not Acceptable',
      });
    }
    const res = await fetch(url, {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/vnd.atlas.2023-01-01+json',
        'Content-Type': 'application/json',
      },
      body: '{}',
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('UNSUPPORTED_MEDIA_TYPE');
    const unknown = await fetch(`${emu.url}/api/atlas/v2/nope`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.atlas.2023-01-01+json' },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { errorCode: string }).errorCode).toBe('RESOURCE_NOT_FOUND');
  });

  test('a 406 from Atlas surfaces as INVALID_VERSION_DATE', async () => {
    const { client } = clientFor(emu);
    emu.faults.add({
      path: earPath,
      times: 1,
      status: 406,
      errorCode: 'INVALID_VERSION_DATE',
      detail: 'Invalid accept header or version date.',
    });
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err.message).toBe(
      `Atlas GET ${earPath} failed: 406 INVALID_VERSION_DATE: Invalid accept header or version date.`,
    );
  });
});

describe('retries', () => {
  test('429 honours Retry-After (observed through the injected sleep)', async () => {
    const { client, time, events } = clientFor(emu);
    emu.faults.add({ path: earPath, times: 2, status: 429, retryAfterSeconds: 3 });
    await client.getEncryptionAtRest(GROUP);
    expect(time.waits).toHaveLength(2);
    for (const w of time.waits) {
      expect(w).toBeGreaterThanOrEqual(3000);
      expect(w).toBeLessThan(4000);
    }
    expect(events.filter((e) => e.status === 429).map((e) => e.errorCode)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });

  test('429 is retried for POST (Atlas rejected it); 500 and 503 are not (it may have been applied)', async () => {
    const { client } = clientFor(emu);
    const post = `/groups/${GROUP}/cloudProviderAccess`;
    emu.faults.add({ method: 'POST', path: post, times: 1, status: 429 });
    const role = await client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' });
    expect(role.roleId).toMatch(/^[a-f0-9]{24}$/);
    emu.faults.add({ method: 'POST', path: post, times: 1, status: 500 });
    const err = await caught(client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' }));
    expect(err.errorCode).toBe('UNEXPECTED_ERROR');
    expect(err.attempts).toBe(1);
    emu.faults.add({ method: 'POST', path: post, times: 1, status: 503, retryAfterSeconds: 1 });
    const unavailable = await caught(client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' }));
    expect(unavailable.status).toBe(503);
    expect(unavailable.attempts).toBe(1);
    // 429, 200, 500, 503: the 503 was sent once.
    expect(
      emu.state
        .callsTo('POST', post)
        .filter((c) => c.status !== 401)
        .map((c) => c.status),
    ).toEqual([429, 200, 500, 503]);
  });

  test('a POST whose answer was lost or timed out is not repeated: one role, not two', async () => {
    const post = `/groups/${GROUP}/cloudProviderAccess`;
    const { client } = clientFor(emu, undefined, { requestTimeoutMs: 200 });
    await client.listCloudProviderAccess(GROUP); // Digest handshake first
    emu.faults.add({ method: 'POST', path: post, times: 1, lostResponse: true });
    const lost = await caught(client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' }));
    expect(lost).toMatchObject({ errorCode: 'CONNECTION_ERROR', status: 0, attempts: 1 });
    expect(emu.state.project(GROUP).roles.size).toBe(1);
    emu.faults.add({ method: 'POST', path: post, times: 1, delayMs: 600 });
    const slow = await caught(client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' }));
    expect(slow).toMatchObject({ errorCode: 'REQUEST_TIMEOUT', attempts: 1 });
    await new Promise((resolve) => setTimeout(resolve, 700)); // let the emulator finish the slow request
    expect(emu.state.project(GROUP).roles.size).toBe(2);
    expect(emu.state.callsTo('POST', post).filter((c) => c.status !== 401)).toHaveLength(2);
  });

  test('a POST refused before it was sent (connection refused) is retried', async () => {
    const refused = await refusedUrl();
    let first = true;
    // The first attempt goes to a port nothing listens on: the connection is refused, no byte reaches Atlas.
    const flaky: typeof fetch = (input, init) => {
      const url = String(input);
      if (!first) return fetch(url, init);
      first = false;
      return fetch(url.replace(emu.url, refused), init);
    };
    const { client, events } = clientFor(emu, undefined, { fetch: flaky });
    const role = await client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' });
    expect(role.roleId).toMatch(/^[a-f0-9]{24}$/);
    expect(events[0]).toMatchObject({ method: 'POST', status: 0, errorCode: 'CONNECTION_ERROR' });
    expect(events[0].retryInMs).toBeDefined();
    expect(emu.state.project(GROUP).roles.size).toBe(1);
  });

  test('500, 502, 503 and 504 on idempotent calls are survived', async () => {
    const { client, time } = clientFor(emu);
    emu.faults.add({ path: earPath, times: 1, status: 500 });
    emu.faults.add({ path: earPath, times: 1, status: 502 });
    emu.faults.add({ path: earPath, times: 1, status: 503 });
    await client.getEncryptionAtRest(GROUP);
    expect(time.waits).toHaveLength(3);
    emu.faults.add({ path: earPath, times: 1, status: 504 });
    await client.updateEncryptionAtRest(GROUP, { enabledForSearchNodes: true });
  });

  test('gives up after maxRetries transient failures', async () => {
    const { client, time } = clientFor(emu, undefined, { maxRetries: 2 });
    emu.faults.add({ path: earPath, times: 10, status: 503 });
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err.status).toBe(503);
    expect(err.attempts).toBe(3);
    expect(time.waits).toHaveLength(2);
  });

  test('a connection reset is survived on GET; a POST is not replayed', async () => {
    const { client } = clientFor(emu);
    emu.faults.add({ path: earPath, times: 1, reset: true });
    await expect(client.getEncryptionAtRest(GROUP)).resolves.toBeDefined();
    emu.faults.add({ method: 'POST', path: `/groups/${GROUP}/clusters`, times: 1, reset: true });
    const err = await caught(client.createCluster(GROUP, clusterBody('c1', 'NONE')));
    expect(err.errorCode).toBe('CONNECTION_ERROR');
    expect(err.status).toBe(0);
  });

  test('a timed-out GET is retried', async () => {
    const { client } = clientFor(emu, undefined, { requestTimeoutMs: 100 });
    await client.getEncryptionAtRest(GROUP); // handshake first
    emu.faults.add({ path: earPath, times: 1, delayMs: 400 });
    await expect(client.getEncryptionAtRest(GROUP)).resolves.toBeDefined();
  });

  test('a malformed JSON body becomes MALFORMED_RESPONSE, never a SyntaxError', async () => {
    const { client } = clientFor(emu, undefined, { maxRetries: 0 });
    emu.faults.add({ path: earPath, times: 1, malformedBody: true });
    const ok = await caught(client.getEncryptionAtRest(GROUP));
    expect(ok.errorCode).toBe('MALFORMED_RESPONSE');
    expect(ok.status).toBe(200);
    emu.faults.add({ path: earPath, times: 1, malformedBody: true, status: 400 });
    const bad = await caught(client.getEncryptionAtRest(GROUP));
    expect(bad.errorCode).toBe('MALFORMED_RESPONSE');
    expect(bad.message).toMatch(/^Atlas GET \/groups\/.+\/encryptionAtRest failed: 400 MALFORMED_RESPONSE/);
  });

  test('a garbled success body is retried on idempotent calls, never on POST', async () => {
    const { client } = clientFor(emu);
    emu.faults.add({ path: earPath, times: 1, malformedBody: true });
    const ear = await client.getEncryptionAtRest(GROUP);
    expect(ear.awsKms).toEqual({ enabled: false, valid: false });
    emu.faults.add({ method: 'POST', path: `/groups/${GROUP}/cloudProviderAccess`, times: 1, malformedBody: true });
    const post = await caught(client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' }));
    expect(post.errorCode).toBe('MALFORMED_RESPONSE');
  });

  test('IAM propagation codes on EAR PATCH are retried with 5 s → 30 s backoff', async () => {
    const { client, time } = clientFor(emu);
    const roleId = emu.state.project(GROUP).seedAuthorizedAwsRole();
    emu.state.iamPropagationFailures(GROUP, 3);
    const ear = await client.updateEncryptionAtRest(GROUP, awsBlock(roleId));
    expect(ear.awsKms?.valid).toBe(true);
    expect(time.waits).toHaveLength(3);
    const bases = [5000, 10000, 20000];
    time.waits.forEach((w, i) => {
      expect(w).toBeGreaterThanOrEqual(bases[i] * 0.9);
      expect(w).toBeLessThanOrEqual(bases[i] * 1.1);
    });
  });

  test('IAM propagation gives up when the budget is spent, naming the errorCode', async () => {
    const { client, time } = clientFor(emu, undefined, { propagationBudgetMs: 60_000 });
    const roleId = emu.state.project(GROUP).seedAuthorizedAwsRole();
    emu.state.iamPropagationFailures(GROUP, 1000);
    const err = await caught(client.updateEncryptionAtRest(GROUP, awsBlock(roleId)));
    expect(err.errorCode).toBe('CANNOT_ASSUME_ROLE');
    expect(err.message).toMatch(/failed: 400 CANNOT_ASSUME_ROLE: .*budget 60 s/);
    expect(time.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
    expect(Math.max(...time.waits)).toBeLessThanOrEqual(33_000);
    expect(IAM_PROPAGATION_CODES).toContain(err.errorCode);
  });

  test('CPA authorize retries CANNOT_ASSUME_ROLE; other calls do not', async () => {
    const { client, time } = clientFor(emu);
    const role = await client.createCloudProviderAccessRole(GROUP, { providerName: 'AWS' });
    emu.state.iamPropagationFailures(GROUP, 2);
    const authorized = await client.authorizeCloudProviderAccessRole(GROUP, role.roleId as string, {
      providerName: 'AWS',
      iamAssumedRoleArn: 'arn:aws:iam::111122223333:role/atlas',
    });
    expect(authorized.authorizedDate).toBeDefined();
    expect(time.waits).toHaveLength(2);
    emu.faults.add({
      path: `/groups/${GROUP}/clusters`,
      method: 'POST',
      times: 1,
      status: 400,
      errorCode: 'CANNOT_ASSUME_ROLE',
    });
    await expect(client.createCluster(GROUP, clusterBody('x', 'NONE'))).rejects.toMatchObject({
      errorCode: 'CANNOT_ASSUME_ROLE',
      attempts: 1,
    });
  });

  test('Azure/GCP grant codes are retried within the cloud-grant budget', async () => {
    const { client, time } = clientFor(emu, undefined, { cloudGrantBudgetMs: 20_000 });
    emu.faults.add({ method: 'PATCH', path: earPath, times: 2, status: 400, errorCode: 'INVALID_AZURE_CREDENTIALS' });
    await client.updateEncryptionAtRest(GROUP, { enabledForSearchNodes: true });
    expect(time.waits).toHaveLength(2);
    emu.faults.add({
      method: 'PATCH',
      path: earPath,
      times: 10,
      status: 400,
      errorCode: 'NO_PERMISSION_TO_ENCRYPT_DECRYPT',
    });
    const err = await caught(client.updateEncryptionAtRest(GROUP, { enabledForSearchNodes: true }));
    expect(err.errorCode).toBe('NO_PERMISSION_TO_ENCRYPT_DECRYPT');
    expect(err.message).toContain('budget 20 s');
  });
});

describe('errors and secrets', () => {
  test('errors carry status, errorCode, detail, reason and parameters', async () => {
    const { client } = clientFor(emu);
    const p = emu.state.project(GROUP);
    const roleId = p.seedAuthorizedAwsRole();
    await client.updateEncryptionAtRest(GROUP, awsBlock(roleId));
    await client.createCluster(GROUP, clusterBody('c1'));
    const err = await caught(client.updateEncryptionAtRest(GROUP, { awsKms: { enabled: false } }));
    expect(err).toMatchObject({
      status: 409,
      errorCode: 'CANNOT_DISABLE_ENCRYPTION_AT_REST',
      reason: 'Conflict',
      parameters: ['c1'],
    });
    expect(err.detail).toContain('c1');
    expect(err.message).toBe(`Atlas PATCH ${earPath} failed: 409 CANNOT_DISABLE_ENCRYPTION_AT_REST: ${err.detail}`);
    expect(isAtlasError(err, 'CANNOT_DISABLE_ENCRYPTION_AT_REST')).toBe(true);
    expect(isAtlasError(err, 'CANNOT_ASSUME_ROLE')).toBe(false);
    expect(isAtlasError(new Error('x'))).toBe(false);
  });

  test('echoed secrets are redacted from errors and never reach the logger', async () => {
    const azureSecret = 'azure-client-secret-value-xyz';
    const gcpKey = JSON.stringify({
      type: 'service_account',
      private_key: '-----BEGIN PRIVATE KEY-----\nMIIEabc\n-----END PRIVATE KEY-----\n',
    });
    const { client, events } = clientFor(emu);
    emu.faults.add({
      method: 'PATCH',
      path: earPath,
      times: 1,
      status: 400,
      errorCode: 'INVALID_AZURE_API_REQUEST',
      detail: `Azure rejected client secret ${azureSecret} and key ${JSON.stringify(gcpKey)} and ${emu.credentials.apiKey.privateKey}`,
    });
    const err = await caught(
      client.updateEncryptionAtRest(GROUP, {
        azureKeyVault: { enabled: true, secret: azureSecret },
        googleCloudKms: { enabled: true, serviceAccountKey: gcpKey },
      }),
    );
    expect(err.errorCode).toBe('INVALID_AZURE_API_REQUEST');
    expect(err.message).toContain('[REDACTED]');
    for (const s of [azureSecret, gcpKey, 'MIIEabc', emu.credentials.apiKey.privateKey]) {
      expect(err.message).not.toContain(s);
      expect(JSON.stringify(err)).not.toContain(s);
      expect(JSON.stringify(events)).not.toContain(s);
    }
    for (const e of events) {
      expect(
        Object.keys(e).every((k) =>
          ['method', 'path', 'status', 'attempt', 'durationMs', 'errorCode', 'retryInMs'].includes(k),
        ),
      ).toBe(true);
    }
  });
});

describe('typed calls', () => {
  test('lists follow pages; getCluster and deletes treat 404 as absent/done', async () => {
    const { client } = clientFor(emu);
    const p = emu.state.project(GROUP);
    for (let i = 0; i < 501; i++) p.seedCluster(clusterBody(`c${i}`, 'NONE'));
    const all = await client.listClusters(GROUP);
    expect(all).toHaveLength(501);
    expect(emu.state.callsTo('GET', `/groups/${GROUP}/clusters`)).toHaveLength(2 + 1); // + the 401 handshake
    expect(await client.getCluster(GROUP, 'missing')).toBeUndefined();
    await expect(client.deleteCluster(GROUP, 'missing')).resolves.toBeUndefined();
    await expect(
      client.deauthorizeCloudProviderAccessRole(GROUP, 'AWS', '0123456789abcdef01234567'),
    ).resolves.toBeUndefined();
    expect(await client.getBackupCompliancePolicy(GROUP)).toBeUndefined();
    p.backupCompliancePolicy = { encryptionAtRestEnabled: true };
    expect(await client.getBackupCompliancePolicy(GROUP)).toMatchObject({ encryptionAtRestEnabled: true });
  });

  test('a client built with defaults targets cloud.mongodb.com', () => {
    const c = new AtlasClient({ credentials: { type: 'apiKey', publicKey: 'a', privateKey: 'b' } });
    expect(c).toBeInstanceOf(AtlasClient);
  });
});

describe('deadline and Retry-After', () => {
  test('a Retry-After longer than the time left fails at once with the Atlas error, saying why', async () => {
    const start = Date.UTC(2026, 0, 1);
    const { client, time } = clientFor(emu, undefined, { deadline: () => start + 10_000 });
    emu.faults.add({ path: earPath, times: 1, status: 429, retryAfterSeconds: 30 });
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err).toMatchObject({ status: 429, errorCode: 'RATE_LIMITED', attempts: 1 });
    expect(err.message).toMatch(/failed: 429 RATE_LIMITED: .*the invocation's time is running out/);
    expect(err.message).toMatch(/after 1 attempt because .*would wait 3[01] s; 10 s remain/);
    expect(time.waits).toEqual([]);
  });

  test('propagation retries stop before the deadline, not at the end of their budget', async () => {
    const start = Date.UTC(2026, 0, 1);
    const { client, time } = clientFor(emu, undefined, { deadline: () => start + 20_000 });
    const roleId = emu.state.project(GROUP).seedAuthorizedAwsRole();
    emu.state.iamPropagationFailures(GROUP, 1000);
    const err = await caught(client.updateEncryptionAtRest(GROUP, awsBlock(roleId)));
    expect(err.errorCode).toBe('CANNOT_ASSUME_ROLE');
    expect(err.message).toContain("the invocation's time is running out");
    expect(time.now()).toBeLessThanOrEqual(start + 20_000);
    expect(time.waits.length).toBeGreaterThanOrEqual(1);
  });

  test('each attempt times out no later than the deadline', async () => {
    // The fake clock stands still, so 150 ms remain throughout; the request timeout alone would be 5 s.
    const start = Date.UTC(2026, 0, 1);
    const { client } = clientFor(emu, undefined, { requestTimeoutMs: 5_000, deadline: () => start + 150 });
    emu.faults.add({ path: earPath, times: 2, delayMs: 1_000 });
    const t0 = Date.now();
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err.errorCode).toBe('REQUEST_TIMEOUT');
    expect(err.message).toContain("the invocation's time is running out");
    expect(Date.now() - t0).toBeLessThan(900);
  });

  test('nothing is sent once the deadline has passed', async () => {
    const start = Date.UTC(2026, 0, 1);
    const { client } = clientFor(emu, undefined, { deadline: () => start - 1 });
    const err = await caught(client.getEncryptionAtRest(GROUP));
    expect(err).toMatchObject({ status: 0, errorCode: 'DEADLINE_EXCEEDED' });
    expect(emu.state.calls).toHaveLength(0);
  });

  test('Retry-After is capped at maxRetryAfterMs (default 60 s)', async () => {
    const { client, time } = clientFor(emu);
    emu.faults.add({ path: earPath, times: 1, status: 429, retryAfterSeconds: 3600 });
    await client.getEncryptionAtRest(GROUP);
    expect(time.waits).toHaveLength(1);
    expect(time.waits[0]).toBeGreaterThanOrEqual(60_000);
    expect(time.waits[0]).toBeLessThan(61_000);
    const capped = clientFor(emu, undefined, { maxRetryAfterMs: 5_000 });
    emu.faults.add({ path: earPath, times: 1, status: 503, retryAfterSeconds: 3600 });
    await capped.client.getEncryptionAtRest(GROUP);
    expect(capped.time.waits[0]).toBeLessThan(6_000);
  });

  test('the token request runs in the same loop: 503 retried, Retry-After honoured', async () => {
    const { client, time } = clientFor(emu, emu.credentials.serviceAccount);
    emu.faults.add({ method: 'POST', path: '/api/oauth/token', times: 1, status: 503, retryAfterSeconds: 2 });
    await client.getEncryptionAtRest(GROUP);
    expect(time.waits).toHaveLength(1);
    expect(time.waits[0]).toBeGreaterThanOrEqual(2_000);
    expect(emu.state.tokensIssued).toBe(1);
  });
});

describe('pagination', () => {
  test('a totalCount estimate below the real count does not cut the list short', async () => {
    const p = emu.state.project(GROUP);
    for (let i = 0; i < 501; i++) p.seedCluster(clusterBody(`c${i}`, 'NONE'));
    // Atlas documents totalCount as an estimate: answer with one that claims the first page is all.
    const lowEstimate: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (res.status !== 200 || !String(input).includes('/clusters?')) return res;
      const body = (await res.json()) as { results: unknown[]; totalCount?: number };
      return jsonResponse(200, { ...body, totalCount: body.results.length });
    };
    const { client } = clientFor(emu, undefined, { fetch: lowEstimate });
    expect(await client.listClusters(GROUP)).toHaveLength(501);
  });

  test('stops on the first short page and never asks Atlas to count', async () => {
    const p = emu.state.project(GROUP);
    for (let i = 0; i < 500; i++) p.seedCluster(clusterBody(`c${i}`, 'NONE'));
    const { client } = clientFor(emu);
    expect(await client.listClusters(GROUP)).toHaveLength(500);
    const pages = emu.state.callsTo('GET', `/groups/${GROUP}/clusters`).filter((c) => c.status === 200);
    expect(pages.map((c) => [c.query.pageNum, c.query.itemsPerPage, c.query.includeCount])).toEqual([
      ['1', '500', 'false'],
      ['2', '500', 'false'],
    ]);
  });

  test('a list that never returns a short page is bounded', async () => {
    const { fetch: endless, seen } = stubFetch(() =>
      jsonResponse(200, { results: Array.from({ length: 500 }, (_, i) => ({ name: `c${i}` })), totalCount: 0 }),
    );
    const { client } = clientFor(emu, undefined, { fetch: endless });
    const err = await caught(client.listClusters(GROUP));
    expect(err.errorCode).toBe('PAGE_LIMIT_EXCEEDED');
    expect(seen).toHaveLength(200);
  });
});

describe('not found is decided by HTTP status', () => {
  const clusterPath = `/groups/${GROUP}/clusters/c1`;

  test('deletes resolve on any 404, whatever its code', async () => {
    const { client } = clientFor(emu);
    emu.faults.add({ method: 'DELETE', path: clusterPath, times: 1, status: 404, errorCode: 'RESOURCE_NOT_FOUND' });
    await expect(client.deleteCluster(GROUP, 'c1')).resolves.toBeUndefined();
    const role = '0123456789abcdef01234567';
    emu.faults.add({
      method: 'DELETE',
      path: new RegExp(`/cloudProviderAccess/AWS/${role}$`),
      times: 1,
      status: 404,
      errorCode: 'GROUP_NOT_FOUND',
    });
    await expect(client.deauthorizeCloudProviderAccessRole(GROUP, 'AWS', role)).resolves.toBeUndefined();
  });

  test('a not-found code with another status is an error, not "gone"', async () => {
    const { client } = clientFor(emu);
    emu.faults.add({ method: 'GET', path: clusterPath, times: 1, status: 400, errorCode: 'CLUSTER_NOT_FOUND' });
    await expect(client.getCluster(GROUP, 'c1')).rejects.toMatchObject({ status: 400, errorCode: 'CLUSTER_NOT_FOUND' });
    emu.faults.add({ method: 'DELETE', path: clusterPath, times: 1, status: 409, errorCode: 'CLUSTER_NOT_FOUND' });
    await expect(client.deleteCluster(GROUP, 'c1')).rejects.toMatchObject({ status: 409 });
  });

  test('a read in a project that does not exist fails instead of reporting the resource absent', async () => {
    const { client } = clientFor(emu);
    emu.faults.add({ method: 'GET', path: clusterPath, times: 1, status: 404, errorCode: 'GROUP_NOT_FOUND' });
    await expect(client.getCluster(GROUP, 'c1')).rejects.toMatchObject({ status: 404, errorCode: 'GROUP_NOT_FOUND' });
  });

  test('isNotFound is true exactly for a 404 AtlasApiError', () => {
    const err = (status: number, errorCode: string) =>
      new AtlasApiError({ method: 'GET', path: '/x', status, errorCode });
    expect(isNotFound(err(404, 'RESOURCE_NOT_FOUND'))).toBe(true);
    expect(isNotFound(err(404, 'GROUP_NOT_FOUND'))).toBe(true);
    expect(isNotFound(err(400, 'CLUSTER_NOT_FOUND'))).toBe(false);
    expect(isNotFound(Object.assign(new Error('x'), { status: 404 }))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });

  test('deleting a cluster Atlas is already deleting resolves (400 CLUSTER_ALREADY_REQUESTED_DELETION)', async () => {
    const { client } = clientFor(emu);
    await client.createCluster(GROUP, clusterBody('c1', 'NONE'));
    emu.faults.add({
      method: 'DELETE',
      path: clusterPath,
      times: 1,
      status: 400,
      errorCode: 'CLUSTER_ALREADY_REQUESTED_DELETION',
      detail: 'The cluster c1 has already been requested for deletion.',
    });
    await expect(client.deleteCluster(GROUP, 'c1', { retainBackups: true })).resolves.toBeUndefined();
    emu.faults.add({ method: 'DELETE', path: clusterPath, times: 1, status: 400, errorCode: 'CANNOT_CLOSE_GROUP' });
    await expect(client.deleteCluster(GROUP, 'c1')).rejects.toMatchObject({ errorCode: 'CANNOT_CLOSE_GROUP' });
  });
});

describe('User-Agent', () => {
  const version = (JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string })
    .version;

  test('every request names this library, its version and the component, the token request included', async () => {
    const sa = clientFor(emu, emu.credentials.serviceAccount, { component: 'handler' });
    await sa.client.getEncryptionAtRest(GROUP);
    await sa.client.revokeToken();
    const key = clientFor(emu, undefined, { component: 'cli' });
    await key.client.getEncryptionAtRest(GROUP);
    const agents = emu.state.calls.map((c) => `${c.method} ${c.path} ${c.headers['user-agent']}`);
    expect(agents).toEqual([
      `POST /api/oauth/token atlas-encryption-at-rest/${version} (handler)`,
      `GET /api/atlas/v2${earPath} atlas-encryption-at-rest/${version} (handler)`,
      `POST /api/oauth/revoke atlas-encryption-at-rest/${version} (handler)`,
      `GET /api/atlas/v2${earPath} atlas-encryption-at-rest/${version} (cli)`,
      `GET /api/atlas/v2${earPath} atlas-encryption-at-rest/${version} (cli)`,
    ]);
  });

  test('without a component the User-Agent still names the library and version', async () => {
    const { client } = clientFor(emu);
    await client.getEncryptionAtRest(GROUP);
    expect(emu.state.calls[1].headers['user-agent']).toBe(`atlas-encryption-at-rest/${version}`);
  });
});

describe('cluster status', () => {
  // The emulator has no status endpoint: a stub answers as the spec's ClusterStatus schema says.
  test('getClusterStatus reads changeStatus with the 2023-01-01 media type', async () => {
    const { fetch: stub, seen } = stubFetch(() =>
      jsonResponse(
        200,
        { changeStatus: 'PENDING', links: [] },
        { 'Content-Type': 'application/vnd.atlas.2023-01-01+json' },
      ),
    );
    const { client } = clientFor(emu, undefined, { fetch: stub });
    await expect(client.getClusterStatus(GROUP, 'my-cluster')).resolves.toEqual({ changeStatus: 'PENDING', links: [] });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url.pathname).toBe(`/api/atlas/v2/groups/${GROUP}/clusters/my-cluster/status`);
    expect(seen[0].headers.get('accept')).toBe('application/vnd.atlas.2023-01-01+json');
    expect(seen[0].headers.get('content-type')).toBeNull();
  });

  test('a 404 from the status endpoint is an AtlasApiError isNotFound recognises', async () => {
    const { fetch: stub } = stubFetch(() =>
      jsonResponse(404, { error: 404, errorCode: 'CLUSTER_NOT_FOUND', detail: 'No cluster named c1.', parameters: [] }),
    );
    const { client } = clientFor(emu, undefined, { fetch: stub });
    const err = await caught(client.getClusterStatus(GROUP, 'c1'));
    expect(isNotFound(err)).toBe(true);
  });
});
