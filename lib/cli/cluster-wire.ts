/**
 * Bridges Atlas wire objects to the core model, so the CLI runs the same rule functions as the
 * constructs and the handler (no rule is written twice).
 */
import type { ClusterWire, EncryptionAtRestWire } from '../core/atlas/wire';
import type { KeyProviderName } from './key-history';

/** The key providers, in display order. */
export const KEY_PROVIDER_NAMES: readonly KeyProviderName[] = ['AWS', 'AZURE', 'GCP'];

/** True when the value names a key provider (not `NONE`). */
export function isKeyProvider(value: unknown): value is KeyProviderName {
  return typeof value === 'string' && (KEY_PROVIDER_NAMES as readonly string[]).includes(value);
}

/** The `encryptionAtRest` block name of a provider. */
export const PROVIDER_BLOCK: Readonly<Record<KeyProviderName, 'awsKms' | 'azureKeyVault' | 'googleCloudKms'>> = {
  AWS: 'awsKms',
  AZURE: 'azureKeyVault',
  GCP: 'googleCloudKms',
};

/** The current key of one provider as Atlas reports it. */
export interface ProviderKeyState {
  /** Key provider. */
  readonly provider: KeyProviderName;
  /** `enabled` of the block. */
  readonly enabled: boolean;
  /** `valid` of the block (Atlas re-validates every 15 minutes); undefined when Atlas did not say. */
  readonly valid?: boolean;
  /** AWS key id or ARN, Azure key URL, or GCP key version name. */
  readonly keyId?: string;
  /** AWS key region, Atlas form. */
  readonly region?: string;
  /** Atlas reaches the key only over private networking. */
  readonly requirePrivateNetworking?: boolean;
}

/** Reads one provider's block out of `GET /encryptionAtRest`. */
export function providerKeyState(ear: EncryptionAtRestWire | undefined, provider: KeyProviderName): ProviderKeyState {
  if (provider === 'AWS') {
    const b = ear?.awsKms;
    return {
      provider,
      enabled: b?.enabled === true,
      valid: b?.valid,
      keyId: b?.customerMasterKeyID || undefined,
      region: b?.region || undefined,
      requirePrivateNetworking: b?.requirePrivateNetworking,
    };
  }
  if (provider === 'AZURE') {
    const b = ear?.azureKeyVault;
    return {
      provider,
      enabled: b?.enabled === true,
      valid: b?.valid,
      keyId: b?.keyIdentifier || undefined,
      requirePrivateNetworking: b?.requirePrivateNetworking,
    };
  }
  const b = ear?.googleCloudKms;
  return { provider, enabled: b?.enabled === true, valid: b?.valid, keyId: b?.keyVersionResourceID || undefined };
}

export { clusterSpecFromWire } from '../core/atlas/cluster';
import { clusterSpecFromWire } from '../core/atlas/cluster';

/** The distinct electable instance sizes of a cluster, e.g. `['M10']`. */
export function instanceSizesOf(cluster: ClusterWire): string[] {
  return [
    ...new Set(
      clusterSpecFromWire(cluster)
        .regions.map((r) => r.instanceSize)
        .filter((s) => s.length > 0),
    ),
  ];
}

/** The distinct clouds a cluster's nodes run on. */
export function cloudsOf(cluster: ClusterWire): string[] {
  return [...new Set(clusterSpecFromWire(cluster).regions.map((r) => String(r.cloud)))];
}

/**
 * Compares two MongoDB versions (`7.0`, `7.0.12`, `8.0.4-rc1`) on the parts both give.
 * Returns negative when `a` is lower, 0 when equal, positive when higher; undefined when either is unparseable.
 */
export function compareMongoVersions(a: string | undefined, b: string | undefined): number | undefined {
  const parse = (v: string | undefined): number[] | undefined => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v?.trim() ?? '');
    if (!m) return undefined;
    return [m[1], m[2], m[3]].filter((x): x is string => x !== undefined).map(Number);
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return undefined;
  const n = Math.min(pa.length, pb.length);
  for (let i = 0; i < n; i++) {
    if (pa[i] !== pb[i]) return pa[i] - pb[i];
  }
  return 0;
}
