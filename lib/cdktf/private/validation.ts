/**
 * Glue between core's rule results and cdktf: errors throw {@link EarValidationError} eagerly,
 * warnings become construct annotations.
 * @internal
 */
import { Annotations, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  isUnresolved,
  reportToEngine,
  RuleResult,
  UnresolvedPredicate,
  ValidationOptions,
  validateSecretReference,
} from '../../core';

/** Unresolved in core's sense (cdktf `${TfToken[…]}`) or in cdktf's (IResolvable, number tokens). */
export const tfUnresolved: UnresolvedPredicate = (value) => isUnresolved(value) || Token.isUnresolved(value);

/** Validation options that recognise cdktf tokens and word messages for a cdktf user. */
export const TF_VALIDATION: ValidationOptions = { engine: 'cdktf', isUnresolved: tfUnresolved };

/** Adds every warning as an annotation on `scope`, then throws if the result holds an error. */
export function enforce(scope: IConstruct, result: RuleResult): void {
  reportToEngine(result, { warn: (_id, message) => Annotations.of(scope).addWarning(message) });
}

/** SYN-SEC-1 through core, with cdktf's notion of a reference. */
export function checkSecretReference(subject: string, prop: string, value: string | undefined): RuleResult {
  return validateSecretReference(subject, prop, value, TF_VALIDATION);
}
