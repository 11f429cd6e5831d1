/**
 * cdktf private networking: one `mongodbatlas_encryption_at_rest_private_endpoint` per provider and region of the
 * app's encrypted clusters (plus explicit regions), the order Terraform creates and destroys them in, the wait for
 * ACTIVE, the Azure approval the operator adds, and the rules at synth.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  AtlasProjectEncryption,
  AwsKmsConfiguration,
  AwsKmsEncryptionKey,
  AzureKeyVaultConfiguration,
  CloudProvider,
  EarValidationError,
  EncryptedCluster,
  EncryptionProvider,
  GoogleCloudKmsConfiguration,
} from 'atlas-encryption-at-rest/cdktf';
import { PrivateNetworkingExampleStack } from '../../examples/cdktf-private-networking/stack';
import { azureKey, cluster, CLIENT_ID, KEY_ID, PROJECT_ID, SUBSCRIPTION_ID, TENANT_ID } from './fixtures';
import { onlyResource, ref, resourcesOf, synth, SynthJson } from './helpers';

// Counts loads of the endpoint binding: apps without private networking must never load it.
let mockEndpointLoads = 0;
jest.mock('@cdktf/provider-mongodbatlas/lib/encryption-at-rest-private-endpoint', () => {
  mockEndpointLoads++;
  return jest.requireActual('@cdktf/provider-mongodbatlas/lib/encryption-at-rest-private-endpoint');
});

const ENDPOINT = 'mongodbatlas_encryption_at_rest_private_endpoint';
const EAR = 'mongodbatlas_encryption_at_rest';
const CLUSTER = 'mongodbatlas_advanced_cluster';
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const ROLE_ID = '5f1e2d3c4b5a69788796a5b5';

type Body = Record<string, unknown> & { lifecycle?: Record<string, unknown> };

/** The endpoint of a region, by its region_name (fails when there is not exactly one). */
function endpointIn(json: SynthJson, regionName: string): Body & { logicalId: string } {
  const found = Object.entries(resourcesOf(json, ENDPOINT)).filter(([, b]) => b.region_name === regionName);
  if (found.length !== 1) throw new Error(`expected one endpoint in ${regionName}, found ${found.length}`);
  return { ...(found[0][1] as Body), logicalId: found[0][0] };
}

function clusterNamed(json: SynthJson, name: string): Body {
  const found = Object.values(resourcesOf(json, CLUSTER)).filter((b) => b.name === name);
  if (found.length !== 1) throw new Error(`expected one cluster ${name}, found ${found.length}`);
  return found[0] as Body;
}

function awsConfig(extra: Partial<Parameters<typeof AwsKmsConfiguration.fromAttributes>[0]> = {}) {
  return AwsKmsConfiguration.fromAttributes({
    customerMasterKeyId: KEY_ARN,
    region: 'us-east-1',
    roleId: ROLE_ID,
    requirePrivateNetworking: true,
    ...extra,
  });
}

function awsCluster(scope: Construct, encryption: AtlasProjectEncryption, name: string, regions: string[], id = name) {
  const nodes = regions.length === 1 ? [3] : regions.length === 2 ? [2, 1] : [1, 1, 1];
  return new EncryptedCluster(scope, id, {
    projectEncryption: encryption,
    clusterName: name,
    encryptionProvider: EncryptionProvider.AWS,
    regions: regions.map((regionName, i) => ({
      cloud: CloudProvider.AWS,
      regionName,
      instanceSize: 'M10',
      nodeCount: nodes[i],
    })),
  });
}

function azureRegion(regionName: string, nodeCount = 3) {
  return { cloud: CloudProvider.AZURE, regionName, instanceSize: 'M10', nodeCount };
}

/** The Azure key vault configuration by reference, with private networking. */
function azureByAttributes(
  scope: Construct,
  extra: Partial<Parameters<typeof AzureKeyVaultConfiguration.fromAttributes>[0]> = {},
) {
  return AzureKeyVaultConfiguration.fromAttributes({
    tenantId: TENANT_ID,
    subscriptionId: SUBSCRIPTION_ID,
    resourceGroupName: 'rg-atlas',
    keyVaultName: 'ear-vault',
    keyIdentifier: KEY_ID,
    clientId: CLIENT_ID,
    clientSecret: new TerraformVariable(scope, 'azure_client_secret', { type: 'string', sensitive: true }).stringValue,
    clientSecretExpiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
    requirePrivateNetworking: true,
    ...extra,
  });
}

