/**
 * Glue between core's rule results and cdktf: errors throw {@link EarValidationError} eagerly,
 * warnings become construct annotations, and a secret must be a reference, never a literal.
 * @internal
 */
import { Annotations, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import {
  assertNoErrors,
  isUnresolved,
  RuleReporter,
  RuleResult,
  UnresolvedPredicate,
  warningsOf,
} from 'atlas-encryption-at-rest';

/** Unresolved in core's sense (cdktf `${TfToken[…]}`) or in cdktf's (IResolvable, number tokens). */
export const tfUnresolved: UnresolvedPredicate = (value) => isUnresolved(value) || Token.isUnresolved(value);

/** Adds every warning as an annotation on `scope`, then throws if the result holds an error. */
export function enforce(scope: IConstruct, result: RuleResult): void {
  for (const w of warningsOf(result)) Annotations.of(scope).addWarning(w.message);
  assertNoErrors(result);
}

/**
 * SYN-SEC-1: a secret is accepted only as an unresolved reference (a sensitive `TerraformVariable`,
 * a resource attribute, or a `DataTerraformRemoteState` output). The message never shows the value.
 */
export function checkSecretReference(subject: string, prop: string, value: string | undefined): RuleResult {
  const r = new RuleReporter({ isUnresolved: tfUnresolved });
  if (value !== undefined && !tfUnresolved(value)) {
    r.error(
      'SYN-SEC-1',
      subject,
      prop,
      '<redacted>',
      'a literal secret would be written to cdk.tf.json',
      'a reference: a sensitive TerraformVariable, a resource attribute or a remote-state output',
    );
  }
  return r.result();
}

/** Merges rule results. */
export function mergeResults(...results: RuleResult[]): RuleResult {
  return {
    violations: results.flatMap((x) => x.violations),
    deferred: results.flatMap((x) => x.deferred),
  };
}
