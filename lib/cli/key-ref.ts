/**
 * A customer key as the CLI talks about it: which key, in which region, what its KMS says about it, and how to
 * name it in a message. Shared by `restore-check`, `status` and the KMS adapter.
 */
import { atlasRegionToAws, parseKeyArn, toAtlasKeyRegion } from '../core';
import { type KeyProvider, PROVIDER_VOCABULARY, providerKeyState } from '../core/atlas/providers';
import type { EncryptionAtRestWire } from '../core/atlas/wire';

/** A customer key, as precise as the facts allow. */
export interface KeyRef {
  /** Key provider. */
  readonly provider: KeyProvider;
  /** AWS key id or ARN, Azure versioned key URL, or GCP key version name. */
  readonly keyId: string;
  /** AWS key region, Atlas form (`EU_WEST_1`), when known. */
  readonly region?: string;
}

/** What the KMS (or the user's cloud credentials) say about a key. */
export interface KeyAccess {
  /**
   * `usable`: enabled and reachable; `unusable`: exists but disabled, pending deletion, …;
   * `not-found`: the KMS does not know it; `unverified`: the CLI could not ask (no credentials, access denied,
   * or a provider it cannot query).
   */
  readonly status: 'usable' | 'unusable' | 'not-found' | 'unverified';
  /** Provider-side state, e.g. AWS `KeyState` `PendingDeletion`. */
  readonly keyState?: string;
  /** AWS: when a key pending deletion will be deleted (ISO time). */
  readonly deletionDate?: string;
  /** Why the key is unverified or unusable, in one sentence. */
  readonly detail?: string;
}

/** Normalises an AWS key region to the Atlas form, from the ARN when there is one. */
export function awsKeyRegion(keyId: string, region?: string): string | undefined {
  const arn = parseKeyArn(keyId);
  if (arn) return toAtlasKeyRegion(arn.region);
  return region ? toAtlasKeyRegion(region) : undefined;
}

/** The key id part of a key reference: an AWS ARN and its bare key id name the same key. */
function keyIdPart(keyId: string): string {
  return parseKeyArn(keyId)?.keyId ?? keyId;
}

/** True when two references name the same key (an AWS ARN and its key id do). */
export function sameKeyId(a: string, b: string): boolean {
  return keyIdPart(a) === keyIdPart(b);
}

/** True when two keys are the same key of the same provider. */
export function sameKey(a: KeyRef, b: KeyRef): boolean {
  return a.provider === b.provider && sameKeyId(a.keyId, b.keyId);
}

/** The project's current key of a provider, or undefined when the provider is not enabled. */
export function currentKey(ear: EncryptionAtRestWire, provider: KeyProvider): KeyRef | undefined {
  const state = providerKeyState(ear, provider);
  if (!state.enabled || !state.keyId) return undefined;
  return {
    provider,
    keyId: state.keyId,
    ...(provider === 'AWS' ? { region: awsKeyRegion(state.keyId, state.region) } : {}),
  };
}

/** Describes a key for messages: `AWS KMS key <id> (eu-west-1)`, `Google Cloud KMS key version <name>`. */
export function describeKey(key: KeyRef): string {
  const title = PROVIDER_VOCABULARY[key.provider].title;
  if (key.provider === 'AWS')
    return `${title} key ${key.keyId}${key.region ? ` (${atlasRegionToAws(key.region)})` : ''}`;
  if (key.provider === 'AZURE') return `${title} key ${key.keyId}`;
  return `${title} key version ${key.keyId}`;
}
