/**
 * The emulator-wide state: projects, key statuses, issued tokens and recorded calls. Handlers mutate it
 * through the server; tests seed and inspect it directly. Time comes from an injectable clock and
 * lifecycle transitions are applied lazily, so there are no timers to leak.
 */
import type { SnapshotWire } from '../../../lib/core/atlas/wire';
import type { TakeSnapshotOptions } from './backups';
import { DEFAULT_DURATIONS, HEX24, type EmulatedKeyStatus, type EmulatorDurations, type Env } from './common';
import { AtlasHttpError } from './errors';
import { ProjectState } from './project';

/** One received request (headers and body redacted). */
export interface EmulatorCall {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  /** Response status (set when the response is sent). */
  status?: number;
}

/** The emulator-wide state: projects, key statuses, issued tokens, recorded calls. */
export class EmulatorState {
  private readonly projects = new Map<string, ProjectState>();
  private readonly keys = new Map<string, EmulatedKeyStatus>();
  /** Every request the server received, in order (secrets redacted). */
  public readonly calls: EmulatorCall[] = [];
  /** OAuth tokens issued so far. */
  public tokensIssued = 0;
  /** Live bearer tokens → expiry (emulator clock). */
  public readonly tokens = new Map<string, { clientId: string; expiresAt: number }>();
  /** Emulator defects seen while answering (a handler answered a status its operation does not declare). */
  public readonly defects: string[] = [];
  private readonly env: Env;

  public constructor(
    public readonly now: () => number,
    durations: EmulatorDurations,
    private readonly knownProjectsOnly: boolean,
    totalCountSkew = 0,
  ) {
    this.env = {
      now,
      durations: { ...DEFAULT_DURATIONS, ...durations },
      totalCountSkew,
      keyStatus: (ref) => (ref === undefined ? 'ENABLED' : (this.keys.get(ref) ?? 'ENABLED')),
      project: (g) => this.lookup(g),
    };
  }

  /** The project (created on first use): seed and inspect it. */
  public project(groupId: string): ProjectState {
    let p = this.projects.get(groupId);
    if (!p) {
      p = new ProjectState(groupId, this.env);
      this.projects.set(groupId, p);
    }
    return p;
  }

  /** Lookup used by request handlers: validates the id and, if configured, requires a seeded project. */
  public lookup(groupId: string): ProjectState {
    // INVALID_GROUP_ID is a 404 in the error-code list, and every operation's spec declares 404 (not 400).
    if (!HEX24.test(groupId))
      throw new AtlasHttpError(404, 'INVALID_GROUP_ID', `An invalid group ID ${groupId} was specified.`, [groupId]);
    if (this.knownProjectsOnly && !this.projects.has(groupId)) {
      throw new AtlasHttpError(404, 'GROUP_NOT_FOUND', `No group with ID ${groupId} exists.`, [groupId]);
    }
    return this.project(groupId);
  }

  /** Makes the next `n` EAR PATCH / CPA authorize calls of a project fail with CANNOT_ASSUME_ROLE. */
  public iamPropagationFailures(groupId: string, n: number): void {
    this.project(groupId).iamFailuresRemaining = n;
  }

  /** Sets a customer key's status (by key id/ARN, Azure key URL or GCP key version name). */
  public setKeyStatus(keyRef: string, status: EmulatedKeyStatus): void {
    this.keys.set(keyRef, status);
  }

  /** Takes a snapshot of a cluster now (see {@link ProjectState.takeSnapshot}). */
  public takeSnapshot(groupId: string, clusterName: string, options?: TakeSnapshotOptions): SnapshotWire {
    return this.project(groupId).takeSnapshot(clusterName, options);
  }

  /** Applies due transitions in every project (`force` completes them all now). */
  public advance(force = false): void {
    for (const p of this.projects.values()) p.advance(force);
  }

  /** The timings in effect. */
  public get durations(): Required<EmulatorDurations> {
    return this.env.durations;
  }

  /** Completes every pending transition now. */
  public settle(): void {
    this.advance(true);
  }

  /** Invalidates every issued bearer token (models a revoked or expired token). */
  public revokeAllTokens(): void {
    this.tokens.clear();
  }

  /** Calls matching a method and/or path pattern. */
  public callsTo(method?: string, path?: string | RegExp): EmulatorCall[] {
    return this.calls.filter(
      (c) =>
        (!method || c.method === method) &&
        (!path ||
          (typeof path === 'string' ? c.path === path || c.path === `/api/atlas/v2${path}` : path.test(c.path))),
    );
  }
}
