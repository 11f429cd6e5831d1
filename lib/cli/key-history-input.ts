/**
 * Where a command gets the key history from: the `--key-history` file when given, else the project's SSM parameter
 * (read without failing the command). One place, so `restore-check` and `status` read it the same way.
 */
import { readFile } from 'node:fs/promises';
import type { KeyInterval } from '../core/atlas/key-history';
import type { SsmAdapter } from './aws';
import { CliError, ExitCode } from './errors';
import { parseKeyHistory, readKeyHistoryParameter } from './key-history';
import type { Output } from './output';

/** What the command was told. */
export interface KeyHistoryInput {
  /** Atlas project id (records of other projects are ignored). */
  readonly projectId: string;
  /**
   * Path of a key history file (the stack output KeyHistory, a file of intervals, or a log export).
   * @default - the SSM parameter
   */
  readonly file?: string;
  /** AWS region of the SSM parameter; the SDK's default when undefined. */
  readonly region: string | undefined;
}

/** What reading it needs. */
export interface KeyHistoryInputDeps {
  /** Printer (progress and warnings). */
  readonly out: Output;
  /**
   * SSM adapter.
   * @default - no SSM: without a file, no key history
   */
  readonly ssm?: SsmAdapter;
  /**
   * Reads the file.
   * @default fs.readFile
   */
  readonly readTextFile?: (path: string) => Promise<string>;
}

/**
 * The key history, or undefined when there is none. A file that cannot be read or parsed is a usage error (the user
 * named it); an SSM parameter that cannot be read is a warning (see `readKeyHistoryParameter`).
 */
export async function readKeyHistory(
  input: KeyHistoryInput,
  deps: KeyHistoryInputDeps,
): Promise<KeyInterval[] | undefined> {
  if (input.file !== undefined) {
    const path = input.file;
    let text: string;
    try {
      text = await (deps.readTextFile ?? ((p: string) => readFile(p, 'utf8')))(path);
    } catch (err) {
      throw new CliError(
        `cannot read the key history file ${path} (${(err as { code?: string }).code ?? 'error'})`,
        ExitCode.USAGE,
        'Export it from the stack output KeyHistory, e.g. aws cloudformation describe-stacks … > history.json.',
      );
    }
    return parseKeyHistory(text, path, input.projectId);
  }
  const ssm = deps.ssm;
  if (!ssm) return undefined;
  return deps.out.step('Reading the key history from SSM Parameter Store', () =>
    readKeyHistoryParameter({ projectId: input.projectId, region: input.region, ssm, warn: (m) => deps.out.warn(m) }),
  );
}
