/**
 * Rules on settings the engines add around the Atlas model: the alias of a key the library creates
 * (SYN-AWS-5) and how long a deploy may wait for Atlas (SYN-WAIT-1).
 */
import { RuleReporter } from './rule';

const ALIAS = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;

/** SYN-AWS-5: `alias/<name>`, not under the AWS-reserved `alias/aws/`. */
export function checkKeyAlias(alias: unknown, r: RuleReporter): void {
  const s = 'AWS KMS key';
  if (alias === undefined || r.deferIfUnresolved('SYN-AWS-5', s, 'alias', alias)) return;
  const allowed = 'alias/<name>: 1-250 letters, digits, "/", "_" or "-", not starting with alias/aws/';
  if (typeof alias !== 'string' || !ALIAS.test(alias)) {
    r.report('SYN-AWS-5', s, 'alias', alias, 'not a KMS alias name', allowed);
  } else if (alias.startsWith('alias/aws/')) {
    r.report('SYN-AWS-5', s, 'alias', alias, 'alias/aws/ is reserved for AWS managed keys', allowed);
  }
}

/** SYN-WAIT-1: a wait between one second and the engine's limit. */
export function checkWaitTimeout(
  subject: string,
  seconds: unknown,
  maxSeconds: number,
  r: RuleReporter,
  prop = 'timeout',
): void {
  if (seconds === undefined || r.deferIfUnresolved('SYN-WAIT-1', subject, prop, seconds)) return;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 1 || seconds > maxSeconds) {
    r.report(
      'SYN-WAIT-1',
      subject,
      prop,
      typeof seconds === 'number' ? `${seconds} s` : seconds,
      `the wait must fit the deploy engine's limit of ${maxSeconds} s (a longer initial sync completes as accepted, not failed)`,
      `1 to ${maxSeconds} seconds`,
    );
  }
}

/**
 * SYN-KEEP-2: a user turned off a safety default (retention on delete, destroy protection). Allowed where the docs
 * say so, and said at synth so that nobody does it by accident.
 */
export function checkSafetyDefault(
  subject: string,
  prop: string,
  value: unknown,
  consequence: string,
  r: RuleReporter,
): void {
  r.report(
    'SYN-KEEP-2',
    subject,
    prop,
    value,
    `safety default turned off: ${consequence}`,
    'keep the default unless this is a throwaway environment',
  );
}

/** SYN-INPUT-1: a value of an engine type (removal policy, enum member) that the library gives no meaning. */
export function checkOneOf(
  subject: string,
  prop: string,
  value: unknown,
  allowed: readonly string[],
  why: string,
  r: RuleReporter,
): void {
  if (value === undefined || r.deferIfUnresolved('SYN-INPUT-1', subject, prop, value)) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    r.report('SYN-INPUT-1', subject, prop, value, why, allowed.join(', '));
  }
}

/** SYN-INPUT-1: a duration the engine must turn into whole units (days, seconds). */
export function checkWholeUnits(
  subject: string,
  prop: string,
  convert: () => number,
  unit: string,
  r: RuleReporter,
): number | undefined {
  try {
    return convert();
  } catch {
    r.report(
      'SYN-INPUT-1',
      subject,
      prop,
      `not a whole number of ${unit}`,
      `Atlas takes this setting in whole ${unit}`,
      `a duration of whole ${unit}`,
    );
    return undefined;
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * SYN-INPUT-1: the Atlas base URL is https (Atlas for Government: https://cloud.mongodbgov.com), or http on a
 * loopback host for a local emulator. Credentials never travel in clear text to anywhere else.
 */
export function checkBaseUrl(subject: string, value: unknown, r: RuleReporter): void {
  if (value === undefined || r.deferIfUnresolved('SYN-INPUT-1', subject, 'baseUrl', value)) return;
  const ok =
    typeof value === 'string' &&
    (/^https:\/\/[^/\s]+(\/[^\s]*)?$/.test(value) ||
      ((m) => m !== null && LOOPBACK_HOSTS.has(m[1].replace(/:\d{1,5}$/, '').toLowerCase()))(
        /^http:\/\/([^/\s]+)(\/[^\s]*)?$/.exec(value),
      ));
  if (!ok) {
    r.report(
      'SYN-INPUT-1',
      subject,
      'baseUrl',
      value,
      'the Atlas base URL must be https (credentials go to it)',
      'an https:// URL, e.g. https://cloud.mongodbgov.com, or http:// on a loopback host for a local emulator',
    );
  }
}
