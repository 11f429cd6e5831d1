/**
 * Private-networking rules: only AWS and Azure offer it (SYN-GCP-3, SYN-PN-1); endpoint regions are region names of
 * the provider's cloud (SYN-PN-4); with it, clusters are single-cloud on the provider's cloud (SYN-PN-2) and every
 * cluster region has an endpoint (SYN-PN-3).
 */
import { ATLAS_REGIONS } from '../catalogue/regions';
import { CloudProvider, EncryptionProvider } from '../model/enums';
import { ClusterSpec } from '../model/cluster';
import {
  PRIVATE_ENDPOINT_CLOUD,
  PRIVATE_NETWORKING_PROVIDERS,
  PrivateNetworkingProvider,
  privateNetworkingProviders,
  privateNetworkingSettings,
  type PrivateNetworkingSettings,
} from '../model/private-networking';
import { ImportedProjectEncryptionFacts, ProjectEncryptionSpec } from '../model/project';
import { clusterSubject, regionList, usesCustomerKey } from './cluster-shape';
import { listAllowed, RuleReporter } from './rule';

/** The Atlas name of each provider's block, as both engines spell the prop. */
const BLOCK: Readonly<Record<Exclude<EncryptionProvider, 'NONE'>, string>> = {
  AWS: 'awsKms',
  AZURE: 'azureKeyVault',
  GCP: 'googleCloudKms',
};

/**
 * `GLOBAL` is in Atlas's AWS region list for clusters but is not a region a PrivateLink endpoint can live in
 * (the Admin API v2 `EARPrivateEndpoint.regionName` lists cloud regions).
 */
const NOT_AN_ENDPOINT_REGION = new Set(['GLOBAL']);

/** Atlas region names a provider's private endpoints may use. */
export function privateEndpointRegionNames(provider: PrivateNetworkingProvider): readonly string[] {
  return ATLAS_REGIONS[PRIVATE_ENDPOINT_CLOUD[provider]].filter((x) => !NOT_AN_ENDPOINT_REGION.has(x));
}

/**
 * The private-networking fields of an untyped key-configuration object, as a caller wrote them: engines pass the
 * raw Google Cloud props through this so a JavaScript user's `requirePrivateNetworking` is refused (SYN-GCP-3),
 * never dropped.
 */
export function untypedPrivateNetworking(raw: unknown): PrivateNetworkingSettings {
  if (typeof raw !== 'object' || raw === null) return {};
  const o = raw as Record<string, unknown>;
  return {
    ...(o.requirePrivateNetworking !== undefined
      ? { requirePrivateNetworking: o.requirePrivateNetworking as boolean }
      : {}),
    ...(o.privateEndpointRegions !== undefined
      ? { privateEndpointRegions: o.privateEndpointRegions as readonly string[] }
      : {}),
  };
}

/** SYN-GCP-3, SYN-PN-1 and SYN-PN-4 on the project's key configurations. */
export function checkPrivateNetworkingProviders(project: ProjectEncryptionSpec, r: RuleReporter): void {
  const gcp = project.gcp;
  if (gcp && gcp.requirePrivateNetworking !== undefined && gcp.requirePrivateNetworking !== false) {
    r.report(
      'SYN-GCP-3',
      'project encryption googleCloudKms',
      'requirePrivateNetworking',
      gcp.requirePrivateNetworking,
      'Google Cloud KMS has no private-networking option in Atlas',
      'requirePrivateNetworking only on awsKms or azureKeyVault',
    );
  }
  if (gcp && gcp.privateEndpointRegions !== undefined) {
    r.report(
      'SYN-GCP-3',
      'project encryption googleCloudKms',
      'privateEndpointRegions',
      gcp.privateEndpointRegions,
      'Google Cloud KMS has no private endpoints in Atlas',
      'privateEndpointRegions only on awsKms or azureKeyVault',
    );
  }
  for (const provider of PRIVATE_NETWORKING_PROVIDERS) {
    const settings = privateNetworkingSettings(project, provider);
    if (!settings) continue;
    const subject = `project encryption ${BLOCK[provider]}`;
    const flag: unknown = settings.requirePrivateNetworking;
    if (flag !== undefined && typeof flag !== 'boolean' && !r.isUnresolved(flag)) {
      r.report('SYN-PN-1', subject, 'requirePrivateNetworking', flag, 'is not a boolean', 'true or false');
      continue;
    }
    const regions: unknown = settings.privateEndpointRegions;
    if (regions === undefined) continue;
    if (flag !== true && !r.isUnresolved(flag)) {
      r.report(
        'SYN-PN-1',
        subject,
        'privateEndpointRegions',
        regions,
        'private endpoints are used only when Atlas is told to reach the key over private networking',
        'requirePrivateNetworking: true with privateEndpointRegions, or no privateEndpointRegions',
      );
      continue;
    }
    checkPrivateEndpointRegions(provider, subject, regions, r);
  }
}

