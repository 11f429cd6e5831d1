/**
 * Errors the CLI reports to the user: a message that says what went wrong, a hint that says what to do,
 * and the exit code. Never a stack trace, never a secret.
 */

/** Exit codes of `atlas-ear`. */
export enum ExitCode {
  /** The check passed (possibly with warnings), or the command succeeded. */
  OK = 0,
  /** The check found a blocker (`restore-check`), or `--strict` and a warning. */
  BLOCKED = 1,
  /** Bad arguments, missing or rejected credentials, unreadable input: the check could not run. */
  USAGE = 2,
  /** Atlas, AWS or the network failed: the check could not finish. */
  SERVICE = 3,
}

/** An error with a user-facing message, a hint and an exit code. */
export class CliError extends Error {
  /** What to do about it. */
  public readonly hint?: string;
  /** The process exit code. */
  public readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode = ExitCode.USAGE, hint?: string) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.hint = hint;
  }
}
