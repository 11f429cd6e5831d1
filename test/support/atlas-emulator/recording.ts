/** What the emulator records of each request: secrets replaced, so recordings are safe to print or keep. */
import { appendFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { SECRET_FIELDS } from '../../../lib/atlas/redact';
import type { EmulatorCall } from './state';

// The library's own list of secret fields (one definition), plus the OAuth token the emulator issues.
const SECRET_KEYS = new Set([...SECRET_FIELDS, 'token']);

/** Deep copy with secret fields replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) ? '[REDACTED]' : redact(v)]),
    );
  }
  return value;
}

/** Request headers with credentials reduced to their scheme. */
export function redactHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    headers[k] =
      k === 'authorization' || k === 'cookie'
        ? `${String(v).split(' ')[0]} [REDACTED]`
        : Array.isArray(v)
          ? v.join(', ')
          : v;
  }
  return headers;
}

/** Appends a call to a JSON-lines record file. */
export function appendRecord(file: string, call: EmulatorCall): void {
  const { method, path, query, headers, body } = call;
  appendFileSync(file, `${JSON.stringify({ method, path, query, headers, body })}\n`);
}
