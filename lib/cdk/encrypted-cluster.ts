import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import {
  ClusterRegion,
  ClusterShapeProps,
  ClusterSpec,
  clusterSpecFromProps,
  ClusterType,
  EncryptionProvider,
  errorsOf,
  RuleResult,
  validateCluster,
  validateWaitTimeout,
} from '../core';
import { checkWholeUnits } from '../core/rules/engine-settings';
import { checkTerminationProtection } from '../core/rules/cluster-shape';
import { checkOneConstructPerCluster, checkProviderConfigured } from '../core/rules/project-wiring';
import { claimCluster, otherClaims } from '../core/model/cluster-claims';
import { privateNetworkingProviders } from '../core/model/private-networking';
import { RuleReporter } from '../core';
import { AtlasResourceType, ClusterRegionWireSpec, EncryptedClusterSpec } from './custom-resources/properties';
import { atlasCustomResource, toDeletePolicy } from './private/custom-resource';
import { applyRuleResult, CDK_VALIDATION } from './private/validation';
import { AtlasEncryptionAtRestProvider } from './provider';
import { AtlasProjectEncryption, IAtlasProjectEncryption } from './project-encryption';

/** A MongoDB Atlas cluster that uses one of its project's key providers. */
export interface IEncryptedCluster extends IConstruct {
  /** Cluster name in Atlas. */
  readonly clusterName: string;
  /** Key provider the cluster uses. */
  readonly encryptionProvider: EncryptionProvider;
  /** The project encryption the cluster uses. */
  readonly projectEncryption: IAtlasProjectEncryption;
  /**
   * Attribute: `true` when Atlas finished the last change within the wait, `false` when the deploy completed while
   * Atlas was still applying it (Atlas finishes on its own; nothing is rolled back).
   */
  readonly converged: string;
  /**
   * Attribute: the step of a provider switch that is still to be applied (e.g. `encryptionAtRestProvider=AZURE`),
   * or `none`. Deploy again to finish it: the handler works out the next step from the live cluster.
   */
  readonly pendingStep: string;
}

/** Properties of {@link EncryptedCluster.adoptExistingCluster}: an existing cluster, by name. */
export interface AdoptExistingClusterProps {
  /** The project encryption; the cluster depends on it and lives in its Atlas project. */
  readonly projectEncryption: IAtlasProjectEncryption;
  /** Cluster name in Atlas. */
  readonly clusterName: string;
  /** Key provider the cluster uses; the project encryption must configure it (SYN-PROJ-1). `NONE` opts out. */
  readonly encryptionProvider: EncryptionProvider;
  /**
   * How long the handler waits for the cluster to become IDLE after a change; at most the provider's total timeout
   * less one poll interval (54 minutes 30 seconds). A change Atlas accepted but did not finish in time completes as
   * `converged: false` rather than failing.
   * @default Duration.minutes(45)
   */
  readonly timeout?: Duration;
}

/** Properties of an {@link EncryptedCluster} the library creates. */
export interface EncryptedClusterProps extends ClusterShapeProps, AdoptExistingClusterProps {
  /**
   * What a stack deletion does. RETAIN leaves the cluster and its encryption as they are; DESTROY terminates the
   * cluster (its snapshots are kept, encrypted with the key in effect when each was taken).
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

abstract class EncryptedClusterBase extends Construct implements IEncryptedCluster {
  public abstract readonly clusterName: string;
  public abstract readonly encryptionProvider: EncryptionProvider;
  public abstract readonly projectEncryption: IAtlasProjectEncryption;
  protected abstract readonly resource: CustomResource;

  public get converged(): string {
    return this.resource.getAttString('Converged');
  }

  public get pendingStep(): string {
    return this.resource.getAttString('PendingStep');
  }
}

/** Where the Spec's shape fields come from: a created cluster's props, or nothing for an adopted one. */
type Shape = { readonly kind: 'CREATE'; readonly props: EncryptedClusterProps } | { readonly kind: 'ADOPT' };

/**
 * A MongoDB Atlas cluster that uses one of the project's key providers (`Custom::AtlasEncryptedCluster`), created
 * by the library. To put an existing cluster under the project encryption without changing anything else about it,
 * use {@link EncryptedCluster.adoptExistingCluster}. It depends on the project encryption (when both are in one
 * app), so CloudFormation creates it after the key is configured and removes it before. One custom resource per
 * cluster.
 */
export class EncryptedCluster extends EncryptedClusterBase {
  /**
   * Takes over an existing Atlas cluster by name and sets its encryption provider. Nothing else about it changes,
   * and the library never terminates it (a stack deletion leaves it as it is).
   * @param scope parent
   * @param id construct id
   * @param props project encryption, cluster name, provider
   */
  public static adoptExistingCluster(
    scope: Construct,
    id: string,
    props: AdoptExistingClusterProps,
  ): IEncryptedCluster {
    return new EncryptedCluster(scope, id, props as EncryptedClusterProps, { kind: 'ADOPT' });
  }

