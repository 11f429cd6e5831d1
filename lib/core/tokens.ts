/**
 * Recognises values that are not known at synth time, without importing an engine:
 * aws-cdk-lib tokens (`${Token[…]}`, list and number encodings) and cdktf tokens (`${TfToken[…]}`).
 */

const STRING_TOKEN = /\$\{(Tf)?Token\[|#\{(Tf)?Token\[/;
/** aws-cdk-lib and cdktf encode number tokens as doubles around -1.8881545897087626e+289. */
const NUMBER_TOKEN_MAGNITUDE = 1e288;

/** Predicate telling whether a value is still unresolved. Engines may supply their own. */
export type UnresolvedPredicate = (value: unknown) => boolean;

/** True when `value` (or any string inside it) is an unresolved engine token. */
export const isUnresolved: UnresolvedPredicate = (value) => {
  if (typeof value === 'string') return STRING_TOKEN.test(value);
  if (typeof value === 'number') return Math.abs(value) > NUMBER_TOKEN_MAGNITUDE;
  if (Array.isArray(value)) return value.some((v) => isUnresolved(v));
  return false;
};
