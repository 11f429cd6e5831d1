/** Auth state shared across clients (a warm Lambda): no second Digest challenge, no second token request. */
import { AtlasAuthSessions, AtlasClient } from '../../lib/atlas';
import { startAtlasEmulator, type AtlasEmulator } from '../support/atlas-emulator';
import { GROUP } from './helpers';

let emu: AtlasEmulator;
beforeEach(async () => {
  emu = await startAtlasEmulator();
});
afterEach(async () => emu.stop());

describe('AtlasAuthSessions', () => {
  test('a second client with the same API key reuses the Digest nonce', async () => {
    const sessions = new AtlasAuthSessions();
    const make = () =>
      new AtlasClient({
        credentials: emu.credentials.apiKey,
        baseUrl: emu.url,
        authSession: sessions.sessionFor(emu.url, emu.credentials.apiKey),
      });
    await make().getEncryptionAtRest(GROUP);
    await make().getEncryptionAtRest(GROUP);
    expect(emu.state.calls.map((c) => c.status)).toEqual([401, 200, 200]);
  });

  test('without a shared session each client pays the challenge', async () => {
    const make = () => new AtlasClient({ credentials: emu.credentials.apiKey, baseUrl: emu.url });
    await make().getEncryptionAtRest(GROUP);
    await make().getEncryptionAtRest(GROUP);
    expect(emu.state.calls.map((c) => c.status)).toEqual([401, 200, 401, 200]);
  });

  test('a second client with the same service account reuses the token', async () => {
    const sessions = new AtlasAuthSessions();
    const sa = emu.credentials.serviceAccount;
    const make = () =>
      new AtlasClient({ credentials: sa, baseUrl: emu.url, authSession: sessions.sessionFor(emu.url, sa) });
    await make().getEncryptionAtRest(GROUP);
    await make().getEncryptionAtRest(GROUP);
    expect(emu.state.tokensIssued).toBe(1);
  });

  test('different credentials or base URLs get different sessions', () => {
    const sessions = new AtlasAuthSessions();
    const a = { type: 'apiKey' as const, publicKey: 'pub', privateKey: 'one' };
    const b = { type: 'apiKey' as const, publicKey: 'pub', privateKey: 'two' };
    expect(sessions.sessionFor('https://x', a)).toBe(sessions.sessionFor('https://x', a));
    expect(sessions.sessionFor('https://x', a)).not.toBe(sessions.sessionFor('https://x', b));
    expect(sessions.sessionFor('https://x', a)).not.toBe(sessions.sessionFor('https://y', a));
  });
});
