import {
  CloudProvider,
  ClusterSpec,
  derivePrivateEndpointRegions,
  EncryptionProvider,
  errorsOf,
  importedProjectSpec,
  privateEndpointRegionNames,
  privateNetworkingProviders,
  ProjectEncryptionSpec,
  untypedPrivateNetworking,
  validateCluster,
  validateImportedProjectEncryption,
  validateProjectEncryption,
} from '../../lib/core';
import { NOW, PROJECT_ID, validCluster, validProject } from '../support/core-fixtures';

const TOKEN = '${Token[TOKEN.123]}';

function privateAws(extra: object = {}): ProjectEncryptionSpec {
  const p = validProject();
  return { ...p, aws: { ...p.aws!, requirePrivateNetworking: true, ...extra } };
}

function privateAzure(extra: object = {}): ProjectEncryptionSpec {
  const p = validProject();
  return { ...p, azure: { ...p.azure!, requirePrivateNetworking: true, ...extra } };
}

function awsCluster(name: string, ...regions: string[]): ClusterSpec {
  return validCluster({
    name,
    // Electable nodes total 3 (SYN-SHAPE-1): the first region takes the rest.
    regions: regions.map((regionName, i) => ({
      cloud: CloudProvider.AWS,
      regionName,
      instanceSize: 'M10',
      nodeCount: i === 0 ? 4 - regions.length : 1,
    })),
  });
}

function ruleIds(project: ProjectEncryptionSpec): string[] {
  return errorsOf(validateProjectEncryption(project, { now: NOW })).map((v) => v.ruleId);
}

function messages(project: ProjectEncryptionSpec, ruleId: string): string[] {
  return errorsOf(validateProjectEncryption(project, { now: NOW }))
    .filter((v) => v.ruleId === ruleId)
    .map((v) => v.message);
}

