/**
 * Shared pieces of the deploy simulations: synthesizing the cdk example into a cloud assembly inside the repo
 * (so the bundled handler's `@aws-sdk/*` requires resolve from the repo's node_modules), one Atlas emulator per
 * test file with a fresh project per simulated stack, Secrets Manager mocked with unique marker values, and SSM
 * Parameter Store (the key-history parameters) mocked in memory.
 */
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { mockClient } from 'aws-sdk-client-mock';
import { AtlasEncryptionAtRestExampleStack } from '../../examples/cdk/stack';
import {
  AtlasAzureServicePrincipal,
  AtlasCredentials,
  AtlasGoogleCloudServiceAccount,
  AtlasProjectEncryption,
  AwsKmsEncryptionKey,
  AzureKeyVaultIdentity,
  CloudProvider,
  EncryptedCluster,
  EncryptionProvider,
  GoogleCloudKmsIdentity,
} from '../../lib/cdk';
import { AtlasEmulator, EmulatorDurations, startAtlasEmulator } from '../support/atlas-emulator';
import { CfnSimulator, CfnSimulatorOptions, CfnTemplate, loadTemplate, VirtualClock } from '../support/cloudformation';

/** Stack (artifact) name of the example. */
export const STACK = 'AtlasEncryptionAtRestExample';
/** The example's Atlas project. */
export const PROJECT_ID = '65f1c0ffee0123456789abcd';
/** Secret ARNs the example references. */
export const ATLAS_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/api-key-AbCdEf';
export const AZURE_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:atlas/azure-client-secret-GhIjKl';
/** A unique marker used as the Azure client secret: the leak search looks for it everywhere. */
export const AZURE_CLIENT_SECRET = 'E2E~AzureClientSecretMarker-6b1f0c9e27d4';
/** Real time per simulated time. */
export const TIME_SCALE = 0.02;

/** Root of the repo; cloud assemblies go under its gitignored cdk.out/. */
export const REPO = join(__dirname, '..', '..');

/** Synthesizes the example app into `cdk.out/e2e/<name>` with the handler pointed at `atlasBaseUrl`. */
export function synthExample(name: string, atlasBaseUrl: string, configure?: (app: App) => void): string {
  const outdir = join(REPO, 'cdk.out', 'e2e', name);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  new AtlasEncryptionAtRestExampleStack(app, STACK, {
    env: { account: '123456789012', region: 'us-east-1' },
    atlasBaseUrl,
  });
  configure?.(app);
  app.synth();
  return outdir;
}

const sm = mockClient(SecretsManagerClient);

/** Secret values handed out so far (every emulator's keys plus the markers): what must never leak. */
export const secretValuesSeen = new Set<string>([AZURE_CLIENT_SECRET]);

/** Mocks Secrets Manager with the example's secrets for this emulator. */
export function mockSecrets(emu: AtlasEmulator): Record<string, string> {
  const secrets: Record<string, string> = {
    [ATLAS_SECRET_ARN]: JSON.stringify({
      publicKey: emu.credentials.apiKey.publicKey,
      privateKey: emu.credentials.apiKey.privateKey,
    }),
    [AZURE_SECRET_ARN]: AZURE_CLIENT_SECRET,
  };
  secretValuesSeen.add(emu.credentials.apiKey.privateKey);
  sm.reset();
  sm.on(GetSecretValueCommand).callsFake((input: { SecretId: string }) => {
    const value = secrets[input.SecretId];
    if (value === undefined) {
      const err = new Error("Secrets Manager can't find the specified secret.");
      err.name = 'ResourceNotFoundException';
      throw err;
    }
    return { SecretString: value, ARN: input.SecretId };
  });
  return secrets;
}

/** Calls the mocked Secrets Manager received. */
export function secretsManagerCalls(): number {
  return sm.commandCalls(GetSecretValueCommand).length;
}

const ssm = mockClient(SSMClient);

/** SSM parameters the bundled handler wrote, by name (the mocked Parameter Store). */
export const ssmParameters = new Map<string, string>();

