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
  const backup = typeof cluster.backup === 'object' && cluster.backup !== null ? cluster.backup : {};
  if (!r.deferIfUnresolved('SYN-BKP-1', subject, 'backup.legacyContinuousBackup', backup.legacyContinuousBackup)) {
    if (backup.legacyContinuousBackup === true) {
      r.report(
        'SYN-BKP-1',
        subject,
        'backup.legacyContinuousBackup',
        true,
        'Atlas does not support legacy continuous backup on clusters that use encryption at rest',
        'cloudBackup: true with pointInTime: true (Continuous Cloud Backup), or legacyContinuousBackup: false',
      );
    }
  }
  const cloudBackup = backup.cloudBackup ?? true;
  if (r.isUnresolved(cloudBackup) || r.isUnresolved(backup.pointInTime)) return;
  if (backup.pointInTime === true && cloudBackup === false) {
    r.report(
      'SYN-BKP-2',
      subject,
      'backup.pointInTime',
      true,
      'point-in-time restore needs cloud backup',
      'cloudBackup: true when pointInTime is true',
    );
  }
}
