/**
 * Clusters defined with the provider's own `mongodbatlas_advanced_cluster` (`AdvancedCluster` of
 * @cdktf/provider-mongodbatlas) put under a project encryption: the same cluster rules at synth, the provider set on
 * the resource, and `depends_on` the project encryption, so Terraform creates the cluster after it and destroys the
 * cluster before it.
 */
// Types only: the user's resource is passed in, so this module never loads the provider package itself.
import type { AdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { dependable } from 'cdktf';
import { EncryptionProvider, errorsOf, mergeResults, RuleReporter, RuleResult, validateOwnCluster } from '../core';
import { ownClusterFromAdvancedClusterConfig, ownClusterParts } from '../core/atlas/own-constructs';
import { claimCluster, otherClaims } from '../core/model/cluster-claims';
import { checkOneConstructPerCluster, checkOwnClusterKind, checkOwnClusterProject } from '../core/rules/project-wiring';
import type { AtlasProjectEncryption } from './atlas-project-encryption';
import { encryptionConditions } from './private/encryption-conditions';
import { enforce, TF_VALIDATION, tfUnresolved } from './private/validation';

/** Terraform type of the cluster resource. */
const ADVANCED_CLUSTER_TYPE = 'mongodbatlas_advanced_cluster';
const CLAIM = Symbol.for('atlas-encryption-at-rest/cdktf.EncryptedAdvancedCluster');

/** Options of `AtlasProjectEncryption.encryptAdvancedCluster`. */
export interface EncryptAdvancedClusterOptions {
  /**
   * Key provider the cluster uses; the project encryption must configure it (SYN-PROJ-1). `NONE` opts out. If the
   * `AdvancedCluster` sets `encryptionAtRestProvider` itself, it must say the same.
   */
  readonly encryptionProvider: EncryptionProvider;
}

/** What a claimed cluster records, so a second claim on the same Atlas cluster is found (SYN-PROJ-5). */
interface Claim {
  readonly projectId: string;
  readonly clusterName: string;
  /** Path of the project encryption that claimed it. */
  readonly by: string;
}

/**
 * Puts an `AdvancedCluster` under the project encryption: checks its config, sets `encryption_at_rest_provider`,
 * adds `depends_on` the encryption resource, and the same key-validity precondition and provider postcondition as
 * {@link EncryptedCluster}. Called through `AtlasProjectEncryption.encryptAdvancedCluster`.
 * @internal
 */
export function encryptAdvancedCluster(
  project: AtlasProjectEncryption,
  cluster: AdvancedCluster,
  options: EncryptAdvancedClusterOptions,
): void {
  const kind = new RuleReporter(TF_VALIDATION);
  checkOwnClusterKind(
    'encryptAdvancedCluster',
    'cluster',
    (cluster as Partial<AdvancedCluster> | undefined)?.terraformResourceType,
    ADVANCED_CLUSTER_TYPE,
    'an AdvancedCluster of @cdktf/provider-mongodbatlas',
    kind,
  );
  // Throws when it is not one: nothing below can read it.
  enforce(project, kind.result());
  const provider = options?.encryptionProvider;
  // The config as written, through the resource's input getters (no synth needed).
  const config = {
    projectId: cluster.projectIdInput,
    name: cluster.nameInput,
    clusterType: cluster.clusterTypeInput,
    mongoDbMajorVersion: cluster.mongoDbMajorVersionInput,
    backupEnabled: cluster.backupEnabledInput,
    pitEnabled: cluster.pitEnabledInput,
    encryptionAtRestProvider: cluster.encryptionAtRestProviderInput,
    replicationSpecs: cluster.replicationSpecsInput,
  };
  const subject = `cluster ${JSON.stringify(config.name)}`;

  const wiring = new RuleReporter(TF_VALIDATION);
  const previous = (cluster as { [CLAIM]?: Claim })[CLAIM];
  if (previous) {
    checkOneConstructPerCluster(
      String(config.name),
      previous.projectId,
      [`${previous.by}.encryptAdvancedCluster`],
      wiring,
    );
  }
  const projectIds = [project.spec.projectId, project.projectId];
  checkOwnClusterProject(subject, 'projectId', config.projectId, projectIds, wiring);
  const written = config.encryptionAtRestProvider;
  if (written !== undefined && written !== provider && !tfUnresolved(written)) {
    wiring.report(
      'SYN-INPUT-1',
      subject,
      'encryptionAtRestProvider',
      written,
      `the AdvancedCluster sets its own provider, and encryptAdvancedCluster sets ${String(provider)}`,
      `no encryptionAtRestProvider on the AdvancedCluster, or ${String(provider)}`,
    );
  }
  const own = ownClusterFromAdvancedClusterConfig(config);
  const claim: Claim = { projectId: project.spec.projectId, clusterName: String(config.name), by: project.node.path };
  enforce(
    cluster,
    mergeResults(
      wiring.result(),
      validateOwnCluster(own, String(provider), project.spec, TF_VALIDATION),
      duplicates(cluster, claim),
    ),
  );
  Object.defineProperty(cluster, CLAIM, { value: claim, configurable: true });
  claimCluster(cluster.node.root, cluster, cluster.node.path, claim.projectId, claim.clusterName);
  // Again at synth, so that a cluster construct added later is seen too.
  cluster.node.addValidation({ validate: () => errorsOf(duplicates(cluster, claim)).map((v) => v.message) });

  cluster.encryptionAtRestProvider = provider;
  const encryption = dependable(project.resource);
  // Private networking: the endpoints of the cluster's regions, as for an EncryptedCluster (created before it,
  // destroyed after it).
  const endpoints = [
    ...new Set(ownClusterParts(own, String(provider)).flatMap((part) => project._privateEndpointsFor(part.spec))),
  ];
  const after = [encryption, ...endpoints.map((e) => dependable(e.resource))];
  cluster.dependsOn = [...(cluster.dependsOn ?? []).filter((d) => !after.includes(d)), ...after];
  const lifecycle = cluster.lifecycle ?? {};
  const conditions = encryptionConditions(project, String(config.name), provider, endpoints);
  const precondition = [...(lifecycle.precondition ?? []), ...conditions.precondition];
  cluster.lifecycle = {
    ...lifecycle,
    precondition: precondition.length > 0 ? precondition : undefined,
    postcondition: [...(lifecycle.postcondition ?? []), ...conditions.postcondition],
  };
}

/** SYN-PROJ-5: no other construct in the app claims the same Atlas cluster (project and name). */
function duplicates(cluster: AdvancedCluster, claim: Claim): RuleResult {
  const others = otherClaims(cluster.node.root, cluster, claim.projectId, claim.clusterName);
  const r = new RuleReporter(TF_VALIDATION);
  checkOneConstructPerCluster(claim.clusterName, claim.projectId, others, r);
  return r.result();
}
