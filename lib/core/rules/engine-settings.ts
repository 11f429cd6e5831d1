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
export function checkWaitTimeout(subject: string, seconds: unknown, maxSeconds: number, r: RuleReporter): void {
  if (seconds === undefined || r.deferIfUnresolved('SYN-WAIT-1', subject, 'timeout', seconds)) return;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 1 || seconds > maxSeconds) {
    r.report(
      'SYN-WAIT-1',
      subject,
      'timeout',
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
