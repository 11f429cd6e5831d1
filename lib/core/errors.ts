import { Violation } from './rules/rule';
import { Severity } from './catalogue/rule-registry';

/**
 * Thrown when input breaks one or more rules. Its message lists every error violation,
 * each starting with the rule id, e.g. `[SYN-TIER-1] cluster "orders" regions[0].instanceSize …`.
 */
export class EarValidationError extends Error {
  /** Rule id of the first violation. */
  public readonly ruleId: string;
  /** Every error violation. */
  public readonly violations: readonly Violation[];

  constructor(violations: readonly Violation[]) {
    const errors = violations.filter((v) => v.severity === Severity.ERROR);
    const list = errors.length > 0 ? errors : violations;
    super(list.map((v) => v.message).join('\n'));
    this.name = 'EarValidationError';
    this.ruleId = list[0]?.ruleId ?? 'UNKNOWN';
    this.violations = list;
  }
}