function validationError(fn: () => void, ruleId: string): EarValidationError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EarValidationError);
  expect((error as Error).message).toContain(`[${ruleId}]`);
  return error as EarValidationError;
}

describe('no private networking', () => {
  test('no endpoint, no endpoint dependency, the binding is never loaded; the key-valid postcondition stays', () => {
    const before = mockEndpointLoads;
    const json = synth((scope) => {
      const e = new AtlasProjectEncryption(scope, 'Encryption', {
        projectId: PROJECT_ID,
        awsKms: awsConfig({ requirePrivateNetworking: false }),
      });
      awsCluster(scope, e, 'orders', ['US_EAST_1']);
      expect(e.privateEndpoints).toEqual([]);
    });
    expect(resourcesOf(json, ENDPOINT)).toEqual({});
    expect(onlyResource(json, CLUSTER)).not.toHaveProperty('depends_on');
    expect(onlyResource(json, EAR).lifecycle).toMatchObject({
      postcondition: [{ condition: '${self.aws_kms_config[0].valid}' }],
    });
    expect(mockEndpointLoads).toBe(before);
  });
});

describe('Azure Key Vault with private networking (AzureKeyVaultEncryptionKey)', () => {
  let encryption: AtlasProjectEncryption | undefined;
  let infos: string[] = [];
  const json = synth((scope) => {
    const key = azureKey(scope);
    encryption = new AtlasProjectEncryption(scope, 'Encryption', {
      projectId: PROJECT_ID,
      azureKeyVault: AzureKeyVaultConfiguration.fromEncryptionKey(key, {
        requirePrivateNetworking: true,
        privateEndpointRegions: ['UK_SOUTH'],
      }),
    });
    cluster(scope, encryption, { clusterName: 'orders', regions: [azureRegion('EUROPE_WEST')] }, 'Orders');
    cluster(scope, encryption, { clusterName: 'billing', regions: [azureRegion('EUROPE_WEST')] }, 'Billing');
    cluster(
      scope,
      encryption,
      { clusterName: 'reports', regions: [azureRegion('EUROPE_NORTH', 2), azureRegion('EUROPE_WEST', 1)] },
      'Reports',
    );
    infos = encryption.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
  });
  const ear = onlyResource(json, EAR);
  const west = endpointIn(json, 'EUROPE_WEST');
  const north = endpointIn(json, 'EUROPE_NORTH');
  const uk = endpointIn(json, 'UK_SOUTH');

  test('one endpoint per region of the clusters plus the explicit regions, shared by clusters in one region', () => {
    expect(Object.keys(resourcesOf(json, ENDPOINT))).toHaveLength(3);
    for (const e of [west, north, uk]) {
      expect(e).toMatchObject({
        cloud_provider: 'AZURE',
        project_id: ref(EAR, ear.logicalId, 'project_id'),
        depends_on: [`${EAR}.${ear.logicalId}`],
      });
    }
    expect(encryption!.privateEndpoints.map((e) => `${e.provider}:${e.regionName}`).sort()).toEqual([
      'AZURE:EUROPE_NORTH',
      'AZURE:EUROPE_WEST',
      'AZURE:UK_SOUTH',
    ]);
    expect((ear.azure_key_vault_config as Body[])[0]).toMatchObject({ require_private_networking: true });
  });

  test('each cluster depends on its own regions’ endpoints (created before it, destroyed after it)', () => {
    expect(clusterNamed(json, 'orders').depends_on).toEqual([`${ENDPOINT}.${west.logicalId}`]);
    expect(clusterNamed(json, 'billing').depends_on).toEqual([`${ENDPOINT}.${west.logicalId}`]);
    expect(clusterNamed(json, 'reports').depends_on).toEqual([
      `${ENDPOINT}.${north.logicalId}`,
      `${ENDPOINT}.${west.logicalId}`,
    ]);
  });

  test('endpoints are create_before_destroy, so a region leaving a cluster updates the cluster first', () => {
    for (const e of [west, north, uk]) expect(e.lifecycle).toMatchObject({ create_before_destroy: true });
  });

  test('an Azure endpoint may be PENDING_ACCEPTANCE after apply; anything else fails it', () => {
    expect(west.lifecycle?.postcondition).toEqual([
      {
        condition: '${contains(["ACTIVE","PENDING_ACCEPTANCE"], self.status)}',
        error_message: expect.stringContaining('EUROPE_WEST as ${self.status}'),
      },
    ]);
  });

  test('the cluster waits for ACTIVE and says which connection to approve on which vault', () => {
    const pre = clusterNamed(json, 'orders').lifecycle?.precondition as Array<Record<string, string>>;
    const wait = pre.find((p) => p.condition.includes(west.logicalId))!;
    expect(wait.condition).toBe(`\${(${ENDPOINT}.${west.logicalId}.status == "ACTIVE")}`);
    expect(wait.error_message).toContain(`is \${${ENDPOINT}.${west.logicalId}.status}, not ACTIVE`);
    expect(wait.error_message).toContain(
      `approve private endpoint connection \${coalesce(${ENDPOINT}.${west.logicalId}.private_endpoint_connection_name, "none reported")}`,
    );
    expect(wait.error_message).toContain('on Key Vault ear-vault (resource group rg-atlas)');
    expect(wait.error_message).toContain('then apply again');
  });

  test('the key-valid check moves from the encryption resource to the clusters', () => {
    // The endpoints depend on the encryption resource: a failing postcondition there would block them.
    expect(ear.lifecycle).toEqual({ prevent_destroy: true });
    const pre = clusterNamed(json, 'orders').lifecycle?.precondition as Array<Record<string, string>>;
    const valid = pre.find((p) => p.condition === ref(EAR, ear.logicalId, 'azure_key_vault_config[0].valid'))!;
    expect(valid.error_message).toContain(
      '(DEP-VAL-1). With private networking, apply again once the endpoints are ACTIVE.',
    );
  });

  test('the connection name of each endpoint is an output; the approval resource is said at synth', () => {
    expect(json.output).toMatchObject({
      Encryption_azure_private_endpoint_EUROPE_WEST_connection_name: {
        value: ref(ENDPOINT, west.logicalId, 'private_endpoint_connection_name'),
      },
      Encryption_azure_private_endpoint_EUROPE_NORTH_connection_name: {
        value: ref(ENDPOINT, north.logicalId, 'private_endpoint_connection_name'),
      },
      Encryption_azure_private_endpoint_UK_SOUTH_connection_name: {
        value: ref(ENDPOINT, uk.logicalId, 'private_endpoint_connection_name'),
      },
    });
    expect(infos).toHaveLength(3);
    const west_ = infos.find((i) => i.includes('in EUROPE_WEST'))!;
    expect(west_).toContain('resource "azapi_update_resource"');
    expect(west_).toContain('Microsoft.KeyVault/Vaults/PrivateEndpointConnections@2023-07-01');
    expect(west_).toContain(`name      = ${ENDPOINT}.${west.logicalId}.private_endpoint_connection_name`);
    expect(west_).toContain('status = "Approved"');
    expect(west_).toContain('az keyvault private-endpoint-connection approve --resource-group');
    expect(west_).toContain('--resource-group rg-atlas --vault-name ear-vault');
    expect(west_).toContain('--name <output Encryption_azure_private_endpoint_EUROPE_WEST_connection_name>');
    const azure = encryption!.privateEndpoints.find((e) => e.regionName === 'EUROPE_WEST')!;
    expect(azure.connectionNameOutput).toBeDefined();
  });
});