  /** Cluster name in Atlas. */
  public readonly clusterName: string;
  /** Key provider the cluster uses. */
  public readonly encryptionProvider: EncryptionProvider;
  /** The project encryption the cluster uses. */
  public readonly projectEncryption: IAtlasProjectEncryption;
  /** The cluster as the rules see it (no regions for an adopted cluster: the handler checks it live). */
  public readonly spec: ClusterSpec;
  /** The `Custom::AtlasEncryptedCluster` resource. */
  protected readonly resource: CustomResource;
  private readonly adopted: boolean;

  constructor(scope: Construct, id: string, props: EncryptedClusterProps, shape?: Shape) {
    super(scope, id);
    const how: Shape = shape ?? { kind: 'CREATE', props };
    const create = how.kind === 'CREATE' ? how.props : undefined;
    this.adopted = how.kind === 'ADOPT';
    const project = props.projectEncryption;
    this.projectEncryption = project;
    this.clusterName = props.clusterName;
    this.encryptionProvider = props.encryptionProvider;
    claimCluster(this.node.root, this, this.node.path, project.projectId, props.clusterName);
    const subject = `cluster ${JSON.stringify(props.clusterName)}`;
    const deletePolicy = create
      ? toDeletePolicy(this, subject, 'removalPolicy', create.removalPolicy, 'a stack deletion terminates the cluster')
      : 'RETAIN';
    // The adopt props have no removalPolicy; an untyped caller that passes one is told, not ignored.
    const untyped = (props as Partial<EncryptedClusterProps>).removalPolicy;
    if (!create && untyped !== undefined && untyped !== RemovalPolicy.RETAIN) {
      const r = new RuleReporter(CDK_VALIDATION);
      r.report(
        'SYN-KEEP-1',
        subject,
        'removalPolicy',
        untyped,
        'an adopted cluster was not created by this library and is never terminated by it',
        'no removalPolicy (an adopted cluster is always retained)',
      );
      applyRuleResult(this, r.result());
    }

    const total = AtlasEncryptionAtRestProvider.TOTAL_TIMEOUT;
    // The last poll must still fit the provider's total timeout.
    const maxWait = total.toSeconds() - AtlasEncryptionAtRestProvider.QUERY_INTERVAL.toSeconds();
    const units = new RuleReporter(CDK_VALIDATION);
    const timeoutSeconds =
      props.timeout && checkWholeUnits(subject, 'timeout', () => props.timeout!.toSeconds(), 'seconds', units);
    applyRuleResult(this, units.result());
    applyRuleResult(this, validateWaitTimeout(subject, timeoutSeconds, maxWait, CDK_VALIDATION));

    this.spec = create
      ? clusterSpecFromProps(create)
      : { name: props.clusterName, regions: [], encryptionProvider: props.encryptionProvider };

    // Eager: every cluster rule except SYN-PROJ-1, which runs as a construct validation below (the project's
    // providers may still be added to an imported project encryption).
    // SYN-KEEP-3: protection Atlas enforces and the library never lifts cannot go with a terminating deletion.
    const keep = new RuleReporter(CDK_VALIDATION);
    if (create) checkTerminationProtection(this.spec, deletePolicy === 'DESTROY', 'removalPolicy', keep);
    applyRuleResult(this, keep.result());
    const result = this.rules();
    applyRuleResult(this, {
      violations: result.violations.filter((v) => v.ruleId !== 'SYN-PROJ-1'),
      deferred: result.deferred,
    });
    this.node.addValidation({
      validate: () => [
        // SYN-PROJ-1 alone, against the project's providers as they are at synth.
        ...errorsOf(this.providerRule()).map((v) => v.message),
        ...this.duplicates(),
      ],
    });

    AtlasEncryptionAtRestProvider.of(this).grantReadSecret(project.credentials.secret);
    const model = project.spec;
    // In the project encryption's stack, the project fields come from its `Project` attribute (PROJECT_CONTEXT),
    // which also orders the cluster after it; elsewhere they are repeated.
    const projectContext = AtlasProjectEncryption.isAtlasProjectEncryption(project)
      ? project._projectContextFor(this)
      : undefined;
    const wire: Omit<EncryptedClusterSpec, 'projectId' | 'credentialsSecretArn' | 'mode'> &
      Partial<EncryptedClusterSpec> = {
      ...(projectContext === undefined && {
        projectId: project.projectId,
        credentialsSecretArn: project.credentials.secret.secretArn,
        baseUrl: project.credentials.baseUrl,
      }),
      deletePolicy,
      name: props.clusterName,
      mode: how.kind === 'CREATE' ? undefined : how.kind,
      encryptionProvider: props.encryptionProvider,
      // Fields equal to the handler's defaults are omitted to keep the Spec compact (about 0.5 kB per cluster):
      // clusterType REPLICASET, nodeCount 3, backupEnabled true, pitEnabled false.
      topology: create?.clusterType === ClusterType.REPLICASET ? undefined : create?.clusterType,
      regions: create?.regions.map(regionWire),
      mongoDbMajorVersion: create?.mongoDbMajorVersion,
      cloudBackup: create?.backupEnabled === false ? false : undefined,
      pointInTime: create?.pitEnabled === true ? true : undefined,
      diskSizeGb: create?.diskSizeGb,
      diskAutoScaling: create?.diskAutoScaling,
      terminationProtectionEnabled: create?.terminationProtectionEnabled,
      tags: create?.tags,
      allowShardedClusters: model.allowShardedClusters || undefined,
      allowGcpClusters: model.allowGcpClusters || undefined,
      timeoutSeconds,
    };
    this.resource = atlasCustomResource(this, 'Resource', AtlasResourceType.ENCRYPTED_CLUSTER, wire, {
      projectContext,
    });
    // SYN-PROJ-1 / DEP-ORD-1/2: created after the project encryption, removed before it. The attribute reference
    // says so; a DependsOn would repeat it in every cluster. With private networking, the cluster also waits for
    // every endpoint of the project, not only its regions': created while another region's endpoint fails, it
    // would be retained on the create rollback, and Atlas then refuses to disable the provider for the retry.
    if (projectContext === undefined || privateNetworkingProviders(project.spec).length > 0) {
      this.node.addDependency(project);
    }
    // With private networking, also after the endpoints of its regions, and removed before them.
    if (AtlasProjectEncryption.isAtlasProjectEncryption(project)) {
      for (const endpoint of project.privateEndpointsFor(this.spec)) this.node.addDependency(endpoint);
    }
  }

