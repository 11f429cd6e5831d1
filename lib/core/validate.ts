/**
 * The entry points both engines and the handler call: each runs the rules that apply to one input
 * and returns every violation, so no rule is written twice.
 */
import { EarValidationError } from './errors';
import { Severity } from './catalogue/rule-registry';
import { ClusterSpec } from './model/cluster';
import { ImportedProjectEncryptionFacts, ProjectEncryptionSpec } from './model/project';
import { checkAwsKms } from './rules/aws-kms';
import { checkAzureKeyVault } from './rules/azure-key-vault';
import { checkBackup } from './rules/backup';
import {
  checkClusterName,
  checkCloud,
  checkMongoDbVersion,
  checkAutoScaling,
  checkDiskSize,
  checkNodeGroups,
  checkNodes,
  checkTags,
  checkTier,
  checkTopology,
} from './rules/cluster-shape';
import { checkGcpKms } from './rules/google-cloud-kms';
import {
  checkImportedPrivateNetworking,
  checkPrivateEndpointCoverage,
  checkPrivateNetworkingCluster,
  checkPrivateNetworkingProviders,
} from './rules/private-networking';
import { checkOnePerProject, checkProject, checkProviderConfigured, PerProjectConstruct } from './rules/project-wiring';
import { checkKeyAlias, checkWaitTimeout } from './rules/engine-settings';
import { checkRotationAlert } from './rules/rotation-alert';
import { checkSecretReference } from './rules/secrets';
import { renameProps, RuleReporter, RuleResult, ValidationOptions } from './rules/rule';
import { OwnCluster, ownClusterParts, ownClusterProp } from './atlas/own-constructs';

/** Options for project validation. */
export interface ProjectValidationOptions extends ValidationOptions {
  /**
   * The current time, for expiry checks.
   * @default - now
   */
  readonly now?: Date;
}

/** Runs every project-level rule (SYN-PROJ-*, SYN-AWS-*, SYN-AZ-*, SYN-GCP-*, SYN-PN-1, SYN-PN-4, SYN-ALERT-1). */
export function validateProjectEncryption(
  project: ProjectEncryptionSpec,
  options: ProjectValidationOptions = {},
): RuleResult {
  const r = new RuleReporter(options);
  checkProject(project, r);
  if (project.aws) checkAwsKms(project.aws, r);
  if (project.azure) checkAzureKeyVault(project.azure, r, options.now);
  if (project.gcp) checkGcpKms(project.gcp, r);
  checkPrivateNetworkingProviders(project, r);
  checkRotationAlert(project, r);
  return r.result();
}

/** Runs every cluster rule against the cluster's project (SYN-TIER-1, SYN-TOPO-1, SYN-CLOUD-*, SYN-BKP-*, SYN-PROJ-1, SYN-PN-2, SYN-PN-3). */
export function validateCluster(
  cluster: ClusterSpec,
  project: ProjectEncryptionSpec | undefined,
  options: ValidationOptions = {},
): RuleResult {
  const r = new RuleReporter(options);
  checkProviderConfigured(cluster, project, r);
  checkTier(cluster, r);
  checkTopology(cluster, project, r);
  checkCloud(cluster, project, r);
  checkClusterName(cluster, r);
  checkNodes(cluster, r);
  checkNodeGroups(cluster, r);
  checkAutoScaling(cluster, r);
  checkDiskSize(cluster, r);
  checkTags(cluster, r);
  checkMongoDbVersion(cluster, r);
  checkBackup(cluster, r);
  checkPrivateNetworkingCluster(cluster, project, r);
  checkPrivateEndpointCoverage(cluster, project, r);
  return r.result();
}

/** The rules on a project encryption known only by its attributes: its private networking (SYN-GCP-3, SYN-PN-1, SYN-PN-4). */
export function validateImportedProjectEncryption(
  facts: ImportedProjectEncryptionFacts,
  options: ValidationOptions = {},
): RuleResult {
  const r = new RuleReporter(options);
  checkImportedPrivateNetworking(facts, r);
  return r.result();
}

/**
 * Every cluster rule on a cluster defined with MongoDB's own constructs (`CfnCluster`, `AdvancedCluster`), one
 * replication spec at a time, with props named as the user wrote them on that construct. A finding shared by every
 * replication spec (name, version, provider) is reported once.
 */
export function validateOwnCluster(
  own: OwnCluster,
  encryptionProvider: string,
  project: ProjectEncryptionSpec | undefined,
  options: ValidationOptions = {},
): RuleResult {
  const parts = ownClusterParts(own, encryptionProvider).map((part) =>
    renameProps(
      validateCluster(part.spec, project, options),
      (prop) => ownClusterProp(prop, part.index, own.vocabulary),
      own.vocabulary.words,
    ),
  );
  const once = <T extends { message: string }>(xs: readonly T[]) =>
    xs.filter((x, i) => xs.findIndex((y) => y.message === x.message) === i);
  const merged = mergeResults(...parts);
  return { violations: once(merged.violations), deferred: once(merged.deferred) };
}

/** SYN-PROJ-2 across an app: one construct of a kind (by default the project encryption) per Atlas project id. */
export function validateProjectIds(
  projectIds: readonly string[],
  options: ValidationOptions = {},
  what: PerProjectConstruct = 'project encryption',
): RuleResult {
  const r = new RuleReporter(options);
  checkOnePerProject(projectIds, what, r);
  return r.result();
}

/** SYN-SEC-1 on one secret-bearing prop: passes only for a reference (an unresolved token). */
export function validateSecretReference(
  subject: string,
  prop: string,
  value: unknown,
  options: ValidationOptions = {},
): RuleResult {
  const r = new RuleReporter(options);
  checkSecretReference(subject, prop, value, r);
  return r.result();
}

/** SYN-AWS-5 on the alias of a KMS key the library creates. */
export function validateKeyAlias(alias: unknown, options: ValidationOptions = {}): RuleResult {
  const r = new RuleReporter(options);
  checkKeyAlias(alias, r);
  return r.result();
}

/** SYN-WAIT-1 on how long a deploy waits for Atlas (`seconds`), against the engine's limit. */
export function validateWaitTimeout(
  subject: string,
  seconds: unknown,
  maxSeconds: number,
  options: ValidationOptions = {},
  prop = 'timeout',
): RuleResult {
  const r = new RuleReporter(options);
  checkWaitTimeout(subject, seconds, maxSeconds, r, prop);
  return r.result();
}

/** Merges several results into one. */
export function mergeResults(...results: RuleResult[]): RuleResult {
  return { violations: results.flatMap((x) => x.violations), deferred: results.flatMap((x) => x.deferred) };
}

/** The error violations of a result. */
export function errorsOf(result: RuleResult): RuleResult['violations'] {
  return result.violations.filter((v) => v.severity === Severity.ERROR);
}

/** The warning violations of a result. */
export function warningsOf(result: RuleResult): RuleResult['violations'] {
  return result.violations.filter((v) => v.severity === Severity.WARNING);
}

/** Throws {@link EarValidationError} when the result holds any error. */
export function assertNoErrors(result: RuleResult): void {
  const errors = errorsOf(result);
  if (errors.length > 0) throw new EarValidationError(errors);
}