describe('Azure Key Vault by reference (fromAttributes)', () => {
  test('the vault resource id is the approval parent; explicit regions alone create endpoints', () => {
    let encryption: AtlasProjectEncryption | undefined;
    const json = synth((scope) => {
      encryption = new AtlasProjectEncryption(scope, 'Encryption', {
        projectId: PROJECT_ID,
        azureKeyVault: azureByAttributes(scope, { privateEndpointRegions: ['US_EAST_2'] }),
      });
    });
    expect(endpointIn(json, 'US_EAST_2')).toMatchObject({ cloud_provider: 'AZURE' });
    const id = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-atlas/providers/Microsoft.KeyVault/vaults/ear-vault`;
    expect(encryption!.privateEndpoints[0].keyVaultResourceId).toBe(id);
    expect(json.output?.Encryption_azure_key_vault_resource_id).toMatchObject({ value: id });
    // A literal vault id goes straight into the approval resource.
    const info = encryption!.node.metadata.find((m) => m.type === '@cdktf/info')!;
    expect(String(info.data)).toContain(`parent_id = "${id}"`);
  });

  test('adding a cluster in a new region adds its endpoint, and the cluster depends on it', () => {
    const build = (regions: string[]) =>
      synth((scope) => {
        const e = new AtlasProjectEncryption(scope, 'Encryption', {
          projectId: PROJECT_ID,
          azureKeyVault: azureByAttributes(scope),
        });
        regions.forEach((r, i) => cluster(scope, e, { clusterName: `c${i}`, regions: [azureRegion(r)] }, `C${i}`));
      });
    const before = build(['EUROPE_WEST']);
    const after = build(['EUROPE_WEST', 'EUROPE_NORTH']);
    expect(Object.keys(resourcesOf(before, ENDPOINT))).toHaveLength(1);
    expect(Object.keys(resourcesOf(after, ENDPOINT))).toHaveLength(2);
    // The existing endpoint keeps its logical id: nothing is replaced.
    expect(endpointIn(after, 'EUROPE_WEST').logicalId).toBe(endpointIn(before, 'EUROPE_WEST').logicalId);
    expect(clusterNamed(after, 'c1').depends_on).toEqual([
      `${ENDPOINT}.${endpointIn(after, 'EUROPE_NORTH').logicalId}`,
    ]);
  });
});

describe('AWS KMS with private networking', () => {
  test('two regions, two endpoints that must be ACTIVE; no approval output for AWS', () => {
    let infos: string[] = [];
    const json = synth((scope) => {
      const e = new AtlasProjectEncryption(scope, 'Encryption', { projectId: PROJECT_ID, awsKms: awsConfig() });
      awsCluster(scope, e, 'orders', ['US_EAST_1', 'US_WEST_2']);
      infos = e.node.metadata.filter((m) => m.type === '@cdktf/info').map((m) => String(m.data));
    });
    const east = endpointIn(json, 'US_EAST_1');
    const west = endpointIn(json, 'US_WEST_2');
    for (const e of [east, west]) {
      expect(e).toMatchObject({
        cloud_provider: 'AWS',
        lifecycle: {
          create_before_destroy: true,
          postcondition: [{ condition: '${contains(["ACTIVE"], self.status)}', error_message: expect.any(String) }],
        },
      });
      expect((e.lifecycle!.postcondition as Array<Record<string, string>>)[0].error_message).toContain(
        '${coalesce(self.error_message, "no error message")}',
      );
    }
    const c = onlyResource(json, CLUSTER);
    expect(c.depends_on).toEqual([`${ENDPOINT}.${east.logicalId}`, `${ENDPOINT}.${west.logicalId}`]);
    const pre = (c.lifecycle as Body).precondition as Array<Record<string, string>>;
    const waitEast = pre.find((p) => p.condition.includes(east.logicalId))!;
    expect(waitEast.error_message).toContain(`coalesce(${ENDPOINT}.${east.logicalId}.error_message, "none reported")`);
    expect(waitEast.error_message).not.toContain('approve');
    expect(json.output ?? {}).toEqual({});
    expect(infos).toEqual([]);
    // The binding loads on the first endpoint (the mock factory runs once per module registry).
    expect(mockEndpointLoads).toBe(1);
  });

  test('AwsKmsEncryptionKey: fromEncryptionKey takes requirePrivateNetworking and explicit regions', () => {
    const json = synth((scope) => {
      new AwsProvider(scope, 'aws', { region: 'us-east-1' });
      const key = new AwsKmsEncryptionKey(scope, 'Key', { projectId: PROJECT_ID, region: 'US_EAST_1' });
      new AtlasProjectEncryption(scope, 'Encryption', {
        projectId: PROJECT_ID,
        awsKms: AwsKmsConfiguration.fromEncryptionKey(key, {
          requirePrivateNetworking: true,
          privateEndpointRegions: ['EU_WEST_1'],
        }),
      });
    });
    const ear = onlyResource(json, EAR);
    expect((ear.aws_kms_config as Body[])[0]).toMatchObject({ require_private_networking: true });
    expect(endpointIn(json, 'EU_WEST_1')).toMatchObject({ cloud_provider: 'AWS' });
  });

  test('a NONE cluster and a cluster on a public provider of the same project get no endpoint', () => {
    const json = synth((scope) => {
      const e = new AtlasProjectEncryption(scope, 'Encryption', {
        projectId: PROJECT_ID,
        awsKms: awsConfig(),
        azureKeyVault: azureByAttributes(scope, { requirePrivateNetworking: false }),
      });
      new EncryptedCluster(scope, 'Plain', {
        projectEncryption: e,
        clusterName: 'plain',
        encryptionProvider: EncryptionProvider.NONE,
        regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
      });
      cluster(scope, e, { clusterName: 'azure', regions: [azureRegion('EUROPE_WEST')] }, 'Azure');
    });
    expect(resourcesOf(json, ENDPOINT)).toEqual({});
    expect(clusterNamed(json, 'plain')).not.toHaveProperty('depends_on');
    expect(clusterNamed(json, 'azure')).not.toHaveProperty('depends_on');
    // The public provider keeps its key-valid postcondition; the private one moves to the clusters.
    expect(onlyResource(json, EAR).lifecycle).toMatchObject({
      postcondition: [{ condition: '${self.azure_key_vault_config[0].valid}' }],
    });
  });
});

describe('rules at synth, with the cdktf prop names', () => {
  const project = (scope: Construct, aws: AwsKmsConfiguration) =>
    new AtlasProjectEncryption(scope, 'Encryption', { projectId: PROJECT_ID, awsKms: aws });

  test('SYN-PN-1: explicit regions need requirePrivateNetworking; the flag is a boolean', () => {
    const e = validationError(
      () =>
        synth((s) => project(s, awsConfig({ requirePrivateNetworking: false, privateEndpointRegions: ['US_EAST_1'] }))),
      'SYN-PN-1',
    );
    expect(e.message).toContain('project encryption awsKms privateEndpointRegions');
    validationError(
      () => synth((s) => project(s, awsConfig({ requirePrivateNetworking: 'yes' as unknown as boolean }))),
      'SYN-PN-1',
    );
    expect(() => synth((s) => project(s, awsConfig({ privateEndpointRegions: ['US_EAST_1'] })))).not.toThrow();
  });

  test('SYN-PN-4: explicit regions are Atlas region names of the provider’s cloud', () => {
    const e = validationError(
      () => synth((s) => project(s, awsConfig({ privateEndpointRegions: ['us-east-1'] }))),
      'SYN-PN-4',
    );
    expect(e.message).toContain('privateEndpointRegions[0]');
    expect(e.message).toContain('US_EAST_1');
    validationError(
      () =>
        synth(
          (s) =>
            new AtlasProjectEncryption(s, 'Encryption', {
              projectId: PROJECT_ID,
              azureKeyVault: azureByAttributes(s, { privateEndpointRegions: ['US_EAST_1'] }),
            }),
        ),
      'SYN-PN-4',
    );
  });

  test('SYN-PN-2: with private networking, a cluster is single-cloud on the provider’s cloud', () => {
    validationError(
      () =>
        synth((s) => {
          const e = project(s, awsConfig());
          new EncryptedCluster(s, 'Mixed', {
            projectEncryption: e,
            clusterName: 'mixed',
            encryptionProvider: EncryptionProvider.AWS,
            regions: [
              { cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10', nodeCount: 2 },
              { cloud: CloudProvider.AZURE, regionName: 'US_EAST_2', instanceSize: 'M10', nodeCount: 1 },
            ],
          });
        }),
      'SYN-PN-2',
    );
    expect(() => synth((s) => awsCluster(s, project(s, awsConfig()), 'orders', ['US_EAST_1']))).not.toThrow();
  });

  test('SYN-PN-3: a cluster region on a private provider is a literal (its endpoint is made at synth)', () => {
    const withRegion = (regionName: (s: Construct) => string) => () =>
      synth((s) => {
        const e = project(s, awsConfig());
        new EncryptedCluster(s, 'Orders', {
          projectEncryption: e,
          clusterName: 'orders',
          encryptionProvider: EncryptionProvider.AWS,
          regions: [{ cloud: CloudProvider.AWS, regionName: regionName(s), instanceSize: 'M10' }],
        });
      });
    const e = validationError(
      withRegion((s) => new TerraformVariable(s, 'region', { type: 'string' }).stringValue),
      'SYN-PN-3',
    );
    expect(e.message).toContain('cluster "orders" regions[0].regionName');
    expect(withRegion(() => 'US_EAST_1')).not.toThrow();
    // Without private networking a reference is fine (no endpoint to make).
    expect(() =>
      synth((s) => {
        const p = project(s, awsConfig({ requirePrivateNetworking: false }));
        new EncryptedCluster(s, 'Orders', {
          projectEncryption: p,
          clusterName: 'orders',
          encryptionProvider: EncryptionProvider.AWS,
          regions: [
            {
              cloud: CloudProvider.AWS,
              regionName: new TerraformVariable(s, 'region', { type: 'string' }).stringValue,
              instanceSize: 'M10',
            },
          ],
        });
      }),
    ).not.toThrow();
  });

  test('SYN-GCP-3: Google Cloud private networking is refused through every path, never dropped', () => {
    const gcp = (extra: Record<string, unknown>) =>
      GoogleCloudKmsConfiguration.fromAttributes({
        keyVersionResourceId: 'projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1',
        roleId: ROLE_ID,
        ...extra,
      } as Parameters<typeof GoogleCloudKmsConfiguration.fromAttributes>[0]);
    const withGcp = (config: GoogleCloudKmsConfiguration) => () =>
      synth((s) => new AtlasProjectEncryption(s, 'Encryption', { projectId: PROJECT_ID, googleCloudKms: config }));
    // The typed prop does not exist for Google Cloud.
    GoogleCloudKmsConfiguration.fromAttributes({
      keyVersionResourceId: 'projects/p/locations/global/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1',
      roleId: ROLE_ID,
      // @ts-expect-error -- Google Cloud KMS has no requirePrivateNetworking
      requirePrivateNetworking: true,
    });
    const e = validationError(withGcp(gcp({ requirePrivateNetworking: true })), 'SYN-GCP-3');
    expect(e.message).toContain('project encryption googleCloudKms requirePrivateNetworking');
    validationError(withGcp(gcp({ requirePrivateNetworking: 'yes' })), 'SYN-GCP-3');
    validationError(withGcp(gcp({ privateEndpointRegions: ['CENTRAL_US'] })), 'SYN-GCP-3');
    expect(withGcp(gcp({ requirePrivateNetworking: false }))).not.toThrow();
    expect(withGcp(gcp({}))).not.toThrow();
  });
});

describe('examples/cdktf-private-networking', () => {
  test('synthesizes: one endpoint per cluster region, each cluster after its own, connection names as outputs', () => {
    const stack = new PrivateNetworkingExampleStack(Testing.app(), 'atlas-ear-azure-private', {
      otherRegions: ['UK_SOUTH'],
    });
    const json = JSON.parse(Testing.synth(stack)) as SynthJson;
    // The vault id holds the subscription from azurerm_client_config: an output, named in the synth-time note.
    expect(json.output?.Encryption_azure_key_vault_resource_id.value).toMatch(
      /^\/subscriptions\/\$\{data\.azurerm_client_config\.[^}]+\.subscription_id\}\/resourceGroups\/atlas-ear-private\/providers\/Microsoft\.KeyVault\/vaults\/atlas-ear-private-kv$/,
    );
    const infos = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === '@cdktf/info')
      .map((m) => String(m.data));
    expect(infos).toHaveLength(3);
    for (const info of infos) {
      expect(info).toContain('parent_id = <output Encryption_azure_key_vault_resource_id>');
      expect(info).not.toMatch(/TfToken|\$\{/);
    }
    const west = endpointIn(json, 'EUROPE_WEST');
    const north = endpointIn(json, 'EUROPE_NORTH');
    endpointIn(json, 'UK_SOUTH');
    expect(clusterNamed(json, 'orders').depends_on).toEqual([`${ENDPOINT}.${west.logicalId}`]);
    expect(clusterNamed(json, 'reports').depends_on).toEqual([`${ENDPOINT}.${north.logicalId}`]);
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'Encryption_azure_key_vault_resource_id',
      'Encryption_azure_private_endpoint_EUROPE_NORTH_connection_name',
      'Encryption_azure_private_endpoint_EUROPE_WEST_connection_name',
      'Encryption_azure_private_endpoint_UK_SOUTH_connection_name',
    ]);
    const ear = onlyResource(json, EAR);
    // The example is on the secretless default: Atlas's role, no client secret.
    const azure = (ear.azure_key_vault_config as Body[])[0];
    expect(azure).toMatchObject({
      require_private_networking: true,
      role_id: expect.stringMatching(/^\$\{mongodbatlas_cloud_provider_access_authorization\.[^.]+\.role_id\}$/),
    });
    expect(azure).not.toHaveProperty('secret');
  });
});