/** SYN-PN-4: each explicit endpoint region is an Atlas region name of the provider's cloud. */
function checkPrivateEndpointRegions(
  provider: PrivateNetworkingProvider,
  subject: string,
  regions: unknown,
  r: RuleReporter,
): void {
  const cloud = PRIVATE_ENDPOINT_CLOUD[provider];
  const allowed = privateEndpointRegionNames(provider);
  if (r.deferIfUnresolved('SYN-PN-4', subject, 'privateEndpointRegions', regions)) return;
  if (!Array.isArray(regions)) {
    r.report(
      'SYN-PN-4',
      subject,
      'privateEndpointRegions',
      regions,
      'is not a list of region names',
      `a list of Atlas ${cloud} region names, e.g. ${allowed.slice(0, 2).join(', ')}`,
    );
    return;
  }
  regions.forEach((name: unknown, i) => {
    const prop = `privateEndpointRegions[${i}]`;
    if (r.deferIfUnresolved('SYN-PN-4', subject, prop, name)) return;
    if (typeof name === 'string' && allowed.includes(name)) return;
    const hint =
      typeof name === 'string' && /[a-z]-/.test(name) ? ` (Atlas form: ${name.toUpperCase().replace(/-/g, '_')})` : '';
    r.report(
      'SYN-PN-4',
      subject,
      prop,
      name,
      `is not an Atlas ${cloud} region name a ${provider} private endpoint can use${hint}`,
      listAllowed(allowed),
    );
  });
}

/**
 * SYN-GCP-3 / SYN-PN-1 on a project encryption known only by its attributes: the private-networking providers are
 * AWS or AZURE and among the configured providers, so none is silently dropped.
 */
export function checkImportedPrivateNetworking(facts: ImportedProjectEncryptionFacts, r: RuleReporter): void {
  const subject = 'imported project encryption';
  (facts.privateNetworking ?? []).forEach((p, i) => {
    const prop = `privateNetworking[${i}]`;
    if (r.isUnresolved(p)) return;
    if (p === EncryptionProvider.GCP) {
      r.report(
        'SYN-GCP-3',
        subject,
        prop,
        p,
        'Google Cloud KMS has no private-networking option in Atlas',
        'AWS, AZURE',
      );
    } else if (!(PRIVATE_NETWORKING_PROVIDERS as readonly string[]).includes(p)) {
      r.report('SYN-PN-1', subject, prop, p, 'is not a provider that offers private networking', 'AWS, AZURE');
    } else if (!facts.providers.includes(p)) {
      r.report(
        'SYN-PN-1',
        subject,
        prop,
        p,
        'is not among the providers',
        `one of providers: ${facts.providers.join(', ') || 'none'}`,
      );
    }
  });
  for (const p of Object.keys(facts.privateEndpointRegions ?? {})) {
    if (!(facts.privateNetworking ?? []).includes(p)) {
      r.report(
        p === EncryptionProvider.GCP ? 'SYN-GCP-3' : 'SYN-PN-1',
        subject,
        `privateEndpointRegions.${p}`,
        facts.privateEndpointRegions![p],
        'endpoint regions are given for a provider that is not in privateNetworking',
        `keys among privateNetworking: ${(facts.privateNetworking ?? []).join(', ') || 'none'}`,
      );
    } else if (p === EncryptionProvider.AWS || p === EncryptionProvider.AZURE) {
      checkPrivateEndpointRegions(p, subject, facts.privateEndpointRegions![p], r);
    }
  }
}

