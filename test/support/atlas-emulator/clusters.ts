/** `/groups/{groupId}/clusters`: cluster descriptions and their CREATING/UPDATING/DELETING lifecycles. */
import type { ClusterWire } from '../../../lib/atlas/types';
import { isoAt, newId, type EmulatedProvider, type Env } from './common';
import { AtlasHttpError } from './errors';
import type { ProjectState } from './project';

/** A cluster as stored. */
export interface ClusterRecord {
  wire: ClusterWire & { groupId: string; createDate: string };
  stateName: 'IDLE' | 'CREATING' | 'UPDATING' | 'DELETING' | 'REPAIRING';
  /** When the current transition completes (emulator clock). */
  until?: number;
  retainBackups?: boolean;
}

const CLUSTER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]*$/;
const SMALL_SIZES = new Set(['M0', 'M2', 'M5', 'FLEX']);

/** Clusters of one project. */
export class Clusters {
  /** Live clusters by name. */
  public readonly live = new Map<string, ClusterRecord>();
  /** Deleted clusters whose backups were retained. */
  public readonly deleted: ClusterRecord[] = [];

  public constructor(
    private readonly project: ProjectState,
    private readonly env: Env,
  ) {}

  /** Applies every transition whose time has come. */
  public advance(force: boolean): void {
    const now = this.env.now();
    for (const [name, c] of [...this.live]) {
      if (c.until === undefined || (!force && c.until > now)) continue;
      c.until = undefined;
      if (c.stateName === 'DELETING') {
        this.live.delete(name);
        if (c.retainBackups) this.deleted.push(c);
        else this.project.family.backups.dropSnapshotsOf(name);
      } else {
        c.stateName = 'IDLE';
      }
    }
  }

  /** Seeds a cluster directly (IDLE), bypassing validation. */
  public seed(wire: ClusterWire): ClusterWire {
    const rec: ClusterRecord = {
      wire: {
        ...defaults(wire),
        ...wire,
        id: wire.id ?? newId(),
        groupId: this.project.groupId,
        createDate: isoAt(this.env.now()),
      },
      stateName: 'IDLE',
    };
    this.live.set(wire.name, rec);
    return this.view(rec);
  }

  /** Wire view of a cluster. */
  public view(c: ClusterRecord): ClusterWire {
    return structuredClone({ ...c.wire, stateName: c.stateName });
  }

  /** Live clusters, plus deleted ones with retained backups when asked. */
  public list(includeDeletedWithRetainedBackups: boolean): ClusterWire[] {
    const live = [...this.live.values()];
    const all = includeDeletedWithRetainedBackups ? [...live, ...this.deleted] : live;
    return all.map((x) => this.view(x));
  }

  /** Names of live clusters encrypted with a provider. */
  public namesUsing(provider: EmulatedProvider): string[] {
    return [...this.live.values()].filter((c) => c.wire.encryptionAtRestProvider === provider).map((c) => c.wire.name);
  }

  /** A live cluster, or one deleted with retained backups. */
  public findIncludingDeleted(name: string): ClusterRecord | undefined {
    return this.live.get(name) ?? this.deleted.find((c) => c.wire.name === name);
  }

  private checkEar(provider: unknown, wire: ClusterWire): void {
    if (provider === undefined || provider === 'NONE') return;
    if (provider !== 'AWS' && provider !== 'AZURE' && provider !== 'GCP') {
      throw new AtlasHttpError(
        400,
        'INVALID_ENCRYPTION_AT_REST_PROVIDER',
        `Invalid encryption at rest provider ${String(provider)}.`,
        [provider],
      );
    }
    for (const spec of wire.replicationSpecs ?? []) {
      for (const rc of spec.regionConfigs ?? []) {
        if (rc.providerName === 'TENANT') {
          throw new AtlasHttpError(
            400,
            'CANNOT_USE_ENCRYPTION_AT_REST_TENANT',
            'Encryption at rest is not available on shared-tier clusters.',
          );
        }
        const sizes = [rc.electableSpecs, rc.readOnlySpecs, rc.analyticsSpecs]
          .filter((s) => s && (s.nodeCount === undefined || s.nodeCount > 0))
          .map((s) => s?.instanceSize);
        sizes.push(rc.autoScaling?.compute?.enabled ? rc.autoScaling.compute.minInstanceSize : undefined);
        const small = sizes.find((s) => s !== undefined && SMALL_SIZES.has(s));
        if (small) {
          throw new AtlasHttpError(
            400,
            'INSUFFICIENT_INSTANCE_SIZE',
            `Encryption at rest requires M10 or larger; got ${small}.`,
            [small],
          );
        }
      }
    }
    if (!this.project.family.encryptionAtRest.isUsable(provider)) {
      throw new AtlasHttpError(
        400,
        'ENCRYPTION_AT_REST_NOT_ENABLED',
        `Encryption at rest with ${provider} is not enabled and valid for this project.`,
        [provider],
      );
    }
  }

