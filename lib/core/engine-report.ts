/**
 * One glue between rule results and an engine, for both engines: warnings first (so they show even when synth then
 * fails), then every error at once as `EarValidationError`. Deferred checks are not shown: the handler re-runs them
 * on live values, and a notice the user cannot act on is noise.
 */
import type { RuleId } from './catalogue/rule-registry';
import type { RuleResult } from './rules/rule';
import { assertNoErrors, warningsOf } from './validate';

/** Where an engine shows a warning. */
export interface WarningSink {
  /** Shows one warning; `ruleId` lets a user acknowledge it (aws-cdk-lib `atlas-ear:<RULE>`). */
  warn(ruleId: RuleId, message: string): void;
}

/** Shows the result's warnings, then throws when it holds an error. */
export function reportToEngine(result: RuleResult, sink: WarningSink): void {
  for (const w of warningsOf(result)) sink.warn(w.ruleId, w.message);
  assertNoErrors(result);
}
