/**
 * `/groups/{groupId}/alertConfigs`: alert configurations (listGroupAlertConfigs, createGroupAlertConfig,
 * getGroupAlertConfig, updateGroupAlertConfig), including Atlas's own key-rotation alert. Shapes follow
 * GroupAlertsConfig (for these events: EncryptionKeyAlertConfigViewForNdsGroup).
 */
import type { AlertConfigWire } from '../../../lib/core/atlas/wire';
import { HEX24, isoAt, newId, type EmulatedProvider, type Env } from './common';
import { AtlasHttpError, badRequest } from './errors';
import type { ProjectState } from './project';

/** An alert configuration as sent (fields beyond the library's, e.g. `matchers`, `severityOverride`, kept). */
export type AlertConfigBody = AlertConfigWire & Record<string, unknown>;

/** An alert configuration as stored. */
export type AlertConfigRecord = AlertConfigBody & { id: string; groupId: string; created: string; updated: string };

const ROTATION_EVENT = (p: EmulatedProvider): string => `${p}_ENCRYPTION_KEY_NEEDS_ROTATION`;
// Spec: EncryptionKeyEventTypeViewAlertable; these events take a GreaterThanDaysThresholdView threshold.
const KEY_EVENT = /^(AWS|AZURE|GCP)_ENCRYPTION_KEY_(NEEDS_ROTATION|INVALID)$/;
const MAX_NOTIFICATIONS = 25; // spec: notifications maxItems 25

/** Webhook secrets are never returned (unverified mask; Atlas does not echo secrets). */
export function maskAlert<T extends AlertConfigWire>(a: T): T {
  const copy = structuredClone(a);
  for (const n of copy.notifications ?? []) if (n.webhookSecret) n.webhookSecret = '****************';
  return copy;
}

/** Alert configurations of one project. */
export class AlertConfigs {
  /** Alert configurations, in creation order. */
  public readonly configs: AlertConfigRecord[] = [];
  /** Atlas's own rotation alerts not created yet: provider → when they appear. */
  public readonly pendingDefaults = new Map<EmulatedProvider, number>();
  /** Providers whose default rotation alert Atlas already scheduled (it does so once per project). */
  private readonly defaulted = new Set<EmulatedProvider>();

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /** Creates the default rotation alerts whose time has come. */
  public advance(force: boolean): void {
    const now = this.env.now();
    for (const [provider, at] of [...this.pendingDefaults]) {
      if (!force && at > now) continue;
      this.pendingDefaults.delete(provider);
      this.createDefault(provider);
    }
  }

  /** `GET /alertConfigs` items. */
  public list(): AlertConfigWire[] {
    return this.configs.map((c) => this.view(c));
  }

  /** `GET /alertConfigs/{alertConfigId}`. */
  public get(id: string): AlertConfigWire {
    return this.view(this.configs[this.indexOf(id)]);
  }

  /** `POST /alertConfigs` (200, not 201, per the spec). */
  public add(body: Record<string, unknown>): AlertConfigWire {
    const valid = validateAlert(body);
    const now = isoAt(this.env.now());
    const rec = { ...structuredClone(valid), id: newId(), groupId: this.project.groupId, created: now, updated: now };
    this.configs.push(rec);
    return this.view(rec);
  }

  /**
   * `PUT /alertConfigs/{alertConfigId}` (updateGroupAlertConfig): the request body is a whole GroupAlertsConfig,
   * so the stored configuration becomes exactly what was sent; `matchers`, `severityOverride` or notifications the
   * caller leaves out are gone afterwards (HTTP PUT replaces, RFC 9110 §9.3.4; Atlas has a separate PATCH,
   * toggleGroupAlertConfig, for changing only `enabled`).
   */
  public replace(id: string, body: Record<string, unknown>): AlertConfigWire {
    const i = this.indexOf(id);
    const valid = validateAlert(body);
    const prev = this.configs[i];
    const rec = {
      ...structuredClone(valid),
      id,
      groupId: this.project.groupId,
      created: prev.created,
      updated: isoAt(this.env.now()),
    };
    this.configs[i] = rec;
    return this.view(rec);
  }

  /**
   * "MongoDB Cloud automatically creates a 90-day key rotation alert when you configure Encryption at Rest using
   * Customer Key Management" (spec description of updateGroupEncryptionAtRest). It may appear some time after the
   * PATCH (`rotationAlertDelayMs`, unverified), once per provider and project, without checking for alerts the
   * user already made (unverified).
   */
  public scheduleRotationAlert(provider: EmulatedProvider): void {
    if (this.defaulted.has(provider)) return;
    this.defaulted.add(provider);
    const delay = this.env.durations.rotationAlertDelayMs;
    if (delay <= 0) this.createDefault(provider);
    else this.pendingDefaults.set(provider, this.env.now() + delay);
  }

