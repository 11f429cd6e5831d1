/**
 * Property-based: any generated input either passes or yields violations that each carry a rule id
 * from the catalogue and a non-empty message; validation never throws.
 */
import fc from 'fast-check';
import {
  ClusterSpec,
  ProjectEncryptionSpec,
  RULE_CATALOGUE,
  validateCluster,
  validateProjectEncryption,
} from '../../lib/core';
import { AZURE_KEY, GCP_KEY, KEY_ARN, KEY_ID, PROJECT_ID } from '../support/core-fixtures';

const ids = new Set<string>(RULE_CATALOGUE.map((r) => r.id));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const str = (...samples: string[]) => fc.oneof(fc.constantFrom(...samples), fc.string(), fc.constant('${Token[X.1]}'));
const anything = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));

const region = fc.record({
  cloud: str('AWS', 'AZURE', 'GCP', 'OCI'),
  regionName: str('US_EAST_1', 'EUROPE_WEST', 'CENTRAL_US', 'us-east-1', 'GLOBAL'),
  instanceSize: str('M10', 'M0', 'R40', 'M40_NVME', 'FLEX', 'M90'),
  readOnlyInstanceSize: maybe(str('M10', 'M5')),
  analyticsInstanceSize: maybe(str('M20', 'M2')),
  autoScalingMinInstanceSize: maybe(str('M10', 'M0')),
});

const cluster: fc.Arbitrary<ClusterSpec> = fc.record({
  name: fc.string(),
  clusterType: maybe(str('REPLICASET', 'SHARDED', 'GEOSHARDED')),
  regions: fc.array(region, { maxLength: 4 }),
  encryptionProvider: str('AWS', 'AZURE', 'GCP', 'NONE'),
  backupEnabled: maybe(fc.boolean()),
  pitEnabled: maybe(fc.boolean()),
  legacyContinuousBackup: maybe(fc.boolean()),
});

const project: fc.Arbitrary<ProjectEncryptionSpec> = fc.record({
  projectId: str(PROJECT_ID),
  aws: maybe(
    fc.record({
      customerMasterKeyId: str(KEY_ID, KEY_ARN, 'alias/x'),
      region: str('eu-west-1', 'US_EAST_1', 'GLOBAL'),
      roleAccountId: maybe(str('111122223333')),
      keyAccountId: maybe(str('444455556666')),
      roleId: maybe(str('65f0c0ffee0123456789abcd')),
      keySpec: maybe(str('SYMMETRIC_DEFAULT', 'RSA_2048')),
      requirePrivateNetworking: maybe(fc.boolean()),
      rotationPeriodDays: maybe(fc.integer({ min: 1, max: 3000 })),
    }),
  ),
  azure: maybe(
    fc.record({
      azureEnvironment: str('AZURE', 'AZURE_CHINA'),
      tenantId: str('00000000-0000-0000-0000-000000000001'),
      subscriptionId: str('00000000-0000-0000-0000-000000000002'),
      resourceGroupName: str('rg'),
      keyVaultName: str('kv-atlas1'),
      keyIdentifier: str(AZURE_KEY),
      clientId: maybe(str('00000000-0000-0000-0000-000000000003')),
      hasClientSecret: maybe(fc.boolean()),
      clientSecretExpiresAt: maybe(str('2027-01-01', 'not a date')),
      roleId: maybe(str('bbbbbbbbbbbbbbbbbbbbbbbb')),
    }),
  ),
  gcp: maybe(
    fc.record({
      keyVersionResourceId: str(GCP_KEY),
      roleId: maybe(str('aaaaaaaaaaaaaaaaaaaaaaaa')),
      hasServiceAccountKey: maybe(fc.boolean()),
      requirePrivateNetworking: maybe(fc.boolean()),
    }),
  ),
  allowShardedClusters: maybe(fc.boolean()),
  allowGcpClusters: maybe(fc.boolean()),
  rotationAlertThresholdDays: maybe(fc.oneof(fc.integer(), fc.double())),
});

describe('rules never throw and always explain', () => {
  test('projects', () => {
    fc.assert(
      fc.property(project, (p) => {
        const result = validateProjectEncryption(p, { now: new Date('2026-11-28T00:00:00Z') });
        for (const v of result.violations) {
          expect(ids.has(v.ruleId)).toBe(true);
          expect(v.message.length).toBeGreaterThan(10);
          expect(v.message.startsWith(`[${v.ruleId}]`)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('clusters', () => {
    fc.assert(
      fc.property(cluster, project, (c, p) => {
        const result = validateCluster(c, p);
        for (const v of result.violations) {
          expect(ids.has(v.ruleId)).toBe(true);
          expect(v.allowed.length).toBeGreaterThan(0);
          expect(v.message.startsWith(`[${v.ruleId}]`)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('arbitrary junk in any field does not throw', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('name', 'clusterType', 'regions', 'encryptionProvider', 'backupEnabled', 'pitEnabled'),
          anything,
        ),
        (junk) => {
          validateCluster(junk as unknown as ClusterSpec, undefined);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('untyped callers', () => {
  const fields = [
    'customerMasterKeyId',
    'region',
    'roleAccountId',
    'keyAccountId',
    'roleId',
    'keySpec',
    'keyUsage',
    'requirePrivateNetworking',
    'rotationPeriodDays',
    'azureEnvironment',
    'tenantId',
    'subscriptionId',
    'resourceGroupName',
    'keyVaultName',
    'keyIdentifier',
    'clientId',
    'hasClientSecret',
    'clientSecretExpiresAt',
    'keyVersionResourceId',
    'hasServiceAccountKey',
    'accessKeyID',
    'secretAccessKey',
  ];
  const junkRecord = fc.dictionary(fc.constantFrom(...fields), anything);
  test('junk key configurations do not throw', () => {
    fc.assert(
      fc.property(
        fc.record({
          projectId: anything,
          aws: fc.option(junkRecord, { nil: undefined }),
          azure: fc.option(junkRecord, { nil: undefined }),
          gcp: fc.option(junkRecord, { nil: undefined }),
          rotationAlertThresholdDays: anything,
        }),
        (junk) => {
          validateProjectEncryption(junk as unknown as ProjectEncryptionSpec);
        },
      ),
      { numRuns: 300 },
    );
  });
});
