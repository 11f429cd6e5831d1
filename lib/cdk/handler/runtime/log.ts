/**
 * Logging with redaction (data-safety invariant 5): every secret value the handler reads is registered
 * with a {@link Redactor}, and every log line, error message and response value passes through it.
 */

/** Minimal logger; compatible with `console` and with the Atlas client's `logger` option. */
export interface Logger {
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string, ...args: unknown[]): void;
}

/** What replaces a secret value. */
export const REDACTED = '****';
/** Values shorter than this are not treated as secrets (they would redact ordinary words). */
const MIN_SECRET_LENGTH = 6;

/** Remembers the secret values of one invocation and scrubs them from text. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret value, plus its JSON-escaped form (how it looks inside a logged JSON body). */
  public add(value: string | undefined): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
    this.secrets.add(value);
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.secrets.add(escaped);
    // A JSON document (e.g. a GCP service-account key): its string members are secrets on their own too.
    if (value.trimStart().startsWith('{')) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (parsed && typeof parsed === 'object') {
          for (const v of Object.values(parsed as Record<string, unknown>)) {
            if (typeof v === 'string' && v.length >= 16) this.add(v);
          }
        }
      } catch {
        // not JSON: the whole value is already registered
      }
    }
  }

  /** Replaces every registered secret in `text`, longest first (so a value containing another is fully hidden). */
  public redact(text: string): string {
    let out = text;
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
    return out;
  }

  /** Redacts a value for logging: strings directly, errors by message/stack, everything else as JSON. */
  public redactValue(value: unknown): string {
    if (typeof value === 'string') return this.redact(value);
    if (value instanceof Error) return this.redact(`${value.name}: ${value.message}`);
    try {
      return this.redact(JSON.stringify(value));
    } catch {
      return this.redact(String(value));
    }
  }
}

/** A logger that redacts through `redactor` and writes one line per call to `sink` (console by default). */
export function redactingLogger(redactor: Redactor, sink: Logger = console): Logger {
  const line =
    (level: keyof Logger) =>
    (message: string, ...args: unknown[]): void => {
      const text = [message, ...args.map((a) => redactor.redactValue(a))].join(' ');
      sink[level](redactor.redact(text));
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
