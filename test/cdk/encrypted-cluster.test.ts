import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AtlasProjectEncryption,
  CloudProvider,
  ClusterType,
  EncryptedCluster,
  EncryptedClusterProps,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdk';
import { API_KEY_ARN, awsAndAzure, newStack, only, PROJECT_ID } from './util';
import { specOf } from 'atlas-encryption-at-rest/cdk/testing';

const AWS_M10: Pick<EncryptedClusterProps, 'regions'> = {
  regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
};

function cluster(overrides: Partial<EncryptedClusterProps> = {}, projectProps: Parameters<typeof awsAndAzure>[1] = {}) {
  const stack = newStack();
  const { encryption } = awsAndAzure(stack, projectProps);
  const make = () =>
    new EncryptedCluster(stack, 'Orders', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AWS,
      ...AWS_M10,
      ...overrides,
    });
  return { stack, encryption, make };
}

describe('EncryptedCluster (create)', () => {
  const { stack, make } = cluster({
    regions: [
      { cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M30', nodeCount: 3 },
      { cloud: CloudProvider.AZURE, regionName: 'US_EAST_2', instanceSize: 'M30', nodeCount: 2 },
    ],
    mongoDbMajorVersion: '8.0',
    backupEnabled: true,
    pitEnabled: true,
    timeout: Duration.minutes(40),
  });
  make();
  const t = Template.fromStack(stack);
  const resource = only(t, 'Custom::AtlasEncryptedCluster');
  const project = only(t, 'Custom::AtlasProjectEncryption');

  test('one custom resource with ServiceToken, the project reference and a compact Spec', () => {
    expect(Object.keys(resource.resource.Properties).sort()).toEqual(['Project', 'ServiceToken', 'Spec']);
    // The project fields come from the project encryption's attribute, not repeated in every cluster.
    expect(resource.resource.Properties.Project).toEqual({ 'Fn::GetAtt': [project.id, 'Project'] });
    // RETAIN is the handler's default, so the Spec leaves it out; CloudFormation retains the resource too.
    expect(specOf(resource.resource).deletePolicy).toBeUndefined();
    expect(resource.resource.DeletionPolicy).toBe('Retain');
    expect(specOf(resource.resource)).toEqual({
      name: 'orders',
      encryptionProvider: 'AWS',
      regions: [
        { cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'M30' },
        { cloud: 'AZURE', regionName: 'US_EAST_2', instanceSize: 'M30', nodeCount: 2 },
      ],
      mongoDbMajorVersion: '8.0',
      pointInTime: true,
      timeoutSeconds: 2400,
    });
    expect(JSON.stringify(resource.resource)).not.toMatch(/providerBackupEnabled|continuous/i);
  });

  test('depends on the project encryption (created after it, deleted before it); retained by default', () => {
    // The attribute reference orders it; a DependsOn would say the same again.
    expect(resource.resource.DependsOn).toBeUndefined();
    expect(JSON.stringify(resource.resource.Properties.Project)).toContain(project.id);
    expect(resource.resource.DeletionPolicy).toBe('Retain');
  });

  test('in another stack than its project encryption: the project fields in the Spec and a stack dependency', () => {
    const { stack: projectStack, encryption } = cluster();
    const env = { account: projectStack.account, region: projectStack.region };
    const other = new Stack(projectStack.node.scope as App, 'Clusters', { env });
    new EncryptedCluster(other, 'Orders', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AWS,
      ...AWS_M10,
    });
    const r = only(Template.fromStack(other), 'Custom::AtlasEncryptedCluster');
    expect(Object.keys(r.resource.Properties).sort()).toEqual(['ServiceToken', 'Spec']);
    expect(specOf(r.resource)).toMatchObject({ projectId: PROJECT_ID, credentialsSecretArn: API_KEY_ARN });
    // No export of the project stack's attribute: the order is a stack dependency.
    expect(other.dependencies).toContain(projectStack);
  });

  test('a multi-cloud cluster warns (SYN-CLOUD-3) as an atlas-ear annotation', () => {
    Annotations.fromStack(stack).hasWarning('/Test/Orders', Match.stringLikeRegexp('^\\[SYN-CLOUD-3\\]'));
  });
});

