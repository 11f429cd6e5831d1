/** SYN-GCP-1 on the ids a Cloud KMS key is made from (engine-neutral: both engines' key constructs call it). */
import { RuleReporter } from '../../lib/core';
import { checkGcpKmsIds, GcpKmsIdKind } from '../../lib/core/rules/google-cloud-kms';

function check(kind: GcpKmsIdKind, value: unknown) {
  const r = new RuleReporter();
  checkGcpKmsIds('key', [{ prop: 'p', kind, value }], r);
  return r.result();
}

describe('checkGcpKmsIds (SYN-GCP-1)', () => {
  test.each<[GcpKmsIdKind, string]>([
    ['project', 'acme-keys'],
    ['project', 'example.com:acme-keys'],
    ['project', 'a1b2c3'],
    ['location', 'global'],
    ['location', 'us-east1'],
    ['location', 'nam-eur-asia1'],
    ['keyRingName', 'A_b-9'],
    ['keyRingName', 'r'.repeat(63)],
    ['cryptoKeyName', 'atlas-encryption-at-rest'],
    ['cryptoKeyId', 'projects/p/locations/us/keyRings/r/cryptoKeys/k'],
  ])('accepts %s %p', (kind, value) => {
    expect(check(kind, value).violations).toEqual([]);
  });

  test.each<[GcpKmsIdKind, unknown, string]>([
    ['project', 'acme', 'not a Google Cloud project id'],
    ['project', '1acme-keys', 'not a Google Cloud project id'],
    ['project', 'acme-keys-', 'not a Google Cloud project id'],
    ['project', 'a'.repeat(31), 'not a Google Cloud project id'],
    ['location', 'us-east1-', 'not a Cloud KMS location'],
    ['location', 'US', 'not a Cloud KMS location'],
    ['keyRingName', '', 'not a key ring name'],
    ['keyRingName', 'r'.repeat(64), 'not a key ring name'],
    ['cryptoKeyName', 'a.b', 'not a crypto key name'],
    ['cryptoKeyId', 'projects/p/locations/us/keyRings/r/cryptoKeys/k/cryptoKeyVersions/3', 'this is a key version'],
    ['cryptoKeyId', 42, 'not a crypto key id'],
  ])('rejects %s %p', (kind, value, problem) => {
    const { violations } = check(kind, value);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ ruleId: 'SYN-GCP-1', severity: 'error', prop: 'p', value });
    expect(violations[0].message).toContain(problem);
  });

  test('an unresolved token is deferred, and an absent part is not checked', () => {
    const { violations, deferred } = check('location', '${TfToken[TOKEN.1]}');
    expect(violations).toEqual([]);
    expect(deferred).toEqual([expect.objectContaining({ ruleId: 'SYN-GCP-1', prop: 'p' })]);
    expect(check('project', undefined)).toEqual({ violations: [], deferred: [] });
  });
});
