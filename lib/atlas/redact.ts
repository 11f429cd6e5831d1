/**
 * Secret redaction for Atlas error text and echoed request bodies: the fields that hold secrets, and removal
 * of their values (raw and JSON-escaped) wherever Atlas echoes them back.
 */

/** Field names whose values are secrets wherever they appear in a request body. */
export const SECRET_FIELDS: readonly string[] = Object.freeze([
  'secret',
  'serviceAccountKey',
  'secretAccessKey',
  'webhookSecret',
  'privateKey',
  'clientSecret',
  'client_secret',
  'password',
  'apiKey',
  'apiToken',
  'serviceKey',
  'routingKey',
  'private_key',
]);

const REDACTED = '[REDACTED]';

/** Collects the secret string values of a request body (recursively), so echoes of them can be removed. */
export function collectSecretValues(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) collectSecretValues(v, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_FIELDS.includes(k) && typeof v === 'string' && v.length > 0) {
        out.add(v);
        // A GCP service-account key is JSON in a string: its private key may be echoed on its own.
        if (v.trimStart().startsWith('{')) {
          try {
            collectSecretValues(JSON.parse(v), out);
          } catch {
            // Not JSON: the whole string is already collected.
          }
        }
      } else {
        collectSecretValues(v, out);
      }
    }
  }
  return out;
}

/** Replaces every occurrence of every secret in `text`. Short values (< 4 chars) are skipped: they would shred text. */
export function redactText(text: string, secrets: Iterable<string>): string {
  let result = text;
  for (const s of secrets) {
    if (s.length < 4) continue;
    result = result.split(s).join(REDACTED);
    // JSON-escaped form (a PEM key echoed inside a JSON string has `\n` escaped).
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) result = result.split(escaped).join(REDACTED);
  }
  return result;
}

/** Deep-redacts strings inside an arbitrary JSON value. */
export function redactValue<T>(value: T, secrets: Iterable<string>): T {
  const list = [...secrets];
  if (list.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, list);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, SECRET_FIELDS.includes(k) && typeof x === 'string' ? REDACTED : walk(x)]),
      );
    }
    return v;
  };
  return walk(value) as T;
}
