/**
 * The managed rotation alert (DEP-ALERT-1): Atlas creates `<P>_ENCRYPTION_KEY_NEEDS_ROTATION` when a provider
 * is enabled. The handler finds it and replaces its threshold and notifications (PUT); it creates one only
 * when none exists, so a deploy never duplicates the alert. Teardown leaves the alert in place.
 */
import type { AtlasApi } from '../../../../atlas/api';
import { type AlertConfigWire, type KeyProvider, PROVIDER_VOCABULARY } from '../../../../core/atlas';
import type { RotationAlertSpec } from '../../../custom-resources/properties';
import type { HandlerContext } from '../../runtime/context';
import { SecretError } from '../../runtime/errors';

type Notification = AlertConfigWire['notifications'][number];

async function notifications(ctx: HandlerContext, alert: RotationAlertSpec): Promise<Notification[]> {
  const common = { delayMin: 0, intervalMin: 1440 };
  const out: Notification[] = [];
  if (alert.notifyProjectOwners) {
    out.push({ typeName: 'GROUP', roles: ['GROUP_OWNER'], emailEnabled: true, smsEnabled: false, ...common });
  }
  for (const emailAddress of alert.emails ?? []) out.push({ typeName: 'EMAIL', emailAddress, ...common });
  if (alert.webhookSecretArn) {
    const s = await ctx.secrets.json(alert.webhookSecretArn);
    if (typeof s.url !== 'string' || s.url === '') {
      throw new SecretError(`webhook secret ${alert.webhookSecretArn} has no "url"`);
    }
    ctx.redactor.add(s.url);
    const secret = typeof s.secret === 'string' && s.secret !== '' ? s.secret : undefined;
    ctx.redactor.add(secret);
    out.push({ typeName: 'WEBHOOK', webhookUrl: s.url, ...(secret ? { webhookSecret: secret } : {}), ...common });
  }
  return out;
}

/** Applies the threshold to each provider's rotation alert; returns the alert config ids. */
export async function applyRotationAlerts(
  ctx: HandlerContext,
  api: AtlasApi,
  projectId: string,
  alert: RotationAlertSpec,
  providers: readonly KeyProvider[],
): Promise<string[]> {
  const wanted = await notifications(ctx, alert);
  const existing = await api.listAlertConfigs(projectId);
  const ids: string[] = [];
  for (const p of providers) {
    const eventTypeName = PROVIDER_VOCABULARY[p].rotationAlert;
    const found = existing.filter((c) => c.eventTypeName === eventTypeName);
    const current = found[0];
    const body: AlertConfigWire = {
      eventTypeName,
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: alert.thresholdDays, units: 'DAYS' },
      // No notification configured: keep whatever the existing alert notifies (Atlas's default: project owners).
      notifications:
        wanted.length > 0
          ? wanted
          : current?.notifications?.length
            ? current.notifications
            : [
                {
                  typeName: 'GROUP',
                  roles: ['GROUP_OWNER'],
                  emailEnabled: true,
                  smsEnabled: false,
                  delayMin: 0,
                  intervalMin: 1440,
                },
              ],
    };
    if (current?.id) {
      if (found.length > 1) {
        ctx.log.warn(
          `DEP-ALERT-1: project ${projectId} has ${found.length} ${eventTypeName} alerts; updating ${current.id} only`,
        );
      }
      const out = await api.replaceAlertConfig(projectId, current.id, body);
      ids.push(out.id ?? current.id);
      ctx.log.info(`DEP-ALERT-1: set ${eventTypeName} (${current.id}) to ${alert.thresholdDays} days`);
    } else {
      const out = await api.createAlertConfig(projectId, body);
      ids.push(out.id ?? '');
      ctx.log.info(`DEP-ALERT-1: created ${eventTypeName} with ${alert.thresholdDays} days (none existed)`);
    }
  }
  return ids;
}
