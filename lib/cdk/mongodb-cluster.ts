/**
 * Clusters defined with MongoDB's own CloudFormation construct (`CfnCluster` of awscdk-resources-mongodbatlas,
 * registry type `MongoDB::Atlas::Cluster`) put under a project encryption: the same cluster rules at synth, the
 * provider set on the resource, and the order after the project encryption. The package is read structurally and
 * never loaded, so apps that do not use it need not install it.
 */
import { IConstruct } from 'constructs';
import { EncryptionProvider, errorsOf, mergeResults, RuleReporter, RuleResult, validateOwnCluster } from '../core';
import { CfnClusterPropsShape, ownClusterFromCfnProps } from '../core/atlas/own-constructs';
import { claimCluster, otherClaims } from '../core/model/cluster-claims';
import { checkOneConstructPerCluster, checkOwnClusterKind, checkOwnClusterProject } from '../core/rules/project-wiring';
import { applyRuleResult, CDK_VALIDATION } from './private/validation';
import type { IAtlasProjectEncryption } from './project-encryption';

/** CloudFormation registry type of MongoDB's cluster resource. */
const CFN_CLUSTER_TYPE = 'MongoDB::Atlas::Cluster';
/**
 * The resource's provider property, as the CloudFormation schema spells it (awscdk-resources-mongodbatlas 4.0.0
 * `toJson_CfnClusterProps` writes `EncryptionAtRestProvider`; mongodb/mongodbatlas-cloudformation-resources
 * cluster/README.md lists the parameter `EncryptionAtRestProvider`).
 */
const PROVIDER_PROPERTY = 'EncryptionAtRestProvider';
const CLAIM = Symbol.for('atlas-encryption-at-rest.EncryptedCfnCluster');

/**
 * What the library reads and sets of a `CfnCluster` from awscdk-resources-mongodbatlas. Structural: any version
 * whose props keep these names fits, and the package is never loaded by this library.
 */
export interface IMongoDbCfnCluster extends IConstruct {
  /** CloudFormation type; `MongoDB::Atlas::Cluster` for a `CfnCluster`. */
  readonly cfnResourceType: string;
  /** The props the cluster was created with (`CfnClusterProps`). */
  readonly props: CfnClusterPropsShape;
  /** Sets a CloudFormation property (used for `EncryptionAtRestProvider`). */
  addPropertyOverride(propertyPath: string, value: unknown): void;
}

/** Options of `encryptCfnCluster`. */
export interface EncryptCfnClusterOptions {
  /**
   * Key provider the cluster uses; the project encryption must configure it (SYN-PROJ-1). `NONE` opts out. If the
   * `CfnCluster` sets `encryptionAtRestProvider` itself, it must say the same.
   */
  readonly encryptionProvider: EncryptionProvider;
}

/** What a claimed cluster records, so that a second claim on the same Atlas cluster is found (SYN-PROJ-5). */
interface Claim {
  readonly projectId: string;
  readonly clusterName: string;
  /** Path of the project encryption that claimed it. */
  readonly by: string;
}

/**
 * Puts a `CfnCluster` under the project encryption: checks it, sets `EncryptionAtRestProvider`, and orders it after
 * the project encryption (created after, removed before). Called through
 * `AtlasProjectEncryption.encryptCfnCluster`.
 * @internal
 */
export function encryptCfnCluster(
  project: IAtlasProjectEncryption,
  cluster: IMongoDbCfnCluster,
  options: EncryptCfnClusterOptions,
): void {
  const kind = new RuleReporter(CDK_VALIDATION);
  const isCluster = checkOwnClusterKind(
    'encryptCfnCluster',
    'cluster',
    (cluster as Partial<IMongoDbCfnCluster> | undefined)?.cfnResourceType,
    CFN_CLUSTER_TYPE,
    'a CfnCluster of awscdk-resources-mongodbatlas',
    kind,
  );
  if (isCluster && (typeof cluster.props !== 'object' || cluster.props === null)) {
    kind.report(
      'SYN-INPUT-1',
      'encryptCfnCluster',
      'cluster.props',
      cluster.props ?? null,
      'the cluster has no props to check',
      'a CfnCluster created with its CfnClusterProps',
    );
  }
  // Throws on either finding: nothing below can read a cluster that is not one.
  applyRuleResult(project, kind.result());
  const props = cluster.props;
  const provider = options?.encryptionProvider;
  const subject = `cluster ${JSON.stringify(props.name)}`;
  const own = ownClusterFromCfnProps(props);

  const wiring = new RuleReporter(CDK_VALIDATION);
  const previous = (cluster as { [CLAIM]?: Claim })[CLAIM];
  if (previous) {
    checkOneConstructPerCluster(String(props.name), previous.projectId, [`${previous.by}.encryptCfnCluster`], wiring);
  }
  checkOwnClusterProject(subject, 'projectId', props.projectId, [project.projectId, project.spec.projectId], wiring);
  const written = props.encryptionAtRestProvider;
  if (written !== undefined && written !== provider && !CDK_VALIDATION.isUnresolved!(written)) {
    wiring.report(
      'SYN-INPUT-1',
      subject,
      'encryptionAtRestProvider',
      written,
      `the CfnCluster sets its own provider, and encryptCfnCluster sets ${String(provider)}`,
      `no encryptionAtRestProvider on the CfnCluster, or ${String(provider)}`,
    );
  }

  // Eager: every rule but SYN-PROJ-1 and SYN-PROJ-5, which run as validations (more constructs may come later).
  const rules = (): RuleResult => validateOwnCluster(own, String(provider), project.spec, CDK_VALIDATION);
  const result = rules();
  applyRuleResult(
    cluster,
    mergeResults(wiring.result(), {
      violations: result.violations.filter((v) => v.ruleId !== 'SYN-PROJ-1'),
      deferred: result.deferred,
    }),
  );
  const claim: Claim = { projectId: project.projectId, clusterName: props.name as string, by: project.node.path };
  Object.defineProperty(cluster, CLAIM, { value: claim, configurable: true });
  claimCluster(cluster.node.root, cluster, cluster.node.path, claim.projectId, claim.clusterName);
  cluster.node.addValidation({
    validate: () => [
      ...errorsOf(rules())
        .filter((v) => v.ruleId === 'SYN-PROJ-1')
        .map((v) => v.message),
      ...duplicates(cluster, claim),
    ],
  });

  cluster.addPropertyOverride(PROVIDER_PROPERTY, provider);
  // SYN-PROJ-1 / DEP-ORD-1/2: created after the project encryption, removed before it.
  cluster.node.addDependency(project);
}

/** SYN-PROJ-5: no other construct in the app claims the same Atlas cluster (project and name). */
function duplicates(cluster: IMongoDbCfnCluster, claim: Claim): string[] {
  const others = otherClaims(cluster.node.root, cluster, claim.projectId, claim.clusterName);
  const r = new RuleReporter(CDK_VALIDATION);
  checkOneConstructPerCluster(claim.clusterName, claim.projectId, others, r);
  return errorsOf(r.result()).map((v) => v.message);
}
