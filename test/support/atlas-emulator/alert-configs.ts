/** `/groups/{groupId}/alertConfigs`: alert configurations, including Atlas's own key-rotation alert. */
import type { AlertConfigWire } from '../../../lib/atlas/types';
import { isoAt, newId, type EmulatedProvider, type Env } from './common';
import { AtlasHttpError } from './errors';
import type { ProjectState } from './project';

/** An alert configuration as stored. */
export type AlertConfigRecord = AlertConfigWire & { id: string; groupId: string; created: string; updated: string };

const ROTATION_EVENT = (p: EmulatedProvider): string => `${p}_ENCRYPTION_KEY_NEEDS_ROTATION`;

/** Webhook secrets are never returned. */
export function maskAlert<T extends AlertConfigWire>(a: T): T {
  const copy = structuredClone(a);
  for (const n of copy.notifications ?? []) if (n.webhookSecret) n.webhookSecret = '****************';
  return copy;
}

/** Alert configurations of one project. */
export class AlertConfigs {
  /** Alert configurations, in creation order. */
  public readonly configs: AlertConfigRecord[] = [];

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /** `GET /alertConfigs` items. */
  public list(): AlertConfigWire[] {
    return this.configs.map(maskAlert);
  }

  /** `GET /alertConfigs/{id}`. */
  public get(id: string): AlertConfigWire {
    return maskAlert(this.configs[this.indexOf(id)]);
  }

  /** Adds an alert configuration (POST, or Atlas's own auto-creation). */
  public add(body: AlertConfigWire): AlertConfigWire {
    validateAlert(body);
    const now = isoAt(this.env.now());
    const rec = { ...structuredClone(body), id: newId(), groupId: this.project.groupId, created: now, updated: now };
    this.configs.push(rec);
    return maskAlert(rec);
  }

  /** `PUT /alertConfigs/{id}`. */
  public replace(id: string, body: AlertConfigWire): AlertConfigWire {
    const i = this.indexOf(id);
    validateAlert(body);
    const prev = this.configs[i];
    const rec = {
      ...structuredClone(body),
      id,
      groupId: this.project.groupId,
      created: prev.created,
      updated: isoAt(this.env.now()),
    };
    this.configs[i] = rec;
    return maskAlert(rec);
  }

  /** Atlas creates a key-rotation alert for a provider the first time it is enabled. */
  public ensureRotationAlert(provider: EmulatedProvider): void {
    if (this.configs.some((a) => a.eventTypeName === ROTATION_EVENT(provider))) return;
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

  private indexOf(id: string): number {
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

function validateAlert(body: AlertConfigWire): void {
  if (typeof body?.eventTypeName !== 'string' || !body.eventTypeName) {
    throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', 'The required attribute eventTypeName was not specified.', [
      'eventTypeName',
    ]);
  }
  if (/_ENCRYPTION_KEY_NEEDS_ROTATION$/.test(body.eventTypeName) && !body.threshold) {
    throw new AtlasHttpError(
      400,
      'MISSING_THRESHOLD',
      `Alert configurations for ${body.eventTypeName} need a threshold.`,
      [body.eventTypeName],
    );
  }
  if (!Array.isArray(body.notifications) || body.notifications.length === 0) {
    throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', 'The required attribute notifications was not specified.', [
      'notifications',
    ]);
  }
  for (const n of body.notifications) {
    if (n.intervalMin !== undefined && n.intervalMin < 5) {
      throw new AtlasHttpError(400, 'INVALID_ATTRIBUTE', 'intervalMin must be at least 5.', ['intervalMin']);
    }
  }
}
