/**
 * Core rule results inside an aws-cdk-lib construct: warnings become acknowledgeable annotations
 * `atlas-ear:<RULE>`, then errors throw `EarValidationError` (eager, with rule ids).
 * @internal
 */
import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { isUnresolved, reportToEngine, RuleResult, ValidationOptions } from '../../core';

/** Validation options that recognise aws-cdk-lib tokens and word messages for a cdk user. */
export const CDK_VALIDATION: ValidationOptions = {
  engine: 'aws-cdk-lib',
  isUnresolved: (v) => isUnresolved(v) || (typeof v !== 'object' && v !== undefined && Token.isUnresolved(v)),
};

/** Annotates warnings on `scope`, then throws on errors. */
export function applyRuleResult(scope: IConstruct, result: RuleResult): void {
  reportToEngine(result, { warn: (id, message) => Annotations.of(scope).addWarningV2(`atlas-ear:${id}`, message) });
}
