import {
  AwsKmsKeyConfig,
  AzureKeyVaultKeyConfig,
  errorsOf,
  GoogleCloudKmsKeyConfig,
  ProjectEncryptionSpec,
  RuleReporter,
  Severity,
  validateProjectEncryption,
  validateProjectIds,
} from '../../lib/core';
import { checkOneConstructPerCluster, checkSameProject } from '../../lib/core/rules/project-wiring';
import { AZURE_KEY, KEY_ARN, KEY_ID, NOW, validProject } from '../support/core-fixtures';

const PROJECT_B = '5f1a2b3c4d5e6f7a8b9c0d1e';

interface Case {
  readonly name: string;
  readonly project: (base: ProjectEncryptionSpec) => ProjectEncryptionSpec;
  readonly expect?: { readonly ruleId: string; readonly severity?: Severity; readonly contains: string };
}

const withAws = (aws: Partial<AwsKmsKeyConfig>) => (b: ProjectEncryptionSpec) => ({ ...b, aws: { ...b.aws!, ...aws } });
const withAzure = (azure: Partial<AzureKeyVaultKeyConfig>) => (b: ProjectEncryptionSpec) => ({
  ...b,
  azure: { ...b.azure!, ...azure },
});
const withGcp = (gcp: Partial<GoogleCloudKmsKeyConfig>) => (b: ProjectEncryptionSpec) => ({
  ...b,
  gcp: { ...b.gcp!, ...gcp },
});