  /** SYN-PROJ-5: no other cluster construct in the app claims the same Atlas cluster. */
  private duplicates(): string[] {
    const others = otherClaims(this.node.root, this, this.projectEncryption.projectId, this.clusterName);
    const r = new RuleReporter(CDK_VALIDATION);
    checkOneConstructPerCluster(this.clusterName, this.projectEncryption.projectId, others, r);
    return errorsOf(r.result()).map((v) => v.message);
  }

  /** SYN-PROJ-1: the project encryption configures the cluster's provider. */
  private providerRule(): RuleResult {
    const r = new RuleReporter(CDK_VALIDATION);
    checkProviderConfigured(this.spec, this.projectEncryption.spec, r);
    return r.result();
  }

  /** The cluster rules against the project; an adopted cluster's shape is checked by the handler at deploy time. */
  private rules(): RuleResult {
    const result = validateCluster(this.spec, this.projectEncryption.spec, CDK_VALIDATION);
    if (!this.adopted) return result;
    return { violations: result.violations.filter((v) => v.ruleId === 'SYN-PROJ-1'), deferred: [] };
  }
}

function regionWire(r: ClusterRegion): ClusterRegionWireSpec {
  return {
    cloud: r.cloud,
    regionName: r.regionName,
    instanceSize: r.instanceSize,
    nodeCount: r.nodeCount === 3 ? undefined : r.nodeCount,
    readOnlyInstanceSize: r.readOnlyInstanceSize,
    analyticsInstanceSize: r.analyticsInstanceSize,
    autoScalingMinInstanceSize: r.autoScalingMinInstanceSize,
    autoScalingMaxInstanceSize: r.autoScalingMaxInstanceSize,
    readOnlyNodeCount: r.readOnlyNodeCount,
    analyticsNodeCount: r.analyticsNodeCount,
  };
}