  private createDefault(provider: EmulatedProvider): void {
    // The notification of Atlas's default alert (project owners by email, daily) is unverified.
    this.add({
      eventTypeName: ROTATION_EVENT(provider),
      enabled: true,
      threshold: { operator: 'GREATER_THAN', threshold: 90, units: 'DAYS' },
      notifications: [
        {
          typeName: 'GROUP',
          roles: ['GROUP_OWNER'],
          emailEnabled: true,
          smsEnabled: false,
          delayMin: 0,
          intervalMin: 1440,
        },
      ],
    });
  }

  /** Wire view: secrets masked, `matchers` always an array, `links` added (schema EncryptionKeyAlertConfig…). */
  private view(rec: AlertConfigRecord): AlertConfigWire {
    const href = `https://cloud.mongodb.com/api/atlas/v2/groups/${rec.groupId}/alertConfigs/${rec.id}`;
    return maskAlert({ matchers: [], ...rec, links: [{ href, rel: 'self' }] });
  }

  private indexOf(id: string): number {
    // INVALID_ALERT_CONFIG_ID, ALERT_CONFIG_NOT_FOUND (404): error-code list; id pattern ^([a-f0-9]{24})$ (spec).
    if (!HEX24.test(id))
      throw new AtlasHttpError(
        404,
        'INVALID_ALERT_CONFIG_ID',
        `An invalid alert configuration ID ${id} was specified.`,
        [id],
      );
    const i = this.configs.findIndex((a) => a.id === id);
    if (i < 0)
      throw new AtlasHttpError(
        404,
        'ALERT_CONFIG_NOT_FOUND',
        `No alert configuration with ID ${id} exists in group ${this.project.groupId}.`,
        [id, this.project.groupId],
      );
    return i;
  }
}

/**
 * Validates a GroupAlertsConfig body. Codes and texts from the error-code list: MISSING_ATTRIBUTE, MISSING_THRESHOLD
 * ("A threshold must be specified for the specified event type."), INVALID_OPERATOR_FOR_EVENT_TYPE,
 * MISSING_NOTIFICATIONS, MAX_NOTIFICATIONS_PER_ALERT_EXCEEDED (spec maxItems 25), NOTIFICATION_INTERVAL_OUT_OF_RANGE
 * ("at least 5 minutes"), EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION, MISSING_ROLES_FOR_GROUP_NOTIFICATION.
 */
function validateAlert(body: Record<string, unknown>): AlertConfigBody {
  const a = body as AlertConfigBody;
  if (typeof a.eventTypeName !== 'string' || !a.eventTypeName) {
    throw badRequest('MISSING_ATTRIBUTE', 'The required attribute eventTypeName was not specified.', ['eventTypeName']);
  }
  // A rotation alert needs its day threshold (which events require one is unverified beyond NEEDS_ROTATION).
  if (/_ENCRYPTION_KEY_NEEDS_ROTATION$/.test(a.eventTypeName) && !a.threshold) {
    throw badRequest('MISSING_THRESHOLD', 'A threshold must be specified for the specified event type.', [
      a.eventTypeName,
    ]);
  }
  if (KEY_EVENT.test(a.eventTypeName) && a.threshold) {
    // GreaterThanDaysThresholdView: operator enum [GREATER_THAN], units enum [DAYS].
    if (a.threshold.operator !== 'GREATER_THAN' || a.threshold.units !== 'DAYS') {
      throw badRequest(
        'INVALID_OPERATOR_FOR_EVENT_TYPE',
        `Operator ${String(a.threshold.operator)} ${String(a.threshold.units)} is not compatible with event type ${a.eventTypeName}.`,
        [a.threshold.operator, a.eventTypeName],
      );
    }
  }
  if (!Array.isArray(a.notifications) || a.notifications.length === 0) {
    throw badRequest(
      'MISSING_NOTIFICATIONS',
      'At least one notification must be specified for an alert configuration.',
    );
  }
  if (a.notifications.length > MAX_NOTIFICATIONS) {
    throw badRequest(
      'MAX_NOTIFICATIONS_PER_ALERT_EXCEEDED',
      `Maximum number of notification methods per alert configuration (${MAX_NOTIFICATIONS}) exceeded while trying to add notification methods.`,
      [MAX_NOTIFICATIONS],
    );
  }
  for (const n of a.notifications) {
    if (n.intervalMin !== undefined && n.intervalMin < 5) {
      throw badRequest(
        'NOTIFICATION_INTERVAL_OUT_OF_RANGE',
        'Notifications must have an interval of at least 5 minutes.',
      );
    }
    if (n.typeName === 'GROUP') {
      if (n.emailEnabled !== true && n.smsEnabled !== true) {
        throw badRequest(
          'EMAIL_OR_SMS_REQUIRED_FOR_GROUP_NOTIFICATION',
          'Email and/or SMS must be enabled for group notifications.',
        );
      }
      if (Array.isArray(n.roles) && n.roles.length === 0) {
        throw badRequest(
          'MISSING_ROLES_FOR_GROUP_NOTIFICATION',
          'Group notifications cannot specify an empty list of roles.',
        );
      }
    }
  }
  return a;
}
