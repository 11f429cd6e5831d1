/**
 * Disabling managed providers (DEP-DIS-1) after a preflight that refuses while anything still needs the key:
 * clusters that use it, a Backup Compliance Policy that requires encryption at rest, snapshots taken with it
 * (DEP-KEEP-1), and a live key Atlas reports invalid (DEP-KEY-1). Unmanaged providers are never touched.
 */
import type { AtlasApi } from '../../../../atlas/api';
import { isEnabled, type KeyProvider } from '../../../../core/atlas';
import type { HandlerContext } from '../../runtime/context';
import { HandlerError, UnsafeChangeError } from '../../runtime/errors';
import { patchEncryptionAtRest } from './atlas-errors';
import { assertLiveKeyValid } from './live-checks';
import { disableBody } from './request-body';
import { describeClusters, logScan, scanSnapshots } from './snapshots';
import { WHAT } from './spec';

/** Disables those of `providers` that are enabled; the body carries only `{<block>: {enabled: false}}` for them. */
export async function disableProviders(
  ctx: HandlerContext,
  api: AtlasApi,
  projectId: string,
  providers: readonly KeyProvider[],
): Promise<void> {
  const live = await api.getEncryptionAtRest(projectId);
  const enabled = providers.filter((p) => isEnabled(live, p));
  if (enabled.length === 0) {
    ctx.log.info(`${WHAT}: ${providers.join(', ')} already disabled on project ${projectId}`);
    return;
  }
  const clusters = await api.listClusters(projectId);
  const users = clusters.filter((c) => enabled.includes(c.encryptionAtRestProvider as KeyProvider));
  if (users.length > 0) {
    throw new UnsafeChangeError(
      `${WHAT}: cannot disable ${enabled.join(', ')} on project ${projectId}: clusters still use it: ${users
        .map((c) => `${c.name} (${c.encryptionAtRestProvider})`)
        .join(', ')}. Set their encryptionProvider to NONE (or delete them) first`,
      'DEP-DIS-1',
    );
  }
  const policy = await api.getBackupCompliancePolicy(projectId);
  if (policy?.encryptionAtRestEnabled === true) {
    throw new UnsafeChangeError(
      `${WHAT}: cannot disable ${enabled.join(', ')} on project ${projectId}: its Backup Compliance Policy requires encryption at rest (encryptionAtRestEnabled), which only MongoDB Support can lift`,
      'DEP-DIS-1',
    );
  }
  for (const p of enabled) {
    const scan = await scanSnapshots(api, projectId, p, ctx.now());
    logScan(ctx, p, scan);
    if (scan.needing.length > 0) {
      throw new UnsafeChangeError(
        `${WHAT}: cannot disable ${p} on project ${projectId}: snapshots may still need its key: ${scan.needing
          .map(
            (n) =>
              `${n.cluster} (${n.snapshots} snapshot(s), ${n.neverExpires ? 'one never expires' : `latest expiry ${n.latestExpiresAt ?? 'none'}`})`,
          )
          .join(', ')}. Keep the provider until those snapshots expire`,
        'DEP-KEEP-1',
      );
    }
    if (scan.unknown.length > 0) {
      // Not a proof that the key is needed, but no proof that it is not: fail with the cause (a retry may read
      // them) rather than keep the provider silently, which would leave the configuration behind unowned.
      throw new HandlerError(
        `${WHAT}: cannot disable ${p} on project ${projectId}: the snapshots of ${describeClusters(scan.unknown)} could not be checked, and they may need its key. Check them in Atlas (Backup), then deploy again, or keep the provider (deletePolicy RETAIN)`,
        'DEP-KEEP-1',
      );
    }
    assertLiveKeyValid(live, p, 'disable encryption at rest');
  }
  await patchEncryptionAtRest(api, projectId, disableBody(enabled));
  ctx.log.info(`${WHAT}: disabled ${enabled.join(', ')} on project ${projectId}`);
}
