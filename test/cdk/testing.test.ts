/** The testing entry point users get: Spec reading and assertions on a Template, and the snapshot serializer. */
import { Template } from 'aws-cdk-lib/assertions';
import { format } from 'pretty-format';
import {
  CloudProvider,
  EncryptedCluster,
  EncryptedClusterProps,
  EncryptionProvider,
} from 'atlas-encryption-at-rest/cdk';
import {
  ASSET_HASH_PLACEHOLDER,
  AtlasResourceType,
  findSpecs,
  hasSpec,
  snapshotSerializer,
  specOf,
} from 'atlas-encryption-at-rest/cdk/testing';
import * as jestSerializer from 'atlas-encryption-at-rest/cdk/testing/jest-serializer';
import { awsAndAzure, newStack, PROJECT_ID } from './util';

function template(overrides: Partial<EncryptedClusterProps> = {}): Template {
  const stack = newStack();
  const { encryption } = awsAndAzure(stack);
  new EncryptedCluster(stack, 'Orders', {
    projectEncryption: encryption,
    clusterName: 'orders',
    encryptionProvider: EncryptionProvider.AWS,
    regions: [{ cloud: CloudProvider.AWS, regionName: 'US_EAST_1', instanceSize: 'M10' }],
    ...overrides,
  });
  return Template.fromStack(stack);
}

describe('specOf', () => {
  test('reads a Spec with token parts (Fn::Join) and shows each token as a placeholder', () => {
    const [project] = Object.values(template().findResources(AtlasResourceType.PROJECT_ENCRYPTION));
    expect(project.Properties.Spec['Fn::Join']).toBeDefined();
    const spec = specOf(project);
    expect(spec.projectId).toBe(PROJECT_ID);
    expect(spec.aws.customerMasterKeyId).toMatch(/^<AwsKey[0-9A-F]+\.Arn>$/);
  });

  test('a token outside a JSON string becomes a string placeholder', () => {
    const spec = specOf({ Properties: { Spec: { 'Fn::Join': ['', ['{"n":', { Ref: 'Count' }, '}']] } } });
    expect(spec).toEqual({ n: '<Ref:Count>' });
  });

  test('a resource that is not one of the library refuses with what it got', () => {
    expect(() => specOf({ Properties: { BucketName: 'b' } })).toThrow(
      /specOf: not a resource of atlas-encryption-at-rest \(got Spec undefined/,
    );
  });
});

describe('hasSpec and findSpecs', () => {
  const t = template();

  test('hasSpec matches a partial Spec, as hasResourceProperties does for properties', () => {
    expect(() =>
      hasSpec(t, AtlasResourceType.ENCRYPTED_CLUSTER, { name: 'orders', encryptionProvider: 'AWS' }),
    ).not.toThrow();
  });

  test('hasSpec fails with the mismatch', () => {
    expect(() => hasSpec(t, AtlasResourceType.ENCRYPTED_CLUSTER, { name: 'payments' })).toThrow(
      /no Custom::AtlasEncryptedCluster has a Spec matching[\s\S]*payments/,
    );
    expect(() => hasSpec(t, 'Custom::Nothing', {})).toThrow(/no resource of type Custom::Nothing/);
  });

  test('findSpecs returns the Specs by logical id, filtered by a partial Spec', () => {
    const all = findSpecs(t, AtlasResourceType.ENCRYPTED_CLUSTER);
    expect(Object.values(all).map((s) => s.name)).toEqual(['orders']);
    expect(findSpecs(t, AtlasResourceType.ENCRYPTED_CLUSTER, { name: 'payments' })).toEqual({});
  });
});

describe('snapshotSerializer', () => {
  const print = (value: unknown) => format(value, { plugins: [snapshotSerializer], printBasicPrototype: false });

  test('a one-setting change is a one-line diff, and asset hashes are replaced', () => {
    const before = print(template().toJSON()).split('\n');
    const after = print(template({ encryptionProvider: EncryptionProvider.AZURE }).toJSON()).split('\n');
    expect(before.join('\n')).toContain(ASSET_HASH_PLACEHOLDER);
    expect(before.join('\n')).not.toMatch(/[0-9a-f]{64}/);
    expect(before.join('\n')).toContain('"Spec": JsonSpec {');
    expect(after).toHaveLength(before.length);
    expect(after.filter((line, i) => line !== before[i]).map((l) => l.trim())).toEqual([
      '"encryptionProvider": "AZURE",',
    ]);
  });

  test('the jest-serializer module is the plugin itself, as jest snapshotSerializers needs', () => {
    expect(typeof jestSerializer.test).toBe('function');
    expect(typeof jestSerializer.serialize).toBe('function');
    expect(jestSerializer.test({ ServiceToken: 'x', Spec: '{"a":1}' })).toBe(true);
    expect(jestSerializer.test({ Spec: '{"a":1}' })).toBe(false);
  });
});