describe('EncryptedCluster rules', () => {
  test('SYN-TIER-1: shared and Flex tiers are refused', () => {
    for (const size of ['M0', 'M5', 'FLEX']) {
      const { make } = cluster({
        regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: size }],
      });
      expect(make).toThrow(/\[SYN-TIER-1\]/);
    }
  });

  test('SYN-TOPO-1: sharded only with the project opt-in, which the cluster Spec shows', () => {
    const sharded = { clusterType: ClusterType.SHARDED };
    expect(cluster(sharded).make).toThrow(/\[SYN-TOPO-1\].*clusterType.*allowShardedClusters/);
    const ok = cluster(sharded, { allowShardedClusters: true });
    ok.make();
    const spec = specOf(only(Template.fromStack(ok.stack), 'Custom::AtlasEncryptedCluster').resource);
    expect(spec).toMatchObject({ topology: 'SHARDED', allowShardedClusters: true });
  });

  test('SYN-CLOUD-1: GCP clusters only with the project opt-in; unknown region names refused', () => {
    const gcp = { regions: [{ cloud: CloudProvider.GCP, regionName: 'CENTRAL_US', instanceSize: 'M10' }] };
    expect(cluster(gcp).make).toThrow(/\[SYN-CLOUD-1\].*allowGcpClusters/);
    expect(cluster(gcp, { allowGcpClusters: true }).make).not.toThrow();
    const badRegion = { regions: [{ cloud: CloudProvider.AWS, regionName: 'us-east-1', instanceSize: 'M10' }] };
    expect(cluster(badRegion).make).toThrow(/\[SYN-CLOUD-1\]/);
  });

  test('SYN-BKP-1: legacy continuous backup cannot be asked for; SYN-BKP-2: point-in-time without snapshots warns', () => {
    // @ts-expect-error legacy continuous backup is not a prop: it cannot be expressed
    const legacy: Partial<EncryptedClusterProps> = { legacyContinuousBackup: true };
    expect(legacy).toBeDefined();
    const pit = cluster({ backupEnabled: false, pitEnabled: true });
    pit.make();
    Annotations.fromStack(pit.stack).hasWarning('/Test/Orders', Match.stringLikeRegexp('^\\[SYN-BKP-2\\]'));
  });

  test('SYN-PROJ-1: a provider the project does not configure fails synth', () => {
    const { stack, make } = cluster({ encryptionProvider: EncryptionProvider.GCP });
    make();
    expect(() => Template.fromStack(stack)).toThrow(/\[SYN-PROJ-1\].*provider GCP is not configured/);
  });

  test('NONE opts out: no tier rule', () => {
    const shared = { regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M0' }] };
    expect(cluster({ ...shared, encryptionProvider: EncryptionProvider.NONE }).make).not.toThrow();
  });

  test('an empty region list is not an adopted cluster: the shape rules still run', () => {
    expect(cluster({ regions: [] }).make).toThrow(/\[SYN-CLOUD-1\].*regions/);
  });

  test('removalPolicy DESTROY terminates a created cluster; timeout within the provider total timeout', () => {
    const { stack, make } = cluster({ removalPolicy: RemovalPolicy.DESTROY });
    make();
    const r = only(Template.fromStack(stack), 'Custom::AtlasEncryptedCluster').resource;
    expect(specOf(r).deletePolicy).toBe('DESTROY');
    expect(r.DeletionPolicy).toBe('Delete');
    // Turning the retention default off is allowed, and said (SYN-KEEP-2).
    Annotations.fromStack(stack).hasWarning('/Test/Orders', Match.stringLikeRegexp('^\\[SYN-KEEP-2\\].*terminates'));
    expect(cluster({ removalPolicy: RemovalPolicy.SNAPSHOT }).make).toThrow(/\[SYN-INPUT-1\].*removalPolicy/);
    expect(cluster({ timeout: Duration.millis(1500) }).make).toThrow(/\[SYN-INPUT-1\].*timeout/);
    expect(cluster({ timeout: Duration.hours(2) }).make).toThrow(/\[SYN-WAIT-1\].*1 to 3270 seconds/);
  });
});

