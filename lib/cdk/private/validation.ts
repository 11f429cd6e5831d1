/**
 * Runs core rule results inside a construct: errors throw `EarValidationError` (eager, with rule ids),
 * warnings become acknowledgeable annotations `atlas-ear:<RULE>`, deferred checks become info annotations.
 * @internal
 */
import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { assertNoErrors, isUnresolved, RuleResult, ValidationOptions, warningsOf } from '../../core';

/** Validation options that recognise aws-cdk-lib tokens. */
export const CDK_VALIDATION: ValidationOptions = {
  isUnresolved: (v) => isUnresolved(v) || (typeof v !== 'object' && v !== undefined && Token.isUnresolved(v)),
};

/** Throws on errors; annotates warnings and deferred checks on `scope`. */
export function applyRuleResult(scope: IConstruct, result: RuleResult): void {
  assertNoErrors(result);
  annotate(scope, result);
}

/** Annotates warnings and deferred checks only. */
export function annotate(scope: IConstruct, result: RuleResult): void {
  for (const w of warningsOf(result)) {
    Annotations.of(scope).addWarningV2(`atlas-ear:${w.ruleId}`, w.message);
  }
  for (const d of result.deferred) {
    Annotations.of(scope).addInfo(d.message);
  }
}
