/** Private networking in the aws-cdk-lib engine: endpoints per cluster region, their order, and the rules. */
import { Template } from 'aws-cdk-lib/assertions';
import {
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdk';
import { AtlasResourceType, findSpecs, specOf } from 'atlas-encryption-at-rest/cdk/testing';
import { azureProps, credentials, logicalIds, newStack, PROJECT_ID } from './util';

const PE = AtlasResourceType.PRIVATE_ENDPOINT;

function app(options: { explicit?: string[]; clusters?: Array<[string, string]> } = {}) {
  const stack = newStack();
  const creds = credentials(stack);
  const key = new AwsKmsEncryptionKey(stack, 'AwsKey', {
    projectId: PROJECT_ID,
    credentials: creds,
    requirePrivateNetworking: true,
    privateEndpointRegions: options.explicit,
  });
  const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
    projectId: PROJECT_ID,
    credentials: creds,
    awsKms: key,
  });
  const clusters = (options.clusters ?? [['orders', 'US_EAST_1']]).map(
    ([name, region]) =>
      new EncryptedCluster(stack, name, {
        projectEncryption: encryption,
        clusterName: name,
        encryptionProvider: EncryptionProvider.AWS,
        regions: [{ cloud: CloudProvider.AWS, regionName: region, instanceSize: 'M10' }],
      }),
  );
  return { stack, encryption, clusters };
}

function dependsOn(template: Template, id: string): string[] {
  return (template.toJSON().Resources[id].DependsOn ?? []) as string[];
}

describe('private networking (aws-cdk-lib)', () => {
  test('one endpoint per region of the clusters, plus the explicit regions; each after the project setting', () => {
    const { stack } = app({
      explicit: ['EU_CENTRAL_1'],
      clusters: [
        ['orders', 'US_EAST_1'],
        ['billing', 'EU_WEST_1'],
        ['ledger', 'US_EAST_1'],
      ],
    });
    const t = Template.fromStack(stack);
    const specs = Object.values(findSpecs(t, PE));
    expect(specs.map((s) => `${s.provider}:${s.regionName}`).sort()).toEqual([
      'AWS:EU_CENTRAL_1',
      'AWS:EU_WEST_1',
      'AWS:US_EAST_1',
    ]);
    expect(specs[0]).toMatchObject({ projectId: PROJECT_ID });
    expect(specs[0].deletePolicy).toBeUndefined(); // RETAIN, the project encryption's default
    // Kept on update or delete; removed by the handler in the rollback of its own Create (a retry starts clean).
    expect(specs[0].undoOnCreateRollback).toBe(true);
    const [projectId] = logicalIds(t, AtlasResourceType.PROJECT_ENCRYPTION);
    for (const id of logicalIds(t, PE)) {
      expect(dependsOn(t, id)).toContain(projectId);
      expect(t.toJSON().Resources[id].DeletionPolicy).toBe('RetainExceptOnCreate');
    }
    const project = specOf(t.toJSON().Resources[projectId]);
    expect(project.aws).toMatchObject({ requirePrivateNetworking: true });
  });

  test('a cluster depends on the endpoint of its region, so it switches only after it (DEP-ORD-1)', () => {
    const { stack } = app({ clusters: [['orders', 'US_WEST_2']] });
    const t = Template.fromStack(stack);
    const endpoint = Object.entries(findSpecs(t, PE)).find(([, s]) => s.regionName === 'US_WEST_2')![0];
    const [cluster] = logicalIds(t, AtlasResourceType.ENCRYPTED_CLUSTER);
    expect(dependsOn(t, cluster)).toContain(endpoint);
  });

  test('without private networking no endpoint is created', () => {
    const stack = newStack();
    const creds = credentials(stack);
    const key = new AwsKmsEncryptionKey(stack, 'AwsKey', { projectId: PROJECT_ID, credentials: creds });
    const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
      projectId: PROJECT_ID,
      credentials: creds,
      awsKms: key,
    });
    new EncryptedCluster(stack, 'orders', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AWS,
      regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
    });
    expect(logicalIds(Template.fromStack(stack), PE)).toEqual([]);
  });

  test('Azure: endpoints carry the vault name for the approval message', () => {
    const stack = newStack();
    const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
      projectId: PROJECT_ID,
      credentials: credentials(stack),
      azureKeyVault: azureProps(stack, { requirePrivateNetworking: true }),
    });
    new EncryptedCluster(stack, 'orders', {
      projectEncryption: encryption,
      clusterName: 'orders',
      encryptionProvider: EncryptionProvider.AZURE,
      regions: [{ cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M10' }],
    });
    const specs = Object.values(findSpecs(Template.fromStack(stack), PE));
    expect(specs).toEqual([
      expect.objectContaining({ provider: 'AZURE', regionName: 'EUROPE_WEST', keyVaultName: 'atlas-ear-vault' }),
    ]);
  });

  test('rules at synth: a bad endpoint region (SYN-PN-4), GCP private networking on the untyped path (SYN-GCP-3)', () => {
    expect(() => app({ explicit: ['europe-west'] })).toThrow(/\[SYN-PN-4\].*privateEndpointRegions\[0\]/);
    const stack = newStack();
    const untyped = {
      keyVersionResourceId: 'projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1',
      requirePrivateNetworking: true,
    };
    expect(
      () =>
        new AtlasProjectEncryption(stack, 'Encryption', {
          projectId: PROJECT_ID,
          credentials: credentials(stack),
          googleCloudKms: { ...untyped, identity: { roleId: 'aaaaaaaaaaaaaaaaaaaaaaaa' } } as never,
        }),
    ).toThrow(/\[SYN-GCP-3\] project encryption googleCloudKms requirePrivateNetworking/);
  });

  test('an imported project encryption checks its clusters against its endpoint regions (SYN-PN-3)', () => {
    const stack = newStack();
    const imported = AtlasProjectEncryption.fromProjectEncryptionAttributes(stack, 'Imported', {
      projectId: PROJECT_ID,
      credentials: credentials(stack),
      providers: [EncryptionProvider.AWS],
      privateNetworking: [EncryptionProvider.AWS],
      privateEndpointRegions: { AWS: ['US_EAST_1'] },
    });
    const make = (region: string) =>
      new EncryptedCluster(stack, `c-${region}`, {
        projectEncryption: imported,
        clusterName: `c-${region.toLowerCase().replace(/_/g, '-')}`,
        encryptionProvider: EncryptionProvider.AWS,
        regions: [{ cloud: CloudProvider.AWS, regionName: region, instanceSize: 'M10' }],
      });
    expect(() => make('US_EAST_1')).not.toThrow();
    expect(() => make('EU_WEST_1')).toThrow(/\[SYN-PN-3\]/);
  });
});