describe('derivePrivateEndpointRegions', () => {
  test('one endpoint per AWS region of the clusters that use the AWS key, plus the explicit regions, sorted', () => {
    const project = privateAws({ privateEndpointRegions: ['EU_WEST_1', 'US_EAST_1'] });
    const clusters = [
      awsCluster('orders', 'US_EAST_1'),
      awsCluster('billing', 'US_WEST_2', 'US_EAST_1'),
      // Uses the Azure key: the AWS endpoints do not serve it; Azure has no private networking here.
      validCluster({
        name: 'azure-one',
        encryptionProvider: EncryptionProvider.AZURE,
        regions: [{ cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M10' }],
      }),
      validCluster({ name: 'plain', encryptionProvider: EncryptionProvider.NONE }),
    ];
    expect(derivePrivateEndpointRegions(project, clusters)).toEqual([
      { provider: 'AWS', regionName: 'EU_WEST_1', clusters: [], explicit: true },
      { provider: 'AWS', regionName: 'US_EAST_1', clusters: ['billing', 'orders'], explicit: true },
      { provider: 'AWS', regionName: 'US_WEST_2', clusters: ['billing'], explicit: false },
    ]);
  });

  test('no private networking: no endpoints, whatever the clusters', () => {
    expect(derivePrivateEndpointRegions(validProject(), [awsCluster('orders', 'US_EAST_1')])).toEqual([]);
    expect(privateNetworkingProviders(validProject())).toEqual([]);
  });

  test('Azure endpoints come from the Azure regions of the clusters using the Azure key', () => {
    const cluster = validCluster({
      encryptionProvider: EncryptionProvider.AZURE,
      regions: [
        { cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M10', nodeCount: 2 },
        { cloud: CloudProvider.AZURE, regionName: 'EUROPE_NORTH', instanceSize: 'M10', nodeCount: 1 },
      ],
    });
    expect(derivePrivateEndpointRegions(privateAzure(), [cluster]).map((e) => `${e.provider}:${e.regionName}`)).toEqual(
      ['AZURE:EUROPE_NORTH', 'AZURE:EUROPE_WEST'],
    );
  });

  test('unresolved region names and regions on another cloud are left to the rules', () => {
    const cluster = validCluster({
      regions: [
        { cloud: CloudProvider.AWS, regionName: TOKEN, instanceSize: 'M10' },
        { cloud: CloudProvider.AZURE, regionName: 'EUROPE_WEST', instanceSize: 'M10' },
      ],
    });
    expect(derivePrivateEndpointRegions(privateAws(), [cluster])).toEqual([]);
  });
});

describe('SYN-GCP-3: no private networking for Google Cloud KMS, on any path', () => {
  test('requirePrivateNetworking and privateEndpointRegions on googleCloudKms are refused', () => {
    const p = validProject();
    const project = {
      ...p,
      gcp: { ...p.gcp!, requirePrivateNetworking: true, privateEndpointRegions: ['CENTRAL_US'] },
    };
    const found = messages(project, 'SYN-GCP-3');
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('project encryption googleCloudKms requirePrivateNetworking');
    expect(found[1]).toContain('privateEndpointRegions');
  });

  test('an untyped truthy flag (a JavaScript caller) is carried and refused, not dropped', () => {
    const raw = { keyVersionResourceId: 'x', requirePrivateNetworking: 'yes' };
    const p = validProject();
    const project = { ...p, gcp: { ...p.gcp!, ...untypedPrivateNetworking(raw) } };
    expect(messages(project, 'SYN-GCP-3')[0]).toContain('(got "yes";');
  });

  test('requirePrivateNetworking: false on googleCloudKms passes', () => {
    const p = validProject();
    expect(ruleIds({ ...p, gcp: { ...p.gcp!, requirePrivateNetworking: false } })).not.toContain('SYN-GCP-3');
    expect(untypedPrivateNetworking(undefined)).toEqual({});
    expect(untypedPrivateNetworking({ other: 1 })).toEqual({});
  });
});

describe('SYN-PN-1: endpoint regions only with requirePrivateNetworking; the flag is a boolean', () => {
  test('privateEndpointRegions without requirePrivateNetworking fails', () => {
    const p = validProject();
    const project = { ...p, aws: { ...p.aws!, privateEndpointRegions: ['US_EAST_1'] } };
    const [m] = messages(project, 'SYN-PN-1');
    expect(m).toContain('[SYN-PN-1] project encryption awsKms privateEndpointRegions');
    expect(m).toContain('allowed: requirePrivateNetworking: true');
  });

  test('a non-boolean flag fails', () => {
    expect(messages(privateAzure({ requirePrivateNetworking: 'true' }), 'SYN-PN-1')[0]).toContain(
      'project encryption azureKeyVault requirePrivateNetworking: is not a boolean',
    );
  });

  test('privateEndpointRegions with requirePrivateNetworking passes', () => {
    expect(ruleIds(privateAws({ privateEndpointRegions: ['US_EAST_1'] }))).toEqual([]);
    expect(ruleIds(privateAzure({ privateEndpointRegions: ['EUROPE_WEST'] }))).toEqual([]);
  });
});

describe("SYN-PN-4: endpoint regions are Atlas region names on the provider's cloud", () => {
  test.each([
    [
      'an Azure region for AWS',
      privateAws({ privateEndpointRegions: ['EUROPE_WEST'] }),
      'awsKms privateEndpointRegions[0]',
    ],
    ['the AWS form', privateAws({ privateEndpointRegions: ['us-east-1'] }), 'Atlas form: US_EAST_1'],
    ['GLOBAL', privateAws({ privateEndpointRegions: ['US_EAST_1', 'GLOBAL'] }), 'privateEndpointRegions[1]'],
    [
      'an AWS region for Azure',
      privateAzure({ privateEndpointRegions: ['EU_WEST_1'] }),
      'not an Atlas AZURE region name',
    ],
    ['not a list', privateAws({ privateEndpointRegions: 'US_EAST_1' }), 'is not a list of region names'],
  ])('%s fails', (_name, project, fragment) => {
    const found = messages(project, 'SYN-PN-4');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(fragment);
    expect(found[0]).toMatch(/\(got .*; allowed: .+\)$/);
  });

  test('an unresolved region is deferred, not failed', () => {
    const result = validateProjectEncryption(privateAws({ privateEndpointRegions: [TOKEN] }), { now: NOW });
    expect(errorsOf(result)).toEqual([]);
    expect(result.deferred.map((d) => `${d.ruleId} ${d.prop}`)).toEqual(['SYN-PN-4 privateEndpointRegions']);
  });

  test('endpoint region names exclude GLOBAL and follow the cloud', () => {
    expect(privateEndpointRegionNames(EncryptionProvider.AWS)).toContain('US_EAST_1');
    expect(privateEndpointRegionNames(EncryptionProvider.AWS)).not.toContain('GLOBAL');
    expect(privateEndpointRegionNames(EncryptionProvider.AZURE)).toContain('EUROPE_WEST');
  });
});

describe('SYN-PN-3: every cluster region has an endpoint (project encryption imported by its attributes)', () => {
  const imported = (regions?: Record<string, string[]>) =>
    importedProjectSpec({
      projectId: PROJECT_ID,
      providers: ['AWS'],
      privateNetworking: ['AWS'],
      privateEndpointRegions: regions,
    });

  test('a region in the list passes; one outside it fails and names the list', () => {
    const project = imported({ AWS: ['US_EAST_1'] });
    expect(errorsOf(validateCluster(awsCluster('orders', 'US_EAST_1'), project))).toEqual([]);
    const errors = errorsOf(validateCluster(awsCluster('orders', 'US_EAST_1', 'US_WEST_2'), project));
    expect(errors.map((v) => v.ruleId)).toEqual(['SYN-PN-3']);
    expect(errors[0].message).toContain('cluster "orders" regions[1].regionName');
    expect(errors[0].message).toContain('allowed: US_EAST_1;');
  });

  test('no list given: fails and asks for one', () => {
    const errors = errorsOf(validateCluster(awsCluster('orders', 'US_EAST_1'), imported()));
    expect(errors.map((v) => v.ruleId)).toEqual(['SYN-PN-3']);
    expect(errors[0].message).toContain('lists no endpoint regions');
  });

  test('an owned project encryption derives its endpoints: no SYN-PN-3', () => {
    expect(errorsOf(validateCluster(awsCluster('orders', 'EU_WEST_1'), privateAws()))).toEqual([]);
  });

  test('an unresolved region name is deferred', () => {
    const result = validateCluster(awsCluster('orders', TOKEN), imported({ AWS: ['US_EAST_1'] }));
    expect(errorsOf(result)).toEqual([]);
    expect(result.deferred.map((d) => d.ruleId)).toContain('SYN-PN-3');
  });

  test('a cluster on a provider without private networking is not checked', () => {
    const project = importedProjectSpec({
      projectId: PROJECT_ID,
      providers: ['AWS', 'AZURE'],
      privateNetworking: ['AZURE'],
    });
    expect(errorsOf(validateCluster(awsCluster('orders', 'US_EAST_1'), project))).toEqual([]);
  });
});

describe('imported project encryption facts', () => {
  const facts = (extra: object) => ({ projectId: PROJECT_ID, providers: ['AWS', 'GCP'], ...extra });

  test('GCP, an unknown provider, or a provider not configured in privateNetworking fails', () => {
    const found = errorsOf(
      validateImportedProjectEncryption(facts({ privateNetworking: ['GCP', 'ORACLE', 'AZURE'] })),
    ).map((v) => `${v.ruleId} ${v.prop}`);
    expect(found).toEqual([
      'SYN-GCP-3 privateNetworking[0]',
      'SYN-PN-1 privateNetworking[1]',
      'SYN-PN-1 privateNetworking[2]',
    ]);
  });

  test('endpoint regions for a provider outside privateNetworking fail; bad names fail SYN-PN-4', () => {
    const found = errorsOf(
      validateImportedProjectEncryption(
        facts({ privateNetworking: ['AWS'], privateEndpointRegions: { AZURE: ['EUROPE_WEST'], AWS: ['EUROPE_WEST'] } }),
      ),
    ).map((v) => `${v.ruleId} ${v.prop}`);
    expect(found).toEqual(['SYN-PN-1 privateEndpointRegions.AZURE', 'SYN-PN-4 privateEndpointRegions[0]']);
  });

  test('valid facts pass and carry into the rules view', () => {
    const f = facts({ privateNetworking: ['AWS'], privateEndpointRegions: { AWS: ['US_EAST_1'] } });
    expect(validateImportedProjectEncryption(f).violations).toEqual([]);
    const spec = importedProjectSpec(f);
    expect(spec.knownByAttributes).toBe(true);
    expect(spec.aws?.privateEndpointRegions).toEqual(['US_EAST_1']);
    expect(spec.gcp?.requirePrivateNetworking).toBe(false);
  });
});
