/** Shared set-up for the Atlas client tests: an emulator, a fake clock and a capturing logger. */
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
