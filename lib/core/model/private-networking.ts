/**
 * Private networking for encryption at rest: Atlas reaches the key over private endpoints, one per region in which
 * the project's encrypted clusters run. Only AWS KMS (AWS PrivateLink) and Azure Key Vault (Azure Private Link) offer
 * it (Admin API v2 `EARPrivateEndpoint.cloudProvider`: AWS, AZURE). This module derives the endpoints an app needs;
 * the rules live in `rules/private-networking.ts`.
 */
import { isUnresolved as defaultIsUnresolved, UnresolvedPredicate } from '../tokens';
import { ClusterSpec } from './cluster';
import { CloudProvider, EncryptionProvider } from './enums';
import { ProjectEncryptionSpec } from './project';

/** A key provider that offers private endpoints (Atlas's `cloudProvider` path value). */
export type PrivateNetworkingProvider = 'AWS' | 'AZURE';

/** The providers that offer private endpoints, in documentation order. */
export const PRIVATE_NETWORKING_PROVIDERS: readonly PrivateNetworkingProvider[] = [
  EncryptionProvider.AWS,
  EncryptionProvider.AZURE,
];

/** The cloud a provider's private endpoints live on: an endpoint region is an Atlas region name of this cloud. */
export const PRIVATE_ENDPOINT_CLOUD: Readonly<Record<PrivateNetworkingProvider, CloudProvider>> = {
  [EncryptionProvider.AWS]: CloudProvider.AWS,
  [EncryptionProvider.AZURE]: CloudProvider.AZURE,
};

/** What a provider's key configuration says about private networking (the fields both AWS and Azure share). */
export interface PrivateNetworkingSettings {
  /**
   * Atlas reaches the key only over private endpoints.
   * @default false
   */
  readonly requirePrivateNetworking?: boolean;
  /**
   * Atlas region names (on the provider's cloud) that get an endpoint besides the regions of the app's clusters:
   * for clusters managed elsewhere. For a project encryption known only by its attributes, the complete list.
   * @default - only the regions of the app's clusters
   */
  readonly privateEndpointRegions?: readonly string[];
}

/** One private endpoint the app needs. */
export interface PrivateEndpointRegion {
  /** Key provider the endpoint serves. */
  readonly provider: PrivateNetworkingProvider;
  /** Atlas region name on the provider's cloud, e.g. `US_EAST_1` or `EUROPE_WEST`. */
  readonly regionName: string;
  /** Names of the app's clusters with a region here (sorted). */
  readonly clusters: readonly string[];
  /** True when the region is in the provider's `privateEndpointRegions`. */
  readonly explicit: boolean;
}

/** The provider's private-networking settings in the project, if it is configured. */
export function privateNetworkingSettings(
  project: ProjectEncryptionSpec,
  provider: PrivateNetworkingProvider,
): PrivateNetworkingSettings | undefined {
  return provider === EncryptionProvider.AWS ? project.aws : project.azure;
}

/** The providers of the project that require private networking. */
export function privateNetworkingProviders(project: ProjectEncryptionSpec | undefined): PrivateNetworkingProvider[] {
  if (!project) return [];
  return PRIVATE_NETWORKING_PROVIDERS.filter(
    (p) => privateNetworkingSettings(project, p)?.requirePrivateNetworking === true,
  );
}

/**
 * The private endpoints a project needs: for each provider that requires private networking, every region on the
 * provider's cloud of the given clusters that use that provider, plus the provider's explicit
 * `privateEndpointRegions`. Sorted by provider, then region name, so construct ids are stable. Unresolved region names
 * and regions on another cloud are left out (the rules defer or report them: SYN-PN-3, SYN-PN-2).
 */
export function derivePrivateEndpointRegions(
  project: ProjectEncryptionSpec,
  clusters: readonly ClusterSpec[],
  isUnresolved: UnresolvedPredicate = defaultIsUnresolved,
): PrivateEndpointRegion[] {
  const out: PrivateEndpointRegion[] = [];
  for (const provider of privateNetworkingProviders(project)) {
    const cloud = PRIVATE_ENDPOINT_CLOUD[provider];
    const byRegion = new Map<string, { clusters: Set<string>; explicit: boolean }>();
    const entry = (regionName: string) => {
      let e = byRegion.get(regionName);
      if (!e) byRegion.set(regionName, (e = { clusters: new Set(), explicit: false }));
      return e;
    };
    for (const cluster of clusters) {
      if (cluster.encryptionProvider !== provider || !Array.isArray(cluster.regions)) continue;
      for (const region of cluster.regions) {
        if (typeof region !== 'object' || region === null || region.cloud !== cloud) continue;
        if (typeof region.regionName !== 'string' || isUnresolved(region.regionName)) continue;
        entry(region.regionName).clusters.add(cluster.name);
      }
    }
    const explicit = privateNetworkingSettings(project, provider)?.privateEndpointRegions;
    for (const regionName of Array.isArray(explicit) ? explicit : []) {
      if (typeof regionName === 'string' && !isUnresolved(regionName)) entry(regionName).explicit = true;
    }
    for (const regionName of [...byRegion.keys()].sort()) {
      const e = byRegion.get(regionName)!;
      out.push({ provider, regionName, clusters: [...e.clusters].sort(), explicit: e.explicit });
    }
  }
  return out;
}
