/**
 * SYN-ALERT-1: a managed rotation-alert threshold should exceed the key's automatic rotation period,
 * or the alert fires every cycle even though the key rotates on time.
 */
import { ProjectEncryptionSpec } from '../model/project';
import { RuleReporter } from './rule';

/** SYN-ALERT-1 on the project. */
export function checkRotationAlert(project: ProjectEncryptionSpec, r: RuleReporter): void {
  const threshold = project.rotationAlertThresholdDays;
  if (
    threshold === undefined ||
    r.deferIfUnresolved('SYN-ALERT-1', 'project encryption', 'rotationAlertThresholdDays', threshold)
  )
    return;
  if (!Number.isInteger(threshold) || threshold < 1) {
    r.report(
      'SYN-ALERT-2',
      'project encryption',
      'rotationAlertThresholdDays',
      threshold,
      'not a whole number of days',
      'an integer of 1 or more, e.g. 365',
    );
    return;
  }
  const periods: Array<[string, number | undefined]> = [
    ['aws', project.aws?.rotationPeriodDays],
    ['azure', project.azure?.rotationPeriodDays],
    ['gcp', project.gcp?.rotationPeriodDays],
  ];
  for (const [name, period] of periods) {
    if (period === undefined || r.isUnresolved(period)) continue;
    if (threshold <= period) {
      r.report(
        'SYN-ALERT-1',
        'project encryption',
        'rotationAlertThresholdDays',
        threshold,
        `the ${name} key rotates every ${period} days, so the rotation alert would fire before each automatic rotation`,
        `more than ${period} days`,
      );
    }
  }
}