/** Mocks SSM Parameter Store `GetParameter`/`PutParameter` in memory ({@link ssmParameters}). */
export function mockParameterStore(): void {
  ssmParameters.clear();
  ssm.reset();
  ssm.on(GetParameterCommand).callsFake((input: { Name: string }) => {
    const value = ssmParameters.get(input.Name);
    if (value === undefined) {
      throw Object.assign(new Error(`Parameter ${input.Name} not found.`), { name: 'ParameterNotFound' });
    }
    return { Parameter: { Name: input.Name, Type: 'String', Value: value } };
  });
  ssm.on(PutParameterCommand).callsFake((input: { Name: string; Value: string; Overwrite?: boolean }) => {
    if (ssmParameters.has(input.Name) && input.Overwrite !== true) {
      throw Object.assign(new Error('The parameter already exists.'), { name: 'ParameterAlreadyExists' });
    }
    ssmParameters.set(input.Name, input.Value);
    return { Version: 1, Tier: 'Standard' };
  });
}

/** A fresh 24-hex Atlas project id, so many stacks can share one emulator. */
let projectSeq = 0;
export function newProjectId(): string {
  return `e2e0${process.pid.toString(16).padStart(8, '0').slice(-8)}${(++projectSeq).toString(16).padStart(12, '0')}`;
}

/** The template with the example's project id replaced (as if synthesized for another project). */
export function forProject(template: CfnTemplate, projectId: string): CfnTemplate {
  return JSON.parse(JSON.stringify(template).split(PROJECT_ID).join(projectId)) as CfnTemplate;
}

/** One emulator and one clock for a test file; the template is synthesized once against its URL. */
export interface E2EWorld {
  readonly emu: AtlasEmulator;
  readonly clock: VirtualClock;
  readonly cdkOut: string;
  readonly template: CfnTemplate;
  stop(): Promise<void>;
}

/** Starts the emulator on a simulated clock, mocks Secrets Manager and SSM, and synthesizes the example against it. */
export async function startWorld(name: string, durations?: EmulatorDurations): Promise<E2EWorld> {
  const clock = new VirtualClock(TIME_SCALE);
  const emu = await startAtlasEmulator({ now: () => clock.now(), durations });
  mockSecrets(emu);
  mockParameterStore();
  const cdkOut = synthExample(name, emu.url);
  return { emu, clock, cdkOut, template: loadTemplate(cdkOut, STACK), stop: () => emu.stop() };
}

/** One simulated stack: its own project in the shared emulator. */
export interface E2EStack {
  readonly sim: CfnSimulator;
  readonly projectId: string;
  readonly template: CfnTemplate;
}

/** A new simulator (a new Lambda container) for a new project. */
export function newStack(world: E2EWorld, sim: Partial<CfnSimulatorOptions> = {}): E2EStack {
  const projectId = newProjectId();
  return {
    projectId,
    template: forProject(world.template, projectId),
    sim: new CfnSimulator({ cdkOut: world.cdkOut, stackName: STACK, clock: world.clock, ...sim }),
  };
}