  /** `POST /clusters`. */
  public create(body: ClusterWire): ClusterWire {
    const groupId = this.project.groupId;
    if (typeof body.name !== 'string' || !CLUSTER_NAME.test(body.name) || body.name.length > 64) {
      throw new AtlasHttpError(400, 'CLUSTER_NAME_INVALID', `Cluster name ${String(body.name)} is invalid.`, [
        body.name,
      ]);
    }
    if (this.live.has(body.name)) {
      throw new AtlasHttpError(
        400,
        'DUPLICATE_CLUSTER_NAME',
        `A cluster named ${body.name} is already present in group ${groupId}.`,
        [body.name, groupId],
      );
    }
    if (!Array.isArray(body.replicationSpecs) || body.replicationSpecs.length === 0) {
      throw new AtlasHttpError(400, 'MISSING_ATTRIBUTE', 'The required attribute replicationSpecs was not specified.', [
        'replicationSpecs',
      ]);
    }
    if (body.providerBackupEnabled !== undefined) {
      throw new AtlasHttpError(400, 'INVALID_ATTRIBUTE', 'Invalid attribute providerBackupEnabled specified.', [
        'providerBackupEnabled',
      ]);
    }
    if (body.stateName !== undefined || body.id !== undefined) {
      throw new AtlasHttpError(400, 'ATTRIBUTE_READ_ONLY', 'Attribute stateName/id is read-only.', ['stateName']);
    }
    this.checkEar(body.encryptionAtRestProvider, body);
    const rec: ClusterRecord = {
      wire: {
        ...defaults(body),
        ...structuredClone(body),
        replicationSpecs: body.replicationSpecs.map((s) => ({
          ...structuredClone(s),
          id: s.id ?? newId(),
          zoneName: s.zoneName ?? 'Zone 1',
        })),
        id: newId(),
        groupId,
        createDate: isoAt(this.env.now()),
      },
      stateName: 'CREATING',
      until: this.env.now() + this.env.durations.clusterCreateMs,
    };
    this.live.set(body.name, rec);
    return this.view(rec);
  }

  /** Live cluster or 404. */
  public get(name: string): ClusterRecord {
    const c = this.live.get(name);
    if (!c)
      throw new AtlasHttpError(
        404,
        'CLUSTER_NOT_FOUND',
        `No cluster named ${name} exists in group ${this.project.groupId}.`,
        [name, this.project.groupId],
      );
    return c;
  }

  /** `PATCH /clusters/{name}`. */
  public update(name: string, body: Partial<ClusterWire>): ClusterWire {
    const c = this.get(name);
    const keys = Object.keys(body);
    if (c.wire.paused && !(keys.length === 1 && body.paused === false)) {
      throw new AtlasHttpError(
        409,
        'CANNOT_UPDATE_PAUSED_CLUSTER',
        `Cannot update cluster ${name} while it is paused or being paused.`,
        [name],
      );
    }
    if (c.stateName === 'DELETING') {
      throw new AtlasHttpError(400, 'CLUSTER_IS_BEING_DELETED', `Cluster ${name} is being deleted.`, [name]);
    }
    for (const ro of ['stateName', 'id', 'groupId', 'createDate', 'mongoDBVersion']) {
      if (ro in body) throw new AtlasHttpError(400, 'ATTRIBUTE_READ_ONLY', `Attribute ${ro} is read-only.`, [ro]);
    }
    if (body.name !== undefined && body.name !== name) {
      throw new AtlasHttpError(400, 'ATTRIBUTE_READ_ONLY', 'Attribute name is read-only.', ['name']);
    }
    const from = c.wire.encryptionAtRestProvider ?? 'NONE';
    const to = body.encryptionAtRestProvider ?? from;
    if (from !== 'NONE' && to !== 'NONE' && from !== to) {
      throw new AtlasHttpError(
        409,
        'CANNOT_CHANGE_ENCRYPTION_AT_REST_PROVIDER',
        `Cannot change the encryption at rest provider of ${name} from ${from} to ${to}; set it to NONE first.`,
        [from, to],
      );
    }
    const merged = { ...c.wire, ...structuredClone(body) } as ClusterRecord['wire'];
    if (body.replicationSpecs) {
      merged.replicationSpecs = body.replicationSpecs.map((s) => ({
        ...s,
        id: s.id ?? newId(),
        zoneName: s.zoneName ?? 'Zone 1',
      }));
    }
    if (to !== 'NONE' && (to !== from || body.replicationSpecs)) this.checkEar(to, merged);
    c.wire = merged;
    c.stateName = 'UPDATING';
    c.until = this.env.now() + this.env.durations.clusterUpdateMs;
    return this.view(c);
  }

  /** `DELETE /clusters/{name}`. */
  public delete(name: string, retainBackups: boolean): void {
    const c = this.get(name);
    if (c.wire.terminationProtectionEnabled) {
      throw new AtlasHttpError(
        400,
        'CANNOT_TERMINATE_CLUSTER_WHEN_TERMINATION_PROTECTION_ENABLED',
        `Termination protection is enabled for ${name}.`,
        [name],
      );
    }
    if (c.stateName === 'DELETING') return;
    c.stateName = 'DELETING';
    c.retainBackups = retainBackups;
    c.until = this.env.now() + this.env.durations.clusterDeleteMs;
  }
}

function defaults(wire: ClusterWire): Partial<ClusterWire> {
  return {
    clusterType: 'REPLICASET',
    backupEnabled: false,
    pitEnabled: false,
    encryptionAtRestProvider: 'NONE',
    paused: false,
    terminationProtectionEnabled: false,
    mongoDBMajorVersion: wire.mongoDBMajorVersion ?? '8.0',
    mongoDBVersion: `${wire.mongoDBMajorVersion ?? '8.0'}.4`,
  };
}
