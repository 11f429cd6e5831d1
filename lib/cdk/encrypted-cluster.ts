import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CloudProvider,
  ClusterRegionSpec,
  ClusterSpec,
  ClusterTopology,
  EncryptionProvider,
  errorsOf,
  RuleReporter,
  RuleResult,
  validateCluster,
  validateWaitTimeout,
} from '../core';
import { AtlasResourceType, ClusterRegionWireSpec, EncryptedClusterSpec } from './custom-resources/properties';
import { atlasCustomResource, toDeletePolicy } from './private/custom-resource';
import { applyRuleResult, CDK_VALIDATION } from './private/validation';
import { AtlasEncryptionAtRestProvider } from './provider';
import { AtlasProjectEncryption } from './project-encryption';

/** One region of a new cluster (Atlas `regionConfigs[*]`, with Atlas region names). */
export interface ClusterRegion {
  /** Cloud the nodes in this region run on (AWS or Azure; GCP with the project's `allowGcpClusters`). */
  readonly cloud: CloudProvider;
  /** Atlas region name for that cloud, e.g. `US_EAST_1` (AWS) or `US_EAST_2` (Azure). */
  readonly regionName: string;
  /** Instance size of the electable nodes: dedicated, M10 or larger (e.g. `M10`, `R40`, `M40_NVME`). */
  readonly instanceSize: string;
  /**
   * Electable nodes in this region.
   * @default 3
   */
  readonly nodeCount?: number;
}

/** Backup settings of a new cluster. */
export interface ClusterBackup {
  /**
   * Cloud Backup snapshots (`backupEnabled`); encrypted with the project's key in effect at snapshot time.
   * @default true
   */
  readonly cloudSnapshots?: boolean;
  /**
   * Continuous Cloud Backup, point-in-time restore (`pitEnabled`). Needs `cloudSnapshots`.
   * @default false
   */
  readonly pointInTime?: boolean;
  /**
   * Legacy continuous backup, retired by Atlas and never allowed with encryption at rest: `true` throws SYN-BKP-1.
   * Use `pointInTime` (Continuous Cloud Backup) instead. It is never sent to Atlas.
   * @default false
   */
  readonly legacyContinuousBackup?: boolean;
}

/** Shape of a cluster the library creates. */
export interface NewClusterOptions {
  /** Regions, at least one; the first has the highest priority. */
  readonly regions: ClusterRegion[];
  /**
   * Topology.
   * @default ClusterTopology.REPLICA_SET
   */
  readonly topology?: ClusterTopology;
  /**
   * MongoDB major version, e.g. `8.0`.
   * @default - Atlas's default version
   */
  readonly mongoDbMajorVersion?: string;
  /**
   * Backup settings.
   * @default - cloud snapshots on, point-in-time off
   */
  readonly backup?: ClusterBackup;
}

/** Whether the library creates the cluster or takes over an existing one: use one of the factories. */
export class ClusterMode {
  /**
   * The library creates the cluster with this shape and the chosen key provider.
   * @param options regions, topology, version, backup
   */
  public static create(options: NewClusterOptions): ClusterMode {
    return new ClusterMode('CREATE', options);
  }

  /**
   * An existing cluster, found by name: only its encryption provider is set (its shape is checked at deploy time).
   */
  public static adoptExisting(): ClusterMode {
    return new ClusterMode('ADOPT', undefined);
  }

  private constructor(
    /** `CREATE` or `ADOPT`. */
    public readonly kind: 'CREATE' | 'ADOPT',
    /** Shape of a created cluster. */
    public readonly options: NewClusterOptions | undefined,
  ) {}
}

/** Properties shared by created and adopted clusters. */
export interface EncryptedClusterBaseProps {
  /** The project encryption; the cluster depends on it and lives in its Atlas project. */
  readonly projectEncryption: AtlasProjectEncryption;
  /** Cluster name in Atlas. */
  readonly clusterName: string;
  /** Key provider the cluster uses; the project encryption must configure it (SYN-PROJ-1). `NONE` opts out. */
  readonly encryptionProvider: EncryptionProvider;
  /**
   * What a stack deletion does. RETAIN leaves the cluster and its encryption as they are; DESTROY terminates a
   * cluster the library created. An adopted cluster is never terminated.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long the handler waits for the cluster to become IDLE after a change; at most the provider's total timeout
   * less one poll interval (54 minutes 30 seconds). A change Atlas accepted but did not finish in time completes as
   * `Converged: false` rather than failing.
   * @default Duration.minutes(45)
   */
  readonly timeout?: Duration;
}

/** Properties of an {@link EncryptedCluster}. */
export interface EncryptedClusterProps extends EncryptedClusterBaseProps {
  /** Create the cluster, or adopt an existing one by name. */
  readonly mode: ClusterMode;
}

/**
 * A MongoDB Atlas cluster that uses one of the project's key providers (`Custom::AtlasEncryptedCluster`): created
 * by the library ({@link ClusterMode.create}) or an existing cluster adopted by name
 * ({@link EncryptedCluster.fromExistingCluster}). It depends on the project encryption, so CloudFormation creates
 * it after the key is configured and removes it before. One custom resource per cluster.
 */
