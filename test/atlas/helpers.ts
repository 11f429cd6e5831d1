/** Shared set-up for the Atlas client tests: an emulator, a fake clock, a capturing logger and fetch stubs. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AtlasClient,
  type AtlasClientOptions,
  type AtlasApiCredentials,
  type AtlasRequestLogEvent,
} from '../../lib/atlas';
import type { AtlasEmulator } from '../support/atlas-emulator';

/** A project id used across tests. */
export const GROUP = '5f1a2b3c4d5e6f7a8b9c0d1e';

/** A fake clock advanced only by the client's injected `sleep`. */
export interface FakeTime {
  readonly waits: number[];
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Creates a fake clock starting at a fixed instant. */
export function fakeTime(start = Date.UTC(2026, 0, 1)): FakeTime {
  let t = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms: number) => {
      waits.push(ms);
      t += ms;
    },
  };
}

/** A client wired to the emulator with a fake clock and a log capture. */
export function clientFor(
  emu: AtlasEmulator,
  credentials: AtlasApiCredentials = emu.credentials.apiKey,
  extra: Partial<AtlasClientOptions> = {},
): { client: AtlasClient; time: FakeTime; events: AtlasRequestLogEvent[] } {
  const time = fakeTime();
  const events: AtlasRequestLogEvent[] = [];
  const client = new AtlasClient({
    credentials,
    baseUrl: emu.url,
    sleep: time.sleep,
    now: time.now,
    logger: (e) => events.push(e),
    requestTimeoutMs: 5_000,
    ...extra,
  });
  return { client, time, events };
}

/** An AWS EAR block for the emulator. */
export function awsBlock(
  roleId: string,
  key = '1234abcd-12ab-34cd-56ef-1234567890ab',
): { awsKms: Record<string, unknown> } {
  return { awsKms: { enabled: true, customerMasterKeyID: key, region: 'US_EAST_1', roleId } };
}

/** A minimal EAR replica set. */
export function clusterBody(
  name: string,
  provider = 'AWS',
  instanceSize = 'M10',
): Parameters<AtlasClient['createCluster']>[1] {
  return {
    name,
    clusterType: 'REPLICASET',
    backupEnabled: true,
    pitEnabled: true,
    encryptionAtRestProvider: provider,
    replicationSpecs: [
      {
        regionConfigs: [
          { providerName: 'AWS', regionName: 'US_EAST_1', priority: 7, electableSpecs: { instanceSize, nodeCount: 3 } },
        ],
      },
    ],
  };
}

/** A loopback URL nothing listens on (a port just released), so connecting to it is refused before any byte is sent. */
export async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A request a stub `fetch` saw. */
export interface SeenRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
}

/** A `fetch` that answers every request with `answer` (no network) and records what it saw. */
export function stubFetch(answer: (req: SeenRequest) => Response): { fetch: typeof fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const stub = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req: SeenRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers: new Headers(init?.headers),
    };
    seen.push(req);
    return answer(req);
  };
  return { fetch: stub as typeof fetch, seen };
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
