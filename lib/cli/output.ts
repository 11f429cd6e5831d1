/**
 * Everything the CLI prints: results on stdout (human text, or one JSON document with `--json`), progress and
 * errors on stderr. Progress is an `ora` spinner, shown only when stderr is a TTY and `--json` is off. Every line
 * passes through redaction of the secrets the CLI knows, so a secret never reaches the terminal.
 */
import { redactText } from '../atlas/errors';
import { CliError } from './errors';

/** What a terminal stream tells about itself (like `process.stderr`). */
export interface TerminalInfo {
  /** True when the stream is a terminal. */
  readonly isTTY?: boolean;
  /** Terminal width in columns; 0 or undefined when unknown. */
  readonly columns?: number;
}

/** A writable stream that may be a terminal. */
export type TerminalStream = NodeJS.WritableStream & TerminalInfo;

/** A running progress indicator. */
export interface ProgressHandle {
  /** Changes the text (e.g. to say a call is being retried). */
  update(text: string): void;
  /** Ends the step successfully. */
  succeed(text?: string): void;
  /** Ends the step with a failure. */
  fail(text?: string): void;
}

/** Starts a progress indicator on a stream. */
export type ProgressFactory = (text: string, stream: NodeJS.WritableStream) => ProgressHandle;

/** Options of {@link Output}. */
export interface OutputOptions {
  /** Print one JSON document instead of text, and no progress. */
  readonly json?: boolean;
  /**
   * Where results go.
   * @default process.stdout
   */
  readonly stdout?: NodeJS.WritableStream;
  /**
   * Where progress and errors go.
   * @default process.stderr
   */
  readonly stderr?: TerminalStream;
  /**
   * Show progress.
   * @default - when stderr is a TTY with a known width, `TERM` is not `dumb`, and `json` is off
   */
  readonly progress?: boolean;
  /**
   * Progress indicator.
   * @default - an `ora` spinner, loaded on first use
   */
  readonly progressFactory?: ProgressFactory;
}

const NOOP: ProgressHandle = { update: () => undefined, succeed: () => undefined, fail: () => undefined };

/** The CLI's printer. */
export class Output {
  /** JSON mode. */
  public readonly json: boolean;
  private readonly stdout: NodeJS.WritableStream;
  private readonly stderr: NodeJS.WritableStream;
  private readonly showProgress: boolean;
  private readonly progressFactory?: ProgressFactory;
  private readonly secrets: string[] = [];
  private current?: ProgressHandle;

  constructor(options: OutputOptions = {}) {
    this.json = options.json === true;
    this.stdout = options.stdout ?? process.stdout;
    const stderr = options.stderr ?? process.stderr;
    this.stderr = stderr;
    // A TTY that reports no width (some ptys, e.g. `script` without a size) would make a spinner's line
    // arithmetic divide by zero: no progress there either.
    this.showProgress =
      options.progress ??
      (!this.json && stderr.isTTY === true && (stderr.columns ?? 0) > 0 && process.env.TERM !== 'dumb');
    this.progressFactory = options.progressFactory;
  }

  /** Registers values that must never be printed (API private key, client secret). */
  public addSecrets(values: readonly string[]): void {
    this.secrets.push(...values.filter((v) => v.length > 0));
  }

  /** Removes every registered secret from a text. */
  public redact(text: string): string {
    return redactText(text, this.secrets);
  }

  /**
   * Runs a long call under a progress line: `label` while it runs, cleared when it ends, a cross when it fails.
   * Silent when progress is off.
   */
  public async step<T>(label: string, work: (progress: ProgressHandle) => Promise<T>): Promise<T> {
    const handle = this.showProgress ? await this.startProgress(label) : NOOP;
    this.current = handle;
    try {
      const result = await work(handle);
      handle.succeed();
      return result;
    } catch (err) {
      handle.fail();
      throw err;
    } finally {
      this.current = undefined;
    }
  }

  /** Updates the text of the running step (e.g. from the Atlas client's retry log). */
  public note(text: string): void {
    this.current?.update(this.redact(text));
  }

  /** Prints the human result (ignored in JSON mode). */
  public text(lines: string | readonly string[]): void {
    if (this.json) return;
    const all = typeof lines === 'string' ? [lines] : lines;
    this.stdout.write(this.redact(all.join('\n')) + '\n');
  }

  /** Prints the JSON result (ignored in text mode). */
  public data(value: unknown): void {
    if (!this.json) return;
    this.stdout.write(this.redact(JSON.stringify(value, null, 2)) + '\n');
  }

  /** Prints `atlas-ear: warning: <message>` on stderr, in both modes (stdout keeps only the result). */
  public warn(message: string): void {
    this.stderr.write(`atlas-ear: warning: ${this.redact(message)}\n`);
  }

  /**
   * Reports an error on stderr: `atlas-ear: error: <message>` and `  <hint>` in text mode; in JSON mode also a
   * `{"error": {...}}` document on stdout so scripts can parse it. Never a stack trace.
   */
  public error(err: CliError): void {
    const message = this.redact(err.message);
    const hint = err.hint ? this.redact(err.hint) : undefined;
    this.stderr.write(`atlas-ear: error: ${message}\n${hint ? `  ${hint}\n` : ''}`);
    if (this.json) {
      this.stdout.write(
        JSON.stringify({ error: { message, ...(hint ? { hint } : {}), exitCode: err.exitCode } }, null, 2) + '\n',
      );
    }
  }

  private async startProgress(label: string): Promise<ProgressHandle> {
    try {
      const factory = this.progressFactory ?? (await oraFactory());
      return factory(label, this.stderr);
    } catch {
      return NOOP; // Progress is cosmetic: never fail a check because the spinner cannot load.
    }
  }
}

/** The default progress indicator: an `ora` spinner (ESM-only, loaded lazily so non-TTY runs never load it). */
async function oraFactory(): Promise<ProgressFactory> {
  const { default: ora } = await import('ora');
  return (text, stream) => {
    const spinner = ora({ text, stream }).start();
    return {
      update: (t) => {
        spinner.text = `${text}: ${t}`;
      },
      succeed: () => {
        spinner.stop(); // transient: only the report stays on screen
      },
      fail: () => {
        spinner.fail(text);
      },
    };
  };
}