export class EncryptedCluster extends Construct {
  /**
   * Adopts an existing Atlas cluster by name and sets its encryption provider. Nothing else about it changes,
   * and the library never terminates it.
   * @param scope parent
   * @param id construct id
   * @param props project encryption, cluster name, provider
   */
  public static fromExistingCluster(scope: Construct, id: string, props: EncryptedClusterBaseProps): EncryptedCluster {
    return new EncryptedCluster(scope, id, { ...props, mode: ClusterMode.adoptExisting() });
  }

  /** Cluster name in Atlas. */
  public readonly clusterName: string;
  /** Key provider the cluster uses. */
  public readonly encryptionProvider: EncryptionProvider;
  /** The cluster as the rules see it (regions are empty for an adopted cluster). */
  public readonly model: ClusterSpec;
  /** The project encryption the cluster uses. */
  public readonly projectEncryption: AtlasProjectEncryption;

  constructor(scope: Construct, id: string, props: EncryptedClusterProps) {
    super(scope, id);
    const project = props.projectEncryption;
    this.projectEncryption = project;
    const create = props.mode.kind === 'CREATE' ? props.mode.options : undefined;
    this.clusterName = props.clusterName;
    this.encryptionProvider = props.encryptionProvider;
    const deletePolicy = toDeletePolicy(this, 'removalPolicy', props.removalPolicy);
    const subject = `cluster ${JSON.stringify(props.clusterName)}`;
    if (!create && deletePolicy === 'DESTROY') {
      const r = new RuleReporter(CDK_VALIDATION);
      r.report(
        'SYN-KEEP-1',
        subject,
        'removalPolicy',
        'DESTROY',
        'an adopted cluster was not created by this library and is never terminated by it',
        'RemovalPolicy.RETAIN (the default)',
      );
      applyRuleResult(this, r.result());
    }
    const total = AtlasEncryptionAtRestProvider.TOTAL_TIMEOUT;
    // The last poll must still fit the provider's total timeout.
    const maxWait = total.toSeconds() - AtlasEncryptionAtRestProvider.QUERY_INTERVAL.toSeconds();
    applyRuleResult(this, validateWaitTimeout(subject, props.timeout?.toSeconds(), maxWait, CDK_VALIDATION));

    const regions: ClusterRegionSpec[] = (create?.regions ?? []).map((r) => ({
      cloud: r.cloud,
      regionName: r.regionName,
      instanceSize: r.instanceSize,
      nodeCount: r.nodeCount,
    }));
    this.model = {
      name: props.clusterName,
      topology: create?.topology,
      regions,
      encryptionProvider: props.encryptionProvider,
      backup: create && {
        cloudBackup: create.backup?.cloudSnapshots ?? true,
        pointInTime: create.backup?.pointInTime ?? false,
        legacyContinuousBackup: create.backup?.legacyContinuousBackup ?? false,
      },
      mongoDbMajorVersion: create?.mongoDbMajorVersion,
    };

    // Eager: every cluster rule except SYN-PROJ-1, which runs as a construct validation below.
    const result = this.rules();
    applyRuleResult(this, {
      violations: result.violations.filter((v) => v.ruleId !== 'SYN-PROJ-1'),
      deferred: result.deferred,
    });
    this.node.addValidation({
      validate: () =>
        errorsOf(this.rules())
          .filter((v) => v.ruleId === 'SYN-PROJ-1')
          .map((v) => v.message),
    });

    AtlasEncryptionAtRestProvider.of(this).grantReadSecret(project.credentials.secret);
    const model = project.model;
    const spec: EncryptedClusterSpec = {
      projectId: project.projectId,
      credentialsSecretArn: project.credentials.secret.secretArn,
      baseUrl: project.credentials.baseUrl,
      deletePolicy,
      name: props.clusterName,
      mode: create ? 'CREATE' : 'ADOPT',
      encryptionProvider: props.encryptionProvider,
      // Fields equal to the core model's defaults are omitted to keep the Spec compact (O(1), about 0.5 kB per
      // cluster): topology REPLICASET, nodeCount 3, cloudBackup true, pointInTime false.
      topology: create?.topology === ClusterTopology.REPLICA_SET ? undefined : create?.topology,
      regions: create?.regions.map((r): ClusterRegionWireSpec => ({
        cloud: r.cloud,
        regionName: r.regionName,
        instanceSize: r.instanceSize,
        nodeCount: r.nodeCount === 3 ? undefined : r.nodeCount,
      })),
      mongoDbMajorVersion: create?.mongoDbMajorVersion,
      cloudBackup: create?.backup?.cloudSnapshots === false ? false : undefined,
      pointInTime: create?.backup?.pointInTime === true ? true : undefined,
      allowShardedClusters: model.allowShardedClusters || undefined,
      allowGcpClusters: model.allowGcpClusters || undefined,
      timeoutSeconds: props.timeout?.toSeconds(),
    };
    atlasCustomResource(this, 'Resource', AtlasResourceType.ENCRYPTED_CLUSTER, spec);
    // SYN-PROJ-1 / DEP-ORD-1/2: created after the project encryption, removed before it.
    this.node.addDependency(project);
  }

  /** The cluster rules against the project; an adopted cluster's shape is checked by the handler at deploy time. */
  private rules(): RuleResult {
    const result = validateCluster(this.model, this.projectEncryption.model, CDK_VALIDATION);
    if (this.model.regions.length > 0) return result;
    return { violations: result.violations.filter((v) => v.ruleId === 'SYN-PROJ-1'), deferred: [] };
  }
}