/** The logical id of the only resource of a type. */
export function logicalIdOf(template: CfnTemplate, type: string, contains = ''): string {
  const ids = Object.keys(template.Resources).filter(
    (id) => template.Resources[id].Type === type && id.includes(contains),
  );
  if (ids.length !== 1) throw new Error(`expected one ${type} ${contains}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** A copy of the template with one cluster's Spec edited (the cluster Specs are plain JSON strings). */
export function withClusterSpec(
  template: CfnTemplate,
  logicalId: string,
  edit: (spec: Record<string, unknown>) => Record<string, unknown>,
): CfnTemplate {
  const copy = JSON.parse(JSON.stringify(template)) as CfnTemplate;
  const props = copy.Resources[logicalId].Properties as { Spec: unknown };
  if (typeof props.Spec !== 'string') throw new Error(`${logicalId} Spec is not a plain string`);
  props.Spec = JSON.stringify(edit(JSON.parse(props.Spec) as Record<string, unknown>));
  return copy;
}

/** The example's Azure Key Vault configuration, with the client secret the e2e secrets mock answers for. */
function azureKeyVault(stack: Stack) {
  return {
    tenantId: '11111111-2222-3333-4444-555555555555',
    subscriptionId: '66666666-7777-8888-9999-000000000000',
    resourceGroupName: 'atlas-ear',
    keyVaultName: 'atlas-ear-vault',
    keyIdentifier: 'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear/0123456789abcdef0123456789abcdef',
    identity: AzureKeyVaultIdentity.fromClientSecret({
      clientId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      clientSecret: secretsmanager.Secret.fromSecretCompleteArn(stack, 'AzureClientSecret', AZURE_SECRET_ARN),
      expiresAt: new Date('2027-06-30T00:00:00Z'),
    }),
  };
}

/**
 * Synthesizes the example's topology (AWS key, project encryption with AWS and Azure, the `orders` cluster on AWS
 * and `catalog` on Azure) from the library's constructs with one removal policy on every construct, into
 * `cdk.out/e2e/<name>`. The example itself keeps the RETAIN default; a DESTROY stack needs the policy on each
 * construct, because it travels to the handler as a property, not only as the CloudFormation DeletionPolicy.
 */
export function synthTopology(name: string, atlasBaseUrl: string, removal: 'RETAIN' | 'DESTROY'): string {
  const outdir = join(REPO, 'cdk.out', 'e2e', name);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, STACK, { env: { account: '123456789012', region: 'us-east-1' } });
  const removalPolicy = removal === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  const credentials = AtlasCredentials.fromApiKeySecret(
    secretsmanager.Secret.fromSecretCompleteArn(stack, 'AtlasApiKey', ATLAS_SECRET_ARN),
    { baseUrl: atlasBaseUrl },
  );
  const awsKey = new AwsKmsEncryptionKey(stack, 'AwsKey', { projectId: PROJECT_ID, credentials, removalPolicy });
  const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
    projectId: PROJECT_ID,
    credentials,
    awsKms: awsKey,
    removalPolicy,
    azureKeyVault: azureKeyVault(stack),
    rotationAlert: { threshold: Duration.days(395) },
  });
  new EncryptedCluster(stack, 'OrdersOnAws', {
    projectEncryption: encryption,
    clusterName: 'orders',
    encryptionProvider: EncryptionProvider.AWS,
    removalPolicy,
    regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
  });
  new EncryptedCluster(stack, 'CatalogOnAzure', {
    projectEncryption: encryption,
    clusterName: 'catalog',
    encryptionProvider: EncryptionProvider.AZURE,
    removalPolicy,
    regions: [{ cloud: CloudProvider.AZURE, regionName: 'US_EAST_2', instanceSize: 'M10' }],
  });
  app.synth();
  return outdir;
}

/** The stacks of the role-based stories: Atlas roles the library creates for Azure (secretless) and Google Cloud. */
export type RoleStack = 'azure' | 'gcp-account' | 'gcp' | 'azure+gcp';

/**
 * `azure`: Atlas's service principal role, authorized, the project encryption on its role id and a cluster on it.
 * `gcp-account`: the Atlas service account alone (the first deploy, whose output names it for the grant); `gcp`:
 * the same plus the project encryption on its role id (the second deploy, after the grant). `azure+gcp`: both roles
 * and one project encryption on both (the emulator models no grant, so one deploy suffices).
 */
export function synthRoleBased(
  name: string,
  atlasBaseUrl: string,
  which: RoleStack,
  removal: 'RETAIN' | 'DESTROY',
): string {
  const outdir = join(REPO, 'cdk.out', 'e2e', `${name}-${removal.toLowerCase()}`);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, STACK, { env: { account: '123456789012', region: 'us-east-1' } });
  const removalPolicy = removal === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  const credentials = AtlasCredentials.fromApiKeySecret(
    secretsmanager.Secret.fromSecretCompleteArn(stack, 'AtlasApiKey', ATLAS_SECRET_ARN),
    { baseUrl: atlasBaseUrl },
  );
  const base = { projectId: PROJECT_ID, credentials, removalPolicy };
  const withAzure = which === 'azure' || which === 'azure+gcp';
  const withGcp = which !== 'azure';
  const principal = withAzure
    ? new AtlasAzureServicePrincipal(stack, 'AtlasPrincipal', {
        ...base,
        servicePrincipalId: '12345678-90ab-4cde-8f01-234567890abc',
        tenantId: '11111111-2222-3333-4444-555555555555',
      })
    : undefined;
  const account = withGcp
    ? new AtlasGoogleCloudServiceAccount(stack, 'AtlasServiceAccount', {
        ...base,
        cryptoKey: 'projects/atlas-ear/locations/global/keyRings/atlas/cryptoKeys/atlas-ear',
      })
    : undefined;
  if (which === 'gcp-account') {
    app.synth();
    return outdir;
  }
  const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
    ...base,
    azureKeyVault: principal && {
      tenantId: '11111111-2222-3333-4444-555555555555',
      subscriptionId: '66666666-7777-8888-9999-000000000000',
      resourceGroupName: 'atlas-ear',
      keyVaultName: 'atlas-ear-vault',
      keyIdentifier: 'https://atlas-ear-vault.vault.azure.net/keys/atlas-ear',
      identity: AzureKeyVaultIdentity.fromAtlasServicePrincipal(principal),
    },
    googleCloudKms: account && {
      keyVersionResourceId:
        'projects/atlas-ear/locations/global/keyRings/atlas/cryptoKeys/atlas-ear/cryptoKeyVersions/1',
      identity: GoogleCloudKmsIdentity.fromAtlasServiceAccount(account),
    },
  });
  if (principal) {
    new EncryptedCluster(stack, 'CatalogOnAzure', {
      projectEncryption: encryption,
      clusterName: 'catalog',
      encryptionProvider: EncryptionProvider.AZURE,
      removalPolicy,
      regions: [{ cloud: CloudProvider.AZURE, regionName: 'US_EAST_2', instanceSize: 'M10' }],
    });
  }
  app.synth();
  return outdir;
}

/** What a private-networking stack holds: the provider, its clusters' regions and the extra endpoint regions. */
export interface PrivateNetworkingStack {
  /** The key provider that requires private networking. */
  readonly provider: 'AWS' | 'AZURE';
  /** One cluster per region (named after the region, e.g. `us-east-1`), on the provider's cloud. */
  readonly clusterRegions: readonly string[];
  /** `privateEndpointRegions`: endpoints for clusters managed elsewhere (or deployed later). */
  readonly endpointRegions?: readonly string[];
  readonly removal: 'RETAIN' | 'DESTROY';
}

/** The cluster name {@link synthPrivateNetworking} gives the cluster of a region. */
export const privateClusterName = (regionName: string): string => regionName.toLowerCase().replace(/_/g, '-');

/**
 * Synthesizes a private-networking stack into `cdk.out/e2e/<name>`: the AWS key (or the Azure Key Vault key, client
 * secret identity) with `requirePrivateNetworking`, the project encryption on it, and one cluster per region, every
 * construct with one removal policy. The project encryption derives one private endpoint per region.
 */
export function synthPrivateNetworking(name: string, atlasBaseUrl: string, s: PrivateNetworkingStack): string {
  const outdir = join(REPO, 'cdk.out', 'e2e', name);
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const stack = new Stack(app, STACK, { env: { account: '123456789012', region: 'us-east-1' } });
  const removalPolicy = s.removal === 'DESTROY' ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
  const credentials = AtlasCredentials.fromApiKeySecret(
    secretsmanager.Secret.fromSecretCompleteArn(stack, 'AtlasApiKey', ATLAS_SECRET_ARN),
    { baseUrl: atlasBaseUrl },
  );
  const networking = { requirePrivateNetworking: true, privateEndpointRegions: s.endpointRegions };
  const encryption = new AtlasProjectEncryption(stack, 'Encryption', {
    projectId: PROJECT_ID,
    credentials,
    removalPolicy,
    awsKms:
      s.provider === 'AWS'
        ? new AwsKmsEncryptionKey(stack, 'AwsKey', { projectId: PROJECT_ID, credentials, removalPolicy, ...networking })
        : undefined,
    azureKeyVault: s.provider === 'AZURE' ? { ...azureKeyVault(stack), ...networking } : undefined,
  });
  const cloud = s.provider === 'AWS' ? CloudProvider.AWS : CloudProvider.AZURE;
  for (const regionName of s.clusterRegions) {
    new EncryptedCluster(stack, privateClusterName(regionName), {
      projectEncryption: encryption,
      clusterName: privateClusterName(regionName),
      encryptionProvider: s.provider === 'AWS' ? EncryptionProvider.AWS : EncryptionProvider.AZURE,
      removalPolicy,
      regions: [{ cloud, regionName, instanceSize: 'M10' }],
    });
  }
  app.synth();
  return outdir;
}
