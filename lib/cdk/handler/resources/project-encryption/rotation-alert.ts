/**
 * The managed rotation alert (DEP-ALERT-1). Atlas creates a `<P>_ENCRYPTION_KEY_NEEDS_ROTATION` alert of its own
 * when a key provider is configured ("MongoDB Cloud automatically creates a 90-day key rotation alert", Admin API v2
 * updateGroupEncryptionAtRest); the handler manages that alert rather than adding one:
 *
 * - `PUT /alertConfigs/{id}` replaces the whole config, so the handler PUTs back the config as it read it with only
 *   the threshold, `enabled` and the notifications the construct manages changed. The construct manages the
 *   GROUP (project owners), EMAIL and WEBHOOK notifications; `matchers`, `severityOverride` and notifications of
 *   every other type (Slack, PagerDuty, …) stay as they were.
 * - Atlas returns notification credentials redacted ("the key appears partially redacted when you query the alert",
 *   "the secret appears completely redacted"), and what a PUT of the redacted text does is not documented
 *   (unverified). A config that would go back with a redacted value the handler cannot supply is left unchanged,
 *   with a warning, rather than risk overwriting the stored credential; failing instead would roll back the
 *   encryption change over an alert setting.
 * - When Atlas creates its alert after the PATCH is not documented either (unverified). Creating one at once when
 *   none is there would race Atlas's and leave two; so the handler looks again on each poll for up to
 *   {@link ROTATION_ALERT_WAIT_MS} after the PATCH (across isComplete calls, holding no Lambda), and creates one
 *   only if it is still absent then.
 * - If a project still ends up with several (Atlas's arrived late, or it was copied), a later deploy keeps the
 *   oldest and disables every other one that adds nothing to it: no matchers and only notification types the
 *   construct manages. A disabled copy is PUT back as read with `enabled: false`, so it can be re-enabled; AtlasApi
 *   has no DELETE for alert configs. Others (a team's own routing) are kept and named in a warning.
 *
 * Teardown leaves the alert in place.
 */
import type { AtlasApi } from '../../../../atlas/api';
import { type AlertConfigWire, type KeyProvider, PROVIDER_VOCABULARY } from '../../../../core/atlas';
import { ATLAS_DEFAULT_ROTATION_ALERT_DAYS, type RotationAlertSpec } from '../../../custom-resources/properties';
import type { HandlerContext } from '../../runtime/context';
import { SecretError } from '../../runtime/errors';
import { sameJson } from '../../runtime/util';

type Notification = AlertConfigWire['notifications'][number];
/** An alert config as Atlas returns it: fields this library does not model are carried through untouched. */
type StoredAlertConfig = AlertConfigWire & Record<string, unknown>;

/** How long after the PATCH the handler waits for Atlas's own alert before it creates one (unverified delay). */
export const ROTATION_ALERT_WAIT_MS = 5 * 60_000;
/** Notification types the construct writes; every other type belongs to whoever added it. */
const MANAGED_TYPES: readonly string[] = ['GROUP', 'EMAIL', 'WEBHOOK'];
/** Read-only fields of an alert config (EncryptionKeyAlertConfigViewForNdsGroup): never sent back. */
const READ_ONLY_FIELDS = ['id', 'groupId', 'created', 'updated', 'links'];
/** How Atlas shows a credential it redacts ('****************************a23c'). */
const REDACTED = /\*{4,}/;
/** The notification Atlas's own alert has, and the one a created alert gets when the construct names none. */
const PROJECT_OWNERS: Notification = {
  typeName: 'GROUP',
  roles: ['GROUP_OWNER'],
  emailEnabled: true,
  smsEnabled: false,
  delayMin: 0,
  intervalMin: 1440,
};