describe('EncryptedCluster day-2 settings', () => {
  test('disk size, disk auto-scaling, termination protection, tags and node counts reach the Spec as written', () => {
    const { stack, make } = cluster({
      regions: [
        {
          cloud: CloudProvider.AWS,
          regionName: 'US_EAST_1',
          instanceSize: 'M20',
          readOnlyNodeCount: 2,
          analyticsNodeCount: 1,
          autoScalingMinInstanceSize: 'M10',
          autoScalingMaxInstanceSize: 'M40',
        },
      ],
      diskSizeGb: 40,
      diskAutoScaling: true,
      terminationProtectionEnabled: true,
      tags: { team: 'payments' },
    });
    make();
    const spec = specOf(only(Template.fromStack(stack), 'Custom::AtlasEncryptedCluster').resource);
    expect(spec).toMatchObject({
      diskSizeGb: 40,
      diskAutoScaling: true,
      terminationProtectionEnabled: true,
      tags: { team: 'payments' },
      regions: [
        {
          readOnlyNodeCount: 2,
          analyticsNodeCount: 1,
          autoScalingMinInstanceSize: 'M10',
          autoScalingMaxInstanceSize: 'M40',
        },
      ],
    });
  });

  test('settings left out are left out of the Spec (the handler leaves them as Atlas has them)', () => {
    const { stack, make } = cluster();
    make();
    const spec = specOf(only(Template.fromStack(stack), 'Custom::AtlasEncryptedCluster').resource);
    for (const k of ['diskSizeGb', 'diskAutoScaling', 'terminationProtectionEnabled', 'tags']) {
      expect(spec).not.toHaveProperty(k);
    }
  });

  test('SYN-KEEP-3: termination protection with removalPolicy DESTROY is refused; with RETAIN it passes', () => {
    expect(cluster({ terminationProtectionEnabled: true, removalPolicy: RemovalPolicy.DESTROY }).make).toThrow(
      /\[SYN-KEEP-3\].*terminationProtectionEnabled.*removalPolicy/,
    );
    expect(cluster({ terminationProtectionEnabled: true }).make).not.toThrow();
  });

  test('SYN-SHAPE-5/7/8 with the prop as written in the cdk engine', () => {
    const region = AWS_M10.regions[0];
    expect(cluster({ regions: [{ ...region, autoScalingMaxInstanceSize: 'M30' }] }).make).toThrow(
      /\[SYN-SHAPE-5\].*regions\[0\]\.autoScalingMaxInstanceSize/,
    );
    expect(cluster({ diskSizeGb: 4 }).make).toThrow(/\[SYN-SHAPE-7\].*diskSizeGb/);
    expect(cluster({ tags: { 'atlas-encryption-at-rest-owner': 'x' } }).make).toThrow(/\[SYN-SHAPE-8\].*reserved/);
  });
});

