/**
 * Backup rules: legacy continuous backup is never combined with a customer key (SYN-BKP-1);
 * point-in-time restore rides on cloud backup (SYN-BKP-2).
 */
import { ClusterSpec } from '../model/cluster';
import { clusterSubject, usesCustomerKey } from './cluster-shape';
import { RuleReporter } from './rule';

/** SYN-BKP-1 and SYN-BKP-2. */
export function checkBackup(cluster: ClusterSpec, r: RuleReporter): void {
  if (!usesCustomerKey(cluster)) return;
  const subject = clusterSubject(cluster);
  // Only a live cluster can report legacy backup: no engine prop asks for it.
  if (cluster.legacyContinuousBackup === true) {
    r.report(
      'SYN-BKP-1',
      subject,
      'legacyContinuousBackup',
      true,
      'Atlas does not support legacy continuous backup on clusters that use encryption at rest',
      'Cloud Backup (backupEnabled: true), with pitEnabled: true for Continuous Cloud Backup',
    );
  }
  const backupEnabled = cluster.backupEnabled ?? true;
  if (r.isUnresolved(backupEnabled) || r.isUnresolved(cluster.pitEnabled)) return;
  if (cluster.pitEnabled === true && backupEnabled === false) {
    r.report(
      'SYN-BKP-2',
      subject,
      'pitEnabled',
      true,
      'point-in-time restore needs Cloud Backup',
      'backupEnabled: true when pitEnabled is true',
    );
  }
}
