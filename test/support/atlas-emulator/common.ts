/** Vocabulary and context shared by the emulator's resource families. */
import { randomBytes } from 'node:crypto';
import type { ProjectState } from './project';

/** A key provider of a project. */
export type EmulatedProvider = 'AWS' | 'AZURE' | 'GCP';

/** Status of a customer key, set by tests (`state.setKeyStatus`). */
export type EmulatedKeyStatus = 'ENABLED' | 'DISABLED' | 'DELETED';

/** Lifecycle timings in milliseconds of the emulator clock. */
export interface EmulatorDurations {
  /** CREATING → IDLE. @default 0 (the next read sees IDLE) */
  readonly clusterCreateMs?: number;
  /** UPDATING → IDLE. @default 0 */
  readonly clusterUpdateMs?: number;
  /** DELETING → gone. @default 0 */
  readonly clusterDeleteMs?: number;
  /** GCP role IN_PROGRESS → COMPLETE. @default 0 */
  readonly gcpRoleMs?: number;
  /** Restore job → finishedAt. @default 0 */
  readonly restoreMs?: number;
}

/** Emulator-wide context a project and its families need. */
export interface Env {
  now(): number;
  durations: Required<EmulatorDurations>;
  keyStatus(ref: string | undefined): EmulatedKeyStatus;
  project(groupId: string): ProjectState;
}

/** Atlas ids are 24 hex digits. */
export const HEX24 = /^[a-f0-9]{24}$/;

/** A new 24-hex Atlas id. */
export function newId(): string {
  return randomBytes(12).toString('hex');
}

/** ISO-8601 timestamp of an emulator-clock instant. */
export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}
