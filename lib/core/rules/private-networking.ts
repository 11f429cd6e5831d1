/**
 * Private-networking rules: only AWS and Azure offer it (SYN-GCP-3); with it, clusters are
 * single-cloud on the provider's cloud (SYN-PN-2).
 */
import { CloudProvider, EncryptionProvider } from '../model/enums';
import { ClusterSpec } from '../model/cluster';
import { ProjectEncryptionSpec } from '../model/project';
import { clusterSubject, regionList, usesCustomerKey } from './cluster-shape';
import { RuleReporter } from './rule';

/** SYN-GCP-3 on the project. */
export function checkPrivateNetworkingProviders(project: ProjectEncryptionSpec, r: RuleReporter): void {
  if (project.gcp?.requirePrivateNetworking === true) {
    r.report(
      'SYN-GCP-3',
      'project encryption googleCloudKms',
      'requirePrivateNetworking',
      true,
      'Google Cloud KMS has no private-networking option in Atlas',
      'requirePrivateNetworking only on awsKms or azureKeyVault',
    );
  }
}

/** SYN-PN-2: with private networking on the cluster's provider, every region is on that provider's cloud. */
export function checkPrivateNetworkingCluster(
  cluster: ClusterSpec,
  project: ProjectEncryptionSpec | undefined,
  r: RuleReporter,
): void {
  if (!project || !usesCustomerKey(cluster)) return;
  const privateProviders: EncryptionProvider[] = [];
  if (project.aws?.requirePrivateNetworking === true) privateProviders.push(EncryptionProvider.AWS);
  if (project.azure?.requirePrivateNetworking === true) privateProviders.push(EncryptionProvider.AZURE);
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
  const provider = cluster.encryptionProvider as EncryptionProvider;
  if (privateProviders.includes(provider)) {
    const expected = provider === EncryptionProvider.AWS ? CloudProvider.AWS : CloudProvider.AZURE;
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