/** The notifications the construct asks for (secrets read from Secrets Manager and registered for redaction). */
async function managedNotifications(ctx: HandlerContext, alert: RotationAlertSpec): Promise<Notification[]> {
  const common = { delayMin: 0, intervalMin: 1440 };
  const out: Notification[] = [];
  if (alert.notifyProjectOwners) out.push({ ...PROJECT_OWNERS });
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

/** True when a notification carries a value Atlas redacted. */
function redacted(n: Notification): boolean {
  return Object.values(n).some((v) => typeof v === 'string' && REDACTED.test(v));
}

/** The config as read, without its read-only fields. */
function writable(config: StoredAlertConfig): StoredAlertConfig {
  const body: StoredAlertConfig = { ...config };
  for (const k of READ_ONLY_FIELDS) delete body[k];
  return body;
}

/** Oldest first (`created`, ISO 8601); configs without it keep Atlas's order after those with it. */
function oldestFirst(configs: readonly StoredAlertConfig[]): StoredAlertConfig[] {
  const at = (c: StoredAlertConfig): number =>
    typeof c.created === 'string' && !Number.isNaN(Date.parse(c.created)) ? Date.parse(c.created) : Infinity;
  return [...configs].sort((a, b) => at(a) - at(b));
}

/** True when a duplicate adds nothing to the kept alert: no matchers, only notification types the construct writes. */
function isCopy(config: StoredAlertConfig): boolean {
  const matchers = config.matchers;
  return (
    (!Array.isArray(matchers) || matchers.length === 0) &&
    (config.notifications ?? []).every((n) => MANAGED_TYPES.includes(n.typeName))
  );
}

/** What {@link applyRotationAlerts} did: the managed config ids, or the providers whose alert Atlas has not made yet. */
export type RotationAlertOutcome =
  { readonly done: true; readonly ids: string[] } | { readonly done: false; readonly waitingFor: KeyProvider[] };

/**
 * Applies the threshold to each provider's rotation alert.
 * @param sincePatchMs time since the PATCH that enabled the providers (`StartedAt`)
 */
export async function applyRotationAlerts(
  ctx: HandlerContext,
  api: AtlasApi,
  projectId: string,
  alert: RotationAlertSpec,
  providers: readonly KeyProvider[],
  sincePatchMs: number,
): Promise<RotationAlertOutcome> {
  const days = alert.thresholdDays ?? ATLAS_DEFAULT_ROTATION_ALERT_DAYS;
  const threshold = { operator: 'GREATER_THAN' as const, threshold: days, units: 'DAYS' };
  const existing = (await api.listAlertConfigs(projectId)) as StoredAlertConfig[];
  const ofType = (p: KeyProvider): StoredAlertConfig[] =>
    oldestFirst(existing.filter((c) => c.eventTypeName === PROVIDER_VOCABULARY[p].rotationAlert));
  const missing = providers.filter((p) => ofType(p).length === 0);
  if (missing.length > 0 && sincePatchMs < ROTATION_ALERT_WAIT_MS) {
    ctx.log.info(
      `DEP-ALERT-1: waiting for Atlas to create its rotation alert for ${missing.join(', ')} (${Math.round(sincePatchMs / 1000)} s of ${ROTATION_ALERT_WAIT_MS / 1000} s)`,
    );
    return { done: false, waitingFor: missing };
  }
  const wanted = await managedNotifications(ctx, alert);
  const ids: string[] = [];
  for (const p of providers) {
    const eventTypeName = PROVIDER_VOCABULARY[p].rotationAlert;
    const [kept, ...others] = ofType(p);
    if (!kept?.id) {
      const out = await api.createAlertConfig(projectId, {
        eventTypeName,
        enabled: true,
        threshold,
        notifications: wanted.length > 0 ? wanted : [{ ...PROJECT_OWNERS }],
      });
      ids.push(out.id ?? '');
      ctx.log.info(`DEP-ALERT-1: created ${eventTypeName} with ${days} days (Atlas had created none)`);
      continue;
    }
    ids.push(kept.id);
    // No notification configured: the construct manages none, so every existing one stays.
    const notifications =
      wanted.length > 0
        ? [...wanted, ...(kept.notifications ?? []).filter((n) => !MANAGED_TYPES.includes(n.typeName))]
        : (kept.notifications ?? []);
    if (notifications.some(redacted)) {
      ctx.log.warn(
        `DEP-ALERT-1: ${eventTypeName} (${kept.id}) notifies through a channel whose credential Atlas returns redacted (${notifications
          .filter(redacted)
          .map((n) => n.typeName)
          .join(
            ', ',
          )}); left unchanged rather than overwrite that credential. Set its threshold to ${days} days in Atlas`,
      );
    } else {
      const body = {
        ...writable(kept),
        eventTypeName,
        enabled: true,
        threshold: { ...(kept.threshold ?? {}), ...threshold },
        notifications,
      };
      // Already so (the same JSON as read back, key order included; anything Atlas adds means a PUT): no call, so
      // an Update that leaves the alert alone costs no write against the alert endpoints' rate limit.
      if (sameJson(writable(kept), body)) {
        ctx.log.info(`DEP-ALERT-1: ${eventTypeName} (${kept.id}) already at ${days} days`);
      } else {
        await api.replaceAlertConfig(projectId, kept.id, body);
        ctx.log.info(`DEP-ALERT-1: set ${eventTypeName} (${kept.id}) to ${days} days`);
      }
    }
    for (const other of others) {
      if (!other.id || other.enabled === false) continue;
      if (!isCopy(other) || (other.notifications ?? []).some(redacted)) {
        ctx.log.warn(
          `DEP-ALERT-1: project ${projectId} has another ${eventTypeName} alert (${other.id}) with matchers, notifications the construct does not manage, or a redacted credential; left as it is (the managed one is ${kept.id})`,
        );
        continue;
      }
      await api.replaceAlertConfig(projectId, other.id, { ...writable(other), enabled: false });
      ctx.log.warn(
        `DEP-ALERT-1: project ${projectId} had a second ${eventTypeName} alert (${other.id}); disabled it (kept ${kept.id})`,
      );
    }
  }
  return { done: true, ids };
}