const cases: Case[] = [
  { name: 'the fixture passes', project: (b) => b },
  // SYN-PROJ-4 / SYN-PROJ-2
  {
    name: 'bad project id fails',
    project: (b) => ({ ...b, projectId: 'my-project' }),
    expect: { ruleId: 'SYN-PROJ-4', contains: '24 hexadecimal digits' },
  },
  {
    name: 'no provider fails',
    project: (b) => ({ projectId: b.projectId }),
    expect: { ruleId: 'SYN-PROJ-2', contains: 'no key provider' },
  },
  // SYN-AWS-1
  { name: 'AWS form region passes', project: withAws({ region: 'eu-west-1' }) },
  { name: 'Atlas form region passes', project: withAws({ region: 'EU_WEST_1' }) },
  {
    name: 'unknown region fails',
    project: withAws({ region: 'eu-west-9' }),
    expect: { ruleId: 'SYN-AWS-1', contains: 'not an AWS KMS region' },
  },
  { name: 'GLOBAL fails', project: withAws({ region: 'GLOBAL' }), expect: { ruleId: 'SYN-AWS-1', contains: 'GLOBAL' } },
  {
    name: 'region not matching the ARN fails',
    project: withAws({ region: 'us-east-1' }),
    expect: { ruleId: 'SYN-AWS-1', contains: 'the key ARN is in eu-west-1' },
  },
  // SYN-AWS-2
  { name: 'key id passes', project: withAws({ customerMasterKeyId: KEY_ID }) },
  {
    name: 'multi-Region key id passes',
    project: withAws({ customerMasterKeyId: 'mrk-0123456789abcdef0123456789abcdef' }),
  },
  {
    name: 'alias fails',
    project: withAws({ customerMasterKeyId: 'alias/atlas' }),
    expect: { ruleId: 'SYN-AWS-2', contains: 'aliases are not accepted' },
  },
  {
    name: 'alias ARN fails',
    project: withAws({ customerMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:alias/atlas' }),
    expect: { ruleId: 'SYN-AWS-2', contains: 'aliases' },
  },
  {
    name: 'garbage key fails',
    project: withAws({ customerMasterKeyId: 'my-key' }),
    expect: { ruleId: 'SYN-AWS-2', contains: 'not a KMS key id or key ARN' },
  },
  {
    name: 'ARN with a bad key id fails',
    project: withAws({ customerMasterKeyId: 'arn:aws:kms:eu-west-1:111122223333:key/nope' }),
    expect: { ruleId: 'SYN-AWS-2', contains: 'does not end in a KMS key id' },
  },
  {
    name: 'cross-account key id fails',
    project: withAws({ customerMasterKeyId: KEY_ID, keyAccountId: '111122223333', roleAccountId: '444455556666' }),
    expect: { ruleId: 'SYN-AWS-2', contains: 'must be given as its full ARN' },
  },
  {
    name: 'cross-account ARN passes',
    project: withAws({ customerMasterKeyId: KEY_ARN, roleAccountId: '444455556666' }),
  },
  {
    name: 'partition mismatch fails',
    project: withAws({
      customerMasterKeyId: `arn:aws:kms:us-gov-west-1:111122223333:key/${KEY_ID}`,
      region: 'us-gov-west-1',
    }),
    expect: { ruleId: 'SYN-AWS-2', contains: 'partition aws does not fit' },
  },
  {
    name: 'GovCloud ARN passes',
    project: withAws({
      customerMasterKeyId: `arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/${KEY_ID}`,
      region: 'US_GOV_WEST_1',
    }),
  },
  // SYN-AWS-3
  { name: 'Atlas role id passes', project: withAws({ roleId: '65f0c0ffee0123456789abcd' }) },
  {
    name: 'IAM ARN as role id fails',
    project: withAws({ roleId: 'arn:aws:iam::111122223333:role/atlas' }),
    expect: { ruleId: 'SYN-AWS-3', contains: 'not the IAM role ARN' },
  },
  {
    name: 'access keys fail without echoing the secret',
    project: (b) => ({ ...b, aws: { ...b.aws!, secretAccessKey: 'TOPSECRETVALUE' } as AwsKmsKeyConfig }),
    expect: { ruleId: 'SYN-AWS-3', contains: '(redacted)' },
  },
  // SYN-AWS-4
  {
    name: 'asymmetric key fails',
    project: withAws({ keySpec: 'RSA_2048' }),
    expect: { ruleId: 'SYN-AWS-4', contains: 'symmetric' },
  },
  {
    name: 'signing key fails',
    project: withAws({ keyUsage: 'SIGN_VERIFY' }),
    expect: { ruleId: 'SYN-AWS-4', contains: 'ENCRYPT_DECRYPT' },
  },
  // SYN-AZ-1
  {
    name: 'a versionless key URL passes (Atlas resolves it to the latest enabled version)',
    project: withAzure({ keyIdentifier: 'https://kv-atlas1.vault.azure.net/keys/atlas-key' }),
  },
  {
    name: 'a malformed key version fails',
    project: withAzure({ keyIdentifier: 'https://kv-atlas1.vault.azure.net/keys/atlas-key/v2' }),
    expect: { ruleId: 'SYN-AZ-1', contains: 'not 32 hexadecimal digits' },
  },
  {
    name: 'ARM resource id fails',
    project: withAzure({
      keyIdentifier: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/keys/k',
    }),
    expect: { ruleId: 'SYN-AZ-1', contains: 'not a Key Vault key URL' },
  },
  {
    name: 'other vault fails',
    project: withAzure({ keyIdentifier: AZURE_KEY.replace('kv-atlas1', 'kv-other') }),
    expect: { ruleId: 'SYN-AZ-1', contains: 'not in keyVaultName' },
  },
  {
    name: 'China host with public environment fails',
    project: withAzure({ keyIdentifier: AZURE_KEY.replace('vault.azure.net', 'vault.azure.cn') }),
    expect: { ruleId: 'SYN-AZ-1', contains: 'does not fit azureEnvironment' },
  },
  {
    name: 'China host with China environment passes',
    project: withAzure({
      azureEnvironment: 'AZURE_CHINA',
      keyIdentifier: AZURE_KEY.replace('vault.azure.net', 'vault.azure.cn'),
    }),
  },
  {
    name: 'US Gov host passes',
    project: withAzure({
      azureEnvironment: 'AZURE_US_GOVERNMENT',
      keyIdentifier: AZURE_KEY.replace('vault.azure.net', 'vault.usgovcloudapi.net'),
    }),
  },
  {
    name: 'Managed HSM fails',
    project: withAzure({
      keyIdentifier: 'https://kv-atlas1.managedhsm.azure.net/keys/atlas-key/0123456789abcdef0123456789abcdef',
    }),
    expect: { ruleId: 'SYN-AZ-1', contains: 'Managed HSM' },
  },
  {
    name: 'short version fails',
    project: withAzure({ keyIdentifier: 'https://kv-atlas1.vault.azure.net/keys/atlas-key/abc' }),
    expect: { ruleId: 'SYN-AZ-1', contains: '32 hexadecimal' },
  },
  {
    name: 'http URL fails',
    project: withAzure({ keyIdentifier: AZURE_KEY.replace('https', 'http') }),
    expect: { ruleId: 'SYN-AZ-1', contains: 'not a Key Vault key URL' },
  },
  // SYN-AZ-2
  {
    name: 'unknown environment fails',
    project: withAzure({ azureEnvironment: 'AZURE_GERMANY' }),
    expect: { ruleId: 'SYN-AZ-2', contains: 'AZURE, AZURE_CHINA, AZURE_US_GOVERNMENT' },
  },
  {
    name: 'bad tenant fails',
    project: withAzure({ tenantId: 'contoso' }),
    expect: { ruleId: 'SYN-AZ-2', contains: 'tenantId' },
  },
  {
    name: 'bad subscription fails',
    project: withAzure({ subscriptionId: '123' }),
    expect: { ruleId: 'SYN-AZ-2', contains: 'subscriptionId' },
  },
  {
    name: 'short vault name fails',
    project: withAzure({ keyVaultName: 'kv' }),
    expect: { ruleId: 'SYN-AZ-2', contains: '3-24' },
  },
  {
    name: 'empty resource group fails',
    project: withAzure({ resourceGroupName: ' ' }),
    expect: { ruleId: 'SYN-AZ-2', contains: 'resource group' },
  },
  {
    name: 'bad client id fails',
    project: withAzure({ clientId: 'app' }),
    expect: { ruleId: 'SYN-AZ-2', contains: 'clientId' },
  },
  // SYN-AZ-3
  {
    name: 'secretless role passes',
    project: withAzure({ clientId: undefined, hasClientSecret: undefined, roleId: 'bbbbbbbbbbbbbbbbbbbbbbbb' }),
  },
  {
    name: 'both identities fail',
    project: withAzure({ roleId: 'bbbbbbbbbbbbbbbbbbbbbbbb' }),
    expect: { ruleId: 'SYN-AZ-3', contains: 'both a secretless role id' },
  },
  {
    name: 'no identity fails',
    project: withAzure({ clientId: undefined, hasClientSecret: undefined }),
    expect: { ruleId: 'SYN-AZ-3', contains: 'no identity' },
  },
  {
    name: 'client id without secret fails',
    project: withAzure({ hasClientSecret: false }),
    expect: { ruleId: 'SYN-AZ-3', contains: 'needs a client secret' },
  },
  {
    name: 'unknown expiry warns',
    project: withAzure({ clientSecretExpiresAt: undefined }),
    expect: { ruleId: 'SYN-AZ-4', severity: Severity.WARNING, contains: 'expiry is unknown' },
  },
  {
    name: 'expired secret fails',
    project: withAzure({ clientSecretExpiresAt: '2026-01-01T00:00:00Z' }),
    expect: { ruleId: 'SYN-AZ-3', contains: 'has expired' },
  },
  {
    name: 'three-year secret fails',
    project: withAzure({ clientSecretExpiresAt: '2029-11-28T00:00:00Z' }),
    expect: { ruleId: 'SYN-AZ-3', contains: 'two years' },
  },
  // SYN-GCP-1 / SYN-GCP-2 / SYN-GCP-3
  {
    name: 'crypto key instead of version fails',
    project: withGcp({ keyVersionResourceId: 'projects/p1/locations/us-east4/keyRings/ring/cryptoKeys/key' }),
    expect: { ruleId: 'SYN-GCP-1', contains: 'not a key version' },
  },
  {
    name: 'version 0 fails',
    project: withGcp({
      keyVersionResourceId: 'projects/p1/locations/us-east4/keyRings/ring/cryptoKeys/key/cryptoKeyVersions/0',
    }),
    expect: { ruleId: 'SYN-GCP-1', contains: 'CryptoKeyVersion' },
  },
  { name: 'service-account key passes', project: withGcp({ roleId: undefined, hasServiceAccountKey: true }) },
  {
    name: 'both GCP identities fail',
    project: withGcp({ hasServiceAccountKey: true }),
    expect: { ruleId: 'SYN-GCP-2', contains: 'both' },
  },
  {
    name: 'no GCP identity fails',
    project: withGcp({ roleId: undefined }),
    expect: { ruleId: 'SYN-GCP-2', contains: 'no identity' },
  },
  {
    name: 'bad GCP role id fails',
    project: withGcp({ roleId: 'sa@p.iam.gserviceaccount.com' }),
    expect: { ruleId: 'SYN-GCP-2', contains: '24 hexadecimal' },
  },
  {
    name: 'GCP private networking fails',
    project: withGcp({ requirePrivateNetworking: true }),
    expect: { ruleId: 'SYN-GCP-3', contains: 'no private-networking option' },
  },
  {
    name: 'GCP private endpoint regions fail',
    project: withGcp({ privateEndpointRegions: ['CENTRAL_US'] }),
    expect: { ruleId: 'SYN-GCP-3', contains: 'no private endpoints' },
  },
  // SYN-PN-1 / SYN-PN-4 (more in private-networking.test.ts)
  {
    name: 'AWS private networking with endpoint regions passes',
    project: withAws({ requirePrivateNetworking: true, privateEndpointRegions: ['US_EAST_1', 'EU_WEST_1'] }),
  },
  {
    name: 'endpoint regions without private networking fail',
    project: withAws({ privateEndpointRegions: ['US_EAST_1'] }),
    expect: { ruleId: 'SYN-PN-1', contains: 'only when Atlas is told to reach the key over private networking' },
  },
  {
    name: 'an AWS endpoint region for the Azure key fails',
    project: withAzure({ requirePrivateNetworking: true, privateEndpointRegions: ['US_EAST_1'] }),
    expect: { ruleId: 'SYN-PN-4', contains: 'not an Atlas AZURE region name' },
  },
  // SYN-ALERT-1
  {
    name: 'threshold above the rotation period passes',
    project: (b) => withAws({ rotationPeriodDays: 365 })({ ...b, rotationAlertThresholdDays: 400 }),
  },
  {
    name: 'threshold at the rotation period warns',
    project: (b) => withAws({ rotationPeriodDays: 365 })({ ...b, rotationAlertThresholdDays: 365 }),
    expect: { ruleId: 'SYN-ALERT-1', severity: Severity.WARNING, contains: 'rotates every 365 days' },
  },
  {
    name: 'non-integer threshold fails',
    project: (b) => ({ ...b, rotationAlertThresholdDays: 1.5 }),
    expect: { ruleId: 'SYN-ALERT-2', contains: 'whole number' },
  },
];

describe('project rules', () => {
  test.each(cases)('$name', ({ project, expect: expected }) => {
    const result = validateProjectEncryption(project(validProject()), { now: NOW });
    if (!expected) {
      expect(errorsOf(result)).toEqual([]);
      return;
    }
    const match = result.violations.find((v) => v.ruleId === expected.ruleId && v.message.includes(expected.contains));
    expect(match).toBeDefined();
    expect(match!.severity).toBe(expected.severity ?? Severity.ERROR);
    expect(match!.message).toMatch(new RegExp(`^\\[${expected.ruleId}\\] project encryption`));
    expect(match!.allowed.length).toBeGreaterThan(0);
  });

  test('no message echoes a secret value', () => {
    const result = validateProjectEncryption(
      { ...validProject(), aws: { ...validProject().aws!, secretAccessKey: 'TOPSECRETVALUE' } as AwsKmsKeyConfig },
      { now: NOW },
    );
    expect(JSON.stringify(result)).not.toContain('TOPSECRETVALUE');
  });
});

describe('SYN-PROJ-2 across an app', () => {
  test('two encryptions of one project fail', () => {
    const result = validateProjectIds(['5f1a2b3c4d5e6f7a8b9c0d1e', '5f1a2b3c4d5e6f7a8b9c0d1e']);
    expect(errorsOf(result)[0].message).toContain('[SYN-PROJ-2]');
  });
  test('distinct projects pass', () => {
    expect(validateProjectIds(['5f1a2b3c4d5e6f7a8b9c0d1e', '5f1a2b3c4d5e6f7a8b9c0d1f']).violations).toEqual([]);
  });
});

describe('SYN-PROJ-3 key construct for the same project', () => {
  test.each([
    ['same id passes', PROJECT_B, PROJECT_B, undefined],
    ['same token passes', '${Token[TOKEN.1]}', '${Token[TOKEN.1]}', undefined],
    [
      'another project fails',
      PROJECT_B,
      '0123456789abcdef01234567',
      { ruleId: 'SYN-PROJ-3', contains: 'another Atlas project' },
    ],
    [
      'another token fails',
      '${Token[TOKEN.1]}',
      '${Token[TOKEN.2]}',
      { ruleId: 'SYN-PROJ-3', contains: 'another Atlas project' },
    ],
  ])('%s', (_name, projectId, keyProjectId, expected) => {
    const r = new RuleReporter();
    checkSameProject(projectId, 'awsKms', keyProjectId, 'Stack/AwsKey', r);
    const errors = errorsOf(r.result());
    if (!expected) return expect(errors).toEqual([]);
    expect(errors[0]).toMatchObject({ ruleId: expected.ruleId, prop: 'awsKms' });
    expect(errors[0].message).toContain(expected.contains);
  });
});

describe('SYN-PROJ-5 one construct per Atlas cluster', () => {
  test('a second claim fails, naming the other construct; a single one passes', () => {
    const r = new RuleReporter();
    checkOneConstructPerCluster('orders', PROJECT_B, [], r);
    expect(errorsOf(r.result())).toEqual([]);
    checkOneConstructPerCluster('orders', PROJECT_B, ['App/Stack/Orders'], r);
    expect(errorsOf(r.result())).toEqual([
      expect.objectContaining({
        ruleId: 'SYN-PROJ-5',
        prop: 'clusterName',
        message: expect.stringContaining('App/Stack/Orders'),
      }),
    ]);
  });
});
