/** Vocabulary and context shared by the emulator's resource families. */
import { randomBytes } from 'node:crypto';
import type { ProjectState } from './project';

/** A key provider of a project. */
export type EmulatedProvider = 'AWS' | 'AZURE' | 'GCP';

/** Status of a customer key, set by tests (`state.setKeyStatus`). */
export type EmulatedKeyStatus = 'ENABLED' | 'DISABLED' | 'DELETED';

/**
 * Lifecycle timings in milliseconds of the emulator clock. Atlas publishes none of these numbers (unverified):
 * the defaults are plausible and, above all, non-zero, so a client that assumes an instant Atlas fails here
 * too. Pass {@link INSTANT_DURATIONS} (or single zeros) in unit tests that need transitions on the next read.
 */
export interface EmulatorDurations {
  /** CREATING → IDLE. @default 300_000 */
  readonly clusterCreateMs?: number;
  /** UPDATING → IDLE. @default 120_000 */
  readonly clusterUpdateMs?: number;
  /** DELETING → gone. @default 120_000 */
  readonly clusterDeleteMs?: number;
  /**
   * Right after a cluster PATCH (or DELETE), reads still show the pre-change cluster as IDLE for this long;
   * terraform-provider-mongodbatlas waits before its first poll for this reason (Delay: RetryDelay = 30 s in
   * internal/service/advancedcluster/common_await_changes.go). The length is unverified. @default 20_000
   */
  readonly staleIdleMs?: number;
  /** First GCP role of a project IN_PROGRESS → COMPLETE (spec: createGroupCloudProviderAccess). @default 30_000 */
  readonly gcpRoleMs?: number;
  /** Restore job → finishedAt. @default 300_000 */
  readonly restoreMs?: number;
  /** Enabling a provider → Atlas's own `<P>_ENCRYPTION_KEY_NEEDS_ROTATION` alert appears (unverified). @default 10_000 */
  readonly rotationAlertDelayMs?: number;
  /** Private endpoint INITIATING → ACTIVE (AWS) or PENDING_ACCEPTANCE (Azure) (unverified). @default 120_000 */
  readonly privateEndpointCreateMs?: number;
  /** Private endpoint DELETING → gone (unverified). @default 60_000 */
  readonly privateEndpointDeleteMs?: number;
}

/** The default timings (see {@link EmulatorDurations}). */
export const DEFAULT_DURATIONS: Required<EmulatorDurations> = Object.freeze({
  clusterCreateMs: 300_000,
  clusterUpdateMs: 120_000,
  clusterDeleteMs: 120_000,
  staleIdleMs: 20_000,
  gcpRoleMs: 30_000,
  restoreMs: 300_000,
  rotationAlertDelayMs: 10_000,
  privateEndpointCreateMs: 120_000,
  privateEndpointDeleteMs: 60_000,
});

/** Every transition completes by the next request: for unit tests of logic that does not wait. */
export const INSTANT_DURATIONS: Required<EmulatorDurations> = Object.freeze({
  clusterCreateMs: 0,
  clusterUpdateMs: 0,
  clusterDeleteMs: 0,
  staleIdleMs: 0,
  gcpRoleMs: 0,
  restoreMs: 0,
  rotationAlertDelayMs: 0,
  privateEndpointCreateMs: 0,
  privateEndpointDeleteMs: 0,
});

/** Emulator-wide context a project and its families need. */
export interface Env {
  now(): number;
  durations: Required<EmulatorDurations>;
  /** Added to every list's `totalCount` (see `AtlasEmulatorOptions.totalCountSkew`). */
  totalCountSkew: number;
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
