import { errorsOf, RuleReporter, Severity, validateKeyAlias, validateWaitTimeout } from '../../lib/core';
import { checkBaseUrl, checkOneOf, checkSafetyDefault, checkWholeUnits } from '../../lib/core/rules/engine-settings';

describe('SYN-AWS-5 key alias', () => {
  test.each([
    ['alias/atlas-ear/orders', undefined],
    [undefined, undefined],
    ['${Token[ALIAS.1]}', undefined],
    ['alias/aws/ebs', { ruleId: 'SYN-AWS-5', contains: 'reserved for AWS managed keys' }],
    ['', { ruleId: 'SYN-AWS-5', contains: 'not a KMS alias name' }],
    ['alias/', { ruleId: 'SYN-AWS-5', contains: 'not a KMS alias name' }],
    ['atlas', { ruleId: 'SYN-AWS-5', contains: 'alias/<name>' }],
    ['alias/has space', { ruleId: 'SYN-AWS-5', contains: 'not a KMS alias name' }],
  ])('%j', (alias, expected) => {
    const errors = errorsOf(validateKeyAlias(alias));
    if (!expected) return expect(errors).toEqual([]);
    expect(errors[0].ruleId).toBe(expected.ruleId);
    expect(errors[0].message).toContain(expected.contains);
  });
});

describe('SYN-WAIT-1 wait timeout', () => {
  test.each([
    [60, undefined],
    [3300, undefined],
    [undefined, undefined],
    [4980, { ruleId: 'SYN-WAIT-1', contains: '1 to 3300 seconds' }],
    [0, { ruleId: 'SYN-WAIT-1', contains: "engine's limit of 3300 s" }],
    [Number.NaN, { ruleId: 'SYN-WAIT-1', contains: 'timeout' }],
  ])('%j s', (seconds, expected) => {
    const errors = errorsOf(validateWaitTimeout('cluster "orders"', seconds, 3300));
    if (!expected) return expect(errors).toEqual([]);
    expect(errors[0].ruleId).toBe(expected.ruleId);
    expect(errors[0].message).toContain(expected.contains);
  });
});

describe('SYN-KEEP-2 safety default turned off', () => {
  test('is a warning naming the prop and the consequence', () => {
    const r = new RuleReporter();
    checkSafetyDefault('cluster "orders"', 'removalPolicy', 'DESTROY', 'a stack delete terminates the cluster', r);
    const [v] = r.result().violations;
    expect(v).toMatchObject({ ruleId: 'SYN-KEEP-2', severity: Severity.WARNING, prop: 'removalPolicy' });
    expect(v.message).toContain('a stack delete terminates the cluster');
  });
});

describe('SYN-INPUT-1 values the library cannot represent', () => {
  const run = (fn: (r: RuleReporter) => void) => {
    const r = new RuleReporter();
    fn(r);
    return errorsOf(r.result());
  };
  test.each([
    [
      'a removal policy with no meaning here',
      (r: RuleReporter) =>
        checkOneOf('cluster "orders"', 'removalPolicy', 'snapshot', ['retain', 'destroy'], 'no meaning', r),
      { ruleId: 'SYN-INPUT-1', contains: 'retain, destroy' },
    ],
    [
      'a known one passes',
      (r: RuleReporter) =>
        checkOneOf('cluster "orders"', 'removalPolicy', 'retain', ['retain', 'destroy'], 'no meaning', r),
      undefined,
    ],
    [
      'a duration that is not whole units',
      (r: RuleReporter) =>
        void checkWholeUnits(
          'project encryption',
          'rotationAlert.threshold',
          () => {
            throw new Error('not whole');
          },
          'days',
          r,
        ),
      { ruleId: 'SYN-INPUT-1', contains: 'whole days' },
    ],
    [
      'an http base URL off loopback',
      (r: RuleReporter) => checkBaseUrl('Atlas credentials', 'http://cloud.mongodb.com', r),
      { ruleId: 'SYN-INPUT-1', contains: 'must be https' },
    ],
    [
      'an https base URL passes',
      (r: RuleReporter) => checkBaseUrl('Atlas credentials', 'https://cloud.mongodbgov.com', r),
      undefined,
    ],
    [
      'a loopback emulator passes',
      (r: RuleReporter) => checkBaseUrl('Atlas credentials', 'http://127.0.0.1:8080', r),
      undefined,
    ],
  ])('%s', (_name, fn, expected) => {
    const errors = run(fn);
    if (!expected) return expect(errors).toEqual([]);
    expect(errors[0].ruleId).toBe(expected.ruleId);
    expect(errors[0].message).toContain(expected.contains);
  });
});