/** SYN-PN-2: with private networking on the cluster's provider, every region is on that provider's cloud. */
export function checkPrivateNetworkingCluster(
  cluster: ClusterSpec,
  project: ProjectEncryptionSpec | undefined,
  r: RuleReporter,
): void {
  if (!project || !usesCustomerKey(cluster)) return;
  const privateProviders = privateNetworkingProviders(project);
  if (privateProviders.length === 0) return;
  const subject = clusterSubject(cluster);
  const clouds = new Set(
    regionList(cluster)
      .map((x) => x.cloud)
      .filter((c) => !r.isUnresolved(c)),
  );
  if (clouds.size > 1) {
    r.report(
      'SYN-PN-2',
      subject,
      'regions',
      [...clouds],
      'a project that reaches its key over private networking allows only single-cloud clusters',
      'regions on one cloud',
    );
    return;
  }
  const provider = cluster.encryptionProvider as PrivateNetworkingProvider;
  if (privateProviders.includes(provider)) {
    const expected: CloudProvider = PRIVATE_ENDPOINT_CLOUD[provider];
    for (const cloud of clouds) {
      if (cloud !== expected) {
        r.report(
          'SYN-PN-2',
          subject,
          'regions',
          [...clouds],
          `the ${provider} key is reached over private networking, which serves clusters on ${expected} only`,
          `regions on ${expected}, or requirePrivateNetworking: false`,
        );
      }
    }
  }
}

/**
 * SYN-PN-3: every region of a cluster on a private-networking provider has an endpoint. A project encryption owned by
 * the app derives its endpoints from the clusters (`derivePrivateEndpointRegions`), so this checks the project
 * encryptions known only by their attributes, whose `privateEndpointRegions` are the complete list.
 */
export function checkPrivateEndpointCoverage(
  cluster: ClusterSpec,
  project: ProjectEncryptionSpec | undefined,
  r: RuleReporter,
): void {
  if (!project?.knownByAttributes || !usesCustomerKey(cluster)) return;
  const provider = cluster.encryptionProvider as PrivateNetworkingProvider;
  if (!privateNetworkingProviders(project).includes(provider)) return;
  const subject = clusterSubject(cluster);
  const cloud = PRIVATE_ENDPOINT_CLOUD[provider];
  const listed = privateNetworkingSettings(project, provider)?.privateEndpointRegions;
  regionList(cluster).forEach((region, i) => {
    if (region.cloud !== cloud) return; // SYN-PN-2 reports it
    const prop = `regions[${i}].regionName`;
    if (r.deferIfUnresolved('SYN-PN-3', subject, prop, region.regionName)) return;
    if (Array.isArray(listed) && listed.includes(region.regionName)) return;
    r.report(
      'SYN-PN-3',
      subject,
      prop,
      region.regionName,
      listed === undefined
        ? `the project reaches its ${provider} key over private networking, and the imported project encryption lists no endpoint regions`
        : `the project has no ${provider} private endpoint in this region, so Atlas cannot reach the key from it`,
      Array.isArray(listed) && listed.length > 0
        ? `${listed.join(', ')}; or add the region to privateEndpointRegions.${provider} of the imported project encryption (and to the owning app's privateEndpointRegions)`
        : `privateEndpointRegions.${provider} on the imported project encryption, listing this region`,
    );
  });
}