describe('EncryptedCluster.adoptExistingCluster', () => {
  test('adopts by name: mode ADOPT, provider only; never terminated', () => {
    const stack = newStack();
    const { encryption } = awsAndAzure(stack);
    EncryptedCluster.adoptExistingCluster(stack, 'Legacy', {
      projectEncryption: encryption,
      clusterName: 'legacy',
      encryptionProvider: EncryptionProvider.AZURE,
    });
    expect(() =>
      EncryptedCluster.adoptExistingCluster(stack, 'Doomed', {
        projectEncryption: encryption,
        clusterName: 'doomed',
        encryptionProvider: EncryptionProvider.AZURE,
        // @ts-expect-error an adopted cluster has no removal policy: it is never terminated
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    ).toThrow(/\[SYN-KEEP-1\].*never terminated/);
    const t = Template.fromStack(stack);
    const r = only(t, 'Custom::AtlasEncryptedCluster');
    expect(specOf(r.resource)).toEqual({ name: 'legacy', mode: 'ADOPT', encryptionProvider: 'AZURE' });
    expect(r.resource.Properties.Project).toEqual({
      'Fn::GetAtt': [only(t, 'Custom::AtlasProjectEncryption').id, 'Project'],
    });
  });

  test('SYN-PROJ-1 applies to adopted clusters too', () => {
    const stack = newStack();
    const { encryption } = awsAndAzure(stack);
    EncryptedCluster.adoptExistingCluster(stack, 'Legacy', {
      projectEncryption: encryption as AtlasProjectEncryption,
      clusterName: 'legacy',
      encryptionProvider: EncryptionProvider.GCP,
    });
    expect(() => Template.fromStack(stack)).toThrow(/\[SYN-PROJ-1\]/);
  });
});

describe('template size', () => {
  // Measured: about 630 bytes for one region, MongoDB version and a 75-character secret ARN: about 570 for the
  // resource itself plus 56 for DeletionPolicy + UpdateReplacePolicy Retain, kept for data safety.
  test('each additional cluster adds one resource of about 600 bytes (O(1))', () => {
    const sizes: number[] = [];
    for (const count of [1, 2, 6]) {
      const stack = newStack();
      const { encryption } = awsAndAzure(stack);
      for (let i = 0; i < count; i++) {
        new EncryptedCluster(stack, `Cluster${i}`, {
          projectEncryption: encryption,
          clusterName: `cluster-${i}`,
          encryptionProvider: EncryptionProvider.AWS,
          ...AWS_M10,
          mongoDbMajorVersion: '8.0',
        });
      }
      const json = Template.fromStack(stack).toJSON();
      expect(Object.keys(json.Resources)).toHaveLength(21 + count);
      sizes.push(JSON.stringify(json).length);
    }
    const perCluster = (sizes[2] - sizes[0]) / 5;
    expect(perCluster).toBeLessThanOrEqual(640);
    expect(sizes[1] - sizes[0]).toBeCloseTo(perCluster, -1);
  });
});

describe('AtlasProjectEncryption.fromProjectEncryptionAttributes', () => {
  test('a stack adds clusters to a project encryption defined elsewhere; SYN-PROJ-1 still applies', () => {
    const stack = newStack();
    const { encryption } = awsAndAzure(stack);
    const imported = AtlasProjectEncryption.fromProjectEncryptionAttributes(stack, 'Imported', {
      projectId: PROJECT_ID,
      credentials: encryption.credentials,
      providers: [EncryptionProvider.AZURE],
    });
    new EncryptedCluster(stack, 'Catalog', {
      projectEncryption: imported,
      clusterName: 'catalog',
      encryptionProvider: EncryptionProvider.AZURE,
      ...AWS_M10,
    });
    const spec = specOf(only(Template.fromStack(stack), 'Custom::AtlasEncryptedCluster').resource);
    expect(spec).toMatchObject({ projectId: PROJECT_ID, name: 'catalog', encryptionProvider: 'AZURE' });

    const other = newStack();
    const { encryption: e2 } = awsAndAzure(other);
    const azureOnly = AtlasProjectEncryption.fromProjectEncryptionAttributes(other, 'Imported', {
      projectId: PROJECT_ID,
      credentials: e2.credentials,
      providers: [EncryptionProvider.AZURE],
    });
    new EncryptedCluster(other, 'Orders', {
      projectEncryption: azureOnly,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AWS,
      ...AWS_M10,
    });
    expect(() => Template.fromStack(other)).toThrow(/\[SYN-PROJ-1\].*provider AWS is not configured/);
  });
});

describe('SYN-PROJ-5', () => {
  test('two constructs claiming one Atlas cluster fail synth', () => {
    const { stack, make } = cluster();
    make();
    new EncryptedCluster(stack, 'OrdersAgain', {
      projectEncryption: stack.node.findChild('Encryption') as unknown as AtlasProjectEncryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AWS,
      ...AWS_M10,
    });
    expect(() => Template.fromStack(stack)).toThrow(/\[SYN-PROJ-5\] cluster "orders" clusterName/);
  });
});
