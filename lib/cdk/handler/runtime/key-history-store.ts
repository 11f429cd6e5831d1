/**
 * Where the project's key history lives durably (DEP-KEEP-1): the SSM parameter
 * `/atlas-encryption-at-rest/<projectId>/key-history`, a JSON array of every {@link KeyChange} recorded for the
 * project. The handler creates it on the first key change and never deletes it, so it outlives the stack like the
 * keys it names; `atlas-ear` reads it by default.
 */
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { isKeyProvider, type KeyChange, keyHistoryParameterName } from '../../../core/atlas';
import { HandlerError } from './errors';

/** Durable per-project store of the key history (DEP-KEEP-1). */
export interface KeyHistoryStore {
  /** Every change recorded for the project, oldest first; empty when nothing was recorded yet. */
  read(projectId: string): Promise<KeyChange[]>;
  /** Replaces the project's record with `changes`. */
  write(projectId: string, changes: readonly KeyChange[]): Promise<void>;
}

/** Largest value an SSM parameter holds (Advanced tier; Intelligent-Tiering moves past 4 KB on its own). */
export const KEY_HISTORY_MAX_BYTES = 8192;

/** Parses a stored key history; throws a {@link HandlerError} on anything but an array of changes. */
export function parseStoredHistory(text: string, where: string): KeyChange[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    doc = undefined;
  }
  const ok = (e: unknown): boolean => {
    const r = (e ?? {}) as Record<string, unknown>;
    return (
      isKeyProvider(r.provider) && ['from', 'to', 'changedAt'].every((k) => typeof r[k] === 'string' && r[k] !== '')
    );
  };
  if (!Array.isArray(doc) || !doc.every(ok)) {
    throw new HandlerError(
      `the key history in ${where} is not a JSON array of {provider, from, to, changedAt} entries; it was left as it is. Fix or restore it (parameter history: aws ssm get-parameter-history), then deploy again`,
      'DEP-KEEP-1',
    );
  }
  // Kept as stored: the handler appends and never rewrites what an earlier version recorded (records from before
  // KeyChange also carry `keyId`, the name of the Atlas key field, which nothing reads).
  return doc as unknown as KeyChange[];
}

/** Error name of an AWS SDK error. */
function sdkErrorName(err: unknown): string {
  const name = (err as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : 'Error';
}

/**
 * {@link KeyHistoryStore} over SSM Parameter Store: one `String` parameter per project
 * (`keyHistoryParameterName(projectId)`), tier `Intelligent-Tiering` (Standard up to 4 KB, Advanced up to 8 KB when
 * the history grows past that). The handler only ever reads and overwrites it; nothing deletes it.
 */
export class SsmKeyHistoryStore implements KeyHistoryStore {
  private client?: SSMClient;

  /** @param newClient builds the SSM client (region and credentials from the Lambda environment by default) */
  constructor(private readonly newClient: () => SSMClient = () => new SSMClient({})) {}

  /** @inheritdoc */
  public async read(projectId: string): Promise<KeyChange[]> {
    const name = keyHistoryParameterName(projectId);
    let value: string | undefined;
    try {
      const out = await this.ssm().send(new GetParameterCommand({ Name: name }));
      value = out.Parameter?.Value;
    } catch (err) {
      if (sdkErrorName(err) === 'ParameterNotFound') return [];
      throw new HandlerError(
        `cannot read the key history parameter ${name} (${sdkErrorName(err)}); check the handler's ssm:GetParameter permission on it`,
        'DEP-KEEP-1',
      );
    }
    return value === undefined || value === '' ? [] : parseStoredHistory(value, `SSM parameter ${name}`);
  }

  /** @inheritdoc */
  public async write(projectId: string, changes: readonly KeyChange[]): Promise<void> {
    const name = keyHistoryParameterName(projectId);
    const value = JSON.stringify(changes);
    if (Buffer.byteLength(value) > KEY_HISTORY_MAX_BYTES) {
      throw new HandlerError(
        `the key history of project ${projectId} (${changes.length} entries, ${Buffer.byteLength(value)} bytes) no longer fits the SSM parameter ${name} (${KEY_HISTORY_MAX_BYTES} bytes): archive the entries whose keys no snapshot needs any more and remove them from the parameter, then deploy again`,
        'DEP-KEEP-1',
      );
    }
    try {
      await this.ssm().send(
        new PutParameterCommand({
          Name: name,
          Value: value,
          Type: 'String',
          Overwrite: true,
          Tier: 'Intelligent-Tiering',
          Description:
            'atlas-encryption-at-rest key history (DEP-KEEP-1): keys that snapshots may need. Do not delete.',
        }),
      );
    } catch (err) {
      throw new HandlerError(
        `cannot write the key history parameter ${name} (${sdkErrorName(err)}); check the handler's ssm:PutParameter permission on it`,
        'DEP-KEEP-1',
      );
    }
  }

  private ssm(): SSMClient {
    this.client ??= this.newClient();
    return this.client;
  }
}
